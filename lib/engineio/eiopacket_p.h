// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_EIOPACKET_P_H
#define SOCKETIO_EIOPACKET_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>

#include <optional>

namespace SocketIo::Eio {

// Engine.IO packet types, as the ASCII digit that leads every text packet.
enum class PacketType : char {
    Open = '0',
    Close = '1',
    Ping = '2',
    Pong = '3',
    Message = '4',
    Upgrade = '5',
    Noop = '6',
};

struct Packet
{
    PacketType type = PacketType::Noop;
    QByteArray data;     // UTF-8 text, or raw bytes when binary
    bool binary = false; // only Message packets carry binary data

    static Packet text(PacketType t, const QByteArray &d = {}) { return {t, d, false}; }
    static Packet bytes(const QByteArray &d) { return {PacketType::Message, d, true}; }
    friend bool operator==(const Packet &a, const Packet &b)
    {
        return a.type == b.type && a.binary == b.binary && a.data == b.data;
    }
};

using PacketList = QList<Packet>;

// The Engine.IO packet and payload codecs. Everything works on raw bytes:
// text is UTF-8 and is never converted to QString on the hot path.
namespace Codec {

constexpr char RecordSeparator = '\x1e';

bool isValidType(char c);

// Protocol 4: one packet as a text WebSocket frame or one payload record.
// Binary packets in text form are 'b' followed by base64.
QByteArray encodeText(const Packet &packet);
std::optional<Packet> decodeText(QByteArrayView text);

// Protocol 4 long-polling payloads: packets joined by \x1e.
QByteArray encodePayload(const PacketList &packets);
std::optional<PacketList> decodePayload(QByteArrayView payload);

// Protocol 3: WebSocket binary frames carry the type as their first byte.
QByteArray encodeBinaryFrameV3(const Packet &packet);
std::optional<Packet> decodeBinaryFrameV3(QByteArrayView frame);
// Protocol 3 text packets: binary as "b4" + base64.
QByteArray encodeTextV3(const Packet &packet);
std::optional<Packet> decodeTextV3(QByteArrayView text);

// Protocol 3 long-polling payloads. The string form is "<length>:<packet>" with
// the length counted in UTF-16 code units (JavaScript string length); the
// binary form is used when the client supports binary and a packet is binary.
bool payloadNeedsBinaryV3(const PacketList &packets, bool supportsBinary);
QByteArray encodePayloadV3(const PacketList &packets, bool supportsBinary);
std::optional<PacketList> decodePayloadV3(QByteArrayView payload, bool binaryBody);

// Number of UTF-16 code units in UTF-8 text (what JavaScript calls length).
qsizetype utf16Length(QByteArrayView utf8);

} // namespace Codec

} // namespace SocketIo::Eio

#endif // SOCKETIO_EIOPACKET_P_H
