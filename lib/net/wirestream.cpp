// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "wirestream_p.h"

#include "fdpoller_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QPointer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpSocket>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#include <netinet/in.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <cerrno>
#endif

namespace SocketIo::Eio {

WireStream::Receiver::~Receiver() = default;
WireStream::~WireStream() = default;

namespace {

// A connection that stays on its QTcpSocket: TLS, or a platform without FdWireStream.
class QtWireStream final : public WireStream
{
public:
    QtWireStream(QTcpSocket *socket, Receiver *receiver, QObject *owner)
        : m_socket(socket), m_owner(owner), m_direct(canWriteDirectly(socket))
    {
        socket->setParent(owner);
        QObject::connect(socket, &QTcpSocket::readyRead, owner, [receiver] { receiver->onWireReadable(); });
        QObject::connect(socket, &QTcpSocket::disconnected, owner, [receiver] { receiver->onWireClosed(); });
        if (socket->bytesAvailable() > 0) {
            QMetaObject::invokeMethod(
                    owner, [receiver] { receiver->onWireReadable(); }, Qt::QueuedConnection);
        }
    }
    ~QtWireStream() override
    {
        QObject::disconnect(m_socket, nullptr, m_owner, nullptr);
        // A nested event loop in a message handler may still be inside the socket's signal.
        m_socket->abort();
        m_socket->deleteLater();
    }

