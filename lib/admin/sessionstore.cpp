// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "sessionstore_p.h"

#include <QtCore/QRandomGenerator>

namespace SocketIo::Admin {

QString SessionStore::create()
{
    prune();
    quint32 words[2];
    QRandomGenerator::system()->fillRange(words);
    const QString id = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex());
    m_sessions.insert(id, QDeadlineTimer(m_duration));
    return id;
}

bool SessionStore::contains(const QString &id)
{
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.cend())
        return false;
    if (!it->hasExpired())
        return true;
    m_sessions.erase(it);
    return false;
}

void SessionStore::prune()
{
    m_sessions.removeIf([](const auto &entry) { return entry.value().hasExpired(); });
}

} // namespace SocketIo::Admin
