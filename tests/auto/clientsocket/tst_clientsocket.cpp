// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::ClientSocket: auth, events and acks both ways, binary, middleware errors,
// disconnects, recovery, retries and ackTimeout, volatile emits, buffers, catch-all listeners.

#include "clientfixture.h"

class tst_ClientSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();

    void shouldSendAuth();
    void shouldBufferEmitsBeforeConnect();
    void shouldReceiveAndEmitEvents();
    void shouldAcknowledgeBothWays();
    void shouldTimeoutAfterTheGivenDelayWhenTheServerDoesNotAcknowledge();
    void shouldEmitAndReceiveNestedBinaryData();
    void shouldReceiveConnectErrorFromMiddleware();
    void shouldRejectReservedEventNames();
    void shouldBeDisconnectedByTheServer();
    void shouldDisconnectFromTheServer();
    void shouldRecoverTheConnectionState();
    void shouldSendAuthFromAProviderAtEachConnection();
    void shouldIgnoreASecondOrStaleAuthReply();
    void shouldUseTheDefaultAckTimeout();
    void shouldCallPendingAcksWhenDisconnected();
    void shouldRetryUntilAcknowledged();
    void shouldDiscardAPacketAfterTheRetries();
    void shouldSendQueuedPacketsOneAtATime();
    void shouldResendTheQueuedPacketAfterReconnection();
    void shouldDiscardVolatilePacketsWhenNotConnected();
    void shouldDiscardVolatilePacketsWhenTheTransportIsNotWritable();
    void shouldBufferEventsReceivedBeforeConnect();
    void shouldFlushTheSendBufferThroughOutgoingListenersAfterConnect();
    void shouldRemoveATimedOutPacketFromTheSendBuffer();
    void shouldCallCatchAllListenersInOrder();
    void shouldCallOutgoingCatchAllListeners();
};

void tst_ClientSocket::initTestCase_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("polling") << QStringLiteral("polling");
    QTest::newRow("websocket") << QStringLiteral("websocket");
}

void tst_ClientSocket::shouldSendAuth()
{
    auto io = newServer();
    QVERIFY(io);
    connect(io.get(), &Server::connection, this,
            [](Socket *s) { s->emitEvent(QStringLiteral("auth"), {s->handshake().auth()}); });
    auto client = newClient(*io);
    const QVariantMap auth{{QStringLiteral("token"), QStringLiteral("abc")}, {QStringLiteral("n"), 42}};
    ClientSocket *socket = client->socket(Root, auth);
    QVariantMap echoed;
    socket->on(QStringLiteral("auth"), this,
               [&](const QVariantList &args, const SocketIo::Ack &) { echoed = args.value(0).toMap(); });
    QTRY_VERIFY(!echoed.isEmpty());
    QCOMPARE(echoed.value(QStringLiteral("token")).toString(), QStringLiteral("abc"));
    QCOMPARE(echoed.value(QStringLiteral("n")).toInt(), 42);
    QCOMPARE(socket->auth(), auth);
}

void tst_ClientSocket::shouldBufferEmitsBeforeConnect()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList received;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("early"), this,
              [&](const QVariantList &args, const SocketIo::Ack &) { received.append(args.value(0).toString()); });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QVERIFY(!socket->isConnected());
    QVERIFY(socket->emitEvent(QStringLiteral("early"), {QStringLiteral("one")}));
    QVERIFY(socket->emitEvent(QStringLiteral("early"), {QStringLiteral("two")}));
    QTRY_COMPARE(received, (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
}

void tst_ClientSocket::shouldReceiveAndEmitEvents()
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

void tst_ClientSocket::shouldAcknowledgeBothWays()
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

void tst_ClientSocket::shouldTimeoutAfterTheGivenDelayWhenTheServerDoesNotAcknowledge()
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

void tst_ClientSocket::shouldEmitAndReceiveNestedBinaryData()
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
    socket->on(QStringLiteral("download"), this,
               [&](const QVariantList &args, const SocketIo::Ack &) { download = args; });
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
                        {QVariantMap{{QStringLiteral("file"), other}, {QStringLiteral("list"), QVariantList{1, blob}}}},
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

void tst_ClientSocket::shouldReceiveConnectErrorFromMiddleware()
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

void tst_ClientSocket::shouldRejectReservedEventNames()
{
    auto io = newServer();
    QVERIFY(io);
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("reserved event name")));
    QVERIFY(!socket->emitEvent(QStringLiteral("disconnect")));
    QTRY_VERIFY(socket->isConnected());
}

