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
    45 s, connection state recovery off, empty child namespaces kept, the
    default (JSON) parser. The
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

/*!
    \enum SocketIo::ServerOptions::Parser
    \brief How Socket.IO packets are written on the wire (Node's \c parser
    option). Server and clients must use the same one.

    \value Default socket.io-parser, the parser of every Socket.IO client:
        a packet is a text message (JSON), followed by one binary message
        per binary value it carries.
    \value Msgpack The npm package \c socket.io-msgpack-parser (3.x): a
        packet is one binary message, the MessagePack encoding of the packet
        object, binary values included. Clients must be made with that
        parser: \c{io(url, { parser: require("socket.io-msgpack-parser") })}
        in Node, the \c socket.io.msgpack.min.js bundle in a browser (served
        under the path with serveClient()), Client::Parser::Msgpack with the
        Qt client.
*/

ServerOptions::Parser ServerOptions::parser() const
{
    return d->parser;
}
/*!
    Makes every connection of the server read and write packets with
    \a parser (Parser::Default by default).

    A client that speaks the other parser is refused at its first packet: its
    connection closes (\c{forced close}) and one line is logged in the
    \c socketio.client category. A broadcast is still encoded once for all
    its recipients.
*/
void ServerOptions::setParser(Parser parser)
{
    d->parser = parser;
}

bool operator==(const ServerOptions &a, const ServerOptions &b)
{
    const auto &x = *a.d;
    const auto &y = *b.d;
    return static_cast<const EngineOptions &>(a) == static_cast<const EngineOptions &>(b)
            && (a.d == b.d
                || (x.serveClient == y.serveClient && x.connectTimeout == y.connectTimeout && x.recovery == y.recovery
                    && x.cleanupEmptyChildNamespaces == y.cleanupEmptyChildNamespaces
                    && x.adapterFactory == y.adapterFactory && x.parser == y.parser));
}

QDebug operator<<(QDebug debug, const ServerOptions &options)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "ServerOptions(path=" << options.path() << ", pingInterval=" << options.pingInterval().count()
                    << "ms, pingTimeout=" << options.pingTimeout().count()
                    << "ms, maxHttpBufferSize=" << options.maxHttpBufferSize()
                    << ", connectTimeout=" << options.connectTimeout().count() << "ms";
    if (options.parser() == ServerOptions::Parser::Msgpack)
        debug << ", parser=msgpack";
    debug << ')';
    return debug;
}

} // namespace SocketIo
