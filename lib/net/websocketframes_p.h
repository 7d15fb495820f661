// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_WEBSOCKETFRAMES_P_H
#define SOCKETIO_WEBSOCKETFRAMES_P_H

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

namespace SocketIo::Eio {

// The frames of RFC 6455 (section 5) as a server reads and writes them, without
// extensions. Knows nothing of sockets: bytes go in, messages come out.
namespace WebSocketFrames {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
};

enum CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    NoStatus = 1005,
    InvalidPayload = 1007,
    MessageTooBig = 1009,
};

// Appends the header of an unmasked frame that ends its message.
void appendHeader(QByteArray &out, Opcode opcode, qint64 length);
// A complete control frame; the payload is cut to the 125 bytes a control frame may carry.
QByteArray controlFrame(Opcode opcode, QByteArrayView payload);
// A complete close frame (code 0: without a status), the reason cut to fit.
QByteArray closeFrame(quint16 code, QByteArrayView reason = {});
// Whether a close frame may carry code (RFC 6455, 7.4).
bool isValidCloseCode(quint16 code);

} // namespace WebSocketFrames

// Reads what a client sends: checks each frame, unmasks it, joins fragments. Every message and
// control frame comes out of next(); a protocol violation comes out as an error with the close
// code to answer, after which the reader yields nothing more. A message larger than the limit is
// refused as soon as its length is known, before its payload is buffered.
class WebSocketFrameReader
{
public:
    enum class Kind { Incomplete, Text, Binary, Ping, Pong, Close, Error };
    struct Item
    {
        Kind kind = Kind::Incomplete;
        // The message, the ping or pong data, the close reason. Valid until the next call.
        QByteArrayView payload;
        quint16 closeCode = 0;       // Close: the peer's code (NoStatus without one); Error: ours
        const char *error = nullptr; // Error: what was wrong
    };

    explicit WebSocketFrameReader(qint64 maxMessageSize) : m_maxMessageSize(maxMessageSize) {}

    // Takes received bytes (a whole read from the socket: usually no copy is made).
    void append(QByteArray bytes);
    Item next();
    // Bytes received and not yet returned, including the fragments of an unfinished message.
    qint64 buffered() const { return m_buffer.size() - m_pos + m_fragments.size(); }

private:
    Item fail(quint16 code, const char *why);
    void compact();

    QByteArray m_buffer; // received bytes; those before m_pos are consumed
    qsizetype m_pos = 0;
    QByteArray m_fragments; // the message being assembled from fragments
    QByteArray m_message;   // the last message assembled from fragments, until the next call
    qint64 m_maxMessageSize;
    quint8 m_fragmentedOpcode = 0; // Text or Binary while a fragmented message is open
    bool m_failed = false;
};

} // namespace SocketIo::Eio

#endif // SOCKETIO_WEBSOCKETFRAMES_P_H
