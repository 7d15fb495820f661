// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "serveroptions.h"
#include "serveroptions_p.h"

#include <QtCore/QDebug>

namespace SocketIo {

/*!
    \class SocketIo::ServerOptions
    \inmodule SocketIo
    \brief The options of a Server: its EngineOptions and Socket.IO's own.

    Every default is the one of Socket.IO 4.8: serveClient on, connectTimeout
    45 s, connection state recovery off, empty child namespaces kept. The
    Engine.IO options (path, heartbeat, transports, limits, CORS, ...) are
    inherited from EngineOptions, so every setter is called on the
    ServerOptions itself, as in Node where \c ServerOptions extends
    \c EngineOptions.
*/
ServerOptions::ServerOptions() : d(new ServerOptionsPrivate) {}
ServerOptions::ServerOptions(const ServerOptions &other) = default;
ServerOptions::ServerOptions(ServerOptions &&other) noexcept = default;
ServerOptions &ServerOptions::operator=(ServerOptions &&other) noexcept = default;
ServerOptions &ServerOptions::operator=(const ServerOptions &other) = default;
ServerOptions::~ServerOptions() = default;

/*! Returns the Engine.IO part of these options. */
EngineOptions ServerOptions::engineOptions() const
{
    return *this;
}

bool ServerOptions::serveClient() const
{
    return d->serveClient;
}
void ServerOptions::setServeClient(bool serve)
{
    d->serveClient = serve;
}

std::chrono::milliseconds ServerOptions::connectTimeout() const
{
    return d->connectTimeout;
}
void ServerOptions::setConnectTimeout(std::chrono::milliseconds timeout)
{
    d->connectTimeout = timeout;
}

ConnectionStateRecovery ServerOptions::connectionStateRecovery() const
{
    return d->recovery;
}
/*! Enables or tunes connection state recovery (off by default, as in Node). */
void ServerOptions::setConnectionStateRecovery(const ConnectionStateRecovery &recovery)
{
    d->recovery = recovery;
}

bool ServerOptions::cleanupEmptyChildNamespaces() const
{
    return d->cleanupEmptyChildNamespaces;
}
/*! Removes a dynamic child namespace once its last socket left (off by default). */
void ServerOptions::setCleanupEmptyChildNamespaces(bool cleanup)
{
    d->cleanupEmptyChildNamespaces = cleanup;
}

AdapterFactory ServerOptions::adapterFactory() const
{
    return d->adapterFactory ? *d->adapterFactory : AdapterFactory();
}
/*!
    Makes \a factory create the adapter of every namespace of the server, "/" included (Node's
    \c adapter option). A factory that returns null, or none, gives the in-memory adapter.
*/
void ServerOptions::setAdapterFactory(AdapterFactory factory)
{
    d->adapterFactory = factory ? std::make_shared<const AdapterFactory>(std::move(factory)) : nullptr;
}

bool operator==(const ServerOptions &a, const ServerOptions &b)
{
    const auto &x = *a.d;
    const auto &y = *b.d;
    return static_cast<const EngineOptions &>(a) == static_cast<const EngineOptions &>(b)
            && (a.d == b.d
                || (x.serveClient == y.serveClient && x.connectTimeout == y.connectTimeout && x.recovery == y.recovery
                    && x.cleanupEmptyChildNamespaces == y.cleanupEmptyChildNamespaces
                    && x.adapterFactory == y.adapterFactory));
}

QDebug operator<<(QDebug debug, const ServerOptions &options)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "ServerOptions(path=" << options.path() << ", pingInterval=" << options.pingInterval().count()
                    << "ms, pingTimeout=" << options.pingTimeout().count()
                    << "ms, maxHttpBufferSize=" << options.maxHttpBufferSize()
                    << ", connectTimeout=" << options.connectTimeout().count() << "ms)";
    return debug;
}

} // namespace SocketIo