void tst_ClientSocket::shouldBeDisconnectedByTheServer()
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
    QCOMPARE(SocketIo::ClientSocket::toString(
                     disconnected.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>()),
             QStringLiteral("io server disconnect"));
    QVERIFY(!socket->isActive());
    // no socket is left, so the client closes and does not reconnect
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(client->state(), Client::State::Closed);
    QTRY_COMPARE(io->engine()->clientsCount(), 0);
}

void tst_ClientSocket::shouldDisconnectFromTheServer()
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
    QCOMPARE(SocketIo::ClientSocket::toString(
                     disconnected.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>()),
             QStringLiteral("io client disconnect"));
    QVERIFY(!socket->isConnected());
    QVERIFY(socket->id().isEmpty());
    QTRY_COMPARE(serverSaw.count(), 1);
    QCOMPARE(Socket::toString(serverSaw.at(0).at(0).value<Socket::DisconnectReason>()),
             QStringLiteral("client namespace disconnect"));
    QCOMPARE(client->state(), Client::State::Closed);
}

void tst_ClientSocket::shouldRecoverTheConnectionState()
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
    socket->on(QStringLiteral("tick"), this,
               [&](const QVariantList &args, const SocketIo::Ack &) { ticks.append(args.value(0)); });
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

// ---------------------------------------------------------------------------
// auth

void tst_ClientSocket::shouldSendAuthFromAProviderAtEachConnection()
{
    auto io = newServer();
    QVERIFY(io);
    QVariantList auths;
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        serverSide = s;
        auths.append(s->handshake().auth());
    });
    auto client = newClient(*io);
    client->setAutoConnect(false);
    client->setReconnection(true);
    client->setReconnectionDelay(50ms);
    client->setReconnectionDelayMax(100ms);
    ClientSocket *socket = client->socket();
    int calls = 0;
    ClientSocket::AuthReply pendingReply;
    socket->setAuth(this, [&](const ClientSocket::AuthReply &reply) {
        ++calls;
        pendingReply = reply;
    });
    QVERIFY(socket->hasAuthProvider());
    QVERIFY(socket->auth().isEmpty());
    QSignalSpy connected(socket, &ClientSocket::connected);
    socket->open();
    QTRY_COMPARE(calls, 1);
    QCOMPARE(client->state(), Client::State::Open);
    QVERIFY(!socket->isConnected()); // no CONNECT before the provider answers
    QCOMPARE(io->sockets()->socketCount(), 0);

    // the answer comes later, from the event loop
    QTimer::singleShot(20ms, this, [&] { pendingReply({{QStringLiteral("token"), QStringLiteral("t1")}}); });
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(auths.size(), 1);
    QCOMPARE(auths.at(0).toMap().value(QStringLiteral("token")).toString(), QStringLiteral("t1"));

    // a reconnection asks the provider again
    QVERIFY(serverSide);
    serverSide->conn()->close();
    QTRY_COMPARE(calls, 2);
    QVERIFY(!socket->isConnected());
    pendingReply({{QStringLiteral("token"), QStringLiteral("t2")}});
    QTRY_COMPARE(connected.count(), 2);
    QCOMPARE(auths.size(), 2);
    QCOMPARE(auths.at(1).toMap().value(QStringLiteral("token")).toString(), QStringLiteral("t2"));

    // the value form replaces the provider
    socket->setAuth(QVariantMap{{QStringLiteral("token"), QStringLiteral("fixed")}});
    QVERIFY(!socket->hasAuthProvider());
    serverSide->conn()->close();
    QTRY_COMPARE(connected.count(), 3);
    QCOMPARE(calls, 2);
    QCOMPARE(auths.size(), 3);
    QCOMPARE(auths.at(2).toMap().value(QStringLiteral("token")).toString(), QStringLiteral("fixed"));
}

