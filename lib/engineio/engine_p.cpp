// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "engine_p.h"
#include "backlog_p.h"
#include "framecache_p.h"
#include "compression_p.h"
#include "enginesocket_p.h"
#include "flushqueue_p.h"
#include "logging_p.h"
#include "pollingtransport_p.h"
#include "allowrequestreply_p.h"
#include "protocolnames_p.h"
#include "websockettransport_p.h"

#include "enginerequest_p.h"
#include <SocketIo/enginesocket.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace SocketIo {

using Eio::Transport;

EnginePrivate::EnginePrivate(Engine *q, const EngineOptions &options)
    : q_ptr(q), options(options), path(options.path().toUtf8()), flushQueue(new Eio::FlushQueue(q)),
      ledger(new Eio::BacklogLedger(
              options.writeBacklogBudget() > 0 ? options.writeBacklogBudget() : Eio::defaultBacklogBudget(), q)),
      frames(std::make_unique<Eio::FrameCache>())
{}

EnginePrivate::~EnginePrivate()
{
    detach();
}

void EnginePrivate::setError(Engine::Error newError, const QString &detail)
{
    error = newError;
    errorDetail = detail;
    qCWarning(lcEngineServer, "%s", qPrintable(q_func()->errorString()));
    Q_EMIT q_func()->errorOccurred(newError);
}

bool EnginePrivate::attach(QTcpServer *listener)
{
    detach();
    Eio::FrontLimits limits;
    limits.maxHeaderSize = options.maxHeaderSize();
    limits.idleTimeout = options.httpIdleTimeout();
    limits.stallTimeout = options.httpStallTimeout();
    auto *f = Eio::HttpFront::forServer(listener, preparedHttp);
    if (preparedHttp && f->httpServer() != preparedHttp) {
        qCWarning(lcEngineServer,
                  "the port is already served with another HTTP server: the routes added to "
                  "httpServer() before listen() are not served; add them after listen()");
        delete preparedHttp;
    }
    preparedHttp = nullptr;
    if (!f->addEndpoint(this, limits)) {
        setError(Engine::Error::PathInUseError);
        return false;
    }
    front = f;
    return true;
}

void EnginePrivate::detach()
{
    if (front)
        front->removeEndpoint(this);
    front.clear();
}

EngineRequest EnginePrivate::makeRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    static const char *const names[] = {"GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"};
    QByteArray method = "UNKNOWN";
    const auto bits = static_cast<uint>(request.method());
    for (int i = 0; i < 9; ++i) {
        if (bits == (1u << i))
            method = names[i];
    }
    return EngineRequest(method, request.url(), request.headers(), socket->peerAddress(), socket->peerPort(),
                         qobject_cast<QSslSocket *>(socket) != nullptr);
}

EngineRequest EnginePrivate::makeRequest(const Eio::HttpHead &head, QTcpSocket *socket)
{
    const bool secure = qobject_cast<QSslSocket *>(socket) != nullptr;
    QUrl url = QUrl::fromEncoded(head.target);
    url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    url.setAuthority(QString::fromUtf8(head.value("host")));
    return EngineRequest(head.method, url, head.headers, socket->peerAddress(), socket->peerPort(), secure);
}

QString Engine::errorMessage(RequestError error)
{
    switch (error) {
    case RequestError::NoError:
        return {};
    case RequestError::UnknownTransport:
        return QStringLiteral("Transport unknown");
    case RequestError::UnknownSessionId:
        return QStringLiteral("Session ID unknown");
    case RequestError::BadHandshakeMethod:
        return QStringLiteral("Bad handshake method");
    case RequestError::BadRequest:
        return QStringLiteral("Bad request");
    case RequestError::Forbidden:
        return QStringLiteral("Forbidden");
    case RequestError::UnsupportedProtocolVersion:
        return QStringLiteral("Unsupported protocol version");
    }
    return {};
}

