// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "redislogging_p.h"

namespace SocketIo::Redis {
// Info is on by default: an outage is reported once as a warning, and its end once as info.
Q_LOGGING_CATEGORY(lcRedis, "socketio.redis", QtInfoMsg)
} // namespace SocketIo::Redis
