// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// Engine lifecycle over real sockets on 127.0.0.1, with Qt clients: every
// close path releases its session, slow readers are cut off without
// disturbing others, counters add up, engines share a port.

#include <SocketIo/Engine>
#include <SocketIo/EngineRequest>
#include <SocketIo/EngineSocket>

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerResponse>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#include <memory>

#include <sys/resource.h>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#endif

using namespace std::chrono_literals;
using SocketIo::Engine;
using SocketIo::EngineSocket;
using Reason = SocketIo::EngineSocket::CloseReason;

Q_DECLARE_METATYPE(Reason)

namespace {

// The key of RFC 6455's example, and the version: the headers of a valid handshake.
const QByteArray validKeyHeaders = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

// Sends a WebSocket upgrade request by hand; returns the response head (up to the empty line).
QByteArray rawUpgrade(QTcpSocket &socket, quint16 port, const QByteArray &extraHeaders,
                      const QByteArray &afterHead = {})
{
    // The server runs in this thread: wait with the event loop running.
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 3000))
        return {};
    socket.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                 + extraHeaders + "\r\n" + afterHead);
    QByteArray head;
    (void)QTest::qWaitFor(
            [&] {
                while (socket.bytesAvailable() > 0 && !head.contains("\r\n\r\n"))
                    head += socket.read(1); // the head only: what follows are frames
                return head.contains("\r\n\r\n");
            },
            3000);
    return head;
}

// Reads one unmasked server frame of at most 125 bytes: opcode and payload.
std::pair<int, QByteArray> readServerFrame(QTcpSocket &socket)
{
    (void)QTest::qWaitFor([&] { return socket.bytesAvailable() >= 2; }, 3000);
    const QByteArray head = socket.read(2);
    if (head.size() < 2 || (head[1] & 0x80) || (head[1] & 0x7f) > 125)
        return {-1, {}};
    const int length = head[1] & 0x7f;
    (void)QTest::qWaitFor([&] { return socket.bytesAvailable() >= length; }, 3000);
    return {head[0] & 0x0f, socket.read(length)};
}

QByteArray maskedFrame(quint8 firstByte, const QByteArray &payload, bool masked = true)
{
    QByteArray frame;
    frame.append(char(firstByte));
    frame.append(char((masked ? 0x80 : 0) | payload.size()));
    const char key[4] = {0x11, 0x22, 0x33, 0x44};
    if (masked)
        frame.append(key, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(masked ? char(payload[i] ^ key[i % 4]) : payload[i]);
    return frame;
}

} // namespace

class tst_Engine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void closePaths_data();
    void closePaths();
    void slowReaderIsClosedAlone();
    void countersAddUp();
    void burstOfMixedFramesArrivesInOrder();
    void closeEndsEverySession();
    void enginesSharePort();
    void applicationRoutesBesideEngine();
    void applicationRoutesBeforeListen();
    void requestHeaders();
    void webSocketHandshake_data();
    void webSocketHandshake();
    void webSocketControlFramesAndViolations();
    void webSocketEndings();

private:
    static SocketIo::EngineOptions fastOptions();
    static QUrl url(const Engine &engine, const QString &query, const QString &scheme = QStringLiteral("http"));
    QByteArray get(const QUrl &url, int *status = nullptr);
    QNetworkAccessManager m_http;
};

void tst_Engine::initTestCase()
{
    qRegisterMetaType<Reason>();
    // Before any engine listens: a low soft descriptor limit, which the first listen() raises
    // (checked in applicationRoutesBeforeListen).
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_max > 1024) {
        limit.rlim_cur = 1024;
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &limit), 0);
    }
}

SocketIo::EngineOptions tst_Engine::fastOptions()
{
    SocketIo::EngineOptions options;
    options.setPath(QStringLiteral("/engine.io/"));
    options.setPingInterval(300ms);
    options.setPingTimeout(200ms);
    return options;
}

QUrl tst_Engine::url(const Engine &engine, const QString &query, const QString &scheme)
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2/engine.io/?%3").arg(scheme).arg(engine.serverPort()).arg(query));
}

