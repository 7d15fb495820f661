// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "httpfront_p.h"
#include "logging_p.h"
#include "socketwrite_p.h"
#include "tcpserver_p.h"

#include <QtCore/QCryptographicHash>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <utility>
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
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 405:
        return "Method Not Allowed";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    default:
        return "Error";
    }
}

// The server's half of the opening handshake (RFC 6455, 4.2), with the checks and answers of
// Node's ws: a key of 16 bytes in base64, version 13 (or 8), the first subprotocol offered.
// Returns the 101 response, or an error response in \a error.
QByteArray webSocketHandshake(const HttpHead &head, QByteArray *error)
{
    if (head.method != "GET") {
        *error = HttpFront::rawResponse(405, "text/plain", "Invalid HTTP method");
        return {};
    }
    const QByteArray key = head.value("sec-websocket-key").trimmed();
    const QByteArray version = head.value("sec-websocket-version").trimmed();
    const bool keyValid = key.size() == 24 && key.endsWith("==")
            && QByteArray::fromBase64(key, QByteArray::AbortOnBase64DecodingErrors).size() == 16;
    if (!keyValid) {
        *error = HttpFront::rawResponse(400, "text/plain", "Missing or invalid Sec-WebSocket-Key header");
        return {};
    }
    if (version != "13" && version != "8") {
        QByteArray response =
                HttpFront::rawResponse(400, "text/plain", "Missing or invalid Sec-WebSocket-Version header");
        response.insert(response.indexOf("\r\n") + 2, "Sec-WebSocket-Version: 13, 8\r\n");
        *error = response;
        return {};
    }
    const QByteArray accept =
            QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), QCryptographicHash::Sha1)
                    .toBase64();
    QByteArray response = "HTTP/1.1 101 Switching Protocols\r\n"
                          "Upgrade: websocket\r\n"
                          "Connection: Upgrade\r\n"
                          "Sec-WebSocket-Accept: "
            + accept + "\r\n";
    const QByteArray protocols = head.value("sec-websocket-protocol");
    if (!protocols.isEmpty()) {
        const QByteArray first = protocols.split(',').first().trimmed();
        if (!first.isEmpty())
            response += "Sec-WebSocket-Protocol: " + first + "\r\n";
    }
    response += "\r\n";
    return response;
}

