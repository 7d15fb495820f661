// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Socket over real connections on 127.0.0.1, driven by the test
// kit's RawSioClient; every test runs over polling and over WebSocket.
// Names follow socket.io's test/socket.ts, socket-middleware.ts,
// socket-timeout.ts and messaging-many.ts where a case applies.

#include <rawsioclient.h>
#include <siotestutil.h>

#include <SocketIo/Ack>
#include <SocketIo/Adapter>
#include <SocketIo/EngineSocket>
#include <SocketIo/Handshake>
#include <SocketIo/Namespace>
#include <SocketIo/Server>
#include <SocketIo/ServerOptions>
#include <SocketIo/Socket>

#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace std::chrono_literals;
using SocketIo::Socket;
using SocketIoTest::RawSioClient;
using Reason = SocketIo::Socket::DisconnectReason;

namespace {

const QString Root = QStringLiteral("/");
const QString TimedOut = QStringLiteral("operation has timed out");

} // namespace

class tst_Socket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();

    // ids and the connection
    void shouldHaveAnAccessibleSocketIdEqualToTheServerSideSocketId();
    void shouldHaveAccessToTheConnection();

    // receiving: on(), off(), contexts, acknowledgements
    void shouldReceiveEvents();
    void shouldReceiveEventsWithArgsAndCallback();
    void ackIsInvalidWhenTheClientAskedForNone();
    void handlerIsDroppedWhenItsContextIsDestroyed();
    void offRemovesHandlers();
    void shouldReceiveEventsWithSeveralTypesOfDataIncludingBinary();
    void shouldReceiveEventsAndPassBinaryDataInACallback();

    // onAny() and onAnyOutgoing()
    void onAnyShouldCallListener();
    void onAnyShouldPrependListener();
    void onAnyShouldRemoveListener();
    void onAnyOutgoingShouldCallListener();
    void onAnyOutgoingShouldCallListenerWhenBroadcasting();
    void onAnyOutgoingShouldPrependListener();
    void onAnyOutgoingShouldRemoveListener();

    // packet middleware
    void socketMiddlewareShouldCallFunctions();
    void socketMiddlewareShouldPassErrors();
    void socketMiddlewareMayAnswerLater();
    void shouldIgnoreAPacketReceivedAfterDisconnection();

    // emitting
    void shouldEmitEvents();
    void shouldEmitEventsWithBinaryData();
    void shouldThrowOnReservedEvent();
    void shouldEmitAnEventAndWaitForTheAcknowledgement();
    void shouldEmitEventsAndReceiveBinaryDataInACallback();
    void shouldTimeoutIfTheClientDoesNotAcknowledgeTheEvent();
    void shouldTimeoutIfTheClientDoesNotAcknowledgeTheEventInTime();
    void shouldNotTimeoutIfTheClientDoesAcknowledgeTheEvent();
    void emitWithAckWithoutContextIsAnswered();
    void emitOnADisconnectedSocketIsRefused();

    // rooms and broadcasting from a socket
    void keepsTrackOfRooms();
    void shouldNotJoinRoomsAfterDisconnection();
    void emitsToRooms();
    void emitsToRoomsAvoidingDupes();
    void broadcastsToRooms();
    void emitsToTheRest();
    void shouldExcludeSpecificSocketsWhenBroadcasting();
    void shouldExcludeASpecificRoomWhenBroadcasting();

    // disconnection
    void serverDisconnectSendsDisconnectToTheClient();
    void shouldFireADisconnectingEventJustBeforeLeavingAllRooms();
    void clientTransportCloseIsReported();
    void shouldDisconnectAllNamespacesWhenCallingDisconnectTrue();
    void shouldNotCrashWithRawBinary();
    void heartbeatsKeepTheSocketConnected();

    // handshake and data
    void handshakeHasAuthAndQuery();
    void shouldSeeQueryParametersSentFromSecondaryNamespaceConnectionsInHandshakeObject();
    void dataChangedOnlyOnChange();
};

void tst_Socket::initTestCase_data()
{
    SocketIoTest::addTransportRows();
}

void tst_Socket::shouldHaveAnAccessibleSocketIdEqualToTheServerSideSocketId()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QCOMPARE(peer->client->sid(), peer->socket->id());
    QCOMPARE(peer->socket->id().size(), 20);
    QVERIFY(peer->socket->id() != peer->client->engineId());
    QVERIFY(peer->socket->isConnected());
    QCOMPARE(peer->socket->nsp(), io->sockets());
    QCOMPARE(peer->socket->rooms(), QStringList{peer->socket->id()});
}

void tst_Socket::shouldHaveAccessToTheConnection()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QVERIFY(peer->socket->conn());
    QCOMPARE(peer->socket->conn()->id(), peer->client->engineId());
}

void tst_Socket::shouldReceiveEvents()
{
    QVariantList received;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy eventReceived(peer->socket.data(), &Socket::eventReceived);
    peer->socket->on(QStringLiteral("random"), peer->socket,
                     [&received](const QVariantList &args, const SocketIo::Ack &) { received = args; });
    peer->client->emitEvent(Root, QStringLiteral("random"), {1, QStringLiteral("2"), QVariantList{3}});
    QTRY_COMPARE(received.size(), 3);
    QCOMPARE(received.at(0).toInt(), 1);
    QCOMPARE(received.at(1).toString(), QStringLiteral("2"));
    QCOMPARE(received.at(2).toList().size(), 1);
    QCOMPARE(received.at(2).toList().at(0).toInt(), 3);
    QCOMPARE(eventReceived.size(), 1);
    QCOMPARE(eventReceived.at(0).at(0).toString(), QStringLiteral("random"));
}