QByteArray tst_Engine::get(const QUrl &url, int *status)
{
    std::unique_ptr<QNetworkReply> reply(m_http.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(5000))
        return {};
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return reply->readAll();
}

void tst_Engine::closePaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Reason>("expected");
    QTest::newRow("client closes the websocket") << QStringLiteral("ws-close") << Reason::TransportClose;
    QTest::newRow("client drops the TCP connection") << QStringLiteral("ws-abort") << Reason::TransportClose;
    QTest::newRow("client sends a close packet") << QStringLiteral("ws-close-packet") << Reason::TransportClose;
    QTest::newRow("client sends garbage") << QStringLiteral("ws-garbage") << Reason::ParseError;
    QTest::newRow("client ignores pings") << QStringLiteral("ws-silent") << Reason::PingTimeout;
    QTest::newRow("server closes") << QStringLiteral("ws-server-close") << Reason::ForcedClose;
    QTest::newRow("polling client vanishes") << QStringLiteral("poll-silent") << Reason::PingTimeout;
    QTest::newRow("polling client posts garbage") << QStringLiteral("poll-garbage") << Reason::ParseError;
}

// Every way a session can end releases it: the engine forgets it and the
// EngineSocket object is deleted.
void tst_Engine::closePaths()
{
    QFETCH(QString, path);
    QFETCH(Reason, expected);

    QList<Reason> reasons; // outlives the engine, whose destructor may still report
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QSignalSpy connections(&engine, &Engine::connection);
    connect(&engine, &Engine::connection, this, [&reasons](EngineSocket *socket) {
        connect(socket, &EngineSocket::closed, socket, [&reasons](Reason reason) { reasons.append(reason); });
    });

    QWebSocket ws;
    QByteArray sid;
    if (path.startsWith(QLatin1String("ws-"))) {
        connect(&ws, &QWebSocket::textMessageReceived, this, [&ws, path](const QString &message) {
            if (message == QLatin1String("2") && path != QLatin1String("ws-silent"))
                ws.sendTextMessage(QStringLiteral("3"));
        });
        ws.open(url(engine, QStringLiteral("EIO=4&transport=websocket"), QStringLiteral("ws")));
        QTRY_COMPARE(connections.size(), 1);
        QTRY_COMPARE(ws.state(), QAbstractSocket::ConnectedState);
    } else {
        const QByteArray open = get(url(engine, QStringLiteral("EIO=4&transport=polling")));
        QVERIFY2(open.startsWith('0'), open.constData());
        sid = QJsonDocument::fromJson(open.mid(1)).object().value(QStringLiteral("sid")).toString().toLatin1();
        QCOMPARE(connections.size(), 1);
    }
    QPointer<EngineSocket> session = connections.first().first().value<EngineSocket *>();
    QVERIFY(session);

    if (path == QLatin1String("ws-close"))
        ws.close();
    else if (path == QLatin1String("ws-abort"))
        ws.abort();
    else if (path == QLatin1String("ws-close-packet"))
        ws.sendTextMessage(QStringLiteral("1"));
    else if (path == QLatin1String("ws-garbage"))
        ws.sendTextMessage(QStringLiteral("x not a packet"));
    else if (path == QLatin1String("ws-server-close"))
        session->close();
    else if (path == QLatin1String("poll-garbage")) {
        QNetworkRequest request(url(engine, QStringLiteral("EIO=4&transport=polling&sid=") + QLatin1String(sid)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        std::unique_ptr<QNetworkReply> reply(m_http.post(request, QByteArrayLiteral("9zz")));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
    }

    QTRY_COMPARE_WITH_TIMEOUT(reasons.size(), 1, 3000);
    QCOMPARE(reasons.first(), expected);
    QCOMPARE(engine.clientsCount(), 0);
    QTRY_VERIFY(session.isNull());
    QCOMPARE(engine.findChildren<EngineSocket *>().size(), 0);
}

// A WebSocket client that stops reading is closed once its write buffer is
// full; a client beside it is served all along.
void tst_Engine::slowReaderIsClosedAlone()
{
    QList<Reason> reasons; // outlives the engine, whose destructor may still report
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    connect(&engine, &Engine::connection, this, [&reasons](EngineSocket *socket) {
        connect(socket, &EngineSocket::closed, socket, [&reasons](Reason r) { reasons.append(r); });
        connect(socket, &EngineSocket::messageReceived, socket, [socket](const QByteArray &data, bool) {
            if (data == "flood") {
                const QByteArray chunk(1 << 20, 'x');
                for (int i = 0; i < 64 && socket->readyState() == EngineSocket::ReadyState::Open; ++i)
                    socket->sendBinary(chunk);
            } else {
                socket->send(data);
            }
        });
    });

    // The slow reader: a hand-made WebSocket handshake, then it never reads.
    QTcpSocket slow;
    slow.setReadBufferSize(1024);
    QVERIFY(rawUpgrade(slow, engine.serverPort(), validKeyHeaders).startsWith("HTTP/1.1 101"));
    QTRY_COMPARE(engine.clientsCount(), 1);
    slow.write(maskedFrame(0x81, "4flood"));

    QWebSocket good;
    QStringList echoes;
    connect(&good, &QWebSocket::textMessageReceived, this, [&good, &echoes](const QString &m) {
        if (m == QLatin1String("2"))
            good.sendTextMessage(QStringLiteral("3"));
        else if (m.startsWith(QLatin1Char('4')))
            echoes.append(m);
    });
    good.open(url(engine, QStringLiteral("EIO=4&transport=websocket"), QStringLiteral("ws")));
    QTRY_COMPARE(good.state(), QAbstractSocket::ConnectedState);

    QTRY_COMPARE_WITH_TIMEOUT(reasons.size(), 1, 10000);
    QCOMPARE(reasons.first(), Reason::TransportError);
    good.sendTextMessage(QStringLiteral("4still here"));
    QTRY_COMPARE(echoes, QStringList{QStringLiteral("4still here")});
    QCOMPARE(engine.clientsCount(), 1);
}

void tst_Engine::countersAddUp()
{
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    connect(&engine, &Engine::connection, this, [](EngineSocket *socket) {
        connect(socket, &EngineSocket::messageReceived, socket,
                [socket](const QByteArray &data, bool) { socket->send(data); });
    });
    QWebSocket ws;
    int echoes = 0;
    connect(&ws, &QWebSocket::textMessageReceived, this,
            [&echoes](const QString &m) { echoes += m.startsWith(QLatin1Char('4')); });
    ws.open(url(engine, QStringLiteral("EIO=4&transport=websocket"), QStringLiteral("ws")));
    QTRY_COMPARE(ws.state(), QAbstractSocket::ConnectedState);
    const QByteArray open = get(url(engine, QStringLiteral("EIO=4&transport=polling")));
    QVERIFY(open.startsWith('0'));

    const SocketIo::EngineStatistics before = engine.statistics();
    QCOMPARE(before.clients, 2);
    QCOMPARE(before.websocketClients, 1);
    QCOMPARE(before.pollingClients, 1);
    for (int i = 0; i < 5; ++i)
        ws.sendTextMessage(QStringLiteral("4hello"));
    QTRY_COMPARE(echoes, 5);
    const SocketIo::EngineStatistics after = engine.statistics();
    QVERIFY(after.packetsReceived >= before.packetsReceived + 5);
    QVERIFY(after.packetsSent >= before.packetsSent + 5);
    QVERIFY(after.bytesReceived >= before.bytesReceived + 5 * 6);
    QVERIFY(after.bytesSent >= before.bytesSent + 5 * 8); // 2-byte frame header + "4hello"
}

// Frames sent in one pass of the event loop are written together: small
// payloads copied, large ones (text and binary) by reference, more than one
// sendmsg() batch of them. All must arrive whole and in order.
void tst_Engine::burstOfMixedFramesArrivesInOrder()
{
    constexpr int Frames = 300;
    const auto payload = [](int i) -> QByteArray {
        const int size = i % 3 == 0 ? 10 : (i % 3 == 1 ? 600 + i : 70000 + i); // 7-bit, 16-bit, 64-bit lengths
        return QByteArray::number(i) + ':' + QByteArray(size, char('a' + i % 26));
    };
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    connect(&engine, &Engine::connection, this, [&payload](EngineSocket *socket) {
        connect(socket, &EngineSocket::messageReceived, socket, [socket, &payload](const QByteArray &data, bool) {
            if (data != "burst")
                return;
            for (int i = 0; i < Frames; ++i) {
                if (i % 5 == 4)
                    socket->sendBinary(payload(i));
                else
                    socket->send(payload(i));
            }
        });
    });
    QWebSocket ws;
    QList<QByteArray> received;
    connect(&ws, &QWebSocket::textMessageReceived, this, [&received](const QString &m) {
        if (m.startsWith(QLatin1Char('4')))
            received.append(m.mid(1).toUtf8());
    });
    connect(&ws, &QWebSocket::binaryMessageReceived, this, [&received](const QByteArray &m) { received.append(m); });
    ws.open(url(engine, QStringLiteral("EIO=4&transport=websocket"), QStringLiteral("ws")));
    QTRY_COMPARE(ws.state(), QAbstractSocket::ConnectedState);
    ws.sendTextMessage(QStringLiteral("4burst"));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), Frames, 10000);
    for (int i = 0; i < Frames; ++i)
        QCOMPARE(received.at(i), payload(i));
}