void EnginePrivate::verify(const EngineRequest &request, bool upgrade, Verdict done)
{
    using E = Engine::RequestError;
    const QString transport = request.queryItem(QStringLiteral("transport"));
    const bool polling =
            transport == QLatin1String("polling") && options.transports().testFlag(EngineOptions::Transport::Polling);
    const bool websocket = transport == QLatin1String("websocket")
            && options.transports().testFlag(EngineOptions::Transport::WebSocket);
    if (!polling && !websocket)
        return done(E::UnknownTransport, {});
    const QByteArray origin = request.header("origin");
    if (std::any_of(origin.cbegin(), origin.cend(), [](char c) { return uchar(c) < 0x20 && c != '\t'; }))
        return done(E::BadRequest, {});
    const QString sid = request.queryItem(QStringLiteral("sid"));
    if (!sid.isEmpty()) {
        EngineSocket *client = clients.value(sid);
        if (!client)
            return done(E::UnknownSessionId, {});
        if (!upgrade && client->transportName() != transport)
            return done(E::BadRequest, {});
        return done(E::NoError, {});
    }
    if (request.method() != "GET")
        return done(E::BadHandshakeMethod, {});
    if (websocket && !upgrade)
        return done(E::BadRequest, {});
    if (!options.hasAllowRequest())
        return done(E::NoError, {});
    // The application may keep the reply (and answer it, or drop it) after the engine is gone.
    QPointer<Engine> alive(q_func());
    options.allowRequest(request, AllowRequestReplyPrivate::create([done, alive](bool ok, const QString &message) {
                             if (alive)
                                 done(ok ? E::NoError : E::Forbidden, message);
                         }));
}

QString EnginePrivate::generateId(const EngineRequest &request) const
{
    if (idGenerator.isAlive()) {
        const QString id = idGenerator.fn(request);
        if (!id.isEmpty() && !clients.contains(id))
            return id;
        qCWarning(lcEngineServer, "id generator returned an empty or used id; using a random one");
    }
    return randomId();
}

QByteArray EnginePrivate::openPacket(const QString &id, Transport::Kind kind) const
{
    const bool upgrades = kind == Transport::Kind::Polling && options.allowUpgrades()
            && options.transports().testFlag(EngineOptions::Transport::WebSocket);
    // Written by hand to keep Node's key order.
    return "{\"sid\":\"" + id.toLatin1()
            + "\",\"upgrades\":" + (upgrades ? QByteArray("[\"websocket\"]") : QByteArray("[]"))
            + ",\"pingInterval\":" + QByteArray::number(qint64(options.pingInterval().count()))
            + ",\"pingTimeout\":" + QByteArray::number(qint64(options.pingTimeout().count()))
            + ",\"maxPayload\":" + QByteArray::number(options.maxHttpBufferSize()) + '}';
}

Engine::HeaderList EnginePrivate::corsHeaders(const EngineRequest &request) const
{
    Engine::HeaderList headers;
    const CorsOptions cors = options.cors();
    if (!cors.isEnabled())
        return headers;
    const QByteArray origin = request.header("origin");
    const bool any = cors.origins().contains(QLatin1String("*")) && !cors.credentials();
    if (any) {
        headers.emplaceBack("Access-Control-Allow-Origin", "*");
    } else if (!origin.isEmpty() && cors.isOriginAllowed(QString::fromUtf8(origin))) {
        headers.emplaceBack("Access-Control-Allow-Origin", origin);
    }
    QByteArrayList vary;
    if (!any)
        vary.append("Origin");
    if (cors.credentials())
        headers.emplaceBack("Access-Control-Allow-Credentials", "true");
    if (!cors.exposedHeaders().isEmpty())
        headers.emplaceBack("Access-Control-Expose-Headers", cors.exposedHeaders().join(','));
    if (request.method() == "OPTIONS") {
        headers.emplaceBack("Access-Control-Allow-Methods", cors.methods().join(','));
        QByteArray allowed = cors.allowedHeaders().join(',');
        if (allowed.isEmpty()) {
            allowed = request.header("access-control-request-headers");
            vary.append("Access-Control-Request-Headers");
        }
        if (!allowed.isEmpty())
            headers.emplaceBack("Access-Control-Allow-Headers", allowed);
        if (cors.maxAge() >= 0)
            headers.emplaceBack("Access-Control-Max-Age", QByteArray::number(cors.maxAge()));
    }
    if (!vary.isEmpty())
        headers.emplaceBack("Vary", vary.join(", "));
    return headers;
}

