// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// SocketsTableModel and SocketsFilterProxyModel under QAbstractItemModelTester,
// fed by real connections to our admin-test-server and Node's @socket.io/admin-ui.

#include "adminserverprocess.h"
#include "socketsfilterproxymodel.h"
#include "socketstablemodel.h"

#include <QtCore/QElapsedTimer>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using SocketIoAdmin::SocketsFilterProxyModel;
using SocketIoAdmin::SocketsTableModel;

class tst_SocketsTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();
    void socketsAppearAndVanish();
    void roomsAndTransportAreShown();
    void filterBoxAndScope();
    void emitReachesTheSelectedSocket();
    void disconnectDropsTheRow();
    void burstIsInsertedInFewBatches();
    void thousandSocketsInOneBatch();

private:
    int rowOf(const QAbstractItemModel &model, const QString &id) const;

    AdminServerProcess m_server;
    std::unique_ptr<SocketIoAdmin::ServerConnection> m_admin;
    std::unique_ptr<SocketsTableModel> m_model;
    std::unique_ptr<SocketsFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
};

void tst_SocketsTableModel::initTestCase_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("cpp") << QStringLiteral("cpp");
    QTest::newRow("node") << QStringLiteral("node");
}

void tst_SocketsTableModel::init()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model = std::make_unique<SocketsTableModel>();
    m_proxy = std::make_unique<SocketsFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->addConnection(m_admin.get());
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 1, 5000); // the admin socket
}

void tst_SocketsTableModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_admin.reset();
    m_server.stop();
}

int tst_SocketsTableModel::rowOf(const QAbstractItemModel &model, const QString &id) const
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, SocketsTableModel::IdColumn).data().toString() == id)
            return row;
    }
    return -1;
}

void tst_SocketsTableModel::socketsAppearAndVanish()
{
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    auto user = std::make_unique<UserClient>(m_server.url(), QStringLiteral("/chat"));
    QVERIFY(user->connectAndWait());
    const QString id = user->id();
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(*m_model, id) >= 0, 5000);
    const int row = rowOf(*m_model, id);
    QCOMPARE(m_model->index(row, SocketsTableModel::NamespaceColumn).data().toString(), QStringLiteral("/chat"));
    QCOMPARE(m_model->index(row, SocketsTableModel::AddressColumn).data().toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(m_model->index(row, SocketsTableModel::ClientIdColumn).data().toString().size(), 12);
    QVERIFY(!m_model->index(row, SocketsTableModel::ConnectedSinceColumn).data().toString().isEmpty());
    QCOMPARE(m_model->connectionAt(row), m_admin.get());
    QCOMPARE(m_model->rowOf(m_admin.get(), {QStringLiteral("/chat"), id}), row);
    user.reset(); // the client goes away: transport close
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(*m_model, id), -1, 5000);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(resets.size(), 0);
}

void tst_SocketsTableModel::roomsAndTransportAreShown()
{
    UserClient user(m_server.url(), QStringLiteral("/"), false); // polling first, then the upgrade
    QVERIFY(user.connectAndWait());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(*m_model, user.id()) >= 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(
            m_model->index(rowOf(*m_model, user.id()), SocketsTableModel::TransportColumn).data().toString(),
            QStringLiteral("websocket"), 5000);
    user.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("lobby")});
    user.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("games")});
    QTRY_COMPARE_WITH_TIMEOUT(
            m_model->index(rowOf(*m_model, user.id()), SocketsTableModel::RoomsColumn).data().toString(),
            QStringLiteral("lobby, games"), 5000);
    const QStringList rooms =
            m_model->index(rowOf(*m_model, user.id()), 0).data(SocketsTableModel::RoomsRole).toStringList();
    QVERIFY(rooms.contains(user.id())); // the own room is kept, only not displayed
}

void tst_SocketsTableModel::filterBoxAndScope()
{
    UserClient a(m_server.url(), QStringLiteral("/"));
    UserClient b(m_server.url(), QStringLiteral("/chat"));
    QVERIFY(a.connectAndWait());
    QVERIFY(b.connectAndWait());
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 3, 5000);
    a.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("lobby")});
    QTRY_VERIFY_WITH_TIMEOUT(m_model->index(rowOf(*m_model, a.id()), SocketsTableModel::RoomsColumn).data().toString()
                                     == QLatin1String("lobby"),
                             5000);

    m_proxy->setFilterText(b.id().left(8));
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, SocketsTableModel::IdColumn).data().toString(), b.id());
    m_proxy->setFilterText(QStringLiteral("LOBBY")); // any column, any case
    QCOMPARE(m_proxy->rowCount(), 1);
    QCOMPARE(m_proxy->index(0, SocketsTableModel::IdColumn).data().toString(), a.id());
    m_proxy->setFilterText({});

    m_proxy->setScope(m_admin.get(), QStringLiteral("/chat"));
    QCOMPARE(m_proxy->rowCount(), 1);
    m_proxy->setScope(m_admin.get(), QStringLiteral("/"), QStringLiteral("lobby"));
    QCOMPARE(m_proxy->rowCount(), 1);
    m_proxy->setScope(m_admin.get());
    QCOMPARE(m_proxy->rowCount(), 3);
    m_proxy->setScope(nullptr);
    QCOMPARE(m_proxy->rowCount(), 3);
}