void tst_ClientSocket::shouldIgnoreASecondOrStaleAuthReply()
{
    auto io = newServer();
    QVERIFY(io);
    QVariantList rootAuths;
    auto pong = [](const QVariantList &, const SocketIo::Ack &ack) { ack.send({QStringLiteral("pong")}); };
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        rootAuths.append(s->handshake().auth());
        s->on(QStringLiteral("ping"), this, pong);
    });
    connect(io->of(QStringLiteral("/other")), &SocketIo::Namespace::connection, this,
            [&](Socket *s) { s->on(QStringLiteral("ping"), this, pong); });
    auto client = newClient(*io);
    client->setAutoConnect(false);
    ClientSocket *root = client->socket();
    ClientSocket *other = client->socket(QStringLiteral("/other"));
    QList<ClientSocket::AuthReply> replies;
    root->setAuth(this, [&](const ClientSocket::AuthReply &reply) { replies.append(reply); });
    auto roundTrip = [this](ClientSocket *socket) {
        bool answered = false;
        socket->emitWithAck(QStringLiteral("ping"), {}, this,
                            [&](const QVariant &, const QVariantList &) { answered = true; });
        return QTest::qWaitFor([&] { return answered; }, 5000);
    };
    root->open();
    other->open();
    QTRY_VERIFY(other->isConnected());
    QCOMPARE(replies.size(), 1);

    // answering twice sends one CONNECT (a second one would be a protocol error)
    replies.at(0)({{QStringLiteral("n"), 1}});
    replies.at(0)({{QStringLiteral("n"), 2}});
    QTRY_VERIFY(root->isConnected());
    QVERIFY(roundTrip(root));
    QCOMPARE(rootAuths.size(), 1);
    QCOMPARE(rootAuths.at(0).toMap().value(QStringLiteral("n")).toInt(), 1);
    QCOMPARE(io->sockets()->socketCount(), 1);

    // a reply for an earlier attempt sends nothing
    root->disconnect();
    root->open();
    QTRY_COMPARE(replies.size(), 2);
    root->disconnect();
    root->open();
    QTRY_COMPARE(replies.size(), 3);
    replies.at(1)({{QStringLiteral("n"), QStringLiteral("stale")}});
    QVERIFY(roundTrip(other));
    QVERIFY(!root->isConnected());
    QCOMPARE(rootAuths.size(), 1);
    replies.at(2)({{QStringLiteral("n"), 3}});
    QTRY_VERIFY(root->isConnected());
    QCOMPARE(rootAuths.size(), 2);
    QCOMPARE(rootAuths.at(1).toMap().value(QStringLiteral("n")).toInt(), 3);

    // a provider whose context is gone is not asked: CONNECT goes without auth
    auto context = std::make_unique<QObject>();
    root->setAuth(context.get(), [&](const ClientSocket::AuthReply &reply) { replies.append(reply); });
    QVERIFY(root->hasAuthProvider());
    context.reset();
    QVERIFY(!root->hasAuthProvider());
    root->disconnect();
    root->open();
    QTRY_VERIFY(root->isConnected());
    QCOMPARE(replies.size(), 3);
    QCOMPARE(rootAuths.size(), 3);
    QVERIFY(rootAuths.at(2).toMap().isEmpty());
}

// ---------------------------------------------------------------------------
// retries and ackTimeout (socket.io-client's test/retry.ts)