void tst_Engine::closeEndsEverySession()
{
    QList<Reason> reasons; // outlives the engine, whose destructor may still report
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QSignalSpy listening(&engine, &Engine::listeningChanged);
    connect(&engine, &Engine::connection, this, [&reasons](EngineSocket *socket) {
        connect(socket, &EngineSocket::closed, socket, [&reasons](Reason r) { reasons.append(r); });
    });
    QWebSocket a;
    QWebSocket b;
    a.open(url(engine, QStringLiteral("EIO=4&transport=websocket"), QStringLiteral("ws")));
    b.open(url(engine, QStringLiteral("EIO=4&transport=websocket"), QStringLiteral("ws")));
    QTRY_COMPARE(engine.clientsCount(), 2);
    const quint16 port = engine.serverPort();
    engine.close();
    QCOMPARE(reasons, (QList<Reason>{Reason::ForcedClose, Reason::ForcedClose}));
    QCOMPARE(engine.clientsCount(), 0);
    QVERIFY(!engine.isListening());
    QCOMPARE(listening.size(), 1);
    QTRY_COMPARE(a.state(), QAbstractSocket::UnconnectedState);
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!probe.waitForConnected(1000));
}

void tst_Engine::enginesSharePort()
{
    QTcpServer tcp;
    QVERIFY(tcp.listen(QHostAddress::LocalHost, 0));
    SocketIo::EngineOptions first = fastOptions();
    SocketIo::EngineOptions second = fastOptions();
    second.setPath(QStringLiteral("/other/"));
    Engine a(first);
    Engine b(second);
    Engine clash(first);
    QVERIFY(a.listen(&tcp));
    QVERIFY(b.listen(&tcp));
    QSignalSpy failed(&clash, &Engine::errorOccurred);
    QVERIFY(!clash.listen(&tcp));
    QCOMPARE(clash.error(), Engine::Error::PathInUseError);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(clash.errorString(), QStringLiteral("The path /engine.io/ is already served on this port"));
    QTcpServer idle;
    QVERIFY(!clash.listen(&idle));
    QCOMPARE(clash.error(), Engine::Error::NotListeningError);

    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(tcp.serverPort());
    QVERIFY(get(QUrl(base + QStringLiteral("/engine.io/?EIO=4&transport=polling"))).startsWith('0'));
    QVERIFY(get(QUrl(base + QStringLiteral("/other/?EIO=4&transport=polling"))).startsWith('0'));
    QCOMPARE(a.clientsCount(), 1);
    QCOMPARE(b.clientsCount(), 1);
    int status = 0;
    get(QUrl(base + QStringLiteral("/elsewhere/")), &status);
    QCOMPARE(status, 404);
}

