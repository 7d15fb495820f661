// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// StatsHistoryModel under QAbstractItemModelTester: real server_stats from our
// admin-test-server and Node's @socket.io/admin-ui, then the rolling window.

#include "adminserverprocess.h"
#include "statshistorymodel.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using SocketIoAdmin::StatsHistoryModel;

class tst_StatsHistoryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void realStatsFillTheSeries();
    void windowRollsWithoutReset();

private:
    double sum(const StatsHistoryModel &model, int column) const;
};

void tst_StatsHistoryModel::initTestCase_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("cpp") << QStringLiteral("cpp");
    QTest::newRow("node") << QStringLiteral("node");
}

double tst_StatsHistoryModel::sum(const StatsHistoryModel &model, int column) const
{
    double total = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        total += model.index(row, column).data().toDouble();
    return total;
}

void tst_StatsHistoryModel::realStatsFillTheSeries()
{
    QFETCH_GLOBAL(QString, server);
    AdminServerProcess process;
    QVERIFY2(process.start(server,
                           {QStringLiteral("--auth"), QStringLiteral("none"), QStringLiteral("--server-id"),
                            QStringLiteral("alpha")}),
             qPrintable(process.errorString()));
    auto admin = openAdmin(adminSettings(process));
    QVERIFY(admin);
    StatsHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConnection(admin.get());
    UserClient user(process.url());
    QVERIFY(user.connectAndWait());
    for (int i = 0; i < 5; ++i)
        user.socket()->emitEvent(QStringLiteral("echo"), {QString(100, QLatin1Char('x'))});
    QTRY_VERIFY_WITH_TIMEOUT(sum(model, StatsHistoryModel::BytesInColumn) > 500, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(model.clients() == 2, 6000); // the admin and the user
    QVERIFY(sum(model, StatsHistoryModel::PacketsInColumn) >= 5);
    QVERIFY(sum(model, StatsHistoryModel::PacketsOutColumn) >= 5);
    QVERIFY(model.maximum(StatsHistoryModel::ClientsColumn) >= 1);
    QCOMPARE(model.servers().size(), 1);
    QCOMPARE(model.servers().at(0).serverId, QStringLiteral("alpha"));
    // rows are whole consecutive seconds
    for (int row = 1; row < model.rowCount(); ++row) {
        QCOMPARE(model.index(row, StatsHistoryModel::TimeColumn).data().toDouble()
                         - model.index(row - 1, StatsHistoryModel::TimeColumn).data().toDouble(),
                 1000.0);
    }
}

void tst_StatsHistoryModel::windowRollsWithoutReset()
{
    QFETCH_GLOBAL(QString, server);
    Q_UNUSED(server) // the window is the model's own logic: fed directly
    StatsHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWindowSeconds(10);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
    for (int i = 0; i < 30; i += 2) {
        SocketIoAdmin::ServerStats s;
        s.serverId = QStringLiteral("a");
        s.clientsCount = i;
        s.receivedAt = start.addSecs(i);
        s.aggregatedEvents.append({start.addSecs(i).toMSecsSinceEpoch(), QStringLiteral("bytesOut"), {}, 10});
        model.addStats(s);
        QVERIFY(model.rowCount() <= 10);
    }
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.lastTime(), start.addSecs(28).toMSecsSinceEpoch());
    QCOMPARE(model.firstTime(), start.addSecs(19).toMSecsSinceEpoch());
    QCOMPARE(sum(model, StatsHistoryModel::BytesOutColumn), 50.0); // seconds 20..28, every other one
    QCOMPARE(resets.size(), 0);
    // a silence longer than the window starts over
    SocketIoAdmin::ServerStats late;
    late.serverId = QStringLiteral("a");
    late.receivedAt = start.addSecs(100);
    model.addStats(late);
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(tst_StatsHistoryModel)
#include "tst_statshistorymodel.moc"
