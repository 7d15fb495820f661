// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The console's connection layer against real instrumented servers: our
// admin-test-server and Node's @socket.io/admin-ui (initTestCase_data()).

#include "adminserverprocess.h"
#include "serverconnection.h"

#include <SocketIo/AdminInstrumentation>
#include <SocketIo/EngineRequest>
#include <SocketIo/Server>

#include <QtNetwork/QTcpServer>
#include <QtCore/QSet>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using SocketIoAdmin::ServerConnection;
using State = SocketIoAdmin::ServerConnection::State;
using Feature = SocketIoAdmin::ServerConnection::Feature;

class tst_ServerConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void cleanup();
    void connectsAndFollowsTheAdminSocket();
    void readonlyServerRefusesCommands();
    void productionServerSendsOnlyStats();
    void wrongPasswordIsReported();
    void passwordLoginHandsOutASession();
    void unreachableServerIsReported();
    void wrongPathIsReported();
    void missingAdminNamespaceIsReported();
    void refusedByTheServerIsReported_data();
    void refusedByTheServerIsReported();
    void otherAdminNamespace();
    void userSocketLifecycle();
    void commandsReachRealClients();
    void burstOfConnectionsIsBatched();
    void reconnectsAndLogsInAgainAfterARestart();
    void argumentsParse();

private:
    bool startServer(const QStringList &flags = {});
    AdminServerProcess m_server;
};

void tst_ServerConnection::initTestCase_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("cpp") << QStringLiteral("cpp");
    QTest::newRow("node") << QStringLiteral("node");
}

bool tst_ServerConnection::startServer(const QStringList &flags)
{
    QFETCH_GLOBAL(QString, server);
    if (!m_server.start(server, QStringList{QStringLiteral("--auth"), QStringLiteral("none")} + flags)) {
        qWarning("%s", qPrintable(m_server.errorString()));
        return false;
    }
    return true;
}

void tst_ServerConnection::cleanup()
{
    m_server.stop();
}

void tst_ServerConnection::connectsAndFollowsTheAdminSocket()
{
    QVERIFY(startServer());
    auto admin = openAdmin(adminSettings(m_server));
    QVERIFY(admin);
    QCOMPARE(admin->state(), State::Connected);
    QCOMPARE(admin->statusText(), QStringLiteral("connected"));
    QVERIFY(!admin->isReadonly());
    QVERIFY(admin->canRun(Feature::Emit));
    QVERIFY(admin->features().testFlag(Feature::AllEvents));
    QVERIFY(admin->refusalReason(Feature::Disconnect).isEmpty());
    // all_sockets lists the admin socket itself, in /admin.
    QTRY_VERIFY_WITH_TIMEOUT(!admin->sockets().isEmpty(), 5000);
    const auto sockets = admin->sockets();
    QCOMPARE(sockets.begin()->nsp, QStringLiteral("/admin"));
    QVERIFY(sockets.begin()->rooms.contains(sockets.begin()->id));
    // server_stats every 2 s, with the namespaces.
    QSignalSpy stats(admin.get(), &ServerConnection::statsReceived);
    QVERIFY(stats.wait(5000));
    QVERIFY(admin->namespaces().contains(QStringLiteral("/chat")));
    QCOMPARE(admin->serverStats().size(), 1);
}

void tst_ServerConnection::readonlyServerRefusesCommands()
{
    QVERIFY(startServer({QStringLiteral("--readonly")}));
    auto admin = openAdmin(adminSettings(m_server));
    QVERIFY(admin);
    QVERIFY(admin->isReadonly());
    QVERIFY(!admin->canRun(Feature::Emit));
    QVERIFY(admin->refusalReason(Feature::Join).contains(QStringLiteral("read-only")));
    QVERIFY(!admin->joinRoom(QStringLiteral("/"), QStringLiteral("vip"), {}));
    QVERIFY(!admin->disconnectSockets(QStringLiteral("/"), false, {}));
}

void tst_ServerConnection::productionServerSendsOnlyStats()
{
    QVERIFY(startServer({QStringLiteral("--production")}));
    UserClient user(m_server.url(), QStringLiteral("/chat"));
    QVERIFY(user.connectAndWait());
    auto admin = openAdmin(adminSettings(m_server));
    QVERIFY(admin);
    QVERIFY(!admin->features().testFlag(Feature::AllEvents));
    QVERIFY(admin->canRun(Feature::Disconnect));
    QSignalSpy stats(admin.get(), &ServerConnection::statsReceived);
    QVERIFY(stats.wait(5000));
    QVERIFY(admin->sockets().isEmpty());
    const auto s = stats.last().at(0).value<SocketIoAdmin::ServerStats>();
    const auto chat =
            std::find_if(s.namespaces.cbegin(), s.namespaces.cend(),
                         [](const SocketIoAdmin::NamespaceCount &n) { return n.name == QLatin1String("/chat"); });
    QVERIFY(chat != s.namespaces.cend());
    QCOMPARE(chat->socketsCount, 1);
}

