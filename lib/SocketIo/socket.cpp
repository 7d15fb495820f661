// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "socket.h"
#include "socket_p.h"

#include "ack_p.h"
#include "adapter.h"
#include "connection_p.h"
#include "namespace_p.h"
#include "next_p.h"
#include "server.h"
#include "socketiologging_p.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>

namespace SocketIo {

// ---------------------------------------------------------------------------
// SocketPrivate

SocketPrivate::SocketPrivate(Namespace *nsp, Connection *connection, const QString &id, const Handshake &handshake)
    : nsp(nsp), connection(connection), id(id), handshake(handshake)
{}

// A new socket, or the one a recovered session describes.
Socket *SocketPrivate::create(Namespace *nsp, Connection *connection, const Handshake &handshake,
                              const std::optional<Session> &session)
{
    QString id;
    if (session) {
        id = session->sid;
    } else if (connection->isLegacyClient()) {
        // A Socket.IO 2 client computes its socket's id itself: use the same.
        const QString engineId = connection->conn()->id();
        id = nsp->name() == QLatin1String("/") ? engineId : nsp->name() + u'#' + engineId;
    } else {
        id = randomId(); // not the engine id, which is sensitive
    }
    auto d = std::make_unique<SocketPrivate>(nsp, connection, id, handshake);
    if (session) {
        d->pid = session->pid;
        d->data = session->data;
        d->restoredRooms = session->rooms;
        d->missedPackets = session->missedPackets;
        d->recovered = true;
    } else if (d->recoveryEnabled()) {
        d->pid = randomId();
    }
    return new Socket(std::move(d), nsp);
}

bool SocketPrivate::recoveryEnabled() const
{
    return nsp->server() && nsp->server()->options().connectionStateRecovery().enabled;
}

void SocketPrivate::onConnect()
{
    connected = true;
    QStringList rooms{id};
    for (const QString &room : std::as_const(restoredRooms)) {
        if (room != id)
            rooms.append(room);
    }
    nsp->adapter()->addAll(id, rooms);
    restoredRooms.clear();
    Sio::Packet reply;
    reply.type = Sio::PacketType::Connect;
    // A Socket.IO 2 client refuses a CONNECT with a payload.
    if (!connection || !connection->isLegacyClient()) {
        QVariantMap body{{QStringLiteral("sid"), id}};
        if (!pid.isEmpty())
            body.insert(QStringLiteral("pid"), pid);
        reply.data = body;
    }
    packet(reply);
    // What a recovered socket missed while it was away, offsets included.
    for (const QVariantList &missed : std::as_const(missedPackets)) {
        Sio::Packet event;
        event.type = Sio::PacketType::Event;
        event.data = missed;
        packet(event);
    }
    missedPackets.clear();
}

void SocketPrivate::onPacket(Sio::Packet &&p)
{
    switch (p.type) {
    case Sio::PacketType::Event:
    case Sio::PacketType::BinaryEvent:
        onEvent(std::move(p));
        break;
    case Sio::PacketType::Ack:
    case Sio::PacketType::BinaryAck:
        onAck(p);
        break;
    case Sio::PacketType::Disconnect:
        onClose(Socket::DisconnectReason::ClientNamespaceDisconnect);
        break;
    default:
        break;
    }
}

void SocketPrivate::onEvent(Sio::Packet &&p)
{
    Q_Q(Socket);
    // The decoder made the list; taking it over spares a copy when the name is taken off.
    QVariantList args = p.data.typeId() == QMetaType::QVariantList
            ? std::move(*static_cast<QVariantList *>(p.data.data()))
            : p.data.toList();
    if (args.isEmpty())
        return;
    const QString event = args.takeFirst().toString();
    Ack ack;
    if (p.id >= 0) {
        QPointer<Socket> guard(q);
        const qint64 ackId = p.id;
        ack = AckPrivate::create(
                [guard, ackId](const QVariantList &reply) {
                    if (!guard)
                        return;
                    Sio::Packet answer;
                    answer.type = Sio::PacketType::Ack;
                    answer.id = ackId;
                    answer.data = reply;
                    guard->d_func()->packet(answer);
                },
                ackId);
    }
    QPointer<Socket> guard(q);
    if (!anyListeners.isEmpty() && !anyListeners.notify(guard, event, args))
        return;
    pruneDead(middlewares);
    if (middlewares.isEmpty()) { // the common case: no copies, no continuation
        if (connected)
            dispatch(event, args, ack);
        return;
    }
    QVariantList full = args;
    full.prepend(event);
    runMiddlewares(full, 0, [guard, event, args, ack](bool ok, const QString &message, const QVariant &data) {
        if (!guard)
            return;
        if (!ok) {
            Q_EMIT guard->middlewareError(message, data);
            return;
        }
        if (guard->d_func()->connected)
            guard->d_func()->dispatch(event, args, ack);
    });
}

void SocketPrivate::runMiddlewares(const QVariantList &packet, qsizetype index,
                                   std::function<void(bool, const QString &, const QVariant &)> done)
{
    Q_Q(Socket);
    while (index < middlewares.size() && !middlewares.at(index).isAlive())
        ++index;
    if (index >= middlewares.size()) {
        done(true, {}, {});
        return;
    }
    QPointer<Socket> guard(q);
    const auto middleware = middlewares.at(index).fn;
    middleware(packet,
               NextPrivate::create([guard, packet, index, done](bool ok, const QString &message, const QVariant &data) {
                   if (!guard)
                       return;
                   if (!ok)
                       done(false, message, data);
                   else
                       guard->d_func()->runMiddlewares(packet, index + 1, done);
               }));
}

void SocketPrivate::dispatch(const QString &event, const QVariantList &args, const Ack &ack)
{
    Q_Q(Socket);
    Q_EMIT q->eventReceived(event, args);
    handlers.dispatch(event, AlwaysAlive(), args, ack);
}

void SocketPrivate::onAck(const Sio::Packet &p)
{
    const auto entry = acks.take(p.id);
    if (entry.isAlive())
        entry.fn(QVariant(), p.data.toList());
    else
        qCDebug(lcSocket, "%s: unknown or expired ack %lld", qPrintable(id), p.id);
}

void SocketPrivate::onClose(Socket::DisconnectReason reason)
{
    Q_Q(Socket);
    if (!connected)
        return;
    qCDebug(lcSocket, "%s: disconnecting (%s)", qPrintable(id), qPrintable(Socket::toString(reason)));
    Q_EMIT q->disconnecting(reason);
    using R = Socket::DisconnectReason;
    const bool recoverable = reason == R::TransportError || reason == R::TransportClose || reason == R::ForcedClose
            || reason == R::PingTimeout || reason == R::ServerShuttingDown || reason == R::ForcedServerClose;
    if (recoverable && !pid.isEmpty())
        nsp->adapter()->persistSession({id, pid, nsp->adapter()->socketRooms(id), data, {}});
    nsp->adapter()->delAll(id);
    NamespacePrivate::get(nsp)->remove(q);
    if (connection)
        connection->remove(q);
    connected = false;
    Q_EMIT q->disconnected(reason);
    q->deleteLater();
}

void SocketPrivate::packet(Sio::Packet p, const BroadcastFlags &flags)
{
    p.nsp = nsp->name();
    if (connection)
        connection->writePacket(p, flags);
}

void SocketPrivate::notifyOutgoing(const QString &event, const QVariantList &args)
{
    if (!anyOutgoingListeners.isEmpty())
        anyOutgoingListeners.notify(AlwaysAlive(), event, args);
}

void SocketPrivate::registerAck(qint64 ackId, QObject *context, AckCallback callback, qint64 timeoutMs)
{
    Q_Q(Socket);
    acks.insert(ackId, {context, std::move(callback)});
    if (timeoutMs < 0)
        return;
    QTimer::singleShot(std::chrono::milliseconds(timeoutMs), q, [this, ackId] {
        const auto entry = acks.take(ackId);
        if (entry.isAlive())
            entry.fn(QStringLiteral("operation has timed out"), {});
    });
}

bool SocketPrivate::emitPacket(const QString &event, const QVariantList &args, const BroadcastFlags &flags,
                               QObject *context, AckCallback callback)
{
    if (isReservedEventName(event)) {
        qCWarning(lcSocket, "\"%s\" is a reserved event name", qPrintable(event));
        return false;
    }
    if (!connected)
        return false;
    Sio::Packet p;
    p.type = Sio::PacketType::Event;
    QVariantList data = args;
    data.prepend(event);
    p.data = data;
    if (callback) {
        p.id = NamespacePrivate::get(nsp)->nextAckId();
        registerAck(p.id, context, std::move(callback), flags.timeoutMs);
    } else if (!pid.isEmpty()) {
        // Through the adapter, so that the packet gets an offset and can be replayed.
        BroadcastOptions options;
        options.rooms.insert(id);
        options.flags = flags;
        nsp->adapter()->broadcast(data, options);
        return true;
    }
    notifyOutgoing(event, args);
    packet(p, flags);
    return true;
}

// ---------------------------------------------------------------------------
// SocketEmitter

/*!
    \class SocketIo::SocketEmitter
    \inmodule SocketIo
    \brief Emits to one socket with flags, as socket.timeout(ms).emit() does in Node.
*/
SocketEmitter::SocketEmitter(Socket *socket, const BroadcastFlags &flags) : m_socket(socket), m_flags(flags) {}

SocketEmitter SocketEmitter::timeout(std::chrono::milliseconds timeout) const
{
    SocketEmitter copy = *this;
    copy.m_flags.timeoutMs = timeout.count();
    return copy;
}

SocketEmitter SocketEmitter::asVolatile() const
{
    SocketEmitter copy = *this;
    copy.m_flags.isVolatile = true;
    return copy;
}

SocketEmitter SocketEmitter::compress(bool compress) const
{
    SocketEmitter copy = *this;
    copy.m_flags.compress = compress;
    return copy;
}

bool SocketEmitter::emitEvent(const QString &event, const QVariantList &args) const
{
    return m_socket && SocketPrivate::get(m_socket)->emitPacket(event, args, m_flags, nullptr, {});
}

/*!
    Emits \a event with \a args and calls \a callback (while \a context lives)
    with the client's answer, or with the error "operation has timed out".
*/
bool SocketEmitter::emitWithAck(const QString &event, const QVariantList &args, QObject *context,
                                AckCallback callback) const
{
    return m_socket && SocketPrivate::get(m_socket)->emitPacket(event, args, m_flags, context, std::move(callback));
}

// ---------------------------------------------------------------------------
// Socket

/*!
    \class SocketIo::Socket
    \inmodule SocketIo
    \brief One client connected to one namespace.

    A Socket is created by its Namespace when a client connects and passed to
    Namespace::connection(). It receives events through on() handlers (bound
    to a context object) and eventReceived(), emits with emitEvent() and
    emitWithAck(), joins and leaves rooms, and ends once with disconnecting()
    then disconnected(); it is deleted later by the event loop.

    Every socket is in the room named after its id.
*/
Socket::Socket(std::unique_ptr<SocketPrivate> d, QObject *parent) : QObject(parent), d_ptr(std::move(d))
{
    d_ptr->q_ptr = this;
}

Socket::~Socket() = default;

/*! Returns the wire spelling of \a reason (Node's disconnect reason strings). */
QString Socket::toString(DisconnectReason reason)
{
    switch (reason) {
    case DisconnectReason::TransportError:
        return QStringLiteral("transport error");
    case DisconnectReason::TransportClose:
        return QStringLiteral("transport close");
    case DisconnectReason::ForcedClose:
        return QStringLiteral("forced close");
    case DisconnectReason::PingTimeout:
        return QStringLiteral("ping timeout");
    case DisconnectReason::ParseError:
        return QStringLiteral("parse error");
    case DisconnectReason::ServerShuttingDown:
        return QStringLiteral("server shutting down");
    case DisconnectReason::ForcedServerClose:
        return QStringLiteral("forced server close");
    case DisconnectReason::ClientNamespaceDisconnect:
        return QStringLiteral("client namespace disconnect");
    case DisconnectReason::ServerNamespaceDisconnect:
        return QStringLiteral("server namespace disconnect");
    }
    return {};
}

/*! Returns the socket id: 20 characters, unique, distinct from the engine session id. */
QString Socket::id() const
{
    return d_func()->id;
}
Namespace *Socket::nsp() const
{
    return d_func()->nsp;
}
Handshake Socket::handshake() const
{
    return d_func()->handshake;
}
/*! Returns the rooms the socket is in, its own id first, then in joining order. */
QStringList Socket::rooms() const
{
    Q_D(const Socket);
    return d->nsp->adapter()->socketRooms(d->id);
}
/*! Returns the application's data attached to the socket (socket.data). */
QVariantMap Socket::data() const
{
    return d_func()->data;
}
void Socket::setData(const QVariantMap &data)
{
    Q_D(Socket);
    if (d->data == data)
        return;
    d->data = data;
    Q_EMIT dataChanged();
}
/*! Sets one entry, \a key, of data() to \a value (socket.data.key = value in Node). */
void Socket::setData(const QString &key, const QVariant &value)
{
    Q_D(Socket);
    if (d->data.value(key) == value && d->data.contains(key))
        return;
    d->data.insert(key, value);
    Q_EMIT dataChanged();
}
/*! Returns whether the connection state was recovered after a reconnection. */
bool Socket::recovered() const
{
    return d_func()->recovered;
}
bool Socket::isConnected() const
{
    return d_func()->connected;
}
/*! Returns the Engine.IO session under the socket (socket.conn). */
EngineSocket *Socket::conn() const
{
    Q_D(const Socket);
    return d->connection ? d->connection->conn() : nullptr;
}

/*!
    Calls \a handler with the arguments of every \a event the client emits,
    and an Ack to answer when the client asked for one, while \a context lives.
*/
void Socket::on(const QString &event, QObject *context, EventHandler handler)
{
    Q_D(Socket);
    d->handlers.on(event, context, std::move(handler));
}

/*! Removes the handlers of \a event (only those bound to \a context when given). */
void Socket::off(const QString &event, QObject *context)
{
    Q_D(Socket);
    d->handlers.off(event, context);
}

/*! Calls \a handler for every incoming event, before the event handlers. */
void Socket::onAny(QObject *context, AnyHandler handler)
{
    d_func()->anyListeners.append(context, std::move(handler));
}
void Socket::prependAny(QObject *context, AnyHandler handler)
{
    d_func()->anyListeners.prepend(context, std::move(handler));
}
void Socket::offAny(QObject *context)
{
    Q_D(Socket);
    d->anyListeners.remove(context);
}
/*! Calls \a handler for every event emitted to this socket, broadcasts included. */
void Socket::onAnyOutgoing(QObject *context, AnyHandler handler)
{
    d_func()->anyOutgoingListeners.append(context, std::move(handler));
}
void Socket::prependAnyOutgoing(QObject *context, AnyHandler handler)
{
    d_func()->anyOutgoingListeners.prepend(context, std::move(handler));
}
void Socket::offAnyOutgoing(QObject *context)
{
    Q_D(Socket);
    d->anyOutgoingListeners.remove(context);
}

/*!
    Adds a packet middleware: \a middleware sees [event, args...] of every
    incoming event and lets it through with Next::accept(), or refuses it with
    Next::reject(), which emits middlewareError() instead of dispatching.
*/
void Socket::use(QObject *context, PacketMiddleware middleware)
{
    d_func()->middlewares.append({context, std::move(middleware)});
}

/*! Emits \a event with \a args to this client. Reserved names are refused (\c false). */
bool Socket::emitEvent(const QString &event, const QVariantList &args)
{
    return d_func()->emitPacket(event, args, {}, nullptr, {});
}

/*! Emits \a event and calls \a callback with the client's answer, while \a context lives. */
bool Socket::emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback)
{
    return d_func()->emitPacket(event, args, {}, context, std::move(callback));
}

