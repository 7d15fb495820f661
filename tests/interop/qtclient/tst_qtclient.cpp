// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Client against a real server process: Node's socket.io 4.8
// (reference-server.mjs) or our sio-test-server, named by SIO_SERVER. Both
// transports. A missing server fails the tests, it never skips them.
// Reconnection kills the server process and starts a new one on the same port.

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace std::chrono_literals;

class tst_QtClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();
    void connectsAndIsWelcomed();
    void eventsAndAcksBothWays();
    void binaryNestedBothWays();
    void middlewareRefusalCarriesData();
    void serverAckTimesOutWhenUnanswered();
    void serverDisconnectReason();
    void reconnectsAfterTheServerRestarts();
    void recoversMissedEventsAfterTheTransportIsCut();
    void clientAckTimesOutWhenTheServerNeverAnswers();
    void retriesUntilTheAckTimeoutGivesUp();

private:
    SocketIo::ClientSocket *connectSocket(const QString &nsp, const QVariantMap &auth = {});
    bool startServer(const QStringList &flags = {}, quint16 port = 0);
    void stopServer(bool kill = false);
    std::unique_ptr<SocketIo::Client> newClient() const;

    std::unique_ptr<QProcess> m_server;
    quint16 m_port = 0;
    std::unique_ptr<SocketIo::Client> m_client;
};

void tst_QtClient::initTestCase_data()
{
    QTest::addColumn<SocketIo::Client::Transports>("transports");
    QTest::newRow("polling") << SocketIo::Client::Transports(SocketIo::Client::Transport::Polling);
    QTest::newRow("websocket") << SocketIo::Client::Transports(SocketIo::Client::Transport::WebSocket);
}

bool tst_QtClient::startServer(const QStringList &flags, quint16 port)
{
    const QString server = qEnvironmentVariable("SIO_SERVER");
    if (server.isEmpty()) {
        qWarning("SIO_SERVER is not set: point it at reference-server.mjs or sio-test-server");
        return false;
    }
    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QStringList args = QStringList{QStringLiteral("--port"), QString::number(port)} + flags;
    if (server.endsWith(QLatin1String(".mjs")))
        m_server->start(qEnvironmentVariable("NODE", QStringLiteral("node")), QStringList{server} + args);
    else
        m_server->start(server, args);
    if (!m_server->waitForStarted(5000)) {
        qWarning("cannot start %s: %s", qPrintable(server), qPrintable(m_server->errorString()));
        return false;
    }
    const QRegularExpression listening(QStringLiteral("LISTENING (\\d+)"));
    QByteArray out;
    const bool ready = QTest::qWaitFor(
            [&] {
                out += m_server->readAllStandardOutput();
                return listening.match(QString::fromUtf8(out)).hasMatch() || m_server->state() == QProcess::NotRunning;
            },
            10000);
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(out));
    if (!ready || !match.hasMatch()) {
        qWarning("the server did not start listening: %s", out.constData());
        return false;
    }
    m_port = quint16(match.captured(1).toUInt());
    return true;
}

void tst_QtClient::stopServer(bool kill)
{
    if (!m_server)
        return;
    if (kill) {
        m_server->kill();
    } else {
        m_server->terminate();
        if (!m_server->waitForFinished(3000))
            m_server->kill();
    }
    m_server->waitForFinished(3000);
    m_server.reset();
}

