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

qint64 writeChunks(QTcpSocket *socket, bool direct, const WriteChunks &chunks)
{
#ifdef Q_OS_LINUX
    if (direct && chunks.size() <= 64 && socket->bytesToWrite() == 0
        && socket->state() == QAbstractSocket::ConnectedState && socket->socketDescriptor() >= 0) {
        iovec vectors[64];
        qsizetype total = 0;
        int count = 0;
        for (const QByteArrayView &chunk : chunks) {
            if (chunk.isEmpty())
                continue;
            vectors[count].iov_base = const_cast<char *>(chunk.data());
            vectors[count].iov_len = size_t(chunk.size());
            total += chunk.size();
            ++count;
        }
        if (count == 0)
            return 0;
        msghdr message{};
        message.msg_iov = vectors;
        message.msg_iovlen = size_t(count);
        ssize_t sent;
        do {
            sent = ::sendmsg(int(socket->socketDescriptor()), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        if (sent == total)
            return sent;
        if (sent >= 0)
            return sent + queueChunks(socket, chunks, sent);
        // EAGAIN: the kernel buffer is full; other errors: QTcpSocket reports them.
        return queueChunks(socket, chunks, 0);
    }
#else
    Q_UNUSED(direct);
#endif
    return queueChunks(socket, chunks, 0);
}

} // namespace SocketIo::Eio
