// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// The server the Engine.IO and Socket.IO protocol test suites run against,
// both on one port: a bare Engine.IO echo server on /engine.io/ and a
// Socket.IO server with the namespaces / and /custom on /socket.io/.

#include <SocketIo/Engine>
#include <SocketIo/EngineSocket>
#include <SocketIo/Server>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtNetwork/QTcpServer>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("conformance"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Engine.IO / Socket.IO conformance server"));
    parser.addHelpOption();
    QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on."), QStringLiteral("port"),
                                  QStringLiteral("3000"));
    parser.addOption(portOption);
    parser.process(app);

    QTcpServer tcp;
    if (!tcp.listen(QHostAddress::LocalHost, quint16(parser.value(portOption).toUInt()))) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(tcp.errorString()));
        return 1;
    }

    //! [engine]
    SocketIo::ServerOptions options;
    options.setPath(QStringLiteral("/engine.io/"));
    options.setPingInterval(300ms);
    options.setPingTimeout(200ms);
    options.setMaxHttpBufferSize(1000000);

    SocketIo::Engine engine(options);
    QObject::connect(&engine, &SocketIo::Engine::connection, &engine, [](SocketIo::EngineSocket *socket) {
        QObject::connect(socket, &SocketIo::EngineSocket::messageReceived, socket,
                         [socket](const QByteArray &data, bool binary) {
                             if (binary)
                                 socket->sendBinary(data);
                             else
                                 socket->send(data);
                         });
    });
    engine.listen(&tcp);
    //! [engine]

    //! [socketio]
    SocketIo::ServerOptions ioOptions;
    ioOptions.setPingInterval(300ms);
    ioOptions.setPingTimeout(200ms);
    ioOptions.setMaxHttpBufferSize(1000000);
    ioOptions.setConnectTimeout(1000ms);
    SocketIo::Server io(ioOptions);
    auto greet = [](SocketIo::Socket *socket) {
        const QVariantMap auth = socket->handshake().auth();
        socket->emitEvent(QStringLiteral("auth"), {auth});
    };
    QObject::connect(&io, &SocketIo::Server::connection, &io, [greet](SocketIo::Socket *socket) {
        greet(socket);
        socket->on(QStringLiteral("message"), socket, [socket](const QVariantList &args, const SocketIo::Ack &) {
            socket->emitEvent(QStringLiteral("message-back"), args);
        });
        socket->on(QStringLiteral("message-with-ack"), socket,
                   [](const QVariantList &args, const SocketIo::Ack &ack) { ack.send(args); });
    });
    QObject::connect(io.of(QStringLiteral("/custom")), &SocketIo::Namespace::connection, &io, greet);
    io.listen(&tcp);
    //! [socketio]

    std::printf("conformance server listening on http://127.0.0.1:%u\n", tcp.serverPort());
    std::fflush(stdout);
    return app.exec();
}
