// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_TCPSERVER_P_H
#define SOCKETIO_TCPSERVER_P_H

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

namespace SocketIo::Eio {

// A TCP socket that writes to the kernel at once when nothing waits in its
// write buffer, and queues in QAbstractSocket's buffer only what the kernel
// does not take. QAbstractSocket copies every write into a 32 kB block and
// keeps that block for the socket's lifetime, even after it is flushed: with
// thousands of idle WebSocket connections that block (written once, for the
// handshake response) was the largest part of the memory per connection.
// bytesWritten() is still emitted, from the event loop, for direct writes.
class TcpSocket : public QTcpSocket
{
public:
    using QTcpSocket::QTcpSocket;

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
