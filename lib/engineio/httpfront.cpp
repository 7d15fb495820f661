// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "httpfront_p.h"
#include "logging_p.h"

#include <QtCore/QCryptographicHash>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace SocketIo::Eio {

FrontEndpoint::~FrontEndpoint() = default;

// Hands inspected connections to Qt HttpServer. Qt HttpServer and
// QTcpServer want a server in the listening state, so it listens on a
// loopback port and at once stops accepting and shuts that socket down: the
// port refuses connections and is released, the server object stays usable.
class HandoffServer : public QTcpServer
{
public:
    explicit HandoffServer(QObject *parent) : QTcpServer(parent)
    {
        if (!listen(QHostAddress::LocalHost, 0))
            return;
        pauseAccepting();
#ifdef Q_OS_UNIX
        ::shutdown(int(socketDescriptor()), SHUT_RDWR);
#endif
    }
    void hand(QTcpSocket *socket)
    {
        addPendingConnection(socket);
        Q_EMIT newConnection();
    }
};

namespace {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 426: return "Upgrade Required";
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
    }
}

// The server's half of the opening handshake (RFC 6455, 4.2), with the checks and answers of
// Node's ws: a key of 16 bytes in base64, version 13 (or 8), the first subprotocol offered.
// Returns the 101 response, or an error response in \a error.
QByteArray webSocketHandshake(const HttpHead &head, QByteArray *error)
{
    const QByteArray key = head.value("sec-websocket-key").trimmed();
    const QByteArray version = head.value("sec-websocket-version").trimmed();
    const bool keyValid = key.size() == 24 && key.endsWith("==")
            && QByteArray::fromBase64(key, QByteArray::AbortOnBase64DecodingErrors).size() == 16;
    if (!keyValid) {
        *error = HttpFront::rawResponse(400, "text/plain", "Missing or invalid Sec-WebSocket-Key header");
        return {};
    }
    if (version != "13" && version != "8") {
        QByteArray response = HttpFront::rawResponse(400, "text/plain",
                                                     "Missing or invalid Sec-WebSocket-Version header");
        response.insert(response.indexOf("\r\n") + 2, "Sec-WebSocket-Version: 13, 8\r\n");
        *error = response;
        return {};
    }
    const QByteArray accept = QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                                       QCryptographicHash::Sha1).toBase64();
    QByteArray response = "HTTP/1.1 101 Switching Protocols\r\n"
                          "Upgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: " + accept + "\r\n";
    const QByteArray protocols = head.value("sec-websocket-protocol");
    if (!protocols.isEmpty()) {
        const QByteArray first = protocols.split(',').first().trimmed();
        if (!first.isEmpty())
            response += "Sec-WebSocket-Protocol: " + first + "\r\n";
    }
    response += "\r\n";
    return response;
}

} // namespace

/*!
    \internal
    Returns the front serving \a listener, creating it on first use. Every
    Engine attached to the same QTcpServer shares it, each on its own path.
*/
HttpFront *HttpFront::forServer(QTcpServer *listener)
{
    if (auto *front = listener->findChild<HttpFront *>(QString(), Qt::FindDirectChildrenOnly))
        return front;
    return new HttpFront(listener);
}

HttpFront::HttpFront(QTcpServer *listener)
    : QObject(listener), m_listener(listener)
{
    setObjectName(QStringLiteral("SocketIoHttpFront"));
    m_clock.start();
    m_handoff = new HandoffServer(this);
    m_http = new QHttpServer(this);
    m_http->bind(m_handoff);
    connect(listener, &QTcpServer::pendingConnectionAvailable, this,
            &HttpFront::onPendingConnections);
    m_sweepTimer.setInterval(std::chrono::milliseconds(500));
    connect(&m_sweepTimer, &QTimer::timeout, this, &HttpFront::sweep);
}

HttpFront::~HttpFront() = default;

QTcpServer *HttpFront::listener() const
{
    return m_listener;
}

QHttpServer *HttpFront::httpServer() const
{
    return m_http;
}

