// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "engine.h"
#include "enginesocket.h"

#include "backlog_p.h"
#include "engine_p.h"
#include "enginesocket_p.h"
#include "logging_p.h"
#include "tcpserver_p.h"

#include <QtHttpServer/QHttpServer>
#include <QtNetwork/QTcpServer>

namespace SocketIo {

/*!
    \class SocketIo::Engine
    \inmodule SocketIo
    \brief The Engine.IO server: sessions over HTTP long-polling and WebSocket
    on one port.

    An Engine serves the Engine.IO protocol (version 4, and 3 when
    EngineOptions::allowEIO3() is set) on EngineOptions::path(). It is what
    Socket.IO calls \c io.engine; the Socket.IO Server creates one and users
    reach it for counters, headers hooks and the \c connection_error event.

    Several engines may share a port: attach each to the same QTcpServer with
    listen(QTcpServer *) and give each its own path.

    \sa EngineSocket, EngineOptions
*/

/*! Creates an engine with the default options, as a child of \a parent. */
Engine::Engine(QObject *parent) : Engine(EngineOptions(), parent) {}

/*! Creates an engine with \a options, as a child of \a parent. */
Engine::Engine(const EngineOptions &options, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<EnginePrivate>(this, options))
{}

/*! Closes every session and stops serving. */
Engine::~Engine()
{
    close();
}

/*! Returns the options the engine was created with. */
EngineOptions Engine::options() const
{
    Q_D(const Engine);
    return d->options;
}

namespace {
constexpr int ListenBacklog = 511; // as Node's net.Server
} // namespace

/*!
    Listens on \a address and \a port (0 picks a free port) with a QTcpServer
    of the engine's own, with Node's listen backlog of 511 pending connections
    (Qt's default of 50 makes a burst of connections wait for TCP retries).
    Returns \c false and sets errorString() on failure.
*/
bool Engine::listen(const QHostAddress &address, quint16 port)
{
    Q_D(Engine);
    auto *server = new Eio::TcpServer(this);
    server->setListenBacklogSize(ListenBacklog);
    if (!server->listen(address, port)) {
        const QString detail = server->errorString();
        delete server;
        d->setError(Error::ListenError, detail);
        return false;
    }
    d->ownListener = server;
    const bool ok = d->attach(server);
    Q_EMIT listeningChanged();
    return ok;
}

/*!
    Serves the engine's path on the caller's listening \a server, which may be
    a QSslServer for HTTPS and WSS. Engines attached to the same server share
    its port.
*/
bool Engine::listen(QTcpServer *server)
{
    Q_D(Engine);
    if (!server || !server->isListening()) {
        d->setError(Error::NotListeningError);
        return false;
    }
    const bool ok = d->attach(server);
    Q_EMIT listeningChanged();
    return ok;
}

/*! Returns whether the engine serves a listening port. */
bool Engine::isListening() const
{
    Q_D(const Engine);
    return d->front && d->front->listener() && d->front->listener()->isListening();
}

/*! Returns the port the engine serves, or 0. */
quint16 Engine::serverPort() const
{
    Q_D(const Engine);
    return isListening() ? d->front->listener()->serverPort() : 0;
}

/*!
    \enum SocketIo::Engine::Error
    What went wrong in the last listen().
    \value NoError Nothing went wrong.
    \value ListenError The address or port could not be bound (errorString() says why).
    \value NotListeningError listen() was given a server that does not listen.
    \value PathInUseError Another engine already serves the same path on that port.
*/

/*! Returns what went wrong in the last listen(); errorOccurred() told it. */
Engine::Error Engine::error() const
{
    Q_D(const Engine);
    return d->error;
}

/*! Returns a translated description of error(). */
QString Engine::errorString() const
{
    Q_D(const Engine);
    switch (d->error) {
    case Error::NoError:
        return QString();
    case Error::ListenError:
        return tr("Could not listen: %1").arg(d->errorDetail);
    case Error::NotListeningError:
        return tr("The given server is not listening");
    case Error::PathInUseError:
        return tr("The path %1 is already served on this port").arg(d->options.path());
    }
    return QString();
}

/*!
    Returns the Qt HttpServer that answers the plain HTTP requests on the
    engine's port. Add routes to it to serve the application's own pages next
    to the Engine.IO path; requests under the engine's path never reach those
    routes. Before listen() it is made on first use and served once the engine
    listens (unless the port is already served by another engine's, which keeps
    its own: then add the routes after listen()).
*/
QHttpServer *Engine::httpServer() const
{
    Q_D(const Engine);
    if (d->front)
        return d->front->httpServer();
    if (!d->preparedHttp)
        const_cast<EnginePrivate *>(d)->preparedHttp = new QHttpServer(const_cast<Engine *>(this));
    return d->preparedHttp;
}

/*! Closes every session (reason \c forced \c close) and stops listening. */
void Engine::close()
{
    Q_D(Engine);
    const auto sockets = d->clients.values();
    for (EngineSocket *socket : sockets)
        EngineSocketPrivate::get(socket)->onClose(EngineSocket::CloseReason::ForcedClose, {});
    const bool was = isListening();
    d->detach();
    delete d->ownListener;
    if (was)
        Q_EMIT listeningChanged();
}

/*! Returns the number of open sessions. */
int Engine::clientsCount() const
{
    Q_D(const Engine);
    return int(d->clients.size());
}

/*! Returns the open sessions. */
QList<EngineSocket *> Engine::clients() const
{
    Q_D(const Engine);
    return d->clients.values();
}

/*! Returns the session with \a id, or \nullptr. */
EngineSocket *Engine::client(const QString &id) const
{
    Q_D(const Engine);
    return d->clients.value(id);
}

/*! Returns the session and traffic counters. */
EngineStatistics Engine::statistics() const
{
    Q_D(const Engine);
    EngineStatistics stats;
    stats.clients = int(d->clients.size());
    for (const EngineSocket *socket : d->clients) {
        if (EngineSocketPrivate::get(socket)->transport->kind() == Eio::Transport::Kind::Polling)
            ++stats.pollingClients;
        else
            ++stats.websocketClients;
    }
    stats.packetsReceived = d->counters.packetsReceived;
    stats.packetsSent = d->counters.packetsSent;
    stats.bytesReceived = d->counters.bytesReceived;
    stats.bytesSent = d->counters.bytesSent;
    if (d->ledger) {
        stats.backlogBytes = d->ledger->bytes();
        stats.backlogsShed = quint64(d->ledger->shedCount());
    }
    return stats;
}

/*!
    Replaces the session id generator with \a generator, called while
    \a context lives. An empty or already used id falls back to a random one.
*/
void Engine::setIdGenerator(QObject *context, IdGenerator generator)
{
    Q_D(Engine);
    d->idGenerator = {context, std::move(generator)};
}

/*!
    Installs \a hook, which may change the headers of the first response of
    each session (Node's \c initial_headers event), while \a context lives.
*/
void Engine::setInitialHeadersHook(QObject *context, HeadersHook hook)
{
    Q_D(Engine);
    d->initialHeadersHook = {context, std::move(hook)};
}

/*!
    Installs \a hook, which may change the headers of every successful
    response (Node's \c headers event), while \a context lives.
*/
void Engine::setHeadersHook(QObject *context, HeadersHook hook)
{
    Q_D(Engine);
    d->headersHook = {context, std::move(hook)};
}

/*!
    \fn void SocketIo::Engine::connection(SocketIo::EngineSocket *socket)
    A new session \a socket was opened.
*/
/*!
    \fn void SocketIo::Engine::connectionError(const SocketIo::EngineRequest &request, SocketIo::Engine::RequestError code, const QString &message)
    \a request was refused with \a code and \a message (Node's \c connection_error).
*/

} // namespace SocketIo
