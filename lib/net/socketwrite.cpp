// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "socketwrite_p.h"

#include <QtNetwork/QTcpSocket>
#include <QtNetwork/qtnetworkglobal.h>
#if QT_CONFIG(ssl)
#include <QtNetwork/QSslSocket>
#endif

#ifdef Q_OS_LINUX
#include <sys/socket.h>
#include <sys/uio.h>
#include <cerrno>
#endif

namespace SocketIo::Eio {

namespace {

qint64 queueChunks(QTcpSocket *socket, const WriteChunks &chunks, qsizetype skip)
{
    qint64 written = 0;
    for (const QByteArrayView &chunk : chunks) {
        if (skip >= chunk.size()) {
            skip -= chunk.size();
            continue;
        }
        const QByteArrayView rest = chunk.sliced(skip);
        skip = 0;
        const qint64 n = socket->write(rest.data(), rest.size());
        if (n < 0)
            return written;
        written += n;
    }
    return written;
}

} // namespace

bool canWriteDirectly(const QTcpSocket *socket)
{
#ifdef Q_OS_LINUX
#if QT_CONFIG(ssl)
    if (qobject_cast<const QSslSocket *>(socket))
        return false;
#endif
    return socket != nullptr;
#else
    Q_UNUSED(socket);
    return false;
#endif
}

#ifdef Q_OS_LINUX
qint64 sendChunks(int fd, const WriteChunks &chunks)
{
    constexpr int MaxVectors = 64;
    qint64 written = 0;
    qsizetype next = 0;
    while (next < chunks.size()) {
        iovec vectors[MaxVectors];
        qsizetype total = 0;
        int count = 0;
        for (; next < chunks.size() && count < MaxVectors; ++next) {
            const QByteArrayView &chunk = chunks.at(next);
            if (chunk.isEmpty())
                continue;
            vectors[count].iov_base = const_cast<char *>(chunk.data());
            vectors[count].iov_len = size_t(chunk.size());
            total += chunk.size();
            ++count;
        }
        if (count == 0)
            break;
        msghdr message{};
        message.msg_iov = vectors;
        message.msg_iovlen = size_t(count);
        ssize_t sent;
        do {
            sent = ::sendmsg(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || written > 0)
                return written;
            return -1;
        }
        written += sent;
        if (sent < total)
            break; // the kernel's buffer is full
    }
    return written;
}
#endif

qint64 writeChunks(QTcpSocket *socket, bool direct, const WriteChunks &chunks)
{
#ifdef Q_OS_LINUX
    if (!direct || socket->bytesToWrite() != 0 || socket->state() != QAbstractSocket::ConnectedState
        || socket->socketDescriptor() < 0)
        return queueChunks(socket, chunks, 0);
    // What the kernel does not take (nothing, with an error that QTcpSocket then reports in its
    // own way) waits in the socket, so the common case never arms its write notifier: with a
    // thousand sockets, arming and disarming it per write costs more than the write.
    const qint64 accepted = qMax<qint64>(sendChunks(int(socket->socketDescriptor()), chunks), 0);
    return accepted + queueChunks(socket, chunks, accepted);
#else
    Q_UNUSED(direct);
    return queueChunks(socket, chunks, 0);
#endif
}

} // namespace SocketIo::Eio
