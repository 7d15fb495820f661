// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "mainwindow.h"

#include "adminactions.h"
#include "connectdialog.h"
#include "dashboardpanel.h"
#include "eventlogmodel.h"
#include "eventlogpanel.h"
#include "servertreemodel.h"
#include "servertreeproxymodel.h"
#include "socketdetailpane.h"
#include "socketsfilterproxymodel.h"
#include "socketstablemodel.h"
#include "statshistorymodel.h"

#include <QtCore/QSettings>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::MainWindow
    \brief The console's main window; several servers at once.
*/

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_treeModel(new ServerTreeModel(this)), m_treeProxy(new ServerTreeProxyModel(this)),
      m_sockets(new SocketsTableModel(this)), m_socketsProxy(new SocketsFilterProxyModel(this)),
      m_eventLog(new EventLogModel(this)), m_actions(new AdminActions(this, this))
{
    setWindowTitle(tr("Socket.IO Admin"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/socketio-admin.svg")));
    m_treeProxy->setSourceModel(m_treeModel);
    m_socketsProxy->setSourceModel(m_sockets);
    buildLayout();
    buildMenus();
    connect(m_actions, &AdminActions::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 5000); });
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    m_tree = new QTreeView(this);
    m_tree->setModel(m_treeProxy);
    m_tree->setUniformRowHeights(true);
    m_tree->setSortingEnabled(false);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ServerTreeModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(ServerTreeModel::SocketsColumn, QHeaderView::ResizeToContents);
    m_privateRooms = new QCheckBox(tr("Show private rooms"), this);
    m_privateRooms->setToolTip(tr("Rooms named after a socket id: every socket's own room"));
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 0, 4);
    leftLayout->addWidget(m_tree, 1);
    leftLayout->addWidget(m_privateRooms);

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter sockets: id, client, address, room…"));
    m_filter->setClearButtonEnabled(true);
    m_socketsView = new QTableView(this);
    m_socketsView->setModel(m_socketsProxy);
    m_socketsView->setSortingEnabled(true);
    m_socketsView->sortByColumn(SocketsTableModel::ConnectedSinceColumn, Qt::AscendingOrder);
    m_socketsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_socketsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_socketsView->setWordWrap(false);
    m_socketsView->verticalHeader()->hide();
    m_socketsView->verticalHeader()->setDefaultSectionSize(m_socketsView->fontMetrics().height() + 6);
    // Ids have a known length: fixed widths for them, the short columns fit their contents, rooms take the rest.
    QHeaderView *header = m_socketsView->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SocketsTableModel::IdColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(SocketsTableModel::ClientIdColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(SocketsTableModel::RoomsColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_socketsView->fontMetrics();
    m_socketsView->setColumnWidth(SocketsTableModel::IdColumn,
                                  metrics.horizontalAdvance(QStringLiteral("xPqT_BJrGjoK8W9DqKdoW")) + 12);
    m_socketsView->setColumnWidth(SocketsTableModel::ClientIdColumn,
                                  metrics.horizontalAdvance(QStringLiteral("yLx7KiSFAVWW")) + 12);
    auto *table = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(table);
    tableLayout->setContentsMargins(4, 4, 4, 4);
    tableLayout->addWidget(m_filter);
    tableLayout->addWidget(m_socketsView, 1);
    m_detail = new SocketDetailPane(m_actions, this);
    m_socketsSplitter = new QSplitter(Qt::Horizontal, this);
    m_socketsSplitter->addWidget(table);
    m_socketsSplitter->addWidget(m_detail);
    m_socketsSplitter->setStretchFactor(0, 3);
    m_socketsSplitter->setStretchFactor(1, 2);

    m_eventPanel = new EventLogPanel(m_eventLog, this);
    m_dashboard = new DashboardPanel(this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_socketsSplitter, tr("Sockets"));
    m_tabs->addTab(m_eventPanel, tr("Events"));
    m_tabs->addTab(m_dashboard, tr("Dashboard"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    m_mainSplitter = splitter;
    setCentralWidget(splitter);
    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status, 1);

    connect(m_privateRooms, &QCheckBox::toggled, m_treeProxy, &ServerTreeProxyModel::setShowPrivateRooms);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onTreeSelection);
    connect(m_socketsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onSocketSelection);
    connect(m_filter, &QLineEdit::textChanged, m_socketsProxy, &SocketsFilterProxyModel::setFilterText);
    connect(m_treeProxy, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        if (!parent.isValid() || !parent.parent().isValid())
            m_tree->expand(parent); // servers show their namespaces
    });
}

