// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketIo::Namespace and the namespace side of SocketIo::Server over real
// connections on 127.0.0.1, driven by the test kit's RawSioClient; every
// test runs over polling and over WebSocket. Names follow socket.io's
// test/namespaces.ts, middleware.ts, utility-methods.ts, messaging-many.ts
// and close.ts where a case applies.

#include <rawsioclient.h>
#include <siotestutil.h>

#include <SocketIo/Adapter>
#include <SocketIo/Engine>
#include <SocketIo/Namespace>
#include <SocketIo/RemoteSocket>
#include <SocketIo/Server>
#include <SocketIo/ServerOptions>
#include <SocketIo/Socket>

#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>

using namespace std::chrono_literals;
using SocketIo::Namespace;
using SocketIo::ParentNamespace;
using SocketIo::Socket;
using SocketIoTest::RawSioClient;
using Reason = SocketIo::Socket::DisconnectReason;

namespace {

const QString Root = QStringLiteral("/");
const QString InvalidNamespace = QStringLiteral("Invalid namespace");
const QString TimedOut = QStringLiteral("operation has timed out");
const QRegularExpression DynamicPattern(QStringLiteral("^/dynamic-\\d+$"));

QStringList ids(const QList<Socket *> &sockets)
{
    QStringList out;
    for (const Socket *socket : sockets)
        out.append(socket->id());
    out.sort();
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

bool hasNamespace(const SocketIo::Server &io, const QString &name)
{
    const auto namespaces = io.namespaces();
    return std::any_of(namespaces.cbegin(), namespaces.cend(), [&name](Namespace *n) { return n->name() == name; });
}

// A client asking for nsp and the CONNECT_ERROR it gets, if any.
QVariantMap connectError(SocketIo::Server &io, RawSioClient &client, const QString &nsp, const QVariantMap &auth = {})
{
    QSignalSpy errors(&client, &RawSioClient::connectError);
    client.connectTo(io.serverPort(), nsp, auth);
    if (errors.isEmpty() && !errors.wait(5000))
        return {};
    return errors.first().at(1).toMap();
}

SocketIo::ServerOptions cleanupOptions(bool cleanup)
{
    SocketIo::ServerOptions options;
    options.setCleanupEmptyChildNamespaces(cleanup);
    return options;
}

} // namespace

class tst_Namespace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();

    // connection, sockets(), socketCount
    void shouldFireAConnectionEvent();
    void shouldNotReuseSameNamespaceConnections();
    void shouldWorkWithOfAndManySockets();
    void shouldBeAbleToEquivalentlyStartWithEmptyOrSlashOnServer();
    void shouldReturnErrorConnectingToNonExistentNamespace();
    void shouldCloseAClientWithoutNamespace();

    // connection middleware
    void middlewareShouldCallFunctions();
    void middlewareShouldPassErrors();
    void middlewareShouldPassAnObject();
    void middlewareShouldOnlyCallConnectionAfterLengthyFns();
    void middlewareShouldCallFunctionsInExpectedOrder();
    void middlewareShouldWorkWithACustomNamespace();
    void middlewareShouldBeIgnoredIfSocketGetsClosed();
    void middlewareIsDroppedWhenItsContextIsDestroyed();
    void shouldLeaveAllRoomsJoinedAfterAMiddlewareFailure();

    // dynamic namespaces
    void shouldAllowConnectionsToDynamicNamespacesWithARegex();
    void shouldAllowConnectionsToDynamicNamespacesWithARegexAndEmitInARoom();
    void shouldAllowConnectionsToDynamicNamespacesWithAFunction();
    void matcherIsDroppedWhenItsContextIsDestroyed();
    void shouldDisallowConnectionsWhenNoDynamicNamespaceMatches();
    void childIsCreatedOnceAndRunsTheParentMiddlewareFirst();
    void parentBroadcastReachesEveryChild();
    void shouldCleanUpNamespaceWhenCleanupEmptyChildNamespacesIsOnAndThereAreNoMoreSocketsInANamespace();
    void shouldAllowAClientToConnectToACleanedUpNamespace();
    void shouldNotCleanUpNamespaceWhenCleanupEmptyChildNamespacesIsOffAndThereAreNoMoreSocketsInANamespace();
    void shouldNotCleanUpANonDynamicNamespace();
    void shouldCleanUpNamespaceWhenCleanupEmptyChildNamespacesIsOnAndClientIsRejectedInMiddleware();
    void shouldAttachAChildNamespaceToItsParentUponManualCreation();

    // utility methods
    void fetchSocketsReturnsAllSocketInstances();
    void fetchSocketsReturnsAllSocketInstancesInTheGivenRoom();
    void fetchSocketsWithACallbackGivesRemoteSockets();
    void remoteSocketActsOnItsSocketThroughTheAdapter();
    void serverSideEmitWithoutAClusterAnswersAtOnce();
    void socketsJoinMakesAllSocketInstancesJoinTheGivenRoom();
    void socketsJoinMakesAllSocketInstancesInARoomJoinTheGivenRoom();
    void socketsLeaveMakesAllSocketInstancesLeaveTheGivenRoom();
    void socketsLeaveMakesAllSocketInstancesInARoomLeaveTheGivenRoom();
    void disconnectSocketsMakesAllSocketInstancesDisconnect();
    void disconnectSocketsWithCloseClosesTheConnections();
    void disconnectSocketsMakesAllSocketInstancesInARoomDisconnect();

    // broadcasting
    void emitsToANamespace();
    void emitsBinaryDataToANamespace();
    void shouldExcludeASpecificSocketWhenEmittingInANamespace();
    void shouldBroadcastAndExpectMultipleAcknowledgements();
    void shouldFailWhenAClientDoesNotAcknowledgeTheEventInTheGivenDelay();
    void shouldBroadcastAndReturnIfThePacketIsSentTo0Client();

    // closing
    void serverCloseDisconnectsEveryoneWithServerShuttingDown();
};

void tst_Namespace::initTestCase_data()
{
    SocketIoTest::addTransportRows();
}

