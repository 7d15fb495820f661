// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "eventlogmodel.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QSaveFile>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::EventLogModel
    \brief The events of the followed servers: connections, disconnections,
    room changes and the events sockets received and sent.

    Rows arrive in batches, one insertion each. Past capacity() the oldest rows
    are removed with one row removal per batch, never a reset.
*/

EventLogModel::EventLogModel(QObject *parent) : QAbstractTableModel(parent) {}

EventLogModel::~EventLogModel() = default;

void EventLogModel::addConnection(ServerConnection *connection)
{
    connect(connection, &ServerConnection::eventsLogged, this, &EventLogModel::append);
}

/*! Adds \a entries at the end, or holds them while paused. */
void EventLogModel::append(const QList<LogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    if (m_paused) {
        m_held.append(entries);
        if (m_held.size() > m_capacity)
            m_held.remove(0, m_held.size() - m_capacity);
        Q_EMIT heldCountChanged();
        return;
    }
    show(entries);
}

void EventLogModel::show(QList<LogEntry> entries)
{
    if (entries.size() > m_capacity)
        entries.remove(0, entries.size() - m_capacity);
    const qsizetype overflow = m_rows.size() + entries.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(entries.size()) - 1);
    for (LogEntry &entry : entries) {
        Row row;
        row.argsJson = entry.args.isEmpty() ? QString() : Protocol::toJson(entry.args);
        row.entry = std::move(entry);
        m_rows.append(std::move(row));
    }
    endInsertRows();
}

/*! Removes every row (and what is held while paused). */
void EventLogModel::clear()
{
    if (!m_held.isEmpty()) {
        m_held.clear();
        Q_EMIT heldCountChanged();
    }
    if (m_rows.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_rows.size()) - 1);
    m_rows.clear();
    endRemoveRows();
}

int EventLogModel::capacity() const
{
    return m_capacity;
}

/*! At most \a capacity rows are kept (10,000 by default); lowering it drops the oldest. */
void EventLogModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    const qsizetype overflow = m_rows.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.remove(0, overflow);
        endRemoveRows();
    }
}

bool EventLogModel::isPaused() const
{
    return m_paused;
}

/*! Pauses the live stream: entries are held until resumed, then shown at once. */
void EventLogModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused && !m_held.isEmpty()) {
        show(std::exchange(m_held, {}));
        Q_EMIT heldCountChanged();
    }
    Q_EMIT pausedChanged();
}

int EventLogModel::heldCount() const
{
    return int(m_held.size());
}

LogEntry EventLogModel::entryAt(int row) const
{
    return m_rows.value(row).entry;
}

QString EventLogModel::typeText(LogEntry::Type type)
{
    switch (type) {
    case LogEntry::Type::Received:
        return tr("received");
    case LogEntry::Type::Sent:
        return tr("sent");
    case LogEntry::Type::Connection:
        return tr("connection");
    case LogEntry::Type::Disconnection:
        return tr("disconnection");
    case LogEntry::Type::RoomJoined:
        return tr("room joined");
    case LogEntry::Type::RoomLeft:
        return tr("room left");
    }
    return {};
}

/*!
    Writes the rows to \a fileName as a JSON array of objects with the keys
    time (ISO-8601), server, nsp, socketId, type (the protocol's spelling),
    name and args.
*/
bool EventLogModel::exportJson(const QString &fileName, QString *error) const
{
    QJsonArray array;
    for (const Row &row : m_rows) {
        const LogEntry &e = row.entry;
        array.append(QJsonObject{
                {QStringLiteral("time"), e.time.toUTC().toString(Qt::ISODateWithMs)},
                {QStringLiteral("server"), e.server},
                {QStringLiteral("nsp"), e.nsp},
                {QStringLiteral("socketId"), e.socketId},
                {QStringLiteral("type"), LogEntry::typeName(e.type)},
                {QStringLiteral("name"), e.name},
                {QStringLiteral("args"), QJsonDocument::fromJson(Protocol::toJson(e.args).toUtf8()).array()},
        });
    }
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(array).toJson()) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const LogEntry &e = row.entry;
    if (role == TypeRole)
        return int(e.type);
    if (role == SortRole && index.column() == TimeColumn)
        return e.time;
    if (role == Qt::ToolTipRole && index.column() == ArgsColumn)
        return row.argsJson.isEmpty() ? QVariant() : QVariant(Protocol::toJson(e.args, true));
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QLocale().toString(e.time.toLocalTime().time(), QStringLiteral("HH:mm:ss.zzz"));
    case ServerColumn:
        return e.server;
    case NamespaceColumn:
        return e.nsp;
    case SocketColumn:
        return e.socketId;
    case TypeColumn:
        return typeText(e.type);
    case NameColumn:
        return e.name;
    case ArgsColumn:
        return row.argsJson;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == NameColumn)
        return tr("The event's name; the room for room changes; the reason for a disconnection; the transport "
                  "for a connection");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ServerColumn:
        return tr("Server");
    case NamespaceColumn:
        return tr("Namespace");
    case SocketColumn:
        return tr("Socket");
    case TypeColumn:
        return tr("Type");
    case NameColumn:
        return tr("Event / room");
    case ArgsColumn:
        return tr("Arguments");
    }
    return {};
}

} // namespace SocketIoAdmin
