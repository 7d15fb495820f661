// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// bench-server: the benchmark contract (bench/README.md) on SocketIo::Server
// with default options, written as an application would write it.
//
//   ping                      -> nothing
//   inbound <string>          -> counted
//   count, ack                -> ack {"inbound": <count since the last reset>}
//   reset, ack                -> count zeroed, ack true
//   echo <args...>, ack       -> ack <args...>
//   join <room>, ack          -> socket joins room, ack true
//   bcast {t, p}              -> "bcast" {t, p} to room "fanout"
//   chat {room, t, p}         -> "chat" {room, t, p} to room, the sender excepted

#include <SocketIo/Server>
#include <SocketIo/Socket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>
#include <QtNetwork/QHostAddress>

#include <csignal>
#include <cstdio>

#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[0], &byte, 1);
}

// SIGTERM and SIGINT quit the event loop: the handler only writes a byte to a
// socket pair, whose other end a QSocketNotifier watches.
bool quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return false;
    auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGTERM, &action, nullptr) == 0 && ::sigaction(SIGINT, &action, nullptr) == 0;
}

void handleConnection(SocketIo::Server &io, qint64 &inbound, SocketIo::Socket *socket)
{
    socket->on(QStringLiteral("ping"), socket, [](const QVariantList &, const SocketIo::Ack &) {});
    socket->on(QStringLiteral("inbound"), socket,
               [&inbound](const QVariantList &, const SocketIo::Ack &) { ++inbound; });
    socket->on(QStringLiteral("count"), socket, [&inbound](const QVariantList &, const SocketIo::Ack &ack) {
        ack.send({QVariantMap{{QStringLiteral("inbound"), inbound}}});
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
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench-server"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("QtSocketIo server with the benchmark handlers"));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on (0 picks a free one)."),
                                        QStringLiteral("port"), QStringLiteral("3000"));
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Address to listen on."),
                                        QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    parser.addOption(portOption);
    parser.addOption(hostOption);
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const QHostAddress host(parser.value(hostOption));
    if (!portOk || port > 65535 || host.isNull()) {
        std::fprintf(stderr, "bench-server: invalid --port or --host\n");
        return 2;
    }
    if (!quitOnSignals(app)) {
        std::fprintf(stderr, "bench-server: cannot install the signal handlers\n");
        return 1;
    }

    SocketIo::Server io;
    qint64 inbound = 0;  // inbound events since the last reset, over all clients
    QObject::connect(&io, &SocketIo::Server::connection, &io,
                     [&io, &inbound](SocketIo::Socket *socket) { handleConnection(io, inbound, socket); });
    if (!io.listen(host, quint16(port))) {
        std::fprintf(stderr, "bench-server: cannot listen: %s\n", qPrintable(io.errorString()));
        return 1;
    }
    std::printf("listening on %u\n", io.serverPort());
    std::fflush(stdout);
    return app.exec();
}