// The Ack answers the client once; a second send() is refused and sends nothing.
void tst_Socket::shouldReceiveEventsWithArgsAndCallback()
{
    QVariantList args;
    bool valid = false;
    qint64 ackId = -1;
    bool first = false;
    bool second = true;
    bool sent = false;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy acks(peer->client.get(), &RawSioClient::ack);
    peer->socket->on(QStringLiteral("woot"), peer->socket, [&](const QVariantList &a, const SocketIo::Ack &ack) {
        args = a;
        valid = ack.isValid();
        ackId = ack.id();
        first = ack.send({1, 2});
        second = ack({3});
        sent = ack.isSent();
    });
    peer->client->emitEvent(Root, QStringLiteral("woot"), {1, 2}, 7);
    QTRY_COMPARE(acks.size(), 1);
    QCOMPARE(args, (QVariantList{1, 2}));
    QVERIFY(valid);
    QCOMPARE(ackId, 7);
    QVERIFY(first);
    QVERIFY(!second);
    QVERIFY(sent);
    QCOMPARE(acks.at(0).at(0).toString(), Root);
    QCOMPARE(acks.at(0).at(1).toLongLong(), 7);
    const QVariantList reply = acks.at(0).at(2).toList();
    QCOMPARE(reply.size(), 2);
    QCOMPARE(reply.at(0).toInt(), 1);
    QCOMPARE(reply.at(1).toInt(), 2);
    QVERIFY(SocketIoTest::fence(peer->socket, *peer->client));
    QCOMPARE(acks.size(), 1);
}

void tst_Socket::ackIsInvalidWhenTheClientAskedForNone()
{
    int calls = 0;
    bool valid = true;
    bool sendResult = true;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy acks(peer->client.get(), &RawSioClient::ack);
    peer->socket->on(QStringLiteral("woot"), peer->socket, [&](const QVariantList &, const SocketIo::Ack &ack) {
        ++calls;
        valid = ack.isValid();
        sendResult = ack.send({1});
    });
    peer->client->emitEvent(Root, QStringLiteral("woot"), {1});
    QTRY_COMPARE(calls, 1);
    QVERIFY(!valid);
    QVERIFY(!sendResult);
    QVERIFY(SocketIoTest::fence(peer->socket, *peer->client));
    QCOMPARE(acks.size(), 0);
}

void tst_Socket::handlerIsDroppedWhenItsContextIsDestroyed()
{
    int calls = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy eventReceived(peer->socket.data(), &Socket::eventReceived);
    auto context = std::make_unique<QObject>();
    peer->socket->on(QStringLiteral("ev"), context.get(),
                     [&calls](const QVariantList &, const SocketIo::Ack &) { ++calls; });
    peer->client->emitEvent(Root, QStringLiteral("ev"));
    QTRY_COMPARE(eventReceived.size(), 1);
    QCOMPARE(calls, 1);
    context.reset();
    peer->client->emitEvent(Root, QStringLiteral("ev"));
    QTRY_COMPARE(eventReceived.size(), 2);
    QCOMPARE(calls, 1);
}

// off(event, context) removes that context's handlers; off(event) all of them.
void tst_Socket::offRemovesHandlers()
{
    QStringList calls;
    QObject a;
    QObject b;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    QSignalSpy eventReceived(socket, &Socket::eventReceived);
    auto record = [&calls](const QString &tag) {
        return [&calls, tag](const QVariantList &, const SocketIo::Ack &) { calls.append(tag); };
    };
    socket->on(QStringLiteral("ev"), &a, record(QStringLiteral("a")));
    socket->on(QStringLiteral("ev"), &b, record(QStringLiteral("b")));
    socket->on(QStringLiteral("other"), &a, record(QStringLiteral("other")));

    peer->client->emitEvent(Root, QStringLiteral("ev"));
    QTRY_COMPARE(eventReceived.size(), 1);
    QCOMPARE(calls, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));

    socket->off(QStringLiteral("ev"), &a);
    peer->client->emitEvent(Root, QStringLiteral("ev"));
    QTRY_COMPARE(eventReceived.size(), 2);
    QCOMPARE(calls, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("b")}));

    socket->off(QStringLiteral("ev"));
    peer->client->emitEvent(Root, QStringLiteral("ev"));
    peer->client->emitEvent(Root, QStringLiteral("other"));
    QTRY_COMPARE(eventReceived.size(), 4);
    QCOMPARE(calls,
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("b"), QStringLiteral("other")}));
}

void tst_Socket::shouldReceiveEventsWithSeveralTypesOfDataIncludingBinary()
{
    QVariantList received;
    const QByteArray data(3000, 'x');
    const QByteArray buf("asdfasdf");
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    peer->socket->on(QStringLiteral("multiple"), peer->socket,
                     [&received](const QVariantList &args, const SocketIo::Ack &) { received = args; });
    peer->client->emitEvent(
            Root, QStringLiteral("multiple"),
            {1, data, QStringLiteral("3"), QVariantList{4}, buf, QVariantList{data, QStringLiteral("swag"), buf}});
    QTRY_COMPARE(received.size(), 6);
    QCOMPARE(received.at(0).toInt(), 1);
    QCOMPARE(received.at(1).userType(), QMetaType::QByteArray);
    QCOMPARE(received.at(1).toByteArray(), data);
    QCOMPARE(received.at(2).toString(), QStringLiteral("3"));
    QCOMPARE(received.at(3).toList().value(0).toInt(), 4);
    QCOMPARE(received.at(4).toByteArray(), buf);
    const QVariantList f = received.at(5).toList();
    QCOMPARE(f.size(), 3);
    QCOMPARE(f.at(0).toByteArray(), data);
    QCOMPARE(f.at(1).toString(), QStringLiteral("swag"));
    QCOMPARE(f.at(2).userType(), QMetaType::QByteArray);
    QCOMPARE(f.at(2).toByteArray(), buf);
}

