// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// An Engine.IO echo server with a browser page on the same port: open
// http://127.0.0.1:3000/ and every message typed comes back from the server.

#include <SocketIo/Engine>
#include <SocketIo/EngineSocket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerResponse>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Engine.IO echo server with a browser page"));
    parser.addHelpOption();
    QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on."), QStringLiteral("port"),
                                  QStringLiteral("3000"));
    parser.addOption(portOption);
    parser.process(app);

    //! [server]
    SocketIo::EngineOptions options;
    options.setPath(QStringLiteral("/engine.io/"));
    SocketIo::Engine engine(options);
    QObject::connect(&engine, &SocketIo::Engine::connection, &engine, [](SocketIo::EngineSocket *socket) {
        QObject::connect(socket, &SocketIo::EngineSocket::messageReceived, socket,
                         [socket](const QByteArray &data, bool binary) {
                             binary ? socket->sendBinary(data) : socket->send(data);
                         });
    });
    if (!engine.listen(QHostAddress::LocalHost, quint16(parser.value(portOption).toUInt()))) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(engine.errorString()));
        return 1;
    }
    //! [server]

    //! [page]
    engine.httpServer()->route(QStringLiteral("/"), [] {
        QFile page(QStringLiteral(":/echo/index.html"));
        page.open(QIODevice::ReadOnly);
        return QHttpServerResponse("text/html; charset=utf-8", page.readAll());
    });
    //! [page]

    std::printf("echo server: open http://127.0.0.1:%u/\n", engine.serverPort());
    std::fflush(stdout);
    return app.exec();
}
