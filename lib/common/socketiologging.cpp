// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "socketiologging_p.h"

namespace SocketIo {
Q_LOGGING_CATEGORY(lcServer, "socketio.server", QtWarningMsg)
Q_LOGGING_CATEGORY(lcNamespace, "socketio.namespace", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSocket, "socketio.socket", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAdapter, "socketio.adapter", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClient, "socketio.client", QtWarningMsg)
} // namespace SocketIo