std::unique_ptr<SocketIo::Client> tst_QtClient::newClient() const
{
    QFETCH_GLOBAL(SocketIo::Client::Transports, transports);
    auto client = std::make_unique<SocketIo::Client>(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
    client->setTransports(transports);
    client->setReconnection(false);
    return client;
}

void tst_QtClient::init()
{
    QVERIFY(startServer());
    m_client = newClient();
}

void tst_QtClient::cleanup()
{
    m_client.reset();
    stopServer();
}

SocketIo::ClientSocket *tst_QtClient::connectSocket(const QString &nsp, const QVariantMap &auth)
{
    SocketIo::ClientSocket *socket = m_client->socket(nsp, auth);
    QSignalSpy connected(socket, &SocketIo::ClientSocket::connected);
    socket->open();
    if (!connected.wait(5000))
        return nullptr;
    return socket;
}

void tst_QtClient::connectsAndIsWelcomed()
{
    QVariantMap welcome;
    SocketIo::ClientSocket *socket =
            m_client->socket(QStringLiteral("/custom"), {{QStringLiteral("token"), QStringLiteral("abc")}});
    socket->on(QStringLiteral("welcome"), this,
               [&welcome](const QVariantList &args, const SocketIo::Ack &) { welcome = args.value(0).toMap(); });
    socket->open();
    QTRY_VERIFY_WITH_TIMEOUT(!welcome.isEmpty(), 5000);
    QCOMPARE(welcome.value(QStringLiteral("nsp")).toString(), QStringLiteral("/custom"));
    QCOMPARE(welcome.value(QStringLiteral("id")).toString(), socket->id());
    QCOMPARE(socket->id().size(), 20);
    QCOMPARE(welcome.value(QStringLiteral("auth")).toMap().value(QStringLiteral("token")).toString(),
             QStringLiteral("abc"));
}

void tst_QtClient::eventsAndAcksBothWays()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    QVariantList echoed;
    socket->on(QStringLiteral("echo"), this,
               [&echoed](const QVariantList &args, const SocketIo::Ack &) { echoed = args; });
    const QVariantList sent{QStringLiteral("text"), 42, true,
                            QVariantMap{{QStringLiteral("nested"), QVariantList{1, 2}}}};
    socket->emitEvent(QStringLiteral("echo"), sent);
    QTRY_VERIFY_WITH_TIMEOUT(!echoed.isEmpty(), 5000);
    QCOMPARE(echoed.value(0).toString(), QStringLiteral("text"));
    QCOMPARE(echoed.value(1).toInt(), 42);
    QCOMPARE(echoed.value(2).toBool(), true);
    QCOMPARE(echoed.value(3).toMap().value(QStringLiteral("nested")).toList().size(), 2);

    // client -> server ack
    QVariantList answer;
    bool answered = false;
    socket->emitWithAck(QStringLiteral("ack"), {QStringLiteral("a"), 1}, this,
                        [&](const QVariant &error, const QVariantList &args) {
                            QVERIFY(!error.isValid() || error.isNull());
                            answer = args;
                            answered = true;
                        });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 5000);
    QCOMPARE(answer, (QVariantList{QStringLiteral("a"), 1}));

    // server -> client ack: the server asks "question" and reports our answer
    socket->on(QStringLiteral("question"), this,
               [](const QVariantList &args, const SocketIo::Ack &ack) { ack.send({args.value(0).toInt() + 1}); });
    QVariantList report;
    socket->emitWithAck(QStringLiteral("server-ack"), {2000}, this,
                        [&report](const QVariant &, const QVariantList &args) { report = args; });
    QTRY_VERIFY_WITH_TIMEOUT(!report.isEmpty(), 5000);
    QVERIFY(report.value(0).isNull());
    QCOMPARE(report.value(1).toList().value(0).toInt(), 43);
}

void tst_QtClient::binaryNestedBothWays()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    QByteArray all(256, Qt::Uninitialized);
    for (int i = 0; i < 256; ++i)
        all[i] = char(i);
    QVariantList back;
    socket->on(QStringLiteral("binary-echo"), this,
               [&back](const QVariantList &args, const SocketIo::Ack &) { back = args; });
    socket->emitEvent(
            QStringLiteral("binary-echo"),
            {QVariantMap{{QStringLiteral("list"), QVariantList{all, QStringLiteral("x")}}}, QByteArray("\x01\x02", 2)});
    QTRY_VERIFY_WITH_TIMEOUT(!back.isEmpty(), 5000);
    QCOMPARE(back.value(0).toMap().value(QStringLiteral("list")).toList().value(0).toByteArray(), all);
    QCOMPARE(back.value(1).toByteArray(), QByteArray("\x01\x02", 2));
}

