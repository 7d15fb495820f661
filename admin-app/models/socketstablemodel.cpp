// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "socketstablemodel.h"

#include <QtCore/QLocale>

#include <algorithm>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::SocketsTableModel
    \brief The sockets of every followed ServerConnection, one row each.

    New sockets are appended in one insertion per batch, changed ones get
    dataChanged() and gone ones are removed in contiguous ranges: the model never
    resets. SocketsFilterProxyModel narrows it to a server, namespace or room and
    to a text.
*/

SocketsTableModel::SocketsTableModel(QObject *parent) : QAbstractTableModel(parent) {}

SocketsTableModel::~SocketsTableModel() = default;

void SocketsTableModel::addConnection(ServerConnection *connection)
{
    if (!connection || m_index.contains(connection))
        return;
    m_index.insert(connection, {});
    connect(connection, &ServerConnection::socketsChanged, this,
            [this, connection](const SocketChanges &changes) { applyChanges(connection, changes); });
    connect(connection, &QObject::destroyed, this, [this, connection] { removeConnection(connection); });
    SocketChanges existing;
    existing.added = connection->sockets().values();
    applyChanges(connection, existing);
}

void SocketsTableModel::removeConnection(ServerConnection *connection)
{
    const auto it = m_index.constFind(connection);
    if (it == m_index.cend())
        return;
    disconnect(connection, nullptr, this, nullptr);
    QList<int> rows(it->cbegin(), it->cend());
    m_index.remove(connection);
    removeRows(rows);
}

SocketInfo SocketsTableModel::socketAt(int row) const
{
    return m_rows.value(row).info;
}

ServerConnection *SocketsTableModel::connectionAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).connection.data() : nullptr;
}

int SocketsTableModel::rowOf(ServerConnection *connection, const SocketKey &key) const
{
    return m_index.value(connection).value(key, -1);
}

void SocketsTableModel::applyChanges(ServerConnection *connection, const SocketChanges &changes)
{
    if (!changes.removed.isEmpty()) {
        const QHash<SocketKey, int> &known = m_index[connection];
        QList<int> rows;
        rows.reserve(changes.removed.size());
        for (const SocketKey &key : changes.removed) {
            const int row = known.value(key, -1);
            if (row >= 0)
                rows.append(row);
        }
        removeRows(rows);
    }
    for (const SocketInfo &info : changes.updated) {
        const int row = m_index[connection].value(info.key(), -1);
        if (row < 0)
            continue;
        m_rows[row].info = info;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    QList<SocketInfo> fresh;
    for (const SocketInfo &info : changes.added) {
        if (!m_index[connection].contains(info.key()))
            fresh.append(info);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    QHash<SocketKey, int> &rowsOf = m_index[connection];
    for (SocketInfo &info : fresh) {
        rowsOf.insert(info.key(), int(m_rows.size()));
        m_rows.append({connection, std::move(info)});
    }
    endInsertRows();
}

// Removes \a rows (any order) in as few contiguous ranges as they form, last first.
void SocketsTableModel::removeRows(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    qsizetype i = 0;
    while (i < rows.size()) {
        const int last = rows.at(i);
        int first = last;
        while (i + 1 < rows.size() && rows.at(i + 1) == first - 1) {
            ++i;
            first = rows.at(i);
        }
        ++i;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
    }
    reindex();
}

void SocketsTableModel::reindex()
{
    for (auto &rowsOf : m_index)
        rowsOf.clear();
    for (int row = 0; row < m_rows.size(); ++row) {
        const Row &r = m_rows.at(row);
        const auto it = m_index.find(r.connection.data());
        if (it != m_index.end())
            it->insert(r.info.key(), row);
    }
}

int SocketsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SocketsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QStringList sharedRooms(const SocketInfo &info)
{
    QStringList rooms = info.rooms;
    rooms.removeAll(info.id);
    return rooms;
}

QString sinceText(const QDateTime &utc)
{
    const QDateTime local = utc.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), QStringLiteral("HH:mm:ss"));
    return locale.toString(local, QLocale::ShortFormat);
}

} // namespace

QVariant SocketsTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const SocketInfo &s = row.info;
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case IdColumn:
            return s.id;
        case NamespaceColumn:
            return s.nsp;
        case ClientIdColumn:
            return s.clientId;
        case TransportColumn:
            return s.transport;
        case AddressColumn:
            return s.address;
        case RoomsColumn:
            return sharedRooms(s).join(QStringLiteral(", "));
        case ConnectedSinceColumn:
            return role == SortRole ? QVariant(s.connectedAt) : QVariant(sinceText(s.connectedAt));
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ConnectedSinceColumn)
            return QLocale().toString(s.connectedAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == RoomsColumn)
            return sharedRooms(s).join(QLatin1Char('\n'));
        return {};
    case ConnectionRole:
        return QVariant::fromValue<QObject *>(row.connection.data());
    case NamespaceRole:
        return s.nsp;
    case SocketIdRole:
        return s.id;
    case RoomsRole:
        return s.rooms;
    default:
        return {};
    }
}

QVariant SocketsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == ConnectedSinceColumn)
        return tr("Connected since");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Socket id");
    case NamespaceColumn:
        return tr("Namespace");
    case ClientIdColumn:
        return tr("Client id");
    case TransportColumn:
        return tr("Transport");
    case AddressColumn:
        return tr("Address");
    case RoomsColumn:
        return tr("Rooms");
    case ConnectedSinceColumn:
        return tr("Since");
    }
    return {};
}

} // namespace SocketIoAdmin
