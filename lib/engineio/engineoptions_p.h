// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINEOPTIONS_P_H
#define SOCKETIO_ENGINEOPTIONS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "cookieoptions.h"
#include "corsoptions.h"
#include "engineoptions.h"

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

class EngineOptionsPrivate : public QSharedData
{
public:
    QString path = QStringLiteral("/socket.io/");
    std::chrono::milliseconds pingInterval{25000};
    std::chrono::milliseconds pingTimeout{20000};
    std::chrono::milliseconds upgradeTimeout{10000};
    qint64 maxHttpBufferSize = 1000000;
    qint64 writeBacklogBudget = 0;  // 0: an eighth of the machine's memory
    int sendBufferSize = 64 * 1024; // SO_SNDBUF of WebSocket connections; 0: the system's
    EngineOptions::Transports transports = EngineOptions::Transport::Polling | EngineOptions::Transport::WebSocket;
    bool allowUpgrades = true;
    bool allowEIO3 = false;
    CorsOptions cors;
    CookieOptions cookie;
    bool httpCompression = true;
    qint64 httpCompressionThreshold = 1024;
    QPointer<QObject> allowRequestContext;
    EngineOptions::AllowRequestFunction allowRequest;
    qint64 maxHeaderSize = 16 * 1024;
    std::chrono::milliseconds httpIdleTimeout{60000};
    std::chrono::milliseconds httpStallTimeout{15000};
};

} // namespace SocketIo

#endif // SOCKETIO_ENGINEOPTIONS_P_H
