// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The Engine.IO server the interop tests drive: options from the command
// line, an echo handler, and one stdout line per event (see README.md).

#include <SocketIo/Engine>
#include <SocketIo/EngineSocket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSocketNotifier>
#include <QtCore/QTimer>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QTcpServer>

#include <chrono>
#include <csignal>
#include <cstdio>

using namespace std::chrono;

namespace {

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QTcpServer *makeListener(const QStringList &tls, QObject *parent)
{
    if (tls.size() < 2)
        return new QTcpServer(parent);
    QFile certFile(tls[0]);
    QFile keyFile(tls[1]);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return nullptr;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
    config.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    auto *server = new QSslServer(parent);
    server->setSslConfiguration(config);
    return server;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });

    QCommandLineParser p;
    p.addHelpOption();
    auto opt = [&p](const char *name, const char *value = nullptr, const char *def = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(name));
        if (value)
            o.setValueName(QString::fromLatin1(value));
        if (def)
            o.setDefaultValue(QString::fromLatin1(def));
        p.addOption(o);
        return o;
    };
    const auto port = opt("port", "n", "0");
    const auto path = opt("path", "p", "/engine.io/");
    const auto pingInterval = opt("ping-interval", "ms", "300");
    const auto pingTimeout = opt("ping-timeout", "ms", "200");
    const auto upgradeTimeout = opt("upgrade-timeout", "ms", "10000");
    const auto maxBuffer = opt("max-http-buffer-size", "n", "1000000");
    const auto transports = opt("transports", "list", "polling,websocket");
    const auto noUpgrades = opt("no-upgrades");
    const auto eio3 = opt("allow-eio3");
    const auto corsOrigin = opt("cors-origin", "origin");
    const auto corsCredentials = opt("cors-credentials");
    const auto cookie = opt("cookie", "name");
    const auto denyMessage = opt("deny-message", "message");
    const auto tls = opt("tls", "cert,key");
    const auto compression = opt("http-compression-threshold", "n", "1024");
    const auto stall = opt("http-stall-timeout", "ms", "15000");
    const auto idPrefix = opt("id-prefix", "prefix");
    const auto header = opt("header", "name:value");
    const auto initialHeader = opt("initial-header", "name:value");
    p.process(app);

    SocketIo::EngineOptions options;
    options.setPath(p.value(path));
    options.setPingInterval(milliseconds(p.value(pingInterval).toLongLong()));
    options.setPingTimeout(milliseconds(p.value(pingTimeout).toLongLong()));
    options.setUpgradeTimeout(milliseconds(p.value(upgradeTimeout).toLongLong()));
    options.setMaxHttpBufferSize(p.value(maxBuffer).toLongLong());
    options.setHttpCompressionThreshold(p.value(compression).toLongLong());
    options.setHttpStallTimeout(milliseconds(p.value(stall).toLongLong()));
    SocketIo::EngineOptions::Transports allowed;
    for (const QString &t : p.value(transports).split(QLatin1Char(','))) {
        if (t == QLatin1String("polling"))
            allowed |= SocketIo::EngineOptions::Transport::Polling;
        else if (t == QLatin1String("websocket"))
            allowed |= SocketIo::EngineOptions::Transport::WebSocket;
    }
    options.setTransports(allowed);
    options.setAllowUpgrades(!p.isSet(noUpgrades));
    options.setAllowEIO3(p.isSet(eio3));
    if (p.isSet(corsOrigin)) {
        SocketIo::CorsOptions cors;
        cors.setOrigins(p.values(corsOrigin));
        cors.setCredentials(p.isSet(corsCredentials));
        options.setCors(cors);
    }
    if (p.isSet(cookie)) {
        SocketIo::CookieOptions c;
        c.setName(p.value(cookie));
        options.setCookie(c);
    }
    if (p.isSet(denyMessage)) {
        const QString message = p.value(denyMessage);
        options.setAllowRequest(
                &app, [message](const SocketIo::EngineRequest &request, const SocketIo::AllowRequestReply &reply) {
                    const bool deny = request.queryItem(QStringLiteral("deny")) == QLatin1String("1");
                    QTimer::singleShot(10ms, qApp, [reply, deny, message] {
                        if (deny)
                            reply.reject(message);
                        else
                            reply.accept();
                    });
                });
    }

    QStringList tlsFiles;
    if (p.isSet(tls)) {
        tlsFiles = p.value(tls).split(QLatin1Char(','));
        const int at = int(app.arguments().indexOf(QStringLiteral("--tls")));
        if (tlsFiles.size() < 2 && at >= 0 && at + 2 < app.arguments().size())
            tlsFiles = {app.arguments().at(at + 1), app.arguments().at(at + 2)};
    }
    QTcpServer *listener = makeListener(tlsFiles, &app);
    if (!listener || !listener->listen(QHostAddress::LocalHost, quint16(p.value(port).toUInt()))) {
        std::fprintf(stderr, "cannot listen\n");
        return 1;
    }

    SocketIo::Engine engine(options);
    if (p.isSet(idPrefix)) {
        const QString prefix = p.value(idPrefix);
        engine.setIdGenerator(&app, [prefix, next = 0](const SocketIo::EngineRequest &) mutable -> QString {
            return prefix + QString::number(next++);
        });
    }
    auto headerHook = [](const QStringList &specs) {
        return [specs](SocketIo::Engine::HeaderList &headers, const SocketIo::EngineRequest &) {
            for (const QString &spec : specs) {
                const qsizetype colon = spec.indexOf(QLatin1Char(':'));
                headers.append({spec.left(colon).toUtf8(), spec.mid(colon + 1).toUtf8()});
            }
        };
    };
    if (p.isSet(header))
        engine.setHeadersHook(&app, headerHook(p.values(header)));
    if (p.isSet(initialHeader))
        engine.setInitialHeadersHook(&app, headerHook(p.values(initialHeader)));
    QObject::connect(&engine, &SocketIo::Engine::connection, &engine, [&engine](SocketIo::EngineSocket *socket) {
        const QString id = socket->id();
        say(QStringLiteral("CONNECTION %1 %2").arg(id, socket->transportName()));
        QObject::connect(socket, &SocketIo::EngineSocket::upgraded, socket,
                         [id](const QString &t) { say(QStringLiteral("UPGRADE %1 %2").arg(id, t)); });
        QObject::connect(socket, &SocketIo::EngineSocket::closed, &engine,
                         [id](SocketIo::EngineSocket::CloseReason reason) {
                             say(QStringLiteral("CLOSE %1 %2").arg(id, SocketIo::EngineSocket::toString(reason)));
                         });
        QObject::connect(socket, &SocketIo::EngineSocket::messageReceived, socket,
                         [socket, &engine](const QByteArray &data, bool binary) {
                             if (binary) {
                                 socket->sendBinary(data);
                             } else if (data == "close-me") {
                                 socket->close();
                             } else if (data == "counters") {
                                 const SocketIo::EngineStatistics s = engine.statistics();
                                 const QJsonObject o{{QStringLiteral("clientsCount"), s.clients},
                                                     {QStringLiteral("polling"), s.pollingClients},
                                                     {QStringLiteral("websocket"), s.websocketClients},
                                                     {QStringLiteral("packetsReceived"), qint64(s.packetsReceived)},
                                                     {QStringLiteral("packetsSent"), qint64(s.packetsSent)},
                                                     {QStringLiteral("bytesReceived"), qint64(s.bytesReceived)},
                                                     {QStringLiteral("bytesSent"), qint64(s.bytesSent)}};
                                 socket->send(QJsonDocument(o).toJson(QJsonDocument::Compact));
                             } else if (data == "stats") {
                                 const QJsonObject o{{QStringLiteral("clientsCount"), engine.clientsCount()}};
                                 socket->send(QJsonDocument(o).toJson(QJsonDocument::Compact));
                             } else {
                                 socket->send(data);
                             }
                         });
    });
    QObject::connect(&engine, &SocketIo::Engine::connectionError, &engine,
                     [](const SocketIo::EngineRequest &, SocketIo::Engine::RequestError code, const QString &message) {
                         say(QStringLiteral("CONNECTION_ERROR %1 %2").arg(int(code)).arg(message));
                     });
    if (!engine.listen(listener)) {
        std::fprintf(stderr, "cannot serve: %s\n", qPrintable(engine.errorString()));
        return 1;
    }
    say(QStringLiteral("LISTENING %1").arg(listener->serverPort()));
    return app.exec();
}
