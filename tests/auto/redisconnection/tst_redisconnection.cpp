// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Redis::Connection against a real redis-server on 127.0.0.1 (started here, on a free
// port, and killed at the end), and against peers in this test that answer what Redis never would.

#include "redisconnection_p.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <optional>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace SocketIo::Redis;
using namespace std::chrono_literals;

namespace {

constexpr int Timeout = 10000; // every wait in this test is bounded by this, in ms

QByteArray allBytes()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(char(i));
    return bytes;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString redisServerPath()
{
    QString path = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (path.isEmpty()) {
        path = QStandardPaths::findExecutable(QStringLiteral("redis-server"),
                                              {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin")});
    }
    return path;
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// A redis-server child process on 127.0.0.1, without persistence, in a directory of its own.
class RedisServer
{
public:
    RedisServer() = default;
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;
    ~RedisServer() { stop(); }

    bool start(quint16 port, const QStringList &extra = {})
    {
        m_port = port;
        m_extra = extra;
        QStringList args = {QStringLiteral("--port"),       QString::number(port),
                            QStringLiteral("--bind"),       QStringLiteral("127.0.0.1"),
                            QStringLiteral("--save"),       QString(),
                            QStringLiteral("--appendonly"), QStringLiteral("no"),
                            QStringLiteral("--dir"),        m_dir.path(),
                            QStringLiteral("--logfile"),    m_dir.filePath(QStringLiteral("redis.log"))};
        args += extra;
        m_process.setProgram(redisServerPath());
        m_process.setArguments(args);
        m_process.start();
        if (!m_process.waitForStarted(Timeout))
            return false;
        // Up when it answers PING (with PONG, or NOAUTH when a password is required).
        QDeadlineTimer deadline(Timeout);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            if (probe.waitForConnected(200)) {
                probe.write("PING\r\n");
                if (probe.waitForReadyRead(1000)) {
                    const QByteArray answer = probe.readAll();
                    if (answer.startsWith('+') || answer.startsWith('-'))
                        return true;
                }
            }
            QTest::qWait(20);
        }
        return false;
    }
    bool restart() { return start(m_port, m_extra); }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(Timeout);
    }
    quint16 port() const { return m_port; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QStringList m_extra;
};

// Runs one command and waits for its reply.
std::optional<Reply> call(Connection &connection, const QByteArrayList &args, int timeout = Timeout)
{
    std::optional<Reply> result;
    QObject context;
    connection.command(args, &context, [&result](const Reply &reply) { result = reply; });
    const bool answered = QTest::qWaitFor([&result] { return result.has_value(); }, timeout);
    return answered ? result : std::nullopt;
}

// Collects what the library logs in socketio.redis (and passes it on).
class LogRecorder
{
public:
    LogRecorder()
    {
        records().clear();
        previous() = qInstallMessageHandler(&LogRecorder::handle);
    }
    LogRecorder(const LogRecorder &) = delete;
    LogRecorder &operator=(const LogRecorder &) = delete;
    ~LogRecorder() { qInstallMessageHandler(previous()); }

    int count(QtMsgType type) const
    {
        return int(std::count_if(records().cbegin(), records().cend(),
                                 [type](const auto &record) { return record.first == type; }));
    }

private:
    static QList<QPair<QtMsgType, QString>> &records()
    {
        static QList<QPair<QtMsgType, QString>> list;
        return list;
    }
    static QtMessageHandler &previous()
    {
        static QtMessageHandler handler = nullptr;
        return handler;
    }
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (context.category && qstrcmp(context.category, "socketio.redis") == 0)
            records().append({type, message});
        if (previous())
            previous()(type, context, message);
    }
};

// A TCP server that speaks broken RESP: it writes greeting on each new connection and answer
// after the first bytes it receives on it, then keeps the connection open and silent.
class HostilePeer
{
public:
    HostilePeer(const QByteArray &greeting, const QByteArray &answer)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this, greeting, answer] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++m_connections;
                if (!greeting.isEmpty())
                    socket->write(greeting);
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                    socket->readAll();
                    if (!answer.isEmpty() && !socket->property("answered").toBool()) {
                        socket->setProperty("answered", true);
                        socket->write(answer);
                    }
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    int connections() const { return m_connections; }

private:
    QTcpServer m_server;
    int m_connections = 0;
};

} // namespace