void tst_ClientSocket::shouldUseTheDefaultAckTimeout()
{
    auto io = newServer();
    QVERIFY(io);
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QCOMPARE(socket->ackTimeout(), -1ms);
    socket->setAckTimeout(100ms);
    QCOMPARE(socket->ackTimeout(), 100ms);
    QTRY_VERIFY(socket->isConnected());

    QElapsedTimer elapsed;
    elapsed.start();
    QVariant error;
    int calls = 0;
    socket->emitWithAck(QStringLiteral("unknown"), {}, this, [&](const QVariant &e, const QVariantList &) {
        ++calls;
        error = e;
    });
    QTRY_COMPARE(calls, 1);
    QVERIFY2(elapsed.elapsed() >= 90, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(error.toString(), TimedOut);

    // timeout() takes precedence over the default
    socket->setAckTimeout(60s);
    elapsed.restart();
    socket->timeout(50ms).emitWithAck(QStringLiteral("unknown"), {}, this,
                                      [&](const QVariant &e, const QVariantList &) {
                                          ++calls;
                                          error = e;
                                      });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 2, 5000);
    QCOMPARE(error.toString(), TimedOut);
    QVERIFY(elapsed.elapsed() < 5000);
}

void tst_ClientSocket::shouldCallPendingAcksWhenDisconnected()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    int holds = 0;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        serverSide = s;
        s->on(QStringLiteral("hold"), this, [&](const QVariantList &, const SocketIo::Ack &) { ++holds; });
        s->on(QStringLiteral("later"), this,
              [](const QVariantList &args, const SocketIo::Ack &ack) { ack.send(args); });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTRY_VERIFY(socket->isConnected());
    QStringList order;
    connect(socket, &ClientSocket::disconnected, this,
            [&](ClientSocket::DisconnectReason reason) { order.append(ClientSocket::toString(reason)); });
    socket->emitWithAck(QStringLiteral("hold"), {}, this, [&](const QVariant &e, const QVariantList &args) {
        QVERIFY(args.isEmpty());
        order.append(e.toString());
    });
    QTRY_COMPARE(holds, 1);
    QVERIFY(serverSide);
    serverSide->disconnect();
    QTRY_COMPARE(order.size(), 2);
    QCOMPARE(order,
             (QStringList{QStringLiteral("io server disconnect"), QStringLiteral("socket has been disconnected")}));

    // an emit buffered while disconnected keeps its callback until it is sent
    QVariantList answer;
    socket->emitWithAck(QStringLiteral("later"), {5}, this, [&](const QVariant &e, const QVariantList &args) {
        QVERIFY(e.isNull());
        answer = args;
    });
    socket->open();
    QTRY_COMPARE(answer, QVariantList{5});
    QCOMPARE(order.size(), 2);
}

void tst_ClientSocket::shouldRetryUntilAcknowledged()
{
    auto io = newServer();
    QVERIFY(io);
    int received = 0;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("flaky"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
            ++received;
            QVERIFY(ack.isValid());
            QCOMPARE(args, QVariantList{1});
            if (received == 3)
                ack.send({QStringLiteral("ok"), received});
        });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    socket->setRetries(3);
    socket->setAckTimeout(100ms);
    QCOMPARE(socket->retries(), 3);
    int tries = 0;
    socket->onAnyOutgoing(this, [&](const QString &event, const QVariantList &) {
        if (event == QLatin1String("flaky"))
            ++tries;
    });
    QVariant error = QStringLiteral("unset");
    QVariantList answer;
    int calls = 0;
    socket->emitWithAck(QStringLiteral("flaky"), {1}, this, [&](const QVariant &e, const QVariantList &args) {
        ++calls;
        error = e;
        answer = args;
    });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 5000);
    QVERIFY(error.isNull());
    QCOMPARE(answer, (QVariantList{QStringLiteral("ok"), 3}));
    QCOMPARE(received, 3);
    QCOMPARE(tries, 3);
}

