// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_SERVERTREEPROXYMODEL_H
#define SOCKETIOADMIN_SERVERTREEPROXYMODEL_H

#include <QtCore/QSortFilterProxyModel>

namespace SocketIoAdmin {

// The server tree as shown: private rooms (a socket's own id) hidden unless
// showPrivateRooms, namespaces and rooms sorted by name, servers in the order added.
class ServerTreeProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY(ServerTreeProxyModel)
    Q_PROPERTY(bool showPrivateRooms READ showPrivateRooms WRITE setShowPrivateRooms NOTIFY showPrivateRoomsChanged)

public:
    explicit ServerTreeProxyModel(QObject *parent = nullptr);
    ~ServerTreeProxyModel() override;

    bool showPrivateRooms() const;
    void setShowPrivateRooms(bool show);

Q_SIGNALS:
    void showPrivateRoomsChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_showPrivateRooms = false;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_SERVERTREEPROXYMODEL_H
