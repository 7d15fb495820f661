// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Client and SocketIo::ClientSocket against our own SocketIo::Server
// on 127.0.0.1, over long-polling and over WebSocket (initTestCase_data()).
// Names follow socket.io-client's test/socket.ts and connection.ts where a
// case applies.

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

#include <QtCore/QPointer>
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

namespace {

const QString Root = QStringLiteral("/");
const QString TimedOut = QStringLiteral("operation has timed out");

std::unique_ptr<Server> newServer(quint16 port = 0, const SocketIo::ServerOptions &options = {})
{
    auto io = std::make_unique<Server>(options);
    if (!io->listen(QHostAddress::LocalHost, port))
        return nullptr;
    return io;
}

// An Engine.IO server that opens a session, accepts CONNECT to "/" and then
// never sends a ping: the client must give up after pingInterval + pingTimeout.
class SilentServer : public QObject
{
public:
    explicit SilentServer(bool websocket) : m_ws(QString(), QWebSocketServer::NonSecureMode)
    {
        if (websocket) {
            m_ws.listen(QHostAddress::LocalHost);
            connect(&m_ws, &QWebSocketServer::newConnection, this, [this] {
                QWebSocket *socket = m_ws.nextPendingConnection();
                socket->setParent(this);
                socket->sendTextMessage(QString::fromLatin1(Open));
                connect(socket, &QWebSocket::textMessageReceived, this, [socket](const QString &text) {
                    if (text.startsWith(QLatin1String("40")))
                        socket->sendTextMessage(QStringLiteral("40{\"sid\":\"silent\"}"));
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
    static constexpr const char *Open =
            "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":100,\"pingTimeout\":100,\"maxPayload\":100000}";

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
                respond(std::exchange(m_heldGet, nullptr), "40{\"sid\":\"silent\"}");
        } else if (!requestLine.contains("sid=")) {
            respond(socket, Open);
        } else if (!m_answered) {
            m_answered = true; // the GET that will carry the CONNECT reply
            m_heldGet = socket;
        } // later GETs are never answered
    }

    QWebSocketServer m_ws;
    QTcpServer m_tcp;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QPointer<QTcpSocket> m_heldGet;
    bool m_answered = false;
};

} // namespace

class tst_Client : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();

    void shouldConnectToLocalhost();
    void shouldUpgradeFromPollingToWebSocket();
    void shouldSendAuth();
    void shouldSendExtraQueryAndHeaders();
    void shouldConnectOverTls();
    void shouldBufferEmitsBeforeConnect();
    void shouldReceiveAndEmitEvents();
    void shouldAcknowledgeBothWays();
    void shouldTimeoutAfterTheGivenDelayWhenTheServerDoesNotAcknowledge();
    void shouldEmitAndReceiveNestedBinaryData();
    void shouldConnectTwoNamespacesOverOneConnection();
    void shouldReceiveConnectErrorFromMiddleware();
    void shouldRejectReservedEventNames();
    void shouldBeDisconnectedByTheServer();
    void shouldDisconnectFromTheServer();
    void shouldAnswerPings();
    void shouldCloseOnPingTimeout();
    void shouldReconnectToANewServerOnTheSamePort();
    void shouldFailToReconnectAfterAttempts();
    void shouldRecoverTheConnectionState();

private:
    std::unique_ptr<Client> newClient(const Server &io);
};

void tst_Client::initTestCase_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("polling") << QStringLiteral("polling");
    QTest::newRow("websocket") << QStringLiteral("websocket");
}

std::unique_ptr<Client> tst_Client::newClient(const Server &io)
{
    QFETCH_GLOBAL(QString, transport);
    auto client = std::make_unique<Client>(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(io.serverPort())));
    client->setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                  : Client::Transport::Polling);
    client->setReconnection(false);
    return client;
}

void tst_Client::shouldConnectToLocalhost()
{
    QFETCH_GLOBAL(QString, transport);
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    auto client = newClient(*io);
    QSignalSpy opened(client.get(), &Client::opened);
    ClientSocket *socket = client->socket();
    QSignalSpy connected(socket, &ClientSocket::connected);
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(opened.count(), 1);
    QVERIFY(socket->isConnected());
    QVERIFY(serverSide);
    QCOMPARE(socket->id(), serverSide->id());
    QCOMPARE(client->state(), Client::State::Open);
    QCOMPARE(client->transportName(), transport);
    QCOMPARE(serverSide->conn()->id(), client->engineId());
    QCOMPARE(socket->nsp(), Root);
    QCOMPARE(client->socket(), socket); // one socket per namespace
}