// Server::connection() for "/", Namespace::connection() for every
// namespace; the socket is in sockets() and counted before either fires.
void tst_Namespace::shouldFireAConnectionEvent()
{
    QList<int> countsAtConnection;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *nsp = io->sockets();
    QSignalSpy serverConnections(io.get(), &SocketIo::Server::connection);
    QSignalSpy nspConnections(nsp, &Namespace::connection);
    QSignalSpy countChanged(nsp, &Namespace::socketCountChanged);
    connect(nsp, &Namespace::connection, nsp,
            [&countsAtConnection, nsp](Socket *) { countsAtConnection.append(nsp->socketCount()); });
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QCOMPARE(serverConnections.size(), 1);
    QCOMPARE(nspConnections.size(), 1);
    QCOMPARE(serverConnections.at(0).at(0).value<Socket *>(), peer->socket.data());
    QCOMPARE(nspConnections.at(0).at(0).value<Socket *>(), peer->socket.data());
    QCOMPARE(countsAtConnection, QList<int>{1});
    QCOMPARE(countChanged.size(), 1);
    QCOMPARE(nsp->socketCount(), 1);
    QCOMPARE(nsp->property("socketCount").toInt(), 1);
    QCOMPARE(nsp->sockets().value(peer->socket->id()), peer->socket.data());
    QCOMPARE(nsp->name(), Root);
    QCOMPARE(nsp->server(), io.get());
}

void tst_Namespace::shouldNotReuseSameNamespaceConnections()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    QSignalSpy connections(io.get(), &SocketIo::Server::connection);
    QSignalSpy countChanged(io->sockets(), &Namespace::socketCountChanged);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    QCOMPARE(connections.size(), 2);
    QVERIFY(p1->socket->id() != p2->socket->id());
    QVERIFY(p1->socket->conn() != p2->socket->conn());
    QCOMPARE(sorted(io->sockets()->sockets().keys()), sorted({p1->socket->id(), p2->socket->id()}));
    QCOMPARE(io->sockets()->socketCount(), 2);
    p1->client->disconnectNamespace(Root);
    QTRY_COMPARE(io->sockets()->socketCount(), 1);
    QCOMPARE(countChanged.size(), 3);
    QCOMPARE(io->sockets()->sockets().keys(), QStringList{p2->socket->id()});
}

// Sockets of /chat and /news are in their own namespace only; io.of(name)
// returns one object per name.
void tst_Namespace::shouldWorkWithOfAndManySockets()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    QSignalSpy newNamespaces(io.get(), &SocketIo::Server::newNamespace);
    Namespace *chat = io->of(QStringLiteral("/chat"));
    Namespace *news = io->of(QStringLiteral("/news"));
    QCOMPARE(io->of(QStringLiteral("/chat")), chat);
    QCOMPARE(newNamespaces.size(), 2); // should emit an 'new_namespace' event
    QCOMPARE(newNamespaces.at(0).at(0).value<Namespace *>()->name(), QStringLiteral("/chat"));
    QSignalSpy chatConnections(chat, &Namespace::connection);
    QSignalSpy newsConnections(news, &Namespace::connection);
    QSignalSpy rootConnections(io.get(), &SocketIo::Server::connection);
    auto c = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto n = SocketIoTest::connectPeer(*io, QStringLiteral("/news"));
    QVERIFY(c->socket && n->socket);
    QCOMPARE(chatConnections.size(), 1);
    QCOMPARE(newsConnections.size(), 1);
    QCOMPARE(rootConnections.size(), 0);
    QCOMPARE(c->socket->nsp(), chat);
    QCOMPARE(n->socket->nsp(), news);
    QCOMPARE(chat->sockets().keys(), QStringList{c->socket->id()});
    QCOMPARE(news->sockets().keys(), QStringList{n->socket->id()});
    QCOMPARE(io->sockets()->socketCount(), 0);
    QCOMPARE(newNamespaces.size(), 2);
}

void tst_Namespace::shouldBeAbleToEquivalentlyStartWithEmptyOrSlashOnServer()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    QCOMPARE(io->of(QString()), io->sockets());
    QCOMPARE(io->of(Root), io->sockets());
    Namespace *abc = io->of(QStringLiteral("abc"));
    QCOMPARE(abc->name(), QStringLiteral("/abc"));
    QCOMPARE(io->of(QStringLiteral("/abc")), abc);
    QSignalSpy connections(abc, &Namespace::connection);
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/abc"));
    QVERIFY(peer->socket);
    QCOMPARE(connections.size(), 1);
}

void tst_Namespace::shouldReturnErrorConnectingToNonExistentNamespace()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto client = SocketIoTest::newClient();
    const QVariantMap error = connectError(*io, *client, QStringLiteral("/doesnotexist"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), InvalidNamespace);
    QVERIFY(!hasNamespace(*io, QStringLiteral("/doesnotexist")));
    QVERIFY(!client->isConnected(QStringLiteral("/doesnotexist")));
    // The connection stays usable for other namespaces.
    QVERIFY(SocketIoTest::connectClient(*io, *client));
}

// A connection that joins no namespace within connectTimeout is closed.
void tst_Namespace::shouldCloseAClientWithoutNamespace()
{
    SocketIo::ServerOptions options;
    options.setConnectTimeout(100ms);
    auto io = SocketIoTest::newServer(options);
    QVERIFY(io);
    auto client = SocketIoTest::newClient();
    QSignalSpy opened(client.get(), &RawSioClient::opened);
    QSignalSpy closed(client.get(), &RawSioClient::closed);
    client->open(io->serverPort());
    QTRY_COMPARE(opened.size(), 1);
    QTRY_COMPARE(closed.size(), 1);
    QTRY_COMPARE(io->engine()->clientsCount(), 0);
}

// Every middleware runs, in order, before connection(); the socket is not
// connected during the middleware (should only set `connected` to true
// after the middleware execution).
void tst_Namespace::middlewareShouldCallFunctions()
{
    QStringList run;
    QList<bool> connectedDuringMiddleware;
    bool connectedAtConnection = false;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->use(io.get(), [&](Socket *socket, const SocketIo::Next &next) {
        run.append(QStringLiteral("1"));
        connectedDuringMiddleware.append(socket->isConnected());
        next();
    });
    io->use(io.get(), [&](Socket *socket, const SocketIo::Next &next) {
        run.append(QStringLiteral("2"));
        connectedDuringMiddleware.append(socket->isConnected());
        next.accept();
    });
    connect(io.get(), &SocketIo::Server::connection, io.get(), [&](Socket *socket) {
        run.append(QStringLiteral("connection"));
        connectedAtConnection = socket->isConnected();
    });
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QCOMPARE(run, (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("connection")}));
    QCOMPARE(connectedDuringMiddleware, (QList<bool>{false, false}));
    QVERIFY(connectedAtConnection);
}

