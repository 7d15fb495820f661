// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_COOKIEOPTIONS_H
#define SOCKETIO_COOKIEOPTIONS_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

namespace SocketIo {

class CookieOptionsPrivate;
class SOCKETIO_EXPORT CookieOptions
{
public:
    enum class SameSite { Unset, Lax, Strict, None };

    CookieOptions();
    CookieOptions(const CookieOptions &other);
    CookieOptions(CookieOptions &&other) noexcept;
    CookieOptions &operator=(const CookieOptions &other);
    CookieOptions &operator=(CookieOptions &&other) noexcept;
    ~CookieOptions();
    void swap(CookieOptions &other) noexcept { d.swap(other.d); }

    bool isEnabled() const;
    void setEnabled(bool enabled);
    QString name() const;
    void setName(const QString &name);
    QString path() const;
    void setPath(const QString &path);
    QString domain() const;
    void setDomain(const QString &domain);
    bool httpOnly() const;
    void setHttpOnly(bool httpOnly);
    bool secure() const;
    void setSecure(bool secure);
    SameSite sameSite() const;
    void setSameSite(SameSite sameSite);
    qint64 maxAge() const;
    void setMaxAge(qint64 seconds);

    QByteArray toSetCookie(const QString &value) const;

    friend SOCKETIO_EXPORT bool operator==(const CookieOptions &a, const CookieOptions &b);
    friend bool operator!=(const CookieOptions &a, const CookieOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<CookieOptionsPrivate> d;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::CookieOptions)

#endif // SOCKETIO_COOKIEOPTIONS_H
