// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// What the Client and ClientSocket tests share: a server on 127.0.0.1, a
// silent Engine.IO server, and a client on the transport of the data row.

#ifndef CLIENTFIXTURE_H
#define CLIENTFIXTURE_H

#include "tlsfixture.h"

#include <SocketIo/Ack>
#include <SocketIo/Client>
#include <SocketIo/ClientSocket>
#include <SocketIo/EngineSocket>
#include <SocketIo/Handshake>
#include <SocketIo/Namespace>
#include <SocketIo/Server>
#include <SocketIo/ServerOptions>
#include <SocketIo/Socket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QMutex>
#include <QtCore/QPointer>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace std::chrono_literals;
using SocketIo::Client;
using SocketIo::ClientSocket;
using SocketIo::Server;
using SocketIo::Socket;

namespace ClientTest {

inline const QString Root = QStringLiteral("/");
inline const QString TimedOut = QStringLiteral("operation has timed out");

inline std::unique_ptr<Server> newServer(quint16 port = 0, const SocketIo::ServerOptions &options = {})
{
    auto io = std::make_unique<Server>(options);
    if (!io->listen(QHostAddress::LocalHost, port))
        return nullptr;
    return io;
}

// An Engine.IO server that opens a session, accepts CONNECT to "/" with a
// scripted answer (by default just the CONNECT packet) and then never sends a
// ping: the client must give up after pingInterval + pingTimeout.
class SilentServer : public QObject
{
public:
    explicit SilentServer(bool websocket, const QList<QByteArray> &connectReply = {}, int pingInterval = 100)
        : m_ws(QString(), QWebSocketServer::NonSecureMode),
          m_connectReply(connectReply.isEmpty() ? QList<QByteArray>{"40{\"sid\":\"silent\"}"} : connectReply),
          m_open("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":" + QByteArray::number(pingInterval)
                 + ",\"pingTimeout\":100,\"maxPayload\":100000}")
    {
        if (websocket) {
            m_ws.listen(QHostAddress::LocalHost);
            connect(&m_ws, &QWebSocketServer::newConnection, this, [this] {
                QWebSocket *socket = m_ws.nextPendingConnection();
                socket->setParent(this);
                socket->sendTextMessage(QString::fromLatin1(m_open));
                connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &text) {
                    if (!text.startsWith(QLatin1String("40")))
                        return;
                    for (const QByteArray &packet : std::as_const(m_connectReply))
                        socket->sendTextMessage(QString::fromUtf8(packet));
                });
            });
        } else {
            m_tcp.listen(QHostAddress::LocalHost);
            connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
                while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
                    socket->setParent(this);
                    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
                }
            });
        }
    }
    quint16 port() const { return m_ws.isListening() ? m_ws.serverPort() : m_tcp.serverPort(); }

private:
    static void respond(QTcpSocket *socket, const QByteArray &body)
    {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    void onReadyRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QByteArray head = buffer.left(end);
            qsizetype length = 0;
            const QList<QByteArray> lines = head.split('\n');
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            const QByteArray body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            handle(socket, lines.value(0), body);
        }
    }

    void handle(QTcpSocket *socket, const QByteArray &requestLine, const QByteArray &body)
    {
        if (requestLine.startsWith("POST")) {
            respond(socket, "ok");
            if (body.contains("40") && m_heldGet)
                respond(std::exchange(m_heldGet, nullptr), m_connectReply.join('\x1e'));
        } else if (!requestLine.contains("sid=")) {
            respond(socket, m_open);
        } else if (!m_answered) {
            m_answered = true; // the GET that will carry the CONNECT reply
            m_heldGet = socket;
        } // later GETs are never answered
    }

    QWebSocketServer m_ws;
    QTcpServer m_tcp;
    QList<QByteArray> m_connectReply;
    QByteArray m_open;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QPointer<QTcpSocket> m_heldGet;
    bool m_answered = false;
};

} // namespace ClientTest

using namespace ClientTest;

// A client of io on the transport of the global data row, without reconnection.
inline std::unique_ptr<Client> newClient(const Server &io)
{
    QFETCH_GLOBAL(QString, transport);
    auto client = std::make_unique<Client>(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(io.serverPort())));
    client->setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                  : Client::Transport::Polling);
    client->setReconnection(false);
    return client;
}

#endif // CLIENTFIXTURE_H
