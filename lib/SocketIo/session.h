// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SESSION_H
#define SOCKETIO_SESSION_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

namespace SocketIo {

// What a disconnected socket leaves behind for connection state recovery.
struct Session
{
    QString sid;
    QString pid;
    QStringList rooms;
    QVariantMap data;
    QList<QVariantList> missedPackets; // filled by restoreSession(): [event, args..., offset]
};

} // namespace SocketIo

#endif // SOCKETIO_SESSION_H