void tst_SocketsTableModel::emitReachesTheSelectedSocket()
{
    UserClient user(m_server.url());
    QVERIFY(user.connectAndWait());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(*m_model, user.id()) >= 0, 5000);
    const int row = rowOf(*m_model, user.id());
    const SocketIoAdmin::SocketInfo socket = m_model->socketAt(row);
    QVERIFY(m_model->connectionAt(row)->emitEvent(socket.nsp, socket.id, QStringLiteral("hello"),
                                                  {QVariantMap{{QStringLiteral("from"), QStringLiteral("console")}}}));
    QTRY_COMPARE_WITH_TIMEOUT(user.received.size(), 1, 5000);
    QCOMPARE(user.received.at(0).first, QStringLiteral("hello"));
    QCOMPARE(user.received.at(0).second.value(0).toMap().value(QStringLiteral("from")).toString(),
             QStringLiteral("console"));
}

void tst_SocketsTableModel::disconnectDropsTheRow()
{
    UserClient user(m_server.url());
    QVERIFY(user.connectAndWait());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(*m_model, user.id()) >= 0, 5000);
    const SocketIoAdmin::SocketInfo socket = m_model->socketAt(rowOf(*m_model, user.id()));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_admin->disconnectSockets(socket.nsp, false, socket.id));
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(*m_model, socket.id), -1, 5000); // user.id() is empty once disconnected
    QCOMPARE(removed.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!user.socket()->isConnected(), 5000);
}

void tst_SocketsTableModel::burstIsInsertedInFewBatches()
{
    // A longer batch than the default 16 ms, so that coalescing shows on a loaded machine too.
    m_admin->setBatchInterval(std::chrono::milliseconds(100));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    constexpr int Count = 100;
    std::vector<std::unique_ptr<UserClient>> users;
    for (int i = 0; i < Count; ++i) {
        users.push_back(std::make_unique<UserClient>(m_server.url()));
        users.back()->socket()->open();
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), Count + 1, 15000);
    QVERIFY2(inserted.size() < Count, qPrintable(QString::number(inserted.size())));
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    users.clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 1, 15000);
    QVERIFY2(removed.size() < Count, qPrintable(QString::number(removed.size())));
}

// 1,000 connections in one 16 ms batch, as a busy server sends them: one
// insertion, and the removal of every other one in as many ranges.
void tst_SocketsTableModel::thousandSocketsInOneBatch()
{
    SocketIoAdmin::SocketChanges burst;
    for (int i = 0; i < 1000; ++i) {
        SocketIoAdmin::SocketInfo info;
        info.nsp = QStringLiteral("/load");
        info.id = QStringLiteral("load-%1").arg(i);
        info.rooms = {info.id, QStringLiteral("room-%1").arg(i % 10)};
        info.connectedAt = QDateTime::currentDateTimeUtc();
        burst.added.append(info);
    }
    // The testers check the whole model on every change: they stay for the other cases, not for this timing.
    m_proxyTester.reset();
    m_modelTester.reset();
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QElapsedTimer timer;
    timer.start();
    Q_EMIT m_admin->socketsChanged(burst);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(m_model->rowCount(), 1001);
    m_proxy->setFilterText(QStringLiteral("room-3"));
    QCOMPARE(m_proxy->rowCount(), 100);
    SocketIoAdmin::SocketChanges gone;
    for (int i = 0; i < 1000; i += 2)
        gone.removed.append({QStringLiteral("/load"), QStringLiteral("load-%1").arg(i)});
    Q_EMIT m_admin->socketsChanged(gone);
    QCOMPARE(m_model->rowCount(), 501);
    QCOMPARE(m_proxy->rowCount(), 100); // room-3 holds odd ids only
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    qDebug() << "1,000 added and 500 removed in" << timer.elapsed() << "ms";
}

QTEST_MAIN(tst_SocketsTableModel)
#include "tst_socketstablemodel.moc"