/*! Returns an emitter whose acknowledgements fail after \a timeout. */
SocketEmitter Socket::timeout(std::chrono::milliseconds timeout)
{
    return SocketEmitter(this, {}).timeout(timeout);
}
/*! Returns an emitter whose events are dropped when the transport is not writable. */
SocketEmitter Socket::asVolatile()
{
    return SocketEmitter(this, {}).asVolatile();
}
SocketEmitter Socket::compress(bool compress)
{
    return SocketEmitter(this, {}).compress(compress);
}

void Socket::join(const QString &room)
{
    join(QStringList{room});
}
/*! Joins \a rooms. */
void Socket::join(const QStringList &rooms)
{
    Q_D(Socket);
    if (!d->connected)
        return;
    d->nsp->adapter()->addAll(d->id, rooms);
}
/*! Leaves \a room. */
void Socket::leave(const QString &room)
{
    Q_D(Socket);
    d->nsp->adapter()->del(d->id, room);
}

/*! Starts a broadcast to \a room that leaves this socket out. */
BroadcastOperator Socket::to(const QString &room) const
{
    return broadcast().to(room);
}
BroadcastOperator Socket::to(const QStringList &rooms) const
{
    return broadcast().to(rooms);
}
BroadcastOperator Socket::except(const QString &room) const
{
    return broadcast().except(room);
}
BroadcastOperator Socket::except(const QStringList &rooms) const
{
    return broadcast().except(rooms);
}
/*! Starts a broadcast to every socket of the namespace but this one. */
BroadcastOperator Socket::broadcast() const
{
    Q_D(const Socket);
    BroadcastOptions options;
    options.except.insert(d->id);
    return BroadcastOperator(d->nsp, options);
}

/*!
    Disconnects from the namespace (the client sees "io server disconnect");
    with \a close, closes the whole underlying connection and so every
    namespace on it.
*/
void Socket::disconnect(bool close)
{
    Q_D(Socket);
    if (!d->connected)
        return;
    if (close && d->connection) {
        d->connection->disconnectAll();
        return;
    }
    Sio::Packet p;
    p.type = Sio::PacketType::Disconnect;
    d->packet(p);
    d->onClose(DisconnectReason::ServerNamespaceDisconnect);
}

} // namespace SocketIo
