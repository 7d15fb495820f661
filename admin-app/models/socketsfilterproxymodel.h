// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_SOCKETSFILTERPROXYMODEL_H
#define SOCKETIOADMIN_SOCKETSFILTERPROXYMODEL_H

#include <QtCore/QPointer>
#include <QtCore/QSortFilterProxyModel>

namespace SocketIoAdmin {

class ServerConnection;

// The sockets table as shown: limited to the scope picked in the server tree
// (a server, a namespace, a room) and to the text of the filter box, which
// matches any column.
class SocketsFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY(SocketsFilterProxyModel)

public:
    explicit SocketsFilterProxyModel(QObject *parent = nullptr);
    ~SocketsFilterProxyModel() override;

    // A null connection shows every server; an empty nsp a whole server; an empty room a whole namespace.
    void setScope(ServerConnection *connection, const QString &nsp = {}, const QString &room = {});
    ServerConnection *scopeConnection() const;
    QString scopeNamespace() const;
    QString scopeRoom() const;
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QPointer<ServerConnection> m_connection;
    bool m_scoped = false;
    QString m_nsp;
    QString m_room;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_SOCKETSFILTERPROXYMODEL_H
