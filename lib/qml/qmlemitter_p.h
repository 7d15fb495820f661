// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLEMITTER_P_H
#define SOCKETIO_QMLEMITTER_P_H

#include <SocketIo/broadcastoperator.h>
#include <SocketIo/clientsocket.h>
#include <SocketIo/socket.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

#include <variant>

QT_BEGIN_NAMESPACE
class QJSEngine;
QT_END_NAMESPACE

namespace SocketIo::Qml {

// socket.timeout(ms), socket.asVolatile(), client.timeout(ms): emits to one
// socket (server side) or through one client socket, with flags.
class QmlEmitter : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoEmitter)
    QML_UNCREATABLE("returned by timeout(), asVolatile() and compress()")

public:
    using Target = std::variant<SocketEmitter, ClientSocketEmitter>;
    QmlEmitter(QJSEngine *engine, Target target, bool withTimeout);

    Q_INVOKABLE SocketIo::Qml::QmlEmitter *timeout(int milliseconds) const;
    Q_INVOKABLE SocketIo::Qml::QmlEmitter *asVolatile() const;
    Q_INVOKABLE SocketIo::Qml::QmlEmitter *compress(bool compress) const;
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                               const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                               const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                               const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                                     const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                                     const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                                     const QJSValue &a8 = {}, const QJSValue &a9 = {});

private:
    QPointer<QJSEngine> m_engine;
    Target m_target;
    bool m_withTimeout = false;
};

// io.to(room), socket.broadcast, nsp.except(room)...: a broadcast with its rooms
// and flags, immutable like the library's BroadcastOperator.
class QmlBroadcast : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoBroadcast)
    QML_UNCREATABLE("returned by to(), in(), except(), broadcast and timeout()")

public:
    QmlBroadcast(QJSEngine *engine, const BroadcastOperator &op);

    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *to(const QJSValue &rooms) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *in(const QJSValue &rooms) const { return to(rooms); }
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *except(const QJSValue &rooms) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *timeout(int milliseconds) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *asVolatile() const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *local() const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *compress(bool compress) const;
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                               const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                               const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                               const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                                     const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                                     const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                                     const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue fetchSockets() const;
    Q_INVOKABLE void socketsJoin(const QJSValue &rooms) const;
    Q_INVOKABLE void socketsLeave(const QJSValue &rooms) const;
    Q_INVOKABLE void disconnectSockets(bool close = false) const;

    static QJSValue socketArray(QJSEngine *engine, const QList<Socket *> &sockets);

private:
    QPointer<QJSEngine> m_engine;
    BroadcastOperator m_op;
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLEMITTER_P_H
