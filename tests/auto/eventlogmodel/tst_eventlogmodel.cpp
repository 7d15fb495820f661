// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// EventLogModel and EventLogFilterProxyModel under QAbstractItemModelTester,
// fed by real connections to our admin-test-server and Node's @socket.io/admin-ui.

#include "adminserverprocess.h"
#include "eventlogfilterproxymodel.h"
#include "eventlogmodel.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using SocketIoAdmin::EventLogFilterProxyModel;
using SocketIoAdmin::EventLogModel;
using SocketIoAdmin::LogEntry;

class tst_EventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void cleanup();
    void aSocketsLifeIsLogged();
    void pauseHoldsAndResumeShows();
    void capacityDropsTheOldestRows();
    void exportWritesJson();
    void filterByTypeAndText();

private:
    int find(LogEntry::Type type, const QString &name) const;
    bool driveOneUser();

    AdminServerProcess m_server;
    std::unique_ptr<SocketIoAdmin::ServerConnection> m_admin;
    std::unique_ptr<EventLogModel> m_model;
    std::unique_ptr<EventLogFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    QString m_userId;
};

void tst_EventLogModel::initTestCase_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("cpp") << QStringLiteral("cpp");
    QTest::newRow("node") << QStringLiteral("node");
}

void tst_EventLogModel::init()
{
    QFETCH_GLOBAL(QString, server);
    QVERIFY2(m_server.start(server, {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_server.errorString()));
    m_admin = openAdmin(adminSettings(m_server));
    QVERIFY(m_admin);
    m_model = std::make_unique<EventLogModel>();
    m_proxy = std::make_unique<EventLogFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->addConnection(m_admin.get());
}

void tst_EventLogModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_admin.reset();
    m_server.stop();
}

int tst_EventLogModel::find(LogEntry::Type type, const QString &name) const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const LogEntry e = m_model->entryAt(row);
        if (e.type == type && e.name == name && e.socketId == m_userId)
            return row;
    }
    return -1;
}

// A user connects to /chat, joins "lobby", asks for an echo and leaves.
bool tst_EventLogModel::driveOneUser()
{
    UserClient user(m_server.url(), QStringLiteral("/chat"));
    if (!user.connectAndWait())
        return false;
    m_userId = user.id();
    user.socket()->emitEvent(QStringLiteral("join"), {QStringLiteral("lobby")});
    user.socket()->emitEvent(QStringLiteral("echo"), {QStringLiteral("hi"), QVariantMap{{QStringLiteral("n"), 1}}});
    if (!QTest::qWaitFor([&] { return !user.received.isEmpty(); }, 5000))
        return false;
    user.socket()->disconnect();
    return true;
}

void tst_EventLogModel::aSocketsLifeIsLogged()
{
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(driveOneUser());
    QTRY_VERIFY_WITH_TIMEOUT(find(LogEntry::Type::Disconnection, QStringLiteral("client namespace disconnect")) >= 0,
                             5000);
    QVERIFY(find(LogEntry::Type::Connection, QStringLiteral("websocket")) >= 0);
    QVERIFY(find(LogEntry::Type::RoomJoined, QStringLiteral("lobby")) >= 0);
    const int received = find(LogEntry::Type::Received, QStringLiteral("echo"));
    QVERIFY(received >= 0);
    QVERIFY(find(LogEntry::Type::Sent, QStringLiteral("echo")) >= 0);
    QCOMPARE(m_model->index(received, EventLogModel::ArgsColumn).data().toString(),
             QStringLiteral("[\"hi\",{\"n\":1}]"));
    QCOMPARE(m_model->index(received, EventLogModel::NamespaceColumn).data().toString(), QStringLiteral("/chat"));
    QCOMPARE(m_model->index(received, EventLogModel::TypeColumn).data().toString(), QStringLiteral("received"));
    QCOMPARE(m_model->index(received, EventLogModel::ServerColumn).data().toString(), m_admin->displayName());
    QTRY_VERIFY_WITH_TIMEOUT(find(LogEntry::Type::RoomLeft, QStringLiteral("lobby")) >= 0, 5000);
    QCOMPARE(resets.size(), 0);
}