void tst_Engine::applicationRoutesBesideEngine()
{
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QVERIFY(engine.httpServer());
    engine.httpServer()->route(QStringLiteral("/hello"),
                               [] { return QHttpServerResponse("text/plain", QByteArrayLiteral("hi")); });
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(engine.serverPort());
    int status = 0;
    QCOMPARE(get(QUrl(base + QStringLiteral("/hello")), &status), QByteArrayLiteral("hi"));
    QCOMPARE(status, 200);
    QVERIFY(get(QUrl(base + QStringLiteral("/engine.io/?EIO=4&transport=polling"))).startsWith('0'));
}

// Issue 16: routes added in the natural order, before listen(), are served.
void tst_Engine::applicationRoutesBeforeListen()
{
    Engine engine(fastOptions());
    QHttpServer *http = engine.httpServer();
    QVERIFY(http);
    http->route(QStringLiteral("/early"), [] { return QHttpServerResponse("text/plain", QByteArrayLiteral("early")); });
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QCOMPARE(engine.httpServer(), http);
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    QCOMPARE(limit.rlim_cur, limit.rlim_max); // raised to the hard limit by the first listen()
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(engine.serverPort());
    int status = 0;
    QCOMPARE(get(QUrl(base + QStringLiteral("/early")), &status), QByteArrayLiteral("early"));
    QCOMPARE(status, 200);
    QVERIFY(get(QUrl(base + QStringLiteral("/engine.io/?EIO=4&transport=polling"))).startsWith('0'));
    get(QUrl(base + QStringLiteral("/nothing-here")), &status);
    QCOMPARE(status, 404);
}

