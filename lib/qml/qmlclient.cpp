// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmlclient_p.h"

#include "qmlvalue_p.h"

#include <SocketIo/client.h>
#include <SocketIo/clientsocket.h>

#include <QtCore/QUrlQuery>
#include <QtQml/QQmlEngine>

namespace SocketIo::Qml {

/*!
    \qmltype SocketIoClient
    \inqmlmodule SocketIo
    \brief A Socket.IO client for one namespace.

    Events arrive through \c on(event, function(args, ack)) and the
    \c eventReceived signal; \c connected, \c disconnected(reason) and
    \c connectError(message, data) tell the state. Each SocketIoClient has its
    own connection (its own Engine.IO session).
*/

QmlClient::QmlClient(QObject *parent) : QObject(parent), m_client(new Client(this))
{
    m_client->setAutoConnect(false);
    connect(m_client, &Client::urlChanged, this, &QmlClient::urlChanged);
    connect(m_client, &Client::transportChanged, this, &QmlClient::transportNameChanged);
    connect(m_client, &Client::reconnectAttempt, this, &QmlClient::reconnectAttempt);
    connect(m_client, &Client::reconnected, this, &QmlClient::reconnected);
    connect(m_client, &Client::reconnectError, this, &QmlClient::reconnectError);
    connect(m_client, &Client::reconnectFailed, this, &QmlClient::reconnectFailed);
}

QmlClient::~QmlClient()
{
    delete m_client; // its sockets call into this object's handlers
}

QJSEngine *QmlClient::jsEngine() const
{
    return qmlEngine(this);
}

QUrl QmlClient::url() const
{
    return m_client->url();
}

void QmlClient::setUrl(const QUrl &url)
{
    if (url == m_client->url())
        return;
    m_client->setUrl(url);
    restart();
}

QString QmlClient::path() const
{
    return m_client->path();
}

void QmlClient::setPath(const QString &path)
{
    if (path == m_client->path())
        return;
    m_client->setPath(path);
    Q_EMIT pathChanged();
    restart();
}

void QmlClient::setNsp(const QString &nsp)
{
    const QString normalized = nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
    if (normalized == m_nsp)
        return;
    m_nsp = normalized;
    Q_EMIT nspChanged();
    restart();
}

void QmlClient::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    if (!m_complete)
        return;
    if (active)
        open();
    else if (m_socket)
        m_socket->disconnect();
}

QStringList QmlClient::transports() const
{
    QStringList names;
    if (m_client->transports().testFlag(Client::Transport::Polling))
        names.append(QStringLiteral("polling"));
    if (m_client->transports().testFlag(Client::Transport::WebSocket))
        names.append(QStringLiteral("websocket"));
    return names;
}

void QmlClient::setTransports(const QStringList &transports)
{
    Client::Transports flags;
    for (const QString &name : transports) {
        if (name == QLatin1String("polling"))
            flags |= Client::Transport::Polling;
        else if (name == QLatin1String("websocket"))
            flags |= Client::Transport::WebSocket;
        else
            qCWarning(lcQml, "SocketIoClient: unknown transport \"%s\"", qUtf8Printable(name));
    }
    m_client->setTransports(flags);
    Q_EMIT optionsChanged();
}

/*!
    \qmlproperty string SocketIoClient::parser
    How packets are written: \c "default" (socket.io-parser, JSON) or
    \c "msgpack" (npm socket.io-msgpack-parser), as the server does. Set it
    before the client opens.
*/
QString QmlClient::parser() const
{
    return m_client->parser() == Client::Parser::Msgpack ? QStringLiteral("msgpack") : QStringLiteral("default");
}

void QmlClient::setParser(const QString &parser)
{
    if (parser == QLatin1String("msgpack")) {
        m_client->setParser(Client::Parser::Msgpack);
    } else {
        if (parser != QLatin1String("default"))
            qCWarning(lcQml, "SocketIoClient: unknown parser \"%s\": the default one is used", qUtf8Printable(parser));
        m_client->setParser(Client::Parser::Default);
    }
    Q_EMIT optionsChanged();
}

bool QmlClient::upgrade() const
{
    return m_client->upgrade();
}
void QmlClient::setUpgrade(bool upgrade)
{
    m_client->setUpgrade(upgrade);
    Q_EMIT optionsChanged();
}

/*!
    \qmlproperty var SocketIoClient::auth
    The CONNECT payload: an object, or a function(callback) that calls
    callback(object), evaluated at each (re)connection.
*/
void QmlClient::setAuth(const QJSValue &auth)
{
    m_auth = auth;
    if (m_socket) {
        if (auth.isCallable())
            ensureSocket(); // installs the provider
        else
            m_socket->setAuth(toVariant(auth).toMap());
    }
    Q_EMIT authChanged();
}

QVariantMap QmlClient::query() const
{
    QVariantMap map;
    const auto items = m_client->query().queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        map.insert(key, value);
    return map;
}

