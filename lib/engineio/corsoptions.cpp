// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "corsoptions.h"
#include "engineoptions_p.h"

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

} // namespace SocketIo