void tst_Socket::shouldReceiveEventsAndPassBinaryDataInACallback()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy acks(peer->client.get(), &RawSioClient::ack);
    peer->socket->on(QStringLiteral("woot"), peer->socket,
                     [](const QVariantList &, const SocketIo::Ack &ack) { ack.send({QByteArray("\x00\x01", 2)}); });
    peer->client->emitEvent(Root, QStringLiteral("woot"), {}, 0);
    QTRY_COMPARE(acks.size(), 1);
    const QVariantList reply = acks.at(0).at(2).toList();
    QCOMPARE(reply.size(), 1);
    QCOMPARE(reply.at(0).userType(), QMetaType::QByteArray);
    QCOMPARE(reply.at(0).toByteArray(), QByteArray("\x00\x01", 2));
}

void tst_Socket::onAnyShouldCallListener()
{
    QStringList events;
    QVariantList firstArgs;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    peer->socket->onAny(peer->socket, [&](const QString &event, const QVariantList &args) {
        events.append(event);
        firstArgs = args;
    });
    peer->client->emitEvent(Root, QStringLiteral("my-event"), {QStringLiteral("123")});
    QTRY_COMPARE(events, QStringList{QStringLiteral("my-event")});
    QCOMPARE(firstArgs, QVariantList{QStringLiteral("123")});
}

// prependAny() listeners run first, newest first; every any-listener runs
// before the event's handlers.
void tst_Socket::onAnyShouldPrependListener()
{
    QStringList order;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    socket->on(QStringLiteral("my-event"), socket,
               [&order](const QVariantList &, const SocketIo::Ack &) { order.append(QStringLiteral("handler")); });
    socket->onAny(socket, [&order](const QString &, const QVariantList &) { order.append(QStringLiteral("any")); });
    socket->prependAny(
            socket, [&order](const QString &, const QVariantList &) { order.append(QStringLiteral("prepended 1")); });
    socket->prependAny(
            socket, [&order](const QString &, const QVariantList &) { order.append(QStringLiteral("prepended 2")); });
    peer->client->emitEvent(Root, QStringLiteral("my-event"), {QStringLiteral("123")});
    QTRY_COMPARE(order.size(), 4);
    QCOMPARE(order,
             (QStringList{QStringLiteral("prepended 2"), QStringLiteral("prepended 1"), QStringLiteral("any"),
                          QStringLiteral("handler")}));
}

void tst_Socket::onAnyShouldRemoveListener()
{
    QStringList calls;
    QObject a;
    QObject b;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    QSignalSpy eventReceived(socket, &Socket::eventReceived);
    socket->onAny(&a, [&calls](const QString &, const QVariantList &) { calls.append(QStringLiteral("a")); });
    socket->onAny(&b, [&calls](const QString &, const QVariantList &) { calls.append(QStringLiteral("b")); });
    socket->offAny(&a);
    peer->client->emitEvent(Root, QStringLiteral("my-event"));
    QTRY_COMPARE(eventReceived.size(), 1);
    QCOMPARE(calls, QStringList{QStringLiteral("b")});
    socket->offAny();
    peer->client->emitEvent(Root, QStringLiteral("my-event"));
    QTRY_COMPARE(eventReceived.size(), 2);
    QCOMPARE(calls, QStringList{QStringLiteral("b")});
}

void tst_Socket::onAnyOutgoingShouldCallListener()
{
    QStringList events;
    QVariantList firstArgs;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    peer->socket->onAnyOutgoing(peer->socket, [&](const QString &event, const QVariantList &args) {
        events.append(event);
        firstArgs = args;
    });
    QVERIFY(peer->socket->emitEvent(QStringLiteral("my-event"), {QStringLiteral("123")}));
    QCOMPARE(events, QStringList{QStringLiteral("my-event")});
    QCOMPARE(firstArgs, QVariantList{QStringLiteral("123")});
    QTRY_VERIFY(peer->received(QStringLiteral("my-event")));
}

void tst_Socket::onAnyOutgoingShouldCallListenerWhenBroadcasting()
{
    QStringList events;
    QVariantList firstArgs;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    peer->socket->onAnyOutgoing(peer->socket, [&](const QString &event, const QVariantList &args) {
        events.append(event);
        firstArgs = args;
    });
    QVERIFY(io->emitEvent(QStringLiteral("my-event"), {QByteArray("\x01\x02\x03")}));
    QCOMPARE(events, QStringList{QStringLiteral("my-event")});
    QCOMPARE(firstArgs, QVariantList{QByteArray("\x01\x02\x03")});
    QTRY_VERIFY(peer->received(QStringLiteral("my-event")));
    QCOMPARE(peer->events->first().at(2).toList().value(0).toByteArray(), QByteArray("\x01\x02\x03"));
}

void tst_Socket::onAnyOutgoingShouldPrependListener()
{
    QStringList order;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    socket->onAnyOutgoing(socket,
                          [&order](const QString &, const QVariantList &) { order.append(QStringLiteral("any")); });
    socket->prependAnyOutgoing(
            socket, [&order](const QString &, const QVariantList &) { order.append(QStringLiteral("prepended 1")); });
    socket->prependAnyOutgoing(
            socket, [&order](const QString &, const QVariantList &) { order.append(QStringLiteral("prepended 2")); });
    QVERIFY(socket->emitEvent(QStringLiteral("my-event"), {QStringLiteral("123")}));
    QCOMPARE(order, (QStringList{QStringLiteral("prepended 2"), QStringLiteral("prepended 1"), QStringLiteral("any")}));
}

