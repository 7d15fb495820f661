// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "servertreeproxymodel.h"

#include "servertreemodel.h"

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::ServerTreeProxyModel
    \brief Hides private rooms and sorts the ServerTreeModel for display.
*/

ServerTreeProxyModel::ServerTreeProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    sort(ServerTreeModel::NameColumn, Qt::AscendingOrder);
}

ServerTreeProxyModel::~ServerTreeProxyModel() = default;

/*! Whether rooms named after a socket's own id are listed (false by default, as in the web UI). */
bool ServerTreeProxyModel::showPrivateRooms() const
{
    return m_showPrivateRooms;
}

void ServerTreeProxyModel::setShowPrivateRooms(bool show)
{
    if (m_showPrivateRooms == show)
        return;
    m_showPrivateRooms = show;
    invalidateFilter();
    Q_EMIT showPrivateRoomsChanged();
}

bool ServerTreeProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_showPrivateRooms)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto kind = index.data(ServerTreeModel::KindRole).value<ServerTreeModel::Kind>();
    return kind != ServerTreeModel::Kind::Room || !index.data(ServerTreeModel::PrivateRoomRole).toBool();
}

bool ServerTreeProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto kind = left.data(ServerTreeModel::KindRole).value<ServerTreeModel::Kind>();
    if (kind == ServerTreeModel::Kind::Server)
        return left.row() < right.row();
    const QString a = left.sibling(left.row(), ServerTreeModel::NameColumn).data().toString();
    const QString b = right.sibling(right.row(), ServerTreeModel::NameColumn).data().toString();
    return a.compare(b, Qt::CaseInsensitive) < 0;
}

} // namespace SocketIoAdmin