void tst_Client::shouldUpgradeFromPollingToWebSocket()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    Client client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(io->serverPort())));
    client.setReconnection(false);
    ClientSocket *socket = client.socket();
    QTRY_VERIFY(socket->isConnected());
    QTRY_COMPARE(client.transportName(), QStringLiteral("websocket"));
    QVERIFY(serverSide);
    QTRY_COMPARE(serverSide->conn()->transportName(), QStringLiteral("websocket"));
    QVariantList received;
    serverSide->on(QStringLiteral("after"), this, [&](const QVariantList &args, const SocketIo::Ack &) {
        received = args;
    });
    socket->emitEvent(QStringLiteral("after"), {QStringLiteral("upgrade")});
    QTRY_COMPARE(received, QVariantList{QStringLiteral("upgrade")});
}

void tst_Client::shouldSendAuth()
{
    auto io = newServer();
    QVERIFY(io);
    connect(io.get(), &Server::connection, this, [](Socket *s) {
        s->emitEvent(QStringLiteral("auth"), {s->handshake().auth()});
    });
    auto client = newClient(*io);
    const QVariantMap auth{{QStringLiteral("token"), QStringLiteral("abc")}, {QStringLiteral("n"), 42}};
    ClientSocket *socket = client->socket(Root, auth);
    QVariantMap echoed;
    socket->on(QStringLiteral("auth"), this, [&](const QVariantList &args, const SocketIo::Ack &) {
        echoed = args.value(0).toMap();
    });
    QTRY_VERIFY(!echoed.isEmpty());
    QCOMPARE(echoed.value(QStringLiteral("token")).toString(), QStringLiteral("abc"));
    QCOMPARE(echoed.value(QStringLiteral("n")).toInt(), 42);
    QCOMPARE(socket->auth(), auth);
}

void tst_Client::shouldSendExtraQueryAndHeaders()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    auto client = newClient(*io);
    client->setQuery(QUrlQuery(QStringLiteral("room=blue&n=1")));
    client->setExtraHeaders({{QByteArrayLiteral("X-Token"), QByteArrayLiteral("t0k3n")}});
    ClientSocket *socket = client->socket();
    QTRY_VERIFY(socket->isConnected());
    QVERIFY(serverSide);
    const QVariantMap query = serverSide->handshake().query();
    QCOMPARE(query.value(QStringLiteral("room")).toString(), QStringLiteral("blue"));
    QCOMPARE(query.value(QStringLiteral("n")).toString(), QStringLiteral("1"));
    QCOMPARE(query.value(QStringLiteral("EIO")).toString(), QStringLiteral("4"));
    QCOMPARE(serverSide->handshake().header("x-token"), QByteArrayLiteral("t0k3n"));
}

void tst_Client::shouldConnectOverTls()
{
    QFETCH_GLOBAL(QString, transport);
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    const QSslCertificate certificate(QByteArray(TlsFixture::Certificate), QSsl::Pem);
    QVERIFY(!certificate.isNull());
    QSslConfiguration serverTls = QSslConfiguration::defaultConfiguration();
    serverTls.setLocalCertificate(certificate);
    serverTls.setPrivateKey(QSslKey(QByteArray(TlsFixture::PrivateKey), QSsl::Rsa, QSsl::Pem));
    serverTls.setPeerVerifyMode(QSslSocket::VerifyNone);
    auto listener = std::make_unique<QSslServer>(); // outlives io
    listener->setSslConfiguration(serverTls);
    QVERIFY(listener->listen(QHostAddress::LocalHost, 0));
    Server io;
    QVERIFY(io.listen(listener.get()));
    QPointer<Socket> serverSide;
    connect(&io, &Server::connection, this, [&](Socket *s) { serverSide = s; });

    Client client(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(listener->serverPort())));
    client.setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                 : Client::Transport::Polling);
    client.setReconnection(false);
    QSslConfiguration clientTls = QSslConfiguration::defaultConfiguration();
    clientTls.setCaCertificates({certificate}); // verified, not ignored
    client.setSslConfiguration(clientTls);
    ClientSocket *socket = client.socket();
    QString echoed;
    socket->on(QStringLiteral("echo"), this, [&](const QVariantList &args, const SocketIo::Ack &) {
        echoed = args.value(0).toString();
    });
    QTRY_VERIFY(socket->isConnected());
    QVERIFY(serverSide);
    QVERIFY(serverSide->handshake().secure());
    serverSide->emitEvent(QStringLiteral("echo"), {QStringLiteral("over tls")});
    QTRY_COMPARE(echoed, QStringLiteral("over tls"));
    client.close();
    QTRY_VERIFY(!serverSide);
}

