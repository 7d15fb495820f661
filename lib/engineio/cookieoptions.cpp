// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "cookieoptions.h"
#include "engineoptions_p.h"

#include <QtCore/QUrl>

namespace SocketIo {

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

} // namespace SocketIo
