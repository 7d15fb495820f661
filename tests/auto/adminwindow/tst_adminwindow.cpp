// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The console's main window with live data from two real servers at once
// (our admin-test-server and Node's @socket.io/admin-ui): the commands from
// its actions reach real clients, a read-only server disables them, and
// screenshots at 1280×800 and 800×600 go to <build>/screenshots.

#include "adminactions.h"
#include "adminserverprocess.h"
#include "connectdialog.h"
#include "dashboardpanel.h"
#include "emitdialog.h"
#include "eventlogmodel.h"
#include "mainwindow.h"
#include "socketdetailpane.h"
#include "statshistorymodel.h"

#include <QtCore/QDir>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtWidgets/QApplication>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QTableView>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using SocketIoAdmin::MainWindow;
using SocketIoAdmin::ServerConnection;
using SocketIoAdmin::SocketKey;

class tst_AdminWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void liveDataAndScreenshots();
    void actionsReachRealClients();
    void readonlyServerDisablesActions();
    void emitDialogChecksTheJson();
    void recentServersNeverKeepThePassword();
    void windowHasTheIcon();

private:
    ServerConnection *connected(MainWindow &window, const AdminServerProcess &server);
    void grab(MainWindow &window, const QSize &size);

    AdminServerProcess m_cpp;
    AdminServerProcess m_node;
    std::vector<std::unique_ptr<UserClient>> m_users;
};

void tst_AdminWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("QtSocketIo-tests"));
    QVERIFY(QDir().mkpath(QStringLiteral(SCREENSHOT_DIR)));
}

void tst_AdminWindow::cleanup()
{
    m_users.clear();
    m_cpp.stop();
    m_node.stop();
}

ServerConnection *tst_AdminWindow::connected(MainWindow &window, const AdminServerProcess &server)
{
    ServerConnection *connection = window.addServer(adminSettings(server));
    if (!QTest::qWaitFor([connection] { return connection->hasConfig(); }, 8000))
        return nullptr;
    return connection;
}

void tst_AdminWindow::grab(MainWindow &window, const QSize &size)
{
    window.resize(size);
    const char *names[] = {"sockets", "events", "dashboard"};
    for (int tab = MainWindow::SocketsTab; tab <= MainWindow::DashboardTab; ++tab) {
        window.showTab(MainWindow::Tab(tab));
        QTest::qWait(150); // layouts and charts settle
        const QString file = QStringLiteral(SCREENSHOT_DIR "/%1-%2x%3.png")
                                     .arg(QLatin1String(names[tab]))
                                     .arg(size.width())
                                     .arg(size.height());
        const QPixmap shot = window.grab();
        QCOMPARE(shot.size(), size * shot.devicePixelRatio());
        QVERIFY2(shot.save(file), qPrintable(file));
    }
}