void tst_Client::shouldBufferEmitsBeforeConnect()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList received;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("early"), this, [&](const QVariantList &args, const SocketIo::Ack &) {
            received.append(args.value(0).toString());
        });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QVERIFY(!socket->isConnected());
    QVERIFY(socket->emitEvent(QStringLiteral("early"), {QStringLiteral("one")}));
    QVERIFY(socket->emitEvent(QStringLiteral("early"), {QStringLiteral("two")}));
    QTRY_COMPARE(received, (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
}

void tst_Client::shouldReceiveAndEmitEvents()
{
    auto io = newServer();
    QVERIFY(io);
    QVariantList fromClient;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("hello"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
            QVERIFY(!ack.isValid());
            fromClient = args;
        });
        s->emitEvent(QStringLiteral("welcome"), {QStringLiteral("hi"), 1, true, QVariant::fromValue(nullptr)});
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QVariantList welcome;
    QStringList anyEvents;
    socket->on(QStringLiteral("welcome"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
        QVERIFY(!ack.isValid());
        welcome = args;
    });
    socket->onAny(this, [&](const QString &event, const QVariantList &) { anyEvents.append(event); });
    QSignalSpy received(socket, &ClientSocket::eventReceived);
    QTRY_COMPARE(welcome.size(), 4);
    QCOMPARE(welcome.value(0).toString(), QStringLiteral("hi"));
    QCOMPARE(welcome.value(1).toInt(), 1);
    QCOMPARE(welcome.value(2).toBool(), true);
    QVERIFY(welcome.value(3).isNull());
    QCOMPARE(anyEvents, QStringList{QStringLiteral("welcome")});
    QCOMPARE(received.count(), 1);

    const QVariantMap object{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QVariantList{1, 2}}};
    socket->emitEvent(QStringLiteral("hello"), {QStringLiteral("world"), object});
    QTRY_COMPARE(fromClient.size(), 2);
    QCOMPARE(fromClient.value(0).toString(), QStringLiteral("world"));
    const QVariantMap got = fromClient.value(1).toMap();
    QCOMPARE(got.value(QStringLiteral("a")).toInt(), 1);
    QCOMPARE(got.value(QStringLiteral("b")).toList().size(), 2);
}

void tst_Client::shouldAcknowledgeBothWays()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        serverSide = s;
        s->on(QStringLiteral("sum"), this, [](const QVariantList &args, const SocketIo::Ack &ack) {
            ack.send({args.value(0).toInt() + args.value(1).toInt()});
        });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    socket->on(QStringLiteral("ask"), this, [](const QVariantList &args, const SocketIo::Ack &ack) {
        QVERIFY(ack.isValid());
        QVERIFY(ack.send({QString(args.value(0).toString() + QStringLiteral("!")), 7}));
        QVERIFY(!ack.send({}));
    });
    QTRY_VERIFY(socket->isConnected());

    bool clientGotAnswer = false;
    QVERIFY(socket->emitWithAck(QStringLiteral("sum"), {2, 3}, this,
                                [&](const QVariant &error, const QVariantList &args) {
        QVERIFY(error.isNull());
        QCOMPARE(args, QVariantList{5});
        clientGotAnswer = true;
    }));
    QTRY_VERIFY(clientGotAnswer);

    QVERIFY(serverSide);
    QVariantList serverGot;
    serverSide->emitWithAck(QStringLiteral("ask"), {QStringLiteral("q")}, this,
                            [&](const QVariant &error, const QVariantList &args) {
        QVERIFY(error.isNull());
        serverGot = args;
    });
    QTRY_COMPARE(serverGot.size(), 2);
    QCOMPARE(serverGot.value(0).toString(), QStringLiteral("q!"));
    QCOMPARE(serverGot.value(1).toInt(), 7);
}

