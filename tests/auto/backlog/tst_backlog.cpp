// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// Clients that stop reading: what their backlogs hold, and when they are closed. The stalled
// clients are real TCP connections on 127.0.0.1 that finish the WebSocket (or polling) handshake
// and then never read again, with a small receive buffer so that the server's queue fills soon;
// a healthy QWebSocket client on the same engine reads everything. The server runs in this thread.

#include <SocketIo/Engine>
#include <SocketIo/EngineSocket>

#include <QtCore/QFile>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#ifdef Q_OS_LINUX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace std::chrono_literals;
using SocketIo::Engine;
using SocketIo::EngineSocket;

namespace {

constexpr qint64 MiB = 1 << 20;

SocketIo::EngineOptions options(qint64 budget = 0)
{
    SocketIo::EngineOptions o;
    o.setPath(QStringLiteral("/engine.io/"));
    // No heartbeat gets in the way: only the backlog bounds close a session here.
    o.setPingInterval(60s);
    o.setPingTimeout(60s);
    o.setWriteBacklogBudget(budget);
    return o;
}

#ifdef Q_OS_LINUX
// A TCP connection that sends one request and never reads: the server's frames pile up.
class StalledClient
{
public:
    StalledClient(quint16 port, const QByteArray &request)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        // Loopback: the kernel completes the connection before the server accepts it.
        m_ok = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
                && ::send(m_fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) == request.size();
    }
    ~StalledClient() { ::close(m_fd); }
    bool isOk() const { return m_ok; }

private:
    int m_fd = -1;
    bool m_ok = false;
};

const QByteArray WebSocketRequest =
        "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
const QByteArray PollingRequest = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n";
#endif

// The sessions of an engine, in the order they connect, and how each one closed.
struct Sessions
{
    explicit Sessions(Engine &engine)
    {
        QObject::connect(&engine, &Engine::connection, &context, [this](EngineSocket *socket) {
            const int index = int(list.size());
            list.append(socket);
            reasons.append(-1);
            QObject::connect(socket, &EngineSocket::closed, &context,
                             [this, index](EngineSocket::CloseReason r) { reasons[index] = int(r); });
        });
    }
    bool waitFor(int count)
    {
        return QTest::qWaitFor([&] { return list.size() >= count; }, 5000);
    }
    bool isOpen(int index) const { return reasons.at(index) < 0; }
    bool closedWith(int index, EngineSocket::CloseReason reason) const { return reasons.at(index) == int(reason); }

    QObject context; // the connections end with this (the engine outlives it)
    QList<QPointer<EngineSocket>> list;
    QList<int> reasons; // -1 while open
};

// A healthy WebSocket client that counts the messages it reads.
struct Reader
{
    explicit Reader(const Engine &engine)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this] { ++received; });
        socket.open(QUrl(
                QStringLiteral("ws://127.0.0.1:%1/engine.io/?EIO=4&transport=websocket").arg(engine.serverPort())));
    }
    QWebSocket socket;
    int received = 0;
};

// Sends count messages of size bytes to the given sessions, each message one new buffer shared
// by all of them (a broadcast), letting the event loop run between batches.
void broadcast(const QList<QPointer<EngineSocket>> &to, int count, int size = 1024)
{
    for (int i = 0; i < count; ++i) {
        const QByteArray payload(size, char('a' + i % 26));
        for (EngineSocket *socket : to) {
            if (socket)
                socket->send(payload);
        }
        if (i % 64 == 63)
            QCoreApplication::processEvents();
    }
    QCoreApplication::processEvents();
}

#ifdef Q_OS_LINUX
// This process's resident memory, in bytes.
qint64 residentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}
#endif

qint64 backlog(const Engine &engine)
{
    return engine.statistics().backlogBytes;
}

} // namespace

class tst_Backlog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stalledReadersShareBroadcastFrames();
    void readerPastItsLimitIsClosed();
    void budgetClosesTheFurthestBehindFirst();
    void pollingClientThatStopsPollingIsBounded();
};

// 16 clients that stop reading hold one copy of each broadcast between them, not one each.
void tst_Backlog::stalledReadersShareBroadcastFrames()
{
#ifdef Q_OS_LINUX
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    Sessions sessions(engine);
    Reader reader(engine);
    QVERIFY(sessions.waitFor(1));
    constexpr int Stalled = 16;
    std::vector<std::unique_ptr<StalledClient>> stalled;
    for (int i = 0; i < Stalled; ++i) {
        stalled.push_back(std::make_unique<StalledClient>(engine.serverPort(), WebSocketRequest));
        QVERIFY(stalled.back()->isOk());
    }
    QVERIFY(sessions.waitFor(1 + Stalled));

    // First fill the kernel's buffers of every stalled connection (about 4 MiB each at most on
    // Linux's defaults), then measure what the next MiB adds.
    broadcast(sessions.list, 5 * 1024);
    QTest::qWait(200);
    const qint64 before = backlog(engine);
    const qint64 residentBefore = residentBytes();
    QVERIFY2(before > 0, "the stalled clients have a backlog");
    constexpr int More = 1024;
    broadcast(sessions.list, More);
    QTest::qWait(200);
    const qint64 added = backlog(engine) - before;
    const qint64 residentAdded = residentBytes() - residentBefore;

    // One frame (1 KiB + 4 header bytes) per message, plus a reference per message and client.
    const qint64 shared = More * (1024 + 4) + qint64(More) * (Stalled + 1) * 16;
    QVERIFY2(added >= More * 1024 * 9 / 10, qPrintable(QString::number(added)));
    QVERIFY2(added <= shared + 64 * 1024,
             qPrintable(QStringLiteral("added %1 bytes; shared frames would be %2, copies %3")
                                .arg(added)
                                .arg(shared)
                                .arg(Stalled * More * 1024)));
    // The process agrees: 16 copies would be 16 MiB more.
    QVERIFY2(residentAdded < 6 * MiB, qPrintable(QString::number(residentAdded)));
    for (int i = 0; i < sessions.list.size(); ++i)
        QVERIFY2(sessions.isOpen(i), qPrintable(QString::number(i)));
    QTRY_COMPARE_WITH_TIMEOUT(reader.received, 1 + 6 * 1024, 10000); // the open packet and all
#else
    QSKIP("The shared backlog is the Linux descriptor path");
#endif
}