    QByteArray read() override
    {
        // Reading exactly what is buffered hands over the socket's read block (QIODevice::read()
        // moves a block that holds all of it) instead of copying it, and the socket is left
        // without a block: otherwise each idle connection keeps a 16 kB one after its last read.
        const qint64 available = m_socket->bytesAvailable();
        return available > 0 ? m_socket->read(available) : QByteArray();
    }
    bool write(const WireChunks &chunks) override
    {
        if (!isOpen())
            return false;
        // The socket copies what it keeps (and TLS encrypts per connection anyway).
        WriteChunks views;
        for (const WireChunk &chunk : chunks)
            views.append(chunk.bytes);
        writeChunks(m_socket, m_direct, views);
        return true;
    }
    qint64 queuedBytes() const override { return m_socket->bytesToWrite(); }
    bool isOpen() const override { return m_socket->state() == QAbstractSocket::ConnectedState; }
    bool hasEnded() const override { return m_socket->state() == QAbstractSocket::UnconnectedState; }
    void disconnectFromHost() override { m_socket->disconnectFromHost(); }
    void abort() override { m_socket->abort(); }
    QString peerName() const override
    {
        return m_socket->peerAddress().toString() + QLatin1Char(':') + QString::number(m_socket->peerPort());
    }

private:
    QTcpSocket *m_socket;
    QObject *m_owner;
    bool m_direct;
};

#ifdef Q_OS_LINUX

// Whether the kernel still holds a lot to send on fd (not sent, or not acknowledged): more than
// a reading peer leaves unacknowledged on a fast link.
bool isStuck(int fd)
{
    int n = 0;
    return ::ioctl(fd, SIOCOUTQ, &n) == 0 && n >= 64 * 1024;
}

// Closes fd with a reset: what the kernel still held for it is dropped at once. A client that
// stopped reading would otherwise keep its unsent bytes, and our FIN behind them, in the
// kernel's memory until TCP gives up (minutes).
void resetAndClose(int fd)
{
    const linger now{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
    ::close(fd);
}

// Ends a connection the way TCP wants it ended after the last frame: our direction is shut
// down, and what the peer still sends is read and dropped until it closes its side too (or two
// seconds pass); only then is the descriptor closed. Closing with unread bytes would reset the
// connection, and the peer could lose the close frame it had not read yet.
class Lingerer final : public QObject, public FdPoller::Watcher
{
public:
    static void start(int fd)
    {
        auto *lingerer = new Lingerer(fd);
        if (!lingerer->m_handle)
            delete lingerer; // not watchable: closed at once
    }

    void onFdEvent(FdPoller::Event) override
    {
        if (!drain())
            finish();
    }

protected:
    void timerEvent(QTimerEvent *) override
    {
        m_timedOut = true;
        finish();
    }

private:
    explicit Lingerer(int fd) : m_fd(fd), m_poller(FdPoller::forThisThread())
    {
        ::shutdown(fd, SHUT_WR);
        m_handle = m_poller->add(fd, FdPoller::Readable, this);
        if (m_handle)
            m_timer = startTimer(std::chrono::seconds(2));
    }
    ~Lingerer() override
    {
        unwatch();
        // A peer that neither closed nor read our last bytes in two seconds will not: reset. One
        // that closed its side may still be reading: the kernel sends the rest, then our FIN.
        if (m_timedOut && isStuck(m_fd))
            resetAndClose(m_fd);
        else
            ::close(m_fd);
    }

    void unwatch()
    {
        if (m_handle)
            m_poller->remove(std::exchange(m_handle, 0));
    }

    // Reads and drops what is there; false once the peer has closed (or the connection failed).
    bool drain()
    {
        char buffer[4096];
        for (int round = 0; round < 16; ++round) {
            ssize_t n;
            do {
                n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            } while (n < 0 && errno == EINTR);
            if (n > 0)
                continue;
            return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
        return true;
    }

    void finish()
    {
        if (m_finished)
            return;
        m_finished = true;
        unwatch();
        killTimer(m_timer);
        deleteLater();
    }

    int m_fd;
    FdPoller *m_poller;
    FdPoller::Handle m_handle = 0;
    int m_timer = 0;
    bool m_finished = false;
    bool m_timedOut = false;
};

// A plain TCP connection served on its descriptor, watched in the thread's FdPoller: for reading,
// and for writing only while the kernel does not take everything.
class FdWireStream final : public WireStream, public FdPoller::Watcher
{
public:
    FdWireStream(int fd, Receiver *receiver, BacklogLedger *ledger)
        : m_fd(fd), m_receiver(receiver), m_ledger(ledger), m_poller(FdPoller::forThisThread())
    {
        m_handle = m_poller->add(fd, FdPoller::Readable, this);
    }
    // Whether the descriptor could be watched (else the stream must not be used).
    bool isWatched() const { return m_handle != 0; }
    // Bytes received before the stream took over: returned by the first read().
    void setEarlyBytes(QByteArray early)
    {
        m_early = std::move(early);
        if (!m_early.isEmpty())
            m_poller->defer(m_handle);
    }
    ~FdWireStream() override
    {
        if (m_deleted)
            *m_deleted = true;
        // The watch ends before the descriptor is closed.
        unwatch();
        if (m_fd >= 0) {
            if (!m_queue.empty() || isStuck(m_fd))
                resetAndClose(m_fd); // a client that stopped reading
            else
                ::close(m_fd);
        }
        dropQueue();
    }

    QByteArray read() override
    {
        QByteArray out = std::exchange(m_early, QByteArray());
        if (m_closed)
            return out;
        // Up to 64 kB per call, received in place (the block is the caller's, and freed once
        // parsed): the notifier fires again while more is waiting.
        constexpr qsizetype Block = 16384;
        qsizetype filled = out.size();
        for (int round = 0; round < 4; ++round) {
            out.resize(filled + Block);
            ssize_t n;
            do {
                n = ::recv(m_fd, out.data() + filled, size_t(Block), MSG_DONTWAIT);
            } while (n < 0 && errno == EINTR);
            if (n > 0) {
                filled += n;
                if (n < Block)
                    break;
                continue;
            }
            if (n == 0)
                m_ended = true; // the peer closed its side: ours may still send
            else if (errno != EAGAIN && errno != EWOULDBLOCK)
                m_ended = m_failed = true;
            break;
        }
        out.resize(filled);
        if (filled == 0)
            out = QByteArray();
        return out;
    }

    bool write(const WireChunks &chunks) override
    {
        // After the peer's end of stream (m_ended) our side may still send: the reply to its
        // close frame, typically. A send that fails ends the connection.
        if (m_closed)
            return false;
        qint64 sent = 0;
        if (m_queue.empty()) {
            WriteChunks views;
            for (const WireChunk &chunk : chunks)
                views.append(chunk.bytes);
            sent = sendChunks(m_fd, views);
            if (sent < 0) {
                failLater();
                return false;
            }
        }
        // What the kernel did not take waits: shared frames by reference, other bytes copied
        // (consecutive ones into one buffer).
        QByteArray own;
        const auto keepOwn = [this, &own] {
            if (!own.isEmpty())
                enqueue(FrameRef(new SharedFrame(std::exchange(own, QByteArray()))), 0);
        };
        for (const WireChunk &chunk : chunks) {
            if (sent >= chunk.bytes.size()) {
                sent -= chunk.bytes.size();
                continue;
            }
            const qsizetype from = qsizetype(sent);
            sent = 0;
            if (chunk.frame && chunk.bytes.data() == chunk.frame->bytes.constData()
                && chunk.bytes.size() == chunk.frame->bytes.size()) {
                keepOwn();
                enqueue(FrameRef(chunk.frame), from);
            } else {
                own.append(chunk.bytes.sliced(from));
            }
        }
        keepOwn();
        if (!m_queue.empty())
            watchWritable(true);
        return true;
    }

    qint64 queuedBytes() const override { return m_queuedBytes + qint64(m_queue.size()) * BacklogLedger::EntryCost; }
    bool isOpen() const override { return !m_closed; }
    bool hasEnded() const override { return m_closed; }

    void disconnectFromHost() override
    {
        if (m_closed)
            return;
        m_closing = true;
        if (m_queue.empty())
            closeNow(Graceful);
    }

    void abort() override
    {
        dropQueue();
        closeNow(Reset);
    }

    QString peerName() const override
    {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (m_closed || ::getpeername(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return QStringLiteral("(closed)");
        QHostAddress host(reinterpret_cast<const sockaddr *>(&address));
        quint16 port = 0;
        if (address.ss_family == AF_INET)
            port = ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
        else if (address.ss_family == AF_INET6)
            port = ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port);
        return host.toString() + QLatin1Char(':') + QString::number(port);
    }

private:
    void onFdEvent(FdPoller::Event event) override
    {
        if (event == FdPoller::Writable)
            onWritable();
        else if (event == FdPoller::Deferred && m_failed)
            closeNow(Abrupt); // a send failed (failLater())
        else
            onReadable();
    }

    void unwatch()
    {
        if (m_handle)
            m_poller->remove(std::exchange(m_handle, 0));
    }
    void updateWatch()
    {
        m_poller->modify(m_handle, (m_reading ? FdPoller::Readable : 0u) | (m_writing ? FdPoller::Writable : 0u));
    }

    void onReadable()
    {
        // A nested event loop in a message handler may call this again before it returns: each
        // call has its own flag, and the innermost passes a deletion on to the one outside it.
        bool deleted = false;
        bool *const outer = std::exchange(m_deleted, &deleted);
        m_receiver->onWireReadable();
        if (deleted) {
            if (outer)
                *outer = true;
            return;
        }
        m_deleted = outer;
        if (m_failed || (m_ended && m_queue.empty())) {
            closeNow(Abrupt);
        } else if (m_ended && !m_closed) {
            // The peer half-closed: what is queued (the reply to its close frame, typically) still
            // goes out, then the connection ends. Its end of stream would keep the read notifier firing.
            m_closing = true;
            m_reading = false;
            updateWatch();
        }
    }

    void onWritable()
    {
        // Up to 64 queued pieces per system call, each from where the kernel stopped, for as
        // long as the kernel takes all it is offered (16 calls at most per activation).
        constexpr int MaxVectors = 64;
        for (int round = 0; round < 16 && !m_queue.empty(); ++round) {
            iovec vectors[MaxVectors];
            int count = 0;
            qint64 offered = 0;
            qsizetype offset = m_headSent;
            for (auto it = m_queue.cbegin(); it != m_queue.cend() && count < MaxVectors; ++it) {
                const QByteArray &bytes = (*it)->bytes;
                vectors[count].iov_base = const_cast<char *>(bytes.constData() + offset);
                vectors[count].iov_len = size_t(bytes.size() - offset);
                offered += bytes.size() - offset;
                offset = 0;
                ++count;
            }
            msghdr message{};
            message.msg_iov = vectors;
            message.msg_iovlen = size_t(count);
            ssize_t n;
            do {
                n = ::sendmsg(m_fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
            } while (n < 0 && errno == EINTR);
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                dropQueue();
                closeNow(Abrupt);
                return;
            }
            qint64 taken = qMax<qint64>(n, 0);
            m_queuedBytes -= taken;
            const bool all = taken == offered;
            while (taken > 0 && !m_queue.empty()) {
                const qsizetype left = m_queue.front()->bytes.size() - m_headSent;
                if (taken < left) {
                    m_headSent += qsizetype(taken);
                    break;
                }
                taken -= left;
                popFront();
            }
            if (!all)
                break; // the kernel's buffer is full: wait for the next activation
        }
        if (!m_queue.empty())
            return;
        watchWritable(false);
        if (m_closing)
            closeNow(Graceful);
    }

    void enqueue(FrameRef frame, qsizetype alreadySent)
    {
        if (m_queue.empty())
            m_headSent = alreadySent;
        m_queuedBytes += frame->bytes.size() - alreadySent;
        if (m_ledger)
            m_ledger->hold(frame.data());
        m_queue.push_back(std::move(frame));
    }

    void popFront()
    {
        if (m_ledger)
            m_ledger->release(m_queue.front().data());
        m_queue.pop_front();
        m_headSent = 0;
        if (m_queue.empty())
            m_queue = QList<FrameRef>(); // the backlog is gone: so is its memory
    }

    void dropQueue()
    {
        while (!m_queue.empty())
            popFront();
        m_queuedBytes = 0;
    }

    void watchWritable(bool on)
    {
        if (m_writing == on)
            return;
        m_writing = on;
        updateWatch();
    }

    // A send failed: end the connection from the event loop, not inside the write.
    void failLater()
    {
        m_ended = m_failed = true;
        m_poller->defer(m_handle);
    }

    enum Ending { Graceful, Abrupt, Reset };
    void closeNow(Ending ending)
    {
        if (m_closed)
            return;
        m_closed = true;
        // The watch ends before the descriptor is closed (and its number reused).
        unwatch();
        const int fd = std::exchange(m_fd, -1);
        if (ending == Graceful && !m_ended)
            Lingerer::start(fd);
        else if (ending == Reset)
            resetAndClose(fd);
        else
            ::close(fd);
        m_receiver->onWireClosed();
    }

    int m_fd;
    Receiver *m_receiver;
    QByteArray m_early;               // received before the stream took over, returned by the first read()
    QPointer<BacklogLedger> m_ledger; // counts what the queue holds (may be null, or gone first)
    // Written, not yet taken by the kernel. A QList allocates nothing while empty (a std::deque
    // allocates a map and a 512-byte block at construction: every idle connection paid for it).
    QList<FrameRef> m_queue;
    qsizetype m_headSent = 0; // bytes of the first piece the kernel has taken
    qint64 m_queuedBytes = 0; // bytes of the queue not yet taken
    FdPoller *m_poller;
    FdPoller::Handle m_handle = 0;
    bool *m_deleted = nullptr; // set while the receiver is called: tells whether it deleted us
    bool m_ended = false;      // the peer closed or the connection failed; closed after the last read
    bool m_failed = false;     // the connection failed: nothing can be sent any more
    bool m_closing = false;    // disconnectFromHost() waits for the queue to empty
    bool m_closed = false;
    bool m_reading = true;  // watched for reading
    bool m_writing = false; // watched for writing: the kernel did not take everything
};

#endif // Q_OS_LINUX

} // namespace

std::unique_ptr<WireStream> WireStream::take(QTcpSocket *socket, Receiver *receiver, QObject *owner,
                                             BacklogLedger *ledger)
{
#ifdef Q_OS_LINUX
    // A plain QTcpSocket (from a caller's QTcpServer) still holds the handshake response.
    if (canWriteDirectly(socket) && socket->bytesToWrite() > 0)
        socket->flush();
    if (canWriteDirectly(socket) && socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState
        && socket->socketDescriptor() >= 0) {
        const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (fd >= 0) {
            auto stream = std::make_unique<FdWireStream>(fd, receiver, ledger);
            if (stream->isWatched()) {
                const qint64 available = socket->bytesAvailable();
                stream->setEarlyBytes(available > 0 ? socket->read(available) : QByteArray());
                // Closing the socket's own descriptor leaves the connection open on the copy.
                QObject::disconnect(socket, nullptr, nullptr, nullptr);
                socket->abort();
                socket->deleteLater(); // its caller may still be on the stack
                return stream;
            }
            // The poller refused the copy: the stream closes it, and the socket stays in charge.
        }
    }
#else
    Q_UNUSED(ledger);
#endif
    return std::make_unique<QtWireStream>(socket, receiver, owner);
}

} // namespace SocketIo::Eio