void tst_ServerConnection::wrongPasswordIsReported()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server,
                            {QStringLiteral("--auth"), QStringLiteral("admin:") + AdminServerProcess::passwordHash()}),
             qPrintable(m_server.errorString()));
    ServerConnection admin(adminSettings(m_server, QStringLiteral("admin"), QStringLiteral("wrong")));
    admin.open();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::WrongPassword, 8000);
    QVERIFY(admin.statusText().startsWith(QStringLiteral("wrong password")));
    QVERIFY(!admin.canRun(Feature::Emit));
}

void tst_ServerConnection::passwordLoginHandsOutASession()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server,
                            {QStringLiteral("--auth"), QStringLiteral("admin:") + AdminServerProcess::passwordHash()}),
             qPrintable(m_server.errorString()));
    ServerConnection admin(adminSettings(m_server, QStringLiteral("admin"), AdminServerProcess::password()));
    QSignalSpy session(&admin, &ServerConnection::sessionReceived);
    admin.open();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::Connected, 8000);
    QTRY_COMPARE_WITH_TIMEOUT(session.size(), 1, 5000);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$")).match(admin.sessionId()).hasMatch());
    // A reconnection logs in with the session id: no new session is handed out.
    admin.close();
    QCOMPARE(admin.state(), State::Disconnected);
    admin.open();
    QTRY_VERIFY_WITH_TIMEOUT(admin.state() == State::Connected && admin.hasConfig(), 8000);
    QTest::qWait(200);
    QCOMPARE(session.size(), 1);
}

void tst_ServerConnection::unreachableServerIsReported()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    SocketIoAdmin::ConnectionSettings settings;
    settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    settings.websocketOnly = true;
    ServerConnection admin(settings);
    admin.open();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::Unreachable, 15000);
    QVERIFY2(admin.statusText().contains(QStringLiteral("connection refused")), qPrintable(admin.statusText()));
}

void tst_ServerConnection::wrongPathIsReported()
{
    QVERIFY(startServer());
    auto settings = adminSettings(m_server);
    settings.path = QStringLiteral("/nope");
    settings.websocketOnly = true;
    ServerConnection admin(settings);
    admin.open();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::Failed, 15000);
    QVERIFY2(admin.statusText().contains(QStringLiteral("no Socket.IO server at path /nope/")),
             qPrintable(admin.statusText()));
}

void tst_ServerConnection::missingAdminNamespaceIsReported()
{
    QVERIFY(startServer());
    auto settings = adminSettings(m_server);
    settings.adminNamespace = QStringLiteral("/nothere");
    ServerConnection admin(settings);
    admin.open();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::NotInstrumented, 8000);
    QVERIFY(admin.statusText().contains(QStringLiteral("/nothere")));
}

void tst_ServerConnection::refusedByTheServerIsReported_data()
{
    QTest::addColumn<bool>("websocketOnly");
    QTest::newRow("websocket") << true;
    QTest::newRow("polling") << false;
}

// An origin check done by the server (allowRequest), as a server that enforces
// its CORS list does: a native client sends no Origin and is refused with 403.
// The server is our own, in this process, whatever the global row says.
void tst_ServerConnection::refusedByTheServerIsReported()
{
    QFETCH(bool, websocketOnly);
    SocketIo::ServerOptions options;
    options.setAllowRequest(this, [](const SocketIo::EngineRequest &request, const SocketIo::AllowRequestReply &reply) {
        if (request.header("origin") == "https://admin.example")
            reply.accept();
        else
            reply.reject(QStringLiteral("origin not allowed"));
    });
    SocketIo::Server io(options);
    SocketIo::AdminOptions adminOptions;
    adminOptions.setNoAuth();
    QVERIFY(SocketIo::instrument(&io, adminOptions));
    QVERIFY(io.listen(QHostAddress::LocalHost, 0));
    SocketIoAdmin::ConnectionSettings settings;
    settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(io.serverPort()));
    settings.websocketOnly = websocketOnly;
    ServerConnection admin(settings);
    admin.open();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::Refused, 15000);
    QVERIFY2(admin.statusText().contains(QStringLiteral("HTTP 403")), qPrintable(admin.statusText()));
}

void tst_ServerConnection::otherAdminNamespace()
{
    QVERIFY(startServer({QStringLiteral("--namespace"), QStringLiteral("/console")}));
    auto settings = adminSettings(m_server);
    settings.adminNamespace = QStringLiteral("console");
    settings.websocketOnly = true;
    auto admin = openAdmin(settings);
    QVERIFY(admin);
    QCOMPARE(admin->settings().adminNamespace, QStringLiteral("/console"));
}