void tst_ClientSocket::shouldDiscardAPacketAfterTheRetries()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList seen;
    QVariantList afterArgs;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("never"), this, [&](const QVariantList &, const SocketIo::Ack &ack) {
            QVERIFY(ack.isValid());
            seen.append(QStringLiteral("never"));
        });
        s->on(QStringLiteral("after"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
            QVERIFY(ack.isValid()); // with retries every emit asks for an ack
            seen.append(QStringLiteral("after"));
            afterArgs.append(args.value(0));
            ack.send({args.value(0)});
        });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    socket->setRetries(2);
    socket->setAckTimeout(50ms);
    QVariant neverError;
    int neverCalls = 0;
    socket->emitWithAck(QStringLiteral("never"), {}, this, [&](const QVariant &e, const QVariantList &args) {
        ++neverCalls;
        neverError = e;
        QVERIFY(args.isEmpty());
    });
    QVERIFY(socket->emitEvent(QStringLiteral("after"), {1})); // no callback
    QVariantList answer;
    socket->emitWithAck(QStringLiteral("after"), {2}, this, [&](const QVariant &e, const QVariantList &args) {
        QVERIFY(e.isNull());
        answer = args;
    });
    QTRY_COMPARE_WITH_TIMEOUT(answer, QVariantList{2}, 5000);
    QCOMPARE(neverCalls, 1);
    QCOMPARE(neverError.toString(), TimedOut);
    // one at a time: three tries of the first emit, then the others in order
    QCOMPARE(seen,
             (QStringList{QStringLiteral("never"), QStringLiteral("never"), QStringLiteral("never"),
                          QStringLiteral("after"), QStringLiteral("after")}));
    QCOMPARE(afterArgs, (QVariantList{1, 2}));
}

void tst_ClientSocket::shouldSendQueuedPacketsOneAtATime()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList seen;
    QList<SocketIo::Ack> held;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("step"), this, [&](const QVariantList &args, const SocketIo::Ack &ack) {
            QVERIFY(ack.isValid());
            seen.append(args.value(0).toString());
            held.append(ack);
        });
    });
    connect(io->of(QStringLiteral("/probe")), &SocketIo::Namespace::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("ping"), this, [](const QVariantList &, const SocketIo::Ack &ack) { ack.send(); });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    ClientSocket *probe = client->socket(QStringLiteral("/probe"));
    socket->setRetries(1); // no ackTimeout: each emit waits for its ack
    QTRY_VERIFY(socket->isConnected() && probe->isConnected());
    // the probe namespace shares the connection: what it gets answered was
    // sent after everything the queue had written before
    auto drained = [&] {
        bool answered = false;
        probe->emitWithAck(QStringLiteral("ping"), {}, this,
                           [&](const QVariant &, const QVariantList &) { answered = true; });
        return QTest::qWaitFor([&] { return answered; }, 5000);
    };
    QVariantList last;
    socket->emitEvent(QStringLiteral("step"), {QStringLiteral("a")});
    socket->emitEvent(QStringLiteral("step"), {QStringLiteral("b")});
    socket->emitWithAck(QStringLiteral("step"), {QStringLiteral("c")}, this,
                        [&](const QVariant &e, const QVariantList &args) {
                            QVERIFY(e.isNull());
                            last = args;
                        });
    QVERIFY(drained());
    QCOMPARE(seen, QStringList{QStringLiteral("a")});
    held.takeFirst().send();
    QTRY_COMPARE(seen, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(drained());
    QCOMPARE(seen.size(), 2);
    held.takeFirst().send();
    QTRY_COMPARE(seen, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QVERIFY(last.isEmpty());
    held.takeFirst().send({QStringLiteral("done")});
    QTRY_COMPARE(last, QVariantList{QStringLiteral("done")});
}

void tst_ClientSocket::shouldResendTheQueuedPacketAfterReconnection()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    QList<SocketIo::Ack> held;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        serverSide = s;
        s->on(QStringLiteral("hold"), this, [&](const QVariantList &, const SocketIo::Ack &ack) { held.append(ack); });
    });
    auto client = newClient(*io);
    client->setReconnection(true);
    client->setReconnectionDelay(50ms);
    client->setReconnectionDelayMax(100ms);
    ClientSocket *socket = client->socket();
    socket->setRetries(1);
    QSignalSpy connected(socket, &ClientSocket::connected);
    QTRY_COMPARE(connected.count(), 1);
    int calls = 0;
    QVariant error;
    QVariantList answer;
    socket->emitWithAck(QStringLiteral("hold"), {}, this, [&](const QVariant &e, const QVariantList &args) {
        ++calls;
        error = e;
        answer = args;
    });
    QTRY_COMPARE(held.size(), 1);
    QVERIFY(serverSide);
    serverSide->conn()->close();
    // without ackTimeout the lost ack is no error: the packet goes again on the new connection
    QTRY_COMPARE(connected.count(), 2);
    QTRY_COMPARE(held.size(), 2);
    QCOMPARE(calls, 0);
    held.last().send({QStringLiteral("ok")});
    QTRY_COMPARE(calls, 1);
    QVERIFY(error.isNull());
    QCOMPARE(answer, QVariantList{QStringLiteral("ok")});
}

