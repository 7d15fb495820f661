// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// RFC 6455 frames as a client sends them, in reads of any size. Every item the reader yields is
// checked against what the reader promises: nothing larger than the message limit, a close code
// with every error, nothing at all after an error.

#include "splitinput.h"
#include "websocketframes_p.h"

using SocketIo::Eio::WebSocketFrameReader;

namespace {
constexpr qint64 MaxMessageSize = 64 * 1024;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WebSocketFrameReader reader(MaxMessageSize);
    bool failed = false;
    for (const QByteArray &read : splitInput(data, size)) {
        reader.append(read);
        for (;;) {
            const WebSocketFrameReader::Item item = reader.next();
            if (item.kind == WebSocketFrameReader::Kind::Incomplete)
                break;
            if (failed)
                __builtin_trap(); // nothing may follow an error
            if (item.payload.size() > MaxMessageSize)
                __builtin_trap();
            if (item.kind == WebSocketFrameReader::Kind::Error) {
                if (item.closeCode == 0 || !item.error)
                    __builtin_trap();
                failed = true;
                break;
            }
            // Touch every payload byte so the sanitizers see stale views.
            volatile char sink = 0;
            for (char c : item.payload)
                sink = sink ^ c;
            (void)sink;
        }
        if (reader.buffered() < 0)
            __builtin_trap();
    }
    (void)SocketIo::Eio::WebSocketFrames::closeFrame(quint16(size), QByteArrayView(data, qsizetype(size)));
    return 0;
}