bool asksToClose(const QHttpServerRequest &request)
{
    for (const QByteArray &option : request.value("connection").split(',')) {
        if (option.trimmed().compare("close", Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

/*!
    \internal
    Returns the front serving \a listener, creating it on first use. Every
    Engine attached to the same QTcpServer shares it, each on its own path.
*/
HttpFront *HttpFront::forServer(QTcpServer *listener, QHttpServer *prepared)
{
    if (auto *front = listener->findChild<HttpFront *>(QString(), Qt::FindDirectChildrenOnly))
        return front;
    return new HttpFront(listener, prepared);
}

// A server holds a descriptor per connection: the soft limit (often 1,024) goes up to the hard
// one, once per process, and a hard limit that caps connections low is said once.
void HttpFront::raiseDescriptorLimit()
{
#ifdef Q_OS_UNIX
    static bool done = false;
    if (std::exchange(done, true))
        return;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    if (limit.rlim_cur < limit.rlim_max) {
        const rlim_t before = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
            qCDebug(lcEngineHttp, "descriptor limit raised from %llu to %llu", qulonglong(before),
                    qulonglong(limit.rlim_cur));
    }
    constexpr rlim_t Low = 65536;
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < Low)
        qCInfo(lcEngineHttp,
               "the hard descriptor limit is %llu: at most about that many connections "
               "(raise it with ulimit -Hn or LimitNOFILE)",
               qulonglong(limit.rlim_max));
#endif
}

HttpFront::HttpFront(QTcpServer *listener, QHttpServer *prepared) : QObject(listener), m_listener(listener)
{
    setObjectName(QStringLiteral("SocketIoHttpFront"));
    raiseDescriptorLimit();
    m_clock.start();
    m_handoff = new HandoffServer(this);
    m_http = prepared ? prepared : new QHttpServer(this);
    m_http->setParent(this);
    m_http->bind(m_handoff);
    // Responses that Qt HttpServer writes (the application's routes, 404 for no route) say
    // "Connection: close" when their request asked to close; the front closes after them.
    m_http->afterRequest([](QHttpServerResponse &&response, const QHttpServerRequest &request) {
        if (asksToClose(request))
            response.setHeader("Connection", "close");
        return std::move(response);
    });
    m_http->setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        const QByteArray body = "Not Found";
        const TcpSocket::WriteBatch batch(responder.socket());
        responder.writeStatusLine(QHttpServerResponder::StatusCode::NotFound);
        if (asksToClose(request))
            responder.writeHeader("Connection", "close");
        responder.writeHeader("Content-Type", "text/plain");
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        responder.writeBody(body);
    });
    connect(listener, &QTcpServer::pendingConnectionAvailable, this, &HttpFront::onPendingConnections);
    connect(listener, &QTcpServer::acceptError, this, &HttpFront::onAcceptError);
    m_sweepTimer.setInterval(std::chrono::milliseconds(500));
    connect(&m_sweepTimer, &QTimer::timeout, this, &HttpFront::sweep);
    m_acceptRetry.setSingleShot(true);
    m_acceptRetry.setInterval(std::chrono::milliseconds(100));
    connect(&m_acceptRetry, &QTimer::timeout, this, [this] {
        if (!m_listener)
            return;
        if (descriptorsRunOut()) {
            m_acceptRetry.start();
            return;
        }
        qCInfo(lcEngineHttp, "accepting connections again");
        m_listener->resumeAccepting();
    });
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
            qCWarning(lcEngineHttp, "path %s is already served on this port", endpoint->frontPath().constData());
            return false;
        }
    }
    if (m_endpoints.isEmpty())
        m_limits = limits;
    m_endpoints.append(endpoint);
    // Qt HttpServer routes by path; the endpoint is looked up on each request
    // so that a removed endpoint's path answers 404.
    const QByteArray path = endpoint->frontPath();
    m_http->route(QString::fromUtf8(path),
                  [this, path](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                      QTcpSocket *socket = responder.socket();
                      quint32 number = 0;
                      const auto connection = m_connections.find(socket);
                      if (connection != m_connections.end()) {
                          // A request after a refused one is never answered.
                          if (!connection->deferredError.isEmpty() && connection->routed >= connection->finished)
                              return;
                          number = connection->routed++;
                      }
                      for (FrontEndpoint *e : std::as_const(m_endpoints)) {
                          if (e->frontPath() == path) {
                              e->handleHttpRequest(request, socket, std::move(responder), number);
                              return;
                          }
                      }
                      writeResponse(socket, number, statusLine(404) + "Content-Length: 0\r\n\r\n");
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
    bool runningOut = false;
    while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
        runningOut = runningOut || nearDescriptorLimit(socket->socketDescriptor());
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
    // After the loop: nextPendingConnection() turns accepting back on.
    if (runningOut || m_acceptRetry.isActive()) {
        m_listener->pauseAccepting();
        pauseAccepting(QStringLiteral("few descriptors left"));
    }
}

// Out of descriptors, QTcpServer either stops accepting for good (an accept error) or, where the
// error counts as temporary (Qt 6.4 on Linux), tries again at once, thousands of times a second.
// The front pauses accepting instead when it runs short (or on an error), and resumes once a
// descriptor is free again: the connections already served go on meanwhile, new ones wait in the
// listen backlog.
void HttpFront::onAcceptError()
{
    pauseAccepting(m_listener ? m_listener->errorString() : QString());
}

void HttpFront::pauseAccepting(const QString &why)
{
    if (!m_listener || m_acceptRetry.isActive())
        return;
    m_listener->pauseAccepting();
    qCWarning(lcEngineHttp, "not accepting connections for now (%s): trying again every %lld ms", qPrintable(why),
              qint64(m_acceptRetry.interval()));
    m_acceptRetry.start();
}

// Whether fewer than DescriptorReserve descriptors are left below the process's limit.
bool HttpFront::descriptorsRunOut() const
{
#ifdef Q_OS_UNIX
    // Descriptors are handed out lowest first: a new one's number tells how full the table is.
    const qintptr listening = m_listener ? m_listener->socketDescriptor() : -1;
    if (listening < 0)
        return false;
    const int probe = ::fcntl(int(listening), F_DUPFD_CLOEXEC, 0);
    if (probe < 0)
        return errno == EMFILE || errno == ENFILE;
    ::close(probe);
    return nearDescriptorLimit(probe);
#else
    return false;
#endif
}

// Whether \a descriptor (the newest one) leaves fewer than DescriptorReserve below the limit.
bool HttpFront::nearDescriptorLimit(qintptr descriptor)
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    return descriptor >= 0 && ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
            && rlim_t(descriptor) + DescriptorReserve >= limit.rlim_cur;
#else
    Q_UNUSED(descriptor);
    return false;
#endif
}