void tst_Engine::webSocketHandshake_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("expectedHeader");

    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    // The example of RFC 6455, 1.3.
    QTest::newRow("accepted") << validKeyHeaders << QByteArray("HTTP/1.1 101 Switching Protocols")
                              << QByteArray("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    QTest::newRow("first subprotocol chosen")
            << validKeyHeaders + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            << QByteArray("HTTP/1.1 101 Switching Protocols") << QByteArray("Sec-WebSocket-Protocol: chat\r\n");
    QTest::newRow("no key") << QByteArray("Sec-WebSocket-Version: 13\r\n") << QByteArray("HTTP/1.1 400 Bad Request")
                            << QByteArray("Connection: close");
    QTest::newRow("key of 15 bytes") << QByteArray("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\n"
                                                   "Sec-WebSocket-Version: 13\r\n")
                                     << QByteArray("HTTP/1.1 400 Bad Request") << QByteArray("Connection: close");
    QTest::newRow("version 12") << key + "Sec-WebSocket-Version: 12\r\n"
                                << QByteArray("HTTP/1.1 400 Bad Request") << QByteArray("Sec-WebSocket-Version: 13, 8");
}

void tst_Engine::webSocketHandshake()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, expectedHeader);

    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QTcpSocket socket;
    const QByteArray head = rawUpgrade(socket, engine.serverPort(), headers);
    QVERIFY2(head.startsWith(QByteArray(statusLine + "\r\n")), head.constData());
    QVERIFY2(head.contains(expectedHeader), head.constData());
    if (statusLine.contains("101")) {
        QTRY_COMPARE(engine.clientsCount(), 1);
        const auto [opcode, open] = readServerFrame(socket);
        QCOMPARE(opcode, 1);
        QVERIFY2(open.startsWith("0{\"sid\""), open.constData());
    } else {
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(engine.clientsCount(), 0);
    }
}

