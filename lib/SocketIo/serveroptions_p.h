// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SERVEROPTIONS_P_H
#define SOCKETIO_SERVEROPTIONS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "serveroptions.h"

#include <QtCore/QSharedData>

#include <memory>

namespace SocketIo {

class ServerOptionsPrivate : public QSharedData
{
public:
    bool serveClient = true;
    std::chrono::milliseconds connectTimeout{45000};
    ConnectionStateRecovery recovery;
    bool cleanupEmptyChildNamespaces = false;
    // Shared by the copies of the options: two options are equal when they hold the same one.
    std::shared_ptr<const AdapterFactory> adapterFactory;
    ServerOptions::Parser parser = ServerOptions::Parser::Default;
};

} // namespace SocketIo

#endif // SOCKETIO_SERVEROPTIONS_P_H
