// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "socketsfilterproxymodel.h"

#include "serverconnection.h"
#include "socketstablemodel.h"

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::SocketsFilterProxyModel
    \brief Narrows SocketsTableModel to a server, namespace or room and to a text.
*/

SocketsFilterProxyModel::SocketsFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(SocketsTableModel::SortRole);
    setDynamicSortFilter(true);
}

SocketsFilterProxyModel::~SocketsFilterProxyModel() = default;

void SocketsFilterProxyModel::setScope(ServerConnection *connection, const QString &nsp, const QString &room)
{
    const bool scoped = connection != nullptr;
    if (scoped == m_scoped && m_connection == connection && m_nsp == nsp && m_room == room)
        return;
    m_scoped = scoped;
    m_connection = connection;
    m_nsp = nsp;
    m_room = room;
    invalidateFilter();
}

ServerConnection *SocketsFilterProxyModel::scopeConnection() const
{
    return m_connection;
}

QString SocketsFilterProxyModel::scopeNamespace() const
{
    return m_nsp;
}

QString SocketsFilterProxyModel::scopeRoom() const
{
    return m_room;
}

/*! Shows the rows where any column contains \a text (case-insensitive). */
void SocketsFilterProxyModel::setFilterText(const QString &text)
{
    setFilterFixedString(text);
}

bool SocketsFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_scoped) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(SocketsTableModel::ConnectionRole).value<QObject *>() != m_connection.data())
            return false;
        if (!m_nsp.isEmpty() && index.data(SocketsTableModel::NamespaceRole).toString() != m_nsp)
            return false;
        if (!m_room.isEmpty() && !index.data(SocketsTableModel::RoomsRole).toStringList().contains(m_room))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace SocketIoAdmin