void tst_AdminWindow::liveDataAndScreenshots()
{
    QVERIFY2(m_cpp.start(QStringLiteral("cpp"),
                         {QStringLiteral("--auth"), QStringLiteral("none"), QStringLiteral("--server-id"),
                          QStringLiteral("qt-node-1")}),
             qPrintable(m_cpp.errorString()));
    QVERIFY2(m_node.start(QStringLiteral("node"),
                          {QStringLiteral("--auth"), QStringLiteral("none"), QStringLiteral("--server-id"),
                           QStringLiteral("node-1")}),
             qPrintable(m_node.errorString()));
    MainWindow window;
    window.actions()->setConfirmDestructive(false);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ServerConnection *cpp = connected(window, m_cpp);
    ServerConnection *node = connected(window, m_node);
    QVERIFY(cpp && node);
    QCOMPARE(window.servers().size(), 2);

    const QStringList rooms{QStringLiteral("lobby"), QStringLiteral("games"), QStringLiteral("lobby")};
    for (int i = 0; i < 6; ++i) {
        const AdminServerProcess &server = i < 4 ? m_cpp : m_node;
        m_users.push_back(
                std::make_unique<UserClient>(server.url(), i % 2 ? QStringLiteral("/chat") : QStringLiteral("/")));
        QVERIFY(m_users.back()->connectAndWait());
        m_users.back()->socket()->emitEvent(QStringLiteral("join"), {rooms.at(i % 3)});
        m_users.back()->socket()->emitEvent(QStringLiteral("set-data"),
                                            {QStringLiteral("name"), QStringLiteral("user %1").arg(i)});
        m_users.back()->socket()->emitEvent(QStringLiteral("echo"), {QStringLiteral("hello"), i});
    }
    QTRY_COMPARE_WITH_TIMEOUT(int(cpp->sockets().size()), 5, 5000); // 4 users and the console
    QTRY_VERIFY_WITH_TIMEOUT(window.eventLog()->rowCount() >= 30, 5000);
    // two server_stats at least, for lines on the dashboard
    QTRY_VERIFY_WITH_TIMEOUT(window.history(cpp)->servers().size() == 1 && window.history(cpp)->rowCount() >= 3, 8000);

    QVERIFY(window.selectServer(cpp));
    const SocketKey first{QStringLiteral("/chat"), m_users.at(1)->id()};
    QTRY_VERIFY_WITH_TIMEOUT(window.selectSocket(cpp, first), 5000);
    QCOMPARE(window.detailPane()->socketKey(), first);
    QVERIFY(window.dashboard()->summaryText().contains(QStringLiteral("qt-node-1")));

    grab(window, QSize(1280, 800));
    grab(window, QSize(800, 600));
}

