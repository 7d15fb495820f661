// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "adapter.h"
#include "inmemoryadapter.h"

#include "connection_p.h"
#include "namespace.h"
#include "namespace_p.h"
#include "server_p.h"
#include "socket_p.h"
#include "server.h"
#include "socketiologging_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QTimer>

#include <algorithm>

namespace SocketIo {

/*!
    \class SocketIo::Adapter
    \inmodule SocketIo
    \brief Rooms and broadcasting of one namespace: the extension point of
    cluster adapters.

    The default implementations of broadcast(), broadcastWithAck(),
    fetchSockets(), addSockets(), delSockets() and disconnectSockets() work on
    the local sockets through apply(), the one function that resolves rooms.
    A broadcast encodes its packet once and writes the same bytes to every
    recipient.
*/
Adapter::Adapter(Namespace *nsp) : QObject(nsp), m_nsp(nsp) {}
Adapter::~Adapter() = default;

Namespace *Adapter::nsp() const
{
    return m_nsp;
}
void Adapter::init() {}
void Adapter::close() {}
/*! Returns the number of servers in the cluster: 1 without one. */
int Adapter::serverCount() const
{
    return 1;
}

void Adapter::broadcast(const QVariantList &data, const BroadcastOptions &options)
{
    Sio::Packet packet;
    packet.type = Sio::PacketType::Event;
    packet.nsp = m_nsp->name();
    packet.data = data;
    // Once for every recipient, in the server's packet format.
    const Sio::Encoded encoded = Sio::encode(packet, ServerPrivate::packetFormat(m_nsp->server()));
    const QString event = data.value(0).toString();
    const QVariantList args = data.mid(1);
    apply(options, [&](Socket *socket) {
        SocketPrivate *d = SocketPrivate::get(socket);
        d->notifyOutgoing(event, args);
        if (d->connection)
            d->connection->write(encoded, options.flags);
    });
}

void Adapter::broadcastWithAck(const QVariantList &data, const BroadcastOptions &options,
                               ClientCountCallback clientCount, ResponseCallback response)
{
    Sio::Packet packet;
    packet.type = Sio::PacketType::Event;
    packet.nsp = m_nsp->name();
    packet.data = data;
    packet.id = NamespacePrivate::get(m_nsp)->nextAckId();
    const Sio::Encoded encoded = Sio::encode(packet, ServerPrivate::packetFormat(m_nsp->server()));
    const QString event = data.value(0).toString();
    const QVariantList args = data.mid(1);
    int count = 0;
    QList<QPointer<Socket>> asked;
    apply(options, [&](Socket *socket) {
        SocketPrivate *d = SocketPrivate::get(socket);
        ++count;
        asked.append(socket);
        d->registerAck(
                packet.id, socket,
                [response](const QVariant &, const QVariantList &reply) { response(reply.value(0)); }, -1);
        d->notifyOutgoing(event, args);
        if (d->connection)
            d->connection->write(encoded, options.flags);
    });
    clientCount(count);
    // The operator reports the timeout; the sockets forget the unanswered acks then.
    if (options.flags.timeoutMs >= 0 && !asked.isEmpty()) {
        const qint64 id = packet.id;
        QTimer::singleShot(std::chrono::milliseconds(options.flags.timeoutMs), m_nsp, [asked, id] {
            for (const QPointer<Socket> &socket : asked) {
                if (socket)
                    SocketPrivate::get(socket)->acks.remove(id);
            }
        });
    }
}

QList<Socket *> Adapter::fetchSockets(const BroadcastOptions &options) const
{
    QList<Socket *> out;
    apply(options, [&out](Socket *socket) { out.append(socket); });
    return out;
}

/*!
    Calls \a callback with the sockets of every server that match \a options. The base adapter
    knows only this server's, and answers before it returns; a cluster adapter asks the others and
    answers when all did or its request timed out (the error says so, the list holds what came).
*/
void Adapter::fetchRemoteSockets(const BroadcastOptions &options, FetchSocketsCallback callback)
{
    QList<RemoteSocket> out;
    apply(options, [this, &out](Socket *socket) { out.append(RemoteSocket(m_nsp, socket)); });
    if (callback)
        callback(out, QVariant());
}

void Adapter::addSockets(const BroadcastOptions &options, const QStringList &rooms)
{
    apply(options, [&rooms](Socket *socket) { socket->join(rooms); });
}

void Adapter::delSockets(const BroadcastOptions &options, const QStringList &rooms)
{
    apply(options, [&rooms](Socket *socket) {
        for (const QString &room : rooms)
            socket->leave(room);
    });
}

void Adapter::disconnectSockets(const BroadcastOptions &options, bool close)
{
    const QList<Socket *> sockets = fetchSockets(options);
    for (Socket *socket : sockets)
        socket->disconnect(close);
}

/*! Sends \a data to the other servers; the single-server adapter has none. */
void Adapter::serverSideEmit(const QVariantList &data)
{
    qCDebug(lcAdapter, "serverSideEmit(%s) without a cluster: nothing to do", qPrintable(data.value(0).toString()));
}

/*!
    Sends \a data to the other servers and calls \a callback with their answers. Without a
    cluster there is nobody to answer: \a callback gets no error and no responses at once.
*/
void Adapter::serverSideEmitWithAck(const QVariantList &data, AckCallback callback)
{
    serverSideEmit(data);
    if (callback)
        callback(QVariant(), {});
}

/*!
    Delivers \a data ([event, args...]), sent by another server with serverSideEmit(), to the
    handlers of the namespace's on(). When \a reply is set the sender waits for an answer: the
    handler's Ack calls it (once).
*/
void Adapter::receiveServerSideEmit(const QVariantList &data, std::function<void(const QVariantList &reply)> reply)
{
    NamespacePrivate::get(m_nsp)->receiveServerSideEmit(data, std::move(reply));
}

/*!
    Looks up the session \a pid with the packets sent after \a offset and calls \a done with it,
    or with nothing when there is none; a cluster adapter answers when its store did. The base
    answers at once with restoreSession().
*/
void Adapter::restoreSessionAsync(const QString &pid, const QString &offset, RestoreCallback done)
{
    if (done)
        done(restoreSession(pid, offset));
}

/*! Keeps \a session for a later restoreSession(); the base adapter keeps nothing. */
void Adapter::persistSession(const Session &session)
{
    Q_UNUSED(session);
}

/*! Returns the session \a pid with the packets sent after \a offset; the base adapter has none. */
std::optional<Session> Adapter::restoreSession(const QString &pid, const QString &offset)
{
    Q_UNUSED(pid);
    Q_UNUSED(offset);
    return std::nullopt;
}

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Whether a packet broadcast with options reached a socket in rooms.
bool shouldInclude(const QStringList &rooms, const BroadcastOptions &options)
{
    const bool included = options.rooms.isEmpty()
            || std::any_of(rooms.cbegin(), rooms.cend(), [&](const QString &r) { return options.rooms.contains(r); });
    const bool excluded =
            std::any_of(rooms.cbegin(), rooms.cend(), [&](const QString &r) { return options.except.contains(r); });
    return included && !excluded;
}

} // namespace

