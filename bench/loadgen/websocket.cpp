#include "websocket.h"

#include <poll.h>
#include <sys/socket.h>

#include <QtCore/QCryptographicHash>
#include <QtNetwork/QTcpSocket>

#include <cstring>

namespace {

constexpr int OpContinuation = 0x0;
constexpr int OpText = 0x1;
constexpr int OpBinary = 0x2;
constexpr int OpClose = 0x8;
constexpr int OpPing = 0x9;
constexpr int OpPong = 0xA;
constexpr quint64 MaxMessage = 64ull * 1024 * 1024;

// Case-insensitive search for a header line "name: value"; returns the trimmed value.
QByteArray headerValue(QByteArrayView head, QByteArrayView name)
{
    qsizetype lineStart = head.indexOf('\n') + 1;
    while (lineStart > 0 && lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed().toByteArray();
        lineStart = lineEnd + 1;
    }
    return {};
}

} // namespace

WebSocket::WebSocket(WebSocketHandler *handler) : m_handler(handler) {}

WebSocket::~WebSocket()
{
    abort();
}

void WebSocket::open(const Endpoint &endpoint, const QByteArray &target)
{
    abort();
    ++m_generation;
    m_in.clear();
    m_fragments.clear();
    m_closeSent = false;
    m_closedByUs = false;
    m_paused = false;

    quint64 nonce[2] = {FastRandom::instance().next(), FastRandom::instance().next()};
    const QByteArray key = QByteArray(reinterpret_cast<const char *>(nonce), sizeof nonce).toBase64();
    m_request = "GET " + target + " HTTP/1.1\r\nHost: " + endpoint.host
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    m_fragments = QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                           QCryptographicHash::Sha1)
                          .toBase64(); // the expected Sec-WebSocket-Accept, until the upgrade is done

    m_socket = new QTcpSocket;
    m_state = State::Connecting;
    QObject::connect(m_socket, &QTcpSocket::connected, m_socket, [this] { onConnected(); });
    QObject::connect(m_socket, &QTcpSocket::readyRead, m_socket, [this] { onReadyRead(); });
    QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket, [this] { onSocketGone(); });
    QObject::connect(m_socket, &QTcpSocket::errorOccurred, m_socket, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onSocketGone();
    });
    QObject::connect(m_socket, &QTcpSocket::bytesWritten, m_socket, [this] {
        if (m_state == State::Open)
            m_handler->webSocketWritable(this);
    });
    endpoint.bindSource(m_socket);
    m_socket->connectToHost(endpoint.address, endpoint.port);
}

void WebSocket::onConnected()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_receiveBuffer > 0) {
        // Before any data: the window never grows past it (a remote client's buffer is not
        // the server machine's memory; on loopback it would be).
        const int bytes = m_receiveBuffer;
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    }
    m_state = State::Upgrading;
    m_socket->write(m_request);
    m_request.clear();
}

void WebSocket::pauseReading()
{
    m_paused = true;
    if (m_socket)
        m_socket->setReadBufferSize(1); // Qt stops reading from the kernel once it holds a byte
}

bool WebSocket::peerGone() const
{
    if (!m_socket || m_socket->socketDescriptor() < 0)
        return true;
    pollfd p{int(m_socket->socketDescriptor()), POLLRDHUP, 0};
    if (::poll(&p, 1, 0) < 0)
        return false;
    return (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

void WebSocket::onReadyRead()
{
    if (m_paused)
        return;
    if (m_in.isEmpty())
        m_in = m_socket->readAll();
    else
        m_in.append(m_socket->readAll());
    if (m_state == State::Upgrading) {
        if (!readUpgradeResponse())
            return;
    }
    if (m_state == State::Open || m_state == State::Closing)
        readFrames();
}

bool WebSocket::readUpgradeResponse()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > 16384)
            finish(CloseCause::HandshakeError);
        return false;
    }
    const QByteArrayView head = QByteArrayView(m_in).first(end + 2);
    if (!head.startsWith("HTTP/1.1 101") || headerValue(head, "sec-websocket-accept") != m_fragments) {
        finish(CloseCause::HandshakeError);
        return false;
    }
    m_in.remove(0, end + 4);
    m_fragments.clear();
    m_state = State::Open;
    const quint32 generation = m_generation;
    m_handler->webSocketOpened(this);
    return generation == m_generation && m_state == State::Open;
}

void WebSocket::readFrames()
{
    const QByteArray buffer = std::exchange(m_in, QByteArray());
    const quint32 generation = m_generation;
    const auto *data = reinterpret_cast<const uchar *>(buffer.constData());
    const qsizetype size = buffer.size();
    qsizetype pos = 0;
    while (size - pos >= 2) {
        const bool fin = data[pos] & 0x80;
        const int opcode = data[pos] & 0x0f;
        const bool masked = data[pos + 1] & 0x80;
        quint64 length = data[pos + 1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (size - pos < 4)
                break;
            length = (quint64(data[pos + 2]) << 8) | data[pos + 3];
            header = 4;
        } else if (length == 127) {
            if (size - pos < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | data[pos + 2 + i];
            header = 10;
        }
        if (length > MaxMessage) {
            finish(CloseCause::ProtocolError);
            return;
        }
        const qsizetype maskAt = pos + header;
        if (masked)
            header += 4;
        if (quint64(size - pos - header) < length)
            break;
        QByteArray payload(buffer.constData() + pos + header, qsizetype(length));
        if (masked) {
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ data[maskAt + (i & 3)]);
        }
        pos += header + qsizetype(length);
        handleFrame(fin, opcode, std::move(payload));
        if (generation != m_generation || m_state == State::Unconnected)
            return; // closed or reopened from a callback: this buffer is stale
    }
    m_in = pos == 0 ? buffer : buffer.sliced(pos);
}

