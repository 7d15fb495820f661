// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "socketdetailpane.h"

#include "adminactions.h"

#include <QtCore/QLocale>
#include <QtGui/QFontDatabase>
#include <QtGui/QAction>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace SocketIoAdmin {

namespace {

QToolButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return button;
}

QTableWidget *keyValueTable(QWidget *parent)
{
    auto *table = new QTableWidget(0, 2, parent);
    table->setHorizontalHeaderLabels({SocketDetailPane::tr("Name"), SocketDetailPane::tr("Value")});
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    return table;
}

} // namespace

/*!
    \class SocketIoAdmin::SocketDetailPane
    \brief The selected socket in full, kept current while it changes.
*/

SocketDetailPane::SocketDetailPane(AdminActions *actions, QWidget *parent)
    : QWidget(parent), m_actions(actions), m_stack(new QStackedWidget(this)),
      m_placeholder(new QLabel(tr("Select a socket to see its details."), this)), m_title(new QLabel(this)),
      m_details(new QLabel(this)), m_tabs(new QTabWidget(this)), m_rooms(new QListWidget(this)),
      m_newRoom(new QLineEdit(this)), m_join(new QPushButton(tr("Join"), this)),
      m_leave(new QPushButton(tr("Leave selected"), this)), m_headers(keyValueTable(this)),
      m_query(keyValueTable(this)), m_data(new QPlainTextEdit(this))
{
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_newRoom->setPlaceholderText(tr("room to join"));
    m_data->setReadOnly(true);
    m_data->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *roomsPage = new QWidget(this);
    auto *roomsLayout = new QVBoxLayout(roomsPage);
    roomsLayout->addWidget(m_rooms, 1);
    auto *joinRow = new QHBoxLayout;
    joinRow->addWidget(m_newRoom, 1);
    joinRow->addWidget(m_join);
    roomsLayout->addLayout(joinRow);
    roomsLayout->addWidget(m_leave, 0, Qt::AlignLeft);
    m_tabs->addTab(roomsPage, tr("Rooms"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_query, tr("Query"));
    m_tabs->addTab(m_data, tr("Data"));

    // Two rows, so that the pane stays narrow beside the table.
    auto *buttons = new QGridLayout;
    buttons->addWidget(actionButton(actions->emitAction(), this), 0, 0);
    buttons->addWidget(actionButton(actions->disconnectSocketAction(), this), 1, 0);
    buttons->addWidget(actionButton(actions->disconnectClientAction(), this), 1, 1);
    buttons->setColumnStretch(2, 1);

    auto *page = new QWidget(this);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_title);
    pageLayout->addWidget(m_details);
    pageLayout->addLayout(buttons);
    pageLayout->addWidget(m_tabs, 1);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_stack);

    connect(m_join, &QPushButton::clicked, this, [this] {
        if (m_actions->joinRoom(m_newRoom->text().trimmed(), m_key.id))
            m_newRoom->clear();
    });
    connect(m_newRoom, &QLineEdit::returnPressed, m_join, &QPushButton::click);
    connect(m_leave, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_rooms->currentItem())
            m_actions->leaveRoom(item->text(), m_key.id);
    });
    connect(m_rooms, &QListWidget::currentItemChanged, this, &SocketDetailPane::updateButtons);
    connect(m_newRoom, &QLineEdit::textChanged, this, &SocketDetailPane::updateButtons);
    connect(actions->joinAction(), &QAction::changed, this, &SocketDetailPane::updateButtons);
    clear();
}

SocketDetailPane::~SocketDetailPane() = default;

void SocketDetailPane::showSocket(ServerConnection *connection, const SocketKey &key)
{
    if (m_connection != connection) {
        if (m_connection)
            disconnect(m_connection, nullptr, this, nullptr);
        m_connection = connection;
        if (connection)
            connect(connection, &ServerConnection::socketsChanged, this, &SocketDetailPane::onChanges);
    }
    m_key = key;
    refresh();
}

void SocketDetailPane::clear()
{
    m_key = {};
    m_stack->setCurrentWidget(m_placeholder);
}

void SocketDetailPane::onChanges(const SocketChanges &changes)
{
    if (m_key.id.isEmpty())
        return;
    auto matches = [this](const SocketInfo &s) { return s.key() == m_key; };
    if (changes.removed.contains(m_key) || std::any_of(changes.updated.cbegin(), changes.updated.cend(), matches))
        refresh();
}

void SocketDetailPane::refresh()
{
    const std::optional<SocketInfo> socket = m_connection ? m_connection->socket(m_key) : std::nullopt;
    if (!socket) {
        m_placeholder->setText(m_key.id.isEmpty() ? tr("Select a socket to see its details.")
                                                  : tr("Socket %1 has disconnected.").arg(m_key.id));
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    m_stack->setCurrentIndex(1);
    m_title->setText(tr("Socket %1").arg(socket->id));
    const QLocale locale;
    m_details->setText(tr("Namespace %1 · client %2 · %3 from %4\nConnected since %5")
                               .arg(socket->nsp, socket->clientId, socket->transport, socket->address,
                                    locale.toString(socket->connectedAt.toLocalTime(), QLocale::ShortFormat)));
    const QString current = m_rooms->currentItem() ? m_rooms->currentItem()->text() : QString();
    m_rooms->clear();
    for (const QString &room : socket->rooms) {
        auto *item = new QListWidgetItem(room, m_rooms);
        if (room == socket->id) {
            item->setText(tr("%1 (own room)").arg(room));
            item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
            item->setData(Qt::UserRole, true);
        }
        if (room == current)
            m_rooms->setCurrentItem(item);
    }
    fillTable(m_headers, socket->headers);
    fillTable(m_query, socket->query);
    m_data->setPlainText(Protocol::toJson(socket->data.isValid() ? socket->data : QVariant(QVariantMap()), true));
    updateButtons();
}

void SocketDetailPane::fillTable(QTableWidget *table, const QVariantMap &values)
{
    table->setRowCount(int(values.size()));
    int row = 0;
    for (auto it = values.cbegin(); it != values.cend(); ++it, ++row) {
        table->setItem(row, 0, new QTableWidgetItem(it.key()));
        const QString text =
                it.value().typeId() == QMetaType::QString ? it.value().toString() : Protocol::toJson(it.value());
        auto *value = new QTableWidgetItem(text);
        value->setToolTip(text);
        table->setItem(row, 1, value);
    }
}

void SocketDetailPane::updateButtons()
{
    const bool canJoin = m_actions->joinAction()->isEnabled();
    const bool canLeave = m_actions->connection() && m_actions->connection()->canRun(ServerConnection::Feature::Leave);
    const QString reason = m_actions->connection()
            ? m_actions->connection()->refusalReason(ServerConnection::Feature::Join)
            : QString();
    m_join->setEnabled(canJoin && !m_newRoom->text().trimmed().isEmpty());
    m_newRoom->setEnabled(canJoin);
    m_join->setToolTip(reason);
    m_newRoom->setToolTip(reason);
    const QListWidgetItem *item = m_rooms->currentItem();
    m_leave->setEnabled(canLeave && item && !item->data(Qt::UserRole).toBool());
    m_leave->setToolTip(canLeave ? QString() : reason);
}

} // namespace SocketIoAdmin
