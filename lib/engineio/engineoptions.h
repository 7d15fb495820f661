// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINEOPTIONS_H
#define SOCKETIO_ENGINEOPTIONS_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/allowrequestreply.h>
#include <SocketIo/cookieoptions.h>
#include <SocketIo/corsoptions.h>
#include <SocketIo/enginerequest.h>

#include <QtCore/QFlags>
#include <QtCore/QSharedDataPointer>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QDebug;
class QObject;
QT_END_NAMESPACE

namespace SocketIo {

class EngineOptionsPrivate;
class SOCKETIO_EXPORT EngineOptions
{
public:
    enum class Transport { Polling = 0x1, WebSocket = 0x2 };
    Q_DECLARE_FLAGS(Transports, Transport)
    using AllowRequestFunction = std::function<void(const EngineRequest &, const AllowRequestReply &)>;

    EngineOptions();
    EngineOptions(const EngineOptions &other);
    EngineOptions(EngineOptions &&other) noexcept;
    EngineOptions &operator=(const EngineOptions &other);
    EngineOptions &operator=(EngineOptions &&other) noexcept;
    ~EngineOptions();
    void swap(EngineOptions &other) noexcept { d.swap(other.d); }

    QString path() const;
    void setPath(const QString &path);
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

    friend SOCKETIO_EXPORT bool operator==(const EngineOptions &a, const EngineOptions &b);
    friend bool operator!=(const EngineOptions &a, const EngineOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<EngineOptionsPrivate> d;
};

SOCKETIO_EXPORT QDebug operator<<(QDebug debug, const EngineOptions &options);

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::EngineOptions)
Q_DECLARE_OPERATORS_FOR_FLAGS(SocketIo::EngineOptions::Transports)

#endif // SOCKETIO_ENGINEOPTIONS_H
