// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "redisclusteradapter.h"
#include "redisclusteradapter_p.h"

#include "msgpackcodec_p.h"
#include "redisconnection_p.h"
#include "redislogging_p.h"
#include "shardedsubscriber_p.h"

#include <SocketIo/namespace.h>
#include <SocketIo/server.h>

#include <QtCore/QRegularExpression>

namespace SocketIo {

using namespace Redis;

namespace {

Redis::ConnectionOptions connectionOptions(const RedisAdapterOptions &options, std::chrono::milliseconds replyTimeout)
{
    Redis::ConnectionOptions out;
    out.username = options.username().toUtf8();
    out.password = options.password().toUtf8();
    out.database = options.database();
    out.maxQueuedCommands = options.maxQueuedCommands();
    if (replyTimeout.count() > 0)
        out.replyTimeout = replyTimeout;
    return out;
}

// "<ms>-<seq>" -> "<ms>-<seq + 1>": the first entry after offset.
QByteArray nextOffset(const QString &offset)
{
    const qsizetype dash = offset.indexOf(QLatin1Char('-'));
    return (offset.left(dash + 1) + QString::number(offset.mid(dash + 1).toULongLong() + 1)).toLatin1();
}

// Node's shouldIncludePacket: in one of the rooms (or no rooms named), and in none of except.
bool shouldInclude(const QStringList &sessionRooms, const BroadcastOptions &options)
{
    const bool included = options.rooms.isEmpty()
            || std::any_of(sessionRooms.cbegin(), sessionRooms.cend(),
                           [&options](const QString &room) { return options.rooms.contains(room); });
    const bool excluded = std::any_of(sessionRooms.cbegin(), sessionRooms.cend(),
                                      [&options](const QString &room) { return options.except.contains(room); });
    return included && !excluded;
}

// XRANGE and XREAD entries: [id, [field, value, ...]].
QHash<QByteArray, QByteArray> entryFields(const Reply &entry)
{
    QHash<QByteArray, QByteArray> fields;
    if (entry.elements.size() < 2)
        return fields;
    const QList<Reply> &list = entry.elements.at(1).elements;
    for (qsizetype i = 0; i + 1 < list.size(); i += 2)
        fields.insert(list.at(i).string, list.at(i + 1).string);
    return fields;
}

QVariantMap decodeEntryData(const QByteArray &data)
{
    if (data.startsWith('{'))
        return decodeMessage(data);
    return Msgpack::decode(QByteArray::fromBase64(data)).value_or(QVariant()).toMap();
}

// The sharded dialect's encoding: JSON, unless a type that may carry binary does.
QByteArray encodeSharded(int type, const QVariantMap &message)
{
    using P = RedisClusterAdapterPrivate;
    const bool mayContainBinary = type == P::Broadcast || type == P::BroadcastAck || type == P::FetchSocketsResponse
            || type == P::ServerSideEmit || type == P::ServerSideEmitResponse;
    return mayContainBinary && hasBinary(message.value(kData)) ? Msgpack::encode(message) : encodeJson(message);
}

// What Node's sharded adapter takes for a socket id: any 20-character room.
bool looksLikeASocketId(const QString &room)
{
    return room.size() == 20;
}

} // namespace

/*!
    \class SocketIo::RedisClusterAdapter
    \inmodule SocketIo
    \brief Joins the namespace to a cluster through a Redis stream, with recovery across servers.

    It speaks the protocol of Node's \c @socket.io/redis-streams-adapter 0.3: broadcasts, room
    joins and leaves and disconnections are appended to the stream (\c XADD, trimmed at
    RedisStreamsOptions::maxLen) and every server reads it (\c XREAD BLOCK on a connection of its
    own); fetchSockets(), serverSideEmit() and broadcast acknowledgements go through pub/sub. With
    connection state recovery the session of a disconnected socket is kept in Redis, so a client
    that reconnects to another server of the cluster gets its id, rooms, data and the events it
    missed, each with its stream offset.

    \code
    SocketIo::ServerOptions options;
    options.setAdapterFactory(SocketIo::redisStreamsAdapter());
    SocketIo::ConnectionStateRecovery recovery;
    recovery.enabled = true;
    options.setConnectionStateRecovery(recovery);
    \endcode
*/
namespace {
// The adapters of one factory share one link, made with the first of them (in its thread).
template<typename Options>
AdapterFactory clusterAdapterFactory(const RedisAdapterOptions &connection, const Options &dialectOptions)
{
    auto shared = std::make_shared<std::weak_ptr<RedisClusterLink>>();
    return [connection, dialectOptions, shared](Namespace *nsp) -> Adapter * {
        std::shared_ptr<RedisClusterLink> link = shared->lock();
        if (!link) {
            link = std::shared_ptr<RedisClusterLink>(new RedisClusterLink(connection, dialectOptions),
                                                     [](RedisClusterLink *l) { l->deleteLater(); });
            *shared = link;
        }
        return RedisClusterAdapterPrivate::create(nsp, link);
    };
}
} // namespace

AdapterFactory redisStreamsAdapter(const RedisAdapterOptions &connection, const RedisStreamsOptions &streams)
{
    return clusterAdapterFactory(connection, streams);
}

/*!
    The sharded dialect of Node's \c @socket.io/redis-adapter 8.3 (\c createShardedAdapter()):
    every message is an \c SPUBLISH to \c <key>#<nsp># (or, in the dynamic mode, a broadcast to one
    room that is not a socket id to \c <key>#<nsp>#<room>#), JSON unless it holds binary, then
    msgpack; answers go to \c <key>#<nsp>#<uid>#. Needs Redis 7.
*/
AdapterFactory redisShardedAdapter(const RedisAdapterOptions &connection, const RedisShardedOptions &sharded)
{
    return clusterAdapterFactory(connection, sharded);
}

RedisClusterAdapter *RedisClusterAdapterPrivate::create(Namespace *nsp, std::shared_ptr<RedisClusterLink> link)
{
    auto d = std::make_unique<RedisClusterAdapterPrivate>();
    d->link = std::move(link);
    d->uid = randomHexId();
    const QByteArray prefix = d->link->connection.key().toUtf8();
    d->publicChannel = prefix + '#' + nsp->name().toUtf8() + '#';
    d->privateChannel = d->publicChannel + d->uid.toLatin1() + '#';
    auto *adapter = new RedisClusterAdapter(nsp, std::move(d));
    RedisClusterAdapterPrivate *p = adapter->d_func();
    using Mode = RedisShardedOptions::SubscriptionMode;
    const Mode mode = p->link->sharded.subscriptionMode;
    if (p->isSharded() && mode != Mode::Static) {
        // Node's dynamic modes: a channel per room that is not a socket id, or per room.
        QObject::connect(adapter, &Adapter::roomCreated, adapter, [adapter, p, mode](const QString &room) {
            const bool isPublic = adapter->socketRooms(room).isEmpty();
            if (p->attached && (isPublic || mode == Mode::DynamicPrivate))
                p->link->watchRoom(p, room, true);
        });
        QObject::connect(adapter, &Adapter::roomDeleted, adapter, [p](const QString &room) {
            if (p->attached)
                p->link->watchRoom(p, room, false);
        });
    }
    return adapter;
}

RedisClusterAdapter::RedisClusterAdapter(Namespace *nsp, std::unique_ptr<RedisClusterAdapterPrivate> d)
    : InMemoryAdapter(nsp), d_ptr(std::move(d))
{
    d_ptr->q_ptr = this;
}

RedisClusterAdapter::~RedisClusterAdapter()
{
    Q_D(RedisClusterAdapter);
    if (d->attached)
        d->link->detach(d);
}

QString RedisClusterAdapter::uid() const
{
    return d_func()->uid;
}
bool RedisClusterAdapter::isConnected() const
{
    return d_func()->link->isConnected();
}
int RedisClusterAdapter::serverCount() const
{
    return d_func()->pending.lastServerCount;
}

void RedisClusterAdapter::init()
{
    Q_D(RedisClusterAdapter);
    InMemoryAdapter::init();
    if (!d->attached) {
        d->link->attach(d);
        d->attached = true;
    }
    if (!d->isSharded() && d->link->streams.streamCount > 1 && d->streamName().contains("--")) {
        qCWarning(lcRedis,
                  "namespace %s maps to stream %s, which no server reads (Node's adapter computes the same): "
                  "its broadcasts reach this server's sockets only; use another streamCount",
                  qPrintable(nsp()->name()), d->streamName().constData());
    }
}

void RedisClusterAdapter::close()
{
    Q_D(RedisClusterAdapter);
    if (d->attached) {
        d->link->detach(d);
        d->attached = false;
    }
    d->pending.finishAll(QStringLiteral("the adapter was closed"));
    InMemoryAdapter::close();
}

bool RedisClusterAdapterPrivate::recoveryEnabled() const
{
    const Namespace *nsp = q_ptr->nsp();
    return nsp && nsp->server() && nsp->server()->options().connectionStateRecovery().enabled;
}

// This server's sockets get the packet, with the stream offset when recovery wants one (Node's
// addOffsetIfNecessary). Adapter::broadcast, not InMemoryAdapter's: the stream holds the packets.
void RedisClusterAdapterPrivate::deliver(QVariantList data, const BroadcastOptions &options, const QString &offset)
{
    Q_Q(RedisClusterAdapter);
    if (!offset.isEmpty() && recoveryEnabled() && !options.flags.isVolatile)
        data.append(offset);
    q->Adapter::broadcast(data, options);
}

void RedisClusterAdapter::broadcast(const QVariantList &data, const BroadcastOptions &options)
{
    Q_D(RedisClusterAdapter);
    if (options.flags.local) {
        Adapter::broadcast(data, options);
        return;
    }
    const QVariantMap message{{kPacket, QVariantMap{{kType, 2}, {kData, data}, {kNsp, nsp()->name()}}},
                              {kOpts, optionsToMap(options, true)}};
    if (d->recoveryEnabled() && !options.flags.isVolatile && d->link->isConnected()) {
        // The clients here get the entry id as offset: delivery waits for XADD, as in Node. While
        // Redis is away it does not wait (the packet goes without offset, as Node's does when
        // XADD fails).
        QPointer<RedisClusterAdapter> guard(this);
        d->publish(RedisClusterAdapterPrivate::Broadcast, message, [guard, data, options](const QString &offset) {
            if (guard)
                guard->d_func()->deliver(data, options, offset);
        });
        return;
    }
    d->publish(RedisClusterAdapterPrivate::Broadcast, message);
    Adapter::broadcast(data, options);
}

void RedisClusterAdapter::broadcastWithAck(const QVariantList &data, const BroadcastOptions &options,
                                           ClientCountCallback clientCount, ResponseCallback response)
{
    Q_D(RedisClusterAdapter);
    if (options.flags.local) {
        Adapter::broadcastWithAck(data, options, std::move(clientCount), std::move(response));
        return;
    }
    const QString requestId = d->pending.newId(true);
    d->publish(RedisClusterAdapterPrivate::Broadcast,
               {{kPacket, QVariantMap{{kType, 2}, {kData, data}, {kNsp, nsp()->name()}}},
                {kRequestId, requestId},
                {kOpts, optionsToMap(options, true)}});
    PendingRequests::Entry entry;
    entry.kind = PendingRequests::Kind::BroadcastAck;
    entry.reportCount = std::move(clientCount);
    entry.response = response;
    int local = 0;
    Adapter::broadcastWithAck(
            data, options, [&local](int count) { local = count; }, std::move(response));
    entry.clientCount = local;
    d->await(requestId, std::move(entry), std::chrono::milliseconds(qMax<qint64>(0, options.flags.timeoutMs)));
}

void RedisClusterAdapter::fetchRemoteSockets(const BroadcastOptions &options, FetchSocketsCallback callback)
{
    Q_D(RedisClusterAdapter);
    if (options.flags.local) {
        InMemoryAdapter::fetchRemoteSockets(options, std::move(callback));
        return;
    }
    PendingRequests::Entry entry;
    entry.kind = PendingRequests::Kind::FetchSockets;
    entry.countInTimeoutMessage = true;
    InMemoryAdapter::fetchRemoteSockets(
            options, [&entry](const QList<RemoteSocket> &local, const QVariant &) { entry.sockets = local; });
    entry.fetched = std::move(callback);
    const QString requestId = d->pending.newId(true);
    const auto timeout = options.flags.timeoutMs > 0 ? std::chrono::milliseconds(options.flags.timeoutMs)
                                                     : d->link->connection.requestsTimeout();
    d->await(requestId, std::move(entry), timeout);
    d->publish(RedisClusterAdapterPrivate::FetchSockets,
               {{kOpts, optionsToMap(options, true)}, {kRequestId, requestId}});
}

void RedisClusterAdapter::addSockets(const BroadcastOptions &options, const QStringList &rooms)
{
    Q_D(RedisClusterAdapter);
    if (!options.flags.local)
        d->publish(RedisClusterAdapterPrivate::SocketsJoin, {{kOpts, optionsToMap(options, true)}, {kRooms, rooms}});
    InMemoryAdapter::addSockets(options, rooms);
}

void RedisClusterAdapter::delSockets(const BroadcastOptions &options, const QStringList &rooms)
{
    Q_D(RedisClusterAdapter);
    if (!options.flags.local)
        d->publish(RedisClusterAdapterPrivate::SocketsLeave, {{kOpts, optionsToMap(options, true)}, {kRooms, rooms}});
    InMemoryAdapter::delSockets(options, rooms);
}

void RedisClusterAdapter::disconnectSockets(const BroadcastOptions &options, bool close)
{
    Q_D(RedisClusterAdapter);
    if (!options.flags.local)
        d->publish(RedisClusterAdapterPrivate::DisconnectSockets,
                   {{kOpts, optionsToMap(options, true)}, {QStringLiteral("close"), close}});
    InMemoryAdapter::disconnectSockets(options, close);
}

void RedisClusterAdapter::serverSideEmit(const QVariantList &data)
{
    d_func()->publish(RedisClusterAdapterPrivate::ServerSideEmit, {{kPacket, data}});
}

void RedisClusterAdapter::serverSideEmitWithAck(const QVariantList &data, AckCallback callback)
{
    Q_D(RedisClusterAdapter);
    const QString requestId = d->pending.newId(true);
    PendingRequests::Entry entry;
    entry.kind = PendingRequests::Kind::ServerSideEmit;
    entry.answered = std::move(callback);
    d->await(requestId, std::move(entry), d->link->connection.requestsTimeout());
    d->publish(RedisClusterAdapterPrivate::ServerSideEmit, {{kRequestId, requestId}, {kPacket, data}});
}

void RedisClusterAdapterPrivate::await(const QString &requestId, PendingRequests::Entry entry,
                                       std::chrono::milliseconds timeout)
{
    Q_Q(RedisClusterAdapter);
    pending.add(requestId, std::move(entry), timeout, q);
    link->command({QByteArrayLiteral("PUBSUB"),
                   isSharded() ? QByteArrayLiteral("SHARDNUMSUB") : QByteArrayLiteral("NUMSUB"), publicChannel},
                  q, [this, requestId](const Reply &reply) {
                      const bool ok = reply.isArray() && reply.elements.size() == 2 && reply.elements.at(1).isInteger();
                      pending.setServerCount(requestId, ok ? int(reply.elements.at(1).integer) : -1);
                  });
}

QByteArray RedisClusterAdapterPrivate::shardedChannel(int type, const QVariantMap &data) const
{
    const QVariantList rooms = data.value(kOpts).toMap().value(kRooms).toList();
    using Mode = RedisShardedOptions::SubscriptionMode;
    const Mode mode = link->sharded.subscriptionMode;
    if (type != Broadcast || data.contains(kRequestId) || rooms.size() != 1 || mode == Mode::Static)
        return publicChannel;
    const QString room = rooms.first().toString();
    if (mode == Mode::DynamicPrivate || !looksLikeASocketId(room))
        return publicChannel + room.toUtf8() + '#';
    return publicChannel;
}

// Node's computeStreamName(): streamName, or streamName-(hashCode(nsp) % streamCount) with
// JavaScript's hash (s[i] + 31 * h over UTF-16 code units, kept to 32 bits) and signed remainder.
QByteArray RedisClusterAdapterPrivate::streamName() const
{
    const RedisStreamsOptions &options = link->streams;
    if (options.streamCount <= 1)
        return options.streamName.toUtf8();
    quint32 hash = 0;
    const QString name = q_ptr->nsp()->name();
    for (const QChar c : name)
        hash = hash * 31u + c.unicode();
    const qint32 signedHash = qint32(hash);
    return (options.streamName + QLatin1Char('-') + QString::number(signedHash % options.streamCount)).toUtf8();
}

QByteArrayList RedisClusterAdapterPrivate::xaddArguments(int type, const QVariantMap &data) const
{
    const RedisStreamsOptions &options = link->streams;
    QByteArrayList args{QByteArrayLiteral("XADD"),
                        streamName(),
                        QByteArrayLiteral("MAXLEN"),
                        QByteArrayLiteral("~"),
                        QByteArray::number(options.maxLen),
                        QByteArrayLiteral("*"),
                        kUid.toLatin1(),
                        uid.toLatin1(),
                        kNsp.toLatin1(),
                        q_ptr->nsp()->name().toUtf8(),
                        kType.toLatin1(),
                        QByteArray::number(type)};
    const bool mayContainBinary = type == Broadcast || type == FetchSocketsResponse || type == ServerSideEmit
            || type == ServerSideEmitResponse || type == BroadcastAck;
    args << kData.toLatin1();
    if (!options.onlyPlaintext && mayContainBinary && hasBinary(data))
        args << Msgpack::encode(data).toBase64();
    else
        args << encodeJson(data);
    return args;
}

void RedisClusterAdapterPrivate::publish(int type, const QVariantMap &data, std::function<void(const QString &)> done)
{
    Q_Q(RedisClusterAdapter);
    if (isSharded()) {
        const QVariantMap message{{kType, type}, {kData, data}, {kUid, uid}, {kNsp, q->nsp()->name()}};
        link->command({QByteArrayLiteral("SPUBLISH"), shardedChannel(type, data), encodeSharded(type, message)}, q, {});
        if (done)
            done(QString());
        return;
    }
    const bool ephemeral =
            (type == Broadcast && data.contains(kRequestId)) || type == ServerSideEmit || type == FetchSockets;
    if (ephemeral) {
        const QVariantMap message{{kUid, uid}, {kNsp, q->nsp()->name()}, {kType, type}, {kData, data}};
        link->command({QByteArrayLiteral("PUBLISH"), publicChannel, Msgpack::encode(message)}, q, {});
        if (done)
            done(QString());
        return;
    }
    link->command(xaddArguments(type, data), q, [done = std::move(done)](const Reply &reply) {
        if (reply.isError())
            qCWarning(lcRedis, "XADD failed: %s", reply.string.constData());
        if (done)
            done(reply.isString() ? QString::fromLatin1(reply.string) : QString());
    });
}

void RedisClusterAdapterPrivate::publishResponse(const QString &requesterUid, int type, const QVariantMap &data)
{
    Q_Q(RedisClusterAdapter);
    const QByteArray channel = publicChannel + requesterUid.toUtf8() + '#';
    const QVariantMap message{{kType, type}, {kData, data}, {kUid, uid}, {kNsp, q->nsp()->name()}};
    if (isSharded())
        link->command({QByteArrayLiteral("SPUBLISH"), channel, encodeSharded(type, message)}, q, {});
    else
        link->command({QByteArrayLiteral("PUBLISH"), channel, Msgpack::encode(message)}, q, {});
}

void RedisClusterAdapterPrivate::onEntry(const QHash<QByteArray, QByteArray> &fields, const QString &offset)
{
    QVariantMap message{{kUid, QString::fromUtf8(fields.value("uid"))},
                        {kNsp, QString::fromUtf8(fields.value("nsp"))},
                        {kType, fields.value("type").toInt()}};
    if (fields.contains("data"))
        message.insert(kData, decodeEntryData(fields.value("data")));
    onMessage(message, offset);
}

void RedisClusterAdapterPrivate::onMessage(const QVariantMap &message, const QString &offset)
{
    Q_Q(RedisClusterAdapter);
    const QString from = message.value(kUid).toString();
    if (from == uid || message.value(kNsp).toString() != q->nsp()->name())
        return;
    const QVariantMap data = message.value(kData).toMap();
    const int type = message.value(kType).toInt();
    switch (type) {
    case Broadcast: {
        const QVariantList packetData = data.value(kPacket).toMap().value(kData).toList();
        if (packetData.isEmpty())
            return;
        const BroadcastOptions options = optionsFromMap(data.value(kOpts).toMap());
        if (!data.contains(kRequestId)) {
            deliver(packetData, options, offset);
            return;
        }
        const QString requestId = data.value(kRequestId).toString();
        QPointer<RedisClusterAdapter> guard(q);
        q->Adapter::broadcastWithAck(
                packetData, options,
                [this, guard, from, requestId](int count) {
                    if (guard)
                        publishResponse(from, BroadcastClientCount,
                                        {{kRequestId, requestId}, {QStringLiteral("clientCount"), count}});
                },
                [this, guard, from, requestId](const QVariant &answer) {
                    if (guard)
                        publishResponse(from, BroadcastAck, {{kRequestId, requestId}, {kPacket, answer}});
                });
        return;
    }
    case SocketsJoin:
        q->InMemoryAdapter::addSockets(optionsFromMap(data.value(kOpts).toMap()), data.value(kRooms).toStringList());
        return;
    case SocketsLeave:
        q->InMemoryAdapter::delSockets(optionsFromMap(data.value(kOpts).toMap()), data.value(kRooms).toStringList());
        return;
    case DisconnectSockets:
        q->InMemoryAdapter::disconnectSockets(optionsFromMap(data.value(kOpts).toMap()),
                                              data.value(QStringLiteral("close")).toBool());
        return;
    case FetchSockets: {
        QVariantList sockets;
        q->InMemoryAdapter::fetchRemoteSockets(optionsFromMap(data.value(kOpts).toMap()),
                                               [&sockets](const QList<RemoteSocket> &local, const QVariant &) {
                                                   for (const RemoteSocket &socket : local)
                                                       sockets.append(socket.toVariantMap());
                                               });
        publishResponse(from, FetchSocketsResponse, {{kRequestId, data.value(kRequestId)}, {kSockets, sockets}});
        return;
    }
    case ServerSideEmit: {
        const QVariantList packet = data.value(kPacket).toList();
        if (!data.contains(kRequestId)) {
            q->receiveServerSideEmit(packet);
            return;
        }
        const QString requestId = data.value(kRequestId).toString();
        QPointer<RedisClusterAdapter> guard(q);
        q->receiveServerSideEmit(packet, [this, guard, from, requestId](const QVariantList &reply) {
            if (guard)
                publishResponse(from, ServerSideEmitResponse, {{kRequestId, requestId}, {kPacket, reply.value(0)}});
        });
        return;
    }
    case FetchSocketsResponse:
    case ServerSideEmitResponse:
    case BroadcastClientCount:
    case BroadcastAck:
        onResponse(type, data);
        return;
    default:
        return; // heartbeats of 0.2 servers, and what a later version may add
    }
}

void RedisClusterAdapterPrivate::onResponse(int type, const QVariantMap &data)
{
    Q_Q(RedisClusterAdapter);
    const QString requestId = data.value(kRequestId).toString();
    PendingRequests::Entry *entry = pending.find(requestId);
    if (!entry)
        return;
    switch (type) {
    case FetchSocketsResponse: {
        const QVariantList sockets = data.value(kSockets).toList();
        for (const QVariant &socket : sockets)
            entry->sockets.append(RemoteSocket(q->nsp(), socket.toMap()));
        ++entry->received;
        break;
    }
    case ServerSideEmitResponse:
        entry->replies.append(data.value(kPacket));
        ++entry->received;
        break;
    case BroadcastClientCount:
        entry->clientCount += data.value(QStringLiteral("clientCount")).toInt();
        ++entry->received;
        break;
    case BroadcastAck:
        if (entry->response)
            entry->response(data.value(kPacket));
        return;
    default:
        return;
    }
    pending.settle(requestId);
}

// ---- connection state recovery across servers ----

void RedisClusterAdapter::persistSession(const Session &session)
{
    Q_D(RedisClusterAdapter);
    if (!d->recoveryEnabled())
        return;
    const QVariantMap stored{{QStringLiteral("sid"), session.sid},
                             {QStringLiteral("pid"), session.pid},
                             {kRooms, session.rooms},
                             {kData, session.data}};
    const auto ttl = nsp()->server()->options().connectionStateRecovery().maxDisconnectionDuration;
    d->link->command({QByteArrayLiteral("SET"), (d->link->streams.sessionKeyPrefix + session.pid).toUtf8(),
                      Msgpack::encode(stored).toBase64(), QByteArrayLiteral("PX"),
                      QByteArray::number(qint64(ttl.count()))},
                     this, {});
}

/*! The sessions live in Redis: only restoreSessionAsync() can answer. */
std::optional<Session> RedisClusterAdapter::restoreSession(const QString &pid, const QString &offset)
{
    Q_UNUSED(pid);
    Q_UNUSED(offset);
    return std::nullopt;
}

void RedisClusterAdapter::restoreSessionAsync(const QString &pid, const QString &offset, RestoreCallback done)
{
    Q_D(RedisClusterAdapter);
    static const QRegularExpression validOffset(QStringLiteral("^[0-9]+-[0-9]+$"));
    if (!d->recoveryEnabled() || !validOffset.match(offset).hasMatch()) {
        done(std::nullopt);
        return;
    }
    // GETDEL the session and check that the offset is still in the stream; both answers arrive in
    // order on the one connection.
    struct Lookup
    {
        std::optional<QByteArray> stored;
    };
    auto lookup = std::make_shared<Lookup>();
    d->link->command({QByteArrayLiteral("GETDEL"), (d->link->streams.sessionKeyPrefix + pid).toUtf8()}, this,
                     [lookup](const Reply &reply) {
                         if (reply.isString())
                             lookup->stored = reply.string;
                     });
    const QByteArray stream = d->streamName();
    QPointer<RedisClusterAdapter> guard(this);
    d->link->command({QByteArrayLiteral("XRANGE"), stream, offset.toLatin1(), offset.toLatin1()}, this,
                     [guard, lookup, pid, offset, done](const Reply &reply) {
                         if (!guard)
                             return;
                         const bool offsetExists = reply.isArray() && !reply.elements.isEmpty();
                         if (!lookup->stored || !offsetExists) {
                             qCDebug(lcRedis, "session %s or offset %s not found", qPrintable(pid), qPrintable(offset));
                             done(std::nullopt);
                             return;
                         }
                         const QVariantMap stored =
                                 Msgpack::decode(QByteArray::fromBase64(*lookup->stored)).value_or(QVariant()).toMap();
                         auto session = std::make_shared<Session>();
                         session->sid = stored.value(QStringLiteral("sid")).toString();
                         session->pid = stored.value(QStringLiteral("pid")).toString();
                         session->rooms = stored.value(kRooms).toStringList();
                         session->data = stored.value(kData).toMap();
                         if (session->sid.isEmpty()) {
                             done(std::nullopt);
                             return;
                         }
                         guard->d_func()->replay(pid, offset, 0, session, done);
                     });
}

// Reads the stream after from, up to 100 ranges (Node's RESTORE_SESSION_MAX_XRANGE_CALLS).
void RedisClusterAdapterPrivate::replay(const QString &pid, QString from, int rounds, std::shared_ptr<Session> session,
                                        RedisClusterAdapter::RestoreCallback done)
{
    Q_Q(RedisClusterAdapter);
    if (rounds >= 100) {
        done(*session);
        return;
    }
    QPointer<RedisClusterAdapter> guard(q);
    link->command({QByteArrayLiteral("XRANGE"), streamName(), nextOffset(from), QByteArrayLiteral("+"),
                   QByteArrayLiteral("COUNT"), QByteArrayLiteral("1000")},
                  q, [this, guard, pid, rounds, session, done](const Reply &reply) {
                      if (!guard)
                          return;
                      if (!reply.isArray() || reply.elements.isEmpty()) {
                          done(*session);
                          return;
                      }
                      QString last;
                      for (const Reply &entry : reply.elements) {
                          last = QString::fromLatin1(entry.elements.value(0).string);
                          const QHash<QByteArray, QByteArray> fields = entryFields(entry);
                          if (QString::fromUtf8(fields.value("nsp")) != q_ptr->nsp()->name()
                              || fields.value("type") != "3")
                              continue;
                          const QVariantMap data = decodeEntryData(fields.value("data"));
                          if (data.contains(kRequestId))
                              continue;
                          const BroadcastOptions options = optionsFromMap(data.value(kOpts).toMap());
                          if (!shouldInclude(session->rooms, options))
                              continue;
                          QVariantList packet = data.value(kPacket).toMap().value(kData).toList();
                          packet.append(last);
                          session->missedPackets.append(packet);
                      }
                      replay(pid, last, rounds + 1, session, done);
                  });
}

// ---- the shared connections ----

RedisClusterLink::RedisClusterLink(const RedisAdapterOptions &connectionIn, const RedisStreamsOptions &streamsIn)
    : dialect(Dialect::Streams), connection(connectionIn), streams(streamsIn)
{
    m_commands = new Connection(connection.host(), connection.port(), connectionOptions(connection, {}), this);
    m_sub = new Connection(connection.host(), connection.port(), connectionOptions(connection, {}), this);
    // As Node: a reader for every stream of the count, named streamName or streamName-<i>.
    const int count = qMax(1, streams.streamCount);
    for (int i = 0; i < count; ++i) {
        StreamReader reader;
        reader.connection =
                new Connection(connection.host(), connection.port(),
                               connectionOptions(connection, streams.blockTime + std::chrono::seconds(10)), this);
        reader.stream =
                (count == 1 ? streams.streamName : streams.streamName + QLatin1Char('-') + QString::number(i)).toUtf8();
        m_readers.append(reader);
    }
    connect(m_sub, &Connection::message, this, &RedisClusterLink::onMessage);
    start();
}

RedisClusterLink::RedisClusterLink(const RedisAdapterOptions &connectionIn, const RedisShardedOptions &shardedIn)
    : dialect(Dialect::Sharded), connection(connectionIn), sharded(shardedIn)
{
    m_commands = new Connection(connection.host(), connection.port(), connectionOptions(connection, {}), this);
    m_sharded = new ShardedSubscriber(connection.host(), connection.port(), connectionOptions(connection, {}), this);
    connect(m_sharded, &ShardedSubscriber::message, this, &RedisClusterLink::onShardedMessage);
    start();
}

void RedisClusterLink::start()
{
    const auto changed = [this] { Q_EMIT connectedChanged(isConnected()); };
    QList<Connection *> connections{m_commands, m_sub};
    for (const StreamReader &reader : std::as_const(m_readers))
        connections.append(reader.connection);
    for (Connection *c : std::as_const(connections)) {
        if (!c)
            continue;
        connect(c, &Connection::connected, this, changed);
        connect(c, &Connection::disconnected, this, changed);
        c->open();
    }
    if (m_sharded) {
        connect(m_sharded, &ShardedSubscriber::connected, this, changed);
        connect(m_sharded, &ShardedSubscriber::disconnected, this, changed);
        m_sharded->open();
    }
}

RedisClusterLink::~RedisClusterLink() = default;

bool RedisClusterLink::isConnected() const
{
    if (m_sharded)
        return m_commands->isConnected() && m_sharded->isConnected();
    return m_commands->isConnected() && m_sub->isConnected()
            && std::all_of(m_readers.cbegin(), m_readers.cend(),
                           [](const StreamReader &reader) { return reader.connection->isConnected(); });
}

void RedisClusterLink::command(const QByteArrayList &args, QObject *context, std::function<void(const Reply &)> done)
{
    if (done)
        m_commands->command(args, context, std::move(done));
    else
        m_commands->command(args);
}

void RedisClusterLink::attach(RedisClusterAdapterPrivate *adapter)
{
    m_adapters.insert(adapter->q_ptr->nsp()->name(), adapter);
    m_channels.insert(adapter->publicChannel, adapter);
    m_channels.insert(adapter->privateChannel, adapter);
    if (m_sharded) {
        m_sharded->ssubscribe({adapter->publicChannel, adapter->privateChannel});
        return;
    }
    m_sub->subscribe({adapter->publicChannel, adapter->privateChannel});
    if (!m_reading) {
        m_reading = true;
        for (int i = 0; i < m_readers.size(); ++i)
            readNext(i);
    }
}

void RedisClusterLink::detach(RedisClusterAdapterPrivate *adapter)
{
    for (auto it = m_adapters.begin(); it != m_adapters.end();) {
        if (it.value() == adapter)
            it = m_adapters.erase(it);
        else
            ++it;
    }
    QByteArrayList channels;
    for (auto it = m_channels.begin(); it != m_channels.end();) {
        if (it.value() == adapter) {
            channels.append(it.key());
            it = m_channels.erase(it);
        } else {
            ++it;
        }
    }
    if (channels.isEmpty())
        return;
    if (m_sharded)
        m_sharded->sunsubscribe(channels);
    else
        m_sub->unsubscribe(channels);
}

void RedisClusterLink::watchRoom(RedisClusterAdapterPrivate *adapter, const QString &room, bool watch)
{
    if (!m_sharded)
        return;
    const QByteArray channel = adapter->publicChannel + room.toUtf8() + '#';
    if (watch) {
        if (m_channels.contains(channel))
            return;
        m_channels.insert(channel, adapter);
        m_sharded->ssubscribe({channel});
    } else if (m_channels.value(channel) == adapter) {
        m_channels.remove(channel);
        m_sharded->sunsubscribe({channel});
    }
}

void RedisClusterLink::onShardedMessage(const QByteArray &channel, const QByteArray &payload)
{
    RedisClusterAdapterPrivate *adapter = m_channels.value(channel);
    if (!adapter)
        return;
    const QVariantMap message = decodeMessage(payload);
    if (message.isEmpty()) {
        qCWarning(lcRedis, "%s: a message that is neither JSON nor msgpack dropped", channel.constData());
        return;
    }
    adapter->onMessage(message, QString());
}

void RedisClusterLink::readNext(int index)
{
    if (m_adapters.isEmpty() || index >= m_readers.size()) {
        m_reading = false;
        return;
    }
    const StreamReader &reader = m_readers.at(index);
    reader.connection->command({QByteArrayLiteral("XREAD"), QByteArrayLiteral("COUNT"),
                                QByteArray::number(streams.readCount), QByteArrayLiteral("BLOCK"),
                                QByteArray::number(qint64(streams.blockTime.count())), QByteArrayLiteral("STREAMS"),
                                reader.stream, reader.offset},
                               this, [this, index](const Reply &reply) { onEntries(index, reply); });
}

void RedisClusterLink::onEntries(int index, const Reply &reply)
{
    if (reply.isError()) {
        // Redis away: the connection comes back by itself; read on from the last entry then.
        QTimer::singleShot(std::chrono::seconds(1), this, [this, index] { readNext(index); });
        return;
    }
    // [[stream, [[id, [field, value, ...]], ...]]], or nil when BLOCK ran out.
    for (const Reply &stream : reply.elements) {
        if (stream.elements.size() < 2)
            continue;
        for (const Reply &entry : stream.elements.at(1).elements) {
            if (entry.elements.isEmpty())
                continue;
            m_readers[index].offset = entry.elements.at(0).string;
            const QHash<QByteArray, QByteArray> fields = entryFields(entry);
            const QByteArray nsp = fields.value("nsp");
            if (nsp.isEmpty())
                continue;
            if (RedisClusterAdapterPrivate *adapter = m_adapters.value(QString::fromUtf8(nsp)))
                adapter->onEntry(fields, QString::fromLatin1(entry.elements.at(0).string));
        }
    }
    readNext(index);
}

void RedisClusterLink::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    RedisClusterAdapterPrivate *adapter = m_channels.value(channel);
    if (!adapter)
        return;
    const QVariantMap message = Msgpack::decode(payload).value_or(QVariant()).toMap();
    if (message.isEmpty()) {
        qCWarning(lcRedis, "%s: a message that is not msgpack dropped", channel.constData());
        return;
    }
    adapter->onMessage(message, QString());
}

} // namespace SocketIo
