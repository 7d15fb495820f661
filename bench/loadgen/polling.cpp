#include "polling.h"

#include <QtNetwork/QTcpSocket>

namespace {

constexpr char Separator = '\x1e';

QByteArrayView headerValue(QByteArrayView head, QByteArrayView name)
{
    qsizetype lineStart = head.indexOf('\n') + 1;
    while (lineStart > 0 && lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed();
        lineStart = lineEnd + 1;
    }
    return {};
}

} // namespace

// --- HttpConnection ---------------------------------------------------------------------------

HttpConnection::HttpConnection(HttpHandler *handler) : m_handler(handler) {}

HttpConnection::~HttpConnection()
{
    abort();
}

void HttpConnection::request(const Endpoint &endpoint, const QByteArray &method, const QByteArray &target,
                             const QByteArray &body)
{
    m_endpoint = &endpoint;
    m_request = method + ' ' + target + " HTTP/1.1\r\nHost: " + endpoint.host
            + "\r\nConnection: keep-alive\r\nAccept: */*\r\n";
    if (method == "POST") {
        m_request += "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + QByteArray::number(body.size())
                + "\r\n\r\n" + body;
    } else {
        m_request += "\r\n";
    }
    m_busy = true;
    m_retried = false;
    m_in.clear();
    if (m_socket && m_connected)
        m_socket->write(m_request);
    else if (!m_socket)
        connectSocket();
    // else: still connecting, written on connected()
}

void HttpConnection::connectSocket()
{
    m_socket = new QTcpSocket;
    m_connected = false;
    QObject::connect(m_socket, &QTcpSocket::connected, m_socket, [this] {
        m_connected = true;
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_busy)
            m_socket->write(m_request);
    });
    QObject::connect(m_socket, &QTcpSocket::readyRead, m_socket, [this] { onReadyRead(); });
    QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket, [this] { onSocketGone(); });
    QObject::connect(m_socket, &QTcpSocket::errorOccurred, m_socket, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            onSocketGone();
    });
    m_endpoint->bindSource(m_socket);
    m_socket->connectToHost(m_endpoint->address, m_endpoint->port);
}

void HttpConnection::onReadyRead()
{
    m_in.append(m_socket->readAll());
    if (!m_busy) {
        m_in.clear(); // nothing asked: ignore
        return;
    }
    int status = 0;
    QByteArray body;
    if (parseResponse(status, body, false)) {
        const QByteArrayView head = QByteArrayView(m_in).first(m_in.indexOf("\r\n\r\n") + 2);
        const bool closeAfter = headerValue(head, "connection").compare("close", Qt::CaseInsensitive) == 0;
        complete(status, body, closeAfter);
    }
}

// Content-Length and chunked bodies; a body delimited by the end of the connection otherwise.
bool HttpConnection::parseResponse(int &status, QByteArray &body, bool atEof)
{
    const qsizetype headEnd = m_in.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QByteArrayView head = QByteArrayView(m_in).first(headEnd + 2);
    const qsizetype space = head.indexOf(' ');
    if (!head.startsWith("HTTP/1.") || space < 0)
        return atEof;
    status = head.sliced(space + 1).first(qMin<qsizetype>(3, head.size() - space - 1)).toInt();
    const qsizetype bodyStart = headEnd + 4;
    const QByteArrayView contentLength = headerValue(head, "content-length");
    if (!contentLength.isEmpty()) {
        const qsizetype length = contentLength.toLongLong();
        if (m_in.size() - bodyStart < length)
            return false;
        body = m_in.mid(bodyStart, length);
        return true;
    }
    if (headerValue(head, "transfer-encoding").contains("chunked")) {
        qsizetype pos = bodyStart;
        QByteArray out;
        while (true) {
            const qsizetype lineEnd = m_in.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return false;
            bool ok = false;
            const qsizetype chunk = QByteArrayView(m_in).sliced(pos, lineEnd - pos).trimmed().toLongLong(&ok, 16);
            if (!ok)
                return atEof;
            if (m_in.size() < lineEnd + 2 + chunk + 2)
                return false;
            if (chunk == 0) {
                body = out;
                return true;
            }
            out.append(m_in.constData() + lineEnd + 2, chunk);
            pos = lineEnd + 2 + chunk + 2;
        }
    }
    if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
        body.clear();
        return true;
    }
    if (!atEof)
        return false;
    body = m_in.mid(bodyStart);
    return true;
}

void HttpConnection::complete(int status, const QByteArray &body, bool closeAfter)
{
    m_busy = false;
    m_in.clear();
    if (closeAfter)
        abort();
    m_handler->httpResponse(this, status, body);
}

