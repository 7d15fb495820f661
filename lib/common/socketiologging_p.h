// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SOCKETIOLOGGING_P_H
#define SOCKETIO_SOCKETIOLOGGING_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QLoggingCategory>

namespace SocketIo {
Q_DECLARE_LOGGING_CATEGORY(lcServer)    // socketio.server
Q_DECLARE_LOGGING_CATEGORY(lcNamespace) // socketio.namespace
Q_DECLARE_LOGGING_CATEGORY(lcSocket)    // socketio.socket
Q_DECLARE_LOGGING_CATEGORY(lcAdapter)   // socketio.adapter
Q_DECLARE_LOGGING_CATEGORY(lcClient)    // socketio.client: one engine connection
} // namespace SocketIo

#endif
