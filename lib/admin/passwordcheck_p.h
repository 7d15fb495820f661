// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_PASSWORDCHECK_P_H
#define SOCKETIO_PASSWORDCHECK_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QByteArray>
#include <QtCore/QObject>
#include <QtCore/QThreadPool>

#include <functional>

namespace SocketIo::Admin {

// Checks passwords against a bcrypt hash with libcrypt's crypt_r, on a
// thread of its own: a hash of cost 10 takes tens of milliseconds, which the
// event loop must not wait for. At most MaxPending checks wait; more are
// refused at once, so a flood of logins cannot queue without bound.
class PasswordCheck
{
public:
    static constexpr int MaxPending = 16;

    PasswordCheck();
    ~PasswordCheck();
    // Calls done(matches) on the thread of context, the owner of this check
    // (it outlives the check: the destructor waits for the thread).
    void verify(const QByteArray &password, const QByteArray &hash, QObject *context, std::function<void(bool)> done);
    static bool matches(const QByteArray &password, const QByteArray &hash);
    static bool isBcryptHash(const QByteArray &hash);

private:
    QThreadPool m_pool;
    int m_pending = 0;
};

} // namespace SocketIo::Admin

#endif // SOCKETIO_PASSWORDCHECK_P_H
