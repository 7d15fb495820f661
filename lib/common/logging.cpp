// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "logging_p.h"

namespace SocketIo {
Q_LOGGING_CATEGORY(lcEngineServer, "engineio.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEngineSocket, "engineio.socket", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEngineTransport, "engineio.transport", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEngineHttp, "engineio.http", QtWarningMsg)
} // namespace SocketIo
