// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "websockettransport_p.h"
#include "flushqueue_p.h"
#include "logging_p.h"
#include "socketwrite_p.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>

namespace SocketIo::Eio {

WebSocketTransport::WebSocketTransport(QWebSocket *webSocket, QTcpSocket *socket, int protocol,
                                       qint64 maxPayload, Counters *counters, FlushQueue *flushQueue)
    : Transport(Kind::WebSocket, protocol, counters), m_webSocket(webSocket), m_socket(socket),
      m_flushQueue(flushQueue), m_directWrite(canWriteDirectly(socket))
{
    webSocket->setParent(this);
    webSocket->setMaxAllowedIncomingMessageSize(quint64(maxPayload));
    webSocket->setMaxAllowedIncomingFrameSize(quint64(maxPayload));
    connect(webSocket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        onMessage(text.toUtf8(), false);
    });
    connect(webSocket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        onMessage(data, true);
    });
    connect(webSocket, &QWebSocket::disconnected, this, [this] {
        const auto code = m_webSocket->closeCode();
        if (m_closed)
            return;
        m_closed = true;
        if (!m_owner)
            return;
        if (code == QWebSocketProtocol::CloseCodeTooMuchData
            || code == QWebSocketProtocol::CloseCodeProtocolError
            || code == QWebSocketProtocol::CloseCodeWrongDatatype) {
            m_owner->onTransportError(this, m_webSocket->closeReason());
        } else {
            m_owner->onTransportClosed(this);
        }
    });
}

WebSocketTransport::~WebSocketTransport()
{
    m_owner = nullptr;
    if (m_flushQueue)
        m_flushQueue->dequeue(this);
    if (m_webSocket->state() != QAbstractSocket::UnconnectedState)
        m_webSocket->abort();
}

// m_closed follows the socket: QWebSocket::disconnected sets it. flushQueued() checks the
// socket's state again before it writes.
bool WebSocketTransport::isWritable() const
{
    return !m_closed && m_socket && queuedBytes() < WriteBufferLimit;
}

qint64 WebSocketTransport::queuedBytes() const
{
    // Only a flush that could not write everything leaves bytes in the QTcpSocket.
    const qint64 inSocket = m_socketBacklog && m_socket ? m_socket->bytesToWrite() : 0;
    return m_pending.size() + m_sharedBytes + inSocket;
}

void WebSocketTransport::onMessage(QByteArrayView data, bool binary)
{
    if (m_closed)
        return;
    std::optional<Packet> packet;
    if (m_protocol == 3)
        packet = binary ? Codec::decodeBinaryFrameV3(data) : Codec::decodeTextV3(data);
    else
        packet = binary ? std::optional<Packet>(Packet::bytes(data.toByteArray()))
                        : Codec::decodeText(data);
    if (!packet) {
        m_counters->bytesReceived += quint64(data.size());
        if (m_owner)
            m_owner->onTransportParseError(this);
        return;
    }
    if (packet->type == PacketType::Close) {
        close();
        return;
    }
    deliver(*packet, data.size());
}

void WebSocketTransport::appendFrameHeader(QByteArray &out, bool binary, qint64 length)
{
    out.append(static_cast<char>(0x80 | (binary ? 0x2 : 0x1)));
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

void WebSocketTransport::appendFrame(const Packet &packet)
{
    const qsizetype before = m_pending.size();
    if (packet.binary) {
        const bool prefixed = m_protocol == 3;
        appendFrameHeader(m_pending, true, packet.data.size() + (prefixed ? 1 : 0));
        if (prefixed)
            m_pending.append('\x04');
    } else {
        appendFrameHeader(m_pending, false, packet.data.size() + 1);
        m_pending.append(static_cast<char>(packet.type));
    }
    const qsizetype frameHead = m_pending.size() - before;
    if (packet.data.size() >= ShareThreshold) {
        m_shared.append({m_pending.size(), packet.data});
        m_sharedBytes += packet.data.size();
    } else {
        m_pending.append(packet.data);
    }
    ++m_counters->packetsSent;
    m_counters->bytesSent += quint64(frameHead + packet.data.size());
}

void WebSocketTransport::send(const PacketList &packets)
{
    if (m_closed || !m_socket)
        return;
    for (const Packet &packet : packets)
        appendFrame(packet);
    scheduleFlush();
}

void WebSocketTransport::sendOne(const Packet &packet)
{
    if (m_closed || !m_socket)
        return;
    appendFrame(packet);
    scheduleFlush();
}

void WebSocketTransport::scheduleFlush()
{
    if (m_flushQueue)
        m_flushQueue->enqueue(this);
    else
        flushQueued();
    if (queuedBytes() > WriteBufferLimit)
        failOverflow();
}

void WebSocketTransport::flushQueued()
{
    if (m_pending.isEmpty() && m_shared.isEmpty())
        return;
    const QByteArray frames = std::exchange(m_pending, QByteArray());
    const QList<SharedPayload> shared = std::exchange(m_shared, {});
    m_sharedBytes = 0;
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    WriteChunks chunks;
    qsizetype at = 0;
    for (const SharedPayload &payload : shared) {
        chunks.append(QByteArrayView(frames).sliced(at, payload.inlineEnd - at));
        chunks.append(QByteArrayView(payload.data));
        at = payload.inlineEnd;
    }
    chunks.append(QByteArrayView(frames).sliced(at));
    writeChunks(m_socket, m_directWrite, chunks);
    if (m_closed || !m_socket)
        return;
    const qint64 backlog = m_socket->bytesToWrite();
    m_socketBacklog = backlog > 0;
    if (backlog > WriteBufferLimit)
        failOverflow();
}

void WebSocketTransport::failOverflow()
{
    qCInfo(lcEngineTransport, "client reads too slowly (%lld bytes queued): closing", queuedBytes());
    m_closed = true;
    m_pending.clear();
    m_shared.clear();
    m_sharedBytes = 0;
    m_webSocket->abort();
    if (m_owner)
        m_owner->onTransportError(this, QStringLiteral("write buffer overflow"));
}

void WebSocketTransport::close()
{
    if (m_closed)
        return;
    flushQueued(); // the close frame follows every frame sent before it
    m_closed = true;
    m_webSocket->close();
    if (m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::retireLater()
{
    if (m_webSocket->state() == QAbstractSocket::UnconnectedState) {
        deleteLater();
        return;
    }
    // Let the close handshake finish, but never wait for it forever.
    connect(m_webSocket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    QTimer::singleShot(std::chrono::seconds(5), this, &QObject::deleteLater);
}

void WebSocketTransport::discard()
{
    m_owner = nullptr;
}

} // namespace SocketIo::Eio