void HttpFront::forget(QTcpSocket *socket)
{
    m_connections.remove(socket);
    if (m_connections.isEmpty() && m_upgrades.isEmpty())
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
    it->lastActivity = m_clock.elapsed(); // a request's start is noted by scan()
    const qint64 fresh = available - it->inspected;
    if (it->phase == Phase::Body && fresh <= it->bodyRemaining) {
        // The common case of a body arriving in pieces: only counted.
        it->bodyRemaining -= fresh;
        it->inspected = available;
        if (it->bodyRemaining == 0)
            finishRequest(*it);
        return;
    }
    const QByteArray bytes = socket->peek(available);
    const qint64 from = it->inspected;
    it->inspected = available;
    scan(*it, QByteArrayView(bytes).sliced(from));
    // Before the hand-off nobody else reads the socket: the empty lines scanned so far are
    // dropped from it, so that they cost no memory.
    it = m_connections.find(socket);
    if (it != m_connections.end() && !it->handedOff && it->phase == Phase::Head && it->head.isEmpty()
        && it->inspected > 0) {
        socket->skip(it->inspected);
        it->inspected = 0;
    }
}

void HttpFront::finishRequest(Connection &connection)
{
    connection.phase = Phase::Head;
    connection.request = {};
    connection.owed.append(connection.current);
    if (connection.current.byEndpoint)
        ++connection.finished;
    connection.current = {};
    connection.requestStarted = -1;
}

void HttpFront::onTailReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->inspected = socket->bytesAvailable();
    // Qt HttpServer has read what came: until the client sends again (its next poll, or a
    // request after the long-poll's response), the connection waits outside Qt's dispatcher.
    if (it->inspected == 0) {
        if (auto *own = dynamic_cast<TcpSocket *>(socket))
            own->park();
    }
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
        if (connection.requestStarted < 0)
            connection.requestStarted = m_clock.elapsed();
        // Skip the empty lines a client may send between requests, a few of them.
        if (connection.head.isEmpty()) {
            qsizetype blank = 0;
            while (blank < bytes.size() && (bytes.at(blank) == '\r' || bytes.at(blank) == '\n'))
                ++blank;
            connection.blankBytes += blank;
            if (connection.blankBytes > MaxBlankBytes) {
                reject(connection.socket, 400, "too many empty lines before a request");
                return;
            }
            bytes = bytes.sliced(blank);
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
        connection.blankBytes = 0;
        if (!onHeadComplete(connection, *head, bytes.size()))
            return; // the connection is no longer the front's to read
    }
}

