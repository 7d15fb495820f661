// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_PROTOCOLNAMES_P_H
#define SOCKETIO_PROTOCOLNAMES_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QString>

namespace SocketIo {

// The event names Socket.IO keeps for itself on both sides: an emit of one of
// them is refused (socket.io's RESERVED_EVENTS).
bool isReservedEventName(const QString &event);

// A random id as Socket.IO and Engine.IO make them: 15 random bytes, base64url (20 characters).
QString randomId();

} // namespace SocketIo

#endif // SOCKETIO_PROTOCOLNAMES_P_H