void tst_Socket::onAnyOutgoingShouldRemoveListener()
{
    QStringList calls;
    QObject a;
    QObject b;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    socket->onAnyOutgoing(&a, [&calls](const QString &, const QVariantList &) { calls.append(QStringLiteral("a")); });
    socket->onAnyOutgoing(&b, [&calls](const QString &, const QVariantList &) { calls.append(QStringLiteral("b")); });
    socket->offAnyOutgoing(&a);
    QVERIFY(socket->emitEvent(QStringLiteral("my-event")));
    QCOMPARE(calls, QStringList{QStringLiteral("b")});
    socket->offAnyOutgoing();
    QVERIFY(socket->emitEvent(QStringLiteral("my-event")));
    QCOMPARE(calls, QStringList{QStringLiteral("b")});
    QTRY_COMPARE(peer->names().size(), 2);
}

// Packet middlewares see [event, args...], run in order, then the handler.
void tst_Socket::socketMiddlewareShouldCallFunctions()
{
    QStringList order;
    QList<QVariantList> seen;
    QVariantList handlerArgs;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    socket->use(socket, [&](const QVariantList &packet, const SocketIo::Next &next) {
        order.append(QStringLiteral("1"));
        seen.append(packet);
        next.accept();
    });
    socket->use(socket, [&](const QVariantList &packet, const SocketIo::Next &next) {
        order.append(QStringLiteral("2"));
        seen.append(packet);
        next();
    });
    socket->on(QStringLiteral("join"), socket, [&](const QVariantList &args, const SocketIo::Ack &) {
        order.append(QStringLiteral("handler"));
        handlerArgs = args;
    });
    peer->client->emitEvent(Root, QStringLiteral("join"), {QStringLiteral("woot")});
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("handler")}));
    const QVariantList expected{QStringLiteral("join"), QStringLiteral("woot")};
    QCOMPARE(seen, (QList<QVariantList>{expected, expected}));
    QCOMPARE(handlerArgs, QVariantList{QStringLiteral("woot")});
}

// A refusal emits middlewareError(message, data); later middlewares and the
// handlers do not run.
void tst_Socket::socketMiddlewareShouldPassErrors()
{
    QStringList order;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    QSignalSpy errors(socket, &Socket::middlewareError);
    QSignalSpy eventReceived(socket, &Socket::eventReceived);
    socket->use(socket, [&](const QVariantList &, const SocketIo::Next &next) {
        order.append(QStringLiteral("1"));
        next.reject(QStringLiteral("Authentication error"), QVariantMap{{QStringLiteral("code"), 401}});
    });
    socket->use(socket, [&](const QVariantList &, const SocketIo::Next &next) {
        order.append(QStringLiteral("2"));
        next.accept();
    });
    socket->on(QStringLiteral("join"), socket,
               [&](const QVariantList &, const SocketIo::Ack &) { order.append(QStringLiteral("handler")); });
    peer->client->emitEvent(Root, QStringLiteral("join"), {QStringLiteral("woot")});
    QTRY_COMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(0).toString(), QStringLiteral("Authentication error"));
    QCOMPARE(errors.at(0).at(1).toMap().value(QStringLiteral("code")).toInt(), 401);
    QCOMPARE(order, QStringList{QStringLiteral("1")});
    QCOMPARE(eventReceived.size(), 0);
    QVERIFY(socket->isConnected());
}

void tst_Socket::socketMiddlewareMayAnswerLater()
{
    bool answered = false;
    QVariantList handlerArgs;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    socket->use(socket, [&answered, socket](const QVariantList &, const SocketIo::Next &next) {
        QTimer::singleShot(20ms, socket, [&answered, next] {
            answered = true;
            next.accept();
        });
    });
    socket->on(QStringLiteral("ev"), socket, [&](const QVariantList &args, const SocketIo::Ack &) {
        QVERIFY(answered);
        handlerArgs = args;
    });
    peer->client->emitEvent(Root, QStringLiteral("ev"), {42});
    QTRY_COMPARE(handlerArgs.size(), 1);
    QVERIFY(answered);
    QCOMPARE(handlerArgs.at(0).toInt(), 42);
}

// A packet whose middleware answers only after the socket disconnected is
// not dispatched.
void tst_Socket::shouldIgnoreAPacketReceivedAfterDisconnection()
{
    int handled = 0;
    int middlewareRuns = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    QSignalSpy disconnected(socket, &Socket::disconnected);
    socket->use(socket, [&middlewareRuns, socket](const QVariantList &, const SocketIo::Next &next) {
        ++middlewareRuns;
        connect(socket, &Socket::disconnected, socket, [next] { next.accept(); });
    });
    socket->on(QStringLiteral("test"), socket, [&handled](const QVariantList &, const SocketIo::Ack &) { ++handled; });
    peer->client->emitEvent(Root, QStringLiteral("test"), {QByteArray(10, '\0')});
    QTRY_COMPARE(middlewareRuns, 1);
    peer->client->disconnectNamespace(Root);
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<Reason>(), Reason::ClientNamespaceDisconnect);
    QCOMPARE(handled, 0);
}

void tst_Socket::shouldEmitEvents()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QVERIFY(peer->socket->emitEvent(QStringLiteral("woot"), {QStringLiteral("tobi")}));
    QVERIFY(peer->socket->emitEvent(QStringLiteral("hoot"), {QStringLiteral("utf8 — string")}));
    QTRY_COMPARE(peer->events->size(), 2);
    const QList<QVariant> woot = peer->events->at(0);
    QCOMPARE(woot.at(0).toString(), Root);
    QCOMPARE(woot.at(1).toString(), QStringLiteral("woot"));
    QCOMPARE(woot.at(2).toList(), QVariantList{QStringLiteral("tobi")});
    QCOMPARE(woot.at(3).toLongLong(), -1);
    QCOMPARE(peer->events->at(1).at(2).toList(), QVariantList{QStringLiteral("utf8 — string")});
}

