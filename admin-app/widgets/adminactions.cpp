// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "adminactions.h"

#include "emitdialog.h"

#include <QtGui/QAction>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QMessageBox>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::AdminActions
    \brief The console's commands (emit, join, leave, disconnect) as actions
    for the toolbar, the menus and the socket pane.

    Each action is enabled only when the selected server accepts the command;
    otherwise its tooltip and refusalReason() say why (not connected, read-only,
    command not offered). Disconnecting and clearing a room ask first, unless
    confirmDestructive is off or SOCKETIO_ADMIN_NO_CONFIRM is set.
*/

AdminActions::AdminActions(QWidget *dialogParent, QObject *parent)
    : QObject(parent), m_dialogParent(dialogParent), m_emit(new QAction(tr("&Emit event…"), this)),
      m_join(new QAction(tr("&Join room…"), this)), m_leave(new QAction(tr("&Leave room"), this)),
      m_disconnectSocket(new QAction(tr("&Disconnect socket"), this)),
      m_disconnectClient(new QAction(tr("Disconnect &client"), this))
{
    m_confirm = !qEnvironmentVariableIsSet("SOCKETIO_ADMIN_NO_CONFIRM");
    m_emit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_emit, &QAction::triggered, this, &AdminActions::onEmit);
    connect(m_join, &QAction::triggered, this, &AdminActions::onJoin);
    connect(m_leave, &QAction::triggered, this, &AdminActions::onLeave);
    connect(m_disconnectSocket, &QAction::triggered, this, [this] { disconnectSocket(m_socketId, false); });
    connect(m_disconnectClient, &QAction::triggered, this, [this] { disconnectSocket(m_socketId, true); });
    refresh();
}

AdminActions::~AdminActions() = default;

void AdminActions::setTarget(ServerConnection *connection, const QString &nsp, const QString &room,
                             const QString &socketId)
{
    if (m_connection != connection) {
        if (m_connection)
            disconnect(m_connection, nullptr, this, nullptr);
        m_connection = connection;
        if (connection) {
            connect(connection, &ServerConnection::featuresChanged, this, &AdminActions::refresh);
            connect(connection, &ServerConnection::stateChanged, this, &AdminActions::refresh);
        }
    }
    m_nsp = nsp;
    m_room = room;
    m_socketId = socketId;
    refresh();
}

ServerConnection *AdminActions::connection() const
{
    return m_connection;
}

QString AdminActions::namespaceName() const
{
    return m_nsp;
}

QString AdminActions::room() const
{
    return m_room;
}

QString AdminActions::socketId() const
{
    return m_socketId;
}

bool AdminActions::confirmDestructive() const
{
    return m_confirm;
}

void AdminActions::setConfirmDestructive(bool confirm)
{
    m_confirm = confirm;
}

QString AdminActions::refusalReason() const
{
    if (!m_connection)
        return tr("Select a server first.");
    return m_connection->refusalReason(ServerConnection::Feature::Emit).isEmpty()
            ? m_connection->refusalReason(ServerConnection::Feature::Disconnect)
            : m_connection->refusalReason(ServerConnection::Feature::Emit);
}

void AdminActions::refresh()
{
    auto gate = [this](QAction *action, ServerConnection::Feature feature, const QString &base, bool targetOk,
                       const QString &targetHint) {
        QString reason = !m_connection ? tr("Select a server first.") : m_connection->refusalReason(feature);
        if (reason.isEmpty() && !targetOk)
            reason = targetHint;
        action->setEnabled(reason.isEmpty());
        action->setToolTip(reason.isEmpty() ? base : base + QLatin1Char('\n') + reason);
        action->setStatusTip(reason.isEmpty() ? base : reason);
    };
    const bool hasNsp = !m_nsp.isEmpty();
    const bool hasSocket = !m_socketId.isEmpty();
    const bool hasRoom = !m_room.isEmpty() && m_room != m_socketId;
    gate(m_emit, ServerConnection::Feature::Emit, tr("Send an event to the socket, room or namespace"), hasNsp,
         tr("Select a namespace, room or socket."));
    gate(m_join, ServerConnection::Feature::Join, tr("Make the selected sockets join a room"), hasNsp,
         tr("Select a namespace, room or socket."));
    gate(m_leave, ServerConnection::Feature::Leave, tr("Make the selected sockets leave the selected room"),
         hasNsp && hasRoom, tr("Select a room."));
    gate(m_disconnectSocket, ServerConnection::Feature::Disconnect, tr("Disconnect the selected socket"), hasSocket,
         tr("Select a socket."));
    gate(m_disconnectClient, ServerConnection::Feature::Disconnect,
         tr("Close the whole connection of the selected socket's client"), hasSocket, tr("Select a socket."));
}

