// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_SOCKETDETAILPANE_H
#define SOCKETIOADMIN_SOCKETDETAILPANE_H

#include "serverconnection.h"

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTabWidget;
QT_END_NAMESPACE

namespace SocketIoAdmin {

class AdminActions;

// One socket in full: ids, transport, address, since when; its rooms (join,
// leave); the handshake's headers and query; socket.data as indented JSON.
// Follows the connection's batches while shown.
class SocketDetailPane : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY(SocketDetailPane)

public:
    explicit SocketDetailPane(AdminActions *actions, QWidget *parent = nullptr);
    ~SocketDetailPane() override;

    void showSocket(ServerConnection *connection, const SocketKey &key);
    void clear();
    SocketKey socketKey() const { return m_key; }

private:
    void refresh();
    void onChanges(const SocketChanges &changes);
    void fillTable(QTableWidget *table, const QVariantMap &values);
    void updateButtons();

    AdminActions *m_actions;
    QPointer<ServerConnection> m_connection;
    SocketKey m_key;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QLabel *m_title;
    QLabel *m_details;
    QTabWidget *m_tabs;
    QListWidget *m_rooms;
    QLineEdit *m_newRoom;
    QPushButton *m_join;
    QPushButton *m_leave;
    QTableWidget *m_headers;
    QTableWidget *m_query;
    QPlainTextEdit *m_data;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_SOCKETDETAILPANE_H
