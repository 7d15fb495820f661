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

#include <QtCore/QByteArray>
#include <QtCore/QPointer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QWebSocket;
QT_END_NAMESPACE

namespace SocketIo::Eio {

class FlushQueue;

// One WebSocket. Qt WebSockets reads and answers control frames; data frames
// are written straight to the TCP socket, so text goes out as the UTF-8 bytes
// it already is and a shared payload is never re-encoded per recipient.
class WebSocketTransport final : public Transport
{
public:
    // Frames wait in the transport's buffer until \a flushQueue flushes it; without a queue they
    // are written at once.
    WebSocketTransport(QWebSocket *webSocket, QTcpSocket *socket, int protocol, qint64 maxPayload,
                       Counters *counters, FlushQueue *flushQueue);
    ~WebSocketTransport() override;

    bool isWritable() const override;
    void send(const PacketList &packets) override;
    void sendOne(const Packet &packet) override;
    void close() override;
    void discard() override;
    void flushQueued() override;

    static void appendFrameHeader(QByteArray &out, bool binary, qint64 length);
    static constexpr qint64 WriteBufferLimit = 8 * 1024 * 1024;

protected:
    void retireLater() override;

private:
    void onMessage(QByteArrayView data, bool binary);
    void appendFrame(const Packet &packet);
    void scheduleFlush();
    qint64 queuedBytes() const;
    void failOverflow();

    QWebSocket *m_webSocket;
    QPointer<QTcpSocket> m_socket;
    QPointer<FlushQueue> m_flushQueue;
    // A payload written by reference: the bytes of m_pending up to inlineEnd go before it.
    struct SharedPayload
    {
        qsizetype inlineEnd;
        QByteArray data;
    };
    // Payloads from this size on are not copied into m_pending: a broadcast's encoded packet is
    // one buffer that every recipient's write points into.
    static constexpr qsizetype ShareThreshold = 512;

    QByteArray m_pending;          // frame bytes not yet written; released after each flush
    QList<SharedPayload> m_shared; // large payloads not yet written, in order
    qint64 m_sharedBytes = 0;
    bool m_directWrite = false;  // see canWriteDirectly()
    bool m_socketBacklog = false; // the last flush left bytes in the QTcpSocket's own buffer
    bool m_closed = false;
};

} // namespace SocketIo::Eio

#endif