// Pings are answered with their data, a client's close is answered with its code, and a frame
// that breaks the protocol closes that connection alone with 1002.
void tst_Engine::webSocketControlFramesAndViolations()
{
    QList<Reason> reasons; // outlives the engine, whose destructor may still report
    Engine engine(fastOptions());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    connect(&engine, &Engine::connection, this, [&reasons](EngineSocket *socket) {
        connect(socket, &EngineSocket::closed, socket, [&reasons](Reason r) { reasons.append(r); });
        connect(socket, &EngineSocket::messageReceived, socket,
                [socket](const QByteArray &data, bool) { socket->send(data); });
    });

    QTcpSocket bystander;
    QVERIFY(rawUpgrade(bystander, engine.serverPort(), validKeyHeaders).startsWith("HTTP/1.1 101"));
    QCOMPARE(readServerFrame(bystander).first, 1); // open

    QTcpSocket offender;
    QVERIFY(rawUpgrade(offender, engine.serverPort(), validKeyHeaders).startsWith("HTTP/1.1 101"));
    QCOMPARE(readServerFrame(offender).first, 1);
    offender.write(maskedFrame(0x89, "are you there"));
    const auto [pongCode, pong] = readServerFrame(offender);
    QCOMPARE(pongCode, 0xa);
    QCOMPARE(pong, QByteArray("are you there"));
    // A text message split in two fragments with a ping between them.
    offender.write(maskedFrame(0x01, "4frag") + maskedFrame(0x89, "") + maskedFrame(0x80, "mented"));
    QCOMPARE(readServerFrame(offender).first, 0xa);
    const auto [textCode, echo] = readServerFrame(offender);
    QCOMPARE(textCode, 1);
    QCOMPARE(echo, QByteArray("4fragmented"));
    offender.write(maskedFrame(0x81, "4unmasked", false));
    const auto [closeCode, closePayload] = readServerFrame(offender);
    QCOMPARE(closeCode, 0x8);
    QVERIFY(closePayload.size() >= 2);
    QCOMPARE((quint8(closePayload[0]) << 8) | quint8(closePayload[1]), 1002);
    QTRY_COMPARE(offender.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(reasons, QList<Reason>{Reason::TransportError});

    // The other connection goes on, then closes with a code of its own, which is answered.
    bystander.write(maskedFrame(0x81, "4still here"));
    const auto [code, still] = readServerFrame(bystander);
    QCOMPARE(code, 1);
    QCOMPARE(still, QByteArray("4still here"));
    bystander.write(maskedFrame(0x88, QByteArray("\x0f\xa0", 2) + "done"));
    const auto [answerCode, answer] = readServerFrame(bystander);
    QCOMPARE(answerCode, 0x8);
    QCOMPARE(answer, QByteArray("\x0f\xa0", 2));
    QTRY_COMPARE(bystander.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(reasons, (QList<Reason>{Reason::TransportError, Reason::TransportClose}));
    QCOMPARE(engine.clientsCount(), 0);

    // Frames sent in the same write as the handshake are read after it.
    QTcpSocket eager;
    const QByteArray frames = maskedFrame(0x89, "early") + maskedFrame(0x81, "4early message");
    QVERIFY(rawUpgrade(eager, engine.serverPort(), validKeyHeaders, frames).startsWith("HTTP/1.1 101"));
    QCOMPARE(readServerFrame(eager).first, 1); // open
    const auto [earlyPongCode, earlyPong] = readServerFrame(eager);
    QCOMPARE(earlyPongCode, 0xa);
    QCOMPARE(earlyPong, QByteArray("early"));
    const auto [earlyCode, earlyEcho] = readServerFrame(eager);
    QCOMPARE(earlyCode, 1);
    QCOMPARE(earlyEcho, QByteArray("4early message"));
    // A client that goes away without a close frame ends its session as well.
    eager.abort();
    QTRY_COMPARE(reasons.size(), 3);
    QCOMPARE(reasons.last(), Reason::TransportClose);
}

// The last frames of a connection reach the client: the answer to a close frame that came with
// the client's end of stream, and a 1009 while the client is still sending the oversized message.
void tst_Engine::webSocketEndings()
{
    SocketIo::EngineOptions options = fastOptions();
    options.setMaxHttpBufferSize(1000);
    Engine engine(options);
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));

#ifdef Q_OS_LINUX
    QTcpSocket halfClosed;
    QVERIFY(rawUpgrade(halfClosed, engine.serverPort(), validKeyHeaders).startsWith("HTTP/1.1 101"));
    QCOMPARE(readServerFrame(halfClosed).first, 1); // open
    halfClosed.write(maskedFrame(0x88, QByteArray("\x03\xe8", 2)));
    QVERIFY(halfClosed.waitForBytesWritten(1000));
    QCOMPARE(::shutdown(int(halfClosed.socketDescriptor()), SHUT_WR), 0);
    const auto [code, payload] = readServerFrame(halfClosed);
    QCOMPARE(code, 0x8);
    QCOMPARE(payload, QByteArray("\x03\xe8", 2));
    QTRY_COMPARE(halfClosed.state(), QAbstractSocket::UnconnectedState);
#endif

    QTcpSocket oversized;
    QVERIFY(rawUpgrade(oversized, engine.serverPort(), validKeyHeaders).startsWith("HTTP/1.1 101"));
    QCOMPARE(readServerFrame(oversized).first, 1);
    // A frame announcing 200,000 bytes, its payload sent in pieces after the server has refused it.
    const QByteArray header = QByteArray("\x81\xff", 2) + QByteArray("\x00\x00\x00\x00\x00\x03\x0d\x40", 8)
            + QByteArray(4, '\0'); // masked with a zero key
    oversized.write(header);
    const QByteArray piece(20000, '4');
    for (int i = 0; i < 10; ++i) {
        oversized.write(piece);
        QTest::qWait(5);
    }
    const auto [closeCode, closePayload] = readServerFrame(oversized);
    QCOMPARE(closeCode, 0x8);
    QVERIFY(closePayload.size() >= 2);
    QCOMPARE((quint8(closePayload[0]) << 8) | quint8(closePayload[1]), 1009);
    QTRY_COMPARE(oversized.state(), QAbstractSocket::UnconnectedState);
    QTRY_COMPARE(engine.clientsCount(), 0);
}