void EnginePrivate::reply(QHttpServerResponder &responder, const EngineRequest &request, const HttpReply &reply)
{
    if (!responder.socket() || responder.socket()->state() != QAbstractSocket::ConnectedState)
        return;
    Engine::HeaderList headers = corsHeaders(request);
    QByteArray body = reply.body;
    if (!reply.contentType.isEmpty())
        headers.emplaceBack("Content-Type", reply.contentType);
    if (reply.polling)
        headers.emplaceBack("Cache-Control", "no-store");
    if (reply.compressible && options.httpCompression() && body.size() >= options.httpCompressionThreshold()) {
        const auto encoding = Eio::Compression::negotiate(request.header("accept-encoding"));
        if (encoding != Eio::Compression::Encoding::Identity) {
            body = Eio::Compression::compress(body, encoding);
            headers.emplaceBack("Content-Encoding", Eio::Compression::name(encoding));
        }
    }
    if (reply.handshake) {
        const CookieOptions cookie = options.cookie();
        if (cookie.isEnabled())
            headers.emplaceBack("Set-Cookie", cookie.toSetCookie(request.queryItem(QStringLiteral("sid"))));
    }
    if (reply.handshake && initialHeadersHook.isAlive())
        initialHeadersHook.fn(headers, request);
    if (reply.status < 400 && headersHook.isAlive())
        headersHook.fn(headers, request);
    headers.emplaceBack("Content-Length", QByteArray::number(body.size()));
    // A server that closes the connection after a response says so in it (RFC 9112, 9.6): a
    // client that keeps connections alive would otherwise send its next request into the close.
    QTcpSocket *socket = responder.socket();
    const auto *numbered = EngineRequestPrivate::get(request);
    const bool ordered = front && numbered->numbered;
    if (ordered && front->isFinalResponse(socket, numbered->number))
        headers.emplaceBack("Connection", "close");
    // Written as one piece (one send()), through the front, which keeps responses in the order
    // of their requests; the responder, which would write piece by piece, only names the socket.
    QByteArray out = Eio::HttpFront::statusLine(reply.status);
    for (const auto &header : std::as_const(headers))
        out += header.first + ": " + header.second + "\r\n";
    out += "\r\n" + body;
    if (ordered)
        front->writeResponse(socket, numbered->number, out);
    else
        socket->write(out);
}

void EnginePrivate::abortRequest(QHttpServerResponder &responder, const EngineRequest &request,
                                 Engine::RequestError code, const QString &message)
{
    Q_Q(Engine);
    const QString text = message.isEmpty() ? Engine::errorMessage(code) : message;
    qCInfo(lcEngineServer, "refused %s %s from %s: %d %s", request.method().constData(),
           request.url().toEncoded(QUrl::RemoveAuthority).constData(), qPrintable(request.remoteAddress().toString()),
           int(code), qPrintable(text));
    QJsonObject json{{QStringLiteral("code"), int(code)}, {QStringLiteral("message"), text}};
    reply(responder, request,
          {code == Engine::RequestError::Forbidden ? 403 : 400, "application/json",
           QJsonDocument(json).toJson(QJsonDocument::Compact)});
    Q_EMIT q->connectionError(request, code, Engine::errorMessage(code));
}

