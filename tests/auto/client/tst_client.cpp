// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Client (the Manager): connecting over each transport and TLS, the upgrade,
// one connection for several namespaces, heartbeats, reconnection, threads.

#include "clientfixture.h"

class tst_Client : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();

    void shouldConnectToLocalhost();
    void shouldUpgradeFromPollingToWebSocket();
    void shouldSendExtraQueryAndHeaders();
    void shouldConnectOverTls();
    void shouldConnectTwoNamespacesOverOneConnection();
    void shouldAnswerPings();
    void shouldCloseOnPingTimeout();
    void shouldReconnectToANewServerOnTheSamePort();
    void shouldFailToReconnectAfterAttempts();
    void shouldDeliverEveryCallbackOnTheClientThreadUnderLoad();
    void shouldSpeakTheMsgpackParser();
    void shouldBeRefusedByAServerOfTheOtherParser();
};

void tst_Client::initTestCase_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("polling") << QStringLiteral("polling");
    QTest::newRow("websocket") << QStringLiteral("websocket");
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
    serverSide->on(QStringLiteral("after"), this,
                   [&](const QVariantList &args, const SocketIo::Ack &) { received = args; });
    socket->emitEvent(QStringLiteral("after"), {QStringLiteral("upgrade")});
    QTRY_COMPARE(received, QVariantList{QStringLiteral("upgrade")});
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
    socket->on(QStringLiteral("echo"), this,
               [&](const QVariantList &args, const SocketIo::Ack &) { echoed = args.value(0).toString(); });
    QTRY_VERIFY(socket->isConnected());
    QVERIFY(serverSide);
    QVERIFY(serverSide->handshake().secure());
    serverSide->emitEvent(QStringLiteral("echo"), {QStringLiteral("over tls")});
    QTRY_COMPARE(echoed, QStringLiteral("over tls"));
    client.close();
    QTRY_VERIFY(!serverSide);
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
    main->on(QStringLiteral("where"), this,
             [&](const QVariantList &a, const SocketIo::Ack &) { mainWhere = a.value(0).toString(); });
    chat->on(QStringLiteral("where"), this,
             [&](const QVariantList &a, const SocketIo::Ack &) { chatWhere = a.value(0).toString(); });
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
    QCOMPARE(SocketIo::ClientSocket::toString(
                     disconnected.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>()),
             QStringLiteral("ping timeout"));
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
    const QString reason = SocketIo::ClientSocket::toString(
            disconnected.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>());
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

