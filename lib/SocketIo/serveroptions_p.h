// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SERVEROPTIONS_P_H
#define SOCKETIO_SERVEROPTIONS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "serveroptions.h"

#include <QtCore/QPointer>
#include <QtCore/QSharedData>

namespace SocketIo {

class CorsOptionsPrivate : public QSharedData
{
public:
    bool enabled = false;
    QStringList origins;
    QPointer<QObject> originContext;
    CorsOptions::OriginFunction originFunction;
    bool credentials = false;
    QByteArrayList methods = {"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"};
    QByteArrayList allowedHeaders;
    QByteArrayList exposedHeaders;
    int maxAge = -1;
};

class CookieOptionsPrivate : public QSharedData
{
public:
    bool enabled = false;
    QString name = QStringLiteral("io");
    QString path = QStringLiteral("/");
    QString domain;
    bool httpOnly = true;
    bool secure = false;
    CookieOptions::SameSite sameSite = CookieOptions::SameSite::Lax;
    qint64 maxAge = -1;
};

// The shared state of the copies of one AllowRequestReply: a reply dropped unanswered refuses.
class AllowRequestReplyPrivate : public QSharedData
{
public:
    static AllowRequestReply create(std::function<void(bool, const QString &)> done);
    ~AllowRequestReplyPrivate();

    std::function<void(bool, const QString &)> done;
};

class ServerOptionsPrivate : public QSharedData
{
public:
    QString path = QStringLiteral("/socket.io/");
    bool serveClient = true;
    std::chrono::milliseconds connectTimeout{45000};
    std::chrono::milliseconds pingInterval{25000};
    std::chrono::milliseconds pingTimeout{20000};
    std::chrono::milliseconds upgradeTimeout{10000};
    qint64 maxHttpBufferSize = 1000000;
    qint64 writeBacklogBudget = 0;   // 0: an eighth of the machine's memory
    int sendBufferSize = 256 * 1024; // SO_SNDBUF of WebSocket connections; 0: the system's
    ServerOptions::Transports transports = ServerOptions::Transport::Polling | ServerOptions::Transport::WebSocket;
    bool allowUpgrades = true;
    bool allowEIO3 = false;
    CorsOptions cors;
    CookieOptions cookie;
    ConnectionStateRecovery recovery;
    bool cleanupEmptyChildNamespaces = false;
    bool httpCompression = true;
    qint64 httpCompressionThreshold = 1024;
    QPointer<QObject> allowRequestContext;
    ServerOptions::AllowRequestFunction allowRequest;
    qint64 maxHeaderSize = 16 * 1024;
    std::chrono::milliseconds httpIdleTimeout{60000};
    std::chrono::milliseconds httpStallTimeout{15000};
};

} // namespace SocketIo

#endif // SOCKETIO_SERVEROPTIONS_P_H
