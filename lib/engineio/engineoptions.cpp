// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "engineoptions.h"
#include "engineoptions_p.h"

#include <QtCore/QDebug>

namespace SocketIo {

/*!
    \class SocketIo::EngineOptions
    \inmodule SocketIo
    \brief The options of an Engine: Engine.IO's transports, heartbeat, limits,
    CORS, cookie and the allowRequest check.

    Every default is the one of engine.io 6.6 as Socket.IO 4.8 sets it up:
    path \c /socket.io/, pingInterval 25 s, pingTimeout 20 s, upgradeTimeout
    10 s, maxHttpBufferSize 1 MB, both transports, upgrades allowed, protocol 3
    off, CORS and cookie off, HTTP compression above 1 KiB.

    The HTTP limits (maxHeaderSize, httpIdleTimeout, httpStallTimeout) are
    enforced by the library itself, since Qt HttpServer 6.4 has none.

    ServerOptions extends it with the Socket.IO options, as Node's
    \c ServerOptions extends \c EngineOptions.
*/
EngineOptions::EngineOptions() : d(new EngineOptionsPrivate) {}
EngineOptions::EngineOptions(const EngineOptions &other) = default;
EngineOptions::EngineOptions(EngineOptions &&other) noexcept = default;
EngineOptions &EngineOptions::operator=(EngineOptions &&other) noexcept = default;
EngineOptions &EngineOptions::operator=(const EngineOptions &other) = default;
EngineOptions::~EngineOptions() = default;

QString EngineOptions::path() const
{
    return d->path;
}

/*! Sets the request \a path; a trailing slash is added when missing. */
void EngineOptions::setPath(const QString &path)
{
    QString p = path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path;
    if (!p.endsWith(QLatin1Char('/')))
        p += QLatin1Char('/');
    d->path = p;
}

std::chrono::milliseconds EngineOptions::pingInterval() const
{
    return d->pingInterval;
}

void EngineOptions::setPingInterval(std::chrono::milliseconds interval)
{
    d->pingInterval = interval;
}

std::chrono::milliseconds EngineOptions::pingTimeout() const
{
    return d->pingTimeout;
}

void EngineOptions::setPingTimeout(std::chrono::milliseconds timeout)
{
    d->pingTimeout = timeout;
}

std::chrono::milliseconds EngineOptions::upgradeTimeout() const
{
    return d->upgradeTimeout;
}

void EngineOptions::setUpgradeTimeout(std::chrono::milliseconds timeout)
{
    d->upgradeTimeout = timeout;
}

qint64 EngineOptions::maxHttpBufferSize() const
{
    return d->maxHttpBufferSize;
}

void EngineOptions::setMaxHttpBufferSize(qint64 bytes)
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
qint64 EngineOptions::writeBacklogBudget() const
{
    return d->writeBacklogBudget;
}

void EngineOptions::setWriteBacklogBudget(qint64 bytes)
{
    d->writeBacklogBudget = qMax<qint64>(bytes, 0);
}

/*!
    Returns the kernel's send buffer for each WebSocket connection (SO_SNDBUF,
    which Linux doubles for its bookkeeping): 64 KiB by default; 0 leaves the
    system's autotuning, which lets each connection grow to several MiB.

    What a slow client has not taken waits in the server's own backlog beyond
    it, where a broadcast's frame is shared (see writeBacklogBudget()). Kernel
    buffers are not shared: with autotuning, a few hundred clients that stop
    reading hold gigabytes in the kernel, and past the kernel's TCP memory
    thresholds (tcp_mem) every connection of the machine slows down. And while
    the buffers of clients that just stopped reading fill, the kernel works for
    them: with 256 KiB, 500 clients stalling at once on a busy room delayed the
    healthy ones by up to half a second for two seconds; with 64 KiB, not
    measurably. A connection's throughput is at most about twice this size per
    round trip: raise it for large transfers to distant clients.
*/
int EngineOptions::sendBufferSize() const
{
    return d->sendBufferSize;
}

void EngineOptions::setSendBufferSize(int bytes)
{
    d->sendBufferSize = qMax(bytes, 0);
}

EngineOptions::Transports EngineOptions::transports() const
{
    return d->transports;
}

void EngineOptions::setTransports(Transports transports)
{
    d->transports = transports;
}

bool EngineOptions::allowUpgrades() const
{
    return d->allowUpgrades;
}

void EngineOptions::setAllowUpgrades(bool allow)
{
    d->allowUpgrades = allow;
}

bool EngineOptions::allowEIO3() const
{
    return d->allowEIO3;
}

void EngineOptions::setAllowEIO3(bool allow)
{
    d->allowEIO3 = allow;
}

CorsOptions EngineOptions::cors() const
{
    return d->cors;
}

void EngineOptions::setCors(const CorsOptions &cors)
{
    d->cors = cors;
}

CookieOptions EngineOptions::cookie() const
{
    return d->cookie;
}

void EngineOptions::setCookie(const CookieOptions &cookie)
{
    d->cookie = cookie;
}

qint64 EngineOptions::httpCompressionThreshold() const
{
    return d->httpCompressionThreshold;
}

void EngineOptions::setHttpCompressionThreshold(qint64 bytes)
{
    d->httpCompressionThreshold = bytes;
}

bool EngineOptions::httpCompression() const
{
    return d->httpCompression;
}

void EngineOptions::setHttpCompression(bool enabled)
{
    d->httpCompression = enabled;
}

/*!
    Installs \a allow, called for every handshake (and WebSocket handshake
    without a session) while \a context lives. It answers through the
    AllowRequestReply, now or later; a refusal answers error 4 (Forbidden).
*/
void EngineOptions::setAllowRequest(QObject *context, AllowRequestFunction allow)
{
    d->allowRequestContext = context;
    d->allowRequest = std::move(allow);
}

bool EngineOptions::hasAllowRequest() const
{
    return d->allowRequest && d->allowRequestContext;
}

/*! Runs the installed check on \a request; accepts when there is none. */
void EngineOptions::allowRequest(const EngineRequest &request, const AllowRequestReply &reply) const
{
    if (hasAllowRequest())
        d->allowRequest(request, reply);
    else
        reply.accept();
}

qint64 EngineOptions::maxHeaderSize() const
{
    return d->maxHeaderSize;
}

void EngineOptions::setMaxHeaderSize(qint64 bytes)
{
    d->maxHeaderSize = bytes;
}

std::chrono::milliseconds EngineOptions::httpIdleTimeout() const
{
    return d->httpIdleTimeout;
}

void EngineOptions::setHttpIdleTimeout(std::chrono::milliseconds timeout)
{
    d->httpIdleTimeout = timeout;
}

std::chrono::milliseconds EngineOptions::httpStallTimeout() const
{
    return d->httpStallTimeout;
}

void EngineOptions::setHttpStallTimeout(std::chrono::milliseconds timeout)
{
    d->httpStallTimeout = timeout;
}

bool operator==(const EngineOptions &a, const EngineOptions &b)
{
    const auto &x = *a.d;
    const auto &y = *b.d;
    return a.d == b.d
            || (x.path == y.path && x.pingInterval == y.pingInterval && x.pingTimeout == y.pingTimeout
                && x.upgradeTimeout == y.upgradeTimeout && x.maxHttpBufferSize == y.maxHttpBufferSize
                && x.transports == y.transports && x.writeBacklogBudget == y.writeBacklogBudget
                && x.sendBufferSize == y.sendBufferSize && x.allowUpgrades == y.allowUpgrades
                && x.allowEIO3 == y.allowEIO3 && x.cors == y.cors && x.cookie == y.cookie
                && x.httpCompression == y.httpCompression && x.httpCompressionThreshold == y.httpCompressionThreshold
                && !x.allowRequest && !y.allowRequest && x.maxHeaderSize == y.maxHeaderSize
                && x.httpIdleTimeout == y.httpIdleTimeout && x.httpStallTimeout == y.httpStallTimeout);
}

QDebug operator<<(QDebug debug, const EngineOptions &options)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "EngineOptions(path=" << options.path() << ", pingInterval=" << options.pingInterval().count()
                    << "ms, pingTimeout=" << options.pingTimeout().count()
                    << "ms, maxHttpBufferSize=" << options.maxHttpBufferSize() << ')';
    return debug;
}

} // namespace SocketIo
