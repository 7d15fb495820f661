// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "statshistorymodel.h"

#include "serverconnection.h"

#include <QtCore/QLocale>

#include <algorithm>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::StatsHistoryModel
    \brief The dashboard's time series: one row per second over a rolling window.

    Each server_stats adds rows up to the second it arrived in (the connected
    clients carried forward), adds its aggregatedEvents counts to the rows of
    their seconds and drops rows older than the window from the top, with row
    insertions, dataChanged() and row removals only. Timestamps of
    aggregatedEvents are the server's clock; counts for seconds outside the
    window are left out.
*/

StatsHistoryModel::StatsHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

StatsHistoryModel::~StatsHistoryModel() = default;

void StatsHistoryModel::setConnection(ServerConnection *connection)
{
    if (m_connection == connection)
        return;
    if (m_connection)
        disconnect(m_connection, nullptr, this, nullptr);
    m_connection = connection;
    if (connection)
        connect(connection, &ServerConnection::statsReceived, this, &StatsHistoryModel::addStats);
}

ServerConnection *StatsHistoryModel::connection() const
{
    return m_connection;
}

int StatsHistoryModel::columnFor(const QString &type)
{
    if (type == QLatin1String("packetsIn"))
        return PacketsInColumn;
    if (type == QLatin1String("packetsOut"))
        return PacketsOutColumn;
    if (type == QLatin1String("bytesIn"))
        return BytesInColumn;
    if (type == QLatin1String("bytesOut"))
        return BytesOutColumn;
    if (type == QLatin1String("rawConnection"))
        return ConnectionsColumn;
    if (type == QLatin1String("rawDisconnection"))
        return DisconnectionsColumn;
    return -1;
}

void StatsHistoryModel::addStats(const ServerStats &stats)
{
    const QDateTime at = stats.receivedAt.isValid() ? stats.receivedAt : QDateTime::currentDateTimeUtc();
    const qint64 now = at.toSecsSinceEpoch();
    m_servers.insert(stats.serverId, stats);
    if (m_rows.isEmpty()) {
        // The first stats may count events of the seconds before it: start the rows there.
        qint64 earliest = now;
        for (const AggregatedEvent &event : stats.aggregatedEvents)
            earliest = std::min(earliest, event.timestamp / 1000);
        extendTo(std::max(earliest, now - m_window + 1));
    }
    extendTo(now);
    int firstChanged = int(m_rows.size()) - 1;
    Second &current = m_rows.last();
    current.values[ClientsColumn] = clients();
    for (const AggregatedEvent &event : stats.aggregatedEvents) {
        const int column = columnFor(event.type);
        const qint64 row = event.timestamp / 1000 - m_rows.first().time;
        if (column < 0 || row < 0 || row >= m_rows.size())
            continue;
        m_rows[row].values[column] += double(event.count);
        firstChanged = std::min(firstChanged, int(row));
    }
    Q_EMIT dataChanged(index(firstChanged, ClientsColumn), index(int(m_rows.size()) - 1, ColumnCount - 1));
    trim(now);
    Q_EMIT serversChanged();
}

// Rows up to \a second, one per second, the clients of the last row carried forward.
void StatsHistoryModel::extendTo(qint64 second)
{
    if (!m_rows.isEmpty() && m_rows.last().time >= second)
        return;
    if (!m_rows.isEmpty() && second - m_rows.last().time >= m_window) {
        // A silence longer than the window: start again, the rows stay contiguous.
        beginRemoveRows({}, 0, int(m_rows.size()) - 1);
        m_rows.clear();
        endRemoveRows();
    }
    const qint64 from = m_rows.isEmpty() ? second : m_rows.last().time + 1;
    const double carried = m_rows.isEmpty() ? 0 : m_rows.last().values[ClientsColumn];
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(second - from));
    for (qint64 s = from; s <= second; ++s) {
        Second row;
        row.time = s;
        row.values[TimeColumn] = double(s) * 1000;
        row.values[ClientsColumn] = carried;
        m_rows.append(row);
    }
    endInsertRows();
}

void StatsHistoryModel::trim(qint64 now)
{
    const qint64 oldest = now - m_window + 1;
    int count = 0;
    while (count < m_rows.size() && m_rows.at(count).time < oldest)
        ++count;
    if (count == 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_rows.remove(0, count);
    endRemoveRows();
}

int StatsHistoryModel::windowSeconds() const
{
    return m_window;
}

void StatsHistoryModel::setWindowSeconds(int seconds)
{
    m_window = std::max(1, seconds);
    if (!m_rows.isEmpty())
        trim(m_rows.last().time);
}

qint64 StatsHistoryModel::firstTime() const
{
    return m_rows.isEmpty() ? 0 : m_rows.first().time * 1000;
}

qint64 StatsHistoryModel::lastTime() const
{
    return m_rows.isEmpty() ? 0 : m_rows.last().time * 1000;
}

double StatsHistoryModel::maximum(int column) const
{
    double max = 0;
    for (const Second &row : m_rows)
        max = std::max(max, row.values[column]);
    return max;
}

QList<ServerStats> StatsHistoryModel::servers() const
{
    QList<ServerStats> list = m_servers.values();
    std::sort(list.begin(), list.end(),
              [](const ServerStats &a, const ServerStats &b) { return a.serverId < b.serverId; });
    return list;
}

int StatsHistoryModel::clients() const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int total = 0;
    for (const ServerStats &s : m_servers) {
        if (s.receivedAt.secsTo(now) < HealthySeconds)
            total += s.clientsCount;
    }
    return total;
}

int StatsHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatsHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatsHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    return m_rows.at(index.row()).values[index.column()];
}

QVariant StatsHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ClientsColumn:
        return tr("Clients");
    case PacketsInColumn:
        return tr("Packets in/s");
    case PacketsOutColumn:
        return tr("Packets out/s");
    case BytesInColumn:
        return tr("Bytes in/s");
    case BytesOutColumn:
        return tr("Bytes out/s");
    case ConnectionsColumn:
        return tr("Connections/s");
    case DisconnectionsColumn:
        return tr("Disconnections/s");
    }
    return {};
}

} // namespace SocketIoAdmin
