// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "eventlogfilterproxymodel.h"

#include "eventlogmodel.h"

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::EventLogFilterProxyModel
    \brief Filters EventLogModel by type and by text.
*/

EventLogFilterProxyModel::EventLogFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

EventLogFilterProxyModel::~EventLogFilterProxyModel() = default;

std::optional<LogEntry::Type> EventLogFilterProxyModel::typeFilter() const
{
    return m_type;
}

/*! Shows only rows of \a type; std::nullopt shows every type. */
void EventLogFilterProxyModel::setTypeFilter(std::optional<LogEntry::Type> type)
{
    if (m_type == type)
        return;
    m_type = type;
    invalidateFilter();
}

void EventLogFilterProxyModel::setFilterText(const QString &text)
{
    setFilterFixedString(text);
}

bool EventLogFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_type) {
        const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
        if (index.data(EventLogModel::TypeRole).toInt() != int(*m_type))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace SocketIoAdmin