void tst_QtClient::middlewareRefusalCarriesData()
{
    SocketIo::ClientSocket *socket = m_client->socket(QStringLiteral("/auth"));
    QSignalSpy refused(socket, &SocketIo::ClientSocket::connectError);
    socket->open();
    QVERIFY(refused.wait(5000));
    QCOMPARE(refused.first().at(0).toString(), QStringLiteral("unauthorized"));
    QCOMPARE(refused.first().at(1).toMap().value(QStringLiteral("code")).toInt(), 401);
    // A manager keeps one socket per namespace: the right token goes through a new manager.
    QFETCH_GLOBAL(SocketIo::Client::Transports, transports);
    SocketIo::Client other(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
    other.setTransports(transports);
    other.setReconnection(false);
    SocketIo::ClientSocket *admitted =
            other.socket(QStringLiteral("/auth"), {{QStringLiteral("token"), QStringLiteral("secret")}});
    QSignalSpy connected(admitted, &SocketIo::ClientSocket::connected);
    admitted->open();
    QVERIFY(connected.wait(5000));
}

void tst_QtClient::serverAckTimesOutWhenUnanswered()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    // No "question" handler: the server's ack times out and it reports the error.
    QVariantList report;
    socket->emitWithAck(QStringLiteral("server-ack"), {200}, this,
                        [&report](const QVariant &, const QVariantList &args) { report = args; });
    QTRY_VERIFY_WITH_TIMEOUT(!report.isEmpty(), 5000);
    QCOMPARE(report.value(0).toString(), QStringLiteral("operation has timed out"));
}

void tst_QtClient::serverDisconnectReason()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    QSignalSpy gone(socket, &SocketIo::ClientSocket::disconnected);
    socket->emitEvent(QStringLiteral("disconnect-me"), {false});
    QVERIFY(gone.wait(5000));
    QCOMPARE(SocketIo::ClientSocket::toString(gone.first().first().value<SocketIo::ClientSocket::DisconnectReason>()),
             QStringLiteral("io server disconnect"));
}

void tst_QtClient::reconnectsAfterTheServerRestarts()
{
    m_client->setReconnection(true);
    m_client->setReconnectionDelay(100ms);
    m_client->setReconnectionDelayMax(300ms);
    m_client->setAutoConnect(false);
    SocketIo::ClientSocket *socket = m_client->socket(QStringLiteral("/"));
    int authCalls = 0;
    socket->setAuth(this, [&authCalls](const SocketIo::ClientSocket::AuthReply &reply) {
        ++authCalls;
        reply({{QStringLiteral("token"), QStringLiteral("t%1").arg(authCalls)}});
    });
    QList<QVariantMap> welcomes;
    socket->on(QStringLiteral("welcome"), this, [&welcomes](const QVariantList &args, const SocketIo::Ack &) {
        welcomes.append(args.value(0).toMap());
    });
    QSignalSpy connected(socket, &SocketIo::ClientSocket::connected);
    QSignalSpy disconnected(socket, &SocketIo::ClientSocket::disconnected);
    QSignalSpy attempts(m_client.get(), &SocketIo::Client::reconnectAttempt);
    QSignalSpy reconnectErrors(m_client.get(), &SocketIo::Client::reconnectError);
    QSignalSpy reconnected(m_client.get(), &SocketIo::Client::reconnected);
    socket->open();
    QTRY_COMPARE_WITH_TIMEOUT(welcomes.size(), 1, 5000);
    const QString firstId = socket->id();
    QCOMPARE(welcomes.at(0).value(QStringLiteral("auth")).toMap().value(QStringLiteral("token")).toString(),
             QStringLiteral("t1"));

    // the process dies without a word: the client sees its transport go
    const quint16 port = m_port;
    stopServer(true);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    const QString reason = SocketIo::ClientSocket::toString(
            disconnected.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>());
    QVERIFY2(reason == QLatin1String("transport close") || reason == QLatin1String("transport error"),
             qPrintable(reason));
    QTRY_VERIFY_WITH_TIMEOUT(reconnectErrors.count() >= 1, 5000); // nobody listens for a while
    QVERIFY(attempts.count() >= 1);
    QCOMPARE(attempts.at(0).at(0).toInt(), 1);
    QCOMPARE(reconnected.count(), 0);

    QVERIFY(startServer({}, port));
    QCOMPARE(m_port, port);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 15000);
    QCOMPARE(reconnected.count(), 1);
    const int attemptsMade = reconnected.at(0).at(0).toInt();
    QVERIFY(attemptsMade >= 2);
    QCOMPARE(attempts.count(), attemptsMade);
    QCOMPARE(attempts.last().at(0).toInt(), attemptsMade);
    QVERIFY(socket->id() != firstId);
    QVERIFY(!socket->recovered());
    QTRY_COMPARE_WITH_TIMEOUT(welcomes.size(), 2, 5000);
    QCOMPARE(welcomes.at(1).value(QStringLiteral("id")).toString(), socket->id());
    // the auth provider was asked again for the new connection
    QCOMPARE(welcomes.at(1).value(QStringLiteral("auth")).toMap().value(QStringLiteral("token")).toString(),
             QStringLiteral("t%1").arg(authCalls));
    QVERIFY(authCalls >= 2);

    // and the connection works
    QVariantList answer;
    socket->emitWithAck(QStringLiteral("ack"), {QStringLiteral("back")}, this,
                        [&answer](const QVariant &, const QVariantList &args) { answer = args; });
    QTRY_COMPARE_WITH_TIMEOUT(answer, QVariantList{QStringLiteral("back")}, 5000);
}

