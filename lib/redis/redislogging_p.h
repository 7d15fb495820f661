// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISLOGGING_P_H
#define SOCKETIO_REDISLOGGING_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QLoggingCategory>

namespace SocketIo::Redis {
Q_DECLARE_LOGGING_CATEGORY(lcRedis) // socketio.redis: links to Redis, outages and recoveries
} // namespace SocketIo::Redis

#endif // SOCKETIO_REDISLOGGING_P_H