namespace {

// A chunk size: hexadecimal digits only (no sign, no "0x", no spaces), at most 15 of them.
qint64 parseChunkSize(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 15)
        return -1;
    qint64 size = 0;
    for (char c : digits) {
        int value;
        if (c >= '0' && c <= '9')
            value = c - '0';
        else if (c >= 'a' && c <= 'f')
            value = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            value = c - 'A' + 10;
        else
            return -1;
        size = size * 16 + value;
    }
    return size;
}

} // namespace

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
        // The CRLF after a chunk's data, possibly split between reads.
        const char expected = connection.bodyRemaining == 2 ? '\r' : '\n';
        if (bytes.front() != expected) {
            reject(connection.socket, 400, "malformed chunked body");
            return {};
        }
        if (--connection.bodyRemaining == 0)
            connection.phase = Phase::ChunkSize;
        return bytes.sliced(1);
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
        QByteArray line = std::exchange(connection.head, {});
        if (!line.endsWith("\r\n")) {
            reject(connection.socket, 400, "malformed chunked body");
            return {};
        }
        line.chop(2);
        if (connection.phase == Phase::ChunkTrailer) {
            if (line.isEmpty())
                finishRequest(connection);
            return bytes.sliced(take);
        }
        // Extensions after ';' are ignored (RFC 9112, 7.1.1), whitespace before them too.
        const qsizetype semicolon = line.indexOf(';');
        const qint64 size =
                parseChunkSize(QByteArrayView(line).first(semicolon < 0 ? line.size() : semicolon).trimmed());
        if (size < 0) {
            reject(connection.socket, 400, "malformed chunk size");
            return {};
        }
        // Compared with what is left, so that no sum can wrap around.
        if (size > connection.maxBody - connection.bodySeen) {
            if (connection.endpoint)
                connection.endpoint->handleOversizedBody(connection.request);
            reject(connection.socket, 413, "request body over maxHttpBufferSize");
            return {};
        }
        connection.bodySeen += size;
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
    if (head.asksForWebSocket()) {
        // Whatever its method: Qt HttpServer must never see an upgrade request (it would answer
        // one with a 404 of its own), and the endpoint refuses what is not a GET.
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
    // Only the endpoint's own path is answered through writeResponse(); the rest
    // (the client bundle, the application's routes, 404s) by Qt HttpServer.
    connection.current.byEndpoint = endpoint && head.path() == endpoint->frontPath();
    connection.current.last = head.wantsClose();
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
    if (head.chunked) {
        connection.phase = Phase::ChunkSize;
        connection.bodySeen = 0;
        connection.maxBody = maxBody;
        connection.endpoint = endpoint;
        connection.request = head;
    } else if (head.contentLength == 0) {
        finishRequest(connection);
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
    QMetaObject::invokeMethod(
            socket, [socket] { Q_EMIT socket->readyRead(); }, Qt::QueuedConnection);
}

void HttpFront::startUpgrade(QTcpSocket *socket, FrontEndpoint *endpoint, const HttpHead &head)
{
    // From here on the socket belongs to the WebSocket path.
    forget(socket);
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    disconnect(socket, &QTcpSocket::bytesWritten, this, nullptr);
    // While the endpoint decides (an asynchronous allowRequest may take a while), the client's
    // early frames wait in a bounded buffer, and the sweep refuses an upgrade that waits too long.
    socket->setReadBufferSize(UpgradeReadCap);
    m_upgrades.insert(socket, {endpoint, m_clock.elapsed()});
    if (!m_sweepTimer.isActive())
        m_sweepTimer.start();
    m_handedOff.insert(socket); // the WebSocket side deletes it from now on
    QPointer<QTcpSocket> guard(socket);
    endpoint->verifyUpgrade(head, socket, [this, guard, head](const QByteArray &refusal) {
        if (!guard || !m_upgrades.contains(guard))
            return;
        FrontEndpoint *target = m_upgrades.take(guard).endpoint;
        QByteArray error = refusal;
        const QByteArray accepted = error.isEmpty() ? webSocketHandshake(head, &error) : QByteArray();
        if (!error.isEmpty()) {
            if (refusal.isEmpty()) {
                qCInfo(lcEngineHttp, "%s:%u: %s (bad WebSocket handshake)", qPrintable(guard->peerAddress().toString()),
                       guard->peerPort(), error.mid(9, 3).constData());
            }
            refuseUpgrade(guard, error);
            return;
        }
        guard->setReadBufferSize(0);
        guard->write(accepted);
        disconnect(guard, nullptr, this, nullptr);
        m_handedOff.remove(guard); // the WebSocket transport owns the socket from here on
        target->handleWebSocket(guard, head);
    });
}

void HttpFront::refuseUpgrade(QTcpSocket *socket, const QByteArray &response)
{
    m_handedOff.remove(socket);
    socket->setReadBufferSize(0);
    socket->write(response);
    stopReading(socket);
    closeGracefully(socket);
}

// Nothing more is parsed on \a socket, by the front or by Qt HttpServer: what the client sent
// and still sends is dropped until the connection ends.
void HttpFront::stopReading(QTcpSocket *socket)
{
    disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->rollbackTransaction();
    socket->skip(socket->bytesAvailable());
    connect(socket, &QTcpSocket::readyRead, this, [socket] { socket->skip(socket->bytesAvailable()); });
}

bool HttpFront::isFinalResponse(QTcpSocket *socket, quint32 number) const
{
    const auto it = m_connections.constFind(socket);
    if (it == m_connections.constEnd())
        return false;
    // The endpoint's requests still owed are those from nextResponse on, in order.
    quint32 ahead = number - it->nextResponse;
    for (const Owed &owed : it->owed) {
        if (owed.byEndpoint && ahead-- == 0)
            return owed.last;
    }
    return false;
}

void HttpFront::writeResponse(QTcpSocket *socket, quint32 number, const QByteArray &bytes)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        socket->write(bytes); // no longer followed (a connection ending): nothing to keep in order
        return;
    }
    if (number != it->nextResponse) {
        it->held.insert(number, bytes);
        return;
    }
    QByteArray next = bytes;
    for (;;) {
        socket->write(next);
        ++it->nextResponse;
        responseDone(*it, true);
        it = m_connections.find(socket); // the final response ends the connection's record
        if (it == m_connections.end())
            return;
        const auto held = it->held.find(it->nextResponse);
        if (held == it->held.end())
            return;
        next = *held;
        it->held.erase(held);
    }
}