void tst_QtClient::recoversMissedEventsAfterTheTransportIsCut()
{
    m_client.reset();
    stopServer();
    QVERIFY(startServer({QStringLiteral("--recovery"), QStringLiteral("5000")}));
    m_client = newClient();
    m_client->setReconnection(true);
    m_client->setReconnectionDelay(1000ms); // the missed events are emitted meanwhile
    m_client->setReconnectionDelayMax(1000ms);
    m_client->setRandomizationFactor(0);
    SocketIo::ClientSocket *socket = m_client->socket(QStringLiteral("/"));
    QList<QVariantMap> welcomes;
    socket->on(QStringLiteral("welcome"), this, [&welcomes](const QVariantList &args, const SocketIo::Ack &) {
        welcomes.append(args.value(0).toMap());
    });
    QVariantList ticks;
    socket->on(QStringLiteral("tick"), this, [&ticks, socket](const QVariantList &args, const SocketIo::Ack &) {
        // with recovery the server appends the packet offset as a last argument
        QCOMPARE(args.size(), 2);
        QCOMPARE(args.value(1).userType(), QMetaType::QString);
        QVERIFY(socket->isConnected());
        ticks.append(args.value(0));
    });
    QSignalSpy connected(socket, &SocketIo::ClientSocket::connected);
    QSignalSpy disconnected(socket, &SocketIo::ClientSocket::disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(welcomes.size(), 1, 5000);
    QVERIFY(!socket->recovered());
    QCOMPARE(welcomes.at(0).value(QStringLiteral("recovered")).toBool(), false);
    const QString firstId = socket->id();

    // a second client makes the server emit to everyone
    auto other = newClient();
    SocketIo::ClientSocket *emitter = other->socket(QStringLiteral("/"));
    QSignalSpy otherConnected(emitter, &SocketIo::ClientSocket::connected);
    QVERIFY(otherConnected.wait(5000));
    auto broadcastTick = [this, emitter](int n) {
        emitter->emitEvent(QStringLiteral("io-emit"), {QStringLiteral("tick"), n});
        bool done = false; // in order after the io-emit
        emitter->emitWithAck(QStringLiteral("ack"), {}, this,
                             [&done](const QVariant &, const QVariantList &) { done = true; });
        return QTest::qWaitFor([&done] { return done; }, 5000);
    };
    QVERIFY(broadcastTick(1));
    QTRY_COMPARE_WITH_TIMEOUT(ticks, QVariantList{1}, 5000);

    socket->emitEvent(QStringLiteral("close-transport"));
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, 5000);
    QCOMPARE(SocketIo::ClientSocket::toString(
                     disconnected.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>()),
             QStringLiteral("transport close"));
    QVERIFY(broadcastTick(2));      // missed
    QVERIFY(broadcastTick(3));      // missed
    QCOMPARE(connected.count(), 1); // still away
    QCOMPARE(ticks, QVariantList{1});

    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 10000);
    QVERIFY(socket->recovered());
    QCOMPARE(socket->id(), firstId);
    QTRY_COMPARE_WITH_TIMEOUT(ticks, (QVariantList{1, 2, 3}), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(welcomes.size(), 2, 5000);
    QCOMPARE(welcomes.at(1).value(QStringLiteral("recovered")).toBool(), true);
    QCOMPARE(welcomes.at(1).value(QStringLiteral("id")).toString(), firstId);

    // live events after the recovery
    QVERIFY(broadcastTick(4));
    QTRY_COMPARE_WITH_TIMEOUT(ticks, (QVariantList{1, 2, 3, 4}), 5000);
}

