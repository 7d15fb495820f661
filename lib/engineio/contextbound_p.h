// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CONTEXTBOUND_P_H
#define SOCKETIO_CONTEXTBOUND_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>

namespace SocketIo {

// A callback bound to a context object: it is dropped once the context is gone.
template <typename Fn>
struct ContextBound
{
    QPointer<QObject> context;
    Fn fn;
    bool isAlive() const { return fn && context; }
};

template <typename Fn>
void pruneDead(QList<ContextBound<Fn>> &list)
{
    list.removeIf([](const ContextBound<Fn> &entry) { return !entry.isAlive(); });
}

} // namespace SocketIo

#endif