class tst_RedisConnection : public QObject
{
    Q_OBJECT

private:
    RedisServer m_redis;

    std::unique_ptr<Connection> openConnection(quint16 port, const ConnectionOptions &options = {})
    {
        auto connection = std::make_unique<Connection>(QStringLiteral("127.0.0.1"), port, options);
        connection->open();
        return connection;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (redisServerPath().isEmpty())
            QFAIL("redis-server is not installed: install the Debian package redis-server "
                  "(listed in scripts/debian-packages.txt)");
        QVERIFY2(m_redis.start(freePort()), "redis-server did not start or does not answer PING");
    }

    void cleanupTestCase() { m_redis.stop(); }

    void binarySafeRoundTrip()
    {
        auto connection = openConnection(m_redis.port());
        const QByteArray key = QByteArray("key\0with\r\nbytes", 15) + allBytes();
        const QByteArray value = allBytes().repeated(4);

        std::optional<Reply> reply = call(*connection, {"SET", key, value});
        QVERIFY(reply);
        QCOMPARE(reply->type, Reply::Type::Status);
        QCOMPARE(reply->string, QByteArray("OK"));

        reply = call(*connection, {"GET", key});
        QVERIFY(reply);
        QCOMPARE(reply->type, Reply::Type::String);
        QCOMPARE(reply->string, value);

        QVERIFY((reply = call(*connection, {"SET", "empty", QByteArray()})));
        QVERIFY((reply = call(*connection, {"GET", "empty"})));
        QCOMPARE(*reply, Reply::fromString(QByteArray()));
        QVERIFY((reply = call(*connection, {"GET", "missing"})));
        QVERIFY(reply->isNil());
    }

    void pipelinedRepliesInOrder()
    {
        auto connection = openConnection(m_redis.port());
        QSignalSpy connected(connection.get(), &Connection::connected);
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, Timeout);
        QVERIFY(call(*connection, {"DEL", "counter"}));