// ---------------------------------------------------------------------------
// volatile

void tst_ClientSocket::shouldDiscardVolatilePacketsWhenNotConnected()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList seen;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->onAny(this, [&](const QString &event, const QVariantList &args) {
            seen.append(event + QString::number(args.value(0).toInt()));
        });
    });
    auto client = newClient(*io);
    client->setAutoConnect(false);
    ClientSocket *socket = client->socket();
    const SocketIo::ClientSocketEmitter volatileEmitter = socket->asVolatile();
    QVERIFY(volatileEmitter.isVolatile());
    QVERIFY(volatileEmitter.timeout(1s).isVolatile());
    QVERIFY(!socket->timeout(1s).isVolatile());
    QVERIFY(!volatileEmitter.emitEvent(QStringLiteral("v"), {0})); // not connected: dropped
    QVERIFY(socket->emitEvent(QStringLiteral("marker"), {1}));     // buffered
    socket->open();
    QTRY_COMPARE(seen, QStringList{QStringLiteral("marker1")});

    // connected: it goes as soon as the transport can write
    QVERIFY(QTest::qWaitFor([&] { return socket->asVolatile().emitEvent(QStringLiteral("v"), {2}); }, 5000));
    QTRY_COMPARE(seen, (QStringList{QStringLiteral("marker1"), QStringLiteral("v2")}));

    // retries do not apply to volatile packets
    socket->setRetries(3);
    QVERIFY(QTest::qWaitFor([&] { return socket->asVolatile().emitEvent(QStringLiteral("v"), {3}); }, 5000));
    QTRY_COMPARE(seen.size(), 3);
    QCOMPARE(seen.last(), QStringLiteral("v3"));

    socket->disconnect();
    QVERIFY(!socket->asVolatile().emitEvent(QStringLiteral("v"), {4}));
    socket->setRetries(0);
    socket->emitEvent(QStringLiteral("marker"), {5});
    socket->open();
    QTRY_COMPARE(seen.size(), 4);
    QCOMPARE(seen.last(), QStringLiteral("marker5"));
}

void tst_ClientSocket::shouldDiscardVolatilePacketsWhenTheTransportIsNotWritable()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList seen;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->onAny(this, [&](const QString &event, const QVariantList &args) {
            seen.append(event + QString::number(args.value(0).toInt()));
        });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTRY_VERIFY(socket->isConnected());
    QVERIFY(QTest::qWaitFor([&] { return socket->asVolatile().emitEvent(QStringLiteral("v"), {0}); }, 5000));
    // a packet is being written (a POST in flight, or a WebSocket frame not
    // yet handed to the system): the volatile one right behind it is dropped
    QVERIFY(socket->emitEvent(QStringLiteral("busy"), {1, QByteArray(32 * 1024, 'x')}));
    QVERIFY(!socket->asVolatile().emitEvent(QStringLiteral("v"), {2}));
    QVERIFY(socket->emitEvent(QStringLiteral("marker"), {3}));
    QTRY_COMPARE(seen.size(), 3);
    QCOMPARE(seen, (QStringList{QStringLiteral("v0"), QStringLiteral("busy1"), QStringLiteral("marker3")}));
}

// ---------------------------------------------------------------------------
// buffers

