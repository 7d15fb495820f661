// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_GLOBAL_H
#define SOCKETIO_GLOBAL_H

#include <QtCore/qglobal.h>
#include <SocketIo/socketio_export.h>

#define SOCKETIO_VERSION_STR "0.1.0"

#endif // SOCKETIO_GLOBAL_H
