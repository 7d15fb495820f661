// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ACK_P_H
#define SOCKETIO_ACK_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <SocketIo/ack.h>

#include <QtCore/QSharedData>

namespace SocketIo {

class AckPrivate : public QSharedData
{
public:
    // The Ack a handler gets when the peer asked for an acknowledgement: sender writes the answer.
    static Ack create(std::function<void(const QVariantList &)> sender, qint64 id);

    std::function<void(const QVariantList &)> sender;
    qint64 id = -1;
    bool sent = false;
};

} // namespace SocketIo

#endif // SOCKETIO_ACK_P_H