void HttpFront::responseDone(Connection &connection, bool byEndpoint)
{
    // The response answers the oldest request of its kind (requests for other paths are answered
    // by Qt HttpServer in order, before the front hears of their bytes being written).
    qsizetype index = -1;
    for (qsizetype i = 0; i < connection.owed.size(); ++i) {
        if (connection.owed.at(i).byEndpoint == byEndpoint) {
            index = i;
            break;
        }
    }
    if (index < 0)
        return;
    const Owed answered = connection.owed.takeAt(index);
    connection.lastActivity = m_clock.elapsed();
    QTcpSocket *socket = connection.socket;
    if (answered.last) {
        closeAfterResponses(socket);
    } else if (connection.owed.isEmpty() && !connection.deferredError.isEmpty()) {
        socket->write(connection.deferredError);
        closeAfterResponses(socket);
    }
}

// Ends the connection once what is written has left: nothing more is read from it.
void HttpFront::closeAfterResponses(QTcpSocket *socket)
{
    forget(socket);
    stopReading(socket);
    // The responder that wrote the last response may still be on the stack.
    QPointer<QTcpSocket> guard(socket);
    QMetaObject::invokeMethod(
            this,
            [this, guard] {
                if (guard)
                    closeGracefully(guard);
            },
            Qt::QueuedConnection);
}