void tst_Socket::shouldEmitEventsWithBinaryData()
{
    QByteArray image(100000, Qt::Uninitialized);
    for (qsizetype i = 0; i < image.size(); ++i)
        image[i] = char(i * 7);
    const QByteArray buf("asdfasdf");
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QVERIFY(peer->socket->emitEvent(QStringLiteral("doge"), {image}));
    QVERIFY(peer->socket->emitEvent(
            QStringLiteral("multiple"),
            {1, image, QStringLiteral("3"), QVariantList{4}, buf, QVariantList{image, QStringLiteral("swag"), buf}}));
    QTRY_COMPARE(peer->events->size(), 2);
    QCOMPARE(peer->events->at(0).at(2).toList().value(0).toByteArray(), image);
    const QVariantList m = peer->events->at(1).at(2).toList();
    QCOMPARE(m.size(), 6);
    QCOMPARE(m.at(0).toInt(), 1);
    QCOMPARE(m.at(1).toByteArray(), image);
    QCOMPARE(m.at(2).toString(), QStringLiteral("3"));
    QCOMPARE(m.at(4).toByteArray(), buf);
    QCOMPARE(m.at(5).toList().value(0).toByteArray(), image);
    QCOMPARE(m.at(5).toList().value(1).toString(), QStringLiteral("swag"));
    QCOMPARE(m.at(5).toList().value(2).toByteArray(), buf);
}

// Reserved names are refused with a warning and nothing is sent.
void tst_Socket::shouldThrowOnReservedEvent()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    const QStringList reserved{QStringLiteral("connect"),     QStringLiteral("connect_error"),
                               QStringLiteral("disconnect"),  QStringLiteral("disconnecting"),
                               QStringLiteral("newListener"), QStringLiteral("removeListener")};
    for (const QString &name : reserved) {
        const QByteArray warning = QStringLiteral("\"%1\" is a reserved event name").arg(name).toUtf8();
        QTest::ignoreMessage(QtWarningMsg, warning.constData());
        QVERIFY(!socket->emitEvent(name));
        QTest::ignoreMessage(QtWarningMsg, warning.constData());
        QVERIFY(!socket->emitWithAck(name, {}, socket, [](const QVariant &, const QVariantList &) {}));
        QTest::ignoreMessage(QtWarningMsg, warning.constData());
        QVERIFY(!socket->timeout(1s).emitEvent(name));
    }
    QVERIFY(SocketIoTest::fence(socket, *peer->client));
    QCOMPARE(peer->events->size(), 1); // the fence alone
}

void tst_Socket::shouldEmitAnEventAndWaitForTheAcknowledgement()
{
    int calls = 0;
    QVariant error = QStringLiteral("unset");
    QVariantList reply;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    SocketIoTest::autoAck(peer->client.get(), [](const QVariantList &args) {
        return QVariantList{args.value(0).toInt() + args.value(1).toInt()};
    });
    QVERIFY(peer->socket->emitWithAck(QStringLiteral("hi"), {1, 2}, peer->socket,
                                      [&](const QVariant &e, const QVariantList &args) {
                                          ++calls;
                                          error = e;
                                          reply = args;
                                      }));
    QTRY_COMPARE(calls, 1);
    QVERIFY(!error.isValid());
    QCOMPARE(reply.size(), 1);
    QCOMPARE(reply.at(0).toInt(), 3);
    QVERIFY(peer->events->at(0).at(3).toLongLong() >= 0);
}

void tst_Socket::shouldEmitEventsAndReceiveBinaryDataInACallback()
{
    QVariantList reply;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    SocketIoTest::autoAck(peer->client.get(), [](const QVariantList &) { return QVariantList{QByteArray(1, '\0')}; });
    QVERIFY(peer->socket->emitWithAck(QStringLiteral("hi"), {}, peer->socket,
                                      [&](const QVariant &, const QVariantList &args) { reply = args; }));
    QTRY_COMPARE(reply.size(), 1);
    QCOMPARE(reply.at(0).userType(), QMetaType::QByteArray);
    QCOMPARE(reply.at(0).toByteArray(), QByteArray(1, '\0'));
}

void tst_Socket::shouldTimeoutIfTheClientDoesNotAcknowledgeTheEvent()
{
    int calls = 0;
    QVariant error;
    QVariantList reply{QStringLiteral("unset")};
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QVERIFY(peer->socket->timeout(50ms).emitWithAck(QStringLiteral("unknown"), {}, peer->socket,
                                                    [&](const QVariant &e, const QVariantList &args) {
                                                        ++calls;
                                                        error = e;
                                                        reply = args;
                                                    }));
    QTRY_COMPARE(calls, 1);
    QCOMPARE(error.toString(), TimedOut);
    QVERIFY(reply.isEmpty());
    QTRY_COMPARE(peer->events->size(), 1); // the client did get the event
}

// timeout(0): the callback fails at once; the client's late answer is ignored.
void tst_Socket::shouldTimeoutIfTheClientDoesNotAcknowledgeTheEventInTime()
{
    int calls = 0;
    QVariant error;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy asked(peer->client.get(), &RawSioClient::eventReceived);
    SocketIoTest::autoAck(peer->client.get(), [](const QVariantList &args) { return args; });
    QVERIFY(peer->socket->timeout(0ms).emitWithAck(QStringLiteral("echo"), {42}, peer->socket,
                                                   [&](const QVariant &e, const QVariantList &) {
                                                       ++calls;
                                                       error = e;
                                                   }));
    QTRY_COMPARE(asked.size(), 1);                                    // the client answered...
    QVERIFY(SocketIoTest::reverseFence(peer->socket, *peer->client)); // ...and the server read the answer
    QCOMPARE(calls, 1);
    QCOMPARE(error.toString(), TimedOut);
}

