// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// ServerTreeModel and ServerTreeProxyModel under QAbstractItemModelTester, fed
// by real connections to our admin-test-server and to Node's @socket.io/admin-ui.

#include "adminserverprocess.h"
#include "servertreemodel.h"
#include "servertreeproxymodel.h"

#include <QtCore/QElapsedTimer>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using SocketIoAdmin::ServerTreeModel;
using SocketIoAdmin::ServerTreeProxyModel;

class tst_ServerTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();
    void serversAndNamespacesAreListed();
    void roomsFollowJoinAndLeave();
    void socketsVanishWhenTheyDisconnect();
    void privateRoomsAreHiddenByDefault();
    void productionServerCountsFromStats();
    void twoServersAtOnce();
    void thousandSocketsInOneBatch();

private:
    int childCount(const QAbstractItemModel &model, const QModelIndex &parent, const QString &name) const;
    QModelIndex child(const QAbstractItemModel &model, const QModelIndex &parent, const QString &name) const;

    AdminServerProcess m_server;
    std::unique_ptr<SocketIoAdmin::ServerConnection> m_admin;
    std::unique_ptr<ServerTreeModel> m_model;
    std::unique_ptr<ServerTreeProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void tst_ServerTreeModel::initTestCase_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("cpp") << QStringLiteral("cpp");
    QTest::newRow("node") << QStringLiteral("node");
}

void tst_ServerTreeModel::init()
{
    m_model = std::make_unique<ServerTreeModel>();
    m_proxy = std::make_unique<ServerTreeProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_ServerTreeModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_admin.reset();
    m_proxy.reset();
    m_model.reset();
    m_server.stop();
}

// The child of \a parent shown as \a name (a namespace, room or socket id).
QModelIndex tst_ServerTreeModel::child(const QAbstractItemModel &model, const QModelIndex &parent,
                                       const QString &name) const
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data().toString() == name)
            return index;
    }
    return {};
}

int tst_ServerTreeModel::childCount(const QAbstractItemModel &model, const QModelIndex &parent,
                                    const QString &name) const
{
    const QModelIndex index = child(model, parent, name);
    return index.isValid() ? model.rowCount(index) : -1;
}

void tst_ServerTreeModel::serversAndNamespacesAreListed()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model->addConnection(m_admin.get());
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex top = m_model->index(0, 0);
    QCOMPARE(top.data().toString(), m_admin->displayName()); // connected: the name alone
    QCOMPARE(top.data(Qt::ToolTipRole).toString(), QStringLiteral("connected"));
    QCOMPARE(top.data(ServerTreeModel::ConnectionRole).value<QObject *>(), m_admin.get());
    // the namespaces come with server_stats: /, /chat and /admin
    QTRY_VERIFY_WITH_TIMEOUT(child(*m_model, top, QStringLiteral("/chat")).isValid(), 5000);
    QVERIFY(child(*m_model, top, QStringLiteral("/")).isValid());
    const QModelIndex admin = child(*m_model, top, QStringLiteral("/admin"));
    QVERIFY(admin.isValid());
    QCOMPARE(admin.siblingAtColumn(ServerTreeModel::SocketsColumn).data().toInt(), 1);
}

void tst_ServerTreeModel::roomsFollowJoinAndLeave()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model->addConnection(m_admin.get());
    UserClient user(m_server.url(), QStringLiteral("/chat"));
    QVERIFY(user.connectAndWait());
    const QModelIndex top = m_model->index(0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(child(*m_model, top, QStringLiteral("/chat")).isValid(), 5000);
    const QPersistentModelIndex chat = child(*m_model, top, QStringLiteral("/chat"));
    QTRY_COMPARE_WITH_TIMEOUT(childCount(*m_model, chat, user.id()), 1, 5000); // its private room

    user.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("lobby")});
    QTRY_COMPARE_WITH_TIMEOUT(childCount(*m_model, chat, QStringLiteral("lobby")), 1, 5000);
    const QModelIndex lobby = child(*m_model, chat, QStringLiteral("lobby"));
    QCOMPARE(m_model->index(0, 0, lobby).data().toString(), user.id());
    QCOMPARE(lobby.siblingAtColumn(ServerTreeModel::SocketsColumn).data().toInt(), 1);
    QCOMPARE(m_model->indexOf(m_admin.get(), QStringLiteral("/chat"), QStringLiteral("lobby")), lobby);

    // the admin leaves it for the socket: the room goes with its last socket
    QVERIFY(m_admin->leaveRoom(QStringLiteral("/chat"), QStringLiteral("lobby"), user.id()));
    QTRY_VERIFY_WITH_TIMEOUT(!child(*m_model, chat, QStringLiteral("lobby")).isValid(), 5000);
    QVERIFY(m_admin->joinRoom(QStringLiteral("/chat"), QStringLiteral("vip"), {}));
    QTRY_COMPARE_WITH_TIMEOUT(childCount(*m_model, chat, QStringLiteral("vip")), 1, 5000);
}

