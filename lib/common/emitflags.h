// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_EMITFLAGS_H
#define SOCKETIO_EMITFLAGS_H

#include <QtCore/QtGlobal>

namespace SocketIo {

// How an emit travels, on the server (BroadcastOperator, SocketEmitter) and the client
// (ClientSocketEmitter) alike: volatile (dropped when the transport cannot take it now),
// compressed, local to this node, and with an acknowledgement timeout (-1: none).
struct BroadcastFlags
{
    bool isVolatile = false;
    bool compress = true;
    bool local = false;
    qint64 timeoutMs = -1; // broadcast acks: -1 = no acknowledgement possible
    friend bool operator==(const BroadcastFlags &a, const BroadcastFlags &b)
    {
        return a.isVolatile == b.isVolatile && a.compress == b.compress && a.local == b.local
                && a.timeoutMs == b.timeoutMs;
    }
};

} // namespace SocketIo

#endif // SOCKETIO_EMITFLAGS_H