void tst_Socket::shouldNotTimeoutIfTheClientDoesAcknowledgeTheEvent()
{
    int calls = 0;
    QVariant error = QStringLiteral("unset");
    QVariantList reply;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    SocketIoTest::autoAck(peer->client.get(), [](const QVariantList &args) { return args; });
    QVERIFY(peer->socket->timeout(5s).emitWithAck(QStringLiteral("echo"), {42}, peer->socket,
                                                  [&](const QVariant &e, const QVariantList &args) {
                                                      ++calls;
                                                      error = e;
                                                      reply = args;
                                                  }));
    QTRY_COMPARE(calls, 1);
    QVERIFY(!error.isValid());
    QCOMPARE(reply.value(0).toInt(), 42);
}

// BroadcastOperator::emitWithAck() calls back without a context object; the
// single-socket form should too.
void tst_Socket::emitWithAckWithoutContextIsAnswered()
{
    int calls = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy asked(peer->client.get(), &RawSioClient::eventReceived);
    SocketIoTest::autoAck(peer->client.get(), [](const QVariantList &args) { return args; });
    QVERIFY(peer->socket->emitWithAck(QStringLiteral("echo"), {42}, nullptr,
                                      [&calls](const QVariant &, const QVariantList &) { ++calls; }));
    QTRY_COMPARE(asked.size(), 1);
    QVERIFY(SocketIoTest::reverseFence(peer->socket, *peer->client));
    QCOMPARE(calls, 1);
}

// Between disconnected() and its deletion a socket refuses to emit and join.
void tst_Socket::emitOnADisconnectedSocketIsRefused()
{
    bool emitted = true;
    bool acked = true;
    QStringList roomsAfter{QStringLiteral("unset")};
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    connect(socket, &Socket::disconnected, socket, [&, socket] {
        emitted = socket->emitEvent(QStringLiteral("late"));
        acked = socket->emitWithAck(QStringLiteral("late"), {}, socket, [](const QVariant &, const QVariantList &) {});
        socket->join(QStringLiteral("late-room"));
        roomsAfter = socket->rooms();
    });
    peer->client->disconnectNamespace(Root);
    QTRY_VERIFY(!emitted);
    QVERIFY(!acked);
    QVERIFY(roomsAfter.isEmpty());
    QVERIFY(io->sockets()->adapter()->sockets({QStringLiteral("late-room")}).isEmpty());
}

void tst_Socket::keepsTrackOfRooms()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *s = peer->socket;
    const QString id = s->id();
    const QString a = QStringLiteral("a");
    const QString b = QStringLiteral("b");
    const QString c = QStringLiteral("c");
    s->join(a);
    QCOMPARE(s->rooms(), (QStringList{id, a}));
    s->join(b);
    s->join(c);
    QCOMPARE(s->rooms(), (QStringList{id, a, b, c}));
    s->leave(b);
    QCOMPARE(s->rooms(), (QStringList{id, a, c}));
    s->leave(QStringLiteral("unknown")); // should properly cleanup left rooms
    QCOMPARE(s->rooms(), (QStringList{id, a, c}));
    s->join(a);
    QCOMPARE(s->rooms(), (QStringList{id, a, c}));
    s->join(QStringList{QStringLiteral("d"), QStringLiteral("e")}); // allows to join several rooms at once
    QCOMPARE(s->rooms(), (QStringList{id, a, c, QStringLiteral("d"), QStringLiteral("e")}));
    // deletes empty rooms
    QCOMPARE(io->sockets()->adapter()->sockets({a}), QSet<QString>{id});
    s->leave(a);
    QVERIFY(io->sockets()->adapter()->sockets({a}).isEmpty());
}

void tst_Socket::shouldNotJoinRoomsAfterDisconnection()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy clientDisconnected(peer->client.get(), &RawSioClient::disconnected);
    peer->socket->disconnect();
    peer->socket->join(QStringLiteral("room1"));
    QVERIFY(peer->socket->rooms().isEmpty());
    QVERIFY(io->sockets()->adapter()->sockets({QStringLiteral("room1")}).isEmpty());
    QTRY_COMPARE(clientDisconnected.size(), 1);
}

// io.in(room) reaches the room's members only.
void tst_Socket::emitsToRooms()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    p1->socket->join(QStringLiteral("woot"));
    QVERIFY(io->in(QStringLiteral("woot")).emitEvent(QStringLiteral("a")));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), (QStringList{QStringLiteral("a"), QStringLiteral("end")}));
    QCOMPARE(p2->names(), QStringList{QStringLiteral("end")});
}

// A socket in several of the target rooms gets the event once.
void tst_Socket::emitsToRoomsAvoidingDupes()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    p1->socket->join(QStringList{QStringLiteral("woot"), QStringLiteral("test")});
    p2->socket->join(QStringLiteral("third"));
    QVERIFY(io->in(QStringLiteral("woot")).in(QStringLiteral("test")).emitEvent(QStringLiteral("a")));
    QVERIFY(io->in(QStringLiteral("third")).emitEvent(QStringLiteral("b")));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), (QStringList{QStringLiteral("a"), QStringLiteral("end")}));
    QCOMPARE(p2->names(), (QStringList{QStringLiteral("b"), QStringLiteral("end")}));
}

// socket.to(room) reaches the room but not the sender.
void tst_Socket::broadcastsToRooms()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket);
    p1->socket->join(QStringLiteral("woot"));
    p2->socket->join(QStringLiteral("test"));
    p3->socket->join(QStringLiteral("test"));
    QVERIFY(p3->socket->to(QStringLiteral("test")).emitEvent(QStringLiteral("a")));
    QVERIFY(p3->socket->emitEvent(QStringLiteral("b")));
    QVERIFY(p3->socket->broadcast().to(QStringLiteral("test")).emitEvent(QStringLiteral("bin"), {QByteArray(5, '\0')}));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end"))
                && p3->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), QStringList{QStringLiteral("end")});
    QCOMPARE(p2->names(), (QStringList{QStringLiteral("a"), QStringLiteral("bin"), QStringLiteral("end")}));
    QCOMPARE(p3->names(), (QStringList{QStringLiteral("b"), QStringLiteral("end")}));
    QCOMPARE(p2->events->at(1).at(2).toList().value(0).toByteArray(), QByteArray(5, '\0'));
}

