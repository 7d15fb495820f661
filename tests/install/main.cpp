// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>
#include <SocketIo/Engine>
#include <SocketIo/EngineSocket>
#include <SocketIo/EpollEventDispatcher>
#include <SocketIo/ServerOptions>

#include <QtCore/QCoreApplication>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
#ifdef Q_OS_LINUX
    QCoreApplication::setEventDispatcher(new SocketIo::EpollEventDispatcher); // SocketIo::EventLoop
#endif
    QCoreApplication app(argc, argv);
    SocketIo::ServerOptions options;
    options.setPath(QStringLiteral("/engine.io/"));
    SocketIo::Engine engine(options);
    if (!engine.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "listen failed: %s\n", qPrintable(engine.errorString()));
        return 1;
    }
    std::printf("consumer served port %u\n", engine.serverPort());
    if (!engine.isListening() || engine.serverPort() == 0)
        return 1;

    // The installed QML module, found through the import path the package names (the plugin
    // must find its libraries from there: its RUNPATH).
    QQmlEngine qml;
    qml.addImportPath(QStringLiteral(SOCKETIO_QML_IMPORT_PATH));
    QQmlComponent component(&qml);
    component.setData("import SocketIo\nSocketIoServer { host: \"127.0.0.1\"; port: 0 }\n", QUrl());
    std::unique_ptr<QObject> server(component.create());
    if (!server) {
        std::fprintf(stderr, "the installed QML module did not load: %s\n", qPrintable(component.errorString()));
        return 1;
    }
    const bool listening = server->property("listening").toBool();
    const int port = server->property("port").toInt();
    std::printf("installed SocketIoServer listening on port %d\n", port);
    return listening && port > 0 ? 0 : 1;
}