void tst_QtClient::clientAckTimesOutWhenTheServerNeverAnswers()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    // events without a handler are never acknowledged
    QElapsedTimer elapsed;
    elapsed.start();
    QVariant error;
    int calls = 0;
    socket->timeout(300ms).emitWithAck(QStringLiteral("nobody-listens"), {1}, this,
                                       [&](const QVariant &e, const QVariantList &args) {
                                           ++calls;
                                           error = e;
                                           QVERIFY(args.isEmpty());
                                       });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 5000);
    QVERIFY2(elapsed.elapsed() >= 290, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(error.toString(), QStringLiteral("operation has timed out"));

    // the socket-wide default does the same; an answer in time is no error
    socket->setAckTimeout(200ms);
    socket->emitWithAck(QStringLiteral("nobody-listens"), {}, this, [&](const QVariant &e, const QVariantList &) {
        ++calls;
        error = e;
    });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 2, 5000);
    QCOMPARE(error.toString(), QStringLiteral("operation has timed out"));
    QVariantList answer;
    socket->emitWithAck(QStringLiteral("ack"), {QStringLiteral("quick")}, this,
                        [&](const QVariant &e, const QVariantList &args) {
                            ++calls;
                            error = e;
                            answer = args;
                        });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 3, 5000);
    QVERIFY(error.isNull());
    QCOMPARE(answer, QVariantList{QStringLiteral("quick")});
    QVERIFY(socket->isConnected());
}

void tst_QtClient::retriesUntilTheAckTimeoutGivesUp()
{
    SocketIo::ClientSocket *socket = connectSocket(QStringLiteral("/"));
    QVERIFY(socket);
    socket->setRetries(2);
    socket->setAckTimeout(200ms);
    // "echo" answers with an event, never with an ack: each try comes back once
    int echoes = 0;
    socket->on(QStringLiteral("echo"), this, [&echoes](const QVariantList &args, const SocketIo::Ack &) {
        QCOMPARE(args, QVariantList{QStringLiteral("again")});
        ++echoes;
    });
    QVariant error;
    int calls = 0;
    socket->emitWithAck(QStringLiteral("echo"), {QStringLiteral("again")}, this,
                        [&](const QVariant &e, const QVariantList &) {
                            ++calls;
                            error = e;
                        });
    // queued behind it, sent once it is given up
    QVariantList answer;
    socket->emitWithAck(QStringLiteral("ack"), {QStringLiteral("next")}, this,
                        [&](const QVariant &e, const QVariantList &args) {
                            QVERIFY(e.isNull());
                            answer = args;
                        });
    QTRY_COMPARE_WITH_TIMEOUT(answer, QVariantList{QStringLiteral("next")}, 10000);
    QCOMPARE(calls, 1);
    QCOMPARE(error.toString(), QStringLiteral("operation has timed out"));
    QCOMPARE(echoes, 3); // the first try and two retries
}

QTEST_MAIN(tst_QtClient)
#include "tst_qtclient.moc"
