// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The limits of the HTTP front and of the WebSocket write path that are this server's own (Node
// has other ones, so tests/interop cannot hold them to the reference): empty lines before a
// request, a head that trickles in, an upgrade waiting for allowRequest, and what counts as a
// client that does not read. Real sockets on 127.0.0.1, the server in this thread.

#include <SocketIo/Engine>
#include <SocketIo/EngineRequest>
#include <SocketIo/EngineSocket>

#include <QtCore/QElapsedTimer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

using namespace std::chrono_literals;
using SocketIo::Engine;
using SocketIo::EngineSocket;

namespace {

SocketIo::ServerOptions options(std::chrono::milliseconds stall = 15s)
{
    SocketIo::ServerOptions o;
    o.setPath(QStringLiteral("/engine.io/"));
    o.setPingInterval(5s);
    o.setPingTimeout(5s);
    o.setHttpStallTimeout(stall);
    return o;
}

bool connectTo(QTcpSocket &socket, const Engine &engine)
{
    socket.connectToHost(QHostAddress::LocalHost, engine.serverPort());
    return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 3000);
}

// Everything the server sends until it closes the connection (or the time is up).
QByteArray readUntilClosed(QTcpSocket &socket, int timeoutMs)
{
    QByteArray all;
    (void)QTest::qWaitFor([&] {
        all += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, timeoutMs);
    return all + socket.readAll();
}

} // namespace

class tst_HttpFront : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void blankLinesBeforeRequestAreBounded();
    void tricklingHeadMeetsDeadline();
    void pendingUpgradeIsBoundedAndTimed();
    void largeMessagesAreNoBacklog();
};

// Issue 13, item 3: a connection that sends CRLF forever gets 400 after 64 bytes of them.
void tst_HttpFront::blankLinesBeforeRequestAreBounded()
{
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));

    // A few empty lines before a request are fine (RFC 9112, 2.2).
    QTcpSocket polite;
    QVERIFY(connectTo(polite, engine));
    polite.write("\r\n\r\nGET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(readUntilClosed(polite, 3000).startsWith("HTTP/1.1 200"), "a request after two empty lines");

    QTcpSocket flood;
    QVERIFY(connectTo(flood, engine));
    qint64 sent = 0;
    const QByteArray blank(4096, '\n');
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (flood.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 3000 && sent < (8 << 20)) {
        flood.write(blank);
        sent += blank.size();
        QTest::qWait(1);
        answer += flood.readAll();
        if (!answer.isEmpty())
            break;
    }
    answer += readUntilClosed(flood, 3000);
    QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.left(100).constData());
    QVERIFY2(sent < (1 << 20), QByteArray::number(sent).constData());
    QCOMPARE(flood.state(), QAbstractSocket::UnconnectedState);
}

// Issue 13, item 11: a head trickled in a byte at a time, each within the stall timeout, still
// ends in 408 once four stall timeouts have passed since its first byte.
void tst_HttpFront::tricklingHeadMeetsDeadline()
{
    Engine engine(options(300ms));
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QTcpSocket slow;
    QVERIFY(connectTo(slow, engine));
    const QByteArray head = "GET /engine.io/?EIO=4&transport=polling&padding=" + QByteArray(200, 'x');
    QElapsedTimer clock;
    clock.start();
    QByteArray answer;
    for (qsizetype i = 0; i < head.size() && slow.state() == QAbstractSocket::ConnectedState; ++i) {
        slow.write(head.mid(i, 1));
        QTest::qWait(100);
        answer += slow.readAll();
        if (!answer.isEmpty() || clock.elapsed() > 5000)
            break;
    }
    answer += readUntilClosed(slow, 2000);
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.left(100).constData());
    QVERIFY2(clock.elapsed() >= 1100 && clock.elapsed() < 4000, QByteArray::number(clock.elapsed()).constData());
}

// Issue 13, item 10: while an asynchronous allowRequest has not answered, the upgrade's socket
// reads at most 64 KiB (the rest waits in the kernel, and then at the client), and the upgrade
// is refused with 408 after the stall timeout.
void tst_HttpFront::pendingUpgradeIsBoundedAndTimed()
{
    SocketIo::ServerOptions o = options(500ms);
    auto unanswered = std::make_shared<QList<SocketIo::AllowRequestReply>>();
    o.setAllowRequest(this, [unanswered](const SocketIo::EngineRequest &, const SocketIo::AllowRequestReply &reply) {
        unanswered->append(reply); // not answered before the end of the test
    });
    Engine engine(o);
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    QVERIFY(connectTo(client, engine));
    client.write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    QTRY_COMPARE(unanswered->size(), 1);
    const qint64 flood = 64 << 20;
    client.write(QByteArray(flood, 'A'));
    QTest::qWait(300);
    // Loopback's kernel buffers take a few MiB; the server took no more than its cap on top.
    QVERIFY2(client.bytesToWrite() > flood - (16 << 20), QByteArray::number(client.bytesToWrite()).constData());
    QElapsedTimer clock;
    clock.start();
    QByteArray answer;
    (void)QTest::qWaitFor([&] {
        answer += client.readAll();
        return answer.contains("\r\n\r\n");
    }, 3000);
    QVERIFY2(answer.startsWith("HTTP/1.1 408"), answer.left(100).toPercentEncoding().constData());
    QCOMPARE(engine.clientsCount(), 0);
    unanswered->clear(); // refuses, while the engine still exists
}

// Issue 13, item 7: one message over the 8 MiB write limit, or a burst of messages over it within
// one pass of the event loop, is no sign of a client that does not read.
void tst_HttpFront::largeMessagesAreNoBacklog()
{
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QList<EngineSocket::CloseReason> closes;
    connect(&engine, &Engine::connection, this, [&closes](EngineSocket *socket) {
        connect(socket, &EngineSocket::closed, socket, [&closes](EngineSocket::CloseReason reason) { closes.append(reason); });
        connect(socket, &EngineSocket::messageReceived, socket, [socket](const QByteArray &data, bool) {
            if (data == "one") {
                socket->sendBinary(QByteArray(12 << 20, 'x'));
            } else if (data == "burst") {
                for (int i = 0; i < 9; ++i)
                    socket->sendBinary(QByteArray(1 << 20, char('a' + i)));
            }
        });
    });
    QWebSocket client;
    client.setMaxAllowedIncomingMessageSize(64 << 20);
    QList<qsizetype> sizes;
    connect(&client, &QWebSocket::binaryMessageReceived, this, [&sizes](const QByteArray &m) { sizes.append(m.size()); });
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/engine.io/?EIO=4&transport=websocket").arg(engine.serverPort())));
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    client.sendTextMessage(QStringLiteral("4one"));
    QTRY_COMPARE_WITH_TIMEOUT(sizes.size(), 1, 10000);
    QCOMPARE(sizes.first(), qsizetype(12 << 20));
    client.sendTextMessage(QStringLiteral("4burst"));
    QTRY_COMPARE_WITH_TIMEOUT(sizes.size(), 10, 10000);
    QCOMPARE(closes, QList<EngineSocket::CloseReason>());
    QCOMPARE(engine.clientsCount(), 1);
}

QTEST_MAIN(tst_HttpFront)
#include "tst_httpfront.moc"
