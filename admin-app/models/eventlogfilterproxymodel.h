// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_EVENTLOGFILTERPROXYMODEL_H
#define SOCKETIOADMIN_EVENTLOGFILTERPROXYMODEL_H

#include "adminprotocol.h"

#include <QtCore/QSortFilterProxyModel>

#include <optional>

namespace SocketIoAdmin {

// The event log as shown: one type or all, and a text any column may contain.
class EventLogFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY(EventLogFilterProxyModel)

public:
    explicit EventLogFilterProxyModel(QObject *parent = nullptr);
    ~EventLogFilterProxyModel() override;

    std::optional<LogEntry::Type> typeFilter() const;
    void setTypeFilter(std::optional<LogEntry::Type> type);
    void setFilterText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<LogEntry::Type> m_type;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_EVENTLOGFILTERPROXYMODEL_H
