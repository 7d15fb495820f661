// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLSOCKET_P_H
#define SOCKETIO_QMLSOCKET_P_H

#include "qmlemitter_p.h"

#include <SocketIo/socket.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

QT_BEGIN_NAMESPACE
class QJSEngine;
QT_END_NAMESPACE

namespace SocketIo {
class Adapter;
}

namespace SocketIo::Qml {

// A server-side socket in QML: the argument of SocketIoServer.onConnection.
// It lives as long as the connection; after "disconnected" it is gone.
class QmlSocket : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoSocket)
    QML_UNCREATABLE("sockets arrive through onConnection")
    Q_PROPERTY(QString id READ id CONSTANT)
    Q_PROPERTY(QString nsp READ nsp CONSTANT)
    Q_PROPERTY(QStringList rooms READ rooms NOTIFY roomsChanged)
    Q_PROPERTY(QVariantMap handshake READ handshake CONSTANT)
    Q_PROPERTY(QJSValue data READ data WRITE setData NOTIFY dataChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    Q_PROPERTY(bool recovered READ recovered CONSTANT)
    Q_PROPERTY(SocketIo::Qml::QmlBroadcast *broadcast READ broadcast CONSTANT)

public:
    static QmlSocket *wrap(Socket *socket, QJSEngine *engine);
    Socket *socket() const { return m_socket; }

    QString id() const;
    QString nsp() const;
    QStringList rooms() const;
    QVariantMap handshake() const;
    QJSValue data() const;
    void setData(const QJSValue &data);
    bool isConnected() const;
    bool recovered() const;
    QmlBroadcast *broadcast() const;

    Q_INVOKABLE void on(const QString &event, const QJSValue &handler);
    Q_INVOKABLE void off(const QString &event);
    Q_INVOKABLE void onAny(const QJSValue &handler);
    Q_INVOKABLE void offAny();
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                               const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                               const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                               const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                                     const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                                     const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                                     const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE SocketIo::Qml::QmlEmitter *timeout(int milliseconds);
    Q_INVOKABLE SocketIo::Qml::QmlEmitter *asVolatile();
    Q_INVOKABLE SocketIo::Qml::QmlEmitter *compress(bool compress);
    Q_INVOKABLE void join(const QJSValue &rooms);
    Q_INVOKABLE void leave(const QString &room);
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *to(const QJSValue &rooms) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *in(const QJSValue &rooms) const { return to(rooms); }
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *except(const QJSValue &rooms) const;
    // Hides QObject::disconnect(): call QObject::disconnect(...) qualified.
    Q_INVOKABLE void disconnect(bool close = false);

Q_SIGNALS:
    void roomsChanged();
    void dataChanged();
    void connectedChanged();
    void disconnecting(const QString &reason);
    void disconnected(const QString &reason);

private:
    QmlSocket(Socket *socket, QJSEngine *engine);
    static void watchRoomChanges(Adapter *adapter);

    QPointer<Socket> m_socket;
    QPointer<QJSEngine> m_engine;
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLSOCKET_P_H
