// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// bench-qml-server: the benchmark contract (bench/README.md) on the QML SocketIoServer, in a
// QGuiApplication (offscreen unless QT_QPA_PLATFORM says otherwise) with Qt's own event
// dispatcher: what a QML application gets without any setting.

#include "serverprocess.h"

#include <QtCore/QVariant>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("bench-qml-server"));
    int exitCode = 0;
    const std::optional<ServerAddress> address = setUpServerProcess(
            app, QStringLiteral("QtSocketIo QML server (SocketIoServer) with the benchmark handlers"), &exitCode);
    if (!address)
        return exitCode;

    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(SOCKETIO_QML_BUILD_DIR));
    QQmlComponent component(&engine, QUrl(QStringLiteral("qrc:/bench/BenchServer.qml")));
    if (!component.isReady()) {
        std::fprintf(stderr, "bench-qml-server: %s\n", qPrintable(component.errorString()));
        return 1;
    }
    const std::unique_ptr<QObject> io(component.createWithInitialProperties(
            {{QStringLiteral("host"), address->host.toString()}, {QStringLiteral("port"), int(address->port)}}));
    if (!io) {
        std::fprintf(stderr, "bench-qml-server: %s\n", qPrintable(component.errorString()));
        return 1;
    }
    bool listening = false;
    QMetaObject::invokeMethod(io.get(), "listen", Q_RETURN_ARG(bool, listening));
    if (!listening) {
        std::fprintf(stderr, "bench-qml-server: cannot listen: %s\n",
                     qPrintable(io->property("errorString").toString()));
        return 1;
    }
    std::printf("listening on %d\n", io->property("port").toInt());
    std::fflush(stdout);
    return app.exec();
}
