// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The MessagePack codec. Whatever decodes must encode, decode again and encode to the same
// bytes (the byte comparison stands for value equality: NaN is not equal to itself as a
// QVariant). decodeOne() is run over the input as a stream of messages.

#include "msgpackcodec_p.h"

#include <cstddef>
#include <cstdint>

namespace Msgpack = SocketIo::Msgpack;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    if (const std::optional<QVariant> value = Msgpack::decode(bytes, &error)) {
        const QByteArray encoded = Msgpack::encode(*value);
        const std::optional<QVariant> again = Msgpack::decode(encoded);
        if (!again || Msgpack::encode(*again) != encoded)
            __builtin_trap();
    } else if (error.isEmpty()) {
        __builtin_trap(); // a refusal says why
    }
    QByteArrayView rest = bytes;
    while (!rest.isEmpty()) {
        qsizetype consumed = 0;
        if (!Msgpack::decodeOne(rest, &consumed))
            break;
        if (consumed <= 0 || consumed > rest.size())
            __builtin_trap();
        rest = rest.sliced(consumed);
    }
    return 0;
}
