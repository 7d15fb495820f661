// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// One of our servers in the test cluster: SocketIo::Server with the RedisAdapter on the Redis at
// --redis-port. It speaks the contract cluster.test.mjs drives, the same as cluster-node.mjs
// (Node's socket.io with @socket.io/redis-adapter): commands arrive as events from a
// socket.io-client and answer through acks. Prints "LISTENING <port>" once it listens, and one
// line per server-side event it receives.

#include <SocketIo/AdminInstrumentation>
#include <SocketIo/AdminOptions>
#include <SocketIo/Namespace>
#include <SocketIo/RedisAdapter>
#include <SocketIo/RedisClusterAdapter>
#include <SocketIo/RemoteSocket>
#include <SocketIo/Server>
#include <SocketIo/ServerOptions>
#include <SocketIo/Socket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace SocketIo;

namespace {

int signalPipe[2];

void print(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

QVariant jsNull()
{
    return QVariant::fromValue(nullptr);
}

BroadcastOperator target(Server &io, const QVariantMap &spec)
{
    Namespace *nsp = io.of(spec.value(QStringLiteral("nsp"), QStringLiteral("/")).toString());
    BroadcastOperator op(nsp);
    const QStringList rooms = spec.value(QStringLiteral("rooms")).toStringList();
    if (!rooms.isEmpty())
        op = op.to(rooms);
    const QStringList except = spec.value(QStringLiteral("except")).toStringList();
    if (!except.isEmpty())
        op = op.except(except);
    if (spec.value(QStringLiteral("volatile")).toBool())
        op = op.asVolatile();
    if (spec.value(QStringLiteral("local")).toBool())
        op = op.local();
    if (spec.contains(QStringLiteral("timeout")))
        op = op.timeout(std::chrono::milliseconds(spec.value(QStringLiteral("timeout")).toLongLong()));
    return op;
}

QVariantMap answer(const QVariant &error, const QVariantList &responses)
{
    return {{QStringLiteral("error"), error.isNull() ? jsNull() : error}, {QStringLiteral("responses"), responses}};
}

void contract(Server &io, Socket *socket, const QString &name)
{
    QObject *app = QCoreApplication::instance();
    socket->on(QStringLiteral("whoami"), socket, [socket, name](const QVariantList &, const Ack &ack) {
        ack.send({QVariantMap{{QStringLiteral("name"), name},
                              {QStringLiteral("id"), socket->id()},
                              {QStringLiteral("recovered"), socket->recovered()},
                              {QStringLiteral("rooms"), socket->rooms()},
                              {QStringLiteral("data"), socket->data()}}});
    });
    socket->on(QStringLiteral("join"), socket, [socket](const QVariantList &args, const Ack &ack) {
        socket->join(args.value(0).toString());
        ack.send({true});
    });
    socket->on(QStringLiteral("leave"), socket, [socket](const QVariantList &args, const Ack &ack) {
        socket->leave(args.value(0).toString());
        ack.send({true});
    });
    socket->on(QStringLiteral("set-data"), socket, [socket](const QVariantList &args, const Ack &ack) {
        socket->setData(args.value(0).toMap());
        ack.send({true});
    });
    socket->on(QStringLiteral("emit-to"), socket, [&io](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        target(io, spec).emitEvent(spec.value(QStringLiteral("event")).toString(),
                                   spec.value(QStringLiteral("args")).toList());
        ack.send({true});
    });
    // fetch: the QFuture form; remote-emit below: the callback form.
    socket->on(QStringLiteral("fetch"), socket, [&io, app](const QVariantList &args, const Ack &ack) {
        target(io, args.value(0).toMap())
                .fetchSocketsAsync()
                .then(app,
                      [ack](const QList<RemoteSocket> &sockets) {
                          QVariantList out;
                          for (const RemoteSocket &s : sockets)
                              out.append(QVariantMap{
                                      {QStringLiteral("id"), s.id()},
                                      {QStringLiteral("rooms"), s.rooms()},
                                      {QStringLiteral("data"), s.data()},
                                      {QStringLiteral("address"), s.handshake().value(QStringLiteral("address"))}});
                          ack.send({QVariantMap{{QStringLiteral("sockets"), out}}});
                      })
                .onFailed(app, [ack](const FetchSocketsError &error) {
                    ack.send({QVariantMap{{QStringLiteral("error"), error.message()}}});
                });
    });
    socket->on(QStringLiteral("remote-emit"), socket, [&io, app](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        target(io, spec).fetchSockets(app, [ack, spec](const QList<RemoteSocket> &sockets, const QVariant &) {
            for (const RemoteSocket &s : sockets) {
                if (s.id() == spec.value(QStringLiteral("id")).toString()) {
                    s.emitEvent(spec.value(QStringLiteral("event")).toString(),
                                spec.value(QStringLiteral("args")).toList());
                    ack.send({true});
                    return;
                }
            }
            ack.send({false});
        });
    });
    socket->on(QStringLiteral("sockets-join"), socket, [&io](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        target(io, spec).socketsJoin(spec.value(QStringLiteral("join")).toStringList());
        ack.send({true});
    });
    socket->on(QStringLiteral("sockets-leave"), socket, [&io](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        target(io, spec).socketsLeave(spec.value(QStringLiteral("leave")).toStringList());
        ack.send({true});
    });
    socket->on(QStringLiteral("disconnect-sockets"), socket, [&io](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        target(io, spec).disconnectSockets(spec.value(QStringLiteral("close")).toBool());
        ack.send({true});
    });
    socket->on(QStringLiteral("sse"), socket, [&io, app](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        Namespace *nsp = io.of(spec.value(QStringLiteral("nsp"), QStringLiteral("/")).toString());
        const QString event = spec.value(QStringLiteral("event")).toString();
        const QVariantList eventArgs = spec.value(QStringLiteral("args")).toList();
        if (!spec.value(QStringLiteral("ack")).toBool()) {
            nsp->serverSideEmit(event, eventArgs);
            ack.send({true});
            return;
        }
        nsp->serverSideEmit(event, eventArgs, app, [ack](const QVariant &error, const QVariantList &responses) {
            ack.send({answer(error, responses)});
        });
    });
    socket->on(QStringLiteral("broadcast-ack"), socket, [&io, app](const QVariantList &args, const Ack &ack) {
        const QVariantMap spec = args.value(0).toMap();
        target(io, spec).emitWithAck(
                spec.value(QStringLiteral("event")).toString(), spec.value(QStringLiteral("args")).toList(), app,
                [ack](const QVariant &error, const QVariantList &responses) { ack.send({answer(error, responses)}); });
    });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("port"), QStringLiteral("Port to listen on (0: any)."), QStringLiteral("port"),
                      QStringLiteral("0")});
    parser.addOption({QStringLiteral("redis-port"), QStringLiteral("Port of the Redis server."), QStringLiteral("port"),
                      QStringLiteral("6379")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("Name answered to whoami."), QStringLiteral("name"),
                      QStringLiteral("cpp")});
    parser.addOption({QStringLiteral("adapter"),
                      QStringLiteral("classic, sharded (@socket.io/redis-adapter) or streams."),
                      QStringLiteral("dialect"), QStringLiteral("classic")});
    parser.addOption({QStringLiteral("recovery"), QStringLiteral("Connection state recovery on (60 s).")});
    parser.addOption({QStringLiteral("stream-count"), QStringLiteral("streams: the number of streams."),
                      QStringLiteral("n"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("sharded-mode"), QStringLiteral("sharded: static, dynamic or dynamic-private."),
                      QStringLiteral("mode"), QStringLiteral("dynamic")});
    parser.addOption({QStringLiteral("admin"), QStringLiteral("The admin-ui instrumentation on /admin, no auth.")});
    parser.process(app);
    const QString name = parser.value(QStringLiteral("name"));

    RedisAdapterOptions redis;
    redis.setPort(quint16(parser.value(QStringLiteral("redis-port")).toUInt()));
    redis.setRequestsTimeout(std::chrono::milliseconds(2000));
    ServerOptions options;
    RedisStreamsOptions streams;
    streams.streamCount = parser.value(QStringLiteral("stream-count")).toInt();
    RedisShardedOptions sharded;
    const QString mode = parser.value(QStringLiteral("sharded-mode"));
    sharded.subscriptionMode = mode == QLatin1String("static") ? RedisShardedOptions::SubscriptionMode::Static
            : mode == QLatin1String("dynamic-private")         ? RedisShardedOptions::SubscriptionMode::DynamicPrivate
                                                               : RedisShardedOptions::SubscriptionMode::Dynamic;
    if (parser.value(QStringLiteral("adapter")) == QLatin1String("streams"))
        options.setAdapterFactory(redisStreamsAdapter(redis, streams));
    else if (parser.value(QStringLiteral("adapter")) == QLatin1String("sharded"))
        options.setAdapterFactory(redisShardedAdapter(redis, sharded));
    else
        options.setAdapterFactory(redisAdapter(redis));
    if (parser.isSet(QStringLiteral("recovery"))) {
        ConnectionStateRecovery recovery;
        recovery.enabled = true;
        recovery.maxDisconnectionDuration = std::chrono::seconds(60);
        options.setConnectionStateRecovery(recovery);
    }
    Server io(options);

    for (Namespace *nsp : {io.sockets(), io.of(QStringLiteral("/chat"))}) {
        nsp->on(QStringLiteral("ping-sse"), &io, [nsp, name](const QVariantList &args, const Ack &ack) {
            print(QStringLiteral("SSE %1 %2")
                          .arg(nsp->name(),
                               QString::fromUtf8(QJsonDocument::fromVariant(args).toJson(QJsonDocument::Compact))));
            if (ack.isValid())
                ack.send({QStringLiteral("pong from %1").arg(name)});
        });
        QObject::connect(nsp, &Namespace::connection, &io, [&io, name](Socket *socket) { contract(io, socket, name); });
    }

    if (parser.isSet(QStringLiteral("admin"))) {
        AdminOptions admin;
        admin.setNoAuth();
        instrument(&io, admin);
    }

    if (!io.listen(QHostAddress::LocalHost, quint16(parser.value(QStringLiteral("port")).toUInt()))) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(io.errorString()));
        return 1;
    }
    print(QStringLiteral("LISTENING %1").arg(io.serverPort()));

    // SIGTERM: close the sessions and leave the event loop.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        std::signal(SIGTERM, [](int) {
            const char byte = 1;
            [[maybe_unused]] const auto written = ::write(signalPipe[0], &byte, 1);
        });
        auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&io] {
            io.close();
            QCoreApplication::quit();
        });
    }
    return app.exec();
}
