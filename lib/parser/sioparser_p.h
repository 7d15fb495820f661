// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SIOPARSER_P_H
#define SOCKETIO_SIOPARSER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "siojson_p.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariant>

namespace SocketIo::Sio {

enum class PacketType {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
};

struct Packet
{
    PacketType type = PacketType::Event;
    QString nsp = QStringLiteral("/");
    qint64 id = -1; // ack id; -1 = none
    QVariant data;  // Connect: QVariantMap or invalid; Event/Ack: QVariantList;
                    // ConnectError: QVariantMap or QString; Disconnect: invalid
};

// The packet format of a connection: socket.io-parser's (JSON text plus
// binary attachments) or socket.io-msgpack-parser's (one MessagePack message).
enum class Format { Json, Msgpack };

// The wire form: one UTF-8 text frame, then one binary frame per attachment.
// A Msgpack packet has no text and its one binary message in attachments.
struct Encoded
{
    QByteArray text;
    QList<QByteArray> attachments;
};

Encoded encode(const Packet &packet);
Encoded encode(const Packet &packet, Format format);

// Whether an incoming EVENT's payload is a non-empty array led by an event
// name: a number, or a string other than the reserved names.
bool isEventPayload(const QVariant &payload);

class Decoder
{
public:
    explicit Decoder(int maxAttachments = 10); // socket.io-parser's default
    explicit Decoder(Format format, int maxAttachments = 10);

    Format format() const { return m_format; }

    enum class Result { Incomplete, Complete, Error };

    Result addText(QByteArrayView utf8);
    Result addBinary(const QByteArray &data);
    Packet takePacket();
    QString errorString() const;
    bool isWaitingForAttachments() const;
    void reset();

private:
    Result fail(const char *reason);
    Result fail(const QString &reason);
    Result complete();

    Format m_format = Format::Json;
    int m_maxAttachments;
    qsizetype m_expected = 0;        // attachments the pending binary packet announced
    Packet m_packet;                 // pending or complete packet
    QVariant m_payload;              // pending binary payload, placeholders not yet replaced
    QList<QByteArray> m_attachments; // attachments received so far
    QString m_error;
    bool m_complete = false;
};

} // namespace SocketIo::Sio

#endif // SOCKETIO_SIOPARSER_P_H
