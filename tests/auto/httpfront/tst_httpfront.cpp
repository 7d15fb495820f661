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
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QSocketNotifier>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#endif

using namespace std::chrono_literals;
using SocketIo::Engine;
using SocketIo::EngineSocket;

namespace {

SocketIo::EngineOptions options(std::chrono::milliseconds stall = 15s)
{
    SocketIo::EngineOptions o;
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
    (void)QTest::qWaitFor(
            [&] {
                all += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    return all + socket.readAll();
}

// The read notifier of a server-side connection (the socket engine's, a child of the socket).
QSocketNotifier *readNotifierOf(QTcpSocket *socket)
{
    const auto notifiers = socket->findChildren<QSocketNotifier *>();
    for (QSocketNotifier *notifier : notifiers) {
        if (notifier->type() == QSocketNotifier::Read)
            return notifier;
    }
    return nullptr;
}

// The server's side of client's connection, once it waits for the next request (its read
// notifier off); null if that does not happen within 3 s.
QTcpSocket *waitingServerSide(const Engine &engine, const QTcpSocket &client)
{
    QTcpSocket *found = nullptr;
    (void)QTest::qWaitFor(
            [&] {
                const auto sockets = engine.findChildren<QTcpSocket *>();
                for (QTcpSocket *socket : sockets) {
                    if (socket->state() == QAbstractSocket::ConnectedState && socket->peerPort() == client.localPort())
                        found = socket;
                }
                return found && readNotifierOf(found) && !readNotifierOf(found)->isEnabled();
            },
            3000);
    return found && readNotifierOf(found) && !readNotifierOf(found)->isEnabled() ? found : nullptr;
}

// Reads one HTTP response with a Content-Length body from a keep-alive connection.
QByteArray readResponse(QTcpSocket &socket, int timeoutMs = 3000)
{
    QByteArray all;
    (void)QTest::qWaitFor(
            [&] {
                all += socket.readAll();
                const qsizetype end = all.indexOf("\r\n\r\n");
                if (end < 0)
                    return false;
                const qsizetype at = all.indexOf("Content-Length: ");
                const qsizetype eol = all.indexOf("\r\n", at);
                const qsizetype length = at < 0 ? 0 : all.mid(at + 16, eol - at - 16).toLongLong();
                return all.size() >= end + 4 + length;
            },
            timeoutMs);
    return all;
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
    void closeReplySurvivesHalfClose();
    void idleConnectionsWaitOutsideTheDispatcher();
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
    SocketIo::EngineOptions o = options(500ms);
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
    // Counted as written rather than read off bytesToWrite(): on a loaded machine the 408 and the
    // close may come first, and a closed socket drops what it had not written.
    qint64 written = 0;
    connect(&client, &QTcpSocket::bytesWritten, this, [&written](qint64 bytes) { written += bytes; });
    client.write(QByteArray(flood, 'A'));
    QTest::qWait(300);
    // Loopback's kernel buffers take a few MiB; the server took no more than its cap on top.
    QVERIFY2(written < (16 << 20), QByteArray::number(written).constData());
    QElapsedTimer clock;
    clock.start();
    QByteArray answer;
    (void)QTest::qWaitFor(
            [&] {
                answer += client.readAll();
                return answer.contains("\r\n\r\n");
            },
            3000);
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
        connect(socket, &EngineSocket::closed, socket,
                [&closes](EngineSocket::CloseReason reason) { closes.append(reason); });
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
    connect(&client, &QWebSocket::binaryMessageReceived, this,
            [&sizes](const QByteArray &m) { sizes.append(m.size()); });
    client.open(
            QUrl(QStringLiteral("ws://127.0.0.1:%1/engine.io/?EIO=4&transport=websocket").arg(engine.serverPort())));
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    client.sendTextMessage(QStringLiteral("4one"));
    QTRY_COMPARE_WITH_TIMEOUT(sizes.size(), 1, 10000);
    QCOMPARE(sizes.first(), qsizetype(12 << 20));
    client.sendTextMessage(QStringLiteral("4burst"));
    QTRY_COMPARE_WITH_TIMEOUT(sizes.size(), 10, 10000);
    QCOMPARE(closes, QList<EngineSocket::CloseReason>());
    QCOMPARE(engine.clientsCount(), 1);
}

// Issue 13, item 11: a client that sends a close frame and then half-closes (FIN) while the
// server's answers still wait to be sent gets them all, the close reply last.
void tst_HttpFront::closeReplySurvivesHalfClose()
{
#ifdef Q_OS_LINUX
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(engine.serverPort());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    // Sends all of bytes without blocking the event loop the server runs on.
    auto sendAll = [fd](const QByteArray &bytes) {
        qsizetype at = 0;
        return QTest::qWaitFor(
                [&] {
                    const ssize_t n = ::send(fd, bytes.constData() + at, size_t(bytes.size() - at), MSG_NOSIGNAL);
                    if (n > 0)
                        at += n;
                    return at == bytes.size();
                },
                10000);
    };
    QByteArray received;
    bool ended = false;
    auto receive = [&] {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                received.append(buffer, n);
                continue;
            }
            ended = ended || n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
            return;
        }
    };
    QVERIFY(sendAll("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Version: 13\r\n\r\n"));
    QVERIFY(QTest::qWaitFor(
            [&] {
                receive();
                return received.contains("\r\n\r\n");
            },
            3000));
    // Pings whose pongs fill the kernel's buffers (nothing is read meanwhile), then a close frame.
    const char mask[4] = {1, 2, 3, 4};
    QByteArray ping;
    ping.append(char(0x89)).append(char(0x80 | 125)).append(mask, 4);
    for (int i = 0; i < 125; ++i)
        ping.append(char('p' ^ mask[i % 4]));
    QByteArray frames;
    for (int i = 0; i < 40000; ++i)
        frames += ping;
    frames.append(char(0x88)).append(char(0x82)).append(mask, 4);
    frames.append(char(0x03 ^ mask[0])).append(char(0xe8 ^ mask[1]));
    QVERIFY(sendAll(frames));
    ::shutdown(fd, SHUT_WR);
    QTest::qWait(500);
    QVERIFY(QTest::qWaitFor(
            [&] {
                receive();
                return ended;
            },
            10000));
    QVERIFY2(received.endsWith(QByteArray("\x88\x02\x03\xe8", 4)), received.right(8).toHex().constData());
    QCOMPARE(received.count(QByteArray("\x8a\x7d", 2)) >= 40000, true);
#else
    QSKIP("the descriptor path of WebSocket connections is Linux only");
#endif
}

// Issue 16: between requests a long-polling connection waits outside Qt's event dispatcher (its
// read notifier off, the engine's epoll set watching it), so that Qt's poll() or glib's does not
// walk it on every wakeup. It reads the client's next request as soon as it comes, notices a
// client that leaves, and closes without a stale watch when the server ends it.
void tst_HttpFront::idleConnectionsWaitOutsideTheDispatcher()
{
#ifndef Q_OS_LINUX
    QSKIP("the epoll set is Linux's");
#endif
    QTest::failOnWarning(QRegularExpression(QStringLiteral("epoll")));
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    QList<QByteArray> received;
    connect(&engine, &Engine::connection, this, [&received](EngineSocket *socket) {
        connect(socket, &EngineSocket::messageReceived, socket,
                [&received](const QByteArray &data, bool) { received.append(data); });
    });

    QTcpSocket client;
    QVERIFY(connectTo(client, engine));
    client.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray open = readResponse(client);
    QVERIFY2(open.startsWith("HTTP/1.1 200"), open.left(100).constData());
    const qsizetype at = open.indexOf("\"sid\":\"");
    QVERIFY(at > 0);
    const QByteArray sid = open.mid(at + 7, open.indexOf('"', at + 7) - at - 7);

    QPointer<QTcpSocket> serverSide = waitingServerSide(engine, client);
    QVERIFY(serverSide);

    // The next request on the same connection is read at once.
    for (int round = 0; round < 3; ++round) {
        const QByteArray body = "4hello" + QByteArray::number(round);
        client.write("POST /engine.io/?EIO=4&transport=polling&sid=" + sid
                     + " HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: text/plain\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        const QByteArray ok = readResponse(client);
        QVERIFY2(ok.startsWith("HTTP/1.1 200") && ok.endsWith("ok"), ok.constData());
        QTRY_COMPARE(received.size(), round + 1);
        QCOMPARE(received.constLast(), QByteArray("hello" + QByteArray::number(round)));
        QTRY_VERIFY(serverSide && !readNotifierOf(serverSide)->isEnabled());
    }

    // A client that leaves while its connection waits: the server notices, and deletes it.
    client.disconnectFromHost();
    QTRY_VERIFY(serverSide.isNull());

    // A waiting connection the server closes: the client sees the end.
    QTcpSocket second;
    QVERIFY(connectTo(second, engine));
    second.write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(readResponse(second).startsWith("HTTP/1.1 200"));
    QPointer<QTcpSocket> secondSide = waitingServerSide(engine, second);
    QVERIFY(secondSide);
    secondSide->disconnectFromHost();
    QTRY_COMPARE(second.state(), QAbstractSocket::UnconnectedState);
}

QTEST_MAIN(tst_HttpFront)
#include "tst_httpfront.moc"
