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

WebSocketTransport::WebSocketTransport(QTcpSocket *socket, int protocol, qint64 maxPayload, Counters *counters,
                                       FlushQueue *flushQueue, BacklogLedger *ledger, FrameCache *frames)
    : Transport(Kind::WebSocket, protocol, counters), m_wire(WireStream::take(socket, this, this, ledger)),
      m_reader(maxPayload), m_flushQueue(flushQueue), m_ledger(ledger), m_frames(frames)
{}

WebSocketTransport::~WebSocketTransport()
{
    m_owner = nullptr;
    m_retired = false;
    if (m_flushQueue)
        m_flushQueue->dequeue(this);
    if (m_ledger)
        m_ledger->forget(this);
    m_wire.reset(); // ends the connection if it is still open
}

// m_closed follows the connection: a close, an error or its end sets it. flushQueued() checks
// the stream again before it writes. A slow reader's frames wait in the stream, bounded by the
// write limit and the ledger's budget, not in the session.
bool WebSocketTransport::isWritable() const
{
    return !m_closed;
}

bool WebSocketTransport::isBacklogged() const
{
    return m_closed || m_wireBacklog;
}

qint64 WebSocketTransport::queuedBytes() const
{
    // Only a flush that could not write everything leaves bytes in the stream.
    const qint64 inStream = m_wireBacklog ? m_wire->queuedBytes() : 0;
    return m_pending.size() + m_sharedBytes + inStream;
}

void WebSocketTransport::onWireReadable()
{
    QByteArray bytes = m_wire->read();
    if (bytes.isEmpty())
        return;
    m_reader.append(std::move(bytes));
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
                writeControl(controlFrame(Pong, item.payload));
                if (m_wire->queuedBytes() > WriteBufferLimit) {
                    failOverflow(); // pings from a client that does not read
                    return;
                }
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
        packet = binary ? std::optional<Packet>(Packet::bytes(data.toByteArray())) : Codec::decodeText(data);
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
    if (endConnection(code == NoStatus ? closeFrame(0) : closeFrame(code)) && m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::failProtocol(quint16 code, const char *why)
{
    qCInfo(lcEngineTransport, "%s: closing the WebSocket with %u: %s", qPrintable(m_wire->peerName()), code, why);
    // The messages answered before the violation still go out, before the close frame.
    if (endConnection(closeFrame(code, why)) && m_owner)
        m_owner->onTransportError(this, QString::fromLatin1(why));
}

// Writes \a frame unless a close frame went out already, and ends the connection once it is
// sent. Returns whether the end is news for the owner.
bool WebSocketTransport::endConnection(const QByteArray &frame)
{
    if (!m_closeSent) {
        writeControl(frame);
        m_closeSent = true;
    }
    const bool news = !std::exchange(m_closed, true);
    m_wire->disconnectFromHost(); // may report the end at once
    return news;
}

void WebSocketTransport::onWireClosed()
{
    trackBacklog(false);
    if (m_retired) {
        deleteLater();
        return;
    }
    if (m_closed)
        return;
    m_closed = true;
    if (m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::writeControl(const QByteArray &frame)
{
    flushQueued(); // a control frame goes after the frames queued before it
    WireChunks chunks;
    chunks.append({QByteArrayView(frame), nullptr});
    m_wire->write(chunks);
}

void WebSocketTransport::appendFrame(const Packet &packet)
{
    if (packet.data.size() >= ShareThreshold) {
        FrameRef frame = m_frames ? m_frames->frame(packet, m_protocol) : FrameCache::build(packet, m_protocol);
        m_largestPending = qMax<qint64>(m_largestPending, frame->bytes.size());
        m_sharedBytes += frame->bytes.size();
        ++m_counters->packetsSent;
        m_counters->bytesSent += quint64(frame->bytes.size());
        m_shared.append({m_pending.size(), std::move(frame)});
        return;
    }
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
    m_largestPending = qMax<qint64>(m_largestPending, packet.data.size());
    m_pending.append(packet.data);
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
    // The write limit applies once the kernel has had its chance (flushQueued()): a burst written
    // within one pass of the event loop is no sign of a slow reader.
    if (m_flushQueue)
        m_flushQueue->enqueue(this);
    else
        flushQueued();
}

void WebSocketTransport::flushQueued()
{
    if (m_pending.isEmpty() && m_shared.isEmpty())
        return;
    const QByteArray frames = std::exchange(m_pending, QByteArray());
    const QList<SharedPayload> shared = std::exchange(m_shared, {});
    m_sharedBytes = 0;
    if (!m_wire->isOpen())
        return;
    // A message larger than the write limit is not a backlog by itself: the limit grows by the
    // largest message still on its way (up to MessageAllowanceCap) until the stream's queue empties.
    if (m_wire->queuedBytes() == 0)
        m_messageAllowance = 0;
    m_messageAllowance = qMin(qMax(m_messageAllowance, std::exchange(m_largestPending, 0)), MessageAllowanceCap);
    WireChunks chunks;
    qsizetype at = 0;
    for (const SharedPayload &payload : shared) {
        if (payload.inlineEnd > at)
            chunks.append({QByteArrayView(frames).sliced(at, payload.inlineEnd - at), nullptr});
        chunks.append({QByteArrayView(payload.frame->bytes), payload.frame.data()});
        at = payload.inlineEnd;
    }
    if (frames.size() > at)
        chunks.append({QByteArrayView(frames).sliced(at), nullptr});
    m_wire->write(chunks);
    if (m_closed)
        return;
    const qint64 backlog = m_wire->queuedBytes();
    m_wireBacklog = backlog > 0;
    trackBacklog(m_wireBacklog);
    if (backlog > WriteBufferLimit + m_messageAllowance)
        failOverflow();
}

void WebSocketTransport::trackBacklog(bool backlogged)
{
    if (!m_ledger)
        return;
    if (backlogged)
        m_ledger->track(this);
    else
        m_ledger->forget(this);
}

// Past the write limit: nothing more is queued, and the ledger ends the connection in one of its
// passes, so that many clients passing their limits together do not stall the others.
void WebSocketTransport::failOverflow()
{
    m_closed = true;
    m_overflowed = true;
    m_pending.clear();
    m_shared.clear();
    m_sharedBytes = 0;
    if (m_ledger)
        m_ledger->shed(this);
    else
        shedBacklog();
}

// Closes the connection for reading too slowly (its own limit, or the ledger's budget).
void WebSocketTransport::shedBacklog()
{
    const qint64 queued = queuedBytes();
    qCInfo(lcEngineTransport, "%s: client reads too slowly (%lld bytes queued%s): closing",
           qPrintable(m_wire->peerName()), queued, m_overflowed ? "" : ", the largest backlog over the budget");
    m_closed = true;
    m_overflowed = true;
    m_pending.clear();
    m_shared.clear();
    m_sharedBytes = 0;
    if (m_ledger)
        m_ledger->forget(this);
    m_wire->abort(); // frees the backlog
    if (m_owner)
        m_owner->onTransportError(this, QStringLiteral("write buffer overflow"));
}

void WebSocketTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    writeControl(closeFrame(Normal)); // after every frame queued before it
    m_closeSent = true;
    if (m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::retireLater()
{
    if (m_wire->hasEnded()) {
        deleteLater();
        return;
    }
    // Let the close handshake finish, but never wait for it forever.
    m_retired = true;
    QTimer::singleShot(std::chrono::seconds(5), this, &QObject::deleteLater);
}

void WebSocketTransport::discard()
{
    m_owner = nullptr;
}

} // namespace SocketIo::Eio