/*!
    \class SocketIo::InMemoryAdapter
    \inmodule SocketIo
    \brief The default adapter: rooms of one process.
*/
InMemoryAdapter::InMemoryAdapter(Namespace *nsp) : Adapter(nsp)
{
    m_epoch = QString::number(now(), 36);
    if (Server *server = nsp->server()) {
        const ConnectionStateRecovery recovery = server->options().connectionStateRecovery();
        m_recovery = recovery.enabled;
        m_maxDisconnection = recovery.maxDisconnectionDuration.count();
    }
}

bool InMemoryAdapter::recoveryEnabled() const
{
    return m_recovery;
}

void InMemoryAdapter::dropExpired()
{
    const qint64 threshold = now() - m_maxDisconnection;
    while (!m_packets.isEmpty() && m_packets.constFirst().emittedAt < threshold)
        m_packets.removeFirst();
    if (now() - m_lastSessionSweep < 1000)
        return;
    m_lastSessionSweep = now();
    m_sessions.removeIf([threshold](const auto &it) { return it.value().disconnectedAt < threshold; });
}

/*!
    Broadcasts \a data; with connection state recovery on, a non-volatile
    event also gets an offset as its last argument and is kept for
    maxDisconnectionDuration, to be replayed to sockets that reconnect.
*/
void InMemoryAdapter::broadcast(const QVariantList &data, const BroadcastOptions &options)
{
    if (!m_recovery || options.flags.isVolatile) {
        Adapter::broadcast(data, options);
        return;
    }
    dropExpired();
    const QString offset = m_epoch + QLatin1Char('-') + QString::number(++m_offsetCounter, 36);
    QVariantList withOffset = data;
    withOffset.append(offset);
    m_packets.append({offset, now(), options, withOffset});
    Adapter::broadcast(withOffset, options);
}

void InMemoryAdapter::persistSession(const Session &session)
{
    if (!m_recovery)
        return;
    dropExpired();
    m_sessions.insert(session.pid, {session, now()});
}

std::optional<Session> InMemoryAdapter::restoreSession(const QString &pid, const QString &offset)
{
    if (!m_recovery)
        return std::nullopt;
    dropExpired();
    const auto it = m_sessions.constFind(pid);
    if (it == m_sessions.cend())
        return std::nullopt;
    if (it->disconnectedAt + m_maxDisconnection < now()) {
        m_sessions.erase(it);
        return std::nullopt;
    }
    const auto from = std::find_if(m_packets.cbegin(), m_packets.cend(),
                                   [&offset](const StoredPacket &p) { return p.offset == offset; });
    if (from == m_packets.cend())
        return std::nullopt;
    Session session = it->session;
    m_sessions.erase(it);
    for (auto p = from + 1; p != m_packets.cend(); ++p) {
        if (shouldInclude(session.rooms, p->options))
            session.missedPackets.append(p->data);
    }
    return session;
}
InMemoryAdapter::~InMemoryAdapter() = default;

