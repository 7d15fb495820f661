// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_HTTPHEAD_P_H
#define SOCKETIO_HTTPHEAD_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>

#include <optional>

namespace SocketIo::Eio {

// One HTTP/1.x request head, as the front reads it before Qt HttpServer sees
// the connection or the WebSocket handshake is answered. Header names are lower case.
struct HttpHead
{
    QByteArray method;
    QByteArray target;
    int minorVersion = 1;
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 contentLength = 0;
    bool chunked = false;

    QByteArray value(QByteArrayView name) const;
    QByteArray path() const;
    bool isWebSocketUpgrade() const;
    // Whether the request asks to switch to WebSocket, whatever its method (the front answers
    // such a request on the upgrade path, never as a plain request).
    bool asksForWebSocket() const;
    bool wantsClose() const;

    // Parses a complete head (ending in an empty line); nullopt when malformed.
    static std::optional<HttpHead> parse(QByteArrayView bytes);
};

} // namespace SocketIo::Eio

#endif
