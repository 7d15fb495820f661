// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ADMIN_SERIALIZE_P_H
#define SOCKETIO_ADMIN_SERIALIZE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QString>
#include <QtCore/QVariantMap>

namespace SocketIo {
class Socket;
namespace Admin {

// A socket as the admin-ui protocol describes it (SerializedSocket): id,
// clientId (the first 12 characters of the Engine.IO id), transport, nsp,
// data (without "_admin"), handshake (without auth) and rooms.
QVariantMap serializeSocket(const Socket *socket);
// The handshake without auth; address from cf-connecting-ip, then
// x-forwarded-for, then the peer, as the admin-ui instrumentation reports it.
QVariantMap serializeHandshake(const Socket *socket);
// Now, as a JavaScript Date serialises to JSON: ISO 8601, UTC, milliseconds.
QString timestamp();
// What process.uptime() says: seconds since the process started.
double processUptime();

} // namespace Admin
} // namespace SocketIo

#endif // SOCKETIO_ADMIN_SERIALIZE_P_H