// A refusal sends CONNECT_ERROR with its message; later middlewares and
// connection() do not run.
void tst_Namespace::middlewareShouldPassErrors()
{
    QStringList run;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    QSignalSpy connections(io.get(), &SocketIo::Server::connection);
    io->use(io.get(), [&run](Socket *, const SocketIo::Next &next) {
        run.append(QStringLiteral("1"));
        next.reject(QStringLiteral("Authentication error"));
    });
    io->use(io.get(), [&run](Socket *, const SocketIo::Next &next) {
        run.append(QStringLiteral("2"));
        next.accept();
    });
    auto client = SocketIoTest::newClient();
    QSignalSpy connected(client.get(), &RawSioClient::connected);
    const QVariantMap error = connectError(*io, *client, Root);
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Authentication error"));
    QVERIFY(!error.contains(QStringLiteral("data")));
    QCOMPARE(run, QStringList{QStringLiteral("1")});
    QCOMPARE(connections.size(), 0);
    QCOMPARE(connected.size(), 0);
    QCOMPARE(io->sockets()->socketCount(), 0);
    QVERIFY(client->isOpen());
}

void tst_Namespace::middlewareShouldPassAnObject()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->use(io.get(), [](Socket *, const SocketIo::Next &next) {
        next.reject(QStringLiteral("Authentication error"),
                    QVariantMap{{QStringLiteral("a"), QStringLiteral("b")}, {QStringLiteral("c"), 3}});
    });
    auto client = SocketIoTest::newClient();
    const QVariantMap error = connectError(*io, *client, Root);
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("Authentication error"));
    const QVariantMap data = error.value(QStringLiteral("data")).toMap();
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.value(QStringLiteral("a")).toString(), QStringLiteral("b"));
    QCOMPARE(data.value(QStringLiteral("c")).toInt(), 3);
}

// A middleware may answer later (here from a timer); connection() waits.
void tst_Namespace::middlewareShouldOnlyCallConnectionAfterLengthyFns()
{
    bool authenticated = false;
    bool authenticatedAtConnection = false;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->use(io.get(), [&authenticated](Socket *socket, const SocketIo::Next &next) {
        QTimer::singleShot(100ms, socket, [&authenticated, next] {
            authenticated = true;
            next.accept();
        });
    });
    connect(io.get(), &SocketIo::Server::connection, io.get(),
            [&](Socket *) { authenticatedAtConnection = authenticated; });
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QVERIFY(authenticated);
    QVERIFY(authenticatedAtConnection);
}

// The main namespace's middleware does not run for /chat; /chat's run in
// the order they were added, each answering later.
void tst_Namespace::middlewareShouldCallFunctionsInExpectedOrder()
{
    QList<int> result;
    bool rootMiddlewareRan = false;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->use(io.get(), [&rootMiddlewareRan](Socket *, const SocketIo::Next &next) {
        rootMiddlewareRan = true;
        next.reject(QStringLiteral("should not fire"));
    });
    Namespace *chat = io->of(QStringLiteral("/chat"));
    for (int i = 1; i <= 3; ++i) {
        chat->use(chat, [&result, i](Socket *socket, const SocketIo::Next &next) {
            result.append(i);
            QTimer::singleShot(20ms, socket, [next] { next(); });
        });
    }
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    QVERIFY(peer->socket);
    QCOMPARE(result, (QList<int>{1, 2, 3}));
    QVERIFY(!rootMiddlewareRan);
}

void tst_Namespace::middlewareShouldWorkWithACustomNamespace()
{
    int chatRuns = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *chat = io->of(QStringLiteral("/chat"));
    chat->use(chat, [&chatRuns](Socket *, const SocketIo::Next &next) {
        ++chatRuns;
        next();
    });
    auto root = SocketIoTest::connectPeer(*io, Root);
    auto c = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    QVERIFY(root->socket && c->socket);
    QCOMPARE(chatRuns, 1);
}

// A middleware that answers after the client left: no connection, and the
// socket it was given is deleted.
void tst_Namespace::middlewareShouldBeIgnoredIfSocketGetsClosed()
{
    SocketIo::Next pending;
    QPointer<Socket> pendingSocket;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    QSignalSpy connections(io.get(), &SocketIo::Server::connection);
    io->use(io.get(), [&](Socket *socket, const SocketIo::Next &next) {
        pendingSocket = socket;
        pending = next;
    });
    auto client = SocketIoTest::newClient();
    client->connectTo(io->serverPort());
    QTRY_VERIFY(pendingSocket);
    QTRY_COMPARE(io->engine()->clientsCount(), 1);
    client->close();
    QTRY_COMPARE(io->engine()->clientsCount(), 0);
    QVERIFY(!pending.isAnswered());
    pending.accept();
    QVERIFY(pending.isAnswered());
    QCOMPARE(connections.size(), 0);
    QCOMPARE(io->sockets()->socketCount(), 0);
    QTRY_VERIFY(pendingSocket.isNull());
}

void tst_Namespace::middlewareIsDroppedWhenItsContextIsDestroyed()
{
    int runs = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto context = std::make_unique<QObject>();
    io->use(context.get(), [&runs](Socket *, const SocketIo::Next &next) {
        ++runs;
        next.reject(QStringLiteral("refused"));
    });
    auto refused = SocketIoTest::newClient();
    QCOMPARE(connectError(*io, *refused, Root).value(QStringLiteral("message")).toString(), QStringLiteral("refused"));
    QCOMPARE(runs, 1);
    context.reset();
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QCOMPARE(runs, 1);
}

void tst_Namespace::shouldLeaveAllRoomsJoinedAfterAMiddlewareFailure()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    SocketIo::Adapter *adapter = io->sockets()->adapter();
    QSignalSpy roomsCreated(adapter, &SocketIo::Adapter::roomCreated);
    io->use(io.get(), [](Socket *socket, const SocketIo::Next &next) {
        socket->join(QStringLiteral("room1"));
        next.reject(QStringLiteral("nope"));
    });
    auto client = SocketIoTest::newClient();
    QCOMPARE(connectError(*io, *client, Root).value(QStringLiteral("message")).toString(), QStringLiteral("nope"));
    QVERIFY(adapter->sockets({QStringLiteral("room1")}).isEmpty());
    QVERIFY(adapter->sockets({}).isEmpty());
    QCOMPARE(roomsCreated.size(), 0);
}