bool HttpFront::addEndpoint(FrontEndpoint *endpoint, const FrontLimits &limits)
{
    for (FrontEndpoint *other : std::as_const(m_endpoints)) {
        if (other->frontPath() == endpoint->frontPath()) {
            qCWarning(lcEngineHttp, "path %s is already served on this port",
                      endpoint->frontPath().constData());
            return false;
        }
    }
    if (m_endpoints.isEmpty())
        m_limits = limits;
    m_endpoints.append(endpoint);
    // Qt HttpServer routes by path; the endpoint is looked up on each request
    // so that a removed endpoint's path answers 404.
    const QByteArray path = endpoint->frontPath();
    m_http->route(QString::fromUtf8(path), [this, path](const QHttpServerRequest &request,
                                                        QHttpServerResponder &&responder) {
        for (FrontEndpoint *e : std::as_const(m_endpoints)) {
            if (e->frontPath() == path) {
                e->handleHttpRequest(request, responder.socket(), std::move(responder));
                return;
            }
        }
        responder.write(QHttpServerResponder::StatusCode::NotFound);
    });
    // Serve connections that were accepted before the first endpoint arrived.
    onPendingConnections();
    return true;
}

void HttpFront::removeEndpoint(FrontEndpoint *endpoint)
{
    m_endpoints.removeAll(endpoint);
    for (auto it = m_upgrades.begin(); it != m_upgrades.end();) {
        if (it.value() == endpoint)
            it = m_upgrades.erase(it);
        else
            ++it;
    }
}

FrontEndpoint *HttpFront::endpointFor(QByteArrayView target) const
{
    for (FrontEndpoint *endpoint : m_endpoints) {
        if (target.startsWith(endpoint->frontPath()))
            return endpoint;
    }
    return nullptr;
}

void HttpFront::onPendingConnections()
{
    if (!m_listener || m_endpoints.isEmpty())
        return;
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        // As Node's HTTP server and ws: small packets (acks, events) leave at once
        // instead of waiting for the peer's delayed ACK.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Connection connection;
        connection.socket = socket;
        connection.lastActivity = m_clock.elapsed();
        m_connections.insert(socket, connection);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onHeadReadyRead(socket); });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { onBytesWritten(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            forget(socket);
            // Until handed off, the socket is the front's to delete.
            const bool verifying = m_upgrades.remove(socket);
            if (!m_handedOff.remove(socket) || verifying)
                socket->deleteLater();
        });
        if (!m_sweepTimer.isActive())
            m_sweepTimer.start();
        if (socket->bytesAvailable() > 0)
            onHeadReadyRead(socket);
    }
}

void HttpFront::forget(QTcpSocket *socket)
{
    m_connections.remove(socket);
    if (m_connections.isEmpty())
        m_sweepTimer.stop();
}

// The front's slot runs before Qt HttpServer's: it sees each chunk first and
// can refuse a request before any of it is buffered further.
void HttpFront::onHeadReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    const qint64 available = socket->bytesAvailable();
    if (available <= it->inspected)
        return;
    it->lastActivity = m_clock.elapsed();
    const qint64 fresh = available - it->inspected;
    if (it->phase == Phase::Head || fresh > it->bodyRemaining) {
        const QByteArray bytes = socket->peek(available);
        const qint64 from = it->inspected;
        it->inspected = available;
        scan(*it, QByteArrayView(bytes).sliced(from));
    } else {
        it->bodyRemaining -= fresh;
        it->inspected = available;
        if (it->bodyRemaining == 0)
            finishRequest(*it);
    }
}

void HttpFront::finishRequest(Connection &connection)
{
    connection.phase = Phase::Head;
    connection.awaitingResponse = true;
    connection.request = {};
}

void HttpFront::onTailReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
        it->inspected = socket->bytesAvailable();
}

