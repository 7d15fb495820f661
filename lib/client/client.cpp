// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "client.h"
#include "client_p.h"

#include "clientsocket.h"
#include "clientsocket_p.h"
#include "socketiologging_p.h"

#include <QtCore/QRandomGenerator>

#include <cmath>

namespace SocketIo {

// ---------------------------------------------------------------------------
// ClientBackoff

qint64 ClientBackoff::duration()
{
    double ms = double(min) * std::pow(2.0, attempts++);
    if (jitter > 0) {
        const double rand = QRandomGenerator::global()->generateDouble();
        const double deviation = std::floor(rand * jitter * ms);
        ms = (int(std::floor(rand * 10)) & 1) == 0 ? ms - deviation : ms + deviation;
    }
    return qint64(std::min(ms, double(max)));
}

// ---------------------------------------------------------------------------
// ClientPrivate

ClientPrivate::ClientPrivate(Client *q) : q_ptr(q)
{
    openTimer.setSingleShot(true);
    reconnectTimer.setSingleShot(true);
}

void ClientPrivate::setState(Client::State newState)
{
    Q_Q(Client);
    if (state == newState)
        return;
    state = newState;
    Q_EMIT q->stateChanged(state);
}

void ClientPrivate::setError(Client::Error newError, const QString &message)
{
    Q_Q(Client);
    error = newError;
    errorString = message;
    Q_EMIT q->errorOccurred(error);
}

void ClientPrivate::dropEngine()
{
    openTimer.stop();
    if (ClientEngine *old = engine.data()) {
        engine = nullptr;
        QObject::disconnect(old, nullptr, q_ptr, nullptr);
        old->closeAndDelete();
    }
    decoder.reset();
}

void ClientPrivate::onEngineOpened()
{
    Q_Q(Client);
    openTimer.stop();
    decoder.reset();
    const bool wasReconnecting = reconnecting;
    const int attempts = backoff.attempts;
    reconnecting = false;
    backoff.attempts = 0;
    error = Client::Error::NoError;
    errorString.clear();
    setState(Client::State::Open);
    qCDebug(lcClient) << "client open" << engine->sid() << engine->transportName();
    Q_EMIT q->opened();
    Q_EMIT q->transportChanged();
    if (wasReconnecting)
        Q_EMIT q->reconnected(attempts);
    const auto current = sockets;
    for (ClientSocket *socket : current) {
        if (engine && ClientSocketPrivate::get(socket)->active)
            ClientSocketPrivate::get(socket)->onEngineOpen();
    }
}

void ClientPrivate::onEnginePacket(const Eio::Packet &packet)
{
    const Sio::Decoder::Result result = packet.binary ? decoder.addBinary(packet.data) : decoder.addText(packet.data);
    if (result == Sio::Decoder::Result::Incomplete)
        return;
    if (result == Sio::Decoder::Result::Error) {
        qCWarning(lcClient) << "invalid packet:" << decoder.errorString();
        setError(Client::Error::ParseError, decoder.errorString());
        dropEngine();
        onClose(QStringLiteral("parse error"));
        return;
    }
    const Sio::Packet sio = decoder.takePacket();
    if (ClientSocket *socket = sockets.value(sio.nsp))
        ClientSocketPrivate::get(socket)->onPacket(sio);
}

void ClientPrivate::onEngineClosed(const QString &reason)
{
    if (reason == QLatin1String("ping timeout"))
        setError(Client::Error::PingTimeoutError, reason);
    else if (reason != QLatin1String("transport close"))
        setError(Client::Error::TransportError, reason);
    dropEngine();
    onClose(reason);
}

void ClientPrivate::onEngineFailed(const QString &message)
{
    Q_Q(Client);
    dropEngine();
    setState(Client::State::Closed);
    setError(message == QLatin1String("timeout") ? Client::Error::TimeoutError : Client::Error::ConnectionError,
             message);
    const auto current = sockets;
    for (ClientSocket *socket : current)
        ClientSocketPrivate::get(socket)->onOpenFailed(message);
    if (reconnecting) {
        reconnecting = false;
        Q_EMIT q->reconnectError(message);
        reconnect();
    } else if (reconnection && !skipReconnect && backoff.attempts == 0) {
        reconnect();
    }
}

// The engine is gone: sockets learn why, then maybe reconnect.
void ClientPrivate::onClose(const QString &reason)
{
    Q_Q(Client);
    backoff.attempts = 0;
    setState(Client::State::Closed);
    const auto current = sockets;
    const ClientSocket::DisconnectReason socketReason = reason == QLatin1String("ping timeout")
            ? ClientSocket::DisconnectReason::PingTimeout
            : reason == QLatin1String("transport close") ? ClientSocket::DisconnectReason::TransportClose
            : reason == QLatin1String("parse error")     ? ClientSocket::DisconnectReason::ParseError
                                                         : ClientSocket::DisconnectReason::TransportError;
    for (ClientSocket *socket : current)
        ClientSocketPrivate::get(socket)->onClose(socketReason);
    Q_EMIT q->closed(reason);
    if (reconnection && !skipReconnect)
        reconnect();
}

void ClientPrivate::reconnect()
{
    Q_Q(Client);
    if (reconnecting || skipReconnect)
        return;
    if (reconnectionAttempts >= 0 && backoff.attempts >= reconnectionAttempts) {
        qCDebug(lcClient) << "reconnect failed";
        backoff.attempts = 0;
        setState(Client::State::Closed);
        Q_EMIT q->reconnectFailed();
        return;
    }
    const qint64 delay = backoff.duration();
    reconnecting = true;
    setState(Client::State::Reconnecting);
    qCDebug(lcClient) << "will wait" << delay << "ms before reconnect attempt";
    reconnectTimer.start(int(delay));
}

void ClientPrivate::sendPacket(const Sio::Packet &packet)
{
    if (!engine)
        return;
    const Sio::Encoded encoded = Sio::encode(packet, decoder.format());
    if (!encoded.text.isEmpty()) // empty in the msgpack format: the packet is one binary message
        engine->send(Eio::Packet::text(Eio::PacketType::Message, encoded.text));
    for (const QByteArray &attachment : encoded.attachments)
        engine->send(Eio::Packet::bytes(attachment));
}

// A socket left: with no active socket left, the connection closes.
void ClientPrivate::socketDeactivated()
{
    for (ClientSocket *socket : std::as_const(sockets)) {
        if (ClientSocketPrivate::get(socket)->active)
            return;
    }
    q_ptr->close();
}

// ---------------------------------------------------------------------------
// Client

/*!
    \class SocketIo::Client
    \inmodule SocketIo
    \brief A Socket.IO client connection: the Manager of socket.io-client.

    A Client owns one Engine.IO session with a server (long-polling that
    upgrades to WebSocket by default, or WebSocket only) and multiplexes the
    namespaces the application opens with socket(). It answers the server's
    heartbeat, closes when the server falls silent for pingInterval +
    pingTimeout, and reconnects with an exponential, randomized backoff.

    Everything runs on the thread that owns the Client.

    \sa ClientSocket
*/

/*!
    \enum SocketIo::Client::State
    \value Closed No session and no reconnection pending.
    \value Opening The Engine.IO handshake is under way.
    \value Open The session is open.
    \value Reconnecting Waiting for the next reconnection attempt.
*/

/*! Constructs a client with no URL and the given \a parent. */
Client::Client(QObject *parent) : QObject(parent), d_ptr(std::make_unique<ClientPrivate>(this))
{
    Q_D(Client);
    connect(&d->openTimer, &QTimer::timeout, this, [this] {
        Q_D(Client);
        if (d->engine && d->state == State::Opening)
            d->onEngineFailed(QStringLiteral("timeout"));
    });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] {
        Q_D(Client);
        if (d->skipReconnect || !d->reconnecting)
            return;
        qCDebug(lcClient) << "attempting reconnect" << d->backoff.attempts;
        Q_EMIT reconnectAttempt(d->backoff.attempts);
        if (d->skipReconnect || !d->reconnecting)
            return;
        open();
    });
}

