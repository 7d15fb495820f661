// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_WEBSOCKETTRANSPORT_P_H
#define SOCKETIO_WEBSOCKETTRANSPORT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "transport_p.h"
#include "websocketframes_p.h"
#include "wirestream_p.h"

#include "backlog_p.h"
#include "framecache_p.h"

#include <QtCore/QByteArray>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIo::Eio {

class FlushQueue;

// One WebSocket connection after its handshake: reads the client's frames from the TCP
// socket (WebSocketFrameReader), answers pings and the close handshake, and writes data
// frames straight to the socket, so text goes out as the UTF-8 bytes it already is and a
// shared payload is never re-encoded per recipient. A frame that breaks RFC 6455 closes the
// connection with the close code the RFC asks for (1002, 1007, or 1009 for a message over
// maxHttpBufferSize) and is reported as a transport error.
class WebSocketTransport final : public Transport, private WireStream::Receiver, private BacklogHolder
{
public:
    // Takes \a socket (see WireStream::take()). Frames wait in the transport's buffer
    // until \a flushQueue flushes it; without a queue they are written at once. \a ledger
    // (may be null) counts and bounds what waits for the kernel; \a frames (may be null, and
    // must outlive the sends) shares broadcast frames.
    WebSocketTransport(QTcpSocket *socket, int protocol, qint64 maxPayload, Counters *counters, FlushQueue *flushQueue,
                       BacklogLedger *ledger = nullptr, FrameCache *frames = nullptr);
    ~WebSocketTransport() override;

    bool isWritable() const override;
    bool isBacklogged() const override;
    void send(const PacketList &packets) override;
    void sendOne(const Packet &packet) override;
    void close() override;
    void discard() override;
    void flushQueued() override;

    // Bytes the kernel has not taken, past which a client counts as not reading.
    static constexpr qint64 WriteBufferLimit = ConnectionBacklogLimit;

protected:
    void retireLater() override;

private:
    void onWireReadable() override;
    void onWireClosed() override;
    void onMessage(QByteArrayView data, bool binary);
    void onPeerClose(quint16 code);
    void failProtocol(quint16 code, const char *why);
    bool endConnection(const QByteArray &frame);
    void writeControl(const QByteArray &frame);
    void appendFrame(const Packet &packet);
    void scheduleFlush();
    qint64 queuedBytes() const;
    void failOverflow();
    void trackBacklog(bool backlogged);
    // BacklogHolder
    qint64 backlogBytes() const override { return queuedBytes(); }
    void shedBacklog() override;

    std::unique_ptr<WireStream> m_wire;
    WebSocketFrameReader m_reader;
    QPointer<FlushQueue> m_flushQueue;
    QPointer<BacklogLedger> m_ledger;
    FrameCache *m_frames;
    // A frame written by reference: the bytes of m_pending up to inlineEnd go before it.
    struct SharedPayload
    {
        qsizetype inlineEnd;
        FrameRef frame;
    };
    // Payloads from this size on are not copied into m_pending: a broadcast's frame is built
    // once (FrameCache) and every recipient's write, and backlog, points at it.
    static constexpr qsizetype ShareThreshold = 512;

    QByteArray m_pending;          // frame bytes not yet written; released after each flush
    QList<SharedPayload> m_shared; // large payloads not yet written, in order
    qint64 m_sharedBytes = 0;
    qint64 m_largestPending = 0;   // the largest payload in m_pending/m_shared
    qint64 m_messageAllowance = 0; // the largest payload handed to the stream since its queue was empty
    bool m_wireBacklog = false;    // the last flush left bytes in the stream's own queue
    bool m_retired = false;        // deleted once the connection has ended
    bool m_closed = false;         // nothing more is sent: closing, or the connection is gone
    bool m_closeSent = false;      // our close frame is written
    bool m_overflowed = false;     // closed for reading too slowly; the ledger ends the connection
};

} // namespace SocketIo::Eio

#endif