void MainWindow::buildMenus()
{
    auto *connectAction = new QAction(tr("&Connect…"), this);
    connectAction->setShortcut(QKeySequence::Open);
    connect(connectAction, &QAction::triggered, this, &MainWindow::openConnectDialog);
    m_reconnect = new QAction(tr("&Reconnect"), this);
    connect(m_reconnect, &QAction::triggered, this, [this] {
        if (ServerConnection *c = selectedServer())
            c->open();
    });
    m_disconnectServer = new QAction(tr("Dis&connect server"), this);
    connect(m_disconnectServer, &QAction::triggered, this, [this] {
        if (ServerConnection *c = selectedServer())
            c->close();
    });
    m_removeServer = new QAction(tr("Re&move server"), this);
    connect(m_removeServer, &QAction::triggered, this, [this] {
        if (ServerConnection *c = selectedServer())
            removeServer(c);
    });
    auto *quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(connectAction);
    file->addSeparator();
    file->addAction(quit);
    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addActions({m_reconnect, m_disconnectServer, m_removeServer});
    QMenu *socket = menuBar()->addMenu(tr("S&ocket"));
    socket->addActions({m_actions->emitAction(), m_actions->joinAction(), m_actions->leaveAction()});
    socket->addSeparator();
    socket->addActions({m_actions->disconnectSocketAction(), m_actions->disconnectClientAction()});
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About Socket.IO Admin"),
                           tr("Socket.IO Admin %1\nInspects servers instrumented with QtSocketIo's admin "
                              "namespace or Node's @socket.io/admin-ui.")
                                   .arg(QApplication::applicationVersion()));
    });

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->addAction(connectAction);
    bar->addAction(m_reconnect);
    bar->addSeparator();
    bar->addActions({m_actions->emitAction(), m_actions->joinAction(), m_actions->leaveAction(),
                     m_actions->disconnectSocketAction(), m_actions->disconnectClientAction()});
}

/*! Connects to \a settings's server and lists it; the dialog path also remembers it in the recent servers. */
ServerConnection *MainWindow::addServer(const ConnectionSettings &settings)
{
    auto *connection = new ServerConnection(settings, this);
    auto *history = new StatsHistoryModel(connection);
    history->setConnection(connection);
    m_history.insert(connection, history);
    m_treeModel->addConnection(connection);
    m_sockets->addConnection(connection);
    m_eventLog->addConnection(connection);
    connect(connection, &ServerConnection::stateChanged, this, &MainWindow::updateStatus);
    connect(connection, &ServerConnection::featuresChanged, this, &MainWindow::updateStatus);
    connection->open();
    if (!selectedServer())
        selectServer(connection);
    return connection;
}

void MainWindow::removeServer(ServerConnection *connection)
{
    if (!m_history.contains(connection))
        return;
    if (m_actions->connection() == connection)
        m_actions->setTarget(nullptr, {}, {}, {});
    if (m_dashboard->history() == m_history.value(connection))
        m_dashboard->setHistory(nullptr);
    m_detail->clear();
    m_history.remove(connection);
    m_treeModel->removeConnection(connection);
    m_sockets->removeConnection(connection);
    connection->deleteLater();
    updateStatus();
}

QList<ServerConnection *> MainWindow::servers() const
{
    return m_treeModel->connections();
}

bool MainWindow::selectServer(ServerConnection *connection, const QString &nsp, const QString &room)
{
    const QModelIndex source =
            nsp.isEmpty() ? m_treeModel->indexOf(connection) : m_treeModel->indexOf(connection, nsp, room);
    const QModelIndex index = m_treeProxy->mapFromSource(source);
    if (!index.isValid())
        return false;
    m_tree->setCurrentIndex(index);
    return true;
}

