// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// bench-server: the benchmark contract (bench/README.md) on SocketIo::Server
// with default options, written as an application would write it.
//
//   ping                      -> nothing
//   inbound <string>          -> counted
//   count, ack                -> ack {"inbound": <count since the last reset>,
//                                     "disconnects": {<reason>: {"count", "first_us", "last_us"}}}
//   reset, ack                -> count zeroed, ack true
//   echo <args...>, ack       -> ack <args...>
//   join <room>, ack          -> socket joins room, ack true
//   bcast {t, p}              -> "bcast" {t, p} to room "fanout"
//   chat {room, t, p}         -> "chat" {room, t, p} to room, the sender excepted
//
// With --admin, the server is instrumented for admin consoles (SocketIo::Admin, no auth), and no
// admin client connects: what the instrumentation costs when nobody watches.
// With --redis-port N, the server is one node of a cluster through the Redis server at
// 127.0.0.1:N (SocketIo::redisAdapter, default options): a broadcast also reaches the room's
// sockets on the other servers. At exit it prints how many Redis commands the adapter dropped.

#include "serverprocess.h"

#include <SocketIo/AdminInstrumentation>
#include <SocketIo/Namespace>
#include <SocketIo/RedisAdapter>
#include <SocketIo/Server>
#include <SocketIo/ServerOptions>
#include <SocketIo/Socket>

#include <QtCore/QCoreApplication>
#include <QtNetwork/QHostAddress>

#include <chrono>
#include <cstdio>

namespace {

struct Counts
{
    qint64 inbound = 0;      // inbound events since the last reset, over all clients
    QVariantMap disconnects; // disconnect reason -> {count, first_us, last_us} since the start
};

void handleConnection(SocketIo::Server &io, Counts &counts, SocketIo::Socket *socket)
{
    qint64 &inbound = counts.inbound;
    QObject::connect(socket, &SocketIo::Socket::disconnected, &io, [&counts](SocketIo::Socket::DisconnectReason r) {
        const qint64 now = std::chrono::duration_cast<std::chrono::microseconds>(
                                   std::chrono::steady_clock::now().time_since_epoch())
                                   .count();
        QVariantMap entry = counts.disconnects.value(SocketIo::Socket::toString(r)).toMap();
        entry.insert(QStringLiteral("count"), entry.value(QStringLiteral("count")).toLongLong() + 1);
        if (!entry.contains(QStringLiteral("first_us")))
            entry.insert(QStringLiteral("first_us"), now);
        entry.insert(QStringLiteral("last_us"), now);
        counts.disconnects.insert(SocketIo::Socket::toString(r), entry);
    });
    socket->on(QStringLiteral("ping"), socket, [](const QVariantList &, const SocketIo::Ack &) {});
    socket->on(QStringLiteral("inbound"), socket,
               [&inbound](const QVariantList &, const SocketIo::Ack &) { ++inbound; });
    socket->on(QStringLiteral("count"), socket, [&counts](const QVariantList &, const SocketIo::Ack &ack) {
        ack.send({QVariantMap{{QStringLiteral("inbound"), counts.inbound},
                              {QStringLiteral("disconnects"), counts.disconnects}}});
    });
    socket->on(QStringLiteral("reset"), socket, [&inbound](const QVariantList &, const SocketIo::Ack &ack) {
        inbound = 0;
        ack.send({true});
    });
    socket->on(QStringLiteral("echo"), socket,
               [](const QVariantList &args, const SocketIo::Ack &ack) { ack.send(args); });
    socket->on(QStringLiteral("join"), socket, [socket](const QVariantList &args, const SocketIo::Ack &ack) {
        socket->join(args.value(0).toString());
        ack.send({true});
    });
    socket->on(QStringLiteral("bcast"), socket, [&io](const QVariantList &args, const SocketIo::Ack &) {
        io.to(QStringLiteral("fanout")).emitEvent(QStringLiteral("bcast"), {args.value(0)});
    });
    socket->on(QStringLiteral("chat"), socket, [socket](const QVariantList &args, const SocketIo::Ack &) {
        const QVariant message = args.value(0);
        const QString room = message.toMap().value(QStringLiteral("room")).toString();
        socket->to(room).emitEvent(QStringLiteral("chat"), {message});
    });
}

} // namespace

int main(int argc, char *argv[])
{
    installEventDispatcher(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench-server"));
    int exitCode = 0;
    const QString redisPort = QStringLiteral("redis-port");
    const std::optional<ServerAddress> address = setUpServerProcess(
            app, QStringLiteral("QtSocketIo server with the benchmark handlers"), &exitCode,
            {QCommandLineOption(QStringLiteral("admin"), QStringLiteral("Instrument for admin consoles.")),
             QCommandLineOption(redisPort,
                                QStringLiteral("Join a cluster through the Redis server at 127.0.0.1:<port> "
                                               "(SocketIo::redisAdapter)."),
                                QStringLiteral("port"))});
    if (!address)
        return exitCode;

    SocketIo::ServerOptions options;
    if (address->values.contains(redisPort)) {
        bool ok = false;
        const uint port = address->values.value(redisPort).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            std::fprintf(stderr, "bench-server: invalid --redis-port\n");
            return 2;
        }
        SocketIo::RedisAdapterOptions redis;
        redis.setPort(quint16(port));
        options.setAdapterFactory(SocketIo::redisAdapter(redis));
    }
    SocketIo::Server io(options);
    Counts counts;
    QObject::connect(&io, &SocketIo::Server::connection, &io,
                     [&io, &counts](SocketIo::Socket *socket) { handleConnection(io, counts, socket); });
    if (address->flags.contains(QLatin1String("admin"))) {
        SocketIo::AdminOptions admin;
        admin.setNoAuth();
        if (!SocketIo::instrument(&io, admin))
            return 1;
    }
    if (!io.listen(address->host, address->port)) {
        std::fprintf(stderr, "bench-server: cannot listen: %s\n", qPrintable(io.errorString()));
        return 1;
    }
    std::printf("listening on %u\n", io.serverPort());
    std::fflush(stdout);
    const int code = app.exec();
    if (const auto *redis = qobject_cast<SocketIo::RedisAdapter *>(io.sockets()->adapter())) {
        std::printf("redis adapter: %lld commands dropped, %s at exit\n",
                    static_cast<long long>(redis->droppedCommands()),
                    redis->isConnected() ? "connected" : "disconnected");
        std::fflush(stdout);
    }
    return code;
}