void tst_Client::shouldTimeoutAfterTheGivenDelayWhenTheServerDoesNotAcknowledge()
{
    auto io = newServer();
    QVERIFY(io);
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTRY_VERIFY(socket->isConnected());
    QVariant error;
    int calls = 0;
    QVERIFY(socket->timeout(100ms).emitWithAck(QStringLiteral("unknown"), {}, this,
                                               [&](const QVariant &e, const QVariantList &args) {
        ++calls;
        error = e;
        QVERIFY(args.isEmpty());
    }));
    QTRY_COMPARE(calls, 1);
    QCOMPARE(error.toString(), TimedOut);

    // an answer that comes in time is not an error
    const auto sockets = io->sockets()->sockets();
    QCOMPARE(sockets.size(), 1);
    sockets.cbegin().value()->on(QStringLiteral("fast"), this, [](const QVariantList &, const SocketIo::Ack &ack) {
        ack.send({QStringLiteral("ok")});
    });
    QVariantList answer;
    socket->timeout(5s).emitWithAck(QStringLiteral("fast"), {}, this, [&](const QVariant &e, const QVariantList &args) {
        QVERIFY(e.isNull());
        answer = args;
    });
    QTRY_COMPARE(answer, QVariantList{QStringLiteral("ok")});
}

void tst_Client::shouldEmitAndReceiveNestedBinaryData()
{
    auto io = newServer();
    QVERIFY(io);
    const QByteArray blob("\x00\x01\x02\xff binary", 11);
    const QByteArray other(300, '\x7f');
    QVariantList fromClient;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("upload"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
            fromClient = args;
            ack.send({QVariantMap{{QStringLiteral("echo"), args.value(0).toMap().value(QStringLiteral("file"))}}});
        });
        s->emitEvent(QStringLiteral("download"),
                     {QVariantMap{{QStringLiteral("parts"), QVariantList{blob, QStringLiteral("x"), other}}}, blob});
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QVariantList download;
    socket->on(QStringLiteral("download"), this, [&](const QVariantList &args, const SocketIo::Ack &) {
        download = args;
    });
    QTRY_COMPARE(download.size(), 2);
    const QVariantList parts = download.value(0).toMap().value(QStringLiteral("parts")).toList();
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.value(0).toByteArray(), blob);
    QCOMPARE(parts.value(0).userType(), QMetaType::QByteArray);
    QCOMPARE(parts.value(1).toString(), QStringLiteral("x"));
    QCOMPARE(parts.value(2).toByteArray(), other);
    QCOMPARE(download.value(1).toByteArray(), blob);

    QVariant echoed;
    socket->emitWithAck(QStringLiteral("upload"),
                        {QVariantMap{{QStringLiteral("file"), other},
                                     {QStringLiteral("list"), QVariantList{1, blob}}}},
                        this, [&](const QVariant &, const QVariantList &args) {
        echoed = args.value(0).toMap().value(QStringLiteral("echo"));
    });
    QTRY_VERIFY(echoed.isValid());
    QCOMPARE(echoed.userType(), QMetaType::QByteArray);
    QCOMPARE(echoed.toByteArray(), other);
    const QVariantMap up = fromClient.value(0).toMap();
    QCOMPARE(up.value(QStringLiteral("file")).toByteArray(), other);
    QCOMPARE(up.value(QStringLiteral("list")).toList().value(1).toByteArray(), blob);
}

void tst_Client::shouldConnectTwoNamespacesOverOneConnection()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList engineIds;
    connect(io->of(QStringLiteral("/chat")), &SocketIo::Namespace::connection, this, [&](Socket *s) {
        engineIds.append(s->conn()->id());
        s->emitEvent(QStringLiteral("where"), {s->nsp()->name()});
    });
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        engineIds.append(s->conn()->id());
        s->emitEvent(QStringLiteral("where"), {s->nsp()->name()});
    });
    auto client = newClient(*io);
    ClientSocket *main = client->socket();
    ClientSocket *chat = client->socket(QStringLiteral("chat"));
    QCOMPARE(chat->nsp(), QStringLiteral("/chat"));
    QString mainWhere, chatWhere;
    main->on(QStringLiteral("where"), this, [&](const QVariantList &a, const SocketIo::Ack &) { mainWhere = a.value(0).toString(); });
    chat->on(QStringLiteral("where"), this, [&](const QVariantList &a, const SocketIo::Ack &) { chatWhere = a.value(0).toString(); });
    QTRY_VERIFY(main->isConnected() && chat->isConnected());
    QTRY_COMPARE(mainWhere, Root);
    QTRY_COMPARE(chatWhere, QStringLiteral("/chat"));
    QCOMPARE(engineIds.size(), 2);
    QCOMPARE(engineIds.value(0), engineIds.value(1));
    QVERIFY(main->id() != chat->id());

    // leaving one namespace keeps the other one
    QSignalSpy chatLeft(chat, &ClientSocket::disconnected);
    chat->disconnect();
    QCOMPARE(chatLeft.count(), 1);
    QCOMPARE(client->state(), Client::State::Open);
    QTRY_COMPARE(io->of(QStringLiteral("/chat"))->socketCount(), 0);
    QVERIFY(main->isConnected());
}