// The parent's middleware and connection() cover the child; the parent
// broadcasts to it; childCreated() and newNamespace() announce it.
void tst_Namespace::shouldAllowConnectionsToDynamicNamespacesWithARegex()
{
    int middlewareRuns = 0;
    QStringList connectedNames;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    QVERIFY(parent);
    QSignalSpy childCreated(parent, &ParentNamespace::childCreated);
    QSignalSpy newNamespaces(io.get(), &SocketIo::Server::newNamespace);
    parent->use(parent, [&middlewareRuns](Socket *, const SocketIo::Next &next) {
        ++middlewareRuns;
        next();
    });
    connect(parent, &Namespace::connection, parent, [&connectedNames, parent](Socket *socket) {
        connectedNames.append(socket->nsp()->name());
        parent->emitEvent(QStringLiteral("hello"),
                          {1, QStringLiteral("2"), QVariantMap{{QStringLiteral("3"), QStringLiteral("4")}}});
    });
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(peer->socket);
    QCOMPARE(middlewareRuns, 1);
    QCOMPARE(connectedNames, QStringList{QStringLiteral("/dynamic-101")});
    QCOMPARE(childCreated.size(), 1);
    Namespace *child = childCreated.at(0).at(0).value<Namespace *>();
    QCOMPARE(child->name(), QStringLiteral("/dynamic-101"));
    QCOMPARE(peer->socket->nsp(), child);
    QCOMPARE(parent->children(), QList<Namespace *>{child});
    QCOMPARE(newNamespaces.size(), 1);
    QCOMPARE(newNamespaces.at(0).at(0).value<Namespace *>(), child);
    QTRY_COMPARE(peer->events->size(), 1);
    const QList<QVariant> hello = peer->events->at(0);
    QCOMPARE(hello.at(0).toString(), QStringLiteral("/dynamic-101"));
    QCOMPARE(hello.at(1).toString(), QStringLiteral("hello"));
    const QVariantList args = hello.at(2).toList();
    QCOMPARE(args.size(), 3);
    QCOMPARE(args.at(0).toInt(), 1);
    QCOMPARE(args.at(1).toString(), QStringLiteral("2"));
    QCOMPARE(args.at(2).toMap().value(QStringLiteral("3")).toString(), QStringLiteral("4"));
}

void tst_Namespace::shouldAllowConnectionsToDynamicNamespacesWithARegexAndEmitInARoom()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    connect(parent, &Namespace::connection, parent, [parent](Socket *socket) {
        if (socket->handshake().auth().value(QStringLiteral("join")).toBool())
            socket->join(QStringLiteral("some-room"));
    });
    auto outside = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    auto inside = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"), {{QStringLiteral("join"), true}});
    QVERIFY(outside->socket && inside->socket);
    QVERIFY(parent->to(QStringLiteral("some-room")).emitEvent(QStringLiteral("hello"), {4, QStringLiteral("3")}));
    QVERIFY(parent->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(outside->received(QStringLiteral("end")) && inside->received(QStringLiteral("end")));
    QCOMPARE(inside->names(), (QStringList{QStringLiteral("hello"), QStringLiteral("end")}));
    QCOMPARE(inside->events->at(0).at(2).toList().value(0).toInt(), 4);
    QCOMPARE(outside->names(), QStringList{QStringLiteral("end")});
}

// The matcher sees the name and the auth; once created, the child is found
// by name without asking the matcher again.
void tst_Namespace::shouldAllowConnectionsToDynamicNamespacesWithAFunction()
{
    QList<QPair<QString, QVariantMap>> asked;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    ParentNamespace *parent = io->of(io.get(), [&asked](const QString &name, const QVariantMap &auth) {
        asked.append({name, auth});
        return name == QLatin1String("/dynamic-101") && auth.value(QStringLiteral("token")) == QLatin1String("ok");
    });
    QSignalSpy childCreated(parent, &ParentNamespace::childCreated);
    auto refused = SocketIoTest::newClient();
    QCOMPARE(connectError(*io, *refused, QStringLiteral("/dynamic-101"),
                          {{QStringLiteral("token"), QStringLiteral("bad")}})
                     .value(QStringLiteral("message"))
                     .toString(),
             InvalidNamespace);
    QCOMPARE(childCreated.size(), 0);
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"),
                                          {{QStringLiteral("token"), QStringLiteral("ok")}});
    QVERIFY(peer->socket);
    QCOMPARE(childCreated.size(), 1);
    QCOMPARE(asked.size(), 2);
    QCOMPARE(asked.at(0).first, QStringLiteral("/dynamic-101"));
    QCOMPARE(asked.at(0).second.value(QStringLiteral("token")).toString(), QStringLiteral("bad"));
    QCOMPARE(asked.at(1).second.value(QStringLiteral("token")).toString(), QStringLiteral("ok"));
    auto again = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(again->socket);
    QCOMPARE(asked.size(), 2);
    QCOMPARE(childCreated.size(), 1);
}

void tst_Namespace::matcherIsDroppedWhenItsContextIsDestroyed()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto context = std::make_unique<QObject>();
    io->of(context.get(), [](const QString &, const QVariantMap &) { return true; });
    context.reset();
    auto client = SocketIoTest::newClient();
    QCOMPARE(connectError(*io, *client, QStringLiteral("/anything")).value(QStringLiteral("message")).toString(),
             InvalidNamespace);
    QVERIFY(!hasNamespace(*io, QStringLiteral("/anything")));
}

void tst_Namespace::shouldDisallowConnectionsWhenNoDynamicNamespaceMatches()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->of(DynamicPattern);
    io->of(io.get(), [](const QString &name, const QVariantMap &) { return name == QLatin1String("/dynamic-101"); });
    auto client = SocketIoTest::newClient();
    QCOMPARE(connectError(*io, *client, QStringLiteral("/abc")).value(QStringLiteral("message")).toString(),
             InvalidNamespace);
    QVERIFY(!hasNamespace(*io, QStringLiteral("/abc")));
}

// Later clients of the same name join the same child; a child's own
// middleware runs after its parent's.
void tst_Namespace::childIsCreatedOnceAndRunsTheParentMiddlewareFirst()
{
    QStringList run;
    int parentConnections = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    QSignalSpy childCreated(parent, &ParentNamespace::childCreated);
    parent->use(parent, [&run](Socket *, const SocketIo::Next &next) {
        run.append(QStringLiteral("parent"));
        next();
    });
    connect(parent, &Namespace::connection, parent, [&parentConnections](Socket *) { ++parentConnections; });
    auto first = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-1"));
    QVERIFY(first->socket);
    Namespace *child = first->socket->nsp();
    QCOMPARE(io->of(QStringLiteral("/dynamic-1")), child);
    QSignalSpy childConnections(child, &Namespace::connection);
    child->use(child, [&run](Socket *, const SocketIo::Next &next) {
        run.append(QStringLiteral("child"));
        next();
    });
    auto second = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-1"));
    QVERIFY(second->socket);
    QCOMPARE(second->socket->nsp(), child);
    QCOMPARE(childCreated.size(), 1);
    QCOMPARE(run, (QStringList{QStringLiteral("parent"), QStringLiteral("parent"), QStringLiteral("child")}));
    QCOMPARE(parentConnections, 2);
    QCOMPARE(childConnections.size(), 1);
    QCOMPARE(child->socketCount(), 2);
    QCOMPARE(parent->socketCount(), 0);
}

