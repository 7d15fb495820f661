// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "framecache_p.h"
#include "websocketframes_p.h"

namespace SocketIo::Eio {

FrameRef FrameCache::frame(const Packet &packet, int protocol)
{
    const char kind = packet.binary ? 'b' : char(packet.type);
    // A payload that does not own its buffer (fromRawData) has no identity to go by.
    const bool cacheable = const_cast<QByteArray &>(packet.data).data_ptr().d_ptr() != nullptr;
    if (cacheable) {
        for (const Entry &entry : m_entries) {
            if (entry.frame && entry.kind == kind && entry.protocol == protocol
                && entry.payload.constData() == packet.data.constData() && entry.payload.size() == packet.data.size())
                return entry.frame;
        }
    }
    FrameRef made = build(packet, protocol);
    if (cacheable) {
        m_entries[m_next] = {packet.data, kind, protocol, made};
        m_next = (m_next + 1) % int(m_entries.size());
    }
    return made;
}

FrameRef FrameCache::build(const Packet &packet, int protocol)
{
    QByteArray bytes;
    const bool prefixed = !packet.binary || protocol == 3; // the type byte ('4' or 4 for v3 binary)
    const qint64 length = packet.data.size() + (prefixed ? 1 : 0);
    bytes.reserve(length + 10);
    WebSocketFrames::appendHeader(bytes, packet.binary ? WebSocketFrames::Binary : WebSocketFrames::Text, length);
    if (packet.binary && protocol == 3)
        bytes.append('\x04');
    else if (!packet.binary)
        bytes.append(static_cast<char>(packet.type));
    bytes.append(packet.data);
    return FrameRef(new SharedFrame(std::move(bytes)));
}

} // namespace SocketIo::Eio
