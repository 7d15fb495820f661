// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// Engine.IO packets and long-polling payloads, protocols 4 and 3. The first byte picks the
// decoder; whatever decodes must encode again and decode to the same packets. Protocol 3 string
// payloads are checked only when their text is well-formed UTF-8: their lengths count UTF-16
// units, which ill-formed UTF-8 does not have (see fuzz/crashes/eiopacket/).

#include "eiopacket_p.h"

#include <QtCore/QString>

#include <cstddef>
#include <cstdint>

namespace Codec = SocketIo::Eio::Codec;
using SocketIo::Eio::PacketList;

namespace {
void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

bool isUtf8(const PacketList &packets)
{
    for (const SocketIo::Eio::Packet &packet : packets) {
        if (!packet.binary && QString::fromUtf8(packet.data).toUtf8() != packet.data)
            return false;
    }
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 5) {
    case 0:
        if (const auto packet = Codec::decodeText(input)) {
            const auto again = Codec::decodeText(Codec::encodeText(*packet));
            check(again && *again == *packet);
        }
        break;
    case 1:
        if (const auto packets = Codec::decodePayload(input)) {
            const auto again = Codec::decodePayload(Codec::encodePayload(*packets));
            check(again && *again == *packets);
        }
        break;
    case 2:
        if (const auto packet = Codec::decodeTextV3(input)) {
            const auto again = Codec::decodeTextV3(Codec::encodeTextV3(*packet));
            check(again && *again == *packet);
        }
        break;
    case 3:
        if (const auto packet = Codec::decodeBinaryFrameV3(input)) {
            const auto again = Codec::decodeBinaryFrameV3(Codec::encodeBinaryFrameV3(*packet));
            check(again && *again == *packet);
        }
        break;
    case 4: {
        const bool binaryBody = data[0] & 0x80;
        const auto packets = Codec::decodePayloadV3(input, binaryBody);
        if (packets && isUtf8(*packets)) {
            for (bool supportsBinary : {false, true}) {
                const bool binary = Codec::payloadNeedsBinaryV3(*packets, supportsBinary);
                const auto again = Codec::decodePayloadV3(Codec::encodePayloadV3(*packets, supportsBinary), binary);
                check(again && *again == *packets);
            }
        }
        (void)Codec::utf16Length(input);
        break;
    }
    }
    return 0;
}
