// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// HTTP/1.x request heads as the front reads them: bytes arrive in reads of any size, a head ends
// at the first empty line, its Content-Length body is skipped and the next head (pipelining)
// follows. Every head found goes through HttpHead::parse and its accessors.

#include "httphead_p.h"
#include "splitinput.h"

using SocketIo::Eio::HttpHead;

namespace {
constexpr qsizetype MaxHeaderSize = 16 * 1024; // the front's default limit
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray pending;
    qint64 bodyLeft = 0;
    for (const QByteArray &read : splitInput(data, size)) {
        pending += read;
        while (!pending.isEmpty()) {
            if (bodyLeft > 0) {
                const qsizetype n = qsizetype(std::min<qint64>(bodyLeft, pending.size()));
                pending.remove(0, n);
                bodyLeft -= n;
                continue;
            }
            const qsizetype end = pending.indexOf("\r\n\r\n");
            if (end < 0) {
                if (pending.size() > MaxHeaderSize)
                    return 0; // the front answers 431 and closes
                break;
            }
            const auto head = HttpHead::parse(QByteArrayView(pending).first(end + 4));
            pending.remove(0, end + 4);
            if (!head)
                return 0; // the front answers 400 and closes
            (void)head->path();
            (void)head->value("host");
            (void)head->value("cookie");
            (void)head->isWebSocketUpgrade();
            (void)head->asksForWebSocket();
            const bool close = head->wantsClose();
            if (head->contentLength < 0 || (head->chunked && head->contentLength != 0))
                __builtin_trap(); // parse() must refuse these
            if (head->chunked || close)
                return 0; // chunked bodies are read by the front itself
            bodyLeft = head->contentLength;
        }
    }
    return 0;
}
