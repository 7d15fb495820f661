// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "redisadapter.h"
#include "redisadapter_p.h"

#include "clustermessages_p.h"
#include "msgpackcodec_p.h"
#include "redisconnection_p.h"
#include "redislogging_p.h"

#include <SocketIo/namespace.h>
#include <SocketIo/socket.h>

#include <QtCore/QDateTime>
#include <QtCore/QTimer>

namespace SocketIo {

using namespace Redis;

/*!
    \class SocketIo::RedisAdapter
    \inmodule SocketIo
    \brief Joins the namespace to a cluster of Socket.IO servers through Redis.

    It speaks the protocol of Node's \c @socket.io/redis-adapter 8 (the classic \c createAdapter()
    with PUBLISH and PSUBSCRIBE), so our servers and Node's share one cluster: a broadcast, a room
    operation, fetchSockets() or serverSideEmit() on any server reaches the sockets of all. Local
    delivery never waits for Redis; while Redis is unreachable, what goes to the others waits in a
    bounded queue (droppedCommands() counts what did not fit) and requests time out after
    RedisAdapterOptions::requestsTimeout().

    \code
    SocketIo::RedisAdapterOptions redis;
    redis.setPort(6379);
    SocketIo::ServerOptions options;
    options.setAdapterFactory(SocketIo::redisAdapter(redis));
    SocketIo::Server io(options);
    \endcode
*/
AdapterFactory redisAdapter(const RedisAdapterOptions &options)
{
    // The link is made with the first adapter, in that adapter's thread; all share it.
    auto shared = std::make_shared<std::weak_ptr<RedisLink>>();
    return [options, shared](Namespace *nsp) -> Adapter * {
        std::shared_ptr<RedisLink> link = shared->lock();
        if (!link) {
            link = std::shared_ptr<RedisLink>(new RedisLink(options), [](RedisLink *l) { l->deleteLater(); });
            *shared = link;
        }
        return RedisAdapterPrivate::create(nsp, link);
    };
}

RedisAdapter *RedisAdapterPrivate::create(Namespace *nsp, std::shared_ptr<RedisLink> link)
{
    auto d = std::make_unique<RedisAdapterPrivate>();
    d->link = std::move(link);
    d->uid = uid2(6);
    const QByteArray prefix = d->link->options.key().toUtf8();
    const QByteArray name = nsp->name().toUtf8();
    d->channel = prefix + '#' + name + '#';
    d->requestChannel = prefix + "-request#" + name + '#';
    d->responseChannel = prefix + "-response#" + name + '#';
    d->specificResponseChannel = d->responseChannel + d->uid.toLatin1() + '#';
    return new RedisAdapter(nsp, std::move(d));
}

RedisAdapter::RedisAdapter(Namespace *nsp, std::unique_ptr<RedisAdapterPrivate> d)
    : InMemoryAdapter(nsp), d_ptr(std::move(d))
{
    d_ptr->q_ptr = this;
    connect(d_ptr->link.get(), &RedisLink::connectedChanged, this, &RedisAdapter::connectedChanged);
}

RedisAdapter::~RedisAdapter()
{
    Q_D(RedisAdapter);
    if (d->attached)
        d->link->detach(d);
}

QString RedisAdapter::uid() const
{
    return d_func()->uid;
}
bool RedisAdapter::isConnected() const
{
    return d_func()->link->isConnected();
}
qint64 RedisAdapter::droppedCommands() const
{
    return d_func()->link->droppedCommands();
}

/*! Subscribes to the namespace's channels. */
void RedisAdapter::init()
{
    Q_D(RedisAdapter);
    InMemoryAdapter::init();
    if (!d->attached) {
        d->link->attach(d);
        d->attached = true;
    }
    d->link->countSubscribers(d->requestChannel, this, [d](int count) {
        if (count > 0)
            d->pending.lastServerCount = count;
    });
}

/*! Unsubscribes; requests still waiting end with an error. */
void RedisAdapter::close()
{
    Q_D(RedisAdapter);
    if (d->attached) {
        d->link->detach(d);
        d->attached = false;
    }
    d->pending.finishAll(QStringLiteral("the adapter was closed"));
    InMemoryAdapter::close();
}

int RedisAdapter::serverCount() const
{
    return d_func()->pending.lastServerCount;
}

QByteArray RedisAdapterPrivate::channelFor(const BroadcastOptions &options) const
{
    // Exactly one room: its own channel, which a server without that room drops unread.
    if (options.rooms.size() == 1)
        return channel + options.rooms.cbegin()->toUtf8() + '#';
    return channel;
}

void RedisAdapter::broadcast(const QVariantList &data, const BroadcastOptions &options)
{
    Q_D(RedisAdapter);
    if (!options.flags.local) {
        const QVariantMap packet{{kType, 2}, {kData, data}, {kNsp, nsp()->name()}};
        const QVariantList message{d->uid, packet, optionsToMap(options, true)};
        d->link->publish(d->channelFor(options), Msgpack::encode(message));
    }
    InMemoryAdapter::broadcast(data, options);
}

void RedisAdapterPrivate::onBroadcast(const QByteArray &messageChannel, const QByteArray &payload)
{
    Q_Q(RedisAdapter);
    if (!messageChannel.startsWith(channel))
        return;
    const QByteArray rest = messageChannel.mid(channel.size());
    if (!rest.isEmpty()) {
        // socket.io#<nsp>#<room>#: nothing to do without that room here.
        const QString room = QString::fromUtf8(rest.chopped(rest.endsWith('#') ? 1 : 0));
        if (!q->rooms().contains(room) && q->socketRooms(room).isEmpty())
            return;
    }
    QString error;
    const std::optional<QVariant> decoded = Msgpack::decode(payload, &error);
    const QVariantList message = decoded ? decoded->toList() : QVariantList();
    if (message.size() < 3) {
        qCWarning(lcRedis, "%s: a broadcast that is not [uid, packet, opts] dropped (%s)", channel.constData(),
                  qPrintable(error));
        return;
    }
    if (message.at(0).toString() == uid)
        return;
    const QVariantMap packet = message.at(1).toMap();
    const QString packetNsp = packet.value(kNsp, QStringLiteral("/")).toString();
    if (packetNsp != q->nsp()->name())
        return;
    const QVariantList data = packet.value(kData).toList();
    if (data.isEmpty())
        return;
    q->InMemoryAdapter::broadcast(data, optionsFromMap(message.at(2).toMap()));
}

void RedisAdapterPrivate::publishRequest(const QVariantMap &request, bool msgpack)
{
    link->publish(requestChannel, msgpack ? Msgpack::encode(request) : encodeJson(request));
}

void RedisAdapterPrivate::publishResponse(const QString &requesterUid, const QVariantMap &response, bool msgpack)
{
    const QByteArray target = link->options.publishOnSpecificResponseChannel() && !requesterUid.isEmpty()
            ? responseChannel + requesterUid.toUtf8() + '#'
            : responseChannel;
    link->publish(target, msgpack ? Msgpack::encode(response) : encodeJson(response));
}

void RedisAdapter::addSockets(const BroadcastOptions &options, const QStringList &rooms)
{
    Q_D(RedisAdapter);
    // Applied here at once; the others apply it when the request arrives (ours is skipped then).
    InMemoryAdapter::addSockets(options, rooms);
    if (!options.flags.local)
        d->publishRequest({{kUid, d->uid},
                           {kType, int(RedisAdapterPrivate::RemoteJoin)},
                           {kOpts, optionsToMap(options, false)},
                           {kRooms, rooms}});
}

void RedisAdapter::delSockets(const BroadcastOptions &options, const QStringList &rooms)
{
    Q_D(RedisAdapter);
    InMemoryAdapter::delSockets(options, rooms);
    if (!options.flags.local)
        d->publishRequest({{kUid, d->uid},
                           {kType, int(RedisAdapterPrivate::RemoteLeave)},
                           {kOpts, optionsToMap(options, false)},
                           {kRooms, rooms}});
}

void RedisAdapter::disconnectSockets(const BroadcastOptions &options, bool close)
{
    Q_D(RedisAdapter);
    if (!options.flags.local)
        d->publishRequest({{kUid, d->uid},
                           {kType, int(RedisAdapterPrivate::RemoteDisconnect)},
                           {kOpts, optionsToMap(options, false)},
                           {QStringLiteral("close"), close}});
    InMemoryAdapter::disconnectSockets(options, close);
}

void RedisAdapter::serverSideEmit(const QVariantList &data)
{
    Q_D(RedisAdapter);
    d->publishRequest({{kUid, d->uid}, {kType, int(RedisAdapterPrivate::ServerSideEmit)}, {kData, data}});
}

void RedisAdapter::serverSideEmitWithAck(const QVariantList &data, AckCallback callback)
{
    Q_D(RedisAdapter);
    const QString requestId = d->pending.newId(false);
    PendingRequests::Entry pending;
    pending.kind = PendingRequests::Kind::ServerSideEmit;
    pending.answered = std::move(callback);
    d->await(requestId, std::move(pending), d->link->options.requestsTimeout());
    d->publishRequest({{kUid, d->uid},
                       {kRequestId, requestId},
                       {kType, int(RedisAdapterPrivate::ServerSideEmit)},
                       {kData, data}});
}

void RedisAdapter::fetchRemoteSockets(const BroadcastOptions &options, FetchSocketsCallback callback)
{
    Q_D(RedisAdapter);
    if (options.flags.local) {
        InMemoryAdapter::fetchRemoteSockets(options, std::move(callback));
        return;
    }
    PendingRequests::Entry pending;
    pending.kind = PendingRequests::Kind::FetchSockets;
    InMemoryAdapter::fetchRemoteSockets(
            options, [&pending](const QList<RemoteSocket> &local, const QVariant &) { pending.sockets = local; });
    pending.fetched = std::move(callback);
    const QString requestId = d->pending.newId(false);
    d->await(requestId, std::move(pending), d->link->options.requestsTimeout());
    d->publishRequest({{kUid, d->uid},
                       {kRequestId, requestId},
                       {kType, int(RedisAdapterPrivate::RemoteFetch)},
                       {kOpts, optionsToMap(options, false)}});
}

void RedisAdapter::broadcastWithAck(const QVariantList &data, const BroadcastOptions &options,
                                    ClientCountCallback clientCount, ResponseCallback response)
{
    Q_D(RedisAdapter);
    if (options.flags.local) {
        InMemoryAdapter::broadcastWithAck(data, options, std::move(clientCount), std::move(response));
        return;
    }
    const QString requestId = d->pending.newId(false);
    const QVariantMap packet{{kType, 2}, {kData, data}, {kNsp, nsp()->name()}};
    d->publishRequest({{kUid, d->uid},
                       {kRequestId, requestId},
                       {kType, int(RedisAdapterPrivate::Broadcast)},
                       {kPacket, packet},
                       {kOpts, optionsToMap(options, true)}},
                      true);
    PendingRequests::Entry pending;
    pending.kind = PendingRequests::Kind::BroadcastAck;
    pending.reportCount = std::move(clientCount);
    pending.response = response;
    int local = 0;
    InMemoryAdapter::broadcastWithAck(
            data, options, [&local](int count) { local = count; }, std::move(response));
    pending.clientCount = local;
    // The operator reports its own timeout; the bookkeeping goes with it.
    d->await(requestId, std::move(pending), std::chrono::milliseconds(qMax<qint64>(0, options.flags.timeoutMs)));
}

void RedisAdapterPrivate::await(const QString &requestId, PendingRequests::Entry entry,
                                std::chrono::milliseconds timeout)
{
    Q_Q(RedisAdapter);
    pending.add(requestId, std::move(entry), timeout, q);
    // Every server subscribed to the request channel counts, this one included.
    link->countSubscribers(requestChannel, q,
                           [this, requestId](int count) { pending.setServerCount(requestId, count); });
}

void RedisAdapterPrivate::onRequest(const QByteArray &payload)
{
    Q_Q(RedisAdapter);
    const QVariantMap request = decodeMessage(payload);
    if (request.isEmpty()) {
        qCWarning(lcRedis, "%s: a request that is neither JSON nor msgpack dropped", requestChannel.constData());
        return;
    }
    const QString from = request.value(kUid).toString();
    const bool mine = from == uid;
    const QString requestId = request.value(kRequestId).toString();
    switch (request.value(kType, -1).toInt()) {
    case Sockets: {
        if (mine)
            return;
        QVariantList ids;
        const QSet<QString> found = q->sockets(toSet(request.value(kRooms)));
        for (const QString &id : found)
            ids.append(id);
        publishResponse(from, {{kRequestId, requestId}, {kSockets, ids}});
        return;
    }
    case AllRooms: {
        if (mine)
            return;
        QVariantList rooms;
        const auto all = q->rooms();
        for (auto it = all.cbegin(); it != all.cend(); ++it)
            rooms.append(it.key());
        publishResponse(from, {{kRequestId, requestId}, {kRooms, rooms}});
        return;
    }
    case RemoteJoin:
    case RemoteLeave: {
        if (mine)
            return; // applied when it was sent
        const bool join = request.value(kType).toInt() == RemoteJoin;
        if (request.contains(kOpts)) {
            const BroadcastOptions options = optionsFromMap(request.value(kOpts).toMap());
            const QStringList rooms = request.value(kRooms).toStringList();
            if (join)
                q->InMemoryAdapter::addSockets(options, rooms);
            else
                q->InMemoryAdapter::delSockets(options, rooms);
            return;
        }
        // The form of adapters before 7: one socket by id, answered by its server.
        Socket *socket = q->nsp()->sockets().value(request.value(QStringLiteral("sid")).toString());
        if (!socket)
            return;
        const QString room = request.value(QStringLiteral("room")).toString();
        if (join)
            socket->join(room);
        else
            socket->leave(room);
        publishResponse(from, {{kRequestId, requestId}});
        return;
    }
    case RemoteDisconnect: {
        if (mine)
            return;
        const bool close = request.value(QStringLiteral("close")).toBool();
        if (request.contains(kOpts)) {
            q->InMemoryAdapter::disconnectSockets(optionsFromMap(request.value(kOpts).toMap()), close);
            return;
        }
        Socket *socket = q->nsp()->sockets().value(request.value(QStringLiteral("sid")).toString());
        if (!socket)
            return;
        socket->disconnect(close);
        publishResponse(from, {{kRequestId, requestId}});
        return;
    }
    case RemoteFetch: {
        if (mine)
            return;
        QVariantList sockets;
        q->InMemoryAdapter::fetchRemoteSockets(optionsFromMap(request.value(kOpts).toMap()),
                                               [&sockets](const QList<RemoteSocket> &local, const QVariant &) {
                                                   for (const RemoteSocket &socket : local)
                                                       sockets.append(socket.toVariantMap());
                                               });
        publishResponse(from, {{kRequestId, requestId}, {kSockets, sockets}});
        return;
    }
    case ServerSideEmit: {
        if (mine)
            return;
        const QVariantList data = request.value(kData).toList();
        if (requestId.isEmpty()) {
            q->receiveServerSideEmit(data);
            return;
        }
        // The answer always goes to the common response channel, as Node's adapter does.
        std::weak_ptr<RedisLink> weak = link;
        const QByteArray target = responseChannel;
        q->receiveServerSideEmit(data, [weak, target, requestId](const QVariantList &reply) {
            if (auto l = weak.lock())
                l->publish(
                        target,
                        encodeJson({{kType, int(ServerSideEmit)}, {kRequestId, requestId}, {kData, reply.value(0)}}));
        });
        return;
    }
    case Broadcast: {
        if (mine)
            return;
        const QVariantMap packet = request.value(kPacket).toMap();
        const QVariantList data = packet.value(kData).toList();
        if (data.isEmpty())
            return;
        QPointer<RedisAdapter> guard(q);
        q->InMemoryAdapter::broadcastWithAck(
                data, optionsFromMap(request.value(kOpts).toMap()),
                [this, guard, from, requestId](int count) {
                    if (guard)
                        publishResponse(from,
                                        {{kType, int(BroadcastClientCount)},
                                         {kRequestId, requestId},
                                         {QStringLiteral("clientCount"), count}});
                },
                [this, guard, from, requestId](const QVariant &response) {
                    if (guard)
                        publishResponse(
                                from, {{kType, int(BroadcastAck)}, {kRequestId, requestId}, {kPacket, response}}, true);
                });
        return;
    }
    default:
        qCDebug(lcRedis, "%s: request type %d ignored", requestChannel.constData(), request.value(kType).toInt());
        return;
    }
}

void RedisAdapterPrivate::onResponse(const QByteArray &payload)
{
    Q_Q(RedisAdapter);
    const QVariantMap response = decodeMessage(payload);
    const QString requestId = response.value(kRequestId).toString();
    PendingRequests::Entry *it = pending.find(requestId);
    if (!it)
        return; // another server's request, or one that ended
    switch (it->kind) {
    case PendingRequests::Kind::FetchSockets: {
        const QVariantList sockets = response.value(kSockets).toList();
        for (const QVariant &socket : sockets)
            it->sockets.append(RemoteSocket(q->nsp(), socket.toMap()));
        ++it->received;
        break;
    }
    case PendingRequests::Kind::ServerSideEmit:
        it->replies.append(response.value(kData));
        ++it->received;
        break;
    case PendingRequests::Kind::BroadcastAck:
        if (response.value(kType).toInt() == BroadcastClientCount) {
            it->clientCount += response.value(QStringLiteral("clientCount")).toInt();
            ++it->received;
        } else if (response.value(kType).toInt() == BroadcastAck) {
            if (it->response)
                it->response(response.value(kPacket));
            return;
        }
        break;
    }
    pending.settle(requestId);
}

// ---- the shared connections ----

namespace {
Redis::ConnectionOptions connectionOptions(const RedisAdapterOptions &options)
{
    Redis::ConnectionOptions out;
    out.username = options.username().toUtf8();
    out.password = options.password().toUtf8();
    out.database = options.database();
    out.maxQueuedCommands = options.maxQueuedCommands();
    return out;
}
} // namespace

RedisLink::RedisLink(const RedisAdapterOptions &opts)
    : options(opts), m_pub(new Redis::Connection(opts.host(), opts.port(), connectionOptions(opts), this)),
      m_sub(new Redis::Connection(opts.host(), opts.port(), connectionOptions(opts), this))
{
    connect(m_sub, &Redis::Connection::message, this, &RedisLink::onMessage);
    connect(m_sub, &Redis::Connection::patternMessage, this, &RedisLink::onPatternMessage);
    const auto changed = [this] { Q_EMIT connectedChanged(isConnected()); };
    connect(m_pub, &Redis::Connection::connected, this, changed);
    connect(m_pub, &Redis::Connection::disconnected, this, changed);
    connect(m_sub, &Redis::Connection::connected, this, changed);
    connect(m_sub, &Redis::Connection::disconnected, this, changed);
    m_pub->open();
    m_sub->open();
}

RedisLink::~RedisLink() = default;

bool RedisLink::isConnected() const
{
    return m_pub->isConnected() && m_sub->isConnected();
}

qint64 RedisLink::droppedCommands() const
{
    return m_pub->droppedCommands() + m_sub->droppedCommands();
}

void RedisLink::publish(const QByteArray &channel, const QByteArray &payload)
{
    m_pub->command({QByteArrayLiteral("PUBLISH"), channel, payload});
}

void RedisLink::countSubscribers(const QByteArray &channel, QObject *context, std::function<void(int)> done)
{
    m_pub->command({QByteArrayLiteral("PUBSUB"), QByteArrayLiteral("NUMSUB"), channel}, context,
                   [done = std::move(done)](const Redis::Reply &reply) {
                       // [channel, count]
                       if (reply.isArray() && reply.elements.size() == 2 && reply.elements.at(1).isInteger())
                           done(int(reply.elements.at(1).integer));
                       else
                           done(-1);
                   });
}

void RedisLink::attach(RedisAdapterPrivate *adapter)
{
    const QByteArray pattern = adapter->channel + '*';
    m_patterns.insert(pattern, adapter);
    m_channels.insert(adapter->requestChannel, adapter);
    m_channels.insert(adapter->responseChannel, adapter);
    m_channels.insert(adapter->specificResponseChannel, adapter);
    m_sub->psubscribe({pattern});
    m_sub->subscribe({adapter->requestChannel, adapter->responseChannel, adapter->specificResponseChannel});
}

void RedisLink::detach(RedisAdapterPrivate *adapter)
{
    const QByteArray pattern = adapter->channel + '*';
    if (m_patterns.value(pattern) == adapter) {
        m_patterns.remove(pattern);
        m_sub->punsubscribe({pattern});
    }
    QByteArrayList channels;
    for (const QByteArray &channel :
         {adapter->requestChannel, adapter->responseChannel, adapter->specificResponseChannel}) {
        if (m_channels.value(channel) == adapter) {
            m_channels.remove(channel);
            channels.append(channel);
        }
    }
    if (!channels.isEmpty())
        m_sub->unsubscribe(channels);
}

void RedisLink::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    RedisAdapterPrivate *adapter = m_channels.value(channel);
    if (!adapter)
        return;
    if (channel == adapter->requestChannel)
        adapter->onRequest(payload);
    else
        adapter->onResponse(payload);
}

void RedisLink::onPatternMessage(const QByteArray &pattern, const QByteArray &channel, const QByteArray &payload)
{
    if (RedisAdapterPrivate *adapter = m_patterns.value(pattern))
        adapter->onBroadcast(channel, payload);
}

} // namespace SocketIo