void tst_Client::shouldDeliverEveryCallbackOnTheClientThreadUnderLoad()
{
    QFETCH_GLOBAL(QString, transport);
    // the server runs its own event loop on another thread
    QThread serverThread;
    serverThread.setObjectName(QStringLiteral("server"));
    auto *worker = new QObject;
    worker->moveToThread(&serverThread);
    connect(&serverThread, &QThread::finished, worker, &QObject::deleteLater);
    serverThread.start();
    Server *io = nullptr;
    quint16 port = 0;
    QMutex serverMutex;
    QList<QThread *> serverThreads;
    QMetaObject::invokeMethod(
            worker,
            [&] {
                io = new Server;
                if (!io->listen(QHostAddress::LocalHost, 0))
                    return;
                port = io->serverPort();
                connect(io, &Server::connection, io, [&](Socket *s) {
                    auto record = [&] {
                        QMutexLocker lock(&serverMutex);
                        serverThreads.append(QThread::currentThread());
                    };
                    record();
                    s->on(QStringLiteral("echo"), s, [s, record](const QVariantList &args, const SocketIo::Ack &) {
                        record();
                        s->emitEvent(QStringLiteral("echo"), args);
                    });
                    s->on(QStringLiteral("ack"), s, [record](const QVariantList &args, const SocketIo::Ack &ack) {
                        record();
                        ack.send(args);
                    });
                    s->on(QStringLiteral("kick"), s,
                          [s](const QVariantList &, const SocketIo::Ack &) { s->conn()->close(); });
                    s->emitWithAck(QStringLiteral("question"), {41}, s,
                                   [record](const QVariant &, const QVariantList &) { record(); });
                });
            },
            Qt::BlockingQueuedConnection);
    QVERIFY(io);
    QVERIFY(port != 0);

    // the client's thread is kept busy: a 1 ms spin on every loop iteration, and 10 ms bursts
    auto spin = [](int ms) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {}
    };
    QTimer busy;
    busy.setInterval(0);
    connect(&busy, &QTimer::timeout, this, [&] { spin(1); });
    QTimer burst;
    burst.setInterval(25);
    connect(&burst, &QTimer::timeout, this, [&] { spin(10); });
    busy.start();
    burst.start();

    constexpr int Count = 20;
    QList<QPair<QString, QThread *>> calls;
    auto record = [&](const QString &what) { calls.append({what, QThread::currentThread()}); };
    {
        Client client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        client.setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                     : Client::Transport::Polling);
        client.setAutoConnect(false);
        client.setReconnectionDelay(50ms);
        client.setReconnectionDelayMax(100ms);
        connect(&client, &Client::opened, this, [&] { record(QStringLiteral("opened")); });
        connect(&client, &Client::closed, this, [&] { record(QStringLiteral("closed")); });
        connect(&client, &Client::reconnectAttempt, this, [&] { record(QStringLiteral("reconnectAttempt")); });
        connect(&client, &Client::reconnected, this, [&] { record(QStringLiteral("reconnected")); });
        ClientSocket *socket = client.socket();
        socket->setAuth(this, [&](const ClientSocket::AuthReply &reply) {
            record(QStringLiteral("auth"));
            QTimer::singleShot(5ms, this, [reply] { reply({{QStringLiteral("token"), QStringLiteral("t")}}); });
        });
        int connects = 0, disconnects = 0, echoes = 0, acks = 0, timeouts = 0, questions = 0;
        connect(socket, &ClientSocket::connected, this, [&] {
            record(QStringLiteral("connected"));
            ++connects;
        });
        connect(socket, &ClientSocket::disconnected, this, [&] {
            record(QStringLiteral("disconnected"));
            ++disconnects;
        });
        connect(socket, &ClientSocket::eventReceived, this, [&] { record(QStringLiteral("eventReceived")); });
        socket->onAny(this, [&](const QString &, const QVariantList &) { record(QStringLiteral("any")); });
        socket->onAnyOutgoing(this,
                              [&](const QString &, const QVariantList &) { record(QStringLiteral("anyOutgoing")); });
        socket->on(QStringLiteral("echo"), this, [&](const QVariantList &, const SocketIo::Ack &) {
            record(QStringLiteral("echo"));
            ++echoes;
        });
        socket->on(QStringLiteral("question"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
            record(QStringLiteral("question"));
            ++questions;
            ack.send({args.value(0).toInt() + 1});
        });
        socket->open();
        QTRY_COMPARE_WITH_TIMEOUT(connects, 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(questions, 1, 10000);

        for (int i = 0; i < Count; ++i) {
            socket->emitEvent(QStringLiteral("echo"), {i});
            socket->emitWithAck(QStringLiteral("ack"), {i}, this, [&, i](const QVariant &e, const QVariantList &args) {
                record(QStringLiteral("ack"));
                if (e.isNull() && args == QVariantList{i})
                    ++acks;
            });
            if (i % 5 == 0)
                spin(5); // bursts between emits, too
        }
        socket->timeout(100ms).emitWithAck(QStringLiteral("unanswered"), {}, this,
                                           [&](const QVariant &e, const QVariantList &) {
                                               record(QStringLiteral("ackTimeout"));
                                               if (e.toString() == TimedOut)
                                                   ++timeouts;
                                           });
        QTRY_VERIFY_WITH_TIMEOUT(echoes == Count && acks == Count && timeouts == 1, 10000);

        // the server drops the connection: reconnection, a new CONNECT with a new auth
        socket->emitEvent(QStringLiteral("kick"));
        QTRY_COMPARE_WITH_TIMEOUT(connects, 2, 10000);
        QCOMPARE(disconnects, 1);
        QTRY_COMPARE_WITH_TIMEOUT(questions, 2, 10000);

        socket->disconnect();
        QCOMPARE(disconnects, 2);
        busy.stop();
        burst.stop();
    }

    QMetaObject::invokeMethod(
            worker, [&] { delete io; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    QVERIFY(serverThread.wait(5000));

    QSet<QString> kinds;
    for (const auto &[what, thread] : std::as_const(calls)) {
        QVERIFY2(thread == QThread::currentThread(), qPrintable(what + QStringLiteral(" ran on another thread")));
        kinds.insert(what);
    }
    const QStringList expected{
            QStringLiteral("opened"),       QStringLiteral("closed"),        QStringLiteral("reconnectAttempt"),
            QStringLiteral("reconnected"),  QStringLiteral("auth"),          QStringLiteral("connected"),
            QStringLiteral("disconnected"), QStringLiteral("eventReceived"), QStringLiteral("any"),
            QStringLiteral("anyOutgoing"),  QStringLiteral("echo"),          QStringLiteral("question"),
            QStringLiteral("ack"),          QStringLiteral("ackTimeout")};
    for (const QString &kind : expected)
        QVERIFY2(kinds.contains(kind), qPrintable(kind + QStringLiteral(" never happened")));
    QMutexLocker lock(&serverMutex);
    QVERIFY(serverThreads.size() >= 2 + 2 * Count);
    for (QThread *thread : std::as_const(serverThreads))
        QCOMPARE(thread, &serverThread);
}

void tst_Client::shouldSpeakTheMsgpackParser()
{
    SocketIo::ServerOptions options;
    options.setParser(SocketIo::ServerOptions::Parser::Msgpack);
    auto io = newServer(0, options);
    QVERIFY(io);
    QVariantMap auth;
    QVariantList received;
    connect(io->of(QStringLiteral("/chat")), &SocketIo::Namespace::connection, this, [&](Socket *s) {
        auth = s->handshake().auth();
        s->on(QStringLiteral("echo"), s, [s, &received](const QVariantList &a, const SocketIo::Ack &ack) {
            received = a;
            ack.send(a);
            s->emitEvent(QStringLiteral("echo"), a);
        });
    });
    auto client = newClient(*io);
    client->setParser(Client::Parser::Msgpack);
    QCOMPARE(client->parser(), Client::Parser::Msgpack);
    ClientSocket *chat = client->socket(QStringLiteral("/chat"), {{QStringLiteral("token"), QStringLiteral("t")}});
    QVariantList pushed;
    chat->on(QStringLiteral("echo"), this, [&](const QVariantList &a, const SocketIo::Ack &) { pushed = a; });
    QTRY_VERIFY(chat->isConnected());
    QCOMPARE(auth.value(QStringLiteral("token")), QVariant(QStringLiteral("t")));

    const QVariantList args{QStringLiteral("x"), QByteArray("\x00\x01", 2),
                            QVariantMap{{QStringLiteral("deep"), QVariantList{QByteArray("b")}}}};
    QVariantList answer;
    QVERIFY(chat->emitWithAck(QStringLiteral("echo"), args, this,
                              [&](const QVariant &, const QVariantList &a) { answer = a; }));
    QTRY_COMPARE(answer, args);
    QCOMPARE(received, args);
    QTRY_COMPARE(pushed, args);
}

void tst_Client::shouldBeRefusedByAServerOfTheOtherParser()
{
    SocketIo::ServerOptions options;
    options.setParser(SocketIo::ServerOptions::Parser::Msgpack);
    auto io = newServer(0, options);
    QVERIFY(io);
    auto client = newClient(*io);
    QCOMPARE(client->parser(), Client::Parser::Default);
    QSignalSpy closed(client.get(), &Client::closed);
    ClientSocket *socket = client->socket();
    QTRY_COMPARE(closed.count(), 1); // its text CONNECT closes the connection
    QVERIFY(!socket->isConnected());
}

QTEST_MAIN(tst_Client)
#include "tst_client.moc"