void tst_Client::shouldReceiveConnectErrorFromMiddleware()
{
    auto io = newServer();
    QVERIFY(io);
    io->of(QStringLiteral("/private"))->use(this, [](Socket *s, const SocketIo::Next &next) {
        if (s->handshake().auth().value(QStringLiteral("token")) == QStringLiteral("secret"))
            next.accept();
        else
            next.reject(QStringLiteral("not authorized"), QVariantMap{{QStringLiteral("code"), 401}});
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket(QStringLiteral("/private"));
    QSignalSpy refused(socket, &ClientSocket::connectError);
    QTRY_COMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("not authorized"));
    QCOMPARE(refused.at(0).at(1).toMap().value(QStringLiteral("code")).toInt(), 401);
    QVERIFY(!socket->isConnected());
    QVERIFY(!socket->isActive());

    // a second try with the right token gets in
    socket->setAuth({{QStringLiteral("token"), QStringLiteral("secret")}});
    QSignalSpy connected(socket, &ClientSocket::connected);
    socket->open();
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(refused.count(), 1);
}

void tst_Client::shouldRejectReservedEventNames()
{
    auto io = newServer();
    QVERIFY(io);
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("reserved event name")));
    QVERIFY(!socket->emitEvent(QStringLiteral("disconnect")));
    QTRY_VERIFY(socket->isConnected());
}

void tst_Client::shouldBeDisconnectedByTheServer()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    auto client = newClient(*io);
    client->setReconnection(true);
    ClientSocket *socket = client->socket();
    QSignalSpy disconnected(socket, &ClientSocket::disconnected);
    QSignalSpy closed(client.get(), &Client::closed);
    QTRY_VERIFY(socket->isConnected());
    QVERIFY(serverSide);
    serverSide->disconnect();
    QTRY_COMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.at(0).at(0).toString(), QStringLiteral("io server disconnect"));
    QVERIFY(!socket->isActive());
    // no socket is left, so the client closes and does not reconnect
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(client->state(), Client::State::Closed);
    QTRY_COMPARE(io->engine()->clientsCount(), 0);
}

void tst_Client::shouldDisconnectFromTheServer()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTRY_VERIFY(socket->isConnected());
    QVERIFY(serverSide);
    QSignalSpy serverSaw(serverSide.data(), &Socket::disconnected);
    QSignalSpy disconnected(socket, &ClientSocket::disconnected);
    socket->disconnect();
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.at(0).at(0).toString(), QStringLiteral("io client disconnect"));
    QVERIFY(!socket->isConnected());
    QVERIFY(socket->id().isEmpty());
    QTRY_COMPARE(serverSaw.count(), 1);
    QCOMPARE(Socket::toString(serverSaw.at(0).at(0).value<Socket::DisconnectReason>()),
             QStringLiteral("client namespace disconnect"));
    QCOMPARE(client->state(), Client::State::Closed);
}

void tst_Client::shouldAnswerPings()
{
    SocketIo::ServerOptions options;
    options.setPingInterval(100ms);
    options.setPingTimeout(200ms);
    auto io = newServer(0, options);
    QVERIFY(io);
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QSignalSpy pings(client.get(), &Client::pingReceived);
    QSignalSpy disconnected(socket, &ClientSocket::disconnected);
    QTRY_VERIFY(socket->isConnected());
    QTRY_VERIFY_WITH_TIMEOUT(pings.count() >= 6, 5000); // > pingInterval + pingTimeout in total
    QVERIFY(socket->isConnected());
    QCOMPARE(disconnected.count(), 0);
}

void tst_Client::shouldCloseOnPingTimeout()
{
    QFETCH_GLOBAL(QString, transport);
    SilentServer silent(transport == QLatin1String("websocket"));
    QVERIFY(silent.port() != 0);
    Client client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.port())));
    client.setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                 : Client::Transport::Polling);
    client.setReconnection(false);
    ClientSocket *socket = client.socket();
    QSignalSpy closed(&client, &Client::closed);
    QSignalSpy disconnected(socket, &ClientSocket::disconnected);
    QSignalSpy errors(&client, &Client::errorOccurred);
    QTRY_VERIFY(socket->isConnected());
    QCOMPARE(socket->id(), QStringLiteral("silent"));
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(closed.at(0).at(0).toString(), QStringLiteral("ping timeout"));
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(disconnected.at(0).at(0).toString(), QStringLiteral("ping timeout"));
    QCOMPARE(errors.count(), 1);
    QCOMPARE(client.error(), Client::Error::PingTimeoutError);
    QCOMPARE(client.state(), Client::State::Closed);
}

