// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "siomsgpack_p.h"
#include "msgpackcodec_p.h"

#include <QtCore/QLatin1String>
#include <QtCore/QtEndian>

// The packet format of npm socket.io-msgpack-parser 3.0.2, the parser a Node
// server gets with `new Server({ parser: require("socket.io-msgpack-parser") })`
// and socket.io-client with the same option (or the socket.io.msgpack.min.js
// bundle). A packet is the packet object itself, written by notepack.io 2.2
// as one MessagePack map and sent as one binary Engine.IO message:
//
//     {type: 0..4, data?: <any>, id?: <integer>, nsp: <string>}
//
// Binary values stay inline as bin (or notepack's ArrayBuffer extension), so
// there are no attachments and no BINARY_EVENT or BINARY_ACK types.
//
// The decoder mirrors the package's checkPacket() and is stricter where that
// is lax: the EVENT payload is checked as the JSON parser checks it, and ack
// ids are integers from 0 to 2^53 - 1. Lengths and depth are bounded by the
// MessagePack codec; the message itself by maxHttpBufferSize in Engine.IO.

namespace SocketIo::Sio {

namespace {

constexpr qint64 MaxAckId = (qint64(1) << 53) - 1;
constexpr uchar FixMap = 0x80;
constexpr uchar FixStr = 0xa0;
constexpr uchar Map16 = 0xde;
constexpr uchar Map32 = 0xdf;
constexpr uchar FixExt1 = 0xd4;

const QLatin1String TypeKey("type");
const QLatin1String DataKey("data");
const QLatin1String IdKey("id");
const QLatin1String NspKey("nsp");

// One top-level field as JavaScript sees it after notepack decoded the map:
// a missing key and notepack 2's undefined (fixext1 of type 0) both leave it
// unset.
struct Field
{
    bool present = false;
    QVariant value;
};

struct Fields
{
    Field type;
    Field data;
    Field id;
    Field nsp;
};

void appendKey(QByteArray &out, QLatin1String key)
{
    out += char(FixStr | key.size()); // every key is shorter than 32 bytes
    out.append(key.data(), key.size());
}

bool hasPayload(const QVariant &data)
{
    return data.isValid() && data.typeId() != QMetaType::Nullptr;
}

// The header of a fixmap, map16 or map32 at the start of bytes.
bool readMapHeader(QByteArrayView bytes, qsizetype *pos, quint64 *count)
{
    if (bytes.isEmpty())
        return false;
    const uchar format = uchar(bytes.front());
    if ((format & 0xf0) == FixMap) {
        *count = format & 0x0f;
        *pos = 1;
        return true;
    }
    if (format == Map16 && bytes.size() >= 3) {
        *count = qFromBigEndian<quint16>(bytes.data() + 1);
        *pos = 3;
        return true;
    }
    if (format == Map32 && bytes.size() >= 5) {
        *count = qFromBigEndian<quint32>(bytes.data() + 1);
        *pos = 5;
        return true;
    }
    return false;
}

// The field a key names, or null for a key the packet does not use.
Field *fieldFor(const QVariant &key, Fields *fields)
{
    if (key.typeId() != QMetaType::QString)
        return nullptr;
    const QString &name = *static_cast<const QString *>(key.constData());
    if (name == TypeKey)
        return &fields->type;
    if (name == DataKey)
        return &fields->data;
    if (name == IdKey)
        return &fields->id;
    if (name == NspKey)
        return &fields->nsp;
    return nullptr;
}

// Reads the map's entries into fields. Every value is read, used or not, so
// that input notepack could not decode is refused whatever its key.
bool readFields(QByteArrayView bytes, Fields *fields, QString *error)
{
    qsizetype pos = 0;
    quint64 count = 0;
    if (!readMapHeader(bytes, &pos, &count)) {
        *error = QStringLiteral("not a MessagePack map");
        return false;
    }
    for (quint64 i = 0; i < count; ++i) {
        qsizetype consumed = 0;
        QString reason;
        const std::optional<QVariant> key = Msgpack::decodeOne(bytes.sliced(pos), &consumed, &reason);
        if (!key) {
            *error = QStringLiteral("invalid MessagePack: ") + reason;
            return false;
        }
        pos += consumed;
        Field *field = fieldFor(*key, fields);
        const QByteArrayView rest = bytes.sliced(pos);
        if (rest.size() >= 3 && uchar(rest[0]) == FixExt1 && rest[1] == 0) { // undefined
            pos += 3;
            if (field)
                *field = Field();
            continue;
        }
        std::optional<QVariant> value = Msgpack::decodeOne(rest, &consumed, &reason);
        if (!value) {
            *error = QStringLiteral("invalid MessagePack: ") + reason;
            return false;
        }
        pos += consumed;
        if (field)
            *field = Field{true, std::move(*value)};
    }
    if (pos != bytes.size()) {
        *error = QStringLiteral("%1 bytes follow the packet").arg(bytes.size() - pos);
        return false;
    }
    return true;
}

bool isTypeValid(const Field &type)
{
    if (!type.present || type.value.typeId() != QMetaType::LongLong)
        return false;
    const qint64 value = type.value.toLongLong();
    return value >= int(PacketType::Connect) && value <= int(PacketType::ConnectError);
}

// checkPacket()'s isDataValid(), with the JSON parser's EVENT checks on top.
bool isDataValid(PacketType type, const Field &data)
{
    const int id = data.value.typeId();
    switch (type) {
    case PacketType::Connect:
        return !data.present || id == QMetaType::QVariantMap;
    case PacketType::Disconnect:
        return !data.present;
    case PacketType::ConnectError:
        return data.present && (id == QMetaType::QString || id == QMetaType::QVariantMap);
    case PacketType::Event:
        return data.present && isEventPayload(data.value);
    default:
        return data.present && id == QMetaType::QVariantList;
    }
}

bool isIdValid(const Field &id)
{
    if (!id.present)
        return true;
    if (id.value.typeId() != QMetaType::LongLong)
        return false;
    const qint64 value = id.value.toLongLong();
    return value >= 0 && value <= MaxAckId;
}

} // namespace

/*!
    \internal
    Returns \a packet as socket.io-msgpack-parser's Encoder writes the packet
    object Node's socket.io server builds: a MessagePack map of, in this
    order, \c type, \c data (when \c{packet.data} is neither invalid nor
    \c nullptr), \c id (when not negative) and \c nsp (\c "/" for an empty
    namespace), except that an ACK starts with its \c id, as \c socket.ts
    builds it. Values are written by Msgpack::encode(), QByteArray as bin,
    wherever it is in the tree.

    BINARY_EVENT and BINARY_ACK are written as EVENT and ACK: this format has
    no attachments.

    The bytes are the package's for the same object; Node's server differs
    only in key order for a broadcast with an ack (\c nsp before \c id) and
    the "Invalid namespace" refusal (\c nsp before \c data), and in writing
    \c{pid: undefined} into the CONNECT answer without connection state
    recovery, where the packet here has no \c pid. The client reads each the
    same.
*/
QByteArray encodeMsgpack(const Packet &packet)
{
    PacketType type = packet.type;
    if (type == PacketType::BinaryEvent)
        type = PacketType::Event;
    else if (type == PacketType::BinaryAck)
        type = PacketType::Ack;
    const bool withData = hasPayload(packet.data);
    const bool withId = packet.id >= 0;
    const bool idFirst = withId && type == PacketType::Ack;

    QByteArray out;
    out += char(FixMap | (2 + int(withData) + int(withId)));
    if (idFirst) {
        appendKey(out, IdKey);
        Msgpack::encode(QVariant(packet.id), out);
    }
    appendKey(out, TypeKey);
    out += char(type); // a positive fixint
    if (withData) {
        appendKey(out, DataKey);
        Msgpack::encode(packet.data, out);
    }
    if (withId && !idFirst) {
        appendKey(out, IdKey);
        Msgpack::encode(QVariant(packet.id), out);
    }
    appendKey(out, NspKey);
    Msgpack::encode(packet.nsp.isEmpty() ? QVariant(QStringLiteral("/")) : QVariant(packet.nsp), out);
    return out;
}

/*!
    \internal
    Decodes the binary message \a bytes as socket.io-msgpack-parser's Decoder
    does, or returns std::nullopt with the reason in \a error.

    The message must be exactly one MessagePack map (nothing may follow it).
    A missing key and a value of notepack 2's \c undefined (fixext1 of type 0)
    are the same, as they are in JavaScript; keys other than \c type, \c
    data, \c id and \c nsp are read and ignored. Then, as the package's
    checkPacket():
    \list
    \li \c type must be an integer from 0 (CONNECT) to 4 (CONNECT_ERROR):
        "invalid packet type";
    \li \c nsp must be a string: "invalid namespace";
    \li \c data must be absent or a map for CONNECT, absent for DISCONNECT, a
        string or a map for CONNECT_ERROR, an array for EVENT and ACK:
        "invalid payload". An EVENT's array must also start with an event
        name that is a number or a string other than the reserved names, as
        the JSON parser requires;
    \li \c id must be absent or an integer, here from 0 to 2^53 - 1:
        "invalid packet id".
    \endlist

    Values are read by Msgpack::decodeOne(): bin and notepack's ArrayBuffer
    extension are QByteArray, and every length is checked against the bytes
    left before anything is allocated; nesting is bounded by
    Msgpack::MaxDepth.
*/
std::optional<Packet> decodeMsgpack(QByteArrayView bytes, QString *error)
{
    Fields fields;
    QString reason;
    const auto fail = [&](QString why) -> std::optional<Packet> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    if (!readFields(bytes, &fields, &reason))
        return fail(reason);
    if (!isTypeValid(fields.type))
        return fail(QStringLiteral("invalid packet type"));
    if (!fields.nsp.present || fields.nsp.value.typeId() != QMetaType::QString)
        return fail(QStringLiteral("invalid namespace"));
    const auto type = PacketType(fields.type.value.toLongLong());
    if (!isDataValid(type, fields.data))
        return fail(QStringLiteral("invalid payload"));
    if (!isIdValid(fields.id))
        return fail(QStringLiteral("invalid packet id"));

    Packet packet;
    packet.type = type;
    packet.nsp = fields.nsp.value.toString();
    packet.id = fields.id.present ? fields.id.value.toLongLong() : -1;
    if (fields.data.present)
        packet.data = std::move(fields.data.value);
    return packet;
}

} // namespace SocketIo::Sio