void tst_ServerConnection::userSocketLifecycle()
{
    QVERIFY(startServer());
    auto admin = openAdmin(adminSettings(m_server));
    QVERIFY(admin);
    QList<SocketIoAdmin::LogEntry> log;
    connect(admin.get(), &ServerConnection::eventsLogged, this,
            [&log](const QList<SocketIoAdmin::LogEntry> &entries) { log += entries; });
    UserClient user(m_server.url(), QStringLiteral("/chat"));
    QVERIFY(user.connectAndWait());
    const SocketIoAdmin::SocketKey key{QStringLiteral("/chat"), user.id()};
    QTRY_VERIFY_WITH_TIMEOUT(admin->socket(key).has_value(), 5000);
    QCOMPARE(admin->socket(key)->transport, QStringLiteral("websocket"));
    QCOMPARE(admin->socket(key)->address, QStringLiteral("127.0.0.1"));
    QCOMPARE(admin->socket(key)->clientId.size(), 12);

    user.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("lobby")});
    QTRY_VERIFY_WITH_TIMEOUT(admin->socket(key)->rooms.contains(QStringLiteral("lobby")), 5000);
    user.socket()->emitEvent(QStringLiteral("set-data"), {QStringLiteral("name"), QStringLiteral("ada")});
    QTRY_COMPARE_WITH_TIMEOUT(admin->socket(key)->data.toMap().value(QStringLiteral("name")).toString(),
                              QStringLiteral("ada"), 5000);
    user.socket()->emitEvent(QStringLiteral("echo"), {1, QVariantMap{{QStringLiteral("two"), 2}}});
    auto has = [&log, &key](SocketIoAdmin::LogEntry::Type type, const QString &name) {
        return std::any_of(log.cbegin(), log.cend(), [&](const SocketIoAdmin::LogEntry &e) {
            return e.type == type && e.socketId == key.id && e.name == name;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(has(SocketIoAdmin::LogEntry::Type::Sent, QStringLiteral("echo")), 5000);
    QVERIFY(has(SocketIoAdmin::LogEntry::Type::Received, QStringLiteral("echo")));
    QVERIFY(has(SocketIoAdmin::LogEntry::Type::RoomJoined, QStringLiteral("lobby")));
    QVERIFY(has(SocketIoAdmin::LogEntry::Type::Connection, QStringLiteral("websocket")));

    user.socket()->disconnect();
    QTRY_VERIFY_WITH_TIMEOUT(!admin->socket(key).has_value(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
            has(SocketIoAdmin::LogEntry::Type::Disconnection, QStringLiteral("client namespace disconnect")), 5000);
}

void tst_ServerConnection::commandsReachRealClients()
{
    QVERIFY(startServer());
    auto admin = openAdmin(adminSettings(m_server));
    QVERIFY(admin);
    UserClient a(m_server.url());
    UserClient b(m_server.url());
    QVERIFY(a.connectAndWait());
    QVERIFY(b.connectAndWait());
    const SocketIoAdmin::SocketKey keyA{QStringLiteral("/"), a.id()};
    QTRY_VERIFY_WITH_TIMEOUT(admin->socket(keyA).has_value(), 5000);

    QVERIFY(admin->joinRoom(QStringLiteral("/"), QStringLiteral("vip"), a.id()));
    QTRY_VERIFY_WITH_TIMEOUT(admin->socket(keyA)->rooms.contains(QStringLiteral("vip")), 5000);
    QVERIFY(admin->emitEvent(QStringLiteral("/"), QStringLiteral("vip"), QStringLiteral("news"),
                             {QStringLiteral("for vips"), 1}));
    QTRY_VERIFY_WITH_TIMEOUT(!a.received.isEmpty(), 5000);
    QCOMPARE(a.received.last().first, QStringLiteral("news"));
    QCOMPARE(a.received.last().second, (QVariantList{QStringLiteral("for vips"), 1}));
    QVERIFY(admin->emitEvent(QStringLiteral("/"), {}, QStringLiteral("news"), {QStringLiteral("for all")}));
    QTRY_VERIFY_WITH_TIMEOUT(!b.received.isEmpty(), 5000);
    QCOMPARE(b.received.size(), 1); // b was not in "vip"

    QVERIFY(admin->leaveRoom(QStringLiteral("/"), QStringLiteral("vip"), a.id()));
    QTRY_VERIFY_WITH_TIMEOUT(!admin->socket(keyA)->rooms.contains(QStringLiteral("vip")), 5000);

    QSignalSpy aGone(a.socket(), &SocketIo::ClientSocket::disconnected);
    QVERIFY(admin->disconnectSockets(QStringLiteral("/"), false, a.id()));
    QVERIFY(aGone.wait(5000));
    QCOMPARE(aGone.at(0).at(0).value<SocketIo::ClientSocket::DisconnectReason>(),
             SocketIo::ClientSocket::DisconnectReason::IoServerDisconnect);
    QTRY_VERIFY_WITH_TIMEOUT(!admin->socket(keyA).has_value(), 5000);
    QVERIFY(b.socket()->isConnected());

    // close = true: b's whole connection closes.
    QSignalSpy bGone(b.socket(), &SocketIo::ClientSocket::disconnected);
    QVERIFY(admin->disconnectSockets(QStringLiteral("/"), true, b.id()));
    QVERIFY(bGone.wait(5000));
    QCOMPARE(admin->state(), State::Connected);
}

void tst_ServerConnection::burstOfConnectionsIsBatched()
{
    QVERIFY(startServer());
    auto admin = openAdmin(adminSettings(m_server));
    QVERIFY(admin);
    // all_sockets lists the console's own socket: users connecting after it arrive as socket_connected.
    QTRY_COMPARE_WITH_TIMEOUT(int(admin->sockets().size()), 1, 5000);
    QTest::qWait(150); // and the batch that reported it is out
    // A longer batch than the default 16 ms, so that coalescing shows on a loaded machine too.
    admin->setBatchInterval(std::chrono::milliseconds(100));
    QSignalSpy batches(admin.get(), &ServerConnection::socketsChanged);
    constexpr int Count = 100;
    std::vector<std::unique_ptr<UserClient>> users;
    for (int i = 0; i < Count; ++i) {
        users.push_back(std::make_unique<UserClient>(m_server.url()));
        users.back()->socket()->open();
    }
    QTRY_COMPARE_WITH_TIMEOUT(int(admin->sockets().size()), Count + 1, 15000);
    QTest::qWait(100); // the last batch
    // Every user is reported, in fewer batches than users. A user may first show up as updated
    // rather than added (Node's admin-ui can send a socket's update before the console has
    // taken in its connection, under load).
    QSet<QString> reported;
    for (const QList<QVariant> &batch : std::as_const(batches)) {
        const auto changes = batch.at(0).value<SocketIoAdmin::SocketChanges>();
        for (const auto &info : changes.added)
            reported.insert(info.id);
        for (const auto &info : changes.updated)
            reported.insert(info.id);
    }
    for (const auto &user : users)
        QVERIFY2(reported.contains(user->id()), qPrintable(user->id()));
    QVERIFY2(batches.size() < Count, qPrintable(QString::number(batches.size())));
}

// The server goes away and comes back on the same port, without the session
// it handed out: the console reconnects, the session id is refused, and it
// logs in with the password again; the sockets are those of the new server.
void tst_ServerConnection::reconnectsAndLogsInAgainAfterARestart()
{
    QFETCH_GLOBAL(QString, server);
    const QStringList flags{QStringLiteral("--auth"), QStringLiteral("admin:") + AdminServerProcess::passwordHash()};
    QVERIFY2(m_server.start(server, flags), qPrintable(m_server.errorString()));
    const quint16 port = m_server.port();
    ServerConnection admin(adminSettings(m_server, QStringLiteral("admin"), AdminServerProcess::password()));
    QSignalSpy sessions(&admin, &ServerConnection::sessionReceived);
    admin.open();
    QTRY_VERIFY_WITH_TIMEOUT(admin.state() == State::Connected && admin.hasConfig() && !admin.sockets().isEmpty(),
                             8000);
    QCOMPARE(sessions.size(), 1);
    const QString firstSession = admin.sessionId();
    const auto before = admin.sockets().keys();

    m_server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(admin.state(), State::Reconnecting, 8000);
    QVERIFY2(m_server.start(server, flags, port), qPrintable(m_server.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(admin.state() == State::Connected && sessions.size() == 2, 20000);
    QVERIFY(admin.sessionId() != firstSession);
    // all_sockets of the new server replaces the old list: the new admin socket only
    QTRY_VERIFY_WITH_TIMEOUT(admin.sockets().size() == 1 && admin.sockets().keys() != before, 5000);
}

void tst_ServerConnection::argumentsParse()
{
    using SocketIoAdmin::Protocol::parseArguments;
    QCOMPARE(parseArguments(QStringLiteral("  ")), QVariantList());
    QCOMPARE(parseArguments(QStringLiteral("[1, \"two\", null]"))->size(), 3);
    QCOMPARE(
            parseArguments(QStringLiteral("{\"a\": [1]}"))->value(0).toMap().value(QStringLiteral("a")).toList().size(),
            1);
    QString error;
    QVERIFY(!parseArguments(QStringLiteral("[1,\n 2,,]"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("line 2, column ")), qPrintable(error));
}

QTEST_MAIN(tst_ServerConnection)
#include "tst_serverconnection.moc"
