// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "namespace.h"
#include "namespace_p.h"

#include "connection_p.h"
#include "inmemoryadapter.h"
#include "ack_p.h"
#include "next_p.h"
#include "protocolnames_p.h"
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
    const ConnectionStateRecovery recovery = server->options().connectionStateRecovery();
    const QVariant pid = auth.value(QStringLiteral("pid"));
    const QVariant offset = auth.value(QStringLiteral("offset"));
    if (!recovery.enabled || pid.userType() != QMetaType::QString || offset.userType() != QMetaType::QString) {
        addSocket(connection, auth, std::nullopt, std::move(done));
        return;
    }
    // A cluster adapter may have to ask its store first.
    QPointer<Connection> guard(connection);
    adapter->restoreSessionAsync(pid.toString(), offset.toString(),
                                 [this, guard, auth, done = std::move(done)](const std::optional<Session> &session) {
                                     if (!guard || !guard->conn()
                                         || guard->conn()->readyState() != EngineSocket::ReadyState::Open) {
                                         qCDebug(lcNamespace, "session restored after the client left: dropped");
                                         return;
                                     }
                                     addSocket(guard, auth, session, done);
                                 });
}

void NamespacePrivate::addSocket(Connection *connection, const QVariantMap &auth, const std::optional<Session> &session,
                                 std::function<void(Socket *)> done)
{
    Q_Q(Namespace);
    EngineSocket *conn = connection->conn();
    const ConnectionStateRecovery recovery = server->options().connectionStateRecovery();
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
/*!
    Calls \a callback with the sockets of every server of the cluster (this server's as well):
    without a cluster before it returns, else when every server answered or the adapter's request
    timed out (error then says so). Not called once \a context is destroyed.
*/
void Namespace::fetchSockets(QObject *context, FetchSocketsCallback callback) const
{
    d_func()->op().fetchSockets(context, std::move(callback));
}

/*! The QFuture form of fetchSockets(QObject *, FetchSocketsCallback) (BroadcastOperator::fetchSocketsAsync()). */
QFuture<QList<RemoteSocket>> Namespace::fetchSocketsAsync() const
{
    return d_func()->op().fetchSocketsAsync();
}

namespace {
bool refuseServerSideEvent(const QString &event)
{
    // Node throws for these; they name the namespace's own events.
    if (event == QLatin1String("connect") || event == QLatin1String("connection")
        || event == QLatin1String("new_namespace") || isReservedEventName(event)) {
        qCWarning(lcNamespace, "serverSideEmit(\"%s\"): a reserved event name, not sent", qPrintable(event));
        return true;
    }
    return false;
}
} // namespace

/*!
    Sends \a event with \a args to the other servers of a cluster, whose on() handlers for it
    run; nothing to do without a cluster. The handlers on this server do not run.
*/
void Namespace::serverSideEmit(const QString &event, const QVariantList &args)
{
    if (refuseServerSideEvent(event))
        return;
    QVariantList data = args;
    data.prepend(event);
    d_func()->adapter->serverSideEmit(data);
}

/*!
    Sends \a event and waits for every other server's answer: \a callback gets an error (null
    when all answered, else the adapter's timeout message) and one entry per answer, the first
    argument of that server's Ack. Without a cluster it gets no error and no answers at once. Not
    called once \a context is destroyed.
*/
void Namespace::serverSideEmit(const QString &event, const QVariantList &args, QObject *context, AckCallback callback)
{
    if (refuseServerSideEvent(event))
        return;
    QVariantList data = args;
    data.prepend(event);
    const bool hasContext = context != nullptr;
    QPointer<QObject> guard(context);
    d_func()->adapter->serverSideEmitWithAck(
            data,
            [hasContext, guard, callback = std::move(callback)](const QVariant &error, const QVariantList &replies) {
                if (callback && (!hasContext || guard))
                    callback(error, replies);
            });
}

/*!
    Calls \a handler, as long as \a context lives, for every \a event another server of the
    cluster sends with serverSideEmit(). Its Ack is valid when the sender waits for an answer.
    A second on() for the same event adds a handler; they run in the order they were added.
*/
void Namespace::on(const QString &event, QObject *context, EventHandler handler)
{
    d_func()->serverSideHandlers.on(event, context, std::move(handler));
}

/*! Removes the server-side \a event handlers bound to \a context, or all of them when it is null. */
void Namespace::off(const QString &event, QObject *context)
{
    d_func()->serverSideHandlers.off(event, context);
}

void NamespacePrivate::receiveServerSideEmit(const QVariantList &data, std::function<void(const QVariantList &)> reply)
{
    const QString event = data.value(0).toString();
    if (event.isEmpty())
        return;
    Ack ack;
    if (reply) {
        // Only the first answer travels back, as in Node.
        ack = AckPrivate::create(std::move(reply), 0); // no packet id: the adapter routes the answer
    }
    serverSideHandlers.dispatch(event, AlwaysAlive(), data.mid(1), ack);
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