void HttpFront::scan(Connection &connection, QByteArrayView bytes)
{
    while (!bytes.isEmpty() && connection.phase != Phase::Closed) {
        if (connection.phase == Phase::Body) {
            const qint64 take = qMin<qint64>(connection.bodyRemaining, bytes.size());
            connection.bodyRemaining -= take;
            bytes = bytes.sliced(take);
            if (connection.bodyRemaining == 0)
                finishRequest(connection);
            continue;
        }
        if (connection.phase != Phase::Head) {
            bytes = scanChunked(connection, bytes);
            continue;
        }
        // Skip the empty lines a client may send between requests.
        if (connection.head.isEmpty()) {
            while (!bytes.isEmpty() && (bytes.front() == '\r' || bytes.front() == '\n'))
                bytes = bytes.sliced(1);
            if (bytes.isEmpty())
                break;
        }
        const qsizetype before = connection.head.size();
        connection.head.append(bytes.data(), bytes.size());
        const qsizetype end = connection.head.indexOf("\r\n\r\n");
        const qsizetype limit = m_limits.maxHeaderSize;
        if (end < 0 || end + 4 > limit) {
            if (connection.head.size() > limit || end >= 0) {
                reject(connection.socket, 431, "request head too large");
                return;
            }
            return; // wait for the rest of the head
        }
        const qsizetype headLength = end + 4;
        const auto head = HttpHead::parse(QByteArrayView(connection.head).first(headLength));
        if (!head) {
            reject(connection.socket, 400, "malformed request head");
            return;
        }
        bytes = bytes.sliced(headLength - before);
        connection.head.clear();
        if (!onHeadComplete(connection, *head, bytes.size()))
            return; // the connection is no longer the front's to read
    }
}

// Follows a chunked body: sizes, data, trailers. Counts it against the limit
// without keeping any of it. Returns the bytes after what was consumed.
QByteArrayView HttpFront::scanChunked(Connection &connection, QByteArrayView bytes)
{
    switch (connection.phase) {
    case Phase::ChunkData: {
        const qint64 take = qMin<qint64>(connection.bodyRemaining, bytes.size());
        connection.bodyRemaining -= take;
        if (connection.bodyRemaining == 0) {
            connection.phase = Phase::ChunkDataEnd;
            connection.bodyRemaining = 2;
        }
        return bytes.sliced(take);
    }
    case Phase::ChunkDataEnd: {
        const qint64 take = qMin<qint64>(connection.bodyRemaining, bytes.size());
        connection.bodyRemaining -= take;
        if (connection.bodyRemaining == 0)
            connection.phase = Phase::ChunkSize;
        return bytes.sliced(take);
    }
    case Phase::ChunkSize:
    case Phase::ChunkTrailer: {
        const qsizetype newline = bytes.indexOf('\n');
        const qsizetype take = newline < 0 ? bytes.size() : newline + 1;
        connection.head.append(bytes.data(), take);
        if (connection.head.size() > 1024) {
            reject(connection.socket, 400, "malformed chunked body");
            return {};
        }
        if (newline < 0)
            return {};
        const QByteArray line = std::exchange(connection.head, {}).trimmed();
        if (connection.phase == Phase::ChunkTrailer) {
            if (line.isEmpty())
                finishRequest(connection);
            return bytes.sliced(take);
        }
        bool ok = false;
        const qint64 size = line.split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            reject(connection.socket, 400, "malformed chunk size");
            return {};
        }
        connection.bodySeen += size;
        if (connection.bodySeen > connection.maxBody) {
            if (connection.endpoint)
                connection.endpoint->handleOversizedBody(connection.request);
            reject(connection.socket, 413, "request body over maxHttpBufferSize");
            return {};
        }
        connection.phase = size == 0 ? Phase::ChunkTrailer : Phase::ChunkData;
        connection.bodyRemaining = size;
        return bytes.sliced(take);
    }
    default:
        return {};
    }
}

bool HttpFront::onHeadComplete(Connection &connection, const HttpHead &head, qsizetype unscanned)
{
    QTcpSocket *socket = connection.socket;
    FrontEndpoint *endpoint = endpointFor(head.target);
    if (head.wantsClose())
        connection.closeAfterResponse = true;
    if (head.isWebSocketUpgrade()) {
        if (connection.handedOff || !endpoint) {
            reject(socket, 400, "unexpected WebSocket upgrade");
            return false;
        }
        // The socket holds the head (and any empty lines before it), then whatever the client
        // sent after it: the head is consumed here, the rest is the WebSocket's. Reading it all
        // (the usual case) takes the socket's read block with it, so the block is freed now.
        (void)socket->read(connection.inspected - unscanned);
        startUpgrade(socket, endpoint, head);
        return false;
    }
    const qint64 maxBody = endpoint ? endpoint->maxBodySize() : 1000000;
    if (head.contentLength > maxBody) {
        if (endpoint)
            endpoint->handleOversizedBody(head);
        reject(socket, 413, "request body over maxHttpBufferSize");
        return false;
    }
    if (endpoint)
        endpoint->handleRequestHead(head);
    connection.bodyRemaining = head.contentLength;
    connection.phase = head.contentLength > 0 ? Phase::Body : Phase::Head;
    connection.awaitingResponse = head.contentLength == 0 && !head.chunked;
    if (head.chunked) {
        connection.phase = Phase::ChunkSize;
        connection.bodySeen = 0;
        connection.maxBody = maxBody;
        connection.endpoint = endpoint;
        connection.request = head;
    }
    if (!connection.handedOff)
        handOff(connection);
    return true;
}

