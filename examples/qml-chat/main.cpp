// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// A Qt Quick client for the chat example (examples/chat), or, with --server,
// the same chat server written in QML only. Both use the SocketIo QML module.
//
//   qml-chat --url http://127.0.0.1:3000 [--nickname ada]
//   qml-chat --server --port 3000

#include <QtCore/QCommandLineParser>
#include <QtCore/QUrl>
#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>

#include <cstdio>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("qml-chat"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Qt Quick chat client and QML chat server"));
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("The chat server to join."),
                                       QStringLiteral("url"), QStringLiteral("http://127.0.0.1:3000"));
    const QCommandLineOption nicknameOption(
            QStringLiteral("nickname"), QStringLiteral("Join with this nickname right away."), QStringLiteral("name"));
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Run the chat server (in QML) instead of the client."));
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Server mode: the port (0 picks a free one)."),
                                        QStringLiteral("port"), QStringLiteral("3000"));
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Server mode: the address."),
                                        QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    parser.addOptions({urlOption, nicknameOption, serverOption, portOption, hostOption});
    parser.process(app);

    QQmlApplicationEngine engine;
#ifdef SOCKETIO_QML_IMPORT_DIR
    engine.addImportPath(QStringLiteral(SOCKETIO_QML_IMPORT_DIR));
#endif
    QObject::connect(
            &engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
            Qt::QueuedConnection);

    if (parser.isSet(serverOption)) {
        bool ok = false;
        const int port = parser.value(portOption).toInt(&ok);
        if (!ok || port < 0 || port > 65535) {
            std::fprintf(stderr, "invalid port: %s\n", qUtf8Printable(parser.value(portOption)));
            return 2;
        }
        engine.setInitialProperties(
                {{QStringLiteral("host"), parser.value(hostOption)}, {QStringLiteral("port"), port}});
        engine.load(QUrl(QStringLiteral("qrc:/ServerMain.qml")));
    } else {
        engine.setInitialProperties({{QStringLiteral("serverUrl"), QUrl(parser.value(urlOption))},
                                     {QStringLiteral("nickname"), parser.value(nicknameOption)}});
        engine.load(QUrl(QStringLiteral("qrc:/Main.qml")));
    }
    if (engine.rootObjects().isEmpty())
        return 1;
    if (parser.isSet(serverOption)) {
        // The server listens as soon as its component is complete.
        const QObject *root = engine.rootObjects().constFirst();
        const QString url = root->property("url").toString();
        if (url.isEmpty()) {
            std::fprintf(stderr, "cannot listen: %s\n", qUtf8Printable(root->property("errorString").toString()));
            return 1;
        }
        std::printf("chat server listening on %s\n", qUtf8Printable(url));
        std::fflush(stdout);
    }
    return app.exec();
}