/*! Constructs a client for the server at \a url (http, https, ws or wss). */
Client::Client(const QUrl &url, QObject *parent) : Client(parent)
{
    d_func()->options.url = url;
}

/*! Closes the connection and destroys the client and its sockets. */
Client::~Client()
{
    Q_D(Client);
    d->skipReconnect = true;
    // The engine outlives the client long enough to say goodbye to the server,
    // and is safe to drop from inside one of its own signals.
    if (ClientEngine *engine = d->engine.data())
        engine->setParent(nullptr);
    d->dropEngine();
    const auto sockets = std::exchange(d->sockets, {});
    qDeleteAll(sockets);
}

/*! \property SocketIo::Client::url \brief The server's address; its path is ignored (see path()). */
QUrl Client::url() const
{
    return d_func()->options.url;
}
void Client::setUrl(const QUrl &url)
{
    Q_D(Client);
    if (d->options.url == url)
        return;
    d->options.url = url;
    Q_EMIT urlChanged();
}

/*! The Engine.IO path on the server; "/socket.io/" by default. */
QString Client::path() const
{
    return d_func()->options.path;
}
/*! Sets the Engine.IO \a path; takes effect on the next open(). */
void Client::setPath(const QString &path)
{
    d_func()->options.path = path;
}

/*! The transports the client may use; both by default (polling first, then the upgrade). */
Client::Transports Client::transports() const
{
    return d_func()->transports;
}
/*! Sets the allowed \a transports; WebSocket alone skips polling entirely. */
void Client::setTransports(Transports transports)
{
    d_func()->transports = transports;
}

