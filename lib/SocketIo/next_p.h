// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_NEXT_P_H
#define SOCKETIO_NEXT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <SocketIo/next.h>

#include <QtCore/QSharedData>

namespace SocketIo {

class NextPrivate : public QSharedData
{
public:
    // The Next a middleware gets: done hears its first answer.
    static Next create(std::function<void(bool ok, const QString &message, const QVariant &data)> done);

    std::function<void(bool, const QString &, const QVariant &)> done;
};

} // namespace SocketIo

#endif // SOCKETIO_NEXT_P_H
