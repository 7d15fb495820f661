// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_NAMESPACE_H
#define SOCKETIO_NAMESPACE_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/ack.h>
#include <SocketIo/broadcastoperator.h>
#include <SocketIo/remotesocket.h>
#include <SocketIo/socket.h>

#include <QtCore/QHash>
#include <QtCore/QObject>

#include <functional>
#include <memory>

namespace SocketIo {

class Adapter;
class Server;
class NamespacePrivate;
class ParentNamespacePrivate;

class SOCKETIO_EXPORT Namespace : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Namespace)
    Q_DECLARE_PRIVATE(Namespace)
    Q_PROPERTY(QString name READ name CONSTANT)
    Q_PROPERTY(int socketCount READ socketCount NOTIFY socketCountChanged)

public:
    using Middleware = std::function<void(Socket *socket, const Next &next)>;
    // A server-side event from another server: args, and an Ack when it waits for an answer.
    using EventHandler = std::function<void(const QVariantList &args, const Ack &ack)>;

    ~Namespace() override;

    QString name() const;
    Server *server() const;
    Adapter *adapter() const;
    QHash<QString, Socket *> sockets() const;
    int socketCount() const;

    void use(QObject *context, Middleware middleware);

    [[nodiscard]] BroadcastOperator to(const QString &room) const;
    [[nodiscard]] BroadcastOperator to(const QStringList &rooms) const;
    [[nodiscard]] BroadcastOperator in(const QString &room) const { return to(room); }
    [[nodiscard]] BroadcastOperator in(const QStringList &rooms) const { return to(rooms); }
    [[nodiscard]] BroadcastOperator except(const QString &room) const;
    [[nodiscard]] BroadcastOperator except(const QStringList &rooms) const;
    [[nodiscard]] BroadcastOperator timeout(std::chrono::milliseconds timeout) const;
    [[nodiscard]] BroadcastOperator local() const;
    [[nodiscard]] BroadcastOperator asVolatile() const;
    [[nodiscard]] BroadcastOperator compress(bool compress) const;

    bool emitEvent(const QString &event, const QVariantList &args = {});
    QList<Socket *> fetchSockets() const;                                     // this server's
    void fetchSockets(QObject *context, FetchSocketsCallback callback) const; // every server's
    QFuture<QList<RemoteSocket>> fetchSocketsAsync() const;                   // every server's
    void socketsJoin(const QStringList &rooms);
    void socketsLeave(const QStringList &rooms);
    void disconnectSockets(bool close = false);

    // Events between the servers of a cluster.
    void serverSideEmit(const QString &event, const QVariantList &args = {});
    void serverSideEmit(const QString &event, const QVariantList &args, QObject *context, AckCallback callback);
    void on(const QString &event, QObject *context, EventHandler handler);
    void off(const QString &event, QObject *context = nullptr);

Q_SIGNALS:
    void connection(SocketIo::Socket *socket);
    void socketCountChanged();

protected:
    Namespace(Server *server, std::unique_ptr<NamespacePrivate> d);
    std::unique_ptr<NamespacePrivate> d_ptr;
};

// A namespace matched by a pattern: every matching name becomes a child
// namespace that shares the parent's middleware and connection handlers.
class SOCKETIO_EXPORT ParentNamespace : public Namespace
{
    Q_OBJECT
    Q_DISABLE_COPY(ParentNamespace)
    Q_DECLARE_PRIVATE(ParentNamespace)

public:
    ~ParentNamespace() override;
    QList<Namespace *> children() const;

Q_SIGNALS:
    void childCreated(SocketIo::Namespace *child);

private:
    ParentNamespace(Server *server, const QString &name);
};

} // namespace SocketIo

#endif // SOCKETIO_NAMESPACE_H