// A client past 8 MiB of backlog is closed ("transport error"); the healthy one gets everything.
void tst_Backlog::readerPastItsLimitIsClosed()
{
#ifdef Q_OS_LINUX
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    Sessions sessions(engine);
    Reader reader(engine);
    QVERIFY(sessions.waitFor(1));
    StalledClient stalled(engine.serverPort(), WebSocketRequest);
    QVERIFY(stalled.isOk());
    QVERIFY(sessions.waitFor(2));
    int sent = 0;
    while (sessions.isOpen(1) && sent < 32 * 1024) { // 32 MiB at most
        broadcast(sessions.list, 256);
        sent += 256;
    }
    QTRY_VERIFY(!sessions.isOpen(1));
    QVERIFY(sessions.closedWith(1, EngineSocket::CloseReason::TransportError));
    // About 8 MiB held by the server (each queued frame counts 16 B besides its bytes), and the
    // kernel's buffer (64 KiB SO_SNDBUF, the receiver's window) before that; not much more.
    QVERIFY2(sent * 1024LL >= 7 * MiB && sent * 1024LL <= 12 * MiB, qPrintable(QString::number(sent)));
    QVERIFY(sessions.isOpen(0));
    QTRY_COMPARE_WITH_TIMEOUT(reader.received, 1 + sent, 10000);
    QTRY_COMPARE(backlog(engine), 0);
    QCOMPARE(engine.statistics().backlogsShed, quint64(1));
#else
    QSKIP("The shared backlog is the Linux descriptor path");
#endif
}

// Over the budget, the client furthest behind goes first and the others stay.
void tst_Backlog::budgetClosesTheFurthestBehindFirst()
{
#ifdef Q_OS_LINUX
    constexpr qint64 Budget = 3 * MiB;
    Engine engine(options(Budget));
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    Sessions sessions(engine);
    Reader reader(engine);
    QVERIFY(sessions.waitFor(1));
    StalledClient behind(engine.serverPort(), WebSocketRequest);
    QVERIFY(sessions.waitFor(2));
    StalledClient other(engine.serverPort(), WebSocketRequest);
    QVERIFY(sessions.waitFor(3));

    // Both stalled clients get the same broadcasts until their backlogs hold 1 MiB between them.
    int sent = 0;
    while (backlog(engine) < MiB && sent < 16 * 1024) {
        broadcast(sessions.list, 64);
        sent += 64;
    }
    QVERIFY2(backlog(engine) >= MiB, qPrintable(QString::number(backlog(engine))));
    QVERIFY(sessions.isOpen(1) && sessions.isOpen(2));
    // Then one of them gets more of its own, until the total passes the budget.
    int own = 0;
    while (sessions.isOpen(1) && own < 8 * 1024) {
        broadcast({sessions.list.at(1)}, 64);
        own += 64;
        QTest::qWait(1);
    }
    QVERIFY(sessions.closedWith(1, EngineSocket::CloseReason::TransportError));
    QVERIFY2(own * 1024LL < 4 * MiB, "closed by the budget, before its own limit");
    QTest::qWait(100);
    QVERIFY(sessions.isOpen(2));
    QVERIFY(sessions.isOpen(0));
    QVERIFY2(backlog(engine) <= Budget, qPrintable(QString::number(backlog(engine))));
    QCOMPARE(engine.statistics().backlogsShed, quint64(1));
    QTRY_COMPARE_WITH_TIMEOUT(reader.received, 1 + sent, 10000);
#else
    QSKIP("The shared backlog is the Linux descriptor path");
#endif
}

// A long-polling client that stops polling is bounded like a WebSocket that stops reading.
void tst_Backlog::pollingClientThatStopsPollingIsBounded()
{
#ifdef Q_OS_LINUX
    Engine engine(options());
    QVERIFY(engine.listen(QHostAddress::LocalHost, 0));
    Sessions sessions(engine);
    StalledClient poller(engine.serverPort(), PollingRequest);
    QVERIFY(poller.isOk());
    QVERIFY(sessions.waitFor(1));
    QCOMPARE(sessions.list.at(0)->transportName(), QStringLiteral("polling"));
    broadcast(sessions.list, 4 * 1024);
    QVERIFY(sessions.isOpen(0));
    QVERIFY2(backlog(engine) >= 4 * MiB, qPrintable(QString::number(backlog(engine))));
    int sent = 4 * 1024;
    while (sessions.isOpen(0) && sent < 16 * 1024) {
        broadcast(sessions.list, 256);
        sent += 256;
    }
    QTRY_VERIFY(!sessions.isOpen(0));
    QVERIFY(sessions.closedWith(0, EngineSocket::CloseReason::TransportError));
    // 8 MiB counting each buffered packet's bookkeeping (a few percent of 1 KiB).
    QVERIFY2(sent * 1024LL > 7 * MiB && sent * 1024LL < 9 * MiB, qPrintable(QString::number(sent)));
    QCOMPARE(backlog(engine), 0);
#else
    QSKIP("The shared backlog is the Linux descriptor path");
#endif
}

QTEST_MAIN(tst_Backlog)

#include "tst_backlog.moc"