// A parent stands for all its children: emit, fetchSockets.
void tst_Namespace::parentBroadcastReachesEveryChild()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    auto one = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-1"));
    auto two = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-2"));
    auto root = SocketIoTest::connectPeer(*io);
    QVERIFY(one->socket && two->socket && root->socket);
    QCOMPARE(parent->children().size(), 2);
    QCOMPARE(ids(parent->fetchSockets()), sorted({one->socket->id(), two->socket->id()}));
    QVERIFY(parent->emitEvent(QStringLiteral("x")));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(one->received(QStringLiteral("x")) && two->received(QStringLiteral("x"))
                && root->received(QStringLiteral("end")));
    QCOMPARE(one->events->at(0).at(0).toString(), QStringLiteral("/dynamic-1"));
    QCOMPARE(two->events->at(0).at(0).toString(), QStringLiteral("/dynamic-2"));
    QCOMPARE(root->names(), QStringList{QStringLiteral("end")});
}

void tst_Namespace::shouldCleanUpNamespaceWhenCleanupEmptyChildNamespacesIsOnAndThereAreNoMoreSocketsInANamespace()
{
    auto io = SocketIoTest::newServer(cleanupOptions(true));
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(peer->socket);
    QPointer<Namespace> child = peer->socket->nsp();
    QVERIFY(hasNamespace(*io, QStringLiteral("/dynamic-101")));
    peer->client->disconnectNamespace(QStringLiteral("/dynamic-101"));
    QTRY_VERIFY(!hasNamespace(*io, QStringLiteral("/dynamic-101")));
    QVERIFY(parent->children().isEmpty());
    QTRY_VERIFY(child.isNull());
}

void tst_Namespace::shouldAllowAClientToConnectToACleanedUpNamespace()
{
    auto io = SocketIoTest::newServer(cleanupOptions(true));
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    QSignalSpy childCreated(parent, &ParentNamespace::childCreated);
    auto first = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(first->socket);
    first->client->disconnectNamespace(QStringLiteral("/dynamic-101"));
    QTRY_VERIFY(!hasNamespace(*io, QStringLiteral("/dynamic-101")));
    auto second = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(second->socket);
    QCOMPARE(childCreated.size(), 2);
    QCOMPARE(parent->children().size(), 1);
}

void tst_Namespace::shouldNotCleanUpNamespaceWhenCleanupEmptyChildNamespacesIsOffAndThereAreNoMoreSocketsInANamespace()
{
    auto io = SocketIoTest::newServer(cleanupOptions(false));
    QVERIFY(io);
    io->of(DynamicPattern);
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(peer->socket);
    Namespace *child = peer->socket->nsp();
    QSignalSpy countChanged(child, &Namespace::socketCountChanged);
    peer->client->disconnectNamespace(QStringLiteral("/dynamic-101"));
    QTRY_COMPARE(countChanged.size(), 1);
    QVERIFY(hasNamespace(*io, QStringLiteral("/dynamic-101")));
    QCOMPARE(child->socketCount(), 0);
}

void tst_Namespace::shouldNotCleanUpANonDynamicNamespace()
{
    auto io = SocketIoTest::newServer(cleanupOptions(true));
    QVERIFY(io);
    Namespace *chat = io->of(QStringLiteral("/chat"));
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    QVERIFY(peer->socket);
    QSignalSpy countChanged(chat, &Namespace::socketCountChanged);
    peer->client->disconnectNamespace(QStringLiteral("/chat"));
    QTRY_COMPARE(countChanged.size(), 1);
    QVERIFY(hasNamespace(*io, QStringLiteral("/chat")));
    QCOMPARE(io->of(QStringLiteral("/chat")), chat);
    QCOMPARE(chat->socketCount(), 0);
}

// As in Node: a child whose only client was refused by a middleware is
// removed too.
void tst_Namespace::shouldCleanUpNamespaceWhenCleanupEmptyChildNamespacesIsOnAndClientIsRejectedInMiddleware()
{
    auto io = SocketIoTest::newServer(cleanupOptions(true));
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    parent->use(parent,
                [](Socket *, const SocketIo::Next &next) { next.reject(QStringLiteral("You shall not pass!")); });
    auto client = SocketIoTest::newClient();
    QCOMPARE(connectError(*io, *client, QStringLiteral("/dynamic-101")).value(QStringLiteral("message")).toString(),
             QStringLiteral("You shall not pass!"));
    QVERIFY(SocketIoTest::connectClient(*io, *client)); // the server has handled the refusal
    QVERIFY(!hasNamespace(*io, QStringLiteral("/dynamic-101")));
    QVERIFY(parent->children().isEmpty());
}

// io.of(name) for a name a parent's pattern matches creates a child of it.
void tst_Namespace::shouldAttachAChildNamespaceToItsParentUponManualCreation()
{
    int parentMiddlewareRuns = 0;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    ParentNamespace *parent = io->of(DynamicPattern);
    parent->use(parent, [&parentMiddlewareRuns](Socket *, const SocketIo::Next &next) {
        ++parentMiddlewareRuns;
        next();
    });
    Namespace *child = io->of(QStringLiteral("/dynamic-101"));
    QCOMPARE(parent->children(), QList<Namespace *>{child});
    auto peer = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-101"));
    QVERIFY(peer->socket);
    QCOMPARE(peer->socket->nsp(), child);
    QCOMPARE(parentMiddlewareRuns, 1);
}

void tst_Namespace::fetchSocketsReturnsAllSocketInstances()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->of(QStringLiteral("/other"));
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io);
    auto other = SocketIoTest::connectPeer(*io, QStringLiteral("/other"));
    QVERIFY(p1->socket && p2->socket && p3->socket && other->socket);
    QCOMPARE(ids(io->fetchSockets()), sorted({p1->socket->id(), p2->socket->id(), p3->socket->id()}));
    QCOMPARE(ids(io->sockets()->fetchSockets()), ids(io->fetchSockets()));
    QCOMPARE(ids(io->of(QStringLiteral("/other"))->fetchSockets()), QStringList{other->socket->id()});
}

