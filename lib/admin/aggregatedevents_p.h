// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_AGGREGATEDEVENTS_P_H
#define SOCKETIO_AGGREGATEDEVENTS_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QVariantList>

#include <tuple>

namespace SocketIo::Admin {

// The aggregatedEvents of server_stats: counts per second (timestamp in ms,
// truncated to the second), per type (rawConnection, rawDisconnection,
// packetsIn, bytesIn, packetsOut, bytesOut) and subType (the close reason of
// a rawDisconnection). take() hands them over and starts afresh.
class AggregatedEvents
{
public:
    void add(qint64 msSinceEpoch, const QString &type, quint64 count = 1, const QString &subType = {});
    QVariantList take();
    bool isEmpty() const { return m_buckets.isEmpty(); }

private:
    using Key = std::tuple<qint64, QString, QString>;
    QMap<Key, quint64> m_buckets;
};

} // namespace SocketIo::Admin

#endif // SOCKETIO_AGGREGATEDEVENTS_P_H