void tst_AdminWindow::actionsReachRealClients()
{
    QVERIFY2(m_cpp.start(QStringLiteral("cpp"), {QStringLiteral("--auth"), QStringLiteral("none")}),
             qPrintable(m_cpp.errorString()));
    MainWindow window;
    window.actions()->setConfirmDestructive(false);
    window.show();
    ServerConnection *cpp = connected(window, m_cpp);
    QVERIFY(cpp);
    m_users.push_back(std::make_unique<UserClient>(m_cpp.url()));
    UserClient &user = *m_users.back();
    QVERIFY(user.connectAndWait());
    const SocketKey key{QStringLiteral("/"), user.id()};
    QTRY_VERIFY_WITH_TIMEOUT(window.selectSocket(cpp, key), 5000);
    SocketIoAdmin::AdminActions *actions = window.actions();
    QCOMPARE(actions->socketId(), user.id());
    QVERIFY(actions->emitAction()->isEnabled());
    QVERIFY(actions->disconnectSocketAction()->isEnabled());

    QVERIFY(actions->emitTo(user.id(), QStringLiteral("notice"), {QStringLiteral("from the window")}));
    QTRY_COMPARE_WITH_TIMEOUT(user.received.size(), 1, 5000);
    QCOMPARE(user.received.at(0).first, QStringLiteral("notice"));

    QVERIFY(actions->joinRoom(QStringLiteral("vip"), user.id()));
    auto *rooms = window.detailPane()->findChild<QListWidget *>();
    QVERIFY(rooms);
    QTRY_VERIFY_WITH_TIMEOUT(!rooms->findItems(QStringLiteral("vip"), Qt::MatchExactly).isEmpty(), 5000);

    QVERIFY(actions->disconnectSocket(user.id(), false));
    QTRY_VERIFY_WITH_TIMEOUT(!cpp->socket(key).has_value(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!user.socket()->isConnected(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(window.socketsView()->model()->rowCount(), 1, 2000); // the console's own socket
}

void tst_AdminWindow::readonlyServerDisablesActions()
{
    QVERIFY2(m_node.start(QStringLiteral("node"),
                          {QStringLiteral("--auth"), QStringLiteral("none"), QStringLiteral("--readonly")}),
             qPrintable(m_node.errorString()));
    MainWindow window;
    window.show();
    ServerConnection *node = connected(window, m_node);
    QVERIFY(node);
    m_users.push_back(std::make_unique<UserClient>(m_node.url()));
    QVERIFY(m_users.back()->connectAndWait());
    QTRY_VERIFY_WITH_TIMEOUT(window.selectSocket(node, {QStringLiteral("/"), m_users.back()->id()}), 5000);
    SocketIoAdmin::AdminActions *actions = window.actions();
    for (QAction *action : {actions->emitAction(), actions->joinAction(), actions->disconnectSocketAction(),
                            actions->disconnectClientAction()}) {
        QVERIFY(!action->isEnabled());
        QVERIFY2(action->toolTip().contains(QStringLiteral("read-only")), qPrintable(action->toolTip()));
    }
    QVERIFY(actions->refusalReason().contains(QStringLiteral("read-only")));
}

void tst_AdminWindow::emitDialogChecksTheJson()
{
    SocketIoAdmin::EmitDialog dialog;
    dialog.setTargets(QStringLiteral("/"), QStringLiteral("lobby"), {});
    dialog.setEventName(QStringLiteral("news"));
    dialog.setArgumentsText(QStringLiteral("[\"a\", {\"b\": 1}]"));
    QVERIFY(dialog.isValid());
    QCOMPARE(dialog.filter(), QStringLiteral("lobby"));
    QCOMPARE(dialog.arguments().size(), 2);
    dialog.setArgumentsText(QStringLiteral("[\"a\" {\"b\": 1}]"));
    QVERIFY(!dialog.isValid());
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("Not valid JSON: line 1, column ")),
             qPrintable(dialog.errorText()));
    dialog.setArgumentsText(QStringLiteral("{\"only\": true}"));
    QVERIFY(dialog.isValid());
    QCOMPARE(dialog.arguments().value(0).toMap().value(QStringLiteral("only")).toBool(), true);
    dialog.setArgumentsText({});
    QVERIFY(dialog.isValid());
    QVERIFY(dialog.arguments().isEmpty());
}

void tst_AdminWindow::recentServersNeverKeepThePassword()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("recent.ini")), QSettings::IniFormat);
    SocketIoAdmin::ConnectionSettings first;
    first.url = QUrl(QStringLiteral("http://example.test:3000"));
    first.adminNamespace = QStringLiteral("/console");
    first.username = QStringLiteral("admin");
    first.password = QStringLiteral("secret");
    first.websocketOnly = true;
    SocketIoAdmin::RecentServers::remember(settings, first);
    SocketIoAdmin::ConnectionSettings second;
    second.url = QUrl(QStringLiteral("http://127.0.0.1:4000"));
    SocketIoAdmin::RecentServers::remember(settings, second);
    SocketIoAdmin::RecentServers::remember(settings, first); // again: moves to the top, no duplicate
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("secret"));

    const QList<SocketIoAdmin::ConnectionSettings> recent = SocketIoAdmin::RecentServers::load(settings);
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0).url, first.url);
    QCOMPARE(recent.at(0).adminNamespace, QStringLiteral("/console"));
    QCOMPARE(recent.at(0).username, QStringLiteral("admin"));
    QVERIFY(recent.at(0).password.isEmpty());
    QVERIFY(recent.at(0).websocketOnly);

    // The dialog offers them, most recent first, and fills the form from them.
    SocketIoAdmin::ConnectDialog dialog(recent);
    QCOMPARE(dialog.settings().url, first.url);
    QCOMPARE(dialog.settings().adminNamespace, QStringLiteral("/console"));
    QVERIFY(dialog.settings().websocketOnly);
    dialog.setSettings(second);
    QCOMPARE(dialog.settings().path, QStringLiteral("/socket.io/"));
    QCOMPARE(dialog.settings().adminNamespace, QStringLiteral("/admin"));
}

void tst_AdminWindow::windowHasTheIcon()
{
    MainWindow window;
    QVERIFY(!window.windowIcon().isNull());
    const QPixmap icon = window.windowIcon().pixmap(128, 128);
    QVERIFY2(!icon.isNull(), "the SVG icon engine (qt6-svg) renders :/icons/socketio-admin.svg");
    QVERIFY(icon.save(QStringLiteral(SCREENSHOT_DIR "/icon-128.png")));
}

QTEST_MAIN(tst_AdminWindow)
#include "tst_adminwindow.moc"