void tst_ServerTreeModel::socketsVanishWhenTheyDisconnect()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model->addConnection(m_admin.get());
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    UserClient a(m_server.url());
    UserClient b(m_server.url());
    QVERIFY(a.connectAndWait());
    QVERIFY(b.connectAndWait());
    const QModelIndex top = m_model->index(0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(child(*m_model, top, QStringLiteral("/")).isValid(), 5000);
    const QPersistentModelIndex root = child(*m_model, top, QStringLiteral("/"));
    QTRY_COMPARE_WITH_TIMEOUT(QModelIndex(root).siblingAtColumn(ServerTreeModel::SocketsColumn).data().toInt(), 2,
                              5000);
    const QString aId = a.id(); // empty once disconnected
    a.socket()->disconnect();
    QTRY_COMPARE_WITH_TIMEOUT(QModelIndex(root).siblingAtColumn(ServerTreeModel::SocketsColumn).data().toInt(), 1,
                              5000);
    QCOMPARE(childCount(*m_model, root, aId), -1);
    QCOMPARE(childCount(*m_model, root, b.id()), 1);
    QCOMPARE(resets.size(), 0);
}

void tst_ServerTreeModel::privateRoomsAreHiddenByDefault()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model->addConnection(m_admin.get());
    UserClient user(m_server.url());
    QVERIFY(user.connectAndWait());
    user.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("lobby")});
    const QModelIndex top = m_proxy->index(0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(child(*m_proxy, top, QStringLiteral("/")).isValid(), 5000);
    const QPersistentModelIndex root = child(*m_proxy, top, QStringLiteral("/"));
    QTRY_COMPARE_WITH_TIMEOUT(childCount(*m_proxy, root, QStringLiteral("lobby")), 1, 5000);
    QVERIFY(!m_proxy->showPrivateRooms());
    QCOMPARE(childCount(*m_proxy, root, user.id()), -1);
    QCOMPARE(m_proxy->rowCount(root), 1);
    m_proxy->setShowPrivateRooms(true);
    QCOMPARE(childCount(*m_proxy, root, user.id()), 1);
    QCOMPARE(m_proxy->rowCount(root), 2);
    QVERIFY(child(*m_proxy, root, user.id()).data(ServerTreeModel::PrivateRoomRole).toBool());
}

void tst_ServerTreeModel::productionServerCountsFromStats()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none"), QStringLiteral("--production")}),
             qPrintable(m_server.errorString()));
    UserClient user(m_server.url(), QStringLiteral("/chat"));
    QVERIFY(user.connectAndWait());
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model->addConnection(m_admin.get());
    const QModelIndex top = m_model->index(0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(child(*m_model, top, QStringLiteral("/chat")).isValid(), 5000);
    const QModelIndex chat = child(*m_model, top, QStringLiteral("/chat"));
    QCOMPARE(chat.siblingAtColumn(ServerTreeModel::SocketsColumn).data().toInt(), 1);
    QCOMPARE(m_model->rowCount(chat), 0); // no rooms without per-socket events
}

void tst_ServerTreeModel::twoServersAtOnce()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    AdminServerProcess other;
    QVERIFY2(other.start(QStringLiteral("cpp"), {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(other.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    auto second = openAdmin(adminSettings(other));
    QVERIFY(m_admin && second);
    m_model->addConnection(m_admin.get());
    m_model->addConnection(second.get());
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->indexOf(second.get()).row(), 1);
    second.reset(); // a connection that goes away leaves the tree
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->connections(), QList<SocketIoAdmin::ServerConnection *>{m_admin.get()});
}

// 1,000 connections in one batch, spread over 10 rooms, then half of them gone.
void tst_ServerTreeModel::thousandSocketsInOneBatch()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model->addConnection(m_admin.get());
    SocketIoAdmin::SocketChanges burst;
    for (int i = 0; i < 1000; ++i) {
        SocketIoAdmin::SocketInfo info;
        info.nsp = QStringLiteral("/load");
        info.id = QStringLiteral("load-%1").arg(i);
        info.rooms = {info.id, QStringLiteral("room-%1").arg(i % 10)};
        burst.added.append(info);
    }
    // The testers check the whole tree on every change: they stay for the other cases, not for this timing.
    m_proxyTester.reset();
    m_modelTester.reset();
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QElapsedTimer timer;
    timer.start();
    Q_EMIT m_admin->socketsChanged(burst);
    const QModelIndex load = m_model->indexOf(m_admin.get(), QStringLiteral("/load"));
    QVERIFY(load.isValid());
    QCOMPARE(m_model->rowCount(load), 1010); // 1,000 private rooms and 10 shared ones
    const QModelIndex proxyLoad = m_proxy->mapFromSource(load);
    QCOMPARE(m_proxy->rowCount(proxyLoad), 10);
    QCOMPARE(load.siblingAtColumn(ServerTreeModel::SocketsColumn).data().toInt(), 1000);
    SocketIoAdmin::SocketChanges gone;
    for (int i = 0; i < 1000; i += 2)
        gone.removed.append({QStringLiteral("/load"), QStringLiteral("load-%1").arg(i)});
    Q_EMIT m_admin->socketsChanged(gone);
    QCOMPARE(m_model->rowCount(load), 505); // rooms 0, 2, 4, 6, 8 emptied and gone
    QCOMPARE(m_proxy->rowCount(proxyLoad), 5);
    QCOMPARE(resets.size(), 0);
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    qDebug() << "1,000 added and 500 removed in" << timer.elapsed() << "ms";
}

QTEST_MAIN(tst_ServerTreeModel)
#include "tst_servertreemodel.moc"
