// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "namespace.h"
#include "namespace_p.h"

#include "connection_p.h"
#include "inmemoryadapter.h"
#include "next_p.h"
#include "server.h"
#include "server_p.h"
#include "socket_p.h"
#include "socketiologging_p.h"

#include <cmath>

namespace SocketIo {

namespace {

// JavaScript's truthiness of a decoded JSON value.
bool isTruthy(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return false;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::QString:
        return !value.toString().isEmpty();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toLongLong() != 0;
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        return d != 0 && !std::isnan(d);
    }
    default:
        return true;
    }
}

} // namespace

NamespacePrivate::NamespacePrivate(Server *server, const QString &name) : server(server), name(name) {}
NamespacePrivate::~NamespacePrivate() = default;

Namespace *NamespacePrivate::create(Server *server, const QString &name)
{
    return new Namespace(server, std::make_unique<NamespacePrivate>(server, name));
}

ParentNamespace *ParentNamespacePrivate::create(Server *server, const QString &name)
{
    return new ParentNamespace(server, name);
}

QList<ContextBound<Namespace::Middleware>> NamespacePrivate::allMiddlewares()
{
    pruneDead(middlewares);
    QList<ContextBound<Namespace::Middleware>> all;
    if (parent) {
        NamespacePrivate *p = NamespacePrivate::get(parent);
        pruneDead(p->middlewares);
        all = p->middlewares;
    }
    all.append(middlewares);
    return all;
}

void NamespacePrivate::add(Connection *connection, const QVariantMap &auth, std::function<void(Socket *)> done)
{
    Q_Q(Namespace);
    EngineSocket *conn = connection->conn();
    const ConnectionStateRecovery recovery = server->options().connectionStateRecovery();
    std::optional<Session> session;
    const QVariant pid = auth.value(QStringLiteral("pid"));
    const QVariant offset = auth.value(QStringLiteral("offset"));
    if (recovery.enabled && pid.userType() == QMetaType::QString && offset.userType() == QMetaType::QString)
        session = adapter->restoreSession(pid.toString(), offset.toString());
    Socket *socket = SocketPrivate::create(q, connection, Handshake(conn->request(), auth), session);
    if (session && recovery.skipMiddlewares) {
        qCDebug(lcNamespace, "%s: session recovered, middlewares skipped", qPrintable(socket->id()));
        doConnect(socket, done);
        return;
    }
    QPointer<Connection> guard(connection);
    QPointer<Socket> socketGuard(socket);
    runMiddlewares(socket, 0, [this, guard, socketGuard, done](bool ok, const QString &message, const QVariant &data) {
        if (!socketGuard)
            return;
        Socket *s = socketGuard;
        if (!guard || !guard->conn() || guard->conn()->readyState() != EngineSocket::ReadyState::Open) {
            qCDebug(lcNamespace, "middleware answered after the client left: socket dropped");
            delete s;
            return;
        }
        if (!ok) {
            Sio::Packet error;
            error.type = Sio::PacketType::ConnectError;
            error.nsp = name;
            if (guard->isLegacyClient()) {
                // A Socket.IO 2 client gets `err.data || err.message`, as from Node.
                error.data = isTruthy(data) ? data : QVariant(message);
            } else {
                QVariantMap body{{QStringLiteral("message"), message}};
                if (data.isValid())
                    body.insert(QStringLiteral("data"), data);
                error.data = body;
            }
            guard->writePacket(error);
            delete s;
            done(nullptr);
            cleanupIfEmpty();
            return;
        }
        doConnect(s, done);
    });
}

void NamespacePrivate::runMiddlewares(Socket *socket, qsizetype index,
                                      std::function<void(bool, const QString &, const QVariant &)> done)
{
    const auto all = allMiddlewares();
    if (index >= all.size()) {
        done(true, {}, {});
        return;
    }
    QPointer<Socket> guard(socket);
    all.at(index).fn(
            socket,
            NextPrivate::create([this, guard, index, done](bool ok, const QString &message, const QVariant &data) {
                if (!guard)
                    return;
                if (!ok)
                    done(false, message, data);
                else
                    runMiddlewares(guard, index + 1, done);
            }));
}

// State first, then notify: handlers may emit, join or disconnect at once.
void NamespacePrivate::doConnect(Socket *socket, const std::function<void(Socket *)> &done)
{
    Q_Q(Namespace);
    sockets.insert(socket->id(), socket);
    SocketPrivate::get(socket)->onConnect();
    done(socket);
    Q_EMIT q->socketCountChanged();
    Q_EMIT q->connection(socket);
    if (parent && socket->isConnected())
        Q_EMIT parent->connection(socket);
}

