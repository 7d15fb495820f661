// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// socketio-admin: the admin console for Socket.IO servers instrumented with
// QtSocketIo's SocketIo::Admin or Node's @socket.io/admin-ui.

#include "mainwindow.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QTranslator>
#include <QtWidgets/QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QtSocketIo"));
    QApplication::setApplicationName(QStringLiteral("socketio-admin"));
    QApplication::setApplicationDisplayName(QStringLiteral("Socket.IO Admin"));
    QApplication::setApplicationVersion(QStringLiteral(SOCKETIO_ADMIN_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/socketio-admin.svg")));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("socketio-admin"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Admin console for Socket.IO servers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("url"),
                                 QApplication::translate("main", "Servers to connect to, e.g. http://localhost:3000"));
    const QCommandLineOption nsp(QStringLiteral("namespace"), QApplication::translate("main", "The admin namespace."),
                                 QStringLiteral("name"), QStringLiteral("/admin"));
    const QCommandLineOption path(QStringLiteral("path"), QApplication::translate("main", "The Socket.IO path."),
                                  QStringLiteral("path"), QStringLiteral("/socket.io/"));
    const QCommandLineOption user(QStringLiteral("username"), QApplication::translate("main", "The admin username."),
                                  QStringLiteral("name"));
    const QCommandLineOption websocket(QStringLiteral("websocket-only"),
                                       QApplication::translate("main", "Connect with WebSocket only."));
    parser.addOptions({nsp, path, user, websocket});
    parser.process(app);

    SocketIoAdmin::MainWindow window;
    window.resize(1280, 800);
    const QStringList urls = parser.positionalArguments();
    for (const QString &url : urls) {
        SocketIoAdmin::ConnectionSettings settings;
        settings.url = QUrl::fromUserInput(url);
        settings.adminNamespace = parser.value(nsp);
        settings.path = parser.value(path);
        settings.username = parser.value(user);
        // The password is not taken from the command line (it would show in the process list).
        settings.password = qEnvironmentVariable("SOCKETIO_ADMIN_PASSWORD");
        settings.websocketOnly = parser.isSet(websocket);
        window.addServer(settings);
    }
    window.show();
    return app.exec();
}