void QmlClient::setQuery(const QVariantMap &query)
{
    QUrlQuery q;
    for (auto it = query.cbegin(); it != query.cend(); ++it)
        q.addQueryItem(it.key(), it.value().toString());
    m_client->setQuery(q);
    Q_EMIT optionsChanged();
}

QVariantMap QmlClient::extraHeaders() const
{
    QVariantMap map;
    const auto headers = m_client->extraHeaders();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        map.insert(QString::fromLatin1(it.key()), QString::fromLatin1(it.value()));
    return map;
}

void QmlClient::setExtraHeaders(const QVariantMap &headers)
{
    QHash<QByteArray, QByteArray> hash;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        hash.insert(it.key().toLatin1(), it.value().toString().toLatin1());
    m_client->setExtraHeaders(hash);
    Q_EMIT optionsChanged();
}

bool QmlClient::reconnection() const
{
    return m_client->reconnection();
}
void QmlClient::setReconnection(bool on)
{
    m_client->setReconnection(on);
    Q_EMIT optionsChanged();
}
int QmlClient::reconnectionAttempts() const
{
    return m_client->reconnectionAttempts();
}
void QmlClient::setReconnectionAttempts(int n)
{
    m_client->setReconnectionAttempts(n);
    Q_EMIT optionsChanged();
}
int QmlClient::reconnectionDelay() const
{
    return int(m_client->reconnectionDelay().count());
}
void QmlClient::setReconnectionDelay(int ms)
{
    m_client->setReconnectionDelay(std::chrono::milliseconds(ms));
    Q_EMIT optionsChanged();
}
int QmlClient::reconnectionDelayMax() const
{
    return int(m_client->reconnectionDelayMax().count());
}
void QmlClient::setReconnectionDelayMax(int ms)
{
    m_client->setReconnectionDelayMax(std::chrono::milliseconds(ms));
    Q_EMIT optionsChanged();
}
double QmlClient::randomizationFactor() const
{
    return m_client->randomizationFactor();
}
void QmlClient::setRandomizationFactor(double f)
{
    m_client->setRandomizationFactor(f);
    Q_EMIT optionsChanged();
}
int QmlClient::connectTimeout() const
{
    return int(m_client->timeout().count());
}
void QmlClient::setConnectTimeout(int ms)
{
    m_client->setTimeout(std::chrono::milliseconds(ms));
    Q_EMIT optionsChanged();
}

void QmlClient::setRetries(int retries)
{
    m_retries = retries;
    if (m_socket)
        m_socket->setRetries(retries);
    Q_EMIT optionsChanged();
}

void QmlClient::setAckTimeout(int milliseconds)
{
    m_ackTimeout = milliseconds;
    if (m_socket)
        m_socket->setAckTimeout(std::chrono::milliseconds(milliseconds > 0 ? milliseconds : -1));
    Q_EMIT optionsChanged();
}

bool QmlClient::isConnected() const
{
    return m_socket && m_socket->isConnected();
}
QString QmlClient::id() const
{
    return m_socket ? m_socket->id() : QString();
}
bool QmlClient::recovered() const
{
    return m_socket && m_socket->recovered();
}
QString QmlClient::transportName() const
{
    return m_client->transportName();
}

void QmlClient::classBegin() {}

void QmlClient::componentComplete()
{
    m_complete = true;
    if (m_active)
        open();
}

// The ClientSocket for nsp, with this item's options and handlers on it.
void QmlClient::ensureSocket()
{
    if (m_socket && m_socket->nsp() != m_nsp) {
        m_socket->disconnect();
        m_socket->deleteLater();
        m_socket.clear();
    }
    if (!m_socket) {
        m_socket = m_client->socket(m_nsp);
        connect(m_socket, &ClientSocket::connectedChanged, this, &QmlClient::connectedChanged);
        connect(m_socket, &ClientSocket::idChanged, this, &QmlClient::idChanged);
        connect(m_socket, &ClientSocket::disconnected, this,
                [this](ClientSocket::DisconnectReason reason) { Q_EMIT disconnected(ClientSocket::toString(reason)); });
        connect(m_socket, &ClientSocket::connectError, this, [this](const QString &message, const QVariant &data) {
            QJSEngine *engine = jsEngine();
            Q_EMIT connectError(message, engine ? toScriptValue(engine, data) : QJSValue());
        });
        connect(m_socket, &ClientSocket::eventReceived, this, [this](const QString &event, const QVariantList &args) {
            QJSEngine *engine = jsEngine();
            if (!engine)
                return;
            const QJSValue jsArgs = toScriptArray(engine, args);
            Q_EMIT eventReceived(event, jsArgs);
            const QList<QJSValue> handlers = m_anyHandlers;
            for (const QJSValue &handler : handlers)
                callFunction(handler, {event, jsArgs}, this);
        });
        const QStringList events = m_handlers.keys();
        for (const QString &event : events)
            registerEvent(event);
    }
    m_socket->setRetries(m_retries);
    m_socket->setAckTimeout(std::chrono::milliseconds(m_ackTimeout > 0 ? m_ackTimeout : -1));
    if (m_auth.isCallable()) {
        const QJSValue provider = m_auth;
        m_socket->setAuth(this, [this, provider](const ClientSocket::AuthReply &reply) {
            QJSEngine *engine = jsEngine();
            if (!engine) {
                reply({});
                return;
            }
            auto *callback = new QmlAuthReply(reply);
            callFunction(provider, {engine->newQObject(callback).property(QStringLiteral("send"))}, this);
        });
    } else {
        m_socket->setAuth(toVariant(m_auth).toMap());
    }
}