void HttpConnection::onSocketGone()
{
    QTcpSocket *gone = std::exchange(m_socket, nullptr);
    const bool wasConnected = m_connected;
    m_connected = false;
    gone->disconnect();
    gone->deleteLater();
    if (!m_busy)
        return; // an idle keep-alive connection timed out: reconnect on the next request
    int status = 0;
    QByteArray body;
    if (!m_in.isEmpty() && parseResponse(status, body, true)) {
        complete(status, body, false);
        return;
    }
    if (wasConnected && m_in.isEmpty() && !m_retried) {
        m_retried = true; // the server closed the idle connection as we reused it: once more
        connectSocket();
        return;
    }
    m_busy = false;
    m_handler->httpFailed(this, wasConnected ? CloseCause::ServerClosed : CloseCause::ConnectError);
}

void HttpConnection::abort()
{
    m_busy = false;
    m_connected = false;
    m_in.clear();
    if (QTcpSocket *socket = std::exchange(m_socket, nullptr)) {
        socket->disconnect();
        socket->abort();
        socket->deleteLater();
    }
}

// --- Polling ----------------------------------------------------------------------------------

Polling::Polling(PollingHandler *handler) : m_handler(handler), m_get(this), m_post(this) {}

Polling::~Polling() = default;

void Polling::open(const Endpoint &endpoint)
{
    abort();
    m_endpoint = &endpoint;
    m_active = true;
    m_get.request(endpoint, "GET", endpoint.path + "?EIO=4&transport=polling");
}

void Polling::start(const QByteArray &sid)
{
    m_target = m_endpoint->path + "?EIO=4&transport=polling&sid=" + sid;
    m_polling = true;
    poll();
    flush();
}

void Polling::poll()
{
    if (m_active && m_polling && !m_get.busy() && !m_target.isEmpty())
        m_get.request(*m_endpoint, "GET", m_target);
}

void Polling::send(const QByteArray &packet)
{
    if (!m_active)
        return;
    if (!m_queue.isEmpty())
        m_queue += Separator;
    m_queue += packet;
    flush();
}

void Polling::flush()
{
    if (!m_active || m_post.busy() || m_queue.isEmpty() || m_target.isEmpty())
        return;
    m_post.request(*m_endpoint, "POST", m_target, std::exchange(m_queue, QByteArray()));
}

void Polling::pause(std::function<void()> done)
{
    m_polling = false;
    m_paused = std::move(done);
    checkPaused();
}

void Polling::checkPaused()
{
    if (!m_paused || m_get.busy() || m_post.busy() || !m_queue.isEmpty())
        return;
    const std::function<void()> done = std::exchange(m_paused, nullptr);
    done();
}

void Polling::close(const QByteArray &lastPackets)
{
    if (!m_active)
        return;
    m_closing = true;
    m_polling = false;
    send(lastPackets);
}

void Polling::httpResponse(HttpConnection *connection, int status, const QByteArray &body)
{
    if (status != 200) {
        finish(m_closing                    ? CloseCause::Closed
                       : m_target.isEmpty() ? CloseCause::HandshakeError
                                            : CloseCause::ServerClosed);
        return;
    }
    if (connection == &m_post) {
        if (m_closing && m_queue.isEmpty()) {
            finish(CloseCause::Closed);
            return;
        }
        flush();
        m_handler->pollingWritable(this);
        if (m_active)
            checkPaused();
        return;
    }
    // A GET: the handshake or a poll. Deliver its packets, then poll again.
    qsizetype pos = 0;
    while (m_active && pos <= body.size()) {
        qsizetype end = body.indexOf(Separator, pos);
        if (end < 0)
            end = body.size();
        if (end > pos) {
            const QByteArray packet = body.mid(pos, end - pos);
            if (packet == "1") { // the server closed the session
                finish(m_closing ? CloseCause::Closed : CloseCause::ServerClosed);
                return;
            }
            m_handler->pollingPacket(this, packet);
        }
        pos = end + 1;
    }
    if (!m_active)
        return;
    poll();
    checkPaused();
}

void Polling::httpFailed(HttpConnection *, CloseCause cause)
{
    finish(m_closing                                                         ? CloseCause::Closed
                   : m_target.isEmpty() && cause == CloseCause::ServerClosed ? CloseCause::HandshakeError
                                                                             : cause);
}

void Polling::finish(CloseCause cause)
{
    abort();
    m_handler->pollingClosed(this, cause);
}

void Polling::abort()
{
    m_active = false;
    m_polling = false;
    m_closing = false;
    m_target.clear();
    m_queue.clear();
    m_paused = nullptr;
    m_get.abort();
    m_post.abort();
}
