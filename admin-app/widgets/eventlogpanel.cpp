// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "eventlogpanel.h"

#include "eventlogfilterproxymodel.h"
#include "eventlogmodel.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::EventLogPanel
    \brief The event log tab of the main window.
*/

EventLogPanel::EventLogPanel(EventLogModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new EventLogFilterProxyModel(this)), m_view(new QTableView(this)),
      m_pause(new QToolButton(this)), m_type(new QComboBox(this)), m_filter(new QLineEdit(this)),
      m_held(new QLabel(this))
{
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Widths from typical contents, so that times, ids and types are not cut.
    const QFontMetrics metrics = m_view->fontMetrics();
    const std::pair<int, QString> samples[] = {
            {EventLogModel::TimeColumn, QStringLiteral("00:00:00.000")},
            {EventLogModel::ServerColumn, QStringLiteral("127.0.0.1:00000")},
            {EventLogModel::NamespaceColumn, tr("Namespace")},
            {EventLogModel::SocketColumn, QStringLiteral("xPqT_BJrGjoK8W9DqKdoW")},
            {EventLogModel::TypeColumn, EventLogModel::typeText(LogEntry::Type::Disconnection)},
            {EventLogModel::NameColumn, QStringLiteral("client namespace disc")},
    };
    for (const auto &[column, sample] : samples)
        m_view->setColumnWidth(column, metrics.horizontalAdvance(sample) + 16);

    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold new events until resumed"));
    auto *clear = new QToolButton(this);
    clear->setText(tr("Clear"));
    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export…"));
    exportButton->setToolTip(tr("Save the log as a JSON file"));
    m_type->addItem(tr("All types"), -1);
    for (LogEntry::Type type : {LogEntry::Type::Received, LogEntry::Type::Sent, LogEntry::Type::Connection,
                                LogEntry::Type::Disconnection, LogEntry::Type::RoomJoined, LogEntry::Type::RoomLeft})
        m_type->addItem(EventLogModel::typeText(type), int(type));
    m_filter->setPlaceholderText(tr("Filter: socket, event, room, arguments…"));
    m_filter->setClearButtonEnabled(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_pause);
    bar->addWidget(clear);
    bar->addWidget(exportButton);
    bar->addWidget(m_type);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_held);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_pause, &QToolButton::toggled, model, &EventLogModel::setPaused);
    connect(model, &EventLogModel::pausedChanged, this, [this] {
        m_pause->setChecked(m_model->isPaused());
        m_pause->setText(m_model->isPaused() ? tr("Resume") : tr("Pause"));
        updateHeld();
    });
    connect(model, &EventLogModel::heldCountChanged, this, &EventLogPanel::updateHeld);
    connect(clear, &QToolButton::clicked, model, &EventLogModel::clear);
    connect(exportButton, &QToolButton::clicked, this, &EventLogPanel::exportAsked);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        const int type = m_type->currentData().toInt();
        m_proxy->setTypeFilter(type < 0 ? std::nullopt : std::optional<LogEntry::Type>(LogEntry::Type(type)));
    });
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &EventLogFilterProxyModel::setFilterText);
    // Follow the newest row while the view is scrolled to the bottom.
    QScrollBar *scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this,
            [this, scroll](int value) { m_follow = value >= scroll->maximum(); });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow)
            m_view->scrollToBottom();
    });
}

EventLogPanel::~EventLogPanel() = default;

void EventLogPanel::updateHeld()
{
    const int held = m_model->heldCount();
    m_held->setText(m_model->isPaused() ? tr("%n event(s) held", nullptr, held) : QString());
}

void EventLogPanel::exportAsked()
{
    const QString fileName = QFileDialog::getSaveFileName(
            this, tr("Export the event log"), QStringLiteral("socketio-events.json"), tr("JSON files (*.json)"));
    if (!fileName.isEmpty())
        exportTo(fileName);
}

void EventLogPanel::exportTo(const QString &fileName)
{
    QString error;
    if (!m_model->exportJson(fileName, &error))
        QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1: %2").arg(fileName, error));
}

} // namespace SocketIoAdmin
