// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// Socket.IO packets in socket.io-msgpack-parser's format, through decodeMsgpack() and through
// the decoder a msgpack connection uses. Every packet that decodes must encode to bytes that
// decode to a packet encoding the same way.

#include "siomsgpack_p.h"
#include "sioparser_p.h"

#include <cstddef>
#include <cstdint>

using namespace SocketIo::Sio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<Packet> packet = decodeMsgpack(bytes, &error);
    if (packet) {
        (void)isEventPayload(packet->data);
        const QByteArray encoded = encodeMsgpack(*packet);
        const std::optional<Packet> again = decodeMsgpack(encoded);
        if (!again || encodeMsgpack(*again) != encoded)
            __builtin_trap();
        const Encoded viaEncode = encode(*packet, Format::Msgpack);
        if (!viaEncode.text.isEmpty() || viaEncode.attachments.size() != 1)
            __builtin_trap();
    }
    Decoder decoder(Format::Msgpack);
    const Decoder::Result result = decoder.addBinary(bytes);
    if ((result == Decoder::Result::Complete) != packet.has_value())
        __builtin_trap(); // the decoder and decodeMsgpack() must agree
    return 0;
}
