// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "websocketframes_p.h"

#include <cstring>

namespace SocketIo::Eio {

namespace WebSocketFrames {

void appendHeader(QByteArray &out, Opcode opcode, qint64 length)
{
    out.append(static_cast<char>(0x80 | opcode));
    if (length < 126) {
        out.append(static_cast<char>(length));
    } else if (length <= 0xffff) {
        out.append(static_cast<char>(126));
        out.append(static_cast<char>((length >> 8) & 0xff));
        out.append(static_cast<char>(length & 0xff));
    } else {
        out.append(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(static_cast<char>((length >> shift) & 0xff));
    }
}

QByteArray controlFrame(Opcode opcode, QByteArrayView payload)
{
    payload = payload.first(qMin<qsizetype>(payload.size(), 125));
    QByteArray frame;
    frame.reserve(2 + payload.size());
    appendHeader(frame, opcode, payload.size());
    frame.append(payload);
    return frame;
}

QByteArray closeFrame(quint16 code, QByteArrayView reason)
{
    if (code == 0)
        return controlFrame(Close, {});
    QByteArray payload;
    payload.append(static_cast<char>(code >> 8));
    payload.append(static_cast<char>(code & 0xff));
    payload.append(reason);
    return controlFrame(Close, payload);
}

bool isValidCloseCode(quint16 code)
{
    if (code >= 1000 && code <= 1014)
        return code != 1004 && code != 1005 && code != 1006;
    return code >= 3000 && code <= 4999;
}

} // namespace WebSocketFrames

namespace {

void unmask(char *data, qint64 length, const uchar mask[4])
{
    quint32 word;
    std::memcpy(&word, mask, 4);
    const quint64 wide = (quint64(word) << 32) | word;
    qint64 i = 0;
    for (; i + 8 <= length; i += 8) {
        quint64 chunk;
        std::memcpy(&chunk, data + i, 8);
        chunk ^= wide;
        std::memcpy(data + i, &chunk, 8);
    }
    for (; i < length; ++i)
        data[i] = static_cast<char>(data[i] ^ mask[i & 3]);
}

} // namespace

using namespace WebSocketFrames;

void WebSocketFrameReader::append(QByteArray bytes)
{
    if (m_failed)
        return; // after a close frame or an error, nothing more is read
    if (m_pos >= m_buffer.size()) {
        m_buffer = std::move(bytes);
        m_pos = 0;
    } else {
        m_buffer.append(bytes);
    }
}

// Drops the consumed bytes; a buffer with nothing left is released.
void WebSocketFrameReader::compact()
{
    if (m_pos == 0)
        return;
    m_buffer = m_pos >= m_buffer.size() ? QByteArray() : m_buffer.sliced(m_pos);
    m_pos = 0;
}

WebSocketFrameReader::Item WebSocketFrameReader::fail(quint16 code, const char *why)
{
    m_failed = true;
    m_buffer = QByteArray();
    m_fragments = QByteArray();
    m_pos = 0;
    Item item;
    item.kind = Kind::Error;
    item.closeCode = code;
    item.error = why;
    return item;
}

WebSocketFrameReader::Item WebSocketFrameReader::next()
{
    m_message = QByteArray();
    for (;;) {
        const qsizetype available = m_buffer.size() - m_pos;
        if (m_failed || available < 2) {
            compact();
            return {};
        }
        const auto *head = reinterpret_cast<const uchar *>(m_buffer.constData() + m_pos);
        const bool fin = head[0] & 0x80;
        const quint8 opcode = head[0] & 0x0f;
        const bool control = opcode & 0x8;
        if (head[0] & 0x70)
            return fail(ProtocolError, "reserved bits set");
        if (opcode != Continuation && opcode != Text && opcode != Binary && opcode != Close && opcode != Ping
            && opcode != Pong) {
            return fail(ProtocolError, "unknown opcode");
        }
        if (!(head[1] & 0x80))
            return fail(ProtocolError, "unmasked frame from a client");
        quint64 length = head[1] & 0x7f;
        qsizetype headerSize = 2;
        if (length == 126) {
            headerSize = 4;
            if (available < headerSize)
                break;
            length = (quint64(head[2]) << 8) | head[3];
        } else if (length == 127) {
            headerSize = 10;
            if (available < headerSize)
                break;
            length = 0;
            for (int i = 2; i < 10; ++i)
                length = (length << 8) | head[i];
            if (length >> 63)
                return fail(ProtocolError, "frame length over 2^63");
        }
        if (control) {
            if (!fin)
                return fail(ProtocolError, "fragmented control frame");
            if (length > 125)
                return fail(ProtocolError, "control frame longer than 125 bytes");
        } else if (opcode == Continuation) {
            if (!m_fragmentedOpcode)
                return fail(ProtocolError, "continuation frame without a message");
        } else if (m_fragmentedOpcode) {
            return fail(ProtocolError, "new message before the fragmented one ended");
        }
        if (!control && length + quint64(m_fragments.size()) > quint64(m_maxMessageSize))
            return fail(MessageTooBig, "message over the size limit");
        headerSize += 4; // the masking key
        if (available < headerSize || quint64(available - headerSize) < length)
            break;

        char *frame = m_buffer.data() + m_pos; // detaches, if the buffer was shared
        uchar mask[4];
        std::memcpy(mask, frame + headerSize - 4, 4);
        char *payload = frame + headerSize;
        unmask(payload, qint64(length), mask);
        m_pos += headerSize + qsizetype(length);
        QByteArrayView view(payload, qsizetype(length));

        Item item;
        item.payload = view;
        switch (opcode) {
        case Ping:
            item.kind = Kind::Ping;
            return item;
        case Pong:
            item.kind = Kind::Pong;
            return item;
        case Close:
            item.kind = Kind::Close;
            item.closeCode = NoStatus;
            if (length == 1)
                return fail(ProtocolError, "close frame with a one-byte payload");
            if (length >= 2) {
                item.closeCode = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
                item.payload = view.sliced(2);
                if (!isValidCloseCode(item.closeCode))
                    return fail(ProtocolError, "invalid close code");
                if (!item.payload.isValidUtf8())
                    return fail(InvalidPayload, "close reason is not UTF-8");
            }
            m_failed = true; // nothing is read after a close frame
            return item;
        default:
            break;
        }
        const quint8 messageOpcode = opcode == Continuation ? m_fragmentedOpcode : opcode;
        if (!fin) {
            m_fragments.append(view);
            m_fragmentedOpcode = messageOpcode;
            continue;
        }
        if (opcode == Continuation) {
            m_fragments.append(view);
            m_message = std::exchange(m_fragments, QByteArray());
            m_fragmentedOpcode = 0;
            item.payload = m_message;
        }
        if (messageOpcode == Text && !item.payload.isValidUtf8())
            return fail(InvalidPayload, "text message is not UTF-8");
        item.kind = messageOpcode == Text ? Kind::Text : Kind::Binary;
        return item;
    }
    compact();
    return {};
}

} // namespace SocketIo::Eio
