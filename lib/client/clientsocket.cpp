// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "clientsocket.h"
#include "clientsocket_p.h"

#include "ack_p.h"
#include "client.h"
#include "client_p.h"
#include "socketiologging_p.h"

#include <QtCore/QThread>

#include <algorithm>

namespace SocketIo {

// ---------------------------------------------------------------------------
// ClientSocketPrivate

namespace {
const QString TimedOutError = QStringLiteral("operation has timed out");
const QString DisconnectedError = QStringLiteral("socket has been disconnected");
} // namespace

ClientSocketPrivate::ClientSocketPrivate(ClientSocket *q, Client *client, const QString &nsp, const QVariantMap &auth)
    : q_ptr(q), client(client), nsp(nsp), auth(auth)
{}

ClientSocket *ClientSocketPrivate::create(Client *client, const QString &nsp, const QVariantMap &auth)
{
    return new ClientSocket(client, nsp, auth);
}

void ClientSocketPrivate::sendConnect(const QVariantMap &data)
{
    Sio::Packet connect;
    connect.type = Sio::PacketType::Connect;
    connect.nsp = nsp;
    QVariantMap body = data;
    if (!pid.isEmpty()) {
        // socket.io-client: Object.assign({ pid, offset }, auth): auth wins.
        if (!body.contains(QStringLiteral("pid")))
            body.insert(QStringLiteral("pid"), pid);
        if (!body.contains(QStringLiteral("offset")))
            body.insert(QStringLiteral("offset"), lastOffset);
    }
    if (!body.isEmpty())
        connect.data = body;
    packet(connect);
}

// The engine is open (or already was when open() was called): send CONNECT,
// with the auth map or whatever the auth provider answers, now or later.
void ClientSocketPrivate::onEngineOpen()
{
    Q_Q(ClientSocket);
    if (connected)
        return;
    const quint64 attempt = ++connectAttempt;
    if (!authProvider.isAlive()) {
        sendConnect(auth);
        return;
    }
    QPointer<ClientSocket> guard(q);
    const ClientSocket::AuthProvider provider = authProvider.fn;
    provider([guard, attempt](const QVariantMap &data) {
        if (!guard)
            return;
        if (QThread::currentThread() != guard->thread()) {
            QMetaObject::invokeMethod(
                    guard.data(),
                    [guard, attempt, data] {
                        if (guard)
                            guard->d_func()->onAuthReply(attempt, data);
                    },
                    Qt::QueuedConnection);
            return;
        }
        guard->d_func()->onAuthReply(attempt, data);
    });
}

// Only the first reply for the current open counts: a late reply for an
// engine that has gone since, or a second call, sends nothing.
void ClientSocketPrivate::onAuthReply(quint64 attempt, const QVariantMap &data)
{
    if (attempt != connectAttempt || connected || !active || !client || client->state() != Client::State::Open) {
        qCDebug(lcClient) << "ignoring a stale auth reply for" << nsp;
        return;
    }
    ++connectAttempt;
    sendConnect(data);
}

void ClientSocketPrivate::onPacket(const Sio::Packet &p)
{
    if (!active) // socket.io-client unsubscribes an inactive socket from its manager
        return;
    switch (p.type) {
    case Sio::PacketType::Connect:
        onConnect(p.data.toMap());
        break;
    case Sio::PacketType::ConnectError:
        onConnectError(p.data);
        break;
    case Sio::PacketType::Event:
    case Sio::PacketType::BinaryEvent:
        onEvent(p);
        break;
    case Sio::PacketType::Ack:
    case Sio::PacketType::BinaryAck:
        onAck(p);
        break;
    case Sio::PacketType::Disconnect:
        if (connected) {
            active = false;
            onClose(ClientSocket::DisconnectReason::IoServerDisconnect);
            if (client)
                ClientPrivate::get(client)->socketDeactivated();
        }
        break;
    }
}

void ClientSocketPrivate::onConnect(const QVariantMap &data)
{
    Q_Q(ClientSocket);
    const QString sid = data.value(QStringLiteral("sid")).toString();
    if (sid.isEmpty() || connected)
        return;
    const QString newPid = data.value(QStringLiteral("pid")).toString();
    recovered = !newPid.isEmpty() && newPid == pid;
    pid = newPid;
    id = sid;
    connected = true;
    qCDebug(lcClient) << "socket connected" << nsp << id << (recovered ? "(recovered)" : "");
    QPointer<ClientSocket> guard(q);
    emitBuffered();
    if (!guard)
        return;
    drainQueue(true);
    if (!guard || !connected)
        return;
    Q_EMIT q->idChanged();
    Q_EMIT q->connectedChanged();
    Q_EMIT q->connected();
}

// What arrived before CONNECT was handled (a recovered session's missed
// packets come first), then what was emitted before it.
void ClientSocketPrivate::emitBuffered()
{
    Q_Q(ClientSocket);
    QPointer<ClientSocket> guard(q);
    const QList<ReceivedEvent> received = std::exchange(receiveBuffer, {});
    for (const ReceivedEvent &event : received) {
        dispatchEvent(event);
        if (!guard)
            return;
    }
    const QList<Sio::Packet> buffered = std::exchange(sendBuffer, {});
    for (const Sio::Packet &p : buffered) {
        notifyOutgoing(p);
        if (!guard)
            return;
        packet(p);
    }
}

void ClientSocketPrivate::onConnectError(const QVariant &data)
{
    Q_Q(ClientSocket);
    active = false;
    const QVariantMap error = data.toMap();
    const QString message = error.isEmpty() ? data.toString() : error.value(QStringLiteral("message")).toString();
    Q_EMIT q->connectError(message, error.value(QStringLiteral("data")));
    if (client)
        ClientPrivate::get(client)->socketDeactivated();
}

void ClientSocketPrivate::onOpenFailed(const QString &message)
{
    Q_Q(ClientSocket);
    if (active && !connected)
        Q_EMIT q->connectError(message, QVariant());
}

void ClientSocketPrivate::onEvent(const Sio::Packet &p)
{
    Q_Q(ClientSocket);
    QVariantList args = p.data.toList();
    if (args.isEmpty())
        return;
    ReceivedEvent received;
    received.event = args.takeFirst().toString();
    received.args = std::move(args);
    if (p.id >= 0) {
        QPointer<ClientSocket> guard(q);
        const qint64 ackId = p.id;
        received.ack = AckPrivate::create(
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
    if (connected)
        dispatchEvent(received);
    else
        receiveBuffer.append(std::move(received));
}

void ClientSocketPrivate::dispatchEvent(const ReceivedEvent &received)
{
    Q_Q(ClientSocket);
    QPointer<ClientSocket> guard(q);
    if (!anyListeners.notify(guard, received.event, received.args))
        return;
    if (!handlers.dispatch(received.event, guard, received.args, received.ack))
        return;
    Q_EMIT q->eventReceived(received.event, received.args);
    if (guard && !pid.isEmpty() && !received.args.isEmpty()
        && received.args.constLast().userType() == QMetaType::QString) {
        lastOffset = received.args.constLast().toString();
    }
}

void ClientSocketPrivate::onAck(const Sio::Packet &p)
{
    const auto it = acks.find(p.id);
    if (it == acks.end()) {
        qCDebug(lcClient) << "bad ack" << p.id;
        return;
    }
    PendingAck pending = it.value();
    acks.erase(it);
    delete pending.timer;
    if (pending.callback.isAlive())
        pending.callback.fn(QVariant(), p.data.toList());
}

void ClientSocketPrivate::onClose(ClientSocket::DisconnectReason reason)
{
    Q_Q(ClientSocket);
    const bool wasConnected = std::exchange(connected, false);
    if (wasConnected) {
        qCDebug(lcClient) << "socket" << nsp << id << "disconnected:" << ClientSocket::toString(reason);
        id.clear();
        QPointer<ClientSocket> guard(q);
        Q_EMIT q->idChanged();
        Q_EMIT q->connectedChanged();
        Q_EMIT q->disconnected(reason);
        if (!guard)
            return;
    }
    clearAcks();
}

// Acknowledgements that cannot come any more: their packet went out on the
// connection that is gone. Those still in the send buffer keep waiting.
void ClientSocketPrivate::clearAcks()
{
    QList<PendingAck> told;
    for (auto it = acks.begin(); it != acks.end();) {
        const qint64 ackId = it.key();
        const bool buffered = std::any_of(sendBuffer.cbegin(), sendBuffer.cend(), [ackId](const Sio::Packet &p) {
            return p.type == Sio::PacketType::Event && p.id == ackId;
        });
        if (buffered) {
            ++it;
            continue;
        }
        delete it->timer;
        if (it->withError)
            told.append(it.value());
        it = acks.erase(it);
    }
    for (const PendingAck &pending : std::as_const(told)) {
        if (pending.callback.isAlive())
            pending.callback.fn(DisconnectedError, {});
    }
}

// Sends a packet of this namespace if the client has a connection (acks,
// CONNECT, DISCONNECT, and events once connected).
void ClientSocketPrivate::packet(const Sio::Packet &p)
{
    if (!client)
        return;
    Sio::Packet copy = p;
    copy.nsp = nsp;
    ClientPrivate::get(client)->sendPacket(copy);
}

bool ClientSocketPrivate::isTransportWritable() const
{
    if (!client)
        return false;
    const ClientPrivate *c = ClientPrivate::get(client);
    return c->engine && c->engine->isWritable();
}

bool ClientSocketPrivate::isEngineConnected() const
{
    if (!connected || !client)
        return false;
    const ClientPrivate *c = ClientPrivate::get(client);
    return c->engine && !c->engine->hasPingExpired();
}

void ClientSocketPrivate::notifyOutgoing(const Sio::Packet &p)
{
    Q_Q(ClientSocket);
    if (p.type != Sio::PacketType::Event || anyOutgoingListeners.isEmpty())
        return;
    QVariantList args = p.data.toList();
    const QString event = args.isEmpty() ? QString() : args.takeFirst().toString();
    QPointer<ClientSocket> guard(q);
    anyOutgoingListeners.notify(guard, event, args);
}

// socket.io-client's emit(): through the retry queue when retries are set,
// else now (connected), into the send buffer (not connected) or nowhere (a
// volatile packet that cannot be written at once).
bool ClientSocketPrivate::emitPacket(const QString &event, const QVariantList &args, const EmitFlags &flags,
                                     QObject *context, AckCallback callback)
{
    if (isReservedEventName(event)) {
        qCWarning(lcClient) << "\"" << event << "\" is a reserved event name";
        return false;
    }
    if (retries > 0 && !flags.fromQueue && !flags.isVolatile) {
        addToQueue(event, args, flags, context, std::move(callback));
        return true;
    }
    Sio::Packet p;
    p.type = Sio::PacketType::Event;
    QVariantList data{event};
    data.append(args);
    p.data = data;
    if (callback) {
        p.id = nextAckId++;
        const qint64 timeoutMs = flags.timeoutMs >= 0 ? flags.timeoutMs : ackTimeoutMs;
        // The queue's own callback does not hear about disconnections unless
        // it has a timeout; a caller's callback always does.
        registerAck(p.id, timeoutMs, ContextBound<AckCallback>(context, std::move(callback)),
                    !flags.fromQueue || timeoutMs >= 0);
    }
    const bool isConnected = isEngineConnected();
    if (flags.isVolatile && (!isConnected || !isTransportWritable())) {
        qCDebug(lcClient) << "discarding volatile packet" << event << "(transport not writable)";
        return false;
    }
    if (isConnected) {
        Q_Q(ClientSocket);
        QPointer<ClientSocket> guard(q);
        notifyOutgoing(p);
        if (guard)
            packet(p);
    } else {
        sendBuffer.append(p);
    }
    return true;
}

void ClientSocketPrivate::registerAck(qint64 ackId, qint64 timeoutMs, ContextBound<AckCallback> callback,
                                      bool withError)
{
    Q_Q(ClientSocket);
    PendingAck pending{std::move(callback), nullptr, withError};
    if (timeoutMs >= 0) {
        pending.timer = new QTimer(q);
        pending.timer->setSingleShot(true);
        QObject::connect(pending.timer, &QTimer::timeout, q,
                         [this, ackId, timeoutMs] { onAckTimeout(ackId, timeoutMs); });
        pending.timer->start(int(timeoutMs));
    }
    acks.insert(ackId, pending);
}

void ClientSocketPrivate::onAckTimeout(qint64 ackId, qint64 timeoutMs)
{
    const auto it = acks.find(ackId);
    if (it == acks.end())
        return;
    PendingAck expired = it.value();
    acks.erase(it);
    sendBuffer.removeIf(
            [ackId](const Sio::Packet &queued) { return queued.type == Sio::PacketType::Event && queued.id == ackId; });
    expired.timer->deleteLater();
    qCDebug(lcClient) << "event with ack id" << ackId << "has timed out after" << timeoutMs << "ms";
    if (expired.callback.isAlive())
        expired.callback.fn(TimedOutError, {});
}

// socket.io-client's _addToQueue(): every queued emit asks for an ack, so
// that it can be sent again (up to retries times) when the ack times out.
void ClientSocketPrivate::addToQueue(const QString &event, const QVariantList &args, const EmitFlags &flags,
                                     QObject *context, AckCallback callback)
{
    QueuedPacket queued;
    queued.id = nextQueueId++;
    queued.event = event;
    queued.args = args;
    queued.flags = flags;
    queued.flags.fromQueue = true;
    if (callback)
        queued.ack = ContextBound<AckCallback>(context, std::move(callback));
    queue.append(std::move(queued));
    drainQueue();
}

void ClientSocketPrivate::onQueueAck(qint64 queueId, const QVariant &error, const QVariantList &args)
{
    Q_Q(ClientSocket);
    if (queue.isEmpty() || queue.constFirst().id != queueId) {
        qCDebug(lcClient) << "packet" << queueId << "already acknowledged";
        return;
    }
    QPointer<ClientSocket> guard(q);
    if (!error.isNull()) {
        if (queue.constFirst().tryCount > retries) {
            qCDebug(lcClient) << "packet" << queueId << "is discarded after" << queue.constFirst().tryCount << "tries";
            const QueuedPacket discarded = queue.takeFirst();
            if (discarded.ack.isAlive())
                discarded.ack.fn(error, {});
        }
    } else {
        const QueuedPacket sent = queue.takeFirst();
        if (sent.ack.isAlive())
            sent.ack.fn(QVariant(), args);
    }
    if (!guard)
        return;
    if (!queue.isEmpty() && queue.constFirst().id == queueId)
        queue.first().pending = false;
    drainQueue();
}

// Sends the head of the queue unless it is waiting for its ack; force sends
// it again after a reconnection.
void ClientSocketPrivate::drainQueue(bool force)
{
    if (!connected || queue.isEmpty())
        return;
    QueuedPacket &head = queue.first();
    if (head.pending && !force) {
        qCDebug(lcClient) << "packet" << head.id << "has already been sent and is waiting for an ack";
        return;
    }
    head.pending = true;
    ++head.tryCount;
    qCDebug(lcClient) << "sending packet" << head.id << "( try" << head.tryCount << ")";
    const qint64 queueId = head.id;
    const QString event = head.event;
    const QVariantList args = head.args;
    const EmitFlags flags = head.flags;
    emitPacket(event, args, flags, nullptr, [this, queueId](const QVariant &error, const QVariantList &reply) {
        onQueueAck(queueId, error, reply);
    });
}

// ---------------------------------------------------------------------------
// ClientSocketEmitter

/*!
    \class SocketIo::ClientSocketEmitter
    \inmodule SocketIo
    \brief Emits from a ClientSocket with flags:
    socket->timeout(5s).emitWithAck(...), socket->asVolatile().emitEvent(...).

    An emitter holds a weak pointer to its socket: once the socket is gone,
    emitting does nothing and returns \c false.
*/
ClientSocketEmitter::ClientSocketEmitter(ClientSocket *socket, qint64 timeoutMs)
    : m_socket(socket), m_timeoutMs(timeoutMs)
{}

/*!
    Returns a copy that gives up waiting for an acknowledgement after
    \a timeout; it takes precedence over ClientSocket::ackTimeout().
*/
ClientSocketEmitter ClientSocketEmitter::timeout(std::chrono::milliseconds timeout) const
{
    ClientSocketEmitter copy(*this);
    copy.m_timeoutMs = timeout.count();
    return copy;
}

/*!
    Returns a volatile copy: its packets are dropped, not buffered, when the
    socket is not connected or the transport is busy writing (socket.io-client's
    \c volatile flag). Volatile packets never go through the retry queue.
*/
ClientSocketEmitter ClientSocketEmitter::asVolatile() const
{
    ClientSocketEmitter copy(*this);
    copy.m_volatile = true;
    return copy;
}

/*! Whether packets sent through this emitter are volatile. */
bool ClientSocketEmitter::isVolatile() const
{
    return m_volatile;
}

/*! Emits \a event with \a args; see ClientSocket::emitEvent(). */
bool ClientSocketEmitter::emitEvent(const QString &event, const QVariantList &args) const
{
    if (!m_socket)
        return false;
    ClientSocketPrivate::EmitFlags flags;
    flags.timeoutMs = m_timeoutMs;
    flags.isVolatile = m_volatile;
    return ClientSocketPrivate::get(m_socket)->emitPacket(event, args, flags, nullptr, {});
}

/*!
    Emits \a event with \a args and calls \a callback (while \a context lives)
    with the server's answer, or with the error "operation has timed out".
*/
bool ClientSocketEmitter::emitWithAck(const QString &event, const QVariantList &args, QObject *context,
                                      AckCallback callback) const
{
    if (!m_socket)
        return false;
    ClientSocketPrivate::EmitFlags flags;
    flags.timeoutMs = m_timeoutMs;
    flags.isVolatile = m_volatile;
    return ClientSocketPrivate::get(m_socket)->emitPacket(event, args, flags, context, std::move(callback));
}

// ---------------------------------------------------------------------------
// ClientSocket

/*!
    \class SocketIo::ClientSocket
    \inmodule SocketIo
    \brief One namespace of a Client: socket.io-client's Socket.

    Created by Client::socket(). It sends CONNECT (with its auth map) once the
    client is open, and again after every reconnection until disconnect() is
    called or the server disconnects it. Events emitted while not connected
    are buffered and sent after CONNECT (unless volatile, see asVolatile());
    events that arrive before CONNECT is handled are delivered right after it,
    before connected(). Binary data (QByteArray) may appear anywhere in the
    arguments.

    The auth payload of CONNECT is either a fixed map (setAuth(QVariantMap))
    or asked for at each connection and reconnection from a provider
    (setAuth(QObject *, AuthProvider)), which may answer later.

    With setRetries(), emits go through a queue: one at a time, each with an
    acknowledgement, sent again when the acknowledgement does not come within
    ackTimeout() (socket.io-client 4.6's \c retries and \c ackTimeout
    options).

    When the connection is lost, waiting acknowledgements whose packet was
    already sent get the error "socket has been disconnected".

    With connection state recovery on the server, the socket keeps the private
    id from CONNECT and the offset of the last event (its last string
    argument), sends both in the next CONNECT, and recovered() tells whether
    the server restored the session.

    Disconnect reasons are socket.io-client's, as DisconnectReason; toString()
    gives their spelling ("io server disconnect", "io client disconnect",
    "transport close", "transport error", "ping timeout", "parse error").
*/

ClientSocket::ClientSocket(Client *client, const QString &nsp, const QVariantMap &auth)
    : QObject(client), d_ptr(std::make_unique<ClientSocketPrivate>(this, client, nsp, auth))
{}

/*! Destroys the socket; pending acknowledgements are dropped. */
ClientSocket::~ClientSocket() = default;

/*! The client this socket belongs to. */
Client *ClientSocket::client() const
{
    return d_func()->client;
}

/*! The namespace, such as "/" or "/admin". */
QString ClientSocket::nsp() const
{
    return d_func()->nsp;
}

/*! \property SocketIo::ClientSocket::id \brief The socket id the server gave; empty while not connected. */
QString ClientSocket::id() const
{
    return d_func()->id;
}

/*! \property SocketIo::ClientSocket::connected \brief Whether the namespace is connected. */
bool ClientSocket::isConnected() const
{
    return d_func()->connected;
}

/*! Whether the socket wants to be connected (reconnects with its client). */
bool ClientSocket::isActive() const
{
    return d_func()->active;
}

/*! Whether the last CONNECT restored the previous session (connection state recovery). */
bool ClientSocket::recovered() const
{
    return d_func()->recovered;
}

/*! The auth map sent with CONNECT; empty when a provider is set. */
QVariantMap ClientSocket::auth() const
{
    return d_func()->auth;
}

/*! Sets the \a auth map for the next CONNECT; it replaces an auth provider. */
void ClientSocket::setAuth(const QVariantMap &auth)
{
    Q_D(ClientSocket);
    d->auth = auth;
    d->authProvider = {};
}

/*!
    \typedef SocketIo::ClientSocket::AuthProvider
    A function called with an AuthReply before each CONNECT.
*/
/*!
    \typedef SocketIo::ClientSocket::AuthReply
    Sends CONNECT with the given auth map. Only the first call after each
    (re)connection counts; call it on the socket's thread or it is queued there.
*/

/*!
    Asks \a provider for the auth map before each CONNECT, that is at each
    connection and reconnection, as long as \a context lives
    (socket.io-client's \c auth callback). The provider may call its reply
    at once or later; the socket stays unconnected until it does. This
    replaces the auth map.
*/
void ClientSocket::setAuth(QObject *context, AuthProvider provider)
{
    Q_D(ClientSocket);
    d->auth.clear();
    d->authProvider =
            provider ? ContextBound<AuthProvider>(context, std::move(provider)) : ContextBound<AuthProvider>();
}

/*! Whether the auth map comes from a provider (see setAuth()). */
bool ClientSocket::hasAuthProvider() const
{
    return d_func()->authProvider.isAlive();
}

/*!
    How many times an emit is sent again when its acknowledgement does not
    come in time; 0 (the default) disables the retry queue.
*/
int ClientSocket::retries() const
{
    return d_func()->retries;
}

/*!
    Sets the number of \a retries. With retries, every emit (but volatile
    ones) waits in a queue and is sent once the previous one was
    acknowledged, asks for an acknowledgement even without a callback, and is
    sent again up to \a retries times when ackTimeout() expires; after that
    its callback gets the error "operation has timed out".
*/
void ClientSocket::setRetries(int retries)
{
    d_func()->retries = qMax(0, retries);
}

/*! The default acknowledgement timeout; negative (the default) waits forever. */
std::chrono::milliseconds ClientSocket::ackTimeout() const
{
    return std::chrono::milliseconds(d_func()->ackTimeoutMs);
}

/*!
    Sets the default acknowledgement \a timeout, used when an emit has no
    timeout() of its own; a negative value waits forever.
*/
void ClientSocket::setAckTimeout(std::chrono::milliseconds timeout)
{
    d_func()->ackTimeoutMs = timeout.count() < 0 ? -1 : timeout.count();
}

/*!
    Calls \a handler for each \a event while \a context lives. The handler's
    Ack is valid when the server asked for an acknowledgement.
*/
void ClientSocket::on(const QString &event, QObject *context, EventHandler handler)
{
    Q_D(ClientSocket);
    d->handlers.on(event, context, std::move(handler));
}

/*! Removes the handlers of \a event (only those bound to \a context if given). */
void ClientSocket::off(const QString &event, QObject *context)
{
    Q_D(ClientSocket);
    d->handlers.off(event, context);
}

/*! Calls \a handler for every incoming event while \a context lives. */
void ClientSocket::onAny(QObject *context, AnyHandler handler)
{
    Q_D(ClientSocket);
    d->anyListeners.append(context, std::move(handler));
}

/*! Like onAny(), but \a handler is called before the catch-all handlers already added. */
void ClientSocket::prependAny(QObject *context, AnyHandler handler)
{
    Q_D(ClientSocket);
    d->anyListeners.prepend(context, std::move(handler));
}

/*! Removes the catch-all handlers (only those bound to \a context if given). */
void ClientSocket::offAny(QObject *context)
{
    Q_D(ClientSocket);
    d->anyListeners.remove(context);
}

/*!
    Calls \a handler for every outgoing event while \a context lives, when
    it is written to the connection (for a buffered emit: after CONNECT; with
    retries: at each try). Acknowledgements are not events.
*/
void ClientSocket::onAnyOutgoing(QObject *context, AnyHandler handler)
{
    Q_D(ClientSocket);
    d->anyOutgoingListeners.append(context, std::move(handler));
}

/*! Like onAnyOutgoing(), but \a handler is called before those already added. */
void ClientSocket::prependAnyOutgoing(QObject *context, AnyHandler handler)
{
    Q_D(ClientSocket);
    d->anyOutgoingListeners.prepend(context, std::move(handler));
}

/*! Removes the outgoing catch-all handlers (only those bound to \a context if given). */
void ClientSocket::offAnyOutgoing(QObject *context)
{
    Q_D(ClientSocket);
    d->anyOutgoingListeners.remove(context);
}

/*!
    Emits \a event with \a args to the server, now or after CONNECT. Returns
    \c false for a reserved event name.
*/
bool ClientSocket::emitEvent(const QString &event, const QVariantList &args)
{
    return ClientSocketEmitter(this, -1).emitEvent(event, args);
}

/*!
    Emits \a event with \a args and calls \a callback (while \a context lives)
    with a null error and the server's answer. Without timeout() or
    ackTimeout() it waits until the answer comes or the connection is lost
    (error "socket has been disconnected").
*/
bool ClientSocket::emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback)
{
    return ClientSocketEmitter(this, -1).emitWithAck(event, args, context, std::move(callback));
}

/*! Returns an emitter whose acknowledgements time out after \a timeout. */
ClientSocketEmitter ClientSocket::timeout(std::chrono::milliseconds timeout)
{
    return ClientSocketEmitter(this, timeout.count());
}

/*!
    Returns an emitter whose packets are dropped when they cannot be written
    at once: the socket is not connected, or the transport is busy (a
    long-polling request or WebSocket frame still being written). The emit
    functions then return \c false.
*/
ClientSocketEmitter ClientSocket::asVolatile()
{
    return ClientSocketEmitter(this, -1).asVolatile();
}

/*! Connects the namespace, opening the client if needed (socket.io-client's connect()). */
void ClientSocket::open()
{
    Q_D(ClientSocket);
    if (d->connected || !d->client)
        return;
    d->active = true;
    Client *c = d->client;
    if (c->state() == Client::State::Open)
        d->onEngineOpen();
    else if (c->state() == Client::State::Closed)
        c->open();
}

/*!
    Leaves the namespace: the server sees "client namespace disconnect", this
    socket emits disconnected(IoClientDisconnect), and the client closes
    when no other socket is active.
*/
void ClientSocket::disconnect()
{
    Q_D(ClientSocket);
    if (d->connected) {
        Sio::Packet p;
        p.type = Sio::PacketType::Disconnect;
        d->packet(p);
    }
    d->active = false;
    d->onClose(DisconnectReason::IoClientDisconnect);
    if (d->client)
        ClientPrivate::get(d->client)->socketDeactivated();
}

/*! \fn void SocketIo::ClientSocket::connected() The server accepted the CONNECT. */
/*! \fn void SocketIo::ClientSocket::disconnected(SocketIo::ClientSocket::DisconnectReason reason)
    The namespace was left for \a reason; toString() spells it as socket.io-client does. */

/*!
    \enum SocketIo::ClientSocket::DisconnectReason
    Why a socket left its namespace, as socket.io-client names it.
    \value IoServerDisconnect The server disconnected the socket ("io server disconnect").
    \value IoClientDisconnect disconnect() or Client::close() was called ("io client disconnect").
    \value PingTimeout The server stopped pinging ("ping timeout").
    \value TransportClose The connection was closed ("transport close").
    \value TransportError The connection failed ("transport error").
    \value ParseError The server sent a packet the client could not read ("parse error").
*/

/*! Returns the spelling of \a reason that socket.io-client uses. */
QString ClientSocket::toString(DisconnectReason reason)
{
    switch (reason) {
    case DisconnectReason::IoServerDisconnect:
        return QStringLiteral("io server disconnect");
    case DisconnectReason::IoClientDisconnect:
        return QStringLiteral("io client disconnect");
    case DisconnectReason::PingTimeout:
        return QStringLiteral("ping timeout");
    case DisconnectReason::TransportClose:
        return QStringLiteral("transport close");
    case DisconnectReason::TransportError:
        return QStringLiteral("transport error");
    case DisconnectReason::ParseError:
        return QStringLiteral("parse error");
    }
    return {};
}
/*! \fn void SocketIo::ClientSocket::connectError(const QString &message, const QVariant &data)
    The server refused the CONNECT (a middleware's reject(message, data)), or the client could not open. */

} // namespace SocketIo
