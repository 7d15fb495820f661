// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_ADMINACTIONS_H
#define SOCKETIOADMIN_ADMINACTIONS_H

#include "serverconnection.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QAction;
class QWidget;
QT_END_NAMESPACE

namespace SocketIoAdmin {

// What the console can do to the selected socket, room or namespace: the
// admin-ui commands behind QActions, enabled only when the server accepts
// them (the reason in the tooltip otherwise), destructive ones confirmed first.
class AdminActions : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(AdminActions)
    Q_PROPERTY(bool confirmDestructive READ confirmDestructive WRITE setConfirmDestructive)

public:
    explicit AdminActions(QWidget *dialogParent, QObject *parent = nullptr);
    ~AdminActions() override;

    // What the actions apply to: a socket (socketId), else a room, else a namespace.
    void setTarget(ServerConnection *connection, const QString &nsp, const QString &room, const QString &socketId);
    ServerConnection *connection() const;
    QString namespaceName() const;
    QString room() const;
    QString socketId() const;

    // Asks before disconnecting or clearing a room; off in tests, or with SOCKETIO_ADMIN_NO_CONFIRM=1.
    bool confirmDestructive() const;
    void setConfirmDestructive(bool confirm);

    QAction *emitAction() const { return m_emit; }
    QAction *joinAction() const { return m_join; }
    QAction *leaveAction() const { return m_leave; }
    QAction *disconnectSocketAction() const { return m_disconnectSocket; }
    QAction *disconnectClientAction() const { return m_disconnectClient; }

    // The commands themselves, confirmed when destructive; false when not sent.
    bool emitTo(const QString &filter, const QString &event, const QVariantList &args);
    bool joinRoom(const QString &room, const QString &filter);
    bool leaveRoom(const QString &room, const QString &filter);
    bool disconnectSocket(const QString &socketId, bool wholeClient);

    QString refusalReason() const; // why the commands are off, empty when they are on

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    bool confirm(const QString &title, const QString &text) const;
    void onEmit();
    void onJoin();
    void onLeave();

    QWidget *m_dialogParent;
    QPointer<ServerConnection> m_connection;
    QString m_nsp;
    QString m_room;
    QString m_socketId;
    bool m_confirm = true;
    QAction *m_emit;
    QAction *m_join;
    QAction *m_leave;
    QAction *m_disconnectSocket;
    QAction *m_disconnectClient;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_ADMINACTIONS_H
