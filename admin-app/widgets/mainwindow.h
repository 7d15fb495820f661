// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_MAINWINDOW_H
#define SOCKETIOADMIN_MAINWINDOW_H

#include "serverconnection.h"

#include <QtCore/QHash>
#include <QtWidgets/QMainWindow>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTabWidget;
class QTreeView;
QT_END_NAMESPACE

namespace SocketIoAdmin {

class AdminActions;
class DashboardPanel;
class EventLogModel;
class EventLogPanel;
class ServerTreeModel;
class ServerTreeProxyModel;
class SocketDetailPane;
class SocketsFilterProxyModel;
class SocketsTableModel;
class StatsHistoryModel;

// The console: servers, namespaces and rooms on the left; the sockets of the
// selection (with a filter box) and the selected socket's details, the event
// log and the dashboard in tabs; the commands in the toolbar and menus.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY(MainWindow)

public:
    enum Tab { SocketsTab, EventsTab, DashboardTab };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ServerConnection *addServer(const ConnectionSettings &settings);
    void removeServer(ServerConnection *connection);
    QList<ServerConnection *> servers() const;

    bool selectServer(ServerConnection *connection, const QString &nsp = {}, const QString &room = {});
    bool selectSocket(ServerConnection *connection, const SocketKey &key);
    void showTab(Tab tab);

    AdminActions *actions() const { return m_actions; }
    SocketDetailPane *detailPane() const { return m_detail; }
    EventLogModel *eventLog() const { return m_eventLog; }
    EventLogPanel *eventLogPanel() const { return m_eventPanel; }
    DashboardPanel *dashboard() const { return m_dashboard; }
    QTableView *socketsView() const { return m_socketsView; }
    QTreeView *serverTree() const { return m_tree; }
    QLineEdit *socketFilter() const { return m_filter; }
    StatsHistoryModel *history(ServerConnection *connection) const { return m_history.value(connection); }

public Q_SLOTS:
    void openConnectDialog();

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildLayout();
    void buildMenus();
    void fitSplitters();
    void onTreeSelection();
    void onSocketSelection();
    void updateStatus();
    ServerConnection *selectedServer() const;

    ServerTreeModel *m_treeModel;
    ServerTreeProxyModel *m_treeProxy;
    SocketsTableModel *m_sockets;
    SocketsFilterProxyModel *m_socketsProxy;
    EventLogModel *m_eventLog;
    AdminActions *m_actions;
    QHash<ServerConnection *, StatsHistoryModel *> m_history;

    QTreeView *m_tree = nullptr;
    QCheckBox *m_privateRooms = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_socketsSplitter = nullptr;
    bool m_sized = false;
    QLineEdit *m_filter = nullptr;
    QTableView *m_socketsView = nullptr;
    SocketDetailPane *m_detail = nullptr;
    EventLogPanel *m_eventPanel = nullptr;
    DashboardPanel *m_dashboard = nullptr;
    QLabel *m_status = nullptr;
    QAction *m_reconnect = nullptr;
    QAction *m_disconnectServer = nullptr;
    QAction *m_removeServer = nullptr;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_MAINWINDOW_H
