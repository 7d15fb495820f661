// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_TCPSERVER_P_H
#define SOCKETIO_TCPSERVER_P_H

#include "fdpoller_p.h"

#include <QtCore/QPointer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace SocketIo::Eio {

// A TCP socket that writes to the kernel at once when nothing waits in its
// write buffer, and queues in QAbstractSocket's buffer only what the kernel
// does not take. QAbstractSocket copies every write into a 32 kB block and
// keeps that block for the socket's lifetime, even after it is flushed: with
// thousands of idle WebSocket connections that block (written once, for the
// handshake response) was the largest part of the memory per connection.
// bytesWritten() is still emitted, from the event loop, for direct writes.
//
// On Linux an idle connection can be parked: its read notifier leaves Qt's event dispatcher
// and the thread's FdPoller waits for its next bytes instead. Qt's own dispatchers (glib's,
// the poll() one) walk every enabled notifier on every pass, so a thousand idle long-polling
// connections would cost each wakeup a thousand descriptors.
class TcpSocket : public QTcpSocket
#ifdef Q_OS_LINUX
    ,
                  private FdPoller::Watcher
#endif
{
public:
    using QTcpSocket::QTcpSocket;
    ~TcpSocket() override;

    // Waits for the next bytes in the FdPoller, when nothing is buffered unread; the socket
    // reads them (and emits readyRead()) as soon as they come. Does nothing elsewhere.
    void park();

    void close() override;
    void disconnectFromHost() override;

    // Collects what is written until the scope ends, then sends it with one system call:
    // an HTTP response is written piece by piece (status line, each header, body).
    class WriteBatch
    {
    public:
        explicit WriteBatch(QTcpSocket *socket);
        ~WriteBatch();
        Q_DISABLE_COPY_MOVE(WriteBatch)

    private:
        TcpSocket *m_socket;
    };

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void announceWritten(qint64 bytes);
    // Back to Qt's dispatcher; with readNow, reads what woke it at once.
    void unpark(bool readNow);
#ifdef Q_OS_LINUX
    void onFdEvent(FdPoller::Event event) override;
    QSocketNotifier *readNotifier();

    QPointer<QSocketNotifier> m_readNotifier; // the socket engine's, found on first park()
    FdPoller *m_poller = nullptr;
    FdPoller::Handle m_parked = 0;
#endif

    qint64 m_unannounced = 0; // written directly, not yet reported by bytesWritten()
    QByteArray m_batch;       // collected by a WriteBatch
    bool m_batching = false;
};

// The listener Engine::listen() creates: hands out TcpSocket connections.
class TcpServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace SocketIo::Eio

#endif // SOCKETIO_TCPSERVER_P_H