// socket.broadcast reaches every socket of the namespace but the sender.
void tst_Socket::emitsToTheRest()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->of(QStringLiteral("/test"));
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io, QStringLiteral("/test"));
    QVERIFY(p1->socket && p2->socket && p3->socket);
    QVERIFY(p2->socket->broadcast().emitEvent(QStringLiteral("a"), {QStringLiteral("b")}));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QVERIFY(io->of(QStringLiteral("/test"))->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end"))
                && p3->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), (QStringList{QStringLiteral("a"), QStringLiteral("end")}));
    QCOMPARE(p1->events->at(0).at(2).toList(), QVariantList{QStringLiteral("b")});
    QCOMPARE(p2->names(), QStringList{QStringLiteral("end")});
    QCOMPARE(p3->names(), QStringList{QStringLiteral("end")});
}

void tst_Socket::shouldExcludeSpecificSocketsWhenBroadcasting()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket);
    QVERIFY(p3->socket->broadcast().except(p2->socket->id()).emitEvent(QStringLiteral("a")));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end"))
                && p3->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), (QStringList{QStringLiteral("a"), QStringLiteral("end")}));
    QCOMPARE(p2->names(), QStringList{QStringLiteral("end")});
    QCOMPARE(p3->names(), QStringList{QStringLiteral("end")});
}

void tst_Socket::shouldExcludeASpecificRoomWhenBroadcasting()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket);
    p2->socket->join(QStringLiteral("room1"));
    QVERIFY(p3->socket->except(QStringLiteral("room1")).emitEvent(QStringLiteral("a")));
    QVERIFY(io->except(QStringLiteral("room1")).emitEvent(QStringLiteral("b")));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end"))
                && p3->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("end")}));
    QCOMPARE(p2->names(), QStringList{QStringLiteral("end")});
    QCOMPARE(p3->names(), (QStringList{QStringLiteral("b"), QStringLiteral("end")}));
}

// disconnect(): the client gets DISCONNECT; the socket reports "server
// namespace disconnect", leaves its rooms and is deleted later; the
// connection stays open.
void tst_Socket::serverDisconnectSendsDisconnectToTheClient()
{
    QStringList order;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    QSignalSpy clientDisconnected(peer->client.get(), &RawSioClient::disconnected);
    QSignalSpy countChanged(io->sockets(), &SocketIo::Namespace::socketCountChanged);
    connect(socket, &Socket::disconnecting, socket, [&order, socket](Reason r) {
        order.append(QStringLiteral("disconnecting: ") + Socket::toString(r) + QStringLiteral(", connected ")
                     + QString::number(socket->isConnected()));
    });
    connect(socket, &Socket::disconnected, socket, [&order, socket](Reason r) {
        order.append(QStringLiteral("disconnected: ") + Socket::toString(r) + QStringLiteral(", connected ")
                     + QString::number(socket->isConnected()));
    });
    socket->disconnect();
    QCOMPARE(order,
             (QStringList{QStringLiteral("disconnecting: server namespace disconnect, connected 1"),
                          QStringLiteral("disconnected: server namespace disconnect, connected 0")}));
    QCOMPARE(io->sockets()->socketCount(), 0);
    QCOMPARE(countChanged.size(), 1);
    QTRY_COMPARE(clientDisconnected.size(), 1);
    QCOMPARE(clientDisconnected.at(0).at(0).toString(), Root);
    QTRY_VERIFY(peer->socket.isNull());
    QVERIFY(peer->client->isOpen());
    socket = nullptr;
    socket = SocketIoTest::connectClient(*io, *peer->client); // the connection can join again
    QVERIFY(socket);
    QCOMPARE(io->sockets()->socketCount(), 1);
}

// The client leaves: "client namespace disconnect"; the rooms are still
// there during disconnecting() and gone at disconnected().
void tst_Socket::shouldFireADisconnectingEventJustBeforeLeavingAllRooms()
{
    QStringList order;
    QStringList roomsDuring;
    QStringList roomsAfter{QStringLiteral("unset")};
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    Socket *socket = peer->socket;
    socket->join(QStringLiteral("a"));
    connect(socket, &Socket::disconnecting, socket, [&, socket](Reason r) {
        order.append(QStringLiteral("disconnecting: ") + Socket::toString(r));
        roomsDuring = socket->rooms();
    });
    connect(socket, &Socket::disconnected, socket, [&, socket](Reason r) {
        order.append(QStringLiteral("disconnected: ") + Socket::toString(r));
        roomsAfter = socket->rooms();
    });
    const QString id = socket->id();
    peer->client->disconnectNamespace(Root);
    QTRY_COMPARE(order.size(), 2);
    QCOMPARE(order,
             (QStringList{QStringLiteral("disconnecting: client namespace disconnect"),
                          QStringLiteral("disconnected: client namespace disconnect")}));
    QCOMPARE(roomsDuring, (QStringList{id, QStringLiteral("a")}));
    QVERIFY(roomsAfter.isEmpty());
    QCOMPARE(io->sockets()->socketCount(), 0);
    QTRY_VERIFY(peer->socket.isNull());
}

void tst_Socket::clientTransportCloseIsReported()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy disconnecting(peer->socket.data(), &Socket::disconnecting);
    QSignalSpy disconnected(peer->socket.data(), &Socket::disconnected);
    QSignalSpy closed(peer->client.get(), &RawSioClient::closed);
    peer->client->close();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnecting.size(), 1);
    QCOMPARE(disconnecting.at(0).at(0).value<Reason>(), Reason::TransportClose);
    QCOMPARE(disconnected.at(0).at(0).value<Reason>(), Reason::TransportClose);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(io->sockets()->socketCount(), 0);
}

