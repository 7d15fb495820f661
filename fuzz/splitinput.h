// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_FUZZ_SPLITINPUT_H
#define SOCKETIO_FUZZ_SPLITINPUT_H

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <cstddef>
#include <cstdint>

// Turns a fuzzer input into a byte stream cut into reads, as a socket delivers it. The first byte
// says how many of the bytes after it are read sizes (0 to 7); those sizes (1 to 256 each) are
// used in turn for every read; the rest of the input is the stream. Without sizes the whole
// stream comes in one read.
inline QList<QByteArray> splitInput(const uint8_t *data, size_t size)
{
    QList<QByteArray> reads;
    if (size == 0)
        return reads;
    const size_t count = std::min<size_t>(data[0] % 8, size - 1);
    const uint8_t *sizes = data + 1;
    const char *stream = reinterpret_cast<const char *>(data + 1 + count);
    size_t left = size - 1 - count;
    size_t next = 0;
    while (left > 0) {
        size_t n = count ? size_t(sizes[next++ % count]) + 1 : left;
        n = std::min(n, left);
        reads.append(QByteArray(stream, qsizetype(n)));
        stream += n;
        left -= n;
    }
    return reads;
}

#endif // SOCKETIO_FUZZ_SPLITINPUT_H