QTEST_MAIN(tst_Engine)
// Header names are kept in lower case, in their order; lookups ignore case; values are kept as
// they came, empty ones and bytes that are not text included.
void tst_Engine::requestHeaders()
{
    const SocketIo::EngineRequest::HeaderList sent = {
            {"Host", "127.0.0.1:3000"},
            {"X-Token", "Secret Value"},
            {"x-empty", ""},
            {"X-Bytes", QByteArray("a\0b\xff", 4)},
            {"X-Token", "second"},
    };
    const SocketIo::EngineRequest request("GET", QUrl(QStringLiteral("/socket.io/?EIO=4&transport=polling")), sent,
                                          QHostAddress::LocalHost, 40000, false);
    const SocketIo::EngineRequest::HeaderList kept = request.headers();
    QCOMPARE(kept.size(), sent.size());
    for (qsizetype i = 0; i < sent.size(); ++i) {
        QCOMPARE(kept.at(i).first, sent.at(i).first.toLower());
        QCOMPARE(kept.at(i).second, sent.at(i).second);
    }
    QCOMPARE(request.header("host"), QByteArray("127.0.0.1:3000"));
    QCOMPARE(request.header("X-TOKEN"), QByteArray("Secret Value")); // the first of two
    QCOMPARE(request.header("x-bytes"), QByteArray("a\0b\xff", 4));
    QVERIFY(request.header("x-empty").isEmpty());
    QVERIFY(request.header("x-missing").isNull());
    QCOMPARE(request.queryItem(QStringLiteral("transport")), QStringLiteral("polling"));

    const SocketIo::EngineRequest same("GET", QUrl(QStringLiteral("/socket.io/?EIO=4&transport=polling")), kept,
                                       QHostAddress::LocalHost, 40000, false);
    QCOMPARE(same, request);
    SocketIo::EngineRequest::HeaderList other = sent;
    other.last().second = "third";
    QVERIFY(SocketIo::EngineRequest("GET", request.url(), other, QHostAddress::LocalHost, 40000, false) != request);
}

#include "tst_engine.moc"
