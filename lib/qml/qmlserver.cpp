// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmlserver_p.h"

#include "qmlvalue_p.h"

#include <SocketIo/server.h>

#include <QtNetwork/QHostAddress>
#include <QtQml/QQmlEngine>

namespace SocketIo::Qml {

/*!
    \qmltype SocketIoServer
    \inqmlmodule SocketIo
    \inherits SocketIoNamespace
    \brief A Socket.IO server declared in QML.

    It listens once the component is complete, on \c host (any address when
    empty) and \c port (a free one when 0; \c port then tells which). The option
    properties are read at that moment.
*/

QmlServer::QmlServer(QObject *parent) : QmlNamespace(parent) {}

QmlServer::~QmlServer()
{
    delete m_server; // before the namespace items whose handlers it calls
}

void QmlServer::setHost(const QString &host)
{
    if (host == m_host)
        return;
    m_host = host;
    Q_EMIT hostChanged();
}

void QmlServer::setPort(int port)
{
    if (port == m_port)
        return;
    if (m_server)
        qCWarning(lcQml, "SocketIoServer: the port cannot change while listening");
    m_port = port;
    Q_EMIT portChanged();
}

bool QmlServer::isListening() const
{
    return m_server != nullptr;
}

/*!
    \qmlproperty bool SocketIoServer::listening
    True while the server listens. It starts at component completion; set it to
    false to close the server (clients see "server shutting down") and to true
    to listen again with the current options.
*/
void QmlServer::setListening(bool listening)
{
    m_wantListening = listening;
    if (!m_complete || listening == isListening())
        return;
    if (listening)
        listen();
    else
        close();
}

void QmlServer::setErrorString(const QString &error)
{
    if (error == m_errorString)
        return;
    m_errorString = error;
    Q_EMIT errorStringChanged();
}

QString QmlServer::path() const
{
    return m_options.path();
}
void QmlServer::setPath(const QString &path)
{
    m_options.setPath(path);
    Q_EMIT optionsChanged();
}
bool QmlServer::serveClient() const
{
    return m_options.serveClient();
}
void QmlServer::setServeClient(bool serve)
{
    m_options.setServeClient(serve);
    Q_EMIT optionsChanged();
}
bool QmlServer::allowUpgrades() const
{
    return m_options.allowUpgrades();
}
void QmlServer::setAllowUpgrades(bool allow)
{
    m_options.setAllowUpgrades(allow);
    Q_EMIT optionsChanged();
}
bool QmlServer::allowEIO3() const
{
    return m_options.allowEIO3();
}
void QmlServer::setAllowEIO3(bool allow)
{
    m_options.setAllowEIO3(allow);
    Q_EMIT optionsChanged();
}

QStringList QmlServer::transports() const
{
    QStringList names;
    if (m_options.transports().testFlag(ServerOptions::Transport::Polling))
        names.append(QStringLiteral("polling"));
    if (m_options.transports().testFlag(ServerOptions::Transport::WebSocket))
        names.append(QStringLiteral("websocket"));
    return names;
}

void QmlServer::setTransports(const QStringList &transports)
{
    ServerOptions::Transports flags;
    for (const QString &name : transports) {
        if (name == QLatin1String("polling"))
            flags |= ServerOptions::Transport::Polling;
        else if (name == QLatin1String("websocket"))
            flags |= ServerOptions::Transport::WebSocket;
        else
            qCWarning(lcQml, "SocketIoServer: unknown transport \"%s\"", qUtf8Printable(name));
    }
    m_options.setTransports(flags);
    Q_EMIT optionsChanged();
}

int QmlServer::pingInterval() const
{
    return int(m_options.pingInterval().count());
}
void QmlServer::setPingInterval(int ms)
{
    m_options.setPingInterval(std::chrono::milliseconds(ms));
    Q_EMIT optionsChanged();
}
int QmlServer::pingTimeout() const
{
    return int(m_options.pingTimeout().count());
}
void QmlServer::setPingTimeout(int ms)
{
    m_options.setPingTimeout(std::chrono::milliseconds(ms));
    Q_EMIT optionsChanged();
}
int QmlServer::connectTimeout() const
{
    return int(m_options.connectTimeout().count());
}
void QmlServer::setConnectTimeout(int ms)
{
    m_options.setConnectTimeout(std::chrono::milliseconds(ms));
    Q_EMIT optionsChanged();
}
double QmlServer::maxHttpBufferSize() const
{
    return double(m_options.maxHttpBufferSize());
}
void QmlServer::setMaxHttpBufferSize(double bytes)
{
    m_options.setMaxHttpBufferSize(qint64(bytes));
    Q_EMIT optionsChanged();
}

QStringList QmlServer::corsOrigins() const
{
    return m_options.cors().isEnabled() ? m_options.cors().origins() : QStringList();
}

void QmlServer::setCorsOrigins(const QStringList &origins)
{
    CorsOptions cors = m_options.cors();
    if (origins.isEmpty())
        cors.setEnabled(false);
    else
        cors.setOrigins(origins);
    m_options.setCors(cors);
    Q_EMIT optionsChanged();
}

/*!
    \qmlproperty string SocketIoServer::parser
    How packets are written: \c "default" (socket.io-parser, JSON) or
    \c "msgpack" (npm socket.io-msgpack-parser). Every client must use the
    same parser. Applies the next time the server starts listening.
*/
QString QmlServer::parser() const
{
    return m_options.parser() == ServerOptions::Parser::Msgpack ? QStringLiteral("msgpack") : QStringLiteral("default");
}

void QmlServer::setParser(const QString &parser)
{
    if (parser == QLatin1String("msgpack")) {
        m_options.setParser(ServerOptions::Parser::Msgpack);
    } else {
        if (parser != QLatin1String("default"))
            qCWarning(lcQml, "SocketIoServer: unknown parser \"%s\": the default one is used", qUtf8Printable(parser));
        m_options.setParser(ServerOptions::Parser::Default);
    }
    Q_EMIT optionsChanged();
}

bool QmlServer::connectionStateRecovery() const
{
    return m_options.connectionStateRecovery().enabled;
}

void QmlServer::setConnectionStateRecovery(bool enabled)
{
    ConnectionStateRecovery recovery = m_options.connectionStateRecovery();
    recovery.enabled = enabled;
    m_options.setConnectionStateRecovery(recovery);
    Q_EMIT optionsChanged();
}

int QmlServer::maxDisconnectionDuration() const
{
    return int(m_options.connectionStateRecovery().maxDisconnectionDuration.count());
}

void QmlServer::setMaxDisconnectionDuration(int ms)
{
    ConnectionStateRecovery recovery = m_options.connectionStateRecovery();
    recovery.maxDisconnectionDuration = std::chrono::milliseconds(ms);
    m_options.setConnectionStateRecovery(recovery);
    Q_EMIT optionsChanged();
}

QQmlListProperty<QmlNamespace> QmlServer::namespaces()
{
    return QQmlListProperty<QmlNamespace>(this, nullptr, &QmlServer::appendNamespace, &QmlServer::namespaceCount,
                                          &QmlServer::namespaceAt, nullptr);
}

void QmlServer::appendNamespace(QQmlListProperty<QmlNamespace> *list, QmlNamespace *nsp)
{
    auto *self = static_cast<QmlServer *>(list->object);
    if (!nsp || self->m_declared.contains(nsp))
        return;
    self->m_declared.append(nsp);
    if (self->m_server)
        self->attachNamespace(nsp);
}

qsizetype QmlServer::namespaceCount(QQmlListProperty<QmlNamespace> *list)
{
    return static_cast<QmlServer *>(list->object)->m_declared.size();
}

QmlNamespace *QmlServer::namespaceAt(QQmlListProperty<QmlNamespace> *list, qsizetype index)
{
    return static_cast<QmlServer *>(list->object)->m_declared.value(index);
}

void QmlServer::attachNamespace(QmlNamespace *nsp)
{
    nsp->attach(m_server->of(nsp->name()), jsEngine());
}

void QmlServer::classBegin() {}

void QmlServer::componentComplete()
{
    m_complete = true;
    if (m_wantListening)
        listen();
}

/*!
    \qmlmethod bool SocketIoServer::listen()
    Starts the server; called when the component is complete. Returns false (and
    sets errorString) when the address is taken.
*/
bool QmlServer::listen()
{
    if (m_server)
        return true;
    m_server = new Server(m_options);
    const QHostAddress address = m_host.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(m_host);
    if (address.isNull()) {
        setErrorString(QStringLiteral("invalid host address: %1").arg(m_host));
        delete std::exchange(m_server, nullptr);
        return false;
    }
    if (!m_server->listen(address, quint16(m_port))) {
        setErrorString(m_server->errorString());
        qCWarning(lcQml, "SocketIoServer: cannot listen on %s port %d: %s", qUtf8Printable(address.toString()), m_port,
                  qUtf8Printable(m_errorString));
        delete std::exchange(m_server, nullptr);
        return false;
    }
    setErrorString({});
    attach(m_server->sockets(), jsEngine());
    for (QmlNamespace *nsp : std::as_const(m_declared))
        attachNamespace(nsp);
    for (QmlNamespace *nsp : std::as_const(m_created))
        attachNamespace(nsp);
    if (m_port != m_server->serverPort()) {
        m_port = m_server->serverPort();
        Q_EMIT portChanged();
    }
    Q_EMIT listeningChanged();
    return true;
}

/*!
    \qmlmethod void SocketIoServer::close()
    Disconnects every client ("server shutting down") and stops listening;
    listen() starts again.
*/
void QmlServer::close()
{
    if (!m_server)
        return;
    m_server->close();
    // The sockets and namespaces go with it; their items wait for the next listen().
    m_server->deleteLater();
    m_server = nullptr;
    Q_EMIT listeningChanged();
}

/*!
    \qmlmethod SocketIoNamespace SocketIoServer::of(string name)
    The namespace \a name, created on first use.
*/
QmlNamespace *QmlServer::of(const QString &name)
{
    const QString normalized = name.startsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
    if (normalized == QLatin1String("/"))
        return this;
    const auto matches = [&normalized](const QmlNamespace *nsp) { return nsp->name() == normalized; };
    for (const QList<QmlNamespace *> *list : {&m_declared, &m_created}) {
        const auto it = std::find_if(list->cbegin(), list->cend(), matches);
        if (it != list->cend())
            return *it;
    }
    auto *nsp = new QmlNamespace(this);
    QJSEngine::setObjectOwnership(nsp, QJSEngine::CppOwnership);
    nsp->setName(normalized);
    m_created.append(nsp);
    if (m_server)
        attachNamespace(nsp);
    return nsp;
}

} // namespace SocketIo::Qml