void tst_Client::shouldReconnectToANewServerOnTheSamePort()
{
    auto io = newServer();
    QVERIFY(io);
    const quint16 port = io->serverPort();
    auto client = newClient(*io);
    client->setReconnection(true);
    client->setReconnectionDelay(50ms);
    client->setReconnectionDelayMax(200ms);
    ClientSocket *socket = client->socket();
    QSignalSpy connected(socket, &ClientSocket::connected);
    QSignalSpy disconnected(socket, &ClientSocket::disconnected);
    QSignalSpy attempts(client.get(), &Client::reconnectAttempt);
    QSignalSpy reconnected(client.get(), &Client::reconnected);
    QTRY_COMPARE(connected.count(), 1);
    const QString firstId = socket->id();

    io->close();
    io.reset();
    QTRY_COMPARE(disconnected.count(), 1);
    const QString reason = disconnected.at(0).at(0).toString();
    QVERIFY2(reason == QLatin1String("transport close") || reason == QLatin1String("transport error"),
             qPrintable(reason));
    QTRY_VERIFY(attempts.count() >= 1);
    QCOMPARE(attempts.at(0).at(0).toInt(), 1);

    io = newServer(port);
    QVERIFY(io);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QCOMPARE(reconnected.count(), 1);
    QVERIFY(reconnected.at(0).at(0).toInt() >= 1);
    QVERIFY(socket->id() != firstId);
    QCOMPARE(io->sockets()->socketCount(), 1);
}

void tst_Client::shouldFailToReconnectAfterAttempts()
{
    quint16 port = 0;
    {
        auto io = newServer();
        QVERIFY(io);
        port = io->serverPort();
    }
    Client client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QFETCH_GLOBAL(QString, transport);
    client.setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                 : Client::Transport::Polling);
    client.setReconnectionAttempts(2);
    client.setReconnectionDelay(10ms);
    client.setReconnectionDelayMax(20ms);
    ClientSocket *socket = client.socket();
    QSignalSpy refused(socket, &ClientSocket::connectError);
    QSignalSpy attempts(&client, &Client::reconnectAttempt);
    QSignalSpy reconnectErrors(&client, &Client::reconnectError);
    QSignalSpy failed(&client, &Client::reconnectFailed);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
    QCOMPARE(attempts.count(), 2);
    QCOMPARE(reconnectErrors.count(), 2);
    QCOMPARE(refused.count(), 3); // the first open and both attempts
    QCOMPARE(client.state(), Client::State::Closed);
    QVERIFY(client.error() != Client::Error::NoError);
    QVERIFY(!client.errorString().isEmpty());
}

void tst_Client::shouldRecoverTheConnectionState()
{
    SocketIo::ServerOptions options;
    SocketIo::ConnectionStateRecovery recovery;
    recovery.enabled = true;
    options.setConnectionStateRecovery(recovery);
    auto io = newServer(0, options);
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    auto client = newClient(*io);
    client->setReconnection(true);
    client->setReconnectionDelay(50ms);
    client->setReconnectionDelayMax(100ms);
    ClientSocket *socket = client->socket();
    QVariantList ticks;
    socket->on(QStringLiteral("tick"), this, [&](const QVariantList &args, const SocketIo::Ack &) {
        ticks.append(args.value(0));
    });
    QSignalSpy connected(socket, &ClientSocket::connected);
    QTRY_COMPARE(connected.count(), 1);
    QVERIFY(!socket->recovered());
    const QString firstId = socket->id();
    io->emitEvent(QStringLiteral("tick"), {1});
    QTRY_COMPARE(ticks, QVariantList{1});

    QVERIFY(serverSide);
    QSignalSpy disconnected(socket, &ClientSocket::disconnected);
    serverSide->conn()->close();
    QTRY_COMPARE(disconnected.count(), 1);
    io->emitEvent(QStringLiteral("tick"), {2}); // missed while away
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QVERIFY(socket->recovered());
    QCOMPARE(socket->id(), firstId);
    QTRY_COMPARE(ticks, (QVariantList{1, 2}));
}

QTEST_MAIN(tst_Client)
#include "tst_client.moc"
