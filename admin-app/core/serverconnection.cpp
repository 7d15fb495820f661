// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "serverconnection.h"
#include "serverconnection_p.h"

#include "connectiondiagnosis.h"

#include <QtCore/QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnection, "socketio.admin.connection", QtWarningMsg)

using namespace std::chrono_literals;

namespace SocketIoAdmin {

namespace {
constexpr auto ConnectTimeout = 10s;
constexpr auto ConfigWait = 5s;
const QString InvalidCredentials = QStringLiteral("invalid credentials");
const QString InvalidNamespace = QStringLiteral("Invalid namespace");
} // namespace

ServerConnectionPrivate::ServerConnectionPrivate(ServerConnection *q, const ConnectionSettings &s)
    : q_ptr(q), settings(s)
{
    settings.adminNamespace = ConnectionSettings::normalizedNamespace(s.adminNamespace);
    settings.path = ConnectionSettings::normalizedPath(s.path);
    flushTimer.setSingleShot(true);
    flushTimer.setInterval(16ms);
    configWatchdog.setSingleShot(true);
    configWatchdog.setInterval(ConfigWait);
}

void ServerConnectionPrivate::setState(ServerConnection::State newState, const QString &newDetail)
{
    Q_Q(ServerConnection);
    if (state == newState && detail == newDetail)
        return;
    state = newState;
    detail = newDetail;
    qCDebug(lcConnection) << settings.displayName() << state; // the detail is translated: not for the log
    Q_EMIT q->stateChanged(state);
    Q_EMIT q->featuresChanged(); // what may be run depends on the state too
}

// The login: a session id from an earlier login when there is one, else the credentials.
QVariantMap ServerConnectionPrivate::authFor() const
{
    if (!sessionId.isEmpty())
        return {{QStringLiteral("sessionId"), sessionId}};
    if (settings.username.isEmpty() && settings.password.isEmpty())
        return {};
    return {{QStringLiteral("username"), settings.username}, {QStringLiteral("password"), settings.password}};
}

void ServerConnectionPrivate::onConnected()
{
    everConnected = true;
    if (client)
        client->setReconnection(true);
    configWatchdog.start();
    setState(ServerConnection::State::Connected);
}

void ServerConnectionPrivate::onConnectError(const QString &message)
{
    Q_Q(ServerConnection);
    if (message == InvalidCredentials) {
        if (triedSession) {
            // The server forgot our session (it restarted): log in again with the password.
            sessionId.clear();
            triedSession = false;
            QMetaObject::invokeMethod(
                    q,
                    [this] {
                        if (socket)
                            socket->open();
                    },
                    Qt::QueuedConnection);
            return;
        }
        if (client)
            client->close();
        setState(ServerConnection::State::WrongPassword,
                 ServerConnection::tr("the server refused the username or password (invalid credentials)"));
        return;
    }
    if (message == InvalidNamespace) {
        if (client)
            client->close();
        setState(ServerConnection::State::NotInstrumented,
                 ServerConnection::tr("the server has no namespace %1: is it instrumented with the admin UI?")
                         .arg(settings.adminNamespace));
        return;
    }
    if (everConnected) {
        setState(ServerConnection::State::Reconnecting, message);
        return;
    }
    diagnose(message);
}

// The first connection failed for a transport reason: find out which.
void ServerConnectionPrivate::diagnose(const QString &message)
{
    Q_Q(ServerConnection);
    if (client) {
        client->setReconnection(false);
        client->close();
    }
    if (diagnosis)
        return;
    diagnosis = new ConnectionDiagnosis(q);
    diagnosis->run(settings, [this, message](const ConnectionDiagnosis::Result &result) {
        diagnosis->deleteLater();
        if (closing)
            return;
        switch (result.verdict) {
        case ConnectionDiagnosis::Verdict::Unreachable:
            setState(ServerConnection::State::Unreachable, result.detail);
            break;
        case ConnectionDiagnosis::Verdict::Refused:
            setState(ServerConnection::State::Refused, result.detail);
            break;
        case ConnectionDiagnosis::Verdict::WrongPath:
            setState(ServerConnection::State::Failed, result.detail);
            break;
        case ConnectionDiagnosis::Verdict::Reachable:
            setState(ServerConnection::State::Failed,
                     settings.websocketOnly && message == QLatin1String("websocket error")
                             ? ServerConnection::tr("%1, but it refused the WebSocket connection").arg(result.detail)
                             : ServerConnection::tr("%1, but the connection failed: %2").arg(result.detail, message));
            break;
        }
    });
}

void ServerConnectionPrivate::onDisconnected(SocketIo::ClientSocket::DisconnectReason reason)
{
    configWatchdog.stop();
    if (closing || reason == SocketIo::ClientSocket::DisconnectReason::IoClientDisconnect) {
        setState(ServerConnection::State::Disconnected);
    } else if (reason == SocketIo::ClientSocket::DisconnectReason::IoServerDisconnect) {
        setState(ServerConnection::State::Disconnected, ServerConnection::tr("the server closed the admin connection"));
    } else {
        setState(ServerConnection::State::Reconnecting, SocketIo::ClientSocket::toString(reason));
    }
}

/*!
    \class SocketIoAdmin::ServerConnection
    \brief One admin connection: the login, the @socket.io/admin-ui events and
    the commands, over SocketIo::Client.

    Events are applied to the connection's own copy of the sockets at once and
    announced in batches, at most one socketsChanged() and one eventsLogged()
    per batchInterval() (16 ms by default), so that a burst of thousands of
    connections costs the views one update per frame.
*/

ServerConnection::ServerConnection(const ConnectionSettings &settings, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<ServerConnectionPrivate>(this, settings))
{
    Q_D(ServerConnection);
    connect(&d->flushTimer, &QTimer::timeout, this, [d] { d->flush(); });
    connect(&d->configWatchdog, &QTimer::timeout, this, [d] {
        if (d->state == State::Connected && !d->hasConfig) {
            d->setState(State::Connected,
                        tr("no admin events arrive: is %1 the admin namespace?").arg(d->settings.adminNamespace));
        }
    });
}

ServerConnection::~ServerConnection()
{
    Q_D(ServerConnection);
    d->closing = true;
    delete d->client;
}

ConnectionSettings ServerConnection::settings() const
{
    return d_func()->settings;
}

QString ServerConnection::displayName() const
{
    return d_func()->settings.displayName();
}

ServerConnection::State ServerConnection::state() const
{
    return d_func()->state;
}

/*! The state in plain words, with what is known about why, e.g. "unreachable: nothing listens on ...". */
QString ServerConnection::statusText() const
{
    Q_D(const ServerConnection);
    const QString name = stateName(d->state);
    return d->detail.isEmpty() ? name : tr("%1: %2").arg(name, d->detail);
}

QString ServerConnection::stateName(State state)
{
    switch (state) {
    case State::Disconnected:
        return tr("disconnected");
    case State::Connecting:
        return tr("connecting");
    case State::Connected:
        return tr("connected");
    case State::Reconnecting:
        return tr("reconnecting");
    case State::WrongPassword:
        return tr("wrong password");
    case State::Unreachable:
        return tr("unreachable");
    case State::Refused:
        return tr("refused by the server");
    case State::NotInstrumented:
        return tr("not instrumented");
    case State::Failed:
        return tr("failed");
    }
    return {};
}

/*! The session id the server handed out after the password login, used to log in again. */
QString ServerConnection::sessionId() const
{
    return d_func()->sessionId;
}

bool ServerConnection::hasConfig() const
{
    return d_func()->hasConfig;
}

QStringList ServerConnection::supportedFeatures() const
{
    return d_func()->supportedFeatures;
}

ServerConnection::Features ServerConnection::features() const
{
    return d_func()->features;
}

/*! True when the server's configuration advertises none of the commands. */
bool ServerConnection::isReadonly() const
{
    Q_D(const ServerConnection);
    return d->hasConfig && !(d->features & (Feature::Emit | Feature::Join | Feature::Leave | Feature::Disconnect));
}

QHash<SocketKey, SocketInfo> ServerConnection::sockets() const
{
    return d_func()->sockets;
}

std::optional<SocketInfo> ServerConnection::socket(const SocketKey &key) const
{
    Q_D(const ServerConnection);
    const auto it = d->sockets.constFind(key);
    if (it == d->sockets.cend())
        return std::nullopt;
    return *it;
}

QHash<QString, ServerStats> ServerConnection::serverStats() const
{
    return d_func()->stats;
}

/*! The namespaces seen so far, from server_stats and from the sockets, in order of appearance. */
QStringList ServerConnection::namespaces() const
{
    return d_func()->namespaces;
}

std::chrono::milliseconds ServerConnection::batchInterval() const
{
    return d_func()->flushTimer.intervalAsDuration();
}

void ServerConnection::setBatchInterval(std::chrono::milliseconds interval)
{
    d_func()->flushTimer.setInterval(interval);
}

/*! Connects (again), with the session id of an earlier login when there is one. */
void ServerConnection::open()
{
    Q_D(ServerConnection);
    d->closing = false;
    delete d->client;
    auto *client = new SocketIo::Client(d->settings.url, this);
    client->setPath(d->settings.path);
    client->setTransports(d->settings.websocketOnly
                                  ? SocketIo::Client::Transports(SocketIo::Client::Transport::WebSocket)
                                  : SocketIo::Client::Transport::Polling | SocketIo::Client::Transport::WebSocket);
    client->setReconnection(false); // on after the first success, as the web UI does
    client->setReconnectionDelayMax(5s);
    client->setTimeout(ConnectTimeout);
    client->setAutoConnect(false);
    d->client = client;
    SocketIo::ClientSocket *socket = client->socket(d->settings.adminNamespace);
    d->socket = socket;
    socket->setAuth(this, [d](const SocketIo::ClientSocket::AuthReply &reply) {
        d->triedSession = !d->sessionId.isEmpty();
        reply(d->authFor());
    });
    connect(socket, &SocketIo::ClientSocket::connected, this, [d] { d->onConnected(); });
    connect(socket, &SocketIo::ClientSocket::connectError, this,
            [d](const QString &message, const QVariant &) { d->onConnectError(message); });
    connect(socket, &SocketIo::ClientSocket::disconnected, this,
            [d](SocketIo::ClientSocket::DisconnectReason reason) { d->onDisconnected(reason); });
    connect(client, &SocketIo::Client::reconnectAttempt, this,
            [d](int attempt) { d->setState(State::Reconnecting, tr("attempt %1").arg(attempt)); });
    socket->onAny(this, [d](const QString &event, const QVariantList &args) { d->handleEvent(event, args); });
    d->setState(State::Connecting);
    socket->open();
}

/*! Leaves the admin namespace and closes the connection; the sockets seen stay listed. */
void ServerConnection::close()
{
    Q_D(ServerConnection);
    d->closing = true;
    d->configWatchdog.stop();
    if (d->client)
        d->client->close();
    d->setState(State::Disconnected);
}

/*! \fn void SocketIoAdmin::ServerConnection::socketsChanged(const SocketIoAdmin::SocketChanges &changes)
    Sockets came, changed or went since the last batch. */
/*! \fn void SocketIoAdmin::ServerConnection::eventsLogged(const QList<SocketIoAdmin::LogEntry> &entries)
    Log entries of the last batch, oldest first. */
/*! \fn void SocketIoAdmin::ServerConnection::statsReceived(const SocketIoAdmin::ServerStats &stats)
    A server of the cluster sent its server_stats (every 2 s). */

} // namespace SocketIoAdmin