void HttpFront::handOff(Connection &connection)
{
    QTcpSocket *socket = connection.socket;
    connection.handedOff = true;
    m_handedOff.insert(socket);
    m_handoff->hand(socket);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onTailReadyRead(socket); });
    // Qt HttpServer connected to readyRead just now: let it read what is buffered.
    QMetaObject::invokeMethod(socket, [socket] { Q_EMIT socket->readyRead(); }, Qt::QueuedConnection);
}

void HttpFront::startUpgrade(QTcpSocket *socket, FrontEndpoint *endpoint, const HttpHead &head)
{
    // From here on the socket belongs to the WebSocket path.
    forget(socket);
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    disconnect(socket, &QTcpSocket::bytesWritten, this, nullptr);
    m_upgrades.insert(socket, endpoint);
    m_handedOff.insert(socket); // the WebSocket side deletes it from now on
    QPointer<QTcpSocket> guard(socket);
    endpoint->verifyUpgrade(head, socket, [this, guard, head](const QByteArray &refusal) {
        if (!guard || !m_upgrades.contains(guard))
            return;
        FrontEndpoint *target = m_upgrades.take(guard);
        QByteArray error = refusal;
        const QByteArray accepted = error.isEmpty() ? webSocketHandshake(head, &error) : QByteArray();
        if (!error.isEmpty()) {
            if (refusal.isEmpty()) {
                qCInfo(lcEngineHttp, "%s:%u: 400 (bad WebSocket handshake)",
                       qPrintable(guard->peerAddress().toString()), guard->peerPort());
            }
            m_handedOff.remove(guard);
            guard->write(error);
            guard->disconnectFromHost();
            return;
        }
        guard->write(accepted);
        disconnect(guard, nullptr, this, nullptr);
        m_handedOff.remove(guard); // the WebSocket transport owns the socket from here on
        target->handleWebSocket(guard, head);
    });
}

void HttpFront::onBytesWritten(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || socket->bytesToWrite() > 0)
        return;
    it->lastActivity = m_clock.elapsed();
    if (!it->awaitingResponse)
        return;
    it->awaitingResponse = false;
    if (it->closeAfterResponse && it->phase == Phase::Head && it->head.isEmpty()) {
        forget(socket);
        socket->disconnectFromHost();
    }
}

QByteArray HttpFront::rawResponse(int status, const QByteArray &contentType, const QByteArray &body)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Connection: close\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

void HttpFront::reject(QTcpSocket *socket, int status, const char *why)
{
    if (!socket)
        return;
    qCInfo(lcEngineHttp, "%s:%u: %d (%s)", qPrintable(socket->peerAddress().toString()),
           socket->peerPort(), status, why);
    auto it = m_connections.find(socket);
    if (it != m_connections.end())
        it->phase = Phase::Closed;
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    socket->write(rawResponse(status, "text/plain", reasonPhrase(status)));
    // Drop what the client sent so Qt HttpServer never parses it.
    socket->read(socket->bytesAvailable());
    socket->disconnectFromHost();
}

void HttpFront::sweep()
{
    const qint64 now = m_clock.elapsed();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *socket : sockets) {
        const Connection &c = m_connections[socket];
        const qint64 idle = now - c.lastActivity;
        const bool partial = c.phase != Phase::Head || !c.head.isEmpty();
        if (partial && idle > m_limits.stallTimeout.count()) {
            reject(socket, 408, "stalled request");
            forget(socket);
        } else if (!partial && !c.awaitingResponse && idle > m_limits.idleTimeout.count()) {
            qCDebug(lcEngineHttp, "closing idle connection");
            forget(socket);
            socket->disconnectFromHost();
        }
    }
}

} // namespace SocketIo::Eio
