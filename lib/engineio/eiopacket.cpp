// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "eiopacket_p.h"

namespace SocketIo::Eio::Codec {

namespace {

std::optional<QByteArray> fromBase64(QByteArrayView text)
{
    auto result = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return std::move(result.decoded);
}

// Reads a decimal length made of ASCII digits; nullopt on anything else or overflow.
std::optional<qsizetype> parseLength(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 12)
        return std::nullopt;
    qsizetype value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Byte count of the first `units` UTF-16 code units of UTF-8 text, or -1.
qsizetype bytesForUtf16Units(QByteArrayView utf8, qsizetype units)
{
    qsizetype pos = 0;
    while (units > 0) {
        if (pos >= utf8.size())
            return -1;
        const auto lead = static_cast<unsigned char>(utf8[pos]);
        const int len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        const int weight = len == 4 ? 2 : 1;
        if (weight > units)
            return -1;
        pos += len;
        units -= weight;
    }
    return pos <= utf8.size() ? pos : -1;
}

} // namespace

bool isValidType(char c)
{
    return c >= '0' && c <= '6';
}

qsizetype utf16Length(QByteArrayView utf8)
{
    qsizetype units = 0;
    for (char c : utf8) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) == 0x80)
            continue; // continuation byte
        units += b >= 0xF0 ? 2 : 1;
    }
    return units;
}

QByteArray encodeText(const Packet &packet)
{
    if (packet.binary)
        return 'b' + packet.data.toBase64();
    QByteArray out;
    out.reserve(packet.data.size() + 1);
    out.append(static_cast<char>(packet.type));
    out.append(packet.data);
    return out;
}

std::optional<Packet> decodeText(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    if (text.front() == 'b') {
        auto bytes = fromBase64(text.sliced(1));
        if (!bytes)
            return std::nullopt;
        return Packet::bytes(*bytes);
    }
    if (!isValidType(text.front()))
        return std::nullopt;
    return Packet::text(static_cast<PacketType>(text.front()), text.sliced(1).toByteArray());
}

QByteArray encodePayload(const PacketList &packets)
{
    QByteArray out;
    for (qsizetype i = 0; i < packets.size(); ++i) {
        if (i)
            out.append(RecordSeparator);
        out.append(encodeText(packets.at(i)));
    }
    return out;
}

std::optional<PacketList> decodePayload(QByteArrayView payload)
{
    PacketList packets;
    qsizetype start = 0;
    while (start <= payload.size()) {
        qsizetype end = payload.indexOf(RecordSeparator, start);
        if (end < 0)
            end = payload.size();
        auto packet = decodeText(payload.sliced(start, end - start));
        if (!packet)
            return std::nullopt;
        packets.append(std::move(*packet));
        start = end + 1;
    }
    return packets;
}

QByteArray encodeBinaryFrameV3(const Packet &packet)
{
    QByteArray out;
    out.reserve(packet.data.size() + 1);
    out.append(static_cast<char>(static_cast<char>(packet.type) - '0'));
    out.append(packet.data);
    return out;
}

std::optional<Packet> decodeBinaryFrameV3(QByteArrayView frame)
{
    if (frame.isEmpty() || static_cast<unsigned char>(frame.front()) > 6)
        return std::nullopt;
    const auto type = static_cast<PacketType>(frame.front() + '0');
    if (type != PacketType::Message)
        return Packet::text(type, frame.sliced(1).toByteArray());
    return Packet::bytes(frame.sliced(1).toByteArray());
}

QByteArray encodeTextV3(const Packet &packet)
{
    if (packet.binary)
        return "b4" + packet.data.toBase64();
    return encodeText(packet);
}

std::optional<Packet> decodeTextV3(QByteArrayView text)
{
    if (text.size() >= 2 && text.front() == 'b') {
        if (text.at(1) != '4')
            return std::nullopt;
        auto bytes = fromBase64(text.sliced(2));
        if (!bytes)
            return std::nullopt;
        return Packet::bytes(*bytes);
    }
    if (text.isEmpty() || !isValidType(text.front()))
        return std::nullopt;
    return Packet::text(static_cast<PacketType>(text.front()), text.sliced(1).toByteArray());
}

bool payloadNeedsBinaryV3(const PacketList &packets, bool supportsBinary)
{
    if (!supportsBinary)
        return false;
    return std::any_of(packets.cbegin(), packets.cend(), [](const Packet &p) { return p.binary; });
}

QByteArray encodePayloadV3(const PacketList &packets, bool supportsBinary)
{
    QByteArray out;
    if (!payloadNeedsBinaryV3(packets, supportsBinary)) {
        for (const Packet &packet : packets) {
            const QByteArray text = encodeTextV3(packet);
            out.append(QByteArray::number(utf16Length(text)));
            out.append(':');
            out.append(text);
        }
        return out;
    }
    for (const Packet &packet : packets) {
        const QByteArray body = packet.binary ? encodeBinaryFrameV3(packet) : encodeText(packet);
        out.append(packet.binary ? '\x01' : '\x00');
        for (char digit : QByteArray::number(body.size()))
            out.append(static_cast<char>(digit - '0'));
        out.append('\xff');
        out.append(body);
    }
    return out;
}

namespace {

std::optional<PacketList> decodeStringPayloadV3(QByteArrayView payload)
{
    PacketList packets;
    qsizetype pos = 0;
    while (pos < payload.size()) {
        const qsizetype colon = payload.indexOf(':', pos);
        if (colon < 0)
            return std::nullopt;
        const auto units = parseLength(payload.sliced(pos, colon - pos));
        if (!units)
            return std::nullopt;
        const qsizetype bytes = bytesForUtf16Units(payload.sliced(colon + 1), *units);
        if (bytes < 0)
            return std::nullopt;
        auto packet = decodeTextV3(payload.sliced(colon + 1, bytes));
        if (!packet)
            return std::nullopt;
        packets.append(std::move(*packet));
        pos = colon + 1 + bytes;
    }
    if (packets.isEmpty())
        return std::nullopt;
    return packets;
}

std::optional<PacketList> decodeBinaryPayloadV3(QByteArrayView payload)
{
    PacketList packets;
    qsizetype pos = 0;
    while (pos < payload.size()) {
        const char kind = payload.at(pos++);
        if (kind != 0 && kind != 1)
            return std::nullopt;
        qsizetype length = 0;
        int digits = 0;
        while (pos < payload.size() && static_cast<unsigned char>(payload.at(pos)) != 0xff) {
            const auto digit = static_cast<unsigned char>(payload.at(pos++));
            if (digit > 9 || ++digits > 12)
                return std::nullopt;
            length = length * 10 + digit;
        }
        if (pos >= payload.size() || digits == 0 || length > payload.size() - pos - 1)
            return std::nullopt;
        ++pos; // 0xff
        const QByteArrayView body = payload.sliced(pos, length);
        auto packet = kind == 1 ? decodeBinaryFrameV3(body) : decodeTextV3(body);
        if (!packet)
            return std::nullopt;
        packets.append(std::move(*packet));
        pos += length;
    }
    if (packets.isEmpty())
        return std::nullopt;
    return packets;
}

} // namespace

std::optional<PacketList> decodePayloadV3(QByteArrayView payload, bool binaryBody)
{
    return binaryBody ? decodeBinaryPayloadV3(payload) : decodeStringPayloadV3(payload);
}

} // namespace SocketIo::Eio::Codec
