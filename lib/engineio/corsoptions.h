// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CORSOPTIONS_H
#define SOCKETIO_CORSOPTIONS_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QByteArrayList>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>

#include <functional>

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

namespace SocketIo {

class CorsOptionsPrivate;
class SOCKETIO_EXPORT CorsOptions
{
public:
    using OriginFunction = std::function<bool(const QString &origin)>;

    CorsOptions();
    CorsOptions(const CorsOptions &other);
    CorsOptions(CorsOptions &&other) noexcept;
    CorsOptions &operator=(const CorsOptions &other);
    CorsOptions &operator=(CorsOptions &&other) noexcept;
    ~CorsOptions();
    void swap(CorsOptions &other) noexcept { d.swap(other.d); }

    bool isEnabled() const;
    void setEnabled(bool enabled);
    QStringList origins() const;
    void setOrigins(const QStringList &origins);
    void setOriginFunction(QObject *context, OriginFunction allow);
    bool isOriginAllowed(const QString &origin) const;
    bool credentials() const;
    void setCredentials(bool credentials);
    QByteArrayList methods() const;
    void setMethods(const QByteArrayList &methods);
    QByteArrayList allowedHeaders() const;
    void setAllowedHeaders(const QByteArrayList &headers);
    QByteArrayList exposedHeaders() const;
    void setExposedHeaders(const QByteArrayList &headers);
    int maxAge() const;
    void setMaxAge(int seconds);

    friend SOCKETIO_EXPORT bool operator==(const CorsOptions &a, const CorsOptions &b);
    friend bool operator!=(const CorsOptions &a, const CorsOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<CorsOptionsPrivate> d;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::CorsOptions)

#endif // SOCKETIO_CORSOPTIONS_H
