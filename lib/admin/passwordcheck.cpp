// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "passwordcheck_p.h"

#include <QtCore/QPointer>

#include <crypt.h>

#include <cctype>

#include <memory>

namespace SocketIo::Admin {

PasswordCheck::PasswordCheck()
{
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(30000);
}

PasswordCheck::~PasswordCheck()
{
    m_pool.clear();
    m_pool.waitForDone();
}

// $2a$, $2b$ and $2y$ with a two-digit cost and 53 characters of salt and hash.
bool PasswordCheck::isBcryptHash(const QByteArray &hash)
{
    if (hash.size() != 60 || hash.at(0) != '$' || hash.at(1) != '2' || hash.at(3) != '$' || hash.at(6) != '$')
        return false;
    const char variant = hash.at(2);
    return (variant == 'a' || variant == 'b' || variant == 'y') && std::isdigit(uchar(hash.at(4)))
            && std::isdigit(uchar(hash.at(5)));
}

bool PasswordCheck::matches(const QByteArray &password, const QByteArray &hash)
{
    if (!isBcryptHash(hash) || password.contains('\0'))
        return false;
    auto data = std::make_unique<crypt_data>(); // 32 KiB: not on the stack
    const char *out = crypt_r(password.constData(), hash.constData(), data.get());
    if (!out || qstrlen(out) != size_t(hash.size()))
        return false;
    // Compares every byte whatever the first difference.
    unsigned char diff = 0;
    for (int i = 0; i < hash.size(); ++i)
        diff |= uchar(out[i]) ^ uchar(hash.at(i));
    return diff == 0;
}

void PasswordCheck::verify(const QByteArray &password, const QByteArray &hash, QObject *context,
                           std::function<void(bool)> done)
{
    if (m_pending >= MaxPending) {
        done(false);
        return;
    }
    ++m_pending;
    QPointer<QObject> guard(context);
    auto finish = [this, guard, done = std::move(done)](bool ok) {
        --m_pending;
        if (guard)
            done(ok);
    };
    m_pool.start([password, hash, context, finish = std::move(finish)]() mutable {
        const bool ok = matches(password, hash);
        QMetaObject::invokeMethod(
                context, [finish = std::move(finish), ok]() mutable { finish(ok); }, Qt::QueuedConnection);
    });
}

} // namespace SocketIo::Admin
