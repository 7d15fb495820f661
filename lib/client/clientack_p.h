// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLIENTACK_P_H
#define SOCKETIO_CLIENTACK_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <SocketIo/ack.h>

namespace SocketIo {

// Builds the SocketIo::Ack a ClientSocket hands to its event handlers when the
// server asked for an acknowledgement.
class ClientAckFactory
{
public:
    static Ack create(std::function<void(const QVariantList &)> sender, qint64 id);
};

} // namespace SocketIo

#endif // SOCKETIO_CLIENTACK_P_H
