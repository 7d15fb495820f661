// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINEIO_LOGGING_P_H
#define SOCKETIO_ENGINEIO_LOGGING_P_H

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
Q_DECLARE_LOGGING_CATEGORY(lcEngineServer)    // engineio.server
Q_DECLARE_LOGGING_CATEGORY(lcEngineSocket)    // engineio.socket
Q_DECLARE_LOGGING_CATEGORY(lcEngineTransport) // engineio.transport
Q_DECLARE_LOGGING_CATEGORY(lcEngineHttp)      // engineio.http
} // namespace SocketIo

#endif
