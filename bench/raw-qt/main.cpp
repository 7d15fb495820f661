// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// raw-qt-server: a bare QWebSocketServer speaking the minimal Engine.IO 4 /
// Socket.IO 5 subset of the benchmark contract (bench/README.md), WebSocket
// only, at /socket.io/?EIO=4&transport=websocket:
//
//   open                   -> 0{"sid":...,"upgrades":[],"pingInterval":25000,...}
//   40...                  -> 40{"sid":...}
//   2, 3                   -> ignored (no heartbeat is sent)
//   42N["join","fanout"]   -> the client joins the fan-out set, 43N[true]
//   42N["join",<other>]    -> 43N[true] (no other room is kept)
//   42["bcast",...]        -> the received text sent unchanged to every client of the fan-out set
//   42N["echo",<args>]     -> 43N[<args>], the text after the event name reused
//   anything else          -> ignored

#include "serverprocess.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

#include <cstdio>

namespace {

constexpr int ListenBacklog = 511; // as Node's net.Server

// 20 URL-safe characters, like an Engine.IO id.
QString randomId()
{
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), 15);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

bool isEngineIoWebSocket(const QUrl &url)
{
    const QUrlQuery query(url);
    return url.path() == QLatin1String("/socket.io/")
            && query.queryItemValue(QStringLiteral("EIO")) == QLatin1String("4")
            && query.queryItemValue(QStringLiteral("transport")) == QLatin1String("websocket");
}

class RawServer
{
public:
    // The TCP listener is our own, with Node's listen backlog (Qt's default of
    // 50 makes a burst of connections wait for TCP retransmissions); the
    // QWebSocketServer does the WebSocket handshakes.
    bool listen(const QHostAddress &host, quint16 port)
    {
        QObject::connect(&m_server, &QWebSocketServer::newConnection, &m_server, [this] { onNewConnections(); });
        QObject::connect(&m_listener, &QTcpServer::pendingConnectionAvailable, &m_server, [this] {
            while (QTcpSocket *socket = m_listener.nextPendingConnection())
                m_server.handleConnection(socket);
        });
        m_listener.setListenBacklogSize(ListenBacklog);
        return m_listener.listen(host, port);
    }
    quint16 serverPort() const { return m_listener.serverPort(); }
    QString errorString() const { return m_listener.errorString(); }

private:
    void onNewConnections()
    {
        while (QWebSocket *client = m_server.nextPendingConnection()) {
            QObject::connect(client, &QWebSocket::disconnected, client, [this, client] {
                m_fanout.remove(client);
                client->deleteLater();
            });
            if (!isEngineIoWebSocket(client->requestUrl())) {
                client->close(QWebSocketProtocol::CloseCodePolicyViolated);
                continue;
            }
            QObject::connect(client, &QWebSocket::textMessageReceived, client,
                             [this, client](const QString &text) { onText(client, text); });
            client->sendTextMessage(QLatin1String(R"(0{"sid":")") + randomId()
                                    + QLatin1String(R"(","upgrades":[],"pingInterval":25000,)"
                                                    R"("pingTimeout":20000,"maxPayload":1000000})"));
        }
    }

    void onText(QWebSocket *client, const QString &text)
    {
        if (text.startsWith(QLatin1String("42")))
            onEvent(client, text);
        else if (text.startsWith(QLatin1String("40")))
            client->sendTextMessage(QLatin1String(R"(40{"sid":")") + randomId() + QLatin1String(R"("})"));
    }

    // 42[N][<event>,<args>...]
    void onEvent(QWebSocket *client, const QString &text)
    {
        qsizetype bodyStart = 2;
        while (bodyStart < text.size() && text.at(bodyStart) >= u'0' && text.at(bodyStart) <= u'9')
            ++bodyStart;
        const QStringView ackId = QStringView(text).mid(2, bodyStart - 2);
        const QStringView body = QStringView(text).mid(bodyStart);
        if (ackId.isEmpty()) {
            if (body.startsWith(QLatin1String(R"(["bcast")"))) {
                for (QWebSocket *member : std::as_const(m_fanout))
                    member->sendTextMessage(text);
            }
            return;
        }
        const QLatin1String echo(R"(["echo")");
        if (body.startsWith(echo)) {
            QStringView args = body.mid(echo.size()); // ,<args>] or ]
            if (args.startsWith(QLatin1Char(',')))
                args = args.mid(1);
            QString reply = QLatin1String("43") + ackId + QLatin1Char('[');
            reply.append(args);
            client->sendTextMessage(reply);
        } else if (body.startsWith(QLatin1String(R"(["join",)"))) {
            if (body == QLatin1String(R"(["join","fanout"])"))
                m_fanout.insert(client);
            client->sendTextMessage(QLatin1String("43") + ackId + QLatin1String("[true]"));
        }
    }

    QSet<QWebSocket *> m_fanout; // declared first: outlives the servers and their sockets
    QTcpServer m_listener;
    QWebSocketServer m_server{QStringLiteral("raw-qt-server"), QWebSocketServer::NonSecureMode};
};

} // namespace

int main(int argc, char *argv[])
{
    installEventDispatcher(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("raw-qt-server"));
    int exitCode = 0;
    const std::optional<ServerAddress> address = setUpServerProcess(
            app, QStringLiteral("Bare QWebSocketServer with the benchmark's minimal subset"), &exitCode);
    if (!address)
        return exitCode;

    RawServer server;
    if (!server.listen(address->host, address->port)) {
        std::fprintf(stderr, "raw-qt-server: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("listening on %u\n", server.serverPort());
    std::fflush(stdout);
    return app.exec();
}