void tst_ClientSocket::shouldBufferEventsReceivedBeforeConnect()
{
    QFETCH_GLOBAL(QString, transport);
    // as a server recovering a session does: missed packets first, then CONNECT
    SilentServer scripted(transport == QLatin1String("websocket"),
                          {"42[\"early\",1]", "42[\"early\",2]", "40{\"sid\":\"scripted\"}", "42[\"late\",3]"}, 10000);
    QVERIFY(scripted.port() != 0);
    Client client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(scripted.port())));
    client.setTransports(transport == QLatin1String("websocket") ? Client::Transport::WebSocket
                                                                 : Client::Transport::Polling);
    client.setReconnection(false);
    ClientSocket *socket = client.socket();
    QStringList order;
    auto handler = [&](const QString &name) {
        return [&, name](const QVariantList &args, const SocketIo::Ack &) {
            QVERIFY(socket->isConnected());
            QCOMPARE(socket->id(), QStringLiteral("scripted"));
            order.append(name + QString::number(args.value(0).toInt()));
        };
    };
    socket->on(QStringLiteral("early"), this, handler(QStringLiteral("early")));
    socket->on(QStringLiteral("late"), this, handler(QStringLiteral("late")));
    QStringList any;
    socket->onAny(this, [&](const QString &event, const QVariantList &) { any.append(event); });
    connect(socket, &ClientSocket::connected, this, [&] { order.append(QStringLiteral("connected")); });
    QTRY_COMPARE(order.size(), 4);
    QCOMPARE(order,
             (QStringList{QStringLiteral("early1"), QStringLiteral("early2"), QStringLiteral("connected"),
                          QStringLiteral("late3")}));
    QCOMPARE(any, (QStringList{QStringLiteral("early"), QStringLiteral("early"), QStringLiteral("late")}));
}