bool AdminActions::confirm(const QString &title, const QString &text) const
{
    if (!m_confirm)
        return true;
    return QMessageBox::question(m_dialogParent, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel)
            == QMessageBox::Yes;
}

bool AdminActions::emitTo(const QString &filter, const QString &event, const QVariantList &args)
{
    if (!m_connection || !m_connection->emitEvent(m_nsp, filter, event, args))
        return false;
    Q_EMIT statusMessage(tr("Sent \"%1\" to %2").arg(event, filter.isEmpty() ? m_nsp : filter));
    return true;
}

bool AdminActions::joinRoom(const QString &room, const QString &filter)
{
    if (!m_connection || room.isEmpty() || !m_connection->joinRoom(m_nsp, room, filter))
        return false;
    Q_EMIT statusMessage(tr("Asked %1 to join %2").arg(filter.isEmpty() ? m_nsp : filter, room));
    return true;
}

bool AdminActions::leaveRoom(const QString &room, const QString &filter)
{
    if (!m_connection || room.isEmpty())
        return false;
    if (filter.isEmpty()
        && !confirm(tr("Clear room"), tr("Make every socket of %1 leave the room \"%2\"?").arg(m_nsp, room)))
        return false;
    if (!m_connection->leaveRoom(m_nsp, room, filter))
        return false;
    Q_EMIT statusMessage(tr("Asked %1 to leave %2").arg(filter.isEmpty() ? m_nsp : filter, room));
    return true;
}

bool AdminActions::disconnectSocket(const QString &socketId, bool wholeClient)
{
    if (!m_connection || socketId.isEmpty())
        return false;
    const QString question = wholeClient
            ? tr("Close the whole connection of the client of socket %1? Every socket of that client goes.")
                      .arg(socketId)
            : tr("Disconnect socket %1 from %2?").arg(socketId, m_nsp);
    if (!confirm(wholeClient ? tr("Disconnect client") : tr("Disconnect socket"), question))
        return false;
    if (!m_connection->disconnectSockets(m_nsp, wholeClient, socketId))
        return false;
    Q_EMIT statusMessage(tr("Disconnecting %1").arg(socketId));
    return true;
}

void AdminActions::onEmit()
{
    EmitDialog dialog(m_dialogParent);
    dialog.setTargets(m_nsp, m_room == m_socketId ? QString() : m_room, m_socketId);
    if (dialog.exec() != QDialog::Accepted)
        return;
    emitTo(dialog.filter(), dialog.eventName(), dialog.arguments());
}

void AdminActions::onJoin()
{
    bool ok = false;
    const QString target = m_socketId.isEmpty() ? (m_room.isEmpty() ? m_nsp : m_room) : m_socketId;
    const QString room = QInputDialog::getText(m_dialogParent, tr("Join room"), tr("Room for %1 to join:").arg(target),
                                               QLineEdit::Normal, {}, &ok)
                                 .trimmed();
    if (ok && !room.isEmpty())
        joinRoom(room, m_socketId.isEmpty() ? m_room : m_socketId);
}

void AdminActions::onLeave()
{
    leaveRoom(m_room, m_socketId);
}

} // namespace SocketIoAdmin
