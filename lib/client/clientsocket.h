// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLIENTSOCKET_H
#define SOCKETIO_CLIENTSOCKET_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/ack.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantMap>

#include <chrono>
#include <functional>
#include <memory>

namespace SocketIo {

class Client;
class ClientSocket;
class ClientSocketPrivate;

// Emits with flags: socket->timeout(5s).emitWithAck(...), socket->asVolatile().emitEvent(...).
class SOCKETIO_EXPORT ClientSocketEmitter
{
public:
    ClientSocketEmitter(ClientSocket *socket, qint64 timeoutMs);
    [[nodiscard]] ClientSocketEmitter timeout(std::chrono::milliseconds timeout) const;
    [[nodiscard]] ClientSocketEmitter asVolatile() const;
    bool isVolatile() const;
    bool emitEvent(const QString &event, const QVariantList &args = {}) const;
    bool emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback) const;

private:
    QPointer<ClientSocket> m_socket;
    qint64 m_timeoutMs = -1;
    bool m_volatile = false;
    void *reserved = nullptr;
};

class SOCKETIO_EXPORT ClientSocket : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(ClientSocket)
    Q_DECLARE_PRIVATE(ClientSocket)
    Q_PROPERTY(QString id READ id NOTIFY idChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    Q_PROPERTY(QString nsp READ nsp CONSTANT)

public:
    enum class DisconnectReason {
        IoServerDisconnect,
        IoClientDisconnect,
        PingTimeout,
        TransportClose,
        TransportError,
        ParseError,
    };
    Q_ENUM(DisconnectReason)
    static QString toString(DisconnectReason reason);

    using EventHandler = std::function<void(const QVariantList &args, const Ack &ack)>;
    using AnyHandler = std::function<void(const QString &event, const QVariantList &args)>;
    using AuthReply = std::function<void(const QVariantMap &auth)>;
    using AuthProvider = std::function<void(const AuthReply &reply)>;

    ~ClientSocket() override;

    Client *client() const;
    QString nsp() const;
    QString id() const;
    bool isConnected() const;
    bool isActive() const;
    bool recovered() const;
    QVariantMap auth() const;
    void setAuth(const QVariantMap &auth);
    void setAuth(QObject *context, AuthProvider provider);
    bool hasAuthProvider() const;

    int retries() const;
    void setRetries(int retries);
    std::chrono::milliseconds ackTimeout() const;
    void setAckTimeout(std::chrono::milliseconds timeout);

    void on(const QString &event, QObject *context, EventHandler handler);
    void off(const QString &event, QObject *context = nullptr);
    void onAny(QObject *context, AnyHandler handler);
    void prependAny(QObject *context, AnyHandler handler);
    void offAny(QObject *context = nullptr);
    void onAnyOutgoing(QObject *context, AnyHandler handler);
    void prependAnyOutgoing(QObject *context, AnyHandler handler);
    void offAnyOutgoing(QObject *context = nullptr);

    bool emitEvent(const QString &event, const QVariantList &args = {});
    bool emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback);
    [[nodiscard]] ClientSocketEmitter timeout(std::chrono::milliseconds timeout);
    [[nodiscard]] ClientSocketEmitter asVolatile();

    void open();
    // Hides QObject::disconnect(): call QObject::disconnect(...) qualified.
    void disconnect();

Q_SIGNALS:
    void connected();
    void disconnected(SocketIo::ClientSocket::DisconnectReason reason);
    void connectError(const QString &message, const QVariant &data);
    void eventReceived(const QString &event, const QVariantList &args);
    void idChanged();
    void connectedChanged();

private:
    ClientSocket(Client *client, const QString &nsp, const QVariantMap &auth);
    std::unique_ptr<ClientSocketPrivate> d_ptr;
};

} // namespace SocketIo

#endif // SOCKETIO_CLIENTSOCKET_H