/*!
    Returns every room with its members, the sockets' own rooms included.
*/
QHash<QString, QSet<QString>> InMemoryAdapter::rooms() const
{
    QHash<QString, QSet<QString>> all = m_rooms;
    for (auto it = m_sids.cbegin(); it != m_sids.cend(); ++it) {
        if (it->contains(it.key()))
            all[it.key()].insert(it.key());
    }
    return all;
}

// Whether the socket id is a member of the room named by its id.
bool InMemoryAdapter::inOwnRoom(const QString &id) const
{
    const auto it = m_sids.constFind(id);
    return it != m_sids.cend() && it->contains(id);
}

bool InMemoryAdapter::roomExists(const QString &room) const
{
    return m_rooms.contains(room) || inOwnRoom(room);
}

void InMemoryAdapter::addAll(const QString &id, const QStringList &rooms)
{
    m_sids[id]; // a socket that joins nothing is still known; no reference kept across signals
    for (const QString &room : rooms) {
        if (m_sids.value(id).contains(room))
            continue;
        const bool created = !roomExists(room);
        m_sids[id].append(room);
        if (room != id)
            m_rooms[room].insert(id);
        if (created)
            Q_EMIT roomCreated(room);
        Q_EMIT joinedRoom(room, id);
    }
}

void InMemoryAdapter::del(const QString &id, const QString &room)
{
    auto sid = m_sids.find(id);
    if (sid == m_sids.end() || !sid->removeOne(room))
        return;
    leaveRoom(id, room);
}

void InMemoryAdapter::delAll(const QString &id)
{
    const QStringList rooms = m_sids.take(id);
    for (const QString &room : rooms)
        leaveRoom(id, room);
}

// Takes id out of room's members, deleting the room once empty. The caller has taken the room
// out of m_sids[id] already.
void InMemoryAdapter::leaveRoom(const QString &id, const QString &room)
{
    if (room != id) {
        auto it = m_rooms.find(room);
        if (it == m_rooms.end() || !it->remove(id))
            return;
        if (it->isEmpty())
            m_rooms.erase(it);
    }
    const bool emptied = !roomExists(room);
    Q_EMIT leftRoom(room, id);
    if (emptied)
        Q_EMIT roomDeleted(room);
}

QSet<QString> InMemoryAdapter::sockets(const QSet<QString> &rooms) const
{
    BroadcastOptions options;
    options.rooms = rooms;
    QSet<QString> ids;
    apply(options, [&ids](Socket *socket) { ids.insert(socket->id()); });
    return ids;
}

QStringList InMemoryAdapter::socketRooms(const QString &id) const
{
    return m_sids.value(id);
}

QSet<QString> InMemoryAdapter::exceptSids(const QSet<QString> &exceptRooms) const
{
    QSet<QString> ids;
    for (const QString &room : exceptRooms) {
        const auto it = m_rooms.constFind(room);
        if (it != m_rooms.cend())
            ids.unite(*it);
        if (inOwnRoom(room))
            ids.insert(room);
    }
    return ids;
}

/*!
    Calls \a visitor once for every local socket in any of the options' rooms
    (every socket when there are none) and in none of its except rooms.
*/
void InMemoryAdapter::apply(const BroadcastOptions &options, const std::function<void(Socket *)> &visitor) const
{
    const QSet<QString> except = exceptSids(options.except);
    const auto &sockets = NamespacePrivate::get(nsp())->sockets;
    if (options.rooms.isEmpty()) {
        const auto all = sockets;
        for (auto it = all.cbegin(); it != all.cend(); ++it) {
            if (!except.contains(it.key()) && m_sids.contains(it.key()))
                visitor(it.value());
        }
        return;
    }
    // The members of one room are distinct: only several rooms need a record of who was visited.
    const bool several = options.rooms.size() > 1;
    QSet<QString> seen;
    const auto visit = [&](const QString &id) {
        if ((several && seen.contains(id)) || except.contains(id))
            return;
        if (Socket *socket = sockets.value(id)) {
            if (several)
                seen.insert(id);
            visitor(socket);
        }
    };
    for (const QString &room : options.rooms) {
        const auto members = m_rooms.value(room); // a copy: a visitor may join or leave rooms
        const bool owner = inOwnRoom(room);
        for (const QString &id : members)
            visit(id);
        if (owner)
            visit(room);
    }
}

} // namespace SocketIo
