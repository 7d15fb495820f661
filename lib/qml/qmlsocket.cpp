// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmlsocket_p.h"

#include "qmlvalue_p.h"

#include <SocketIo/adapter.h>
#include <SocketIo/namespace.h>

#include <QtQml/QJSEngine>

namespace SocketIo::Qml {

/*!
    \qmltype SocketIoSocket
    \inqmlmodule SocketIo
    \brief A client's connection to a namespace, on the server.

    The argument of \c onConnection. \c on(event, function(args, ack)) handles
    an event: \c args is the array of its arguments, \c ack a function when the
    client asked for an acknowledgement (else undefined).
*/

QmlSocket::QmlSocket(Socket *socket, QJSEngine *engine) : QObject(socket), m_socket(socket), m_engine(engine)
{
    QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
    connect(socket, &Socket::dataChanged, this, &QmlSocket::dataChanged);
    connect(socket, &Socket::disconnecting, this,
            [this](Socket::DisconnectReason reason) { Q_EMIT disconnecting(Socket::toString(reason)); });
    connect(socket, &Socket::disconnected, this, [this](Socket::DisconnectReason reason) {
        Q_EMIT connectedChanged();
        Q_EMIT roomsChanged();
        Q_EMIT disconnected(Socket::toString(reason));
    });
    if (Adapter *adapter = socket->nsp() ? socket->nsp()->adapter() : nullptr)
        watchRoomChanges(adapter);
}

// One receiver per adapter tells the wrapper of the socket whose rooms changed: a connection per
// wrapper made every join and leave call every wrapper of the namespace (19,000 QML sockets took
// 37 s to connect, each joining its own room).
void QmlSocket::watchRoomChanges(Adapter *adapter)
{
    static const QString name = QStringLiteral("socketio-qml-room-changes");
    if (adapter->findChild<QObject *>(name, Qt::FindDirectChildrenOnly))
        return;
    auto *receiver = new QObject(adapter);
    receiver->setObjectName(name);
    const auto changed = [adapter](const QString &, const QString &id) {
        Namespace *nsp = adapter->nsp();
        Socket *socket = nsp ? nsp->sockets().value(id) : nullptr;
        if (auto *wrapper = socket ? socket->findChild<QmlSocket *>(QString(), Qt::FindDirectChildrenOnly) : nullptr)
            Q_EMIT wrapper->roomsChanged();
    };
    connect(adapter, &Adapter::joinedRoom, receiver, changed);
    connect(adapter, &Adapter::leftRoom, receiver, changed);
}

// One wrapper per socket, a child of it: it goes when the socket goes.
QmlSocket *QmlSocket::wrap(Socket *socket, QJSEngine *engine)
{
    if (!socket)
        return nullptr;
    if (auto *existing = socket->findChild<QmlSocket *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new QmlSocket(socket, engine);
}

QString QmlSocket::id() const
{
    return m_socket ? m_socket->id() : QString();
}
QString QmlSocket::nsp() const
{
    return m_socket && m_socket->nsp() ? m_socket->nsp()->name() : QString();
}
QStringList QmlSocket::rooms() const
{
    return m_socket ? m_socket->rooms() : QStringList();
}
QVariantMap QmlSocket::handshake() const
{
    return m_socket ? m_socket->handshake().toVariantMap() : QVariantMap();
}
bool QmlSocket::isConnected() const
{
    return m_socket && m_socket->isConnected();
}
bool QmlSocket::recovered() const
{
    return m_socket && m_socket->recovered();
}

QJSValue QmlSocket::data() const
{
    if (!m_socket || !m_engine)
        return {};
    return toScriptValue(m_engine, m_socket->data());
}

void QmlSocket::setData(const QJSValue &data)
{
    if (m_socket)
        m_socket->setData(toVariant(data).toMap());
}

QmlBroadcast *QmlSocket::broadcast() const
{
    if (!m_socket)
        return nullptr;
    auto *op = new QmlBroadcast(m_engine, m_socket->broadcast());
    QJSEngine::setObjectOwnership(op, QJSEngine::JavaScriptOwnership);
    return op;
}

void QmlSocket::on(const QString &event, const QJSValue &handler)
{
    if (!m_socket || !handler.isCallable())
        return;
    m_socket->on(event, this, [this, handler](const QVariantList &args, const Ack &ack) {
        if (!m_engine)
            return;
        callFunction(handler, {toScriptArray(m_engine, args), ackFunction(m_engine, ack)}, this);
    });
}

void QmlSocket::off(const QString &event)
{
    if (m_socket)
        m_socket->off(event, this);
}

void QmlSocket::onAny(const QJSValue &handler)
{
    if (!m_socket || !handler.isCallable())
        return;
    m_socket->onAny(this, [this, handler](const QString &event, const QVariantList &args) {
        if (m_engine)
            callFunction(handler, {event, toScriptArray(m_engine, args)}, this);
    });
}

void QmlSocket::offAny()
{
    if (m_socket)
        m_socket->offAny(this);
}

bool QmlSocket::emitEvent(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                          const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                          const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_socket)
        return false;
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    if (!call.callback.isCallable())
        return m_socket->emitEvent(event, call.args);
    return m_socket->emitWithAck(event, call.args, this, ackCallbackFor(m_engine, call.callback, false, false, this));
}

QJSValue QmlSocket::emitWithAck(const QString &event, const QJSValue &a0, const QJSValue &a1, const QJSValue &a2,
                                const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6,
                                const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    if (!m_engine)
        return {};
    const EmitArguments call = emitArguments({a0, a1, a2, a3, a4, a5, a6, a7, a8, a9});
    const Deferred deferred = makeDeferred(m_engine);
    if (!m_socket || !m_socket->emitWithAck(event, call.args, this, ackCallbackFor(m_engine, deferred, false)))
        QJSValue(deferred.reject)
                .call({m_engine->newErrorObject(QJSValue::GenericError, QStringLiteral("the event was not sent"))});
    return deferred.promise;
}

QmlEmitter *QmlSocket::timeout(int milliseconds)
{
    if (!m_socket)
        return nullptr;
    return new QmlEmitter(m_engine, m_socket->timeout(std::chrono::milliseconds(milliseconds)), true);
}

QmlEmitter *QmlSocket::asVolatile()
{
    return m_socket ? new QmlEmitter(m_engine, m_socket->asVolatile(), false) : nullptr;
}

QmlEmitter *QmlSocket::compress(bool compress)
{
    return m_socket ? new QmlEmitter(m_engine, m_socket->compress(compress), false) : nullptr;
}

void QmlSocket::join(const QJSValue &rooms)
{
    if (m_socket)
        m_socket->join(toStringList(rooms));
}

void QmlSocket::leave(const QString &room)
{
    if (m_socket)
        m_socket->leave(room);
}

QmlBroadcast *QmlSocket::to(const QJSValue &rooms) const
{
    return m_socket ? new QmlBroadcast(m_engine, m_socket->to(toStringList(rooms))) : nullptr;
}

QmlBroadcast *QmlSocket::except(const QJSValue &rooms) const
{
    return m_socket ? new QmlBroadcast(m_engine, m_socket->except(toStringList(rooms))) : nullptr;
}

void QmlSocket::disconnect(bool close)
{
    if (m_socket)
        m_socket->disconnect(close);
}

} // namespace SocketIo::Qml