QByteArray EnginePrivate::upgradeError(const EngineRequest &request, Engine::RequestError code, const QString &message)
{
    Q_Q(Engine);
    const QString text = message.isEmpty() ? Engine::errorMessage(code) : message;
    qCInfo(lcEngineServer, "refused WebSocket upgrade from %s: %d %s", qPrintable(request.remoteAddress().toString()),
           int(code), qPrintable(text));
    Q_EMIT q->connectionError(request, code, Engine::errorMessage(code));
    // A refused upgrade is always a 400 with the message as text, as in Node.
    return Eio::HttpFront::rawResponse(400, "text/html", text.toUtf8());
}

void EnginePrivate::handleHttpRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket,
                                      QHttpServerResponder &&responder, quint32 number)
{
    EngineRequest request = makeRequest(httpRequest, socket);
    EngineRequestPrivate::get(request)->numbered = true;
    EngineRequestPrivate::get(request)->number = number;
    if (request.method() == "OPTIONS" && options.cors().isEnabled() && !request.header("origin").isEmpty()) {
        reply(responder, request, {204, {}, {}});
        return;
    }
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> guard(socket);
    const QByteArray body = httpRequest.body();
    verify(request, false,
           [this, request, held, guard, body, number](Engine::RequestError code, const QString &message) {
               if (!guard)
                   return;
               if (code != Engine::RequestError::NoError) {
                   abortRequest(*held, request, code, message);
                   return;
               }
               const QString sid = request.queryItem(QStringLiteral("sid"));
               if (!sid.isEmpty()) {
                   EngineSocket *client = clients.value(sid);
                   auto *polling = client
                           ? dynamic_cast<Eio::PollingTransport *>(EngineSocketPrivate::get(client)->transport.get())
                           : nullptr;
                   if (!polling) {
                       abortRequest(*held, request, Engine::RequestError::BadRequest, {});
                       return;
                   }
                   polling->handleRequest(request, body, guard, std::move(*held));
                   return;
               }
               const int protocol = request.queryItem(QStringLiteral("EIO")) == QLatin1String("4") ? 4 : 3;
               if (protocol == 3 && !options.allowEIO3()) {
                   abortRequest(*held, request, Engine::RequestError::UnsupportedProtocolVersion, {});
                   return;
               }
               const bool b64 = !request.queryItem(QStringLiteral("b64")).isEmpty();
               auto transport = std::make_unique<Eio::PollingTransport>(this, protocol, !b64);
               QPointer<Eio::PollingTransport> polling = transport.get();
               QPointer<EngineSocket> client = handshake(request, std::move(transport));
               if (!client || !polling)
                   return;
               // The first poll answers the handshake: its headers (cookie) know the new id.
               QUrl url = request.url();
               QUrlQuery query(url);
               query.addQueryItem(QStringLiteral("sid"), client->id());
               url.setQuery(query);
               EngineRequest withSid(request.method(), url, request.headers(), request.remoteAddress(),
                                     request.remotePort(), request.isSecure());
               EngineRequestPrivate::get(withSid)->numbered = true; // the same request, the same turn
               EngineRequestPrivate::get(withSid)->number = number;
               polling->handleRequest(withSid, body, guard, std::move(*held));
           });
}

EngineSocket *EnginePrivate::handshake(const EngineRequest &request, std::unique_ptr<Transport> transport)
{
    Q_Q(Engine);
    const QString id = generateId(request);
    const int protocol = transport->protocol();
    EngineSocket *socket = EngineSocketPrivate::create(this, id, protocol, request, std::move(transport));
    clients.insert(id, socket);
    EngineSocketPrivate::get(socket)->open();
    qCDebug(lcEngineServer, "%s: new %s session (protocol %d)", qPrintable(id), qPrintable(socket->transportName()),
            protocol);
    Q_EMIT q->clientsCountChanged();
    Q_EMIT q->connection(socket);
    return socket;
}

