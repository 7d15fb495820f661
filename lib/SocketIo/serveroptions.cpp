// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "serveroptions.h"
#include "serveroptions_p.h"

#include <QtCore/QDebug>

namespace SocketIo {

/*!
    \class SocketIo::CorsOptions
    \inmodule SocketIo
    \brief Cross-origin resource sharing settings of a server.

    CORS is off by default, as in Socket.IO 4.8: no CORS headers are sent.
    When enabled, a request whose \c Origin is in origins() (or accepted by the
    origin function, or any origin when origins() holds \c "*") gets it echoed
    in \c Access-Control-Allow-Origin. Preflight \c OPTIONS requests are
    answered with 204.
*/
CorsOptions::CorsOptions() : d(new CorsOptionsPrivate) {}
CorsOptions::CorsOptions(const CorsOptions &other) = default;
CorsOptions::CorsOptions(CorsOptions &&other) noexcept = default;
CorsOptions &CorsOptions::operator=(CorsOptions &&other) noexcept = default;
CorsOptions &CorsOptions::operator=(const CorsOptions &other) = default;
CorsOptions::~CorsOptions() = default;

bool CorsOptions::isEnabled() const
{
    return d->enabled;
}
void CorsOptions::setEnabled(bool enabled)
{
    d->enabled = enabled;
}
QStringList CorsOptions::origins() const
{
    return d->origins;
}
/*! Sets the allowed \a origins and enables CORS. \c "*" allows any origin. */
void CorsOptions::setOrigins(const QStringList &origins)
{
    d->origins = origins;
    d->enabled = true;
}
/*!
    Decides per request whether an origin is allowed with \a allow, called
    while \a context lives. Enables CORS.
*/
void CorsOptions::setOriginFunction(QObject *context, OriginFunction allow)
{
    d->originContext = context;
    d->originFunction = std::move(allow);
    d->enabled = true;
}
/*! Returns whether \a origin may read responses. */
bool CorsOptions::isOriginAllowed(const QString &origin) const
{
    if (!d->enabled)
        return false;
    if (d->originFunction && d->originContext)
        return d->originFunction(origin);
    return d->origins.contains(QLatin1String("*")) || d->origins.contains(origin);
}
bool CorsOptions::credentials() const
{
    return d->credentials;
}
void CorsOptions::setCredentials(bool credentials)
{
    d->credentials = credentials;
}
QByteArrayList CorsOptions::methods() const
{
    return d->methods;
}
void CorsOptions::setMethods(const QByteArrayList &methods)
{
    d->methods = methods;
}
QByteArrayList CorsOptions::allowedHeaders() const
{
    return d->allowedHeaders;
}
void CorsOptions::setAllowedHeaders(const QByteArrayList &headers)
{
    d->allowedHeaders = headers;
}
QByteArrayList CorsOptions::exposedHeaders() const
{
    return d->exposedHeaders;
}
void CorsOptions::setExposedHeaders(const QByteArrayList &headers)
{
    d->exposedHeaders = headers;
}
int CorsOptions::maxAge() const
{
    return d->maxAge;
}
void CorsOptions::setMaxAge(int seconds)
{
    d->maxAge = seconds;
}

bool operator==(const CorsOptions &a, const CorsOptions &b)
{
    return a.d == b.d
            || (a.d->enabled == b.d->enabled && a.d->origins == b.d->origins && a.d->credentials == b.d->credentials
                && a.d->methods == b.d->methods && a.d->allowedHeaders == b.d->allowedHeaders
                && a.d->exposedHeaders == b.d->exposedHeaders && a.d->maxAge == b.d->maxAge && !a.d->originFunction
                && !b.d->originFunction);
}

/*!
    \class SocketIo::CookieOptions
    \inmodule SocketIo
    \brief The Engine.IO session cookie sent with the handshake.

    Off by default since Socket.IO 3. When enabled, the handshake response
    sets a cookie holding the session id, named \c io, with path \c /,
    \c HttpOnly and \c SameSite=Lax unless changed.
*/
CookieOptions::CookieOptions() : d(new CookieOptionsPrivate) {}
CookieOptions::CookieOptions(const CookieOptions &other) = default;
CookieOptions::CookieOptions(CookieOptions &&other) noexcept = default;
CookieOptions &CookieOptions::operator=(CookieOptions &&other) noexcept = default;
CookieOptions &CookieOptions::operator=(const CookieOptions &other) = default;
CookieOptions::~CookieOptions() = default;

bool CookieOptions::isEnabled() const
{
    return d->enabled;
}
void CookieOptions::setEnabled(bool enabled)
{
    d->enabled = enabled;
}
QString CookieOptions::name() const
{
    return d->name;
}
/*! Sets the cookie's \a name and enables the cookie. */
void CookieOptions::setName(const QString &name)
{
    d->name = name;
    d->enabled = true;
}
QString CookieOptions::path() const
{
    return d->path;
}
void CookieOptions::setPath(const QString &path)
{
    d->path = path;
}
QString CookieOptions::domain() const
{
    return d->domain;
}
void CookieOptions::setDomain(const QString &domain)
{
    d->domain = domain;
}
bool CookieOptions::httpOnly() const
{
    return d->httpOnly;
}
void CookieOptions::setHttpOnly(bool httpOnly)
{
    d->httpOnly = httpOnly;
}
bool CookieOptions::secure() const
{
    return d->secure;
}
void CookieOptions::setSecure(bool secure)
{
    d->secure = secure;
}
CookieOptions::SameSite CookieOptions::sameSite() const
{
    return d->sameSite;
}
void CookieOptions::setSameSite(SameSite sameSite)
{
    d->sameSite = sameSite;
}
qint64 CookieOptions::maxAge() const
{
    return d->maxAge;
}
void CookieOptions::setMaxAge(qint64 seconds)
{
    d->maxAge = seconds;
}

/*! Returns the \c Set-Cookie header value carrying \a value. */
QByteArray CookieOptions::toSetCookie(const QString &value) const
{
    QByteArray out = QUrl::toPercentEncoding(d->name) + '=' + QUrl::toPercentEncoding(value);
    if (d->maxAge >= 0)
        out += "; Max-Age=" + QByteArray::number(d->maxAge);
    if (!d->domain.isEmpty())
        out += "; Domain=" + d->domain.toUtf8();
    if (!d->path.isEmpty())
        out += "; Path=" + d->path.toUtf8();
    if (d->httpOnly)
        out += "; HttpOnly";
    if (d->secure)
        out += "; Secure";
    switch (d->sameSite) {
    case SameSite::Unset:
        break;
    case SameSite::Lax:
        out += "; SameSite=Lax";
        break;
    case SameSite::Strict:
        out += "; SameSite=Strict";
        break;
    case SameSite::None:
        out += "; SameSite=None";
        break;
    }
    return out;
}

bool operator==(const CookieOptions &a, const CookieOptions &b)
{
    return a.d == b.d
            || (a.d->enabled == b.d->enabled && a.d->name == b.d->name && a.d->path == b.d->path
                && a.d->domain == b.d->domain && a.d->httpOnly == b.d->httpOnly && a.d->secure == b.d->secure
                && a.d->sameSite == b.d->sameSite && a.d->maxAge == b.d->maxAge);
}

/*!
    \class SocketIo::AllowRequestReply
    \inmodule SocketIo
    \brief The answer to an allowRequest check; the first answer counts.

    Copies share one state: once accept() or reject() was called, later calls
    do nothing. A reply dropped unanswered refuses the request.
*/
AllowRequestReplyPrivate::~AllowRequestReplyPrivate()
{
    if (done)
        done(false, {});
}

AllowRequestReply AllowRequestReplyPrivate::create(std::function<void(bool, const QString &)> done)
{
    return AllowRequestReply(std::move(done));
}

AllowRequestReply::AllowRequestReply() = default;
AllowRequestReply::AllowRequestReply(std::function<void(bool, const QString &)> done) : d(new AllowRequestReplyPrivate)
{
    d->done = std::move(done);
}
AllowRequestReply::AllowRequestReply(const AllowRequestReply &other) = default;
AllowRequestReply &AllowRequestReply::operator=(const AllowRequestReply &other) = default;
AllowRequestReply::~AllowRequestReply() = default;

/*! Lets the handshake go on. */
void AllowRequestReply::accept() const
{
    if (d && d->done)
        std::exchange(d->done, {})(true, {});
}
/*! Refuses the handshake with error 4 (Forbidden) and \a message. */
void AllowRequestReply::reject(const QString &message) const
{
    if (d && d->done)
        std::exchange(d->done, {})(false, message);
}
bool AllowRequestReply::isAnswered() const
{
    return !d || !d->done;
}

/*!
    \class SocketIo::ServerOptions
    \inmodule SocketIo
    \brief The options of a Server and of its Engine.IO layer.

    Every default is the one of Socket.IO 4.8 (engine.io 6.6): path
    \c /socket.io/, pingInterval 25 s, pingTimeout 20 s, upgradeTimeout 10 s,
    maxHttpBufferSize 1 MB, both transports, upgrades allowed, protocol 3 off,
    CORS and cookie off, HTTP compression above 1 KiB, connectTimeout 45 s.

    The HTTP limits (maxHeaderSize, httpIdleTimeout, httpStallTimeout) are
    enforced by the library itself, since Qt HttpServer 6.4 has none.
*/
ServerOptions::ServerOptions() : d(new ServerOptionsPrivate) {}
ServerOptions::ServerOptions(const ServerOptions &other) = default;
ServerOptions::ServerOptions(ServerOptions &&other) noexcept = default;
ServerOptions &ServerOptions::operator=(ServerOptions &&other) noexcept = default;
ServerOptions &ServerOptions::operator=(const ServerOptions &other) = default;
ServerOptions::~ServerOptions() = default;

QString ServerOptions::path() const
{
    return d->path;
}
/*! Sets the request \a path; a trailing slash is added when missing. */
void ServerOptions::setPath(const QString &path)
{
    QString p = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    if (!p.endsWith(QLatin1Char('/')))
        p += QLatin1Char('/');
    d->path = p;
}
bool ServerOptions::serveClient() const
{
    return d->serveClient;
}
void ServerOptions::setServeClient(bool serve)
{
    d->serveClient = serve;
}
std::chrono::milliseconds ServerOptions::connectTimeout() const
{
    return d->connectTimeout;
}
void ServerOptions::setConnectTimeout(std::chrono::milliseconds timeout)
{
    d->connectTimeout = timeout;
}
std::chrono::milliseconds ServerOptions::pingInterval() const
{
    return d->pingInterval;
}
void ServerOptions::setPingInterval(std::chrono::milliseconds interval)
{
    d->pingInterval = interval;
}
std::chrono::milliseconds ServerOptions::pingTimeout() const
{
    return d->pingTimeout;
}
void ServerOptions::setPingTimeout(std::chrono::milliseconds timeout)
{
    d->pingTimeout = timeout;
}
std::chrono::milliseconds ServerOptions::upgradeTimeout() const
{
    return d->upgradeTimeout;
}
void ServerOptions::setUpgradeTimeout(std::chrono::milliseconds timeout)
{
    d->upgradeTimeout = timeout;
}
qint64 ServerOptions::maxHttpBufferSize() const
{
    return d->maxHttpBufferSize;
}
void ServerOptions::setMaxHttpBufferSize(qint64 bytes)
{
    d->maxHttpBufferSize = bytes;
}
/*!
    Returns the most that the write backlogs of all clients together may hold:
    what waits for clients that read too slowly (or stop polling). Past it, the
    clients furthest behind are closed first ("transport error"). A broadcast's
    frame counts once however many backlogs hold it. The default (0) is an
    eighth of the machine's memory. Each client is also bounded on its own: at
    8 MiB, plus the largest message on its way.
*/
qint64 ServerOptions::writeBacklogBudget() const
{
    return d->writeBacklogBudget;
}
void ServerOptions::setWriteBacklogBudget(qint64 bytes)
{
    d->writeBacklogBudget = qMax<qint64>(bytes, 0);
}
/*!
    Returns the kernel's send buffer for each WebSocket connection (SO_SNDBUF,
    which Linux doubles for its bookkeeping): 256 KiB by default; 0 leaves the
    system's autotuning, which lets each connection grow to several MiB.

    What a slow client has not taken waits in the server's own backlog beyond
    it, where a broadcast's frame is shared (see writeBacklogBudget()). Kernel
    buffers are not shared: with autotuning, a few hundred clients that stop
    reading hold gigabytes in the kernel, and past the kernel's TCP memory
    thresholds (tcp_mem) every connection of the machine slows down.
*/
int ServerOptions::sendBufferSize() const
{
    return d->sendBufferSize;
}
void ServerOptions::setSendBufferSize(int bytes)
{
    d->sendBufferSize = qMax(bytes, 0);
}
ServerOptions::Transports ServerOptions::transports() const
{
    return d->transports;
}
void ServerOptions::setTransports(Transports transports)
{
    d->transports = transports;
}
bool ServerOptions::allowUpgrades() const
{
    return d->allowUpgrades;
}
void ServerOptions::setAllowUpgrades(bool allow)
{
    d->allowUpgrades = allow;
}
bool ServerOptions::allowEIO3() const
{
    return d->allowEIO3;
}
void ServerOptions::setAllowEIO3(bool allow)
{
    d->allowEIO3 = allow;
}
CorsOptions ServerOptions::cors() const
{
    return d->cors;
}
void ServerOptions::setCors(const CorsOptions &cors)
{
    d->cors = cors;
}
CookieOptions ServerOptions::cookie() const
{
    return d->cookie;
}
void ServerOptions::setCookie(const CookieOptions &cookie)
{
    d->cookie = cookie;
}
ConnectionStateRecovery ServerOptions::connectionStateRecovery() const
{
    return d->recovery;
}
/*! Enables or tunes connection state recovery (off by default, as in Node). */
void ServerOptions::setConnectionStateRecovery(const ConnectionStateRecovery &recovery)
{
    d->recovery = recovery;
}
bool ServerOptions::cleanupEmptyChildNamespaces() const
{
    return d->cleanupEmptyChildNamespaces;
}
/*! Removes a dynamic child namespace once its last socket left (off by default). */
void ServerOptions::setCleanupEmptyChildNamespaces(bool cleanup)
{
    d->cleanupEmptyChildNamespaces = cleanup;
}
qint64 ServerOptions::httpCompressionThreshold() const
{
    return d->httpCompressionThreshold;
}
void ServerOptions::setHttpCompressionThreshold(qint64 bytes)
{
    d->httpCompressionThreshold = bytes;
}
bool ServerOptions::httpCompression() const
{
    return d->httpCompression;
}
void ServerOptions::setHttpCompression(bool enabled)
{
    d->httpCompression = enabled;
}
/*!
    Installs \a allow, called for every handshake (and WebSocket handshake
    without a session) while \a context lives. It answers through the
    AllowRequestReply, now or later; a refusal answers error 4 (Forbidden).
*/
void ServerOptions::setAllowRequest(QObject *context, AllowRequestFunction allow)
{
    d->allowRequestContext = context;
    d->allowRequest = std::move(allow);
}
bool ServerOptions::hasAllowRequest() const
{
    return d->allowRequest && d->allowRequestContext;
}
/*! Runs the installed check on \a request; accepts when there is none. */
void ServerOptions::allowRequest(const EngineRequest &request, const AllowRequestReply &reply) const
{
    if (hasAllowRequest())
        d->allowRequest(request, reply);
    else
        reply.accept();
}
qint64 ServerOptions::maxHeaderSize() const
{
    return d->maxHeaderSize;
}
void ServerOptions::setMaxHeaderSize(qint64 bytes)
{
    d->maxHeaderSize = bytes;
}
std::chrono::milliseconds ServerOptions::httpIdleTimeout() const
{
    return d->httpIdleTimeout;
}
void ServerOptions::setHttpIdleTimeout(std::chrono::milliseconds timeout)
{
    d->httpIdleTimeout = timeout;
}
std::chrono::milliseconds ServerOptions::httpStallTimeout() const
{
    return d->httpStallTimeout;
}
void ServerOptions::setHttpStallTimeout(std::chrono::milliseconds timeout)
{
    d->httpStallTimeout = timeout;
}

bool operator==(const ServerOptions &a, const ServerOptions &b)
{
    const auto &x = *a.d;
    const auto &y = *b.d;
    return a.d == b.d
            || (x.path == y.path && x.serveClient == y.serveClient && x.connectTimeout == y.connectTimeout
                && x.pingInterval == y.pingInterval && x.pingTimeout == y.pingTimeout
                && x.upgradeTimeout == y.upgradeTimeout && x.maxHttpBufferSize == y.maxHttpBufferSize
                && x.transports == y.transports && x.writeBacklogBudget == y.writeBacklogBudget
                && x.sendBufferSize == y.sendBufferSize && x.allowUpgrades == y.allowUpgrades
                && x.allowEIO3 == y.allowEIO3 && x.cors == y.cors && x.cookie == y.cookie
                && x.httpCompression == y.httpCompression && x.httpCompressionThreshold == y.httpCompressionThreshold
                && !x.allowRequest && !y.allowRequest && x.maxHeaderSize == y.maxHeaderSize
                && x.httpIdleTimeout == y.httpIdleTimeout && x.httpStallTimeout == y.httpStallTimeout
                && x.recovery == y.recovery && x.cleanupEmptyChildNamespaces == y.cleanupEmptyChildNamespaces);
}

QDebug operator<<(QDebug debug, const ServerOptions &options)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "ServerOptions(path=" << options.path() << ", pingInterval=" << options.pingInterval().count()
                    << "ms, pingTimeout=" << options.pingTimeout().count()
                    << "ms, maxHttpBufferSize=" << options.maxHttpBufferSize() << ')';
    return debug;
}

} // namespace SocketIo