/*!
    \qmlmethod void SocketIoClient::open()
    Connects (done by itself when active is true).
*/
void QmlClient::open()
{
    if (!m_client->url().isValid() || m_client->url().isEmpty()) {
        qCWarning(lcQml, "SocketIoClient: no url to connect to");
        return;
    }
    ensureSocket();
    m_socket->open();
}

/*!
    \qmlmethod void SocketIoClient::close()
    Leaves the namespace and closes the connection ("io client disconnect").
*/
void QmlClient::close()
{
    if (m_socket)
        m_socket->disconnect();
}

void QmlClient::restart()
{
    if (!m_complete || !m_active)
        return;
    if (m_socket)
        m_socket->disconnect();
    m_client->close();
    open();
}

void QmlClient::registerEvent(const QString &event)
{
    if (!m_socket)
        return;
    m_socket->on(event, this, [this, event](const QVariantList &args, const Ack &ack) { dispatch(event, args, ack); });
}

void QmlClient::dispatch(const QString &event, const QVariantList &args, const Ack &ack)
{
    QJSEngine *engine = jsEngine();
    if (!engine)
        return;
    const QJSValue jsArgs = toScriptArray(engine, args);
    const QJSValue ackFn = ackFunction(engine, ack);
    const QList<QJSValue> handlers = m_handlers.value(event);
    for (const QJSValue &handler : handlers)
        callFunction(handler, {jsArgs, ackFn}, this);
}

/*!
    \qmlmethod void SocketIoClient::on(string event, function handler)
    Calls handler(args, ack) for each \a event: \c args is the array of its
    arguments, \c ack a function when the server asked for an acknowledgement.
*/
void QmlClient::on(const QString &event, const QJSValue &handler)
{
    if (!handler.isCallable())
        return;
    const bool first = !m_handlers.contains(event);
    m_handlers[event].append(handler);
    if (first)
        registerEvent(event);
}

void QmlClient::off(const QString &event)
{
    m_handlers.remove(event);
    if (m_socket)
        m_socket->off(event, this);
}

void QmlClient::onAny(const QJSValue &handler)
{
    if (handler.isCallable())
        m_anyHandlers.append(handler);
}

void QmlClient::offAny()
{
    m_anyHandlers.clear();
}

/*!
    \qmlmethod bool SocketIoClient::emitEvent(string event, ...args)
    Sends \a event; a function as the last argument receives the server's
    acknowledgement (with an error first when ackTimeout is set). Emits before
    the connection are buffered.
*/
bool QmlClient::emitEvent(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                          const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                          const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_socket)
        ensureSocket();
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    if (!call.callback.isCallable())
        return m_socket->emitEvent(event, call.args);
    return m_socket->emitWithAck(event, call.args, this,
                                 ackCallbackFor(jsEngine(), call.callback, m_ackTimeout > 0, false, this));
}

/*!
    \qmlmethod Promise SocketIoClient::emitWithAck(string event, ...args)
    Sends \a event and returns a Promise of the server's first reply argument.
*/
QJSValue QmlClient::emitWithAck(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                                const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                                const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    QJSEngine *engine = jsEngine();
    if (!engine)
        return {};
    if (!m_socket)
        ensureSocket();
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    const Deferred deferred = makeDeferred(engine);
    if (!m_socket->emitWithAck(event, call.args, this, ackCallbackFor(engine, deferred, false)))
        QJSValue(deferred.reject)
                .call({engine->newErrorObject(QJSValue::GenericError, QStringLiteral("the event was not sent"))});
    return deferred.promise;
}

/*!
    \qmlmethod SocketIoEmitter SocketIoClient::timeout(int milliseconds)
    An emitter whose acknowledgements fail with "operation has timed out"
    after \a milliseconds: callbacks get (err, ...responses).
*/
QmlEmitter *QmlClient::timeout(int milliseconds)
{
    if (!m_socket)
        ensureSocket();
    return new QmlEmitter(jsEngine(), m_socket->timeout(std::chrono::milliseconds(milliseconds)), true);
}

bool QmlAuthReply::send(const QJSValue &auth)
{
    if (!m_reply)
        return false;
    const auto reply = std::exchange(m_reply, {});
    reply(toVariant(auth).toMap());
    return true;
}

} // namespace SocketIo::Qml
