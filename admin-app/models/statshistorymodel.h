// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_STATSHISTORYMODEL_H
#define SOCKETIOADMIN_STATSHISTORYMODEL_H

#include "adminprotocol.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QPointer>

namespace SocketIoAdmin {

class ServerConnection;

// A rolling window (10 minutes by default) of one connection's server_stats,
// one row per second: connected clients and, from aggregatedEvents, packets
// and bytes in and out, connections and disconnections. Summed over the
// servers of a cluster. Columns hold numbers, for QVXYModelMapper.
class StatsHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY(StatsHistoryModel)

public:
    enum Column {
        TimeColumn, // ms since the epoch
        ClientsColumn,
        PacketsInColumn,
        PacketsOutColumn,
        BytesInColumn,
        BytesOutColumn,
        ConnectionsColumn,
        DisconnectionsColumn,
        ColumnCount
    };
    static constexpr int DefaultWindowSeconds = 600;
    static constexpr int HealthySeconds = 10; // a server is healthy while its stats are this recent

    explicit StatsHistoryModel(QObject *parent = nullptr);
    ~StatsHistoryModel() override;

    void setConnection(ServerConnection *connection); // follows its statsReceived()
    ServerConnection *connection() const;
    void addStats(const ServerStats &stats);

    int windowSeconds() const;
    void setWindowSeconds(int seconds);
    qint64 firstTime() const; // ms since the epoch of row 0, 0 when empty
    qint64 lastTime() const;
    double maximum(int column) const;
    QList<ServerStats> servers() const; // latest stats per server id, by id
    int clients() const;                // Σ clientsCount of the healthy servers

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void serversChanged();

private:
    struct Second
    {
        qint64 time = 0; // seconds since the epoch
        double values[ColumnCount] = {};
    };
    void extendTo(qint64 second);
    void trim(qint64 now);
    static int columnFor(const QString &type);

    QPointer<ServerConnection> m_connection;
    QList<Second> m_rows;
    QHash<QString, ServerStats> m_servers;
    int m_window = DefaultWindowSeconds;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_STATSHISTORYMODEL_H
