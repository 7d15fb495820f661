// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SESSIONSTORE_P_H
#define SOCKETIO_SESSIONSTORE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QDeadlineTimer>
#include <QtCore/QHash>
#include <QtCore/QString>

#include <chrono>

namespace SocketIo::Admin {

// The session ids handed out after a password login: 16 hex characters
// (8 random bytes), valid for a fixed duration, in memory.
class SessionStore
{
public:
    explicit SessionStore(std::chrono::seconds duration) : m_duration(duration) {}
    QString create();
    bool contains(const QString &id);
    int size() const { return int(m_sessions.size()); }

private:
    void prune();
    std::chrono::seconds m_duration;
    QHash<QString, QDeadlineTimer> m_sessions;
};

} // namespace SocketIo::Admin

#endif // SOCKETIO_SESSIONSTORE_P_H