void tst_Namespace::fetchSocketsReturnsAllSocketInstancesInTheGivenRoom()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *chat = io->of(QStringLiteral("/chat"));
    auto p1 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto p2 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto p3 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto root = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket && root->socket);
    p1->socket->join(QStringList{QStringLiteral("room1"), QStringLiteral("room2")});
    p2->socket->join(QStringLiteral("room1"));
    p3->socket->join(QStringLiteral("room2"));
    root->socket->join(QStringLiteral("room1"));
    QCOMPARE(ids(chat->in(QStringLiteral("room1")).fetchSockets()), sorted({p1->socket->id(), p2->socket->id()}));
    QCOMPARE(ids(chat->in(QStringLiteral("room1")).except(QStringLiteral("room2")).fetchSockets()),
             QStringList{p2->socket->id()});
    QCOMPARE(ids(io->in(QStringLiteral("room1")).fetchSockets()), QStringList{root->socket->id()});
}

// The asynchronous form, as Node's fetchSockets() promise: without a cluster every socket is
// this server's, and the callback runs before the call returns.
void tst_Namespace::fetchSocketsWithACallbackGivesRemoteSockets()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *chat = io->of(QStringLiteral("/chat"));
    auto p1 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto p2 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    QVERIFY(p1->socket && p2->socket);
    p1->socket->join(QStringLiteral("room1"));
    p1->socket->setData({{QStringLiteral("user"), QStringLiteral("ada")}});

    QList<SocketIo::RemoteSocket> got;
    QVariant error = QStringLiteral("not called");
    chat->in(QStringLiteral("room1"))
            .fetchSockets(this, [&](const QList<SocketIo::RemoteSocket> &sockets, const QVariant &e) {
                got = sockets;
                error = e;
            });
    QVERIFY(error.isNull());
    QCOMPARE(got.size(), 1);
    const SocketIo::RemoteSocket remote = got.first();
    QCOMPARE(remote.id(), p1->socket->id());
    QVERIFY(remote.isLocal());
    QCOMPARE(remote.socket(), p1->socket);
    QCOMPARE(sorted(remote.rooms()), sorted({p1->socket->id(), QStringLiteral("room1")}));
    QCOMPARE(remote.data().value(QStringLiteral("user")).toString(), QStringLiteral("ada"));
    QVERIFY(remote.handshake().value(QStringLiteral("headers")).toMap().contains(QStringLiteral("host")));
    QVERIFY(remote.handshake().value(QStringLiteral("issued")).toLongLong() > 0);

    // What a cluster adapter sends for it, read back on this server.
    const SocketIo::RemoteSocket copy(chat, remote.toVariantMap());
    QCOMPARE(copy.id(), remote.id());
    QCOMPARE(copy.rooms(), remote.rooms());
    QCOMPARE(copy.data(), remote.data());
    QCOMPARE(copy.handshake(), remote.handshake());
    QCOMPARE(copy.socket(), p1->socket);

    io->fetchSockets(this, [&](const QList<SocketIo::RemoteSocket> &sockets, const QVariant &e) {
        got = sockets;
        error = e;
    });
    QVERIFY(error.isNull());
    QVERIFY(got.isEmpty()); // nobody in "/"

    // The QFuture form: finished at once without a cluster.
    QFuture<QList<SocketIo::RemoteSocket>> future = chat->in(QStringLiteral("room1")).fetchSocketsAsync();
    QVERIFY(future.isFinished());
    QCOMPARE(future.result().size(), 1);
    QCOMPARE(future.result().first().id(), p1->socket->id());
    QCOMPARE(chat->fetchSocketsAsync().result().size(), 2);
}

// emitEvent, join, leave and disconnect address the socket by its id through the adapter.
void tst_Namespace::remoteSocketActsOnItsSocketThroughTheAdapter()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    auto other = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket && other->socket);
    const SocketIo::RemoteSocket remote(io->sockets(), peer->socket);
    QVERIFY(remote.emitEvent(QStringLiteral("hello"), {1, QStringLiteral("two")}));
    QTRY_VERIFY(peer->received(QStringLiteral("hello")));
    QCOMPARE(peer->events->last().at(2).toList(), (QVariantList{1, QStringLiteral("two")}));
    remote.join(QStringLiteral("r1"));
    QVERIFY(peer->socket->rooms().contains(QStringLiteral("r1")));
    QVERIFY(!other->socket->rooms().contains(QStringLiteral("r1")));
    remote.leave(QStringLiteral("r1"));
    QVERIFY(!peer->socket->rooms().contains(QStringLiteral("r1")));
    QPointer<Socket> gone = peer->socket;
    remote.disconnect();
    QTRY_VERIFY(!gone);
    QVERIFY(other->socket->isConnected());
    QVERIFY(!remote.isLocal());
    QVERIFY(!remote.socket());
    QVERIFY(!SocketIo::RemoteSocket().emitEvent(QStringLiteral("x")));
}

// Node's in-memory adapter has nobody to ask; the callback says so at once, without an error.
void tst_Namespace::serverSideEmitWithoutAClusterAnswersAtOnce()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    bool ran = false;
    io->on(QStringLiteral("ping"), this, [&ran](const QVariantList &, const SocketIo::Ack &) { ran = true; });
    QVariant error = QStringLiteral("not called");
    QVariantList replies{QStringLiteral("not called")};
    io->serverSideEmit(QStringLiteral("ping"), {1}, this, [&](const QVariant &e, const QVariantList &r) {
        error = e;
        replies = r;
    });
    QVERIFY(error.isNull());
    QVERIFY(replies.isEmpty());
    QVERIFY(!ran); // this server's handlers are for the others' events
    // Reserved names are refused (Node throws) and the callback never runs.
    bool called = false;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("reserved event name")));
    io->serverSideEmit(QStringLiteral("connection"), {}, this,
                       [&](const QVariant &, const QVariantList &) { called = true; });
    QVERIFY(!called);
}

void tst_Namespace::socketsJoinMakesAllSocketInstancesJoinTheGivenRoom()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    io->socketsJoin({QStringLiteral("room1")});
    QCOMPARE(p1->socket->rooms(), (QStringList{p1->socket->id(), QStringLiteral("room1")}));
    QCOMPARE(p2->socket->rooms(), (QStringList{p2->socket->id(), QStringLiteral("room1")}));
}

