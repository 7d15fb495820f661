// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SERVEROPTIONS_H
#define SOCKETIO_SERVEROPTIONS_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/engineoptions.h>

#include <QtCore/QSharedDataPointer>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

namespace SocketIo {

class Adapter;
class Namespace;

// Makes the adapter of a namespace; null means the in-memory one.
using AdapterFactory = std::function<Adapter *(Namespace *nsp)>;

// Connection state recovery (Socket.IO 4.6): a client that reconnects within
// maxDisconnectionDuration gets its id, rooms and data back, and the
// broadcasts it missed.
struct ConnectionStateRecovery
{
    bool enabled = false;
    std::chrono::milliseconds maxDisconnectionDuration{120000};
    bool skipMiddlewares = true;
    friend bool operator==(const ConnectionStateRecovery &a, const ConnectionStateRecovery &b)
    {
        return a.enabled == b.enabled && a.maxDisconnectionDuration == b.maxDisconnectionDuration
                && a.skipMiddlewares == b.skipMiddlewares;
    }
};

class ServerOptionsPrivate;
class SOCKETIO_EXPORT ServerOptions : public EngineOptions
{
public:
    ServerOptions();
    ServerOptions(const ServerOptions &other);
    ServerOptions(ServerOptions &&other) noexcept;
    ServerOptions &operator=(const ServerOptions &other);
    ServerOptions &operator=(ServerOptions &&other) noexcept;
    ~ServerOptions();
    void swap(ServerOptions &other) noexcept
    {
        EngineOptions::swap(other);
        d.swap(other.d);
    }

    EngineOptions engineOptions() const;

    // The packet format (Node's parser option). Default: socket.io-parser's JSON. Msgpack: npm
    // socket.io-msgpack-parser 3, and every client must use it too (socket.io-client's parser
    // option, the socket.io.msgpack.min.js bundle, Client::Parser::Msgpack).
    enum class Parser { Default, Msgpack };

    bool serveClient() const;
    void setServeClient(bool serve);
    std::chrono::milliseconds connectTimeout() const;
    void setConnectTimeout(std::chrono::milliseconds timeout);
    ConnectionStateRecovery connectionStateRecovery() const;
    void setConnectionStateRecovery(const ConnectionStateRecovery &recovery);
    bool cleanupEmptyChildNamespaces() const;
    void setCleanupEmptyChildNamespaces(bool cleanup);
    AdapterFactory adapterFactory() const;
    void setAdapterFactory(AdapterFactory factory);
    Parser parser() const;
    void setParser(Parser parser);

    friend SOCKETIO_EXPORT bool operator==(const ServerOptions &a, const ServerOptions &b);
    friend bool operator!=(const ServerOptions &a, const ServerOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<ServerOptionsPrivate> d;
};

SOCKETIO_EXPORT QDebug operator<<(QDebug debug, const ServerOptions &options);

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::ServerOptions)

#endif // SOCKETIO_SERVEROPTIONS_H
