// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The Socket.IO decoder of socket.io-parser's format on one connection: the input is a sequence
// of WebSocket messages separated by the bytes FF FF. A message goes in as text when the decoder
// waits for a packet and as a binary attachment while it waits for attachments. Every complete
// packet must encode again and decode to a packet that encodes the same way.

#include "sioparser_p.h"

#include <cstddef>
#include <cstdint>

using namespace SocketIo::Sio;

namespace {
void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

// Decodes what encode() wrote; nullopt when the decoder refuses its own encoder's output.
std::optional<Encoded> reencode(const Encoded &encoded)
{
    Decoder decoder;
    Decoder::Result result = decoder.addText(encoded.text);
    for (const QByteArray &attachment : encoded.attachments) {
        if (result != Decoder::Result::Incomplete)
            return std::nullopt;
        result = decoder.addBinary(attachment);
    }
    if (result != Decoder::Result::Complete)
        return std::nullopt;
    return encode(decoder.takePacket());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    Decoder decoder(3);
    qsizetype from = 0;
    while (from <= input.size()) {
        qsizetype end = input.indexOf("\xff\xff", from);
        if (end < 0)
            end = input.size();
        const QByteArray message = input.mid(from, end - from);
        from = end + 2;
        const Decoder::Result result =
                decoder.isWaitingForAttachments() ? decoder.addBinary(message) : decoder.addText(message);
        if (result == Decoder::Result::Error) {
            check(!decoder.errorString().isEmpty() && !decoder.isWaitingForAttachments());
            continue;
        }
        if (result != Decoder::Result::Complete)
            continue;
        const Packet packet = decoder.takePacket();
        (void)isEventPayload(packet.data);
        const Encoded encoded = encode(packet);
        const std::optional<Encoded> again = reencode(encoded);
        check(again.has_value());
        check(again->text == encoded.text && again->attachments == encoded.attachments);
    }
    return 0;
}
