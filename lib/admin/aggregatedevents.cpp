// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "aggregatedevents_p.h"

#include <QtCore/QVariantMap>

namespace SocketIo::Admin {

void AggregatedEvents::add(qint64 msSinceEpoch, const QString &type, quint64 count, const QString &subType)
{
    if (count == 0)
        return;
    m_buckets[Key(msSinceEpoch - msSinceEpoch % 1000, type, subType)] += count;
}

QVariantList AggregatedEvents::take()
{
    QVariantList out;
    out.reserve(m_buckets.size());
    for (auto it = m_buckets.cbegin(); it != m_buckets.cend(); ++it) {
        QVariantMap event{{QStringLiteral("timestamp"), std::get<0>(it.key())},
                          {QStringLiteral("type"), std::get<1>(it.key())},
                          {QStringLiteral("count"), qint64(it.value())}};
        if (!std::get<2>(it.key()).isEmpty())
            event.insert(QStringLiteral("subType"), std::get<2>(it.key()));
        out.append(event);
    }
    m_buckets.clear();
    return out;
}

} // namespace SocketIo::Admin