// Ends a connection after the response written last, without a reset that could take that
// response with it: a client still sending (a body over the limit, a flood) has unread bytes on
// our side, and closing on them resets the connection, which can discard what the client had
// not read yet. So our direction is shut down once the response has left, what the client still
// sends is dropped (stopReading()) until it closes too, and after two seconds the connection is
// closed whatever the client does.
void HttpFront::closeGracefully(QTcpSocket *socket)
{
#ifdef Q_OS_LINUX
    if (socket->state() == QAbstractSocket::ConnectedState && canWriteDirectly(socket)
        && socket->socketDescriptor() >= 0) {
        // Once everything has left; nothing is written after it, so this runs once or twice.
        auto shutDown = [socket] {
            if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState)
                ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        };
        connect(socket, &QTcpSocket::bytesWritten, socket, shutDown);
        shutDown();
        QTimer::singleShot(std::chrono::seconds(2), socket, [socket] { socket->abort(); });
        return;
    }
#endif
    socket->disconnectFromHost();
}

void HttpFront::onBytesWritten(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || socket->bytesToWrite() > 0)
        return;
    it->lastActivity = m_clock.elapsed();
    // Qt HttpServer answers the requests for other paths; their response is complete once it left.
    if (!it->owed.isEmpty() && !it->owed.constFirst().byEndpoint)
        responseDone(*it, false);
}

QByteArray HttpFront::statusLine(int status)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
}

QByteArray HttpFront::rawResponse(int status, const QByteArray &contentType, const QByteArray &body)
{
    QByteArray out = statusLine(status);
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
    qCInfo(lcEngineHttp, "%s:%u: %d (%s)", qPrintable(socket->peerAddress().toString()), socket->peerPort(), status,
           why);
    const QByteArray response = rawResponse(status, "text/plain", reasonPhrase(status));
    auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        it->phase = Phase::Closed;
        if (!it->owed.isEmpty()) {
            // Responses go out in the order of their requests: this one after those still owed.
            // Qt HttpServer still reads the requests before this one (their bytes may wait in the
            // socket's buffer), but nothing more comes from the kernel meanwhile, and no request
            // after the refused one reaches the endpoint (see addEndpoint()).
            it->deferredError = response;
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
            socket->setReadBufferSize(1);
            return;
        }
    }
    socket->write(response);
    stopReading(socket); // Qt HttpServer never parses what the client sent
    closeGracefully(socket);
}

void HttpFront::sweep()
{
    const qint64 now = m_clock.elapsed();
    const QList<QTcpSocket *> sockets = m_connections.keys();
    for (QTcpSocket *socket : sockets) {
        const Connection &c = m_connections[socket];
        const qint64 idle = now - c.lastActivity;
        const qint64 age = c.requestStarted < 0 ? 0 : now - c.requestStarted;
        const bool partial = c.phase != Phase::Head || !c.head.isEmpty();
        if (c.phase == Phase::Closed) {
            // A refusal waiting for responses owed before it (a long-poll), not forever.
            if (idle > m_limits.headTimeout().count()) {
                forget(socket);
                socket->abort();
            }
        } else if (c.phase == Phase::Head && age > m_limits.headTimeout().count()) {
            reject(socket, 408, "request head not complete in time");
            forget(socket);
        } else if (age > m_limits.requestTimeout().count()) {
            reject(socket, 408, "request not complete in time");
            forget(socket);
        } else if (partial && idle > m_limits.stallTimeout.count()) {
            reject(socket, 408, "stalled request");
            forget(socket);
        } else if (!partial && c.owed.isEmpty() && idle > m_limits.idleTimeout.count()) {
            qCDebug(lcEngineHttp, "closing idle connection");
            forget(socket);
            socket->disconnectFromHost();
        }
    }
    for (auto it = m_upgrades.begin(); it != m_upgrades.end();) {
        QTcpSocket *socket = it.key();
        if (now - it->started <= m_limits.stallTimeout.count()) {
            ++it;
            continue;
        }
        qCInfo(lcEngineHttp, "%s:%u: 408 (WebSocket upgrade not accepted in time)",
               qPrintable(socket->peerAddress().toString()), socket->peerPort());
        it = m_upgrades.erase(it);
        refuseUpgrade(socket, rawResponse(408, "text/plain", reasonPhrase(408)));
    }
    if (m_connections.isEmpty() && m_upgrades.isEmpty())
        m_sweepTimer.stop();
}

} // namespace SocketIo::Eio
