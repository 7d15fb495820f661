// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINEREQUEST_P_H
#define SOCKETIO_ENGINEREQUEST_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "enginerequest.h"

#include <QtCore/QSharedData>

namespace SocketIo {

// The headers live in one buffer for the whole session: each entry is the name's length, the
// value's length (two quint32), the lower-case name and the value. A list of byte-array pairs
// cost two allocations per header, about 600 bytes per connection.
class EngineRequestPrivate : public QSharedData
{
public:
    static EngineRequestPrivate *get(EngineRequest &request) { return request.d.data(); }
    static const EngineRequestPrivate *get(const EngineRequest &request) { return request.d.data(); }

    void appendHeader(QByteArrayView name, QByteArrayView value);
    template<typename Visit> // Visit(name, value) returns true to stop
    void forEachHeader(Visit visit) const;

    QByteArray method;
    QUrl url;
    QByteArray headers;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    bool secure = false;
    // The request's number among those the HTTP front handed to the engine on its connection:
    // responses go out in that order. In the padding after the fields above: no memory added.
    bool numbered = false;
    quint32 number = 0;
};

} // namespace SocketIo

#endif // SOCKETIO_ENGINEREQUEST_P_H