void tst_Namespace::socketsJoinMakesAllSocketInstancesInARoomJoinTheGivenRoom()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *chat = io->of(QStringLiteral("/chat"));
    auto p1 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto p2 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto p3 = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    QVERIFY(p1->socket && p2->socket && p3->socket);
    p1->socket->join(QStringList{QStringLiteral("room1"), QStringLiteral("room2")});
    p2->socket->join(QStringLiteral("room1"));
    p3->socket->join(QStringLiteral("room2"));
    chat->in(QStringLiteral("room1")).socketsJoin({QStringLiteral("room3")});
    QVERIFY(p1->socket->rooms().contains(QStringLiteral("room3")));
    QVERIFY(p2->socket->rooms().contains(QStringLiteral("room3")));
    QVERIFY(!p3->socket->rooms().contains(QStringLiteral("room3")));
    chat->socketsJoin({QStringLiteral("all")});
    QCOMPARE(chat->adapter()->sockets({QStringLiteral("all")}).size(), 3);
}

void tst_Namespace::socketsLeaveMakesAllSocketInstancesLeaveTheGivenRoom()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    p1->socket->join(QStringList{QStringLiteral("room1"), QStringLiteral("room2")});
    p2->socket->join(QStringLiteral("room1"));
    io->socketsLeave({QStringLiteral("room1")});
    QCOMPARE(p1->socket->rooms(), (QStringList{p1->socket->id(), QStringLiteral("room2")}));
    QCOMPARE(p2->socket->rooms(), QStringList{p2->socket->id()});
}

void tst_Namespace::socketsLeaveMakesAllSocketInstancesInARoomLeaveTheGivenRoom()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket);
    p1->socket->join(QStringList{QStringLiteral("room1"), QStringLiteral("room2")});
    p2->socket->join(QStringLiteral("room1"));
    p3->socket->join(QStringLiteral("room2"));
    io->in(QStringLiteral("room2")).socketsLeave({QStringLiteral("room1")});
    QCOMPARE(p1->socket->rooms(), (QStringList{p1->socket->id(), QStringLiteral("room2")}));
    QCOMPARE(p2->socket->rooms(), (QStringList{p2->socket->id(), QStringLiteral("room1")}));
    QCOMPARE(p3->socket->rooms(), (QStringList{p3->socket->id(), QStringLiteral("room2")}));
}

// disconnectSockets(): every client gets DISCONNECT, the connections stay.
void tst_Namespace::disconnectSocketsMakesAllSocketInstancesDisconnect()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    QSignalSpy d1(p1->client.get(), &RawSioClient::disconnected);
    QSignalSpy d2(p2->client.get(), &RawSioClient::disconnected);
    QSignalSpy reasons(p1->socket.data(), &Socket::disconnected);
    io->disconnectSockets();
    QCOMPARE(io->sockets()->socketCount(), 0);
    QCOMPARE(reasons.size(), 1);
    QCOMPARE(reasons.at(0).at(0).value<Reason>(), Reason::ServerNamespaceDisconnect);
    QTRY_COMPARE(d1.size(), 1);
    QTRY_COMPARE(d2.size(), 1);
    QVERIFY(p1->client->isOpen());
    QVERIFY(p2->client->isOpen());
}

// disconnectSockets(true): the whole connections are closed.
void tst_Namespace::disconnectSocketsWithCloseClosesTheConnections()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket);
    QSignalSpy c1(p1->client.get(), &RawSioClient::closed);
    QSignalSpy c2(p2->client.get(), &RawSioClient::closed);
    io->disconnectSockets(true);
    QCOMPARE(io->sockets()->socketCount(), 0);
    QTRY_COMPARE(c1.size(), 1);
    QTRY_COMPARE(c2.size(), 1);
    QTRY_COMPARE(io->engine()->clientsCount(), 0);
}

void tst_Namespace::disconnectSocketsMakesAllSocketInstancesInARoomDisconnect()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket);
    p1->socket->join(QStringList{QStringLiteral("room1"), QStringLiteral("room2")});
    p2->socket->join(QStringLiteral("room1"));
    p3->socket->join(QStringLiteral("room2"));
    QSignalSpy c1(p1->client.get(), &RawSioClient::closed);
    QSignalSpy c2(p2->client.get(), &RawSioClient::closed);
    QSignalSpy c3(p3->client.get(), &RawSioClient::closed);
    io->in(QStringLiteral("room2")).disconnectSockets(true);
    QTRY_COMPARE(c1.size(), 1);
    QTRY_COMPARE(c3.size(), 1);
    QCOMPARE(io->sockets()->socketCount(), 1);
    QVERIFY(p2->socket);
    QVERIFY(p2->socket->isConnected());
    QVERIFY(SocketIoTest::fence(p2->socket, *p2->client));
    QCOMPARE(c2.size(), 0);
}

void tst_Namespace::emitsToANamespace()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *test = io->of(QStringLiteral("/test"));
    auto p1 = SocketIoTest::connectPeer(*io);
    auto p2 = SocketIoTest::connectPeer(*io);
    auto p3 = SocketIoTest::connectPeer(*io, QStringLiteral("/test"));
    QVERIFY(p1->socket && p2->socket && p3->socket);
    QVERIFY(io->emitEvent(QStringLiteral("a"), {QStringLiteral("b")}));
    QVERIFY(test->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("a")) && p2->received(QStringLiteral("a"))
                && p3->received(QStringLiteral("end")));
    QCOMPARE(p1->events->at(0).at(2).toList(), QVariantList{QStringLiteral("b")});
    QCOMPARE(p3->names(), QStringList{QStringLiteral("end")});
    QCOMPARE(p3->events->at(0).at(0).toString(), QStringLiteral("/test"));
}

void tst_Namespace::emitsBinaryDataToANamespace()
{
    const QByteArray bin(10, '\0');
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *test = io->of(QStringLiteral("/test"));
    auto p1 = SocketIoTest::connectPeer(*io, QStringLiteral("/test"));
    auto p2 = SocketIoTest::connectPeer(*io, QStringLiteral("/test"));
    auto p3 = SocketIoTest::connectPeer(*io);
    QVERIFY(p1->socket && p2->socket && p3->socket);
    QVERIFY(test->emitEvent(QStringLiteral("bin"), {bin}));
    QVERIFY(io->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("bin")) && p2->received(QStringLiteral("bin"))
                && p3->received(QStringLiteral("end")));
    QCOMPARE(p1->events->at(0).at(2).toList().value(0).toByteArray(), bin);
    QCOMPARE(p2->events->at(0).at(2).toList().value(0).toByteArray(), bin);
    QCOMPARE(p3->names(), QStringList{QStringLiteral("end")});
}

