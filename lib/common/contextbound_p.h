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

// A callback bound to a context object: it is dropped once the context is
// gone. A callback given no context lives as long as its owner.
template<typename Fn>
struct ContextBound
{
    ContextBound() = default;
    ContextBound(QObject *context, Fn fn) : context(context), hasContext(context != nullptr), fn(std::move(fn)) {}

    QPointer<QObject> context;
    bool hasContext = false;
    Fn fn;
    bool isAlive() const { return fn && (!hasContext || context); }
};

template<typename Fn>
void pruneDead(QList<ContextBound<Fn>> &list)
{
    list.removeIf([](const ContextBound<Fn> &entry) { return !entry.isAlive(); });
}

} // namespace SocketIo

#endif
