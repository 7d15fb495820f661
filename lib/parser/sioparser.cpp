// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "sioparser_p.h"
#include "siojsonreader_p.h"
#include "siomsgpack_p.h"

#include <QtCore/QLatin1String>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

// The Socket.IO protocol 5 packet codec, with the semantics of Node's
// socket.io-parser 4.2 (the version Socket.IO 4.8 ships), made strict where
// that parser is lax. The text form of a packet is
//
//     <type>[<attachments>-][<nsp>,][<ack id>][<JSON payload>]
//
// followed, for BINARY_EVENT and BINARY_ACK, by one binary frame per
// attachment that replaces a {"_placeholder":true,"num":i} in the payload.
//
// Everything the decoder reads is untrusted: counts are bounded before they are
// used, placeholders are checked against the announced count as soon as the text
// frame arrives, and nothing is allocated in proportion to a number read off the
// wire.

namespace SocketIo::Sio {

namespace {

constexpr int MaxCountDigits = 9;  // attachment counts: at most 999999999, then maxAttachments
constexpr int MaxAckIdDigits = 16; // up to 2^53 - 1, the largest exact JavaScript integer
constexpr qint64 MaxAckId = (qint64(1) << 53) - 1;

const char *const ErrorUnknownType = "unknown packet type";
const char *const ErrorIllegalAttachments = "illegal attachments";
const char *const ErrorTooManyAttachments = "too many attachments";
const char *const ErrorInvalidAckId = "invalid ack id";
const char *const ErrorInvalidPayload = "invalid payload";
const char *const ErrorUnexpectedText = "text frame while awaiting attachments";
const char *const ErrorUnexpectedBinary = "unexpected binary frame";
const char *const ErrorTextUnderMsgpack = "text frame under the msgpack parser";

const QLatin1String PlaceholderKey("_placeholder");
const QLatin1String NumKey("num");

// Event names an incoming EVENT may not use (socket.io-parser >= 4.2.4).
const QLatin1String ReservedEvents[] = {
        QLatin1String("connect"),       QLatin1String("connect_error"), QLatin1String("disconnect"),
        QLatin1String("disconnecting"), QLatin1String("newListener"),   QLatin1String("removeListener"),
};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isBinaryType(PacketType type)
{
    return type == PacketType::BinaryEvent || type == PacketType::BinaryAck;
}

bool canCarryBinary(PacketType type)
{
    return type == PacketType::Event || type == PacketType::Ack || isBinaryType(type);
}

// The type a packet travels as: EVENT and ACK become their binary forms when
// attachments were extracted, and fall back to the plain forms when none were.
PacketType wireType(PacketType type, bool hasAttachments)
{
    if (type == PacketType::Event || type == PacketType::BinaryEvent)
        return hasAttachments ? PacketType::BinaryEvent : PacketType::Event;
    if (type == PacketType::Ack || type == PacketType::BinaryAck)
        return hasAttachments ? PacketType::BinaryAck : PacketType::Ack;
    return type;
}

bool hasPayload(const QVariant &data)
{
    return data.isValid() && data.typeId() != QMetaType::Nullptr;
}

// The header fields of a text frame and what follows them.
struct Header
{
    PacketType type = PacketType::Event;
    qsizetype attachments = 0;
    QString nsp = QStringLiteral("/");
    qint64 id = -1;
    QByteArrayView payload;
};

// Reads a run of at most maxDigits ASCII digits at *pos. Returns the number of
// digits, or -1 when the run is longer; *value receives their value.
int readDigits(QByteArrayView text, qsizetype *pos, int maxDigits, qint64 *value)
{
    int count = 0;
    qint64 result = 0;
    while (*pos < text.size() && isDigit(text[*pos])) {
        if (++count > maxDigits)
            return -1;
        result = result * 10 + (text[*pos] - '0');
        ++*pos;
    }
    *value = result;
    return count;
}

// "<count>-" after a binary type.
const char *readAttachmentCount(QByteArrayView text, qsizetype *pos, int maxAttachments, qsizetype *count)
{
    qint64 value = 0;
    const int digits = readDigits(text, pos, MaxCountDigits, &value);
    if (digits <= 0 || *pos >= text.size() || text[*pos] != '-' || value < 1)
        return ErrorIllegalAttachments;
    if (value > maxAttachments)
        return ErrorTooManyAttachments;
    ++*pos;
    *count = qsizetype(value);
    return nullptr;
}

// "/nsp," or "/nsp" up to the end; anything else leaves the main namespace.
void readNamespace(QByteArrayView text, qsizetype *pos, QString *nsp)
{
    if (*pos >= text.size() || text[*pos] != '/')
        return;
    const qsizetype start = *pos;
    qsizetype end = start;
    while (end < text.size() && text[end] != ',')
        ++end;
    *nsp = QString::fromUtf8(text.sliced(start, end - start));
    *pos = end < text.size() ? end + 1 : end;
}

const char *parseHeader(QByteArrayView text, int maxAttachments, Header *header)
{
    if (text.isEmpty() || text[0] < '0' || text[0] > '6')
        return ErrorUnknownType;
    header->type = PacketType(text[0] - '0');
    qsizetype pos = 1;
    if (isBinaryType(header->type)) {
        if (const char *error = readAttachmentCount(text, &pos, maxAttachments, &header->attachments))
            return error;
    }
    readNamespace(text, &pos, &header->nsp);
    qint64 id = 0;
    const int idDigits = readDigits(text, &pos, MaxAckIdDigits, &id);
    if (idDigits < 0 || id > MaxAckId)
        return ErrorInvalidAckId;
    if (idDigits > 0)
        header->id = id;
    header->payload = text.sliced(pos);
    return nullptr;
}

bool isNumber(const QVariant &value)
{
    return value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Double;
}

} // namespace

/*!
    \internal
    Returns whether \a payload is what an incoming EVENT may carry: a
    non-empty array whose first element, the event name, is a number or a
    string other than the reserved names (connect, connect_error, disconnect,
    disconnecting, newListener, removeListener), as socket.io-parser 4.2.4
    requires.
*/
bool isEventPayload(const QVariant &payload)
{
    if (payload.typeId() != QMetaType::QVariantList)
        return false;
    const QVariantList &array = *static_cast<const QVariantList *>(payload.constData());
    if (array.isEmpty())
        return false;
    const QVariant &name = array.first();
    if (isNumber(name))
        return true;
    if (name.typeId() != QMetaType::QString)
        return false;
    const QString &event = *static_cast<const QString *>(name.constData());
    return std::none_of(std::begin(ReservedEvents), std::end(ReservedEvents),
                        [&event](QLatin1String reserved) { return event == reserved; });
}

namespace {

bool isPayloadValid(PacketType type, const std::optional<QVariant> &payload)
{
    switch (type) {
    case PacketType::Connect:
        return !payload || payload->typeId() == QMetaType::QVariantMap;
    case PacketType::Disconnect:
        return !payload;
    case PacketType::Event:
    case PacketType::BinaryEvent:
        return payload && isEventPayload(*payload);
    case PacketType::Ack:
    case PacketType::BinaryAck:
        return payload && payload->typeId() == QMetaType::QVariantList;
    case PacketType::ConnectError:
        return payload && (payload->typeId() == QMetaType::QVariantMap || payload->typeId() == QMetaType::QString);
    }
    return false;
}

// The attachment index of a placeholder object, or -1 when it is no valid
// placeholder: "_placeholder" must be exactly true and "num" an integer in
// [0, count).
qsizetype placeholderIndex(const QVariantMap &object, qsizetype count)
{
    const QVariant flag = object.value(PlaceholderKey);
    if (flag.typeId() != QMetaType::Bool || !flag.toBool())
        return -1;
    const QVariant num = object.value(NumKey);
    if (!isNumber(num))
        return -1;
    const double index = num.toDouble();
    if (!(index >= 0 && index < double(count)) || std::trunc(index) != index)
        return -1;
    return qsizetype(index);
}

// Whether every object with a "_placeholder" key in a binary packet's payload
// is a valid placeholder for one of count attachments.
bool placeholdersValid(const QVariant &value, qsizetype count)
{
    if (value.typeId() == QMetaType::QVariantList) {
        const QVariantList &array = *static_cast<const QVariantList *>(value.constData());
        return std::all_of(array.begin(), array.end(),
                           [count](const QVariant &element) { return placeholdersValid(element, count); });
    }
    if (value.typeId() != QMetaType::QVariantMap)
        return true;
    const QVariantMap &object = *static_cast<const QVariantMap *>(value.constData());
    if (object.contains(PlaceholderKey))
        return placeholderIndex(object, count) >= 0;
    return std::all_of(object.begin(), object.end(),
                       [count](const QVariant &element) { return placeholdersValid(element, count); });
}

// Replaces every placeholder in value by the attachment it stands for; the
// placeholders were checked by placeholdersValid() before.
void replacePlaceholders(QVariant *value, const QList<QByteArray> &attachments)
{
    if (value->typeId() == QMetaType::QVariantList) {
        QVariantList &array = *static_cast<QVariantList *>(value->data());
        for (QVariant &element : array)
            replacePlaceholders(&element, attachments);
        return;
    }
    if (value->typeId() != QMetaType::QVariantMap)
        return;
    QVariantMap &object = *static_cast<QVariantMap *>(value->data());
    if (object.contains(PlaceholderKey)) {
        const qsizetype index = placeholderIndex(object, attachments.size());
        *value = index >= 0 ? QVariant(attachments.at(index)) : QVariant();
        return;
    }
    for (QVariant &element : object)
        replacePlaceholders(&element, attachments);
}

} // namespace

/*!
    \internal
    Encodes \a packet as one UTF-8 text frame and its binary attachments.

    The text is \c{<type>[<count>-][<nsp>,][<id>][<JSON>]}: the namespace is
    written only when it is neither "/" nor empty, the ack id only when it is not negative,
    and the payload only when \c{packet.data} is neither invalid nor \c nullptr.
    The JSON is written by appendJson(), as \c JSON.stringify would.

    For EVENT and ACK packets every QByteArray in the data, at any depth inside
    lists and maps, is replaced by \c{{"_placeholder":true,"num":i}} and
    returned as attachment \c i; the packet then travels as BINARY_EVENT or
    BINARY_ACK. BINARY_EVENT and BINARY_ACK packets without binary data travel
    as EVENT and ACK, since a zero attachment count is not valid on the wire.
    Other packet types carry no attachments.

    The namespace is written as is: the caller must not use a namespace that
    contains a comma, which the text form cannot delimit.
*/
Encoded encode(const Packet &packet)
{
    return encode(packet, Format::Json);
}

/*!
    \internal
    Encodes \a packet in \a format: as the overload above for Format::Json;
    for Format::Msgpack as one binary message (encodeMsgpack()), returned as
    the only element of \c attachments, with an empty \c text.
*/
Encoded encode(const Packet &packet, Format format)
{
    if (format == Format::Msgpack)
        return Encoded{QByteArray(), {encodeMsgpack(packet)}};

    Encoded encoded;
    QByteArray &text = encoded.text;
    text += char('0' + int(wireType(packet.type, false)));
    if (!packet.nsp.isEmpty() && packet.nsp != QLatin1String("/")) {
        text += packet.nsp.toUtf8();
        text += ',';
    }
    if (packet.id >= 0)
        text += QByteArray::number(packet.id);
    if (hasPayload(packet.data)) {
        appendJson(text, packet.data, canCarryBinary(packet.type) ? &encoded.attachments : nullptr);
    }
    if (!encoded.attachments.isEmpty()) {
        text[0] = char('0' + int(wireType(packet.type, true)));
        text.insert(1, QByteArray::number(encoded.attachments.size()) + '-');
    }
    return encoded;
}

/*!
    \internal
    \class SocketIo::Sio::Decoder
    \brief Reassembles Socket.IO packets from the text and binary frames of one
    Engine.IO connection.

    Feed every text frame to addText() and every binary frame to addBinary().
    A result of Result::Complete means takePacket() holds a packet; a binary
    packet yields Result::Incomplete until its last attachment arrives.
    Result::Error means the input broke the protocol; errorString() says how,
    and the decoder has already reset itself, so the caller may close the
    connection (as Socket.IO does) or carry on with the next frame.

    Decoded BINARY_EVENT and BINARY_ACK packets are returned as
    PacketType::Event and PacketType::Ack with the attachments in place, as
    socket.io-parser does, so an encode() and decode round trip gives back the
    packet it started from.

    A decoder made for Format::Msgpack reads socket.io-msgpack-parser's
    packets instead: one binary frame each, no text frames.
*/

/*!
    \internal
    Creates a decoder that accepts binary packets announcing at most
    \a maxAttachments attachments.
*/
Decoder::Decoder(int maxAttachments) : m_maxAttachments(maxAttachments) {}

/*!
    \internal
    Creates a decoder for packets in \a format. A Format::Msgpack decoder
    takes every packet from one binary frame (decodeMsgpack()) and refuses
    text frames; \a maxAttachments only applies to Format::Json.
*/
Decoder::Decoder(Format format, int maxAttachments) : m_format(format), m_maxAttachments(maxAttachments) {}

/*!
    \internal
    Decodes the text frame \a utf8.

    The frame must start with a packet type digit; a binary type is followed by
    its attachment count and \c{-}. Then comes an optional namespace (from a
    leading \c{/} up to a comma or the end), an optional ack id of at most 2^53 - 1 (16
    digits), and an optional JSON payload, which must have the shape the packet
    type requires: an object or nothing for CONNECT, nothing for DISCONNECT, a
    non-empty array starting with an event name (a string other than the
    reserved names, or a number) for EVENT, an array for ACK, and an object or
    a string for CONNECT_ERROR.

    In a binary packet, the placeholders are checked against the announced
    count at once: an object with a \c _placeholder key must have it set to
    \c true and carry an integer \c num below the count.

    A packet completed but not taken is dropped. Returns Result::Complete for a
    packet without attachments, Result::Incomplete when attachments are now
    awaited, and Result::Error otherwise; a text frame is an error while
    attachments are awaited, and always under Format::Msgpack.
*/
Decoder::Result Decoder::addText(QByteArrayView utf8)
{
    if (m_format == Format::Msgpack)
        return fail(ErrorTextUnderMsgpack);
    if (isWaitingForAttachments())
        return fail(ErrorUnexpectedText);
    reset();
    Header header;
    if (const char *error = parseHeader(utf8, m_maxAttachments, &header))
        return fail(error);
    std::optional<QVariant> payload;
    if (!header.payload.isEmpty() && !(payload = fromJson(header.payload)))
        return fail(ErrorInvalidPayload);
    if (!isPayloadValid(header.type, payload))
        return fail(ErrorInvalidPayload);

    m_packet.nsp = header.nsp;
    m_packet.id = header.id;
    if (header.attachments == 0) {
        m_packet.type = header.type;
        m_packet.data = payload ? std::move(*payload) : QVariant();
        return complete();
    }
    if (!placeholdersValid(*payload, header.attachments))
        return fail(ErrorIllegalAttachments);
    m_packet.type = header.type == PacketType::BinaryEvent ? PacketType::Event : PacketType::Ack;
    m_payload = std::move(*payload);
    m_expected = header.attachments;
    return Result::Incomplete;
}

/*!
    \internal
    Takes the binary frame \a data as the next attachment of the pending binary
    packet. Returns Result::Complete once the last announced attachment has
    arrived and the placeholders have been replaced, Result::Incomplete before
    that, and Result::Error when no binary packet is pending.

    Under Format::Msgpack the frame is a whole packet: Result::Complete when
    decodeMsgpack() accepts it, Result::Error with its reason otherwise.
*/
Decoder::Result Decoder::addBinary(const QByteArray &data)
{
    if (m_format == Format::Msgpack) {
        reset();
        QString error;
        std::optional<Packet> packet = decodeMsgpack(data, &error);
        if (!packet)
            return fail(error);
        m_packet = std::move(*packet);
        return complete();
    }
    if (!isWaitingForAttachments())
        return fail(ErrorUnexpectedBinary);
    m_attachments.append(data);
    if (m_attachments.size() < m_expected)
        return Result::Incomplete;
    replacePlaceholders(&m_payload, m_attachments);
    m_packet.data = std::exchange(m_payload, QVariant());
    m_attachments.clear();
    m_expected = 0;
    return complete();
}

/*!
    \internal
    Returns the packet completed by the last call to addText() or addBinary()
    and forgets it; returns a default Packet when there is none.
*/
Packet Decoder::takePacket()
{
    if (!m_complete)
        return Packet();
    m_complete = false;
    return std::exchange(m_packet, Packet());
}

/*!
    \internal
    Returns a short English description of the last error, or an empty string.
    It is meant for logs and is not translated.
*/
QString Decoder::errorString() const
{
    return m_error;
}

/*!
    \internal
    Returns \c true while a binary packet's attachments are awaited.
*/
bool Decoder::isWaitingForAttachments() const
{
    return m_expected > 0;
}

/*!
    \internal
    Drops a pending binary packet, a packet not taken and the last error.
*/
void Decoder::reset()
{
    m_expected = 0;
    m_packet = Packet();
    m_payload = QVariant();
    m_attachments.clear();
    m_error.clear();
    m_complete = false;
}

Decoder::Result Decoder::fail(const char *reason)
{
    reset();
    m_error = QLatin1String(reason);
    return Result::Error;
}

Decoder::Result Decoder::fail(const QString &reason)
{
    reset();
    m_error = reason;
    return Result::Error;
}

Decoder::Result Decoder::complete()
{
    m_complete = true;
    return Result::Complete;
}

} // namespace SocketIo::Sio