bool MainWindow::selectSocket(ServerConnection *connection, const SocketKey &key)
{
    const int row = m_sockets->rowOf(connection, key);
    const QModelIndex index = m_socketsProxy->mapFromSource(m_sockets->index(row, 0));
    if (!index.isValid())
        return false;
    showTab(SocketsTab);
    m_socketsView->setCurrentIndex(index);
    m_socketsView->scrollTo(index);
    return true;
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void MainWindow::openConnectDialog()
{
    QSettings settings;
    ConnectDialog dialog(RecentServers::load(settings), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionSettings chosen = dialog.settings();
    RecentServers::remember(settings, chosen);
    selectServer(addServer(chosen));
}

ServerConnection *MainWindow::selectedServer() const
{
    return qobject_cast<ServerConnection *>(
            m_tree->currentIndex().data(ServerTreeModel::ConnectionRole).value<QObject *>());
}

void MainWindow::onTreeSelection()
{
    const QModelIndex index = m_tree->currentIndex();
    ServerConnection *connection = selectedServer();
    const QString nsp = index.data(ServerTreeModel::NamespaceRole).toString();
    const QString room = index.data(ServerTreeModel::RoomRole).toString();
    const QString socketId = index.data(ServerTreeModel::SocketIdRole).toString();
    m_socketsProxy->setScope(connection, nsp, room);
    m_socketsView->setColumnHidden(SocketsTableModel::NamespaceColumn, !nsp.isEmpty()); // one namespace: no column
    m_actions->setTarget(connection, nsp, room, socketId);
    m_dashboard->setHistory(m_history.value(connection));
    if (!socketId.isEmpty())
        selectSocket(connection, {nsp, socketId});
    else
        m_detail->clear();
    updateStatus();
}

void MainWindow::onSocketSelection()
{
    const QModelIndex index = m_socketsProxy->mapToSource(m_socketsView->currentIndex());
    if (!index.isValid())
        return;
    ServerConnection *connection = m_sockets->connectionAt(index.row());
    const SocketInfo socket = m_sockets->socketAt(index.row());
    m_actions->setTarget(connection, socket.nsp, m_socketsProxy->scopeRoom(), socket.id);
    m_detail->showSocket(connection, socket.key());
    updateStatus();
}

void MainWindow::updateStatus()
{
    ServerConnection *connection = m_actions->connection();
    m_reconnect->setEnabled(connection && connection->state() != ServerConnection::State::Connected);
    m_disconnectServer->setEnabled(connection && connection->state() != ServerConnection::State::Disconnected);
    m_removeServer->setEnabled(connection);
    if (!connection) {
        m_status->setText(servers().isEmpty() ? tr("Not connected. File ▸ Connect… to add a server.")
                                              : tr("Select a server."));
        return;
    }
    QString text = tr("%1: %2").arg(connection->displayName(), connection->statusText());
    if (connection->isReadonly())
        text += QLatin1String(" · ") + tr("read-only: commands are disabled");
    if (connection->hasConfig() && !connection->features().testFlag(ServerConnection::Feature::AllEvents))
        text += QLatin1String(" · ") + tr("production mode: no socket events, counts from server statistics");
    m_status->setText(text);
    m_status->setToolTip(m_actions->refusalReason());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_sized) {
        fitSplitters();
        m_sized = true;
    }
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // Side by side when wide, the details under the table when narrow; the user's drags stay until then.
    const Qt::Orientation wanted = width() >= 1100 ? Qt::Horizontal : Qt::Vertical;
    if (m_socketsSplitter->orientation() != wanted)
        fitSplitters();
}

void MainWindow::fitSplitters()
{
    const bool wide = width() >= 1100;
    m_socketsSplitter->setOrientation(wide ? Qt::Horizontal : Qt::Vertical);
    const int tabs = width() - std::clamp(width() / 5, 230, 280);
    m_mainSplitter->setSizes({width() - tabs, tabs});
    m_socketsSplitter->setSizes(wide ? QList<int>{tabs * 7 / 10, tabs * 3 / 10}
                                     : QList<int>{height() / 2, height() / 2});
}

} // namespace SocketIoAdmin
