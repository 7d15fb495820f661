// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_SERVERTREEMODEL_H
#define SOCKETIOADMIN_SERVERTREEMODEL_H

#include "serverconnection.h"

#include <QtCore/QAbstractItemModel>
#include <QtCore/QPointer>

#include <memory>
#include <vector>

namespace SocketIoAdmin {

// servers → namespaces → rooms → sockets, fed by ServerConnection batches.
// Every room is here, private ones (a socket's own id) included: the
// ServerTreeProxyModel hides those unless asked.
class ServerTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY(ServerTreeModel)

public:
    enum class Kind { Server, Namespace, Room, Socket };
    Q_ENUM(Kind)
    enum Column { NameColumn, SocketsColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1,
        ConnectionRole, // ServerConnection* as QObject*
        NamespaceRole,
        RoomRole,
        SocketIdRole,
        PrivateRoomRole,
    };

    explicit ServerTreeModel(QObject *parent = nullptr);
    ~ServerTreeModel() override;

    void addConnection(ServerConnection *connection);
    void removeConnection(ServerConnection *connection);
    QList<ServerConnection *> connections() const;
    QModelIndex indexOf(ServerConnection *connection) const;
    QModelIndex indexOf(ServerConnection *connection, const QString &nsp, const QString &room = {}) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Node;
    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(Node *node, int column = 0) const;
    Node *serverNode(ServerConnection *connection) const;
    Node *ensureNamespace(Node *server, const QString &nsp);
    void addToRoom(Node *nsp, const QString &room, const QString &socketId);
    void removeFromRoom(Node *nsp, const QString &room, const QString &socketId);
    Node *insertChild(Node *parent, Kind kind, const QString &name);
    void removeChild(Node *parent, int row);
    void applyChanges(ServerConnection *connection, const SocketChanges &changes);
    void applyStats(ServerConnection *connection);
    void syncNamespaces(ServerConnection *connection);
    void touch(Node *node);
    void flushTouched();
    int socketCount(const Node *node) const;

    std::unique_ptr<Node> m_root;
    QList<Node *> m_touched;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_SERVERTREEMODEL_H