        QList<qint64> replies;
        QObject context;
        for (int i = 0; i < 1000; ++i) {
            connection->command({"INCR", "counter"}, &context,
                                [&replies](const Reply &reply) { replies.append(reply.integer); });
        }
        QVERIFY(connection->pendingReplies() > 1); // sent at once, not one by one
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 1000, Timeout);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(replies.at(i), qint64(i + 1));
    }

    void errorReply()
    {
        auto connection = openConnection(m_redis.port());
        std::optional<Reply> reply = call(*connection, {"NOSUCHCOMMAND", "x"});
        QVERIFY(reply);
        QVERIFY(reply->isError());
        QVERIFY2(reply->string.startsWith("ERR unknown command"), reply->string.constData());

        QVERIFY(call(*connection, {"SET", "plain", "x"}));
        QVERIFY((reply = call(*connection, {"LPUSH", "plain", "y"})));
        QVERIFY(reply->isError());
        QVERIFY(reply->string.startsWith("WRONGTYPE"));
        QVERIFY(connection->isConnected()); // an error reply is an answer, not a failure
    }

    void nestedArrayReply()
    {
        auto connection = openConnection(m_redis.port());
        const std::optional<Reply> reply =
                call(*connection, {"EVAL", "return {1, {2, 'x', {3}}, 'y', {}, false}", "0"});
        QVERIFY(reply);
        const Reply expected = Reply::fromArray({
                Reply::fromInteger(1),
                Reply::fromArray(
                        {Reply::fromInteger(2), Reply::fromString("x"), Reply::fromArray({Reply::fromInteger(3)})}),
                Reply::fromString("y"), Reply::fromArray({}),
                Reply(), // Lua false is a nil bulk string
        });
        QCOMPARE(*reply, expected);
    }

    void refusedCommands()
    {
        auto connection = openConnection(m_redis.port());
        for (const QByteArrayList &args : {QByteArrayList{"subscribe", "c"}, QByteArrayList{"MONITOR"},
                                           QByteArrayList{"SSUBSCRIBE", "c"}, QByteArrayList{}}) {
            const std::optional<Reply> reply = call(*connection, args);
            QVERIFY(reply);
            QVERIFY2(reply->isError(), reply->string.constData());
        }
        QVERIFY(call(*connection, {"PING"})->isStatus());
    }

    void selectDatabase()
    {
        ConnectionOptions options;
        options.database = 3;
        auto inThree = openConnection(m_redis.port(), options);
        auto inZero = openConnection(m_redis.port());
        QVERIFY(call(*inThree, {"SET", "where", "three"}));
        QVERIFY(call(*inZero, {"DEL", "where"}));
        QCOMPARE(call(*inThree, {"GET", "where"})->string, QByteArray("three"));
    }

    void publishSubscribe()
    {
        auto publisher = openConnection(m_redis.port());
        auto subscriber = openConnection(m_redis.port());
        QSignalSpy confirmed(subscriber.get(), &Connection::subscriptionsConfirmed);
        QSignalSpy messages(subscriber.get(), &Connection::message);
        const QByteArray binaryChannel = QByteArray("chan\0nel", 8);

        subscriber->subscribe({"chan", binaryChannel});
        QVERIFY(subscriber->isSubscriber());
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.count(), 1, Timeout);

        QCOMPARE(call(*publisher, {"PUBLISH", "chan", "hello"})->integer, 1);
        QCOMPARE(call(*publisher, {"PUBLISH", binaryChannel, allBytes()})->integer, 1);
        QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 2, Timeout);
        QCOMPARE(messages.at(0).at(0).toByteArray(), QByteArray("chan"));
        QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("hello"));
        QCOMPARE(messages.at(1).at(0).toByteArray(), binaryChannel);
        QCOMPARE(messages.at(1).at(1).toByteArray(), allBytes());

        // A subscriber does pub/sub only.
        const std::optional<Reply> refused = call(*subscriber, {"GET", "x"});
        QVERIFY(refused && refused->isError());

        subscriber->unsubscribe({"chan"});
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.count(), 2, Timeout);
        QCOMPARE(subscriber->channels(), QByteArrayList{binaryChannel});
        QCOMPARE(call(*publisher, {"PUBLISH", "chan", "nobody"})->integer, 0);
        QCOMPARE(call(*publisher, {"PUBLISH", binaryChannel, "still"})->integer, 1);
        QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 3, Timeout);
        QCOMPARE(messages.at(2).at(1).toByteArray(), QByteArray("still"));
    }

    void patternSubscribe()
    {
        auto publisher = openConnection(m_redis.port());
        auto subscriber = openConnection(m_redis.port());
        QSignalSpy confirmed(subscriber.get(), &Connection::subscriptionsConfirmed);
        QSignalSpy patternMessages(subscriber.get(), &Connection::patternMessage);
        QSignalSpy messages(subscriber.get(), &Connection::message);

        subscriber->psubscribe({"socket.io#/#*"});
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.count(), 1, Timeout);
        QCOMPARE(call(*publisher, {"PUBLISH", "socket.io#/#room1#", allBytes()})->integer, 1);
        QCOMPARE(call(*publisher, {"PUBLISH", "elsewhere", "x"})->integer, 0);
        QTRY_COMPARE_WITH_TIMEOUT(patternMessages.count(), 1, Timeout);
        QCOMPARE(patternMessages.at(0).at(0).toByteArray(), QByteArray("socket.io#/#*"));
        QCOMPARE(patternMessages.at(0).at(1).toByteArray(), QByteArray("socket.io#/#room1#"));
        QCOMPARE(patternMessages.at(0).at(2).toByteArray(), allBytes());
        QCOMPARE(messages.count(), 0);
    }

    void pubsubNumsub()
    {
        auto publisher = openConnection(m_redis.port());
        auto first = openConnection(m_redis.port());
        auto second = openConnection(m_redis.port());
        QSignalSpy firstConfirmed(first.get(), &Connection::subscriptionsConfirmed);
        QSignalSpy secondConfirmed(second.get(), &Connection::subscriptionsConfirmed);
        first->subscribe({"socket.io-request#/#"});
        second->subscribe({"socket.io-request#/#", "socket.io-response#/#"});
        QTRY_COMPARE_WITH_TIMEOUT(firstConfirmed.count(), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(secondConfirmed.count(), 1, Timeout);

        const std::optional<Reply> reply =
                call(*publisher, {"PUBSUB", "NUMSUB", "socket.io-request#/#", "socket.io-response#/#", "none"});
        QVERIFY(reply);
        QCOMPARE(*reply,
                 Reply::fromArray({Reply::fromString("socket.io-request#/#"), Reply::fromInteger(2),
                                   Reply::fromString("socket.io-response#/#"), Reply::fromInteger(1),
                                   Reply::fromString("none"), Reply::fromInteger(0)}));
    }

    void reconnectAfterServerRestart()
    {
        RedisServer redis;
        QVERIFY(redis.start(freePort()));
        auto publisher = openConnection(redis.port());
        auto subscriber = openConnection(redis.port());
        auto observer = openConnection(redis.port());
        QSignalSpy publisherConnected(publisher.get(), &Connection::connected);
        QSignalSpy publisherDisconnected(publisher.get(), &Connection::disconnected);
        QSignalSpy subscriberDisconnected(subscriber.get(), &Connection::disconnected);
        QSignalSpy confirmed(subscriber.get(), &Connection::subscriptionsConfirmed);
        QSignalSpy resubscribed(subscriber.get(), &Connection::resubscribed);
        QSignalSpy messages(subscriber.get(), &Connection::message);
        QSignalSpy patternMessages(subscriber.get(), &Connection::patternMessage);
        subscriber->subscribe({"chan"});
        subscriber->psubscribe({"pat.*"});
        QTRY_COMPARE_WITH_TIMEOUT(confirmed.count(), 1, Timeout);
        QCOMPARE(resubscribed.count(), 0);

        // In flight when Redis dies: a BLPOP that blocks, and the INCRs behind it.
        QList<Reply> inFlight;
        QObject context;
        const auto record = [&inFlight](const Reply &reply) { inFlight.append(reply); };
        publisher->command({"BLPOP", "nothing", "5"}, &context, record);
        for (int i = 0; i < 100; ++i)
            publisher->command({"INCR", "n"}, &context, record);
        QTRY_VERIFY_WITH_TIMEOUT(call(*observer, {"CLIENT", "LIST"})->string.contains("cmd=blpop"), Timeout);
        QCOMPARE(inFlight.size(), 0);

        redis.stop();
        QTRY_COMPARE_WITH_TIMEOUT(inFlight.size(), 101, Timeout);
        for (const Reply &reply : std::as_const(inFlight))
            QCOMPARE(reply, Reply::error("ERR connection lost"));
        QTRY_COMPARE_WITH_TIMEOUT(publisherDisconnected.count(), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(subscriberDisconnected.count(), 1, Timeout);
        QVERIFY(!publisher->isConnected());

        // Commands issued while Redis is down wait, and go out in order once it is back.
        QList<qint64> lengths;
        for (int i = 0; i < 50; ++i) {
            publisher->command({"RPUSH", "order", QByteArray::number(i)}, &context,
                               [&lengths](const Reply &reply) { lengths.append(reply.integer); });
        }
        QCOMPARE(publisher->queuedCommands(), 50);

        QVERIFY(redis.restart());
        QTRY_COMPARE_WITH_TIMEOUT(publisherConnected.count(), 2, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(lengths.size(), 50, Timeout);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(lengths.at(i), qint64(i + 1));
        const std::optional<Reply> order = call(*publisher, {"LRANGE", "order", "0", "-1"});
        QVERIFY(order);
        QCOMPARE(order->elements.size(), 50);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(order->elements.at(i).string, QByteArray::number(i));

        // The subscriptions were renewed by themselves.
        QTRY_COMPARE_WITH_TIMEOUT(resubscribed.count(), 1, Timeout);
        QCOMPARE(call(*publisher, {"PUBLISH", "chan", "again"})->integer, 1);
        QCOMPARE(call(*publisher, {"PUBLISH", "pat.x", "too"})->integer, 1);
        QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(patternMessages.count(), 1, Timeout);
        QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("again"));
        QCOMPARE(patternMessages.at(0).at(2).toByteArray(), QByteArray("too"));
    }

    void queueBoundWhileDown()
    {
        const quint16 port = freePort();
        ConnectionOptions options;
        options.maxQueuedCommands = 100;
        options.maxQueuedBytes = 4096;
        auto connection = openConnection(port, options);
        QSignalSpy errors(connection.get(), &Connection::errorOccurred);
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, Timeout);

        QList<Reply> replies(151);
        QObject context;
        for (int i = 0; i < 150; ++i) {
            connection->command({"RPUSH", "bounded", QByteArray::number(i)}, &context,
                                [&replies, i](const Reply &reply) { replies[i] = reply; });
        }
        QCOMPARE(connection->queuedCommands(), 100);
        QCOMPARE(connection->droppedCommands(), 50);
        // Past the byte bound: refused too.
        connection->command({"SET", "big", QByteArray(8192, 'x')}, &context,
                            [&replies](const Reply &reply) { replies[150] = reply; });
        QCOMPARE(connection->droppedCommands(), 51);
        const Reply queueFull = Reply::error("ERR queue full: Redis unreachable");
        QTRY_COMPARE_WITH_TIMEOUT(replies.at(149), queueFull, Timeout);
        for (int i = 100; i < 150; ++i)
            QCOMPARE(replies.at(i), queueFull);

        RedisServer redis;
        QVERIFY(redis.start(port));
        QTRY_VERIFY_WITH_TIMEOUT(replies.at(99).isInteger(), Timeout);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(replies.at(i), Reply::fromInteger(i + 1));
        QCOMPARE(replies.at(150), queueFull);
        QCOMPARE(connection->droppedCommands(), 51);
    }

    void authentication()
    {
        RedisServer redis;
        QVERIFY(redis.start(freePort(), {QStringLiteral("--requirepass"), QStringLiteral("s3cret")}));

        ConnectionOptions right;
        right.password = "s3cret";
        auto good = openConnection(redis.port(), right);
        QVERIFY(call(*good, {"SET", "k", "v"}));
        QCOMPARE(call(*good, {"GET", "k"})->string, QByteArray("v"));

        ConnectionOptions named = right;
        named.username = "default";
        auto alsoGood = openConnection(redis.port(), named);
        QCOMPARE(call(*alsoGood, {"GET", "k"})->string, QByteArray("v"));

        auto none = openConnection(redis.port());
        const std::optional<Reply> refused = call(*none, {"GET", "k"});
        QVERIFY(refused && refused->isError());
        QVERIFY2(refused->string.startsWith("NOAUTH"), refused->string.constData());

        ConnectionOptions wrong;
        wrong.password = "guess";
        auto bad = openConnection(redis.port(), wrong);
        QSignalSpy errors(bad.get(), &Connection::errorOccurred);
        QSignalSpy connected(bad.get(), &Connection::connected);
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 2, Timeout); // reported, and retried
        const QString message = errors.at(0).at(0).toString();
        QVERIFY2(message.contains(QLatin1String("AUTH failed")) && message.contains(QLatin1String("WRONGPASS")),
                 qPrintable(message));
        QCOMPARE(connected.count(), 0);
        QVERIFY(!bad->isConnected());
        bool answered = false;
        bad->command({"GET", "k"}, bad.get(), [&answered](const Reply &) { answered = true; });
        QCOMPARE(bad->queuedCommands(), 1); // waits for a successful AUTH
        QVERIFY(!answered);
    }

    void refusedPortRetriesWithoutBlocking()
    {
        const quint16 port = freePort();
        const LogRecorder log;
        ConnectionOptions options;
        options.reconnectDelayMin = 50ms;
        options.reconnectDelayMax = 800ms;
        auto connection = std::make_unique<Connection>(QStringLiteral("127.0.0.1"), port, options);

        QElapsedTimer clock;
        QList<qint64> errorTimes;
        QObject::connect(connection.get(), &Connection::errorOccurred, connection.get(),
                         [&errorTimes, &clock](const QString &) { errorTimes.append(clock.elapsed()); });
        QSignalSpy errors(connection.get(), &Connection::errorOccurred);
        qint64 lastTick = 0;
        qint64 longestGap = 0;
        int ticks = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
            const qint64 now = clock.elapsed();
            longestGap = std::max(longestGap, now - lastTick);
            lastTick = now;
            ++ticks;
        });
        clock.start();
        ticker.start(10);
        connection->open();

        QTRY_VERIFY_WITH_TIMEOUT(errorTimes.size() >= 5, Timeout);
        ticker.stop();
        QVERIFY2(errors.at(0).at(0).toString().contains(QLatin1String("Connection refused")),
                 qPrintable(errors.at(0).at(0).toString()));
        // 50, 100, 200, 400 ms less up to a quarter: every wait longer than the one before.
        for (int i = 2; i < errorTimes.size(); ++i) {
            QVERIFY2(errorTimes.at(i) - errorTimes.at(i - 1) > errorTimes.at(i - 1) - errorTimes.at(i - 2),
                     qPrintable(QStringLiteral("retry times %1").arg(QString::number(errorTimes.at(i)))));
        }
        QVERIFY2(longestGap < 150, qPrintable(QStringLiteral("the 10 ms timer waited %1 ms").arg(longestGap)));
        QVERIFY(ticks >= int(lastTick / 10 / 2));
        QCOMPARE(log.count(QtWarningMsg), 1); // once per outage, not per attempt

        // close() stops the retries.
        connection->close();
        const qsizetype errorsAtClose = errors.count();
        QTest::qWait(1000);
        QCOMPARE(errors.count(), errorsAtClose);

        // Open again, and Redis appears: connected, and said once.
        QSignalSpy connected(connection.get(), &Connection::connected);
        connection->open();
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() > errorsAtClose, Timeout);
        RedisServer redis;
        QVERIFY(redis.start(port));
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, Timeout);
        QCOMPARE(log.count(QtWarningMsg), 2);
        QCOMPARE(log.count(QtInfoMsg), 1);
    }

    void connectTimeout()
    {
        // A listener whose accept queue is full: the kernel drops further SYNs, so a connect hangs.
        const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        QVERIFY(listener >= 0);
        sockaddr_in address = {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
        QVERIFY(::listen(listener, 0) == 0);
        socklen_t length = sizeof address;
        QVERIFY(::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &length) == 0);
        const quint16 port = ntohs(address.sin_port);
        QTcpSocket fillers[2];
        for (QTcpSocket &filler : fillers)
            filler.connectToHost(QHostAddress::LocalHost, port);
        QTRY_VERIFY_WITH_TIMEOUT(fillers[0].state() == QAbstractSocket::ConnectedState, Timeout);

        ConnectionOptions options;
        options.connectTimeout = 300ms;
        QElapsedTimer clock;
        clock.start();
        auto connection = openConnection(port, options);
        QSignalSpy errors(connection.get(), &Connection::errorOccurred);
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, Timeout);
        QVERIFY2(errors.at(0).at(0).toString().contains(QLatin1String("timed out after 300 ms")),
                 qPrintable(errors.at(0).at(0).toString()));
        QVERIFY(clock.elapsed() >= 290);
        connection.reset();
        ::close(listener);
    }

    void hostilePeer_data()
    {
        QTest::addColumn<QByteArray>("greeting");
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("subscribe");
        QTest::addColumn<QString>("expected");

        const QByteArray deep = QByteArray("*1\r\n").repeated(12) + ":1\r\n";
        QTest::newRow("garbage type byte")
                << QByteArray() << QByteArray("hello\r\n") << false << QStringLiteral("Protocol error");
        QTest::newRow("reply nobody asked for")
                << QByteArray("+OK\r\n") << QByteArray() << false << QStringLiteral("a reply nobody asked for");
        QTest::newRow("bulk string of 2 GB, then silence")
                << QByteArray() << QByteArray("$2147483648\r\n") + QByteArray(4096, 'x') << false
                << QStringLiteral("no reply within 300 ms");
        QTest::newRow("bulk string beyond the reply bound")
                << QByteArray() << QByteArray("$1000000000\r\n") + QByteArray(4 * 1024 * 1024, 'x') << false
                << QStringLiteral("a reply exceeds 1048576 bytes");
        QTest::newRow("array of 2^31 elements")
                << QByteArray() << QByteArray("*2147483647\r\n") << false << QStringLiteral("elements");
        QTest::newRow("nesting too deep") << QByteArray() << deep << false << QStringLiteral("nested multi bulk");
        QTest::newRow("pub/sub message of one element") << QByteArray() << QByteArray("*1\r\n$9\r\nsubscribe\r\n")
                                                        << true << QStringLiteral("malformed pub/sub message");
        QTest::newRow("pub/sub message with a status element")
                << QByteArray() << QByteArray("*3\r\n+message\r\n$1\r\nc\r\n$1\r\np\r\n") << true
                << QStringLiteral("malformed pub/sub message");
        QTest::newRow("unsubscribe confirmation without a count")
                << QByteArray() << QByteArray("*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n$1\r\nx\r\n") << true
                << QStringLiteral("malformed pub/sub message");
    }

    void hostilePeer()
    {
        QFETCH(QByteArray, greeting);
        QFETCH(QByteArray, answer);
        QFETCH(bool, subscribe);
        QFETCH(QString, expected);

        const qint64 residentBefore = residentKiB();
        HostilePeer peer(greeting, answer);
        ConnectionOptions options;
        options.replyTimeout = 300ms;
        options.maxReplyBytes = 1024 * 1024;
        options.reconnectDelayMin = 50ms;
        auto connection = openConnection(peer.port(), options);
        QSignalSpy errors(connection.get(), &Connection::errorOccurred);
        std::optional<Reply> reply;
        QObject context;
        if (subscribe)
            connection->subscribe({"c"});
        else if (greeting.isEmpty()) // else what the peer says first must stay unasked for
            connection->command({"PING"}, &context, [&reply](const Reply &r) { reply = r; });

        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, Timeout);
        const QString message = errors.at(0).at(0).toString();
        QVERIFY2(message.contains(expected), qPrintable(message));
        if (!subscribe && greeting.isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), Timeout);
            QCOMPARE(*reply, Reply::error("ERR connection lost"));
        }
        QTRY_VERIFY_WITH_TIMEOUT(peer.connections() >= 2, Timeout); // closed, then retried
        connection.reset();
        QVERIFY2(residentKiB() - residentBefore < 64 * 1024,
                 qPrintable(QStringLiteral("resident memory grew by %1 KiB").arg(residentKiB() - residentBefore)));
    }

    void callbackOfDeletedContext()
    {
        auto connection = openConnection(m_redis.port());
        bool called = false;
        auto *context = new QObject;
        connection->command({"PING"}, context, [&called](const Reply &) { called = true; });
        delete context;
        QVERIFY(call(*connection, {"PING"})); // answered after the first one
        QVERIFY(!called);

        // The same while the command waits in the queue.
        auto offline = openConnection(freePort());
        context = new QObject;
        offline->command({"PING"}, context, [&called](const Reply &) { called = true; });
        delete context;
        offline->close(); // fails the queue: no callback for the dead context
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void deletedFromItsOwnCallback()
    {
        auto *connection = new Connection(QStringLiteral("127.0.0.1"), m_redis.port());
        connection->open();
        QObject context;
        bool first = false;
        bool second = false;
        connection->command({"PING"}, &context, [&](const Reply &) {
            first = true;
            delete connection;
        });
        connection->command({"PING"}, &context, [&second](const Reply &) { second = true; });
        QTRY_VERIFY_WITH_TIMEOUT(first, Timeout);
        QTest::qWait(50);
        QVERIFY(!second); // the connection is gone, and its callbacks with it
    }
};

QTEST_GUILESS_MAIN(tst_RedisConnection)

#include "tst_redisconnection.moc"
