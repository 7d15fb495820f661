// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "server.h"
#include "server_p.h"

#include "connection_p.h"
#include "inmemoryadapter.h"
#include "namespace_p.h"
#include "socket_p.h"
#include "socketiologging_p.h"

#include <SocketIo/engine.h>

#include <QtCore/QFile>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponse>

namespace SocketIo {

ServerPrivate::ServerPrivate(Server *q, const ServerOptions &options)
    : q_ptr(q), options(options),
      format(options.parser() == ServerOptions::Parser::Msgpack ? Sio::Format::Msgpack : Sio::Format::Json),
      adapterFactory(options.adapterFactory())
{}

Adapter *ServerPrivate::makeAdapter(Namespace *nsp) const
{
    Adapter *adapter = adapterFactory ? adapterFactory(nsp) : nullptr;
    if (!adapter)
        adapter = new InMemoryAdapter(nsp);
    adapter->init();
    return adapter;
}

// Node's io.adapter(): the namespace gets a new adapter, and its connected sockets keep their
// rooms in it.
void ServerPrivate::replaceAdapter(Namespace *nsp)
{
    NamespacePrivate *d = NamespacePrivate::get(nsp);
    Adapter *old = d->adapter;
    d->adapter = makeAdapter(nsp);
    for (auto it = d->sockets.cbegin(); it != d->sockets.cend(); ++it)
        d->adapter->addAll(it.key(), old->socketRooms(it.key()));
    old->close();
    old->deleteLater(); // a caller further up the stack may still be inside it
    qCDebug(lcServer, "namespace %s: adapter replaced", qPrintable(d->name));
}

QString ServerPrivate::normalize(const QString &name)
{
    return name.startsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
}

Namespace *ServerPrivate::createNamespace(const QString &name, ParentNamespace *parent)
{
    Q_Q(Server);
    Namespace *nsp = NamespacePrivate::create(q, name);
    NamespacePrivate *d = NamespacePrivate::get(nsp);
    d->parent = parent;
    d->adapter = makeAdapter(nsp);
    namespaces.insert(name, nsp);
    if (parent) {
        ParentNamespacePrivate::get(parent)->children.append(nsp);
        Q_EMIT parent->childCreated(nsp);
    }
    qCDebug(lcServer, "namespace %s created", qPrintable(name));
    Q_EMIT q->newNamespace(nsp);
    return nsp;
}

// An exact namespace, or a new child of the first parent whose matcher accepts the name.
Namespace *ServerPrivate::lookupNamespace(const QString &name, const QVariantMap &auth)
{
    if (Namespace *nsp = namespaces.value(name))
        return nsp;
    for (const Parent &parent : std::as_const(parents)) {
        if (parent.matcher.isAlive() && parent.matcher.fn(name, auth))
            return createNamespace(name, parent.nsp);
    }
    return nullptr;
}

ParentNamespace *ServerPrivate::addParent(ContextBound<Server::NamespaceMatcher> matcher, bool fromPattern)
{
    Q_Q(Server);
    ParentNamespace *parent = ParentNamespacePrivate::create(q, QStringLiteral("/_%1").arg(parentCount++));
    ParentNamespacePrivate *d = ParentNamespacePrivate::get(parent);
    d->adapter = new InMemoryAdapter(parent);
    parents.append({std::move(matcher), parent, fromPattern});
    return parent;
}

// A dynamic child namespace whose last socket left (cleanupEmptyChildNamespaces).
void ServerPrivate::removeNamespace(Namespace *nsp)
{
    qCDebug(lcServer, "namespace %s is empty: removed", qPrintable(nsp->name()));
    namespaces.remove(nsp->name());
    if (ParentNamespace *parent = NamespacePrivate::get(nsp)->parent)
        ParentNamespacePrivate::get(parent)->children.removeAll(nsp);
    nsp->adapter()->close();
    nsp->deleteLater();
}

// serveClient: <path>socket.io.js and friends, with an ETag of the client version.
void ServerPrivate::serveClientFiles()
{
    QHttpServer *http = engine->httpServer();
    if (!options.serveClient() || !http || clientServed)
        return;
    clientServed = true;
#ifdef SOCKETIO_CLIENT_VERSION
    const QByteArray etag = QByteArrayLiteral("\"" SOCKETIO_CLIENT_VERSION "\"");
    static const char *const files[] = {"socket.io.js", "socket.io.min.js", "socket.io.msgpack.min.js",
                                        "socket.io.esm.min.js"};
    for (const char *file : files) {
        for (const QString &suffix : {QString(), QStringLiteral(".map")}) {
            const QString name = QLatin1String(file) + suffix;
            const QString resource = QStringLiteral(":/socketio-client/") + name;
            if (!QFile::exists(resource))
                continue;
            const QByteArray type = suffix.isEmpty() ? QByteArrayLiteral("application/javascript; charset=utf-8")
                                                     : QByteArrayLiteral("application/json; charset=utf-8");
            http->route(options.path() + name, [resource, type, etag](const QHttpServerRequest &request) {
                if (request.value("if-none-match") == etag) {
                    QHttpServerResponse notModified(QHttpServerResponder::StatusCode::NotModified);
                    notModified.setHeader("ETag", etag);
                    return notModified;
                }
                QFile in(resource);
                in.open(QIODevice::ReadOnly);
                QHttpServerResponse response(type, in.readAll());
                response.setHeader("ETag", etag);
                response.setHeader("Cache-Control", "public, max-age=0");
                return response;
            });
        }
    }
#else
    qCWarning(lcServer, "serveClient: the socket.io-client bundles were not found at build time");
#endif
}

void ServerPrivate::onEngineConnection(EngineSocket *conn)
{
    new Connection(this, conn);
}

/*!
    \class SocketIo::Server
    \inmodule SocketIo
    \brief A Socket.IO 5 server (protocol of Socket.IO 3 and 4 clients) on Qt's
    event loop.

    A Server owns an Engine, the main namespace \c / (sockets()) and the
    namespaces made with of(). Connect to connection() (the main namespace's
    new sockets) or to a namespace's Namespace::connection(). The broadcast
    starters (to(), except(), emitEvent(), ...) act on the main namespace.

    \code
    SocketIo::Server io;
    QObject::connect(&io, &SocketIo::Server::connection, &io, [](SocketIo::Socket *socket) {
        socket->on(QStringLiteral("hello"), socket, [socket](const QVariantList &args, const SocketIo::Ack &ack) {
            ack.send({QStringLiteral("hi"), args.value(0)});
        });
    });
    io.listen(QHostAddress::Any, 3000);
    \endcode
*/
Server::Server(QObject *parent) : Server(ServerOptions(), parent) {}

Server::Server(const ServerOptions &options, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<ServerPrivate>(this, options))
{
    Q_D(Server);
    d->engine = new Engine(options, this);
    connect(d->engine, &Engine::connection, this, [d](EngineSocket *conn) { d->onEngineConnection(conn); });
    // Server::Error has Engine::Error's values in the same order.
    connect(d->engine, &Engine::errorOccurred, this, [this](Engine::Error e) { Q_EMIT errorOccurred(Error(int(e))); });
    d->mainNamespace = d->createNamespace(QStringLiteral("/"), nullptr);
    connect(d->mainNamespace, &Namespace::connection, this, &Server::connection);
}

/*! Closes the server: every socket is disconnected with "server shutting down". */
Server::~Server()
{
    close();
}

ServerOptions Server::options() const
{
    return d_func()->options;
}

/*! Listens on \a address and \a port (0 picks one). */
bool Server::listen(const QHostAddress &address, quint16 port)
{
    Q_D(Server);
    const bool ok = d->engine->listen(address, port);
    d->serveClientFiles();
    return ok;
}

/*! Serves on the caller's listening \a server (a QSslServer for HTTPS/WSS). */
bool Server::listen(QTcpServer *server)
{
    Q_D(Server);
    const bool ok = d->engine->listen(server);
    d->serveClientFiles();
    return ok;
}

quint16 Server::serverPort() const
{
    return d_func()->engine->serverPort();
}
/*!
    \enum SocketIo::Server::Error
    What went wrong in the last listen(), as Engine::Error.
    \value NoError Nothing went wrong.
    \value ListenError The address or port could not be bound (errorString() says why).
    \value NotListeningError listen() was given a server that does not listen.
    \value PathInUseError Another server already serves the same path on that port.
*/

static_assert(int(Server::Error::PathInUseError) == int(Engine::Error::PathInUseError));

/*! Returns what went wrong in the last listen(); errorOccurred() told it. */
Server::Error Server::error() const
{
    return Error(int(d_func()->engine->error()));
}
/*! Returns a translated description of error(). */
QString Server::errorString() const
{
    return d_func()->engine->errorString();
}
/*! Returns the Engine.IO server under this server (io.engine). */
Engine *Server::engine() const
{
    return d_func()->engine;
}

/*!
    Disconnects every socket of every namespace with the reason "server
    shutting down", closes the adapters and the engine.
*/
void Server::close()
{
    Q_D(Server);
    const auto namespaces = d->namespaces.values();
    for (Namespace *nsp : namespaces) {
        const auto sockets = NamespacePrivate::get(nsp)->sockets.values();
        for (Socket *socket : sockets)
            SocketPrivate::get(socket)->onClose(Socket::DisconnectReason::ServerShuttingDown);
        nsp->adapter()->close();
    }
    if (d->engine)
        d->engine->close();
}

/*! Returns the namespace \a name, creating it on first use. */
Namespace *Server::of(const QString &name)
{
    Q_D(Server);
    const QString normalized = ServerPrivate::normalize(name);
    if (Namespace *nsp = d->namespaces.value(normalized))
        return nsp;
    // As in Node, a name that a pattern matches becomes a child of that pattern's parent.
    for (const ServerPrivate::Parent &parent : std::as_const(d->parents)) {
        if (parent.fromPattern && parent.matcher.isAlive() && parent.matcher.fn(normalized, {}))
            return d->createNamespace(normalized, parent.nsp);
    }
    return d->createNamespace(normalized, nullptr);
}

/*!
    Returns a parent namespace for every namespace name matching \a pattern:
    a client connecting to such a name creates a child namespace.
*/
ParentNamespace *Server::of(const QRegularExpression &pattern)
{
    Q_D(Server);
    return d->addParent(
            {this, [pattern](const QString &name, const QVariantMap &) { return pattern.match(name).hasMatch(); }},
            true);
}

/*! Returns a parent namespace for every name (and auth) that \a matcher accepts. */
ParentNamespace *Server::of(QObject *context, NamespaceMatcher matcher)
{
    Q_D(Server);
    return d->addParent({context, std::move(matcher)}, false);
}

/*! Returns the main namespace, \c /. */
Namespace *Server::sockets() const
{
    return d_func()->mainNamespace;
}
QList<Namespace *> Server::namespaces() const
{
    return d_func()->namespaces.values();
}

/*!
    Makes \a factory create the adapter of every namespace (Node's \c io.adapter()): the
    namespaces that exist get a new adapter at once, their connected sockets keeping their rooms,
    and later ones are created with it. Prefer ServerOptions::setAdapterFactory(), which applies
    from the start; instrument a server for admin consoles after its adapter is set.
*/
void Server::setAdapterFactory(AdapterFactory factory)
{
    Q_D(Server);
    d->options.setAdapterFactory(factory);
    d->adapterFactory = std::move(factory);
    const QList<Namespace *> existing = d->namespaces.values();
    for (Namespace *nsp : existing)
        d->replaceAdapter(nsp);
}

void Server::use(QObject *context, Namespace::Middleware middleware)
{
    sockets()->use(context, std::move(middleware));
}
BroadcastOperator Server::to(const QString &room) const
{
    return sockets()->to(room);
}
BroadcastOperator Server::to(const QStringList &rooms) const
{
    return sockets()->to(rooms);
}
BroadcastOperator Server::except(const QString &room) const
{
    return sockets()->except(room);
}
BroadcastOperator Server::except(const QStringList &rooms) const
{
    return sockets()->except(rooms);
}
BroadcastOperator Server::timeout(std::chrono::milliseconds timeout) const
{
    return sockets()->timeout(timeout);
}
BroadcastOperator Server::local() const
{
    return sockets()->local();
}
BroadcastOperator Server::asVolatile() const
{
    return sockets()->asVolatile();
}
BroadcastOperator Server::compress(bool compress) const
{
    return sockets()->compress(compress);
}
bool Server::emitEvent(const QString &event, const QVariantList &args)
{
    return sockets()->emitEvent(event, args);
}
QList<Socket *> Server::fetchSockets() const
{
    return sockets()->fetchSockets();
}
void Server::socketsJoin(const QStringList &rooms)
{
    sockets()->socketsJoin(rooms);
}
void Server::socketsLeave(const QStringList &rooms)
{
    sockets()->socketsLeave(rooms);
}
void Server::disconnectSockets(bool close)
{
    sockets()->disconnectSockets(close);
}
void Server::serverSideEmit(const QString &event, const QVariantList &args)
{
    sockets()->serverSideEmit(event, args);
}
void Server::serverSideEmit(const QString &event, const QVariantList &args, QObject *context, AckCallback callback)
{
    sockets()->serverSideEmit(event, args, context, std::move(callback));
}
/*! The main namespace's server-side event handlers (Namespace::on()). */
void Server::on(const QString &event, QObject *context, Namespace::EventHandler handler)
{
    sockets()->on(event, context, std::move(handler));
}
void Server::off(const QString &event, QObject *context)
{
    sockets()->off(event, context);
}
void Server::fetchSockets(QObject *context, FetchSocketsCallback callback) const
{
    sockets()->fetchSockets(context, std::move(callback));
}
QFuture<QList<RemoteSocket>> Server::fetchSocketsAsync() const
{
    return sockets()->fetchSocketsAsync();
}

} // namespace SocketIo