void WebSocket::handleFrame(bool fin, int opcode, QByteArray &&payload)
{
    switch (opcode) {
    case OpText:
    case OpBinary:
        if (!m_fragments.isEmpty()) {
            finish(CloseCause::ProtocolError);
            return;
        }
        if (!fin) {
            m_fragments = std::move(payload);
            m_fragments.prepend(char(opcode)); // remember the message type in front
            return;
        }
        if (opcode == OpText && m_state == State::Open)
            m_handler->webSocketText(this, payload);
        return;
    case OpContinuation: {
        if (m_fragments.isEmpty()) {
            finish(CloseCause::ProtocolError);
            return;
        }
        if (quint64(m_fragments.size() + payload.size()) > MaxMessage) {
            finish(CloseCause::ProtocolError);
            return;
        }
        m_fragments.append(payload);
        if (!fin)
            return;
        const bool text = m_fragments.at(0) == char(OpText);
        const QByteArray message = std::exchange(m_fragments, QByteArray()).sliced(1);
        if (text && m_state == State::Open)
            m_handler->webSocketText(this, message);
        return;
    }
    case OpPing:
        if (!m_closeSent) {
            QByteArray pong;
            appendFrame(pong, OpPong, payload);
            m_socket->write(pong);
        }
        return;
    case OpPong:
        return;
    case OpClose:
        if (!m_closeSent) {
            // Server-initiated close: echo the status code, then let the server close TCP.
            QByteArray frame;
            appendFrame(frame, OpClose, QByteArrayView(payload).first(qMin<qsizetype>(2, payload.size())));
            m_socket->write(frame);
            m_closeSent = true;
        }
        if (m_state == State::Open)
            m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    default:
        finish(CloseCause::ProtocolError);
        return;
    }
}

void WebSocket::appendFrame(QByteArray &out, int opcode, QByteArrayView payload)
{
    const qsizetype length = payload.size();
    const qsizetype start = out.size();
    const qsizetype header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    out.resize(start + header + 4 + length);
    auto *p = reinterpret_cast<uchar *>(out.data()) + start;
    p[0] = uchar(0x80 | opcode);
    if (length < 126) {
        p[1] = uchar(0x80 | length);
    } else if (length < 65536) {
        p[1] = 0x80 | 126;
        p[2] = uchar(length >> 8);
        p[3] = uchar(length);
    } else {
        p[1] = 0x80 | 127;
        for (int i = 0; i < 8; ++i)
            p[2 + i] = uchar(quint64(length) >> (56 - 8 * i));
    }
    const quint32 mask = quint32(FastRandom::instance().next() >> 16);
    uchar *maskKey = p + header;
    std::memcpy(maskKey, &mask, 4);
    uchar *body = maskKey + 4;
    const auto *src = reinterpret_cast<const uchar *>(payload.data());
    for (qsizetype i = 0; i < length; ++i)
        body[i] = src[i] ^ maskKey[i & 3];
}

void WebSocket::appendTextFrame(QByteArray &out, QByteArrayView payload)
{
    appendFrame(out, OpText, payload);
}

void WebSocket::sendText(QByteArrayView payload)
{
    if (m_state != State::Open)
        return;
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    appendFrame(frame, OpText, payload);
    m_socket->write(frame);
}

void WebSocket::writeFrames(const QByteArray &frames)
{
    if (m_state == State::Open)
        m_socket->write(frames);
}

bool WebSocket::close()
{
    m_closedByUs = true;
    if (m_state == State::Open) {
        QByteArray frame;
        const char normal[2] = {char(1000 >> 8), char(1000 & 0xff)};
        appendFrame(frame, OpClose, QByteArrayView(normal, 2));
        m_socket->write(frame);
        m_closeSent = true;
        m_state = State::Closing;
        return true;
    }
    if (m_state == State::Closing)
        return true;
    abort();
    return false;
}

qint64 WebSocket::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void WebSocket::onSocketGone()
{
    switch (m_state) {
    case State::Unconnected:
        return;
    case State::Connecting:
        finish(CloseCause::ConnectError);
        return;
    case State::Upgrading:
        finish(CloseCause::HandshakeError);
        return;
    case State::Open:
        finish(CloseCause::ServerClosed);
        return;
    case State::Closing:
        finish(m_closedByUs ? CloseCause::Closed : CloseCause::ServerClosed);
        return;
    }
}

void WebSocket::finish(CloseCause cause)
{
    abort();
    m_handler->webSocketClosed(this, cause);
}

void WebSocket::abort()
{
    if (!m_socket)
        return;
    ++m_generation;
    QTcpSocket *socket = std::exchange(m_socket, nullptr);
    m_state = State::Unconnected;
    socket->disconnect();
    socket->abort();
    socket->deleteLater();
}
