// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "httpfront_p.h"
#include "logging_p.h"

#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

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
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
    }
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
    m_webSockets = new QWebSocketServer(QStringLiteral("QtSocketIo"),
                                        QWebSocketServer::NonSecureMode, this);
    m_webSockets->setMaxPendingConnections(1 << 20);
    connect(m_webSockets, &QWebSocketServer::newConnection, this, &HttpFront::onWebSocketConnection);
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
        if (it->endpoint == endpoint)
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
            const auto upgrade = m_upgrades.constFind(socket);
            const bool verifying = upgrade != m_upgrades.cend() && !upgrade->withWebSocketServer;
            if (!m_handedOff.remove(socket) || verifying)
                socket->deleteLater();
            m_upgrades.remove(socket);
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
        onHeadComplete(connection, *head);
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

void HttpFront::onHeadComplete(Connection &connection, const HttpHead &head)
{
    QTcpSocket *socket = connection.socket;
    FrontEndpoint *endpoint = endpointFor(head.target);
    if (head.wantsClose())
        connection.closeAfterResponse = true;
    if (head.isWebSocketUpgrade()) {
        if (connection.handedOff || !endpoint) {
            reject(socket, 400, "unexpected WebSocket upgrade");
            return;
        }
        startUpgrade(socket, endpoint, head);
        return;
    }
    const qint64 maxBody = endpoint ? endpoint->maxBodySize() : 1000000;
    if (head.contentLength > maxBody) {
        if (endpoint)
            endpoint->handleOversizedBody(head);
        reject(socket, 413, "request body over maxHttpBufferSize");
        return;
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
    m_upgrades.insert(socket, {endpoint, head, false});
    m_handedOff.insert(socket); // the WebSocket side deletes it from now on
    QPointer<QTcpSocket> guard(socket);
    endpoint->verifyUpgrade(head, socket, [this, guard](const QByteArray &errorResponse) {
        if (!guard || !m_upgrades.contains(guard))
            return;
        if (!errorResponse.isEmpty()) {
            m_upgrades.remove(guard);
            m_handedOff.remove(guard);
            guard->write(errorResponse);
            guard->disconnectFromHost();
            return;
        }
        m_upgrades[guard].withWebSocketServer = true;
        m_webSockets->handleConnection(guard);
    });
}

void HttpFront::onWebSocketConnection()
{
    while (QWebSocket *webSocket = m_webSockets->nextPendingConnection()) {
        auto *raw = webSocket->findChild<QTcpSocket *>();
        auto found = m_upgrades.end();
        for (auto it = m_upgrades.begin(); it != m_upgrades.end(); ++it) {
            if (it.key() == raw || (it.key()->peerPort() == webSocket->peerPort()
                                    && it.key()->peerAddress() == webSocket->peerAddress())) {
                found = it;
                break;
            }
        }
        if (found == m_upgrades.end()) {
            qCWarning(lcEngineHttp, "WebSocket connection without a verified upgrade; closing it");
            webSocket->abort();
            webSocket->deleteLater();
            continue;
        }
        QTcpSocket *socket = found.key();
        FrontEndpoint *endpoint = found->endpoint;
        const HttpHead head = found->head;
        m_upgrades.erase(found);
        disconnect(socket, nullptr, this, nullptr);
        endpoint->handleWebSocket(webSocket, socket, head);
    }
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