void tst_Namespace::shouldExcludeASpecificSocketWhenEmittingInANamespace()
{
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *nsp = io->of(QStringLiteral("/nsp"));
    auto p1 = SocketIoTest::connectPeer(*io, QStringLiteral("/nsp"));
    auto p2 = SocketIoTest::connectPeer(*io, QStringLiteral("/nsp"));
    QVERIFY(p1->socket && p2->socket);
    QVERIFY(nsp->except(p2->socket->id()).emitEvent(QStringLiteral("a")));
    QVERIFY(nsp->emitEvent(QStringLiteral("end")));
    QTRY_VERIFY(p1->received(QStringLiteral("end")) && p2->received(QStringLiteral("end")));
    QCOMPARE(p1->names(), (QStringList{QStringLiteral("a"), QStringLiteral("end")}));
    QCOMPARE(p2->names(), QStringList{QStringLiteral("end")});
}

// One answer per client (its first argument), no error.
void tst_Namespace::shouldBroadcastAndExpectMultipleAcknowledgements()
{
    int calls = 0;
    QVariant error = QStringLiteral("unset");
    QList<int> responses;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    Namespace *nsp = io->of(QStringLiteral("/chat"));
    std::vector<std::unique_ptr<SocketIoTest::TestPeer>> peers;
    for (int i = 1; i <= 3; ++i) {
        peers.push_back(SocketIoTest::connectPeer(*io, QStringLiteral("/chat")));
        QVERIFY(peers.back()->socket);
        SocketIoTest::autoAck(peers.back()->client.get(), [i](const QVariantList &) { return QVariantList{i, -i}; });
    }
    QObject context;
    QVERIFY(nsp->timeout(5s).emitWithAck(QStringLiteral("some event"), {}, &context,
                                         [&](const QVariant &e, const QVariantList &r) {
                                             ++calls;
                                             error = e;
                                             for (const QVariant &v : r)
                                                 responses.append(v.toInt());
                                         }));
    QTRY_COMPARE(calls, 1);
    QVERIFY(!error.isValid());
    std::sort(responses.begin(), responses.end());
    QCOMPARE(responses, (QList<int>{1, 2, 3}));
}

// The timeout reports the answers gathered so far; a late answer is ignored.
void tst_Namespace::shouldFailWhenAClientDoesNotAcknowledgeTheEventInTheGivenDelay()
{
    int calls = 0;
    QVariant error;
    QList<int> responses;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    std::vector<std::unique_ptr<SocketIoTest::TestPeer>> peers;
    for (int i = 1; i <= 3; ++i) {
        peers.push_back(SocketIoTest::connectPeer(*io));
        QVERIFY(peers.back()->socket);
        if (i < 3)
            SocketIoTest::autoAck(peers.back()->client.get(), [i](const QVariantList &) { return QVariantList{i}; });
    }
    QObject context;
    QVERIFY(io->timeout(200ms).emitWithAck(QStringLiteral("some event"), {}, &context,
                                           [&](const QVariant &e, const QVariantList &r) {
                                               ++calls;
                                               error = e;
                                               for (const QVariant &v : r)
                                                   responses.append(v.toInt());
                                           }));
    QTRY_COMPARE(calls, 1);
    QCOMPARE(error.toString(), TimedOut);
    std::sort(responses.begin(), responses.end());
    QCOMPARE(responses, (QList<int>{1, 2}));
    // The silent client answers late.
    SocketIoTest::TestPeer &late = *peers.back();
    QTRY_COMPARE(late.events->size(), 1);
    late.client->sendAck(Root, late.events->at(0).at(3).toLongLong(), {3});
    QVERIFY(SocketIoTest::reverseFence(late.socket, *late.client));
    QCOMPARE(calls, 1);
}

void tst_Namespace::shouldBroadcastAndReturnIfThePacketIsSentTo0Client()
{
    int calls = 0;
    QVariant error = QStringLiteral("unset");
    QVariantList responses{QStringLiteral("unset")};
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    auto peer = SocketIoTest::connectPeer(*io);
    QVERIFY(peer->socket);
    QObject context;
    QVERIFY(io->to(QStringLiteral("room123"))
                    .timeout(200ms)
                    .emitWithAck(QStringLiteral("some event"), {}, &context,
                                 [&](const QVariant &e, const QVariantList &r) {
                                     ++calls;
                                     error = e;
                                     responses = r;
                                 }));
    QCOMPARE(calls, 1);
    QVERIFY(!error.isValid());
    QVERIFY(responses.isEmpty());
    QVERIFY(SocketIoTest::fence(peer->socket, *peer->client));
    QCOMPARE(peer->names().size(), 1); // the fence alone
}

// Server::close() ends every socket of every namespace with "server
// shutting down" and closes every connection.
void tst_Namespace::serverCloseDisconnectsEveryoneWithServerShuttingDown()
{
    QStringList reasons;
    auto io = SocketIoTest::newServer();
    QVERIFY(io);
    io->of(QStringLiteral("/chat"));
    io->of(DynamicPattern);
    auto root = SocketIoTest::connectPeer(*io);
    auto chat = SocketIoTest::connectPeer(*io, QStringLiteral("/chat"));
    auto dynamic = SocketIoTest::connectPeer(*io, QStringLiteral("/dynamic-7"));
    QVERIFY(root->socket && chat->socket && dynamic->socket);
    QVERIFY(SocketIoTest::connectClient(*io, *root->client, QStringLiteral("/chat"))); // two namespaces, one connection
    std::vector<std::unique_ptr<QSignalSpy>> closed;
    for (SocketIoTest::TestPeer *peer : {root.get(), chat.get(), dynamic.get()})
        closed.push_back(std::make_unique<QSignalSpy>(peer->client.get(), &RawSioClient::closed));
    const auto namespaces = io->namespaces();
    int sockets = 0;
    for (Namespace *nsp : namespaces) {
        const auto all = nsp->sockets();
        for (Socket *socket : all) {
            ++sockets;
            connect(socket, &Socket::disconnecting, socket,
                    [&reasons](Reason r) { reasons.append(QStringLiteral("disconnecting: ") + Socket::toString(r)); });
            connect(socket, &Socket::disconnected, socket,
                    [&reasons](Reason r) { reasons.append(QStringLiteral("disconnected: ") + Socket::toString(r)); });
        }
    }
    QCOMPARE(sockets, 4);
    io->close();
    QStringList expected;
    for (int i = 0; i < sockets; ++i)
        expected << QStringLiteral("disconnecting: server shutting down")
                 << QStringLiteral("disconnected: server shutting down");
    QCOMPARE(reasons, expected);
    for (Namespace *nsp : namespaces)
        QCOMPARE(nsp->socketCount(), 0);
    for (const auto &spy : closed)
        QTRY_COMPARE(spy->size(), 1);
    QCOMPARE(io->engine()->clientsCount(), 0);
}

QTEST_MAIN(tst_Namespace)
#include "tst_namespace.moc"
