// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SERVER_H
#define SOCKETIO_SERVER_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/broadcastoperator.h>
#include <SocketIo/engine.h>
#include <SocketIo/namespace.h>
#include <SocketIo/serveroptions.h>

#include <QtCore/QObject>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QHostAddress>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QTcpServer;
QT_END_NAMESPACE

namespace SocketIo {

class Adapter;
class ServerPrivate;

class SOCKETIO_EXPORT Server : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Server)
    Q_DECLARE_PRIVATE(Server)

public:
    enum class Error { NoError, ListenError, NotListeningError, PathInUseError };
    Q_ENUM(Error)

    using AdapterFactory = SocketIo::AdapterFactory;
    using NamespaceMatcher = std::function<bool(const QString &name, const QVariantMap &auth)>;

    explicit Server(QObject *parent = nullptr);
    explicit Server(const ServerOptions &options, QObject *parent = nullptr);
    ~Server() override;

    ServerOptions options() const;
    bool listen(const QHostAddress &address = QHostAddress::Any, quint16 port = 0);
    bool listen(QTcpServer *server);
    quint16 serverPort() const;
    Error error() const;
    QString errorString() const;
    Engine *engine() const;
    void close();

    Namespace *of(const QString &name);
    ParentNamespace *of(const QRegularExpression &pattern);
    ParentNamespace *of(QObject *context, NamespaceMatcher matcher);
    Namespace *sockets() const;
    QList<Namespace *> namespaces() const;

    void setAdapterFactory(AdapterFactory factory);

    void use(QObject *context, Namespace::Middleware middleware);
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
    void serverSideEmit(const QString &event, const QVariantList &args = {});
    void serverSideEmit(const QString &event, const QVariantList &args, QObject *context, AckCallback callback);
    void on(const QString &event, QObject *context, Namespace::EventHandler handler);
    void off(const QString &event, QObject *context = nullptr);

Q_SIGNALS:
    void connection(SocketIo::Socket *socket);
    void newNamespace(SocketIo::Namespace *nsp);
    void errorOccurred(SocketIo::Server::Error error);

private:
    std::unique_ptr<ServerPrivate> d_ptr;
};

} // namespace SocketIo

#endif // SOCKETIO_SERVER_H
