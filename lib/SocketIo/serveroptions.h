// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SERVEROPTIONS_H
#define SOCKETIO_SERVEROPTIONS_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/allowrequestreply.h>
#include <SocketIo/enginerequest.h>

#include <QtCore/QFlags>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QDebug;
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

// Connection state recovery (Socket.IO 4.6): a client that reconnects within
// maxDisconnectionDuration gets its id, rooms and data back, and the
// broadcasts it missed.
struct ConnectionStateRecovery
{
    bool enabled = false;
    std::chrono::milliseconds maxDisconnectionDuration{120000};
    bool skipMiddlewares = true;
    friend bool operator==(const ConnectionStateRecovery &a, const ConnectionStateRecovery &b)
    {
        return a.enabled == b.enabled && a.maxDisconnectionDuration == b.maxDisconnectionDuration
                && a.skipMiddlewares == b.skipMiddlewares;
    }
};

class ServerOptionsPrivate;
class SOCKETIO_EXPORT ServerOptions
{
public:
    enum class Transport { Polling = 0x1, WebSocket = 0x2 };
    Q_DECLARE_FLAGS(Transports, Transport)
    using AllowRequestFunction = std::function<void(const EngineRequest &, const AllowRequestReply &)>;

    ServerOptions();
    ServerOptions(const ServerOptions &other);
    ServerOptions(ServerOptions &&other) noexcept;
    ServerOptions &operator=(const ServerOptions &other);
    ServerOptions &operator=(ServerOptions &&other) noexcept;
    ~ServerOptions();
    void swap(ServerOptions &other) noexcept { d.swap(other.d); }

    QString path() const;
    void setPath(const QString &path);
    bool serveClient() const;
    void setServeClient(bool serve);
    std::chrono::milliseconds connectTimeout() const;
    void setConnectTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds pingInterval() const;
    void setPingInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds pingTimeout() const;
    void setPingTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds upgradeTimeout() const;
    void setUpgradeTimeout(std::chrono::milliseconds timeout);
    qint64 maxHttpBufferSize() const;
    void setMaxHttpBufferSize(qint64 bytes);
    qint64 writeBacklogBudget() const;
    void setWriteBacklogBudget(qint64 bytes);
    int sendBufferSize() const;
    void setSendBufferSize(int bytes);
    Transports transports() const;
    void setTransports(Transports transports);
    bool allowUpgrades() const;
    void setAllowUpgrades(bool allow);
    bool allowEIO3() const;
    void setAllowEIO3(bool allow);
    CorsOptions cors() const;
    void setCors(const CorsOptions &cors);
    CookieOptions cookie() const;
    void setCookie(const CookieOptions &cookie);
    ConnectionStateRecovery connectionStateRecovery() const;
    void setConnectionStateRecovery(const ConnectionStateRecovery &recovery);
    bool cleanupEmptyChildNamespaces() const;
    void setCleanupEmptyChildNamespaces(bool cleanup);
    qint64 httpCompressionThreshold() const;
    void setHttpCompressionThreshold(qint64 bytes);
    bool httpCompression() const;
    void setHttpCompression(bool enabled);
    void setAllowRequest(QObject *context, AllowRequestFunction allow);
    bool hasAllowRequest() const;
    void allowRequest(const EngineRequest &request, const AllowRequestReply &reply) const;

    // Limits the HTTP layer enforces for every connection on the port.
    qint64 maxHeaderSize() const;
    void setMaxHeaderSize(qint64 bytes);
    std::chrono::milliseconds httpIdleTimeout() const;
    void setHttpIdleTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds httpStallTimeout() const;
    void setHttpStallTimeout(std::chrono::milliseconds timeout);

    friend SOCKETIO_EXPORT bool operator==(const ServerOptions &a, const ServerOptions &b);
    friend bool operator!=(const ServerOptions &a, const ServerOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<ServerOptionsPrivate> d;
};

SOCKETIO_EXPORT QDebug operator<<(QDebug debug, const ServerOptions &options);

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::CorsOptions)
Q_DECLARE_SHARED(SocketIo::CookieOptions)
Q_DECLARE_SHARED(SocketIo::ServerOptions)
Q_DECLARE_OPERATORS_FOR_FLAGS(SocketIo::ServerOptions::Transports)

#endif // SOCKETIO_SERVEROPTIONS_H
