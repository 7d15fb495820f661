// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SOCKET_H
#define SOCKETIO_SOCKET_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/socketemitter.h>
#include <SocketIo/ack.h>
#include <SocketIo/broadcastoperator.h>
#include <SocketIo/handshake.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantMap>

#include <chrono>
#include <functional>
#include <memory>

namespace SocketIo {

class EngineSocket;
class Namespace;
class Socket;
class SocketPrivate;

class SOCKETIO_EXPORT Socket : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Socket)
    Q_DECLARE_PRIVATE(Socket)
    Q_PROPERTY(QString id READ id CONSTANT)
    Q_PROPERTY(bool connected READ isConnected NOTIFY disconnected)
    Q_PROPERTY(bool recovered READ recovered CONSTANT)
    Q_PROPERTY(QVariantMap data READ data WRITE setData NOTIFY dataChanged)

public:
    enum class DisconnectReason {
        TransportError,
        TransportClose,
        ForcedClose,
        PingTimeout,
        ParseError,
        ServerShuttingDown,
        ForcedServerClose,
        ClientNamespaceDisconnect,
        ServerNamespaceDisconnect,
    };
    Q_ENUM(DisconnectReason)
    static QString toString(DisconnectReason reason);

    using EventHandler = std::function<void(const QVariantList &args, const Ack &ack)>;
    using AnyHandler = std::function<void(const QString &event, const QVariantList &args)>;
    using PacketMiddleware = std::function<void(const QVariantList &packet, const Next &next)>;

    ~Socket() override;

    QString id() const;
    Namespace *nsp() const;
    Handshake handshake() const;
    QStringList rooms() const;
    QVariantMap data() const;
    void setData(const QVariantMap &data);
    void setData(const QString &key, const QVariant &value);
    bool recovered() const;
    bool isConnected() const;
    EngineSocket *conn() const;

    void on(const QString &event, QObject *context, EventHandler handler);
    void off(const QString &event, QObject *context = nullptr);
    void onAny(QObject *context, AnyHandler handler);
    void prependAny(QObject *context, AnyHandler handler);
    void offAny(QObject *context = nullptr);
    void onAnyOutgoing(QObject *context, AnyHandler handler);
    void prependAnyOutgoing(QObject *context, AnyHandler handler);
    void offAnyOutgoing(QObject *context = nullptr);
    void use(QObject *context, PacketMiddleware middleware);

    bool emitEvent(const QString &event, const QVariantList &args = {});
    bool emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback);
    [[nodiscard]] SocketEmitter timeout(std::chrono::milliseconds timeout);
    [[nodiscard]] SocketEmitter asVolatile();
    [[nodiscard]] SocketEmitter compress(bool compress);

    void join(const QString &room);
    void join(const QStringList &rooms);
    void leave(const QString &room);

    [[nodiscard]] BroadcastOperator to(const QString &room) const;
    [[nodiscard]] BroadcastOperator to(const QStringList &rooms) const;
    [[nodiscard]] BroadcastOperator in(const QString &room) const { return to(room); }
    [[nodiscard]] BroadcastOperator in(const QStringList &rooms) const { return to(rooms); }
    [[nodiscard]] BroadcastOperator except(const QString &room) const;
    [[nodiscard]] BroadcastOperator except(const QStringList &rooms) const;
    [[nodiscard]] BroadcastOperator broadcast() const;

    // Hides QObject::disconnect(): call QObject::disconnect(...) qualified.
    void disconnect(bool close = false);

Q_SIGNALS:
    void eventReceived(const QString &event, const QVariantList &args);
    void dataChanged();
    void middlewareError(const QString &message, const QVariant &data);
    void disconnecting(SocketIo::Socket::DisconnectReason reason);
    void disconnected(SocketIo::Socket::DisconnectReason reason);

private:
    explicit Socket(std::unique_ptr<SocketPrivate> d, QObject *parent);
    std::unique_ptr<SocketPrivate> d_ptr;
};

} // namespace SocketIo

#endif // SOCKETIO_SOCKET_H
