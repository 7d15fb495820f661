// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "clientsocket.h"
#include "clientsocket_p.h"

#include "client.h"
#include "client_p.h"
#include "clientack_p.h"
#include "socketiologging_p.h"

namespace SocketIo {

// ---------------------------------------------------------------------------
// ClientSocketPrivate

ClientSocketPrivate::ClientSocketPrivate(ClientSocket *q, Client *client, const QString &nsp,
                                         const QVariantMap &auth)
    : q_ptr(q), client(client), nsp(nsp), auth(auth)
{
}

bool ClientSocketPrivate::isReserved(const QString &event)
{
    static const QStringList reserved = {
        QStringLiteral("connect"),        QStringLiteral("connect_error"),
        QStringLiteral("disconnect"),     QStringLiteral("disconnecting"),
        QStringLiteral("newListener"),    QStringLiteral("removeListener"),
    };
    return reserved.contains(event);
}

void ClientSocketPrivate::sendConnect()
{
    Sio::Packet connect;
    connect.type = Sio::PacketType::Connect;
    connect.nsp = nsp;
    QVariantMap body = auth;
    if (!pid.isEmpty()) {
        body.insert(QStringLiteral("pid"), pid);
        body.insert(QStringLiteral("offset"), lastOffset);
    }
    if (!body.isEmpty())
        connect.data = body;
    client->d_func()->sendPacket(connect);
}

void ClientSocketPrivate::onEngineOpen()
{
    if (!connected)
        sendConnect();
}

void ClientSocketPrivate::onPacket(const Sio::Packet &p)
{
    switch (p.type) {
    case Sio::PacketType::Connect:
        onConnect(p.data.toMap());
        break;
    case Sio::PacketType::ConnectError:
        onConnectError(p.data);
        break;
    case Sio::PacketType::Event:
    case Sio::PacketType::BinaryEvent:
        if (connected)
            onEvent(p);
        break;
    case Sio::PacketType::Ack:
    case Sio::PacketType::BinaryAck:
        if (connected)
            onAck(p);
        break;
    case Sio::PacketType::Disconnect:
        if (connected) {
            active = false;
            onClose(QStringLiteral("io server disconnect"));
            if (client)
                client->d_func()->socketDeactivated();
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
    const QList<Sio::Packet> buffered = std::exchange(sendBuffer, {});
    for (const Sio::Packet &packet : buffered)
        client->d_func()->sendPacket(packet);
    Q_EMIT q->idChanged();
    Q_EMIT q->connectedChanged();
    Q_EMIT q->connected();
}

void ClientSocketPrivate::onConnectError(const QVariant &data)
{
    Q_Q(ClientSocket);
    active = false;
    const QVariantMap error = data.toMap();
    const QString message = error.isEmpty() ? data.toString() : error.value(QStringLiteral("message")).toString();
    Q_EMIT q->connectError(message, error.value(QStringLiteral("data")));
    if (client)
        client->d_func()->socketDeactivated();
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
    const QString event = args.takeFirst().toString();
    if (!pid.isEmpty() && !args.isEmpty() && args.constLast().userType() == QMetaType::QString)
        lastOffset = args.constLast().toString();
    Ack ack;
    if (p.id >= 0) {
        QPointer<ClientSocket> guard(q);
        const qint64 ackId = p.id;
        ack = ClientAckFactory::create([guard, ackId](const QVariantList &reply) {
            if (!guard)
                return;
            Sio::Packet answer;
            answer.type = Sio::PacketType::Ack;
            answer.id = ackId;
            answer.data = reply;
            guard->d_func()->packet(answer);
        }, ackId);
    }
    QPointer<ClientSocket> guard(q);
    pruneDead(anyListeners);
    const auto listeners = anyListeners;
    for (const auto &listener : listeners) {
        if (listener.isAlive())
            listener.fn(event, args);
    }
    if (!guard)
        return;
    auto &list = handlers[event];
    pruneDead(list);
    const auto current = list;
    for (const auto &handler : current) {
        if (handler.isAlive())
            handler.fn(args, ack);
    }
    if (guard)
        Q_EMIT q->eventReceived(event, args);
}

void ClientSocketPrivate::onAck(const Sio::Packet &p)
{
    const auto it = acks.find(p.id);
    if (it == acks.end())
        return;
    PendingAck pending = it.value();
    acks.erase(it);
    delete pending.timer;
    if (pending.callback.isAlive())
        pending.callback.fn(QVariant(), p.data.toList());
}

void ClientSocketPrivate::onClose(const QString &reason)
{
    Q_Q(ClientSocket);
    if (!connected)
        return;
    qCDebug(lcClient) << "socket" << nsp << id << "disconnected:" << reason;
    connected = false;
    id.clear();
    Q_EMIT q->idChanged();
    Q_EMIT q->connectedChanged();
    Q_EMIT q->disconnected(reason);
}

void ClientSocketPrivate::packet(const Sio::Packet &p)
{
    Sio::Packet copy = p;
    copy.nsp = nsp;
    if (connected && client && client->d_func()->engine)
        client->d_func()->sendPacket(copy);
    else
        sendBuffer.append(copy);
}

bool ClientSocketPrivate::emitPacket(const QString &event, const QVariantList &args, qint64 timeoutMs,
                                     QObject *context, AckCallback callback)
{
    Q_Q(ClientSocket);
    if (isReserved(event)) {
        qCWarning(lcClient) << "\"" << event << "\" is a reserved event name";
        return false;
    }
    Sio::Packet p;
    p.type = Sio::PacketType::Event;
    QVariantList data{event};
    data.append(args);
    p.data = data;
    if (callback) {
        p.id = nextAckId++;
        PendingAck pending{ContextBound<AckCallback>(context, std::move(callback)), nullptr};
        if (timeoutMs >= 0) {
            pending.timer = new QTimer(q);
            pending.timer->setSingleShot(true);
            const qint64 ackId = p.id;
            QObject::connect(pending.timer, &QTimer::timeout, q, [this, ackId] {
                const auto it = acks.find(ackId);
                if (it == acks.end())
                    return;
                PendingAck expired = it.value();
                acks.erase(it);
                sendBuffer.removeIf([ackId](const Sio::Packet &queued) {
                    return queued.type == Sio::PacketType::Event && queued.id == ackId;
                });
                expired.timer->deleteLater();
                if (expired.callback.isAlive())
                    expired.callback.fn(QStringLiteral("operation has timed out"), {});
            });
            pending.timer->start(int(timeoutMs));
        }
        acks.insert(p.id, pending);
    }
    packet(p);
    return true;
}

// ---------------------------------------------------------------------------
// ClientSocketEmitter

/*!
    \class SocketIo::ClientSocketEmitter
    \inmodule SocketIo
    \brief Emits from a ClientSocket with a timeout: socket->timeout(5s).emitWithAck(...).
*/
ClientSocketEmitter::ClientSocketEmitter(ClientSocket *socket, qint64 timeoutMs)
    : m_socket(socket), m_timeoutMs(timeoutMs)
{
}

/*! Returns a copy that gives up waiting for an acknowledgement after \a timeout. */
ClientSocketEmitter ClientSocketEmitter::timeout(std::chrono::milliseconds timeout) const
{
    return ClientSocketEmitter(m_socket, timeout.count());
}

/*! Emits \a event with \a args; see ClientSocket::emitEvent(). */
bool ClientSocketEmitter::emitEvent(const QString &event, const QVariantList &args) const
{
    return m_socket && m_socket->d_func()->emitPacket(event, args, -1, nullptr, {});
}

/*!
    Emits \a event with \a args and calls \a callback (while \a context lives)
    with the server's answer, or with the error "operation has timed out".
*/
bool ClientSocketEmitter::emitWithAck(const QString &event, const QVariantList &args, QObject *context,
                                      AckCallback callback) const
{
    return m_socket && m_socket->d_func()->emitPacket(event, args, m_timeoutMs, context, std::move(callback));
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
    are buffered and sent after CONNECT. Binary data (QByteArray) may appear
    anywhere in the arguments.

    With connection state recovery on the server, the socket keeps the private
    id from CONNECT and the offset of the last event (its last string
    argument), sends both in the next CONNECT, and recovered() tells whether
    the server restored the session.

    Disconnect reasons are socket.io-client's: "io server disconnect",
    "io client disconnect", "transport close", "transport error",
    "ping timeout", "parse error".
*/

ClientSocket::ClientSocket(Client *client, const QString &nsp, const QVariantMap &auth)
    : QObject(client), d_ptr(std::make_unique<ClientSocketPrivate>(this, client, nsp, auth))
{
}

/*! Destroys the socket; pending acknowledgements are dropped. */
ClientSocket::~ClientSocket() = default;

/*! The client this socket belongs to. */
Client *ClientSocket::client() const { return d_func()->client; }

/*! The namespace, such as "/" or "/admin". */
QString ClientSocket::nsp() const { return d_func()->nsp; }

/*! \property SocketIo::ClientSocket::id \brief The socket id the server gave; empty while not connected. */
QString ClientSocket::id() const { return d_func()->id; }

/*! \property SocketIo::ClientSocket::connected \brief Whether the namespace is connected. */
bool ClientSocket::isConnected() const { return d_func()->connected; }

/*! Whether the socket wants to be connected (reconnects with its client). */
bool ClientSocket::isActive() const { return d_func()->active; }

/*! Whether the last CONNECT restored the previous session (connection state recovery). */
bool ClientSocket::recovered() const { return d_func()->recovered; }

/*! The auth map sent with CONNECT. */
QVariantMap ClientSocket::auth() const { return d_func()->auth; }
/*! Sets the \a auth map for the next CONNECT. */
void ClientSocket::setAuth(const QVariantMap &auth) { d_func()->auth = auth; }

/*!
    Calls \a handler for each \a event while \a context lives. The handler's
    Ack is valid when the server asked for an acknowledgement.
*/
void ClientSocket::on(const QString &event, QObject *context, EventHandler handler)
{
    Q_D(ClientSocket);
    if (handler)
        d->handlers[event].append(ContextBound<EventHandler>(context, std::move(handler)));
}

/*! Removes the handlers of \a event (only those bound to \a context if given). */
void ClientSocket::off(const QString &event, QObject *context)
{
    Q_D(ClientSocket);
    if (!context) {
        d->handlers.remove(event);
        return;
    }
    auto it = d->handlers.find(event);
    if (it != d->handlers.end())
        it->removeIf([context](const auto &entry) { return entry.context == context; });
}

/*! Calls \a handler for every incoming event while \a context lives. */
void ClientSocket::onAny(QObject *context, AnyHandler handler)
{
    Q_D(ClientSocket);
    if (handler)
        d->anyListeners.append(ContextBound<AnyHandler>(context, std::move(handler)));
}

/*! Removes the catch-all handlers (only those bound to \a context if given). */
void ClientSocket::offAny(QObject *context)
{
    Q_D(ClientSocket);
    if (!context)
        d->anyListeners.clear();
    else
        d->anyListeners.removeIf([context](const auto &entry) { return entry.context == context; });
}

/*!
    Emits \a event with \a args to the server, now or after CONNECT. Returns
    \c false for a reserved event name.
*/
bool ClientSocket::emitEvent(const QString &event, const QVariantList &args)
{
    return d_func()->emitPacket(event, args, -1, nullptr, {});
}

/*!
    Emits \a event with \a args and calls \a callback (while \a context lives)
    with a null error and the server's answer. Without timeout() it waits
    forever.
*/
bool ClientSocket::emitWithAck(const QString &event, const QVariantList &args, QObject *context,
                               AckCallback callback)
{
    return d_func()->emitPacket(event, args, -1, context, std::move(callback));
}

/*! Returns an emitter whose acknowledgements time out after \a timeout. */
ClientSocketEmitter ClientSocket::timeout(std::chrono::milliseconds timeout)
{
    return ClientSocketEmitter(this, timeout.count());
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
        d->sendConnect();
    else if (c->state() == Client::State::Closed)
        c->open();
}

/*!
    Leaves the namespace: the server sees "client namespace disconnect", this
    socket emits disconnected("io client disconnect"), and the client closes
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
    d->sendBuffer.clear();
    d->onClose(QStringLiteral("io client disconnect"));
    if (d->client)
        d->client->d_func()->socketDeactivated();
}

/*! \fn void SocketIo::ClientSocket::connected() The server accepted the CONNECT. */
/*! \fn void SocketIo::ClientSocket::disconnected(const QString &reason) The namespace was left, see the class docs for \a reason. */
/*! \fn void SocketIo::ClientSocket::connectError(const QString &message, const QVariant &data)
    The server refused the CONNECT (a middleware's reject(message, data)), or the client could not open. */

} // namespace SocketIo
