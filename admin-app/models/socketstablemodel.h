// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_SOCKETSTABLEMODEL_H
#define SOCKETIOADMIN_SOCKETSTABLEMODEL_H

#include "serverconnection.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QPointer>

namespace SocketIoAdmin {

// One row per socket of every followed connection, fed by ServerConnection batches.
class SocketsTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY(SocketsTableModel)

public:
    enum Column {
        IdColumn,
        NamespaceColumn,
        ClientIdColumn,
        TransportColumn,
        AddressColumn,
        RoomsColumn,
        ConnectedSinceColumn,
        ColumnCount
    };
    enum Role {
        ConnectionRole = Qt::UserRole + 1, // ServerConnection* as QObject*
        NamespaceRole,
        SocketIdRole,
        RoomsRole, // QStringList, the socket's own room included
        SortRole,
    };

    explicit SocketsTableModel(QObject *parent = nullptr);
    ~SocketsTableModel() override;

    void addConnection(ServerConnection *connection);
    void removeConnection(ServerConnection *connection);

    SocketInfo socketAt(int row) const;
    ServerConnection *connectionAt(int row) const;
    int rowOf(ServerConnection *connection, const SocketKey &key) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QPointer<ServerConnection> connection;
        SocketInfo info;
    };
    void applyChanges(ServerConnection *connection, const SocketChanges &changes);
    void removeRows(QList<int> rows);
    void reindex();

    QList<Row> m_rows;
    QHash<ServerConnection *, QHash<SocketKey, int>> m_index;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_SOCKETSTABLEMODEL_H