void EnginePrivate::verifyUpgrade(const Eio::HttpHead &head, QTcpSocket *socket, UpgradeVerdict verdict)
{
    const EngineRequest request = makeRequest(head, socket);
    verify(request, true, [this, request, verdict](Engine::RequestError code, const QString &message) {
        if (code == Engine::RequestError::NoError && request.queryItem(QStringLiteral("sid")).isEmpty()
            && request.queryItem(QStringLiteral("EIO")) != QLatin1String("4") && !options.allowEIO3()) {
            code = Engine::RequestError::UnsupportedProtocolVersion;
        }
        verdict(code == Engine::RequestError::NoError ? QByteArray() : upgradeError(request, code, message));
    });
}

void EnginePrivate::handleWebSocket(QTcpSocket *socket, const Eio::HttpHead &head)
{
    const EngineRequest request = makeRequest(head, socket);
    const QString sid = request.queryItem(QStringLiteral("sid"));
    const int protocol = request.queryItem(QStringLiteral("EIO")) == QLatin1String("4") ? 4 : 3;
    // A bounded kernel buffer: what a slow reader has not taken waits in our backlog instead.
    if (options.sendBufferSize() > 0)
        socket->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, options.sendBufferSize());
    auto transport = std::make_unique<Eio::WebSocketTransport>(socket, protocol, options.maxHttpBufferSize(), &counters,
                                                               flushQueue, ledger, frames.get());
    if (sid.isEmpty()) {
        handshake(request, std::move(transport));
        return;
    }
    EngineSocket *client = clients.value(sid);
    EngineSocketPrivate *d = client ? EngineSocketPrivate::get(client) : nullptr;
    if (!d || d->upgrading || d->upgraded || !options.allowUpgrades()
        || d->transport->kind() != Transport::Kind::Polling) {
        qCInfo(lcEngineServer, "%s: refused WebSocket upgrade", qPrintable(sid));
        Transport::retire(std::move(transport));
        return;
    }
    d->maybeUpgrade(std::move(transport));
}

void EnginePrivate::handleRequestHead(const Eio::HttpHead &head)
{
    if (head.method != "POST")
        return;
    const QUrlQuery query(QUrl::fromEncoded(head.target));
    if (EngineSocket *client = clients.value(query.queryItemValue(QStringLiteral("sid")))) {
        if (auto *polling = dynamic_cast<Eio::PollingTransport *>(EngineSocketPrivate::get(client)->transport.get()))
            polling->beginDataRequest();
    }
}

void EnginePrivate::handleOversizedBody(const Eio::HttpHead &head)
{
    const QUrlQuery query(QUrl::fromEncoded(head.target));
    QPointer<EngineSocket> client = clients.value(query.queryItemValue(QStringLiteral("sid")));
    if (!client)
        return;
    // The 413 goes out on the POST's own connection; closing the session at
    // once would answer the waiting poll first and hide the 413 from the
    // client. Give the client a moment to see it, then close.
    QTimer::singleShot(std::chrono::seconds(1), client, [client] {
        EngineSocketPrivate::get(client)->onClose(EngineSocket::CloseReason::TransportError,
                                                  QStringLiteral("payload too large"));
    });
}

void EnginePrivate::removeClient(EngineSocket *socket)
{
    Q_Q(Engine);
    if (!clients.remove(socket->id()))
        return;
    Q_EMIT q->clientsCountChanged();
#ifdef __GLIBC__
    // After a wave of disconnects, glibc keeps the freed sessions' pages. Once the closing is
    // over (no close for a second), hand the free pages back, so that the process does not stay
    // at its peak size.
    constexpr int TrimAfterClosed = 256;
    if (++closedSinceTrim < TrimAfterClosed)
        return;
    if (!trimTimer) {
        trimTimer = new QTimer(q);
        trimTimer->setSingleShot(true);
        trimTimer->setInterval(std::chrono::seconds(1));
        QObject::connect(trimTimer, &QTimer::timeout, q, [this] {
            closedSinceTrim = 0;
            malloc_trim(0); // about 20 ms for a 190 MB heap after 10,000 closes
        });
    }
    trimTimer->start();
#endif
}

} // namespace SocketIo
