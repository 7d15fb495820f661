// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>
#include <SocketIo/Engine>
#include <SocketIo/EngineSocket>
#include <SocketIo/ServerOptions>

#include <QtCore/QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SocketIo::ServerOptions options;
    options.setPath(QStringLiteral("/engine.io/"));
    SocketIo::Engine engine(options);
    if (!engine.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "listen failed: %s\n", qPrintable(engine.errorString()));
        return 1;
    }
    std::printf("consumer served port %u\n", engine.serverPort());
    return engine.isListening() && engine.serverPort() != 0 ? 0 : 1;
}
