// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_WIRESTREAM_P_H
#define SOCKETIO_WIRESTREAM_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "backlog_p.h"
#include "socketwrite_p.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <memory>

QT_BEGIN_NAMESPACE
class QObject;
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIo::Eio {

// A chunk to write, and the shared frame its bytes belong to (null: bytes the stream copies if it
// has to keep them).
struct WireChunk
{
    QByteArrayView bytes;
    SharedFrame *frame = nullptr;
};
using WireChunks = QVarLengthArray<WireChunk, 8>;

// The connection under a WebSocket once its handshake is answered: bytes in, bytes out, and
// the end of the connection. On Linux a plain TCP connection leaves its QTcpSocket behind and
// is served on its descriptor, watched in the thread's FdPoller (no QObject per connection, and
// Qt's event loop polls one epoll descriptor instead of every connection); a TLS connection, or
// any connection elsewhere, stays on its QTcpSocket.
class WireStream
{
public:
    // Told, by plain calls, when bytes can be read and when the connection has ended.
    class Receiver
    {
    public:
        virtual ~Receiver();
        // Must call read(): the notifier fires again while received bytes wait.
        virtual void onWireReadable() = 0;
        virtual void onWireClosed() = 0;
    };

    // Takes over \a socket (which is deleted, or reparented to \a owner). Bytes the socket
    // had received are the stream's first. What the kernel does not take waits in the stream:
    // shared frames by reference, counted in \a ledger (may be null).
    static std::unique_ptr<WireStream> take(QTcpSocket *socket, Receiver *receiver, QObject *owner,
                                            BacklogLedger *ledger = nullptr);
    virtual ~WireStream();

    // What has arrived since the last call (empty when nothing has).
    virtual QByteArray read() = 0;
    // Sends all of chunks, or queues what the kernel does not take; false once the
    // connection is gone.
    virtual bool write(const WireChunks &chunks) = 0;
    // What write() accepted and the kernel has not taken: the bytes, each shared frame at its
    // full size, plus BacklogLedger::EntryCost per queued piece. Zero when nothing waits.
    virtual qint64 queuedBytes() const = 0;
    // Whether bytes can still be written (false once an end has begun).
    virtual bool isOpen() const = 0;
    // Whether the connection is over, and nothing queued will be sent any more.
    virtual bool hasEnded() const = 0;
    // Ends the connection once what is queued is sent. onWireClosed() may be called at once.
    virtual void disconnectFromHost() = 0;
    // Ends the connection now, dropping what is queued. onWireClosed() may be called at once.
    virtual void abort() = 0;
    // "address:port" of the peer, for log lines.
    virtual QString peerName() const = 0;
};

} // namespace SocketIo::Eio

#endif // SOCKETIO_WIRESTREAM_P_H
