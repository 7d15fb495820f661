// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "tcpserver_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QMetaMethod>
#include <QtCore/QSocketNotifier>

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

TcpSocket::~TcpSocket()
{
    unpark(false); // the watch ends before QAbstractSocket closes the descriptor
}

void TcpSocket::close()
{
    unpark(false);
    QTcpSocket::close();
}

void TcpSocket::disconnectFromHost()
{
    unpark(false);
    QTcpSocket::disconnectFromHost();
}

#ifdef Q_OS_LINUX

QSocketNotifier *TcpSocket::readNotifier()
{
    // The socket engine (a child of the socket) owns a read notifier on the descriptor.
    if (!m_readNotifier) {
        const qintptr fd = socketDescriptor();
        const auto notifiers = findChildren<QSocketNotifier *>();
        for (QSocketNotifier *notifier : notifiers) {
            if (notifier->type() == QSocketNotifier::Read && notifier->socket() == fd)
                m_readNotifier = notifier;
        }
    }
    return m_readNotifier;
}

void TcpSocket::park()
{
    if (m_parked || state() != ConnectedState || bytesAvailable() > 0 || socketDescriptor() < 0)
        return;
    QSocketNotifier *notifier = readNotifier();
    if (!notifier || !notifier->isEnabled())
        return; // the socket does not want to read now (a full read buffer): leave it be
    m_poller = FdPoller::forThisThread();
    m_parked = m_poller->add(int(socketDescriptor()), FdPoller::Readable, this);
    if (m_parked)
        notifier->setEnabled(false);
}

void TcpSocket::unpark(bool readNow)
{
    if (!m_parked)
        return;
    m_poller->remove(std::exchange(m_parked, 0));
    QSocketNotifier *notifier = m_readNotifier;
    if (!notifier)
        return;
    notifier->setEnabled(true);
    if (readNow) {
        // What the dispatcher would do on its next pass: the socket engine reads, and
        // readyRead() is emitted (or the end of the connection noticed).
        QEvent activation(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &activation);
    }
}

void TcpSocket::onFdEvent(FdPoller::Event)
{
    unpark(true);
}

#else

void TcpSocket::park() {}
void TcpSocket::unpark(bool) {}

#endif // Q_OS_LINUX

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
