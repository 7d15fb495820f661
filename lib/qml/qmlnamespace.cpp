// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmlnamespace_p.h"

#include "qmlsocket_p.h"
#include "qmlvalue_p.h"

#include <QtQml/QJSEngine>
#include <QtQml/QQmlEngine>

namespace SocketIo::Qml {

/*!
    \qmltype SocketIoNamespace
    \inqmlmodule SocketIo
    \brief A namespace of a SocketIoServer: its connections, middleware and broadcasts.
*/

QmlNamespace::QmlNamespace(QObject *parent) : QObject(parent) {}

QmlNamespace::~QmlNamespace() = default;

QString QmlNamespace::name() const
{
    return m_nsp ? m_nsp->name() : m_name;
}

void QmlNamespace::setName(const QString &name)
{
    if (m_nsp) {
        qCWarning(lcQml, "SocketIoNamespace: the name of %s cannot change once the server runs",
                  qUtf8Printable(m_nsp->name()));
        return;
    }
    const QString normalized = name.startsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
    if (normalized == m_name)
        return;
    m_name = normalized;
    Q_EMIT nameChanged();
}

int QmlNamespace::socketCount() const
{
    return m_nsp ? m_nsp->socketCount() : 0;
}

bool QmlNamespace::isAttached() const
{
    return !m_nsp.isNull();
}

QJSEngine *QmlNamespace::jsEngine() const
{
    if (m_engine)
        return m_engine;
    return qmlEngine(this);
}

void QmlNamespace::attach(Namespace *nsp, QJSEngine *engine)
{
    if (m_nsp || !nsp)
        return;
    m_nsp = nsp;
    m_engine = engine;
    connect(nsp, &Namespace::socketCountChanged, this, &QmlNamespace::socketCountChanged);
    connect(nsp, &Namespace::connection, this,
            [this](Socket *socket) { Q_EMIT connection(QmlSocket::wrap(socket, jsEngine())); });
    const QList<QJSValue> pending = std::exchange(m_pendingMiddleware, {});
    for (const QJSValue &middleware : pending)
        installMiddleware(middleware);
    if (m_name != nsp->name()) {
        m_name = nsp->name();
        Q_EMIT nameChanged();
    }
    Q_EMIT attachedChanged();
    Q_EMIT socketCountChanged();
}

void QmlNamespace::use(const QJSValue &middleware)
{
    if (!middleware.isCallable()) {
        qCWarning(lcQml, "SocketIoNamespace.use(): the middleware must be a function(socket, next)");
        return;
    }
    if (m_nsp)
        installMiddleware(middleware);
    else
        m_pendingMiddleware.append(middleware);
}

void QmlNamespace::installMiddleware(const QJSValue &middleware)
{
    m_nsp->use(this, [this, middleware](Socket *socket, const Next &next) {
        QJSEngine *engine = jsEngine();
        if (!engine) {
            next.accept();
            return;
        }
        const QJSValue result = callFunction(
                middleware, {engine->newQObject(QmlSocket::wrap(socket, engine)), nextFunction(engine, next)}, this);
        if (result.isError() && !next.isAnswered())
            next.reject(result.property(QStringLiteral("message")).toString());
    });
}

QmlBroadcast *QmlNamespace::broadcastOperator() const
{
    if (!m_nsp) {
        qCWarning(lcQml, "%s: not attached to a running server yet", qUtf8Printable(m_name));
        return nullptr;
    }
    return new QmlBroadcast(jsEngine(), BroadcastOperator(m_nsp));
}

QmlBroadcast *QmlNamespace::to(const QJSValue &rooms) const
{
    return m_nsp ? new QmlBroadcast(jsEngine(), m_nsp->to(toStringList(rooms))) : broadcastOperator();
}

QmlBroadcast *QmlNamespace::except(const QJSValue &rooms) const
{
    return m_nsp ? new QmlBroadcast(jsEngine(), m_nsp->except(toStringList(rooms))) : broadcastOperator();
}

QmlBroadcast *QmlNamespace::timeout(int milliseconds) const
{
    return m_nsp ? new QmlBroadcast(jsEngine(), m_nsp->timeout(std::chrono::milliseconds(milliseconds)))
                 : broadcastOperator();
}

QmlBroadcast *QmlNamespace::asVolatile() const
{
    return m_nsp ? new QmlBroadcast(jsEngine(), m_nsp->asVolatile()) : broadcastOperator();
}

QmlBroadcast *QmlNamespace::local() const
{
    return m_nsp ? new QmlBroadcast(jsEngine(), m_nsp->local()) : broadcastOperator();
}

QmlBroadcast *QmlNamespace::compress(bool compress) const
{
    return m_nsp ? new QmlBroadcast(jsEngine(), m_nsp->compress(compress)) : broadcastOperator();
}

bool QmlNamespace::emitEvent(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                             const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                             const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_nsp) {
        qCWarning(lcQml, "%s: not attached to a running server yet", qUtf8Printable(m_name));
        return false;
    }
    QmlBroadcast op(jsEngine(), BroadcastOperator(m_nsp));
    return op.emitEvent(event, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
}

QJSValue QmlNamespace::emitWithAck(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                                   const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                                   const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_nsp) {
        qCWarning(lcQml, "%s: not attached to a running server yet", qUtf8Printable(m_name));
        return {};
    }
    QmlBroadcast op(jsEngine(), BroadcastOperator(m_nsp));
    return op.emitWithAck(event, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9);
}

QJSValue QmlNamespace::fetchSockets() const
{
    QJSEngine *engine = jsEngine();
    if (!m_nsp || !engine)
        return engine ? engine->newArray() : QJSValue();
    return QmlBroadcast::socketArray(engine, m_nsp->fetchSockets());
}

void QmlNamespace::socketsJoin(const QJSValue &rooms) const
{
    if (m_nsp)
        m_nsp->socketsJoin(toStringList(rooms));
}

void QmlNamespace::socketsLeave(const QJSValue &rooms) const
{
    if (m_nsp)
        m_nsp->socketsLeave(toStringList(rooms));
}

void QmlNamespace::disconnectSockets(bool close) const
{
    if (m_nsp)
        m_nsp->disconnectSockets(close);
}

} // namespace SocketIo::Qml
