// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The admin-ui commands of ServerConnection, and when they may be sent.

#include "serverconnection_p.h"

#include <QtCore/QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcConnection)

namespace SocketIoAdmin {

bool ServerConnectionPrivate::sendCommand(ServerConnection::Feature feature, const QString &event,
                                          const QVariantList &args)
{
    Q_Q(ServerConnection);
    if (!q->canRun(feature)) {
        qCWarning(lcConnection) << "not sent:" << event << q->refusalReason(feature);
        return false;
    }
    return socket && socket->emitEvent(event, args);
}

bool ServerConnection::canRun(Feature command) const
{
    return refusalReason(command).isEmpty();
}

/*! Why \a command cannot be sent now, in plain words; empty when it can. */
QString ServerConnection::refusalReason(Feature command) const
{
    Q_D(const ServerConnection);
    if (d->state != State::Connected)
        return tr("Not connected to %1 (%2).").arg(displayName(), stateName(d->state));
    if (!d->hasConfig)
        return tr("Waiting for the configuration of %1.").arg(displayName());
    if (isReadonly())
        return tr("%1 is read-only: its admin instrumentation accepts no commands.").arg(displayName());
    if (!d->features.testFlag(command))
        return tr("%1 does not offer this command.").arg(displayName());
    return {};
}

/*! Sends \c emit: \a event with \a args to \a filter (a socket id or room) of \a nsp, or to all of \a nsp. */
bool ServerConnection::emitEvent(const QString &nsp, const QString &filter, const QString &event,
                                 const QVariantList &args)
{
    const QVariant target = filter.isEmpty() ? QVariant::fromValue(nullptr) : QVariant(filter);
    return d_func()->sendCommand(Feature::Emit, QStringLiteral("emit"), QVariantList{nsp, target, event} + args);
}

/*! Sends \c join: the sockets of \a filter (all of \a nsp when empty) join \a room. */
bool ServerConnection::joinRoom(const QString &nsp, const QString &room, const QString &filter)
{
    QVariantList args{nsp, room};
    if (!filter.isEmpty())
        args.append(filter);
    return d_func()->sendCommand(Feature::Join, QStringLiteral("join"), args);
}

/*! Sends \c leave: the sockets of \a filter (all of \a nsp when empty) leave \a room. */
bool ServerConnection::leaveRoom(const QString &nsp, const QString &room, const QString &filter)
{
    QVariantList args{nsp, room};
    if (!filter.isEmpty())
        args.append(filter);
    return d_func()->sendCommand(Feature::Leave, QStringLiteral("leave"), args);
}

/*!
    Sends \c _disconnect: the sockets of \a filter (all of \a nsp when empty)
    are disconnected; with \a closeClients their whole connections close.
*/
bool ServerConnection::disconnectSockets(const QString &nsp, bool closeClients, const QString &filter)
{
    QVariantList args{nsp, closeClients};
    if (!filter.isEmpty())
        args.append(filter);
    return d_func()->sendCommand(Feature::Disconnect, QStringLiteral("_disconnect"), args);
}

} // namespace SocketIoAdmin