// disconnect(true) closes the connection and so every namespace on it.
void tst_Socket::shouldDisconnectAllNamespacesWhenCallingDisconnectTrue()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->of(QStringLiteral("/foo"));
    auto client = SocketIoTest::newClient();
    QPointer<Socket> root = SocketIoTest::connectClient(*io, *client);
    QPointer<Socket> foo = SocketIoTest::connectClient(*io, *client, QStringLiteral("/foo"));
    QVERIFY(root && foo);
    QCOMPARE(root->conn(), foo->conn());
    QSignalSpy rootDisconnected(root.data(), &Socket::disconnected);
    QSignalSpy fooDisconnected(foo.data(), &Socket::disconnected);
    QSignalSpy closed(client.get(), &RawSioClient::closed);
    foo->disconnect(true);
    QCOMPARE(rootDisconnected.size(), 1);
    QCOMPARE(fooDisconnected.size(), 1);
    QCOMPARE(rootDisconnected.at(0).at(0).value<Reason>(), Reason::ServerNamespaceDisconnect);
    QCOMPARE(fooDisconnected.at(0).at(0).value<Reason>(), Reason::ServerNamespaceDisconnect);
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(io->sockets()->socketCount(), 0);
    QCOMPARE(io->of(QStringLiteral("/foo"))->socketCount(), 0);
}

// A malformed packet closes the connection: "forced close", as in Node.
void tst_Socket::shouldNotCrashWithRawBinary()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy disconnected(peer->socket.data(), &Socket::disconnected);
    QSignalSpy closed(peer->client.get(), &RawSioClient::closed);
    peer->client->sendRaw(QStringLiteral("45woooot"));
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).value<Reason>(), Reason::ForcedClose);
    QTRY_COMPARE(closed.size(), 1);
}

// With a short ping interval the socket lives through several heartbeats
// (the client answers every ping) and still carries events.
void tst_Socket::heartbeatsKeepTheSocketConnected()
{
    SocketIo::ServerOptions options;
    options.setPingInterval(50ms);
    options.setPingTimeout(150ms); // a missed pong closes before the fifth ping
    auto io = SocketIoTest::newServer(options);
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy pings(peer->client.get(), &RawSioClient::pinged);
    QSignalSpy disconnected(peer->socket.data(), &Socket::disconnected);
    QTRY_VERIFY(pings.size() >= 5);
    QCOMPARE(disconnected.size(), 0);
    QVERIFY(peer->socket->isConnected());
    QVERIFY(SocketIoTest::fence(peer->socket, *peer->client));
    QVERIFY(SocketIoTest::reverseFence(peer->socket, *peer->client));
}

void tst_Socket::handshakeHasAuthAndQuery()
{
    QFETCH_GLOBAL(QString, transport);
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto client = SocketIoTest::newClient();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("key1"), QStringLiteral("1"));
    query.addQueryItem(QStringLiteral("key2"), QStringLiteral("two words"));
    client->setQuery(query);
    const QVariantMap auth{{QStringLiteral("token"), QStringLiteral("abc")}, {QStringLiteral("n"), 2}};
    Socket *socket = SocketIoTest::connectClient(*io, *client, Root, auth);
    QVERIFY(socket);
    const SocketIo::Handshake handshake = socket->handshake();
    QCOMPARE(handshake.auth().value(QStringLiteral("token")).toString(), QStringLiteral("abc"));
    QCOMPARE(handshake.auth().value(QStringLiteral("n")).toInt(), 2);
    QCOMPARE(handshake.auth().size(), 2);
    const QVariantMap q = handshake.query();
    QCOMPARE(q.value(QStringLiteral("key1")).toString(), QStringLiteral("1"));
    QCOMPARE(q.value(QStringLiteral("key2")).toString(), QStringLiteral("two words"));
    QCOMPARE(q.value(QStringLiteral("EIO")).toString(), QStringLiteral("4"));
    QCOMPARE(q.value(QStringLiteral("transport")).toString(), transport);
    QVERIFY(!q.contains(QStringLiteral("token")));
    QCOMPARE(handshake.address(), QStringLiteral("127.0.0.1"));
    QVERIFY2(handshake.url().startsWith(QStringLiteral("/socket.io/?")), qPrintable(handshake.url()));
    QVERIFY(handshake.issued() > 0);
    QVERIFY(!handshake.secure());
}

void tst_Socket::shouldSeeQueryParametersSentFromSecondaryNamespaceConnectionsInHandshakeObject()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->of(QStringLiteral("/connection2"));
    auto client = SocketIoTest::newClient();
    QVERIFY(SocketIoTest::connectClient(*io, *client));
    Socket *socket = SocketIoTest::connectClient(
            *io, *client, QStringLiteral("/connection2"),
            {{QStringLiteral("key1"), QStringLiteral("aa")}, {QStringLiteral("key2"), QStringLiteral("&=bb")}});
    QVERIFY(socket);
    const SocketIo::Handshake handshake = socket->handshake();
    QVERIFY(!handshake.query().contains(QStringLiteral("key1")));
    QCOMPARE(handshake.query().value(QStringLiteral("EIO")).toString(), QStringLiteral("4"));
    QCOMPARE(handshake.auth().value(QStringLiteral("key1")).toString(), QStringLiteral("aa"));
    QCOMPARE(handshake.auth().value(QStringLiteral("key2")).toString(), QStringLiteral("&=bb"));
}

void tst_Socket::dataChangedOnlyOnChange()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QSignalSpy changed(peer->socket.data(), &Socket::dataChanged);
    const QVariantMap data{{QStringLiteral("username"), QStringLiteral("john")}};
    peer->socket->setData(data);
    peer->socket->setData(data);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(peer->socket->data(), data);
    QCOMPARE(io->fetchSockets().value(0)->data(), data);
}

QTEST_MAIN(tst_Socket)
#include "tst_socket.moc"
