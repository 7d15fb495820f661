// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_EVENTLOGMODEL_H
#define SOCKETIOADMIN_EVENTLOGMODEL_H

#include "serverconnection.h"

#include <QtCore/QAbstractTableModel>

namespace SocketIoAdmin {

// The live event log of every followed connection: at most capacity() rows,
// the oldest dropped first. While paused, new entries wait (up to the same cap)
// and are shown on resume.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY(EventLogModel)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(int heldCount READ heldCount NOTIFY heldCountChanged)

public:
    enum Column {
        TimeColumn,
        ServerColumn,
        NamespaceColumn,
        SocketColumn,
        TypeColumn,
        NameColumn,
        ArgsColumn,
        ColumnCount
    };
    enum Role { TypeRole = Qt::UserRole + 1, SortRole };
    static constexpr int DefaultCapacity = 10000;

    explicit EventLogModel(QObject *parent = nullptr);
    ~EventLogModel() override;

    void addConnection(ServerConnection *connection);
    void append(const QList<LogEntry> &entries);
    void clear();

    int capacity() const;
    void setCapacity(int capacity);
    bool isPaused() const;
    void setPaused(bool paused);
    int heldCount() const;

    LogEntry entryAt(int row) const;
    static QString typeText(LogEntry::Type type);
    // Writes every row as a JSON array of objects; false with *error set on failure.
    bool exportJson(const QString &fileName, QString *error = nullptr) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void pausedChanged();
    void heldCountChanged();

private:
    struct Row
    {
        LogEntry entry;
        QString argsJson;
    };
    void show(QList<LogEntry> entries);

    QList<Row> m_rows;
    QList<LogEntry> m_held;
    int m_capacity = DefaultCapacity;
    bool m_paused = false;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_EVENTLOGMODEL_H
