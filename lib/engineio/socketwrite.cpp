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
    if (!direct || socket->bytesToWrite() != 0 || socket->state() != QAbstractSocket::ConnectedState
        || socket->socketDescriptor() < 0)
        return queueChunks(socket, chunks, 0);
    // sendmsg() in batches of up to MaxVectors chunks, as long as the kernel takes everything.
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
            sent = ::sendmsg(int(socket->socketDescriptor()), &message, MSG_DONTWAIT | MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        if (sent == total) {
            written += sent;
            continue;
        }
        // The kernel took part (or, with EAGAIN, nothing; other errors QTcpSocket reports):
        // the rest waits in the socket.
        const qint64 accepted = sent > 0 ? sent : 0;
        return written + accepted + queueChunks(socket, chunks, written + accepted);
    }
    return written;
#else
    Q_UNUSED(direct);
    return queueChunks(socket, chunks, 0);
#endif
}

} // namespace SocketIo::Eio
