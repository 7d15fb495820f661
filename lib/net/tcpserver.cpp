// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "tcpserver_p.h"

#include <QtCore/QMetaMethod>

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#endif

namespace SocketIo::Eio {

TcpSocket::WriteBatch::WriteBatch(QTcpSocket *socket) : m_socket(dynamic_cast<TcpSocket *>(socket))
{
    if (m_socket && !m_socket->m_batching)
        m_socket->m_batching = true;
    else
        m_socket = nullptr; // not ours, or an outer batch collects already
}

TcpSocket::WriteBatch::~WriteBatch()
{
    if (!m_socket)
        return;
    m_socket->m_batching = false;
    const QByteArray bytes = std::exchange(m_socket->m_batch, {});
    if (!bytes.isEmpty())
        m_socket->write(bytes);
}

qint64 TcpSocket::writeData(const char *data, qint64 size)
{
    if (m_batching) {
        m_batch.append(data, size);
        return size;
    }
#ifdef Q_OS_LINUX
    if (size <= 0 || bytesToWrite() != 0 || state() != ConnectedState || socketDescriptor() < 0)
        return QTcpSocket::writeData(data, size);
    ssize_t sent;
    do {
        sent = ::send(int(socketDescriptor()), data, size_t(size), MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    // Nothing taken (a full kernel buffer, or an error that QAbstractSocket
    // reports in its own way): the usual buffered path.
    if (sent <= 0)
        return QTcpSocket::writeData(data, size);
    announceWritten(sent);
    if (sent == size)
        return size;
    const qint64 queued = QTcpSocket::writeData(data + sent, size - sent);
    return queued < 0 ? sent : sent + queued;
#else
    return QTcpSocket::writeData(data, size);
#endif
}

void TcpSocket::announceWritten(qint64 bytes)
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&QIODevice::bytesWritten);
    if (!isSignalConnected(signal))
        return;
    const bool scheduled = m_unannounced > 0;
    m_unannounced += bytes;
    if (scheduled)
        return;
    QMetaObject::invokeMethod(
            this,
            [this] {
                const qint64 written = std::exchange(m_unannounced, 0);
                if (written > 0)
                    Q_EMIT bytesWritten(written);
            },
            Qt::QueuedConnection);
}

void TcpServer::incomingConnection(qintptr descriptor)
{
#ifdef Q_OS_LINUX
    struct stat before = {};
    const bool known = ::fstat(int(descriptor), &before) == 0;
#endif
    auto *socket = new TcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
#ifdef Q_OS_LINUX
        // Depending on where it failed, the socket closed the descriptor already (and its number
        // may be in use again): only a descriptor still naming the accepted socket is closed.
        struct stat after = {};
        if (known && ::fstat(int(descriptor), &after) == 0 && after.st_dev == before.st_dev
            && after.st_ino == before.st_ino) {
            ::close(int(descriptor));
        }
#endif
        return;
    }
    addPendingConnection(socket);
}

} // namespace SocketIo::Eio