void tst_EventLogModel::pauseHoldsAndResumeShows()
{
    m_model->setPaused(true);
    QVERIFY(driveOneUser());
    QTRY_VERIFY_WITH_TIMEOUT(m_model->heldCount() >= 5, 5000);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setPaused(false);
    QCOMPARE(m_model->heldCount(), 0);
    QVERIFY(find(LogEntry::Type::Received, QStringLiteral("echo")) >= 0);
}

void tst_EventLogModel::capacityDropsTheOldestRows()
{
    m_model->setCapacity(4);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved);
    QVERIFY(driveOneUser());
    QTRY_VERIFY_WITH_TIMEOUT(find(LogEntry::Type::RoomLeft, QStringLiteral("lobby")) >= 0, 5000);
    QCOMPARE(m_model->rowCount(), 4);
    QVERIFY(driveOneUser()); // a second user: its rows push the first one's out
    QTRY_VERIFY_WITH_TIMEOUT(find(LogEntry::Type::RoomLeft, QStringLiteral("lobby")) >= 0, 5000);
    QCOMPARE(m_model->rowCount(), 4);
    QVERIFY(!removed.isEmpty());
    for (const QList<QVariant> &r : std::as_const(removed))
        QCOMPARE(r.at(1).toInt(), 0); // always from the top
    QCOMPARE(resets.size(), 0);
    // a batch larger than the capacity keeps its newest rows
    QList<LogEntry> many(10);
    for (int i = 0; i < many.size(); ++i)
        many[i].name = QString::number(i);
    m_model->append(many);
    QCOMPARE(m_model->rowCount(), 4);
    QCOMPARE(m_model->entryAt(3).name, QStringLiteral("9"));
    QCOMPARE(m_model->entryAt(0).name, QStringLiteral("6"));
}

void tst_EventLogModel::exportWritesJson()
{
    QVERIFY(driveOneUser());
    QTRY_VERIFY_WITH_TIMEOUT(find(LogEntry::Type::Disconnection, QStringLiteral("client namespace disconnect")) >= 0,
                             5000);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("log.json"));
    QString error;
    QVERIFY2(m_model->exportJson(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(rows.size(), m_model->rowCount());
    const auto echo = std::find_if(rows.cbegin(), rows.cend(), [](const QJsonValue &v) {
        return v[QLatin1String("type")] == QLatin1String("event_received")
                && v[QLatin1String("name")] == QLatin1String("echo");
    });
    QVERIFY(echo != rows.cend());
    QCOMPARE((*echo)[QLatin1String("args")].toArray().at(0).toString(), QStringLiteral("hi"));
    QCOMPARE((*echo)[QLatin1String("nsp")].toString(), QStringLiteral("/chat"));
    QVERIFY(QDateTime::fromString((*echo)[QLatin1String("time")].toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(!m_model->exportJson(dir.filePath(QStringLiteral("no/such/dir/log.json")), &error));
    QVERIFY(!error.isEmpty());
    m_model->clear();
    QCOMPARE(m_model->rowCount(), 0);
}

void tst_EventLogModel::filterByTypeAndText()
{
    QVERIFY(driveOneUser());
    QTRY_VERIFY_WITH_TIMEOUT(find(LogEntry::Type::RoomLeft, QStringLiteral("lobby")) >= 0, 5000);
    m_proxy->setTypeFilter(LogEntry::Type::Received);
    QVERIFY(m_proxy->rowCount() >= 1);
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        QCOMPARE(m_proxy->index(row, EventLogModel::TypeColumn).data().toString(), QStringLiteral("received"));
    m_proxy->setTypeFilter(std::nullopt);
    m_proxy->setFilterText(QStringLiteral("LOBBY"));
    QCOMPARE(m_proxy->rowCount(), 3); // the "join" event asking for it, joined and left
}

QTEST_MAIN(tst_EventLogModel)
#include "tst_eventlogmodel.moc"
