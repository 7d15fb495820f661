// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "websockettransport_p.h"
#include "flushqueue_p.h"
#include "logging_p.h"
#include "socketwrite_p.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

namespace SocketIo::Eio {

using namespace WebSocketFrames;

WebSocketTransport::WebSocketTransport(QTcpSocket *socket, int protocol, qint64 maxPayload,
                                       Counters *counters, FlushQueue *flushQueue)
    : Transport(Kind::WebSocket, protocol, counters), m_socket(socket), m_reader(maxPayload),
      m_flushQueue(flushQueue), m_directWrite(canWriteDirectly(socket))
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketTransport::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &WebSocketTransport::onDisconnected);
    // Frames the client sent right behind its handshake.
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &WebSocketTransport::onReadyRead, Qt::QueuedConnection);
}

WebSocketTransport::~WebSocketTransport()
{
    m_owner = nullptr;
    if (m_flushQueue)
        m_flushQueue->dequeue(this);
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
}

// m_closed follows the socket: a close, an error or the socket's disconnected() sets it.
// flushQueued() checks the socket's state again before it writes.
bool WebSocketTransport::isWritable() const
{
    return !m_closed && queuedBytes() < WriteBufferLimit;
}

qint64 WebSocketTransport::queuedBytes() const
{
    // Only a flush that could not write everything leaves bytes in the QTcpSocket.
    const qint64 inSocket = m_socketBacklog ? m_socket->bytesToWrite() : 0;
    return m_pending.size() + m_sharedBytes + inSocket;
}

void WebSocketTransport::onReadyRead()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    // Reading exactly what is buffered hands over the socket's read block (QIODevice::read()
    // moves a block that holds all of it) instead of copying it, and the socket is left
    // without a block: otherwise each idle connection keeps a 16 kB one after its last read.
    m_reader.append(m_socket->read(available));
    QPointer<WebSocketTransport> guard(this);
    while (guard) {
        const WebSocketFrameReader::Item item = m_reader.next();
        switch (item.kind) {
        case WebSocketFrameReader::Kind::Incomplete:
            return;
        case WebSocketFrameReader::Kind::Text:
        case WebSocketFrameReader::Kind::Binary:
            onMessage(item.payload, item.kind == WebSocketFrameReader::Kind::Binary);
            break;
        case WebSocketFrameReader::Kind::Ping:
            if (!m_closeSent) {
                QByteArray pong;
                appendHeader(pong, Pong, item.payload.size());
                pong.append(item.payload);
                writeControl(pong);
            }
            break;
        case WebSocketFrameReader::Kind::Pong:
            break;
        case WebSocketFrameReader::Kind::Close:
            onPeerClose(item.closeCode);
            return;
        case WebSocketFrameReader::Kind::Error:
            failProtocol(item.closeCode, item.error);
            return;
        }
    }
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

// The client closes: answer with its code (RFC 6455, 5.5.1) unless our close frame went out
// first, then end the TCP connection, which is the server's to end.
void WebSocketTransport::onPeerClose(quint16 code)
{
    if (!m_closeSent) {
        flushQueued();
        writeControl(code == NoStatus ? closeFrame(0) : closeFrame(code));
        m_closeSent = true;
    }
    const bool report = !std::exchange(m_closed, true);
    m_socket->disconnectFromHost(); // may emit disconnected() at once
    if (report && m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::failProtocol(quint16 code, const char *why)
{
    qCInfo(lcEngineTransport, "%s:%u: closing the WebSocket with %u: %s",
           qPrintable(m_socket->peerAddress().toString()), m_socket->peerPort(), code, why);
    m_pending.clear();
    m_shared.clear();
    m_sharedBytes = 0;
    if (!m_closeSent) {
        writeControl(closeFrame(code, why));
        m_closeSent = true;
    }
    const bool report = !std::exchange(m_closed, true);
    m_socket->disconnectFromHost(); // may emit disconnected() at once
    if (report && m_owner)
        m_owner->onTransportError(this, QString::fromLatin1(why));
}

void WebSocketTransport::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::writeControl(const QByteArray &frame)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    WriteChunks chunks;
    chunks.append(QByteArrayView(frame));
    writeChunks(m_socket, m_directWrite, chunks);
}

void WebSocketTransport::appendFrame(const Packet &packet)
{
    const qsizetype before = m_pending.size();
    if (packet.binary) {
        const bool prefixed = m_protocol == 3;
        appendHeader(m_pending, Binary, packet.data.size() + (prefixed ? 1 : 0));
        if (prefixed)
            m_pending.append('\x04');
    } else {
        appendHeader(m_pending, Text, packet.data.size() + 1);
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
    if (m_closed)
        return;
    for (const Packet &packet : packets)
        appendFrame(packet);
    scheduleFlush();
}

void WebSocketTransport::sendOne(const Packet &packet)
{
    if (m_closed)
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
    if (m_socket->state() != QAbstractSocket::ConnectedState)
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
    if (m_closed)
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
    m_socket->abort();
    if (m_owner)
        m_owner->onTransportError(this, QStringLiteral("write buffer overflow"));
}

void WebSocketTransport::close()
{
    if (m_closed)
        return;
    flushQueued(); // the close frame follows every frame sent before it
    m_closed = true;
    writeControl(closeFrame(Normal));
    m_closeSent = true;
    if (m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::retireLater()
{
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        deleteLater();
        return;
    }
    // Let the close handshake finish, but never wait for it forever.
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    QTimer::singleShot(std::chrono::seconds(5), this, &QObject::deleteLater);
}

void WebSocketTransport::discard()
{
    m_owner = nullptr;
}

} // namespace SocketIo::Eio