void NamespacePrivate::remove(Socket *socket)
{
    Q_Q(Namespace);
    if (!sockets.remove(socket->id()))
        return;
    Q_EMIT q->socketCountChanged();
    cleanupIfEmpty();
}

// cleanupEmptyChildNamespaces: a dynamic child with no socket left goes away.
void NamespacePrivate::cleanupIfEmpty()
{
    Q_Q(Namespace);
    if (parent && sockets.isEmpty() && server->options().cleanupEmptyChildNamespaces())
        ServerPrivate::get(server)->removeNamespace(q);
}

BroadcastOperator NamespacePrivate::op(const BroadcastOptions &options) const
{
    return BroadcastOperator(const_cast<Namespace *>(q_func()), options);
}

/*!
    \class SocketIo::Namespace
    \inmodule SocketIo
    \brief A communication channel of a Server: its own sockets, rooms,
    middleware and adapter.

    Get one with Server::of(). Connect to connection() to receive each new
    Socket; add middleware with use(); broadcast with emitEvent() or a chain
    started by to(), except(), timeout() and friends.
*/
Namespace::Namespace(Server *server, std::unique_ptr<NamespacePrivate> d) : QObject(server), d_ptr(std::move(d))
{
    d_ptr->q_ptr = this;
}

Namespace::~Namespace() = default;

QString Namespace::name() const
{
    return d_func()->name;
}
Server *Namespace::server() const
{
    return d_func()->server;
}
Adapter *Namespace::adapter() const
{
    return d_func()->adapter;
}
/*! Returns the connected sockets by id. */
QHash<QString, Socket *> Namespace::sockets() const
{
    return d_func()->sockets;
}
int Namespace::socketCount() const
{
    return int(d_func()->sockets.size());
}

/*!
    Adds \a middleware, run for every connecting socket while \a context
    lives. It answers with Next::accept() or Next::reject(message, data);
    a rejection sends the client a CONNECT_ERROR with that message and data.
*/
void Namespace::use(QObject *context, Middleware middleware)
{
    d_func()->middlewares.append({context, std::move(middleware)});
}

BroadcastOperator Namespace::to(const QString &room) const
{
    return d_func()->op().to(room);
}
BroadcastOperator Namespace::to(const QStringList &rooms) const
{
    return d_func()->op().to(rooms);
}
BroadcastOperator Namespace::except(const QString &room) const
{
    return d_func()->op().except(room);
}
BroadcastOperator Namespace::except(const QStringList &rooms) const
{
    return d_func()->op().except(rooms);
}
BroadcastOperator Namespace::timeout(std::chrono::milliseconds timeout) const
{
    return d_func()->op().timeout(timeout);
}
BroadcastOperator Namespace::local() const
{
    return d_func()->op().local();
}
BroadcastOperator Namespace::asVolatile() const
{
    return d_func()->op().asVolatile();
}
BroadcastOperator Namespace::compress(bool compress) const
{
    return d_func()->op().compress(compress);
}

/*! Emits \a event with \a args to every socket of the namespace. */
bool Namespace::emitEvent(const QString &event, const QVariantList &args)
{
    return d_func()->op().emitEvent(event, args);
}
QList<Socket *> Namespace::fetchSockets() const
{
    return d_func()->op().fetchSockets();
}
void Namespace::socketsJoin(const QStringList &rooms)
{
    d_func()->op().socketsJoin(rooms);
}
void Namespace::socketsLeave(const QStringList &rooms)
{
    d_func()->op().socketsLeave(rooms);
}
void Namespace::disconnectSockets(bool close)
{
    d_func()->op().disconnectSockets(close);
}
/*! Sends \a event to the other servers of a cluster; nothing to do without one. */
void Namespace::serverSideEmit(const QString &event, const QVariantList &args)
{
    QVariantList data = args;
    data.prepend(event);
    d_func()->adapter->serverSideEmit(data);
}

/*!
    \class SocketIo::ParentNamespace
    \inmodule SocketIo
    \brief The namespace behind Server::of(pattern): its middleware and
    connection() cover every child namespace it created; a broadcast reaches
    the sockets of all children.
*/
ParentNamespace::ParentNamespace(Server *server, const QString &name)
    : Namespace(server, std::make_unique<ParentNamespacePrivate>(server, name))
{}

ParentNamespace::~ParentNamespace() = default;

QList<Namespace *> ParentNamespace::children() const
{
    QList<Namespace *> out;
    for (const auto &child : d_func()->children) {
        if (child)
            out.append(child);
    }
    return out;
}

} // namespace SocketIo