/*! Whether a polling session tries to upgrade to WebSocket (default \c true). */
bool Client::upgrade() const
{
    return d_func()->options.upgrade;
}
void Client::setUpgrade(bool upgrade)
{
    d_func()->options.upgrade = upgrade;
}

/*! Extra query items sent with every Engine.IO request. */
QUrlQuery Client::query() const
{
    return d_func()->options.query;
}
void Client::setQuery(const QUrlQuery &query)
{
    d_func()->options.query = query;
}

/*! Extra HTTP headers sent with every polling request and the WebSocket handshake. */
QHash<QByteArray, QByteArray> Client::extraHeaders() const
{
    return d_func()->options.headers;
}
void Client::setExtraHeaders(const QHash<QByteArray, QByteArray> &headers)
{
    d_func()->options.headers = headers;
}

/*! Whether socket() connects the new socket at once (default \c true). */
bool Client::autoConnect() const
{
    return d_func()->autoConnect;
}
void Client::setAutoConnect(bool autoConnect)
{
    d_func()->autoConnect = autoConnect;
}

/*!
    \enum SocketIo::Client::Parser
    \brief How Socket.IO packets are written on the wire (socket.io-client's
    \c parser option); the server must use the same one
    (ServerOptions::Parser).

    \value Default socket.io-parser: JSON text plus binary attachments.
    \value Msgpack npm socket.io-msgpack-parser: every packet is one binary
        MessagePack message.
*/
Client::Parser Client::parser() const
{
    return d_func()->decoder.format() == Sio::Format::Msgpack ? Parser::Msgpack : Parser::Default;
}
/*!
    Reads and writes packets with \a parser (Parser::Default by default).
    Call it before open(): it applies to every packet from then on.
*/
void Client::setParser(Parser parser)
{
    Q_D(Client);
    d->decoder = Sio::Decoder(parser == Parser::Msgpack ? Sio::Format::Msgpack : Sio::Format::Json);
}

/*! How long the Engine.IO handshake may take (default 20 s). */
std::chrono::milliseconds Client::timeout() const
{
    return std::chrono::milliseconds(d_func()->timeoutMs);
}
void Client::setTimeout(std::chrono::milliseconds timeout)
{
    d_func()->timeoutMs = timeout.count();
}

/*! Whether the client reconnects after losing the server (default \c true). */
bool Client::reconnection() const
{
    return d_func()->reconnection;
}
void Client::setReconnection(bool reconnection)
{
    d_func()->reconnection = reconnection;
}

/*! How many attempts before reconnectFailed(); -1 (the default) is unlimited. */
int Client::reconnectionAttempts() const
{
    return d_func()->reconnectionAttempts;
}
void Client::setReconnectionAttempts(int attempts)
{
    d_func()->reconnectionAttempts = attempts;
}

/*! The first reconnection delay, doubled on each attempt (default 1000 ms). */
std::chrono::milliseconds Client::reconnectionDelay() const
{
    return std::chrono::milliseconds(d_func()->backoff.min);
}
void Client::setReconnectionDelay(std::chrono::milliseconds delay)
{
    d_func()->backoff.min = delay.count();
}

/*! The longest reconnection delay (default 5000 ms). */
std::chrono::milliseconds Client::reconnectionDelayMax() const
{
    return std::chrono::milliseconds(d_func()->backoff.max);
}
void Client::setReconnectionDelayMax(std::chrono::milliseconds delay)
{
    d_func()->backoff.max = delay.count();
}

/*! The jitter applied to each delay, between 0 and 1 (default 0.5). */
double Client::randomizationFactor() const
{
    return d_func()->backoff.jitter;
}
void Client::setRandomizationFactor(double factor)
{
    d_func()->backoff.jitter = qBound(0.0, factor, 1.0);
}

#if QT_CONFIG(ssl)
/*! The TLS settings for https:// and wss:// URLs (peer verification, CA certificates). */
QSslConfiguration Client::sslConfiguration() const
{
    return d_func()->options.sslConfiguration;
}
/*! Sets the TLS \a configuration used by the next open(). */
void Client::setSslConfiguration(const QSslConfiguration &configuration)
{
    d_func()->options.sslConfiguration = configuration;
}
#endif

/*! \property SocketIo::Client::state \brief Where the connection stands. */
Client::State Client::state() const
{
    return d_func()->state;
}

/*! The Engine.IO session id, empty when not open. */
QString Client::engineId() const
{
    Q_D(const Client);
    return d->engine && d->state == State::Open ? d->engine->sid() : QString();
}