void tst_ClientSocket::shouldFlushTheSendBufferThroughOutgoingListenersAfterConnect()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList seen;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->onAny(this, [&](const QString &event, const QVariantList &) { seen.append(event); });
        s->on(QStringLiteral("second"), this,
              [](const QVariantList &args, const SocketIo::Ack &ack) { ack.send(args); });
    });
    auto client = newClient(*io);
    client->setAutoConnect(false);
    ClientSocket *socket = client->socket();
    QStringList outgoing;
    socket->onAnyOutgoing(this, [&](const QString &event, const QVariantList &) {
        QVERIFY(socket->isConnected()); // reported when written, not when buffered
        outgoing.append(event);
    });
    QVariantList answer;
    QVERIFY(socket->emitEvent(QStringLiteral("first")));
    QVERIFY(socket->emitWithAck(QStringLiteral("second"), {7}, this, [&](const QVariant &e, const QVariantList &args) {
        QVERIFY(e.isNull());
        answer = args;
    }));
    QVERIFY(outgoing.isEmpty());
    socket->open();
    QTRY_COMPARE(answer, QVariantList{7});
    QCOMPARE(seen, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    QCOMPARE(outgoing, (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

void tst_ClientSocket::shouldRemoveATimedOutPacketFromTheSendBuffer()
{
    auto io = newServer();
    QVERIFY(io);
    QStringList seen;
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->onAny(this, [&](const QString &event, const QVariantList &) { seen.append(event); });
    });
    auto client = newClient(*io);
    client->setAutoConnect(false);
    ClientSocket *socket = client->socket();
    QVariant error;
    socket->timeout(50ms).emitWithAck(QStringLiteral("gone"), {}, this,
                                      [&](const QVariant &e, const QVariantList &) { error = e; });
    QTRY_COMPARE(error.toString(), TimedOut);
    socket->emitEvent(QStringLiteral("kept"));
    socket->open();
    QTRY_COMPARE(seen, QStringList{QStringLiteral("kept")}); // "gone" would have come first
}

// ---------------------------------------------------------------------------
// catch-all listeners

void tst_ClientSocket::shouldCallCatchAllListenersInOrder()
{
    auto io = newServer();
    QVERIFY(io);
    connect(io.get(), &Server::connection, this, [&](Socket *s) {
        s->on(QStringLiteral("ping-me"), this,
              [s](const QVariantList &args, const SocketIo::Ack &) { s->emitEvent(QStringLiteral("hello"), args); });
    });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    QTRY_VERIFY(socket->isConnected());
    QStringList order;
    QObject a, b;
    auto c = std::make_unique<QObject>();
    socket->onAny(&a, [&](const QString &event, const QVariantList &args) {
        order.append(QStringLiteral("A:") + event + args.value(0).toString());
    });
    socket->prependAny(&b,
                       [&](const QString &event, const QVariantList &) { order.append(QStringLiteral("B:") + event); });
    socket->onAny(c.get(),
                  [&](const QString &event, const QVariantList &) { order.append(QStringLiteral("C:") + event); });
    QSignalSpy received(socket, &ClientSocket::eventReceived);
    socket->emitEvent(QStringLiteral("ping-me"), {QStringLiteral("1")});
    QTRY_COMPARE(received.count(), 1);
    QCOMPARE(order, (QStringList{QStringLiteral("B:hello"), QStringLiteral("A:hello1"), QStringLiteral("C:hello")}));

    order.clear();
    c.reset(); // context gone
    socket->offAny(&a);
    socket->emitEvent(QStringLiteral("ping-me"), {QStringLiteral("2")});
    QTRY_COMPARE(received.count(), 2);
    QCOMPARE(order, QStringList{QStringLiteral("B:hello")});

    order.clear();
    socket->offAny();
    socket->emitEvent(QStringLiteral("ping-me"), {QStringLiteral("3")});
    QTRY_COMPARE(received.count(), 3);
    QVERIFY(order.isEmpty());
}

void tst_ClientSocket::shouldCallOutgoingCatchAllListeners()
{
    auto io = newServer();
    QVERIFY(io);
    QPointer<Socket> serverSide;
    connect(io.get(), &Server::connection, this, [&](Socket *s) { serverSide = s; });
    auto client = newClient(*io);
    ClientSocket *socket = client->socket();
    socket->on(QStringLiteral("ask"), this, [](const QVariantList &, const SocketIo::Ack &ack) { ack.send({1}); });
    QTRY_VERIFY(socket->isConnected());
    QStringList order;
    QVariantList argsSeen;
    QObject a, b;
    auto c = std::make_unique<QObject>();
    socket->onAnyOutgoing(&a, [&](const QString &event, const QVariantList &args) {
        order.append(QStringLiteral("A:") + event);
        argsSeen = args;
    });
    socket->prependAnyOutgoing(
            &b, [&](const QString &event, const QVariantList &) { order.append(QStringLiteral("B:") + event); });
    socket->onAnyOutgoing(
            c.get(), [&](const QString &event, const QVariantList &) { order.append(QStringLiteral("C:") + event); });

    QVERIFY(socket->emitEvent(QStringLiteral("out"), {1, QStringLiteral("x")}));
    QCOMPARE(order, (QStringList{QStringLiteral("B:out"), QStringLiteral("A:out"), QStringLiteral("C:out")}));
    QCOMPARE(argsSeen, (QVariantList{1, QStringLiteral("x")}));

    // acknowledgements are not outgoing events
    order.clear();
    QVERIFY(serverSide);
    QVariantList reply;
    serverSide->emitWithAck(QStringLiteral("ask"), {}, this,
                            [&](const QVariant &, const QVariantList &args) { reply = args; });
    QTRY_COMPARE(reply, QVariantList{1});
    QVERIFY(order.isEmpty());

    c.reset();
    socket->offAnyOutgoing(&a);
    QVERIFY(socket->emitEvent(QStringLiteral("out")));
    QCOMPARE(order, QStringList{QStringLiteral("B:out")});

    order.clear();
    socket->offAnyOutgoing();
    QVERIFY(socket->emitEvent(QStringLiteral("out")));
    QVERIFY(order.isEmpty());
}

// ---------------------------------------------------------------------------
// threads

QTEST_MAIN(tst_ClientSocket)
#include "tst_clientsocket.moc"
