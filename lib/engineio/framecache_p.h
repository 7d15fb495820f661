// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_FRAMECACHE_P_H
#define SOCKETIO_FRAMECACHE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "backlog_p.h"
#include "eiopacket_p.h"

#include <array>

namespace SocketIo::Eio {

// The WebSocket frames of the last few large payloads, so that every recipient of a broadcast
// writes (and, when it reads slowly, keeps) the same frame. A payload is known by its buffer:
// the cache holds a reference, so the buffer cannot be freed and reused meanwhile.
class FrameCache
{
public:
    // The frame of \a packet (protocol \a protocol), built on the first call for its payload.
    FrameRef frame(const Packet &packet, int protocol);
    // A new frame for \a packet, not cached.
    static FrameRef build(const Packet &packet, int protocol);

private:
    struct Entry
    {
        QByteArray payload;
        char kind = 0; // the packet type, or 'b' for binary
        int protocol = 0;
        FrameRef frame;
    };
    std::array<Entry, 4> m_entries; // a broadcast with attachments alternates a few payloads
    int m_next = 0;
};

} // namespace SocketIo::Eio

#endif // SOCKETIO_FRAMECACHE_P_H