/*! \property SocketIo::Client::transportName \brief "polling" or "websocket"; empty when not open. */
QString Client::transportName() const
{
    Q_D(const Client);
    return d->engine && d->state == State::Open ? d->engine->transportName() : QString();
}

/*! The last error. */
Client::Error Client::error() const
{
    return d_func()->error;
}

/*! A description of the last error. */
QString Client::errorString() const
{
    Q_D(const Client);
    switch (d->error) {
    case Error::NoError:
        return QString();
    case Error::TimeoutError:
        return tr("The server did not answer the handshake in time");
    case Error::PingTimeoutError:
        return tr("The server stopped sending heartbeats");
    case Error::ParseError:
        return tr("The server sent an invalid packet: %1").arg(d->errorString);
    case Error::ConnectionError:
        return tr("Could not connect to the server: %1").arg(d->errorString);
    case Error::TransportError:
        return tr("The connection failed: %1").arg(d->errorString);
    }
    return d->errorString;
}

/*!
    Returns the socket for namespace \a nsp, creating it with \a auth (sent in
    its CONNECT packet) the first time. The socket belongs to the client. With
    autoConnect() the socket connects at once, opening the client if needed.
*/
ClientSocket *Client::socket(const QString &nsp, const QVariantMap &auth)
{
    Q_D(Client);
    QString name = nsp.isEmpty() ? QStringLiteral("/") : nsp;
    if (!name.startsWith(QLatin1Char('/')))
        name.prepend(QLatin1Char('/'));
    ClientSocket *socket = d->sockets.value(name);
    if (!socket) {
        socket = ClientSocketPrivate::create(this, name, auth);
        d->sockets.insert(name, socket);
        connect(socket, &QObject::destroyed, this, [this, name] { d_func()->sockets.remove(name); });
    }
    if (d->autoConnect && !socket->isActive())
        socket->open();
    return socket;
}

/*!
    Opens the Engine.IO session, if not open or opening. Sockets that want to
    be connected send their CONNECT once it is open.
*/
void Client::open()
{
    Q_D(Client);
    if (d->state == State::Open || d->state == State::Opening)
        return;
    d->reconnectTimer.stop();
    if (d->state != State::Reconnecting)
        d->reconnecting = false;
    d->skipReconnect = false;
    d->dropEngine();
    ClientEngineOptions options = d->options;
    options.polling = d->transports.testFlag(Transport::Polling);
    options.websocket = d->transports.testFlag(Transport::WebSocket);
    auto *engine = new ClientEngine(options, this);
    d->engine = engine;
    connect(engine, &ClientEngine::opened, this, [this] { d_func()->onEngineOpened(); });
    connect(engine, &ClientEngine::packetReceived, this, [this](const Eio::Packet &p) { d_func()->onEnginePacket(p); });
    connect(engine, &ClientEngine::closed, this, [this](const QString &reason) { d_func()->onEngineClosed(reason); });
    connect(engine, &ClientEngine::failed, this, [this](const QString &message) { d_func()->onEngineFailed(message); });
    connect(engine, &ClientEngine::upgraded, this, &Client::transportChanged);
    connect(engine, &ClientEngine::pingReceived, this, &Client::pingReceived);
    d->setState(State::Opening);
    if (d->timeoutMs > 0)
        d->openTimer.start(int(d->timeoutMs));
    engine->open();
}

/*!
    Closes the session for good: connected sockets see "io client disconnect"
    and no reconnection follows. open() starts again.
*/
void Client::close()
{
    Q_D(Client);
    d->skipReconnect = true;
    d->reconnecting = false;
    d->reconnectTimer.stop();
    const bool hadEngine = d->engine;
    d->dropEngine();
    if (hadEngine || d->state != State::Closed) {
        d->setState(State::Closed);
        const auto current = d->sockets;
        for (ClientSocket *socket : current)
            ClientSocketPrivate::get(socket)->onClose(ClientSocket::DisconnectReason::IoClientDisconnect);
        Q_EMIT closed(QStringLiteral("forced close"));
    }
}

/*! \fn void SocketIo::Client::opened() The Engine.IO session is open. */
/*! \fn void SocketIo::Client::closed(const QString &reason)
    The session ended: "forced close" (close()), "transport close", "transport error",
    "ping timeout" or "parse error". */
/*! \fn void SocketIo::Client::errorOccurred(SocketIo::Client::Error error) Something went wrong; see errorString(). */
/*! \fn void SocketIo::Client::reconnectAttempt(int attempt) Reconnection attempt \a attempt (from 1) starts. */
/*! \fn void SocketIo::Client::reconnected(int attempt) The client is open again after \a attempt attempts. */
/*! \fn void SocketIo::Client::reconnectError(const QString &message) A reconnection attempt failed. */
/*! \fn void SocketIo::Client::reconnectFailed() reconnectionAttempts() attempts all failed. */

} // namespace SocketIo
