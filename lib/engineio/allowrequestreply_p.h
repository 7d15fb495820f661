// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ALLOWREQUESTREPLY_P_H
#define SOCKETIO_ALLOWREQUESTREPLY_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "allowrequestreply.h"

#include <QtCore/QSharedData>

#include <functional>

namespace SocketIo {

// The state copies of one AllowRequestReply share: the first answer counts, and a
// reply dropped unanswered refuses.
class AllowRequestReplyPrivate : public QSharedData
{
public:
    static AllowRequestReply create(std::function<void(bool, const QString &)> done);
    ~AllowRequestReplyPrivate();

    std::function<void(bool, const QString &)> done;
};

} // namespace SocketIo

#endif // SOCKETIO_ALLOWREQUESTREPLY_P_H
