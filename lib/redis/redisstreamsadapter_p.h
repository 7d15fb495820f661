// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISSTREAMSADAPTER_P_H
#define SOCKETIO_REDISSTREAMSADAPTER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "redisstreamsadapter.h"

#include "clustermessages_p.h"

#include <QtCore/QHash>
#include <QtCore/QObject>

#include <memory>

namespace SocketIo {

namespace Redis {
class Connection;
struct Reply;
} // namespace Redis

class RedisStreamsAdapterPrivate;

// The connections the adapters of one factory share: commands, subscriptions, and the reader that
// blocks on the stream (XREAD) and hands each entry to its namespace's adapter.
class RedisStreamsLink : public QObject
{
    Q_OBJECT

public:
    RedisStreamsLink(const RedisAdapterOptions &connection, const RedisStreamsOptions &streams);
    ~RedisStreamsLink() override;

    bool isConnected() const;
    void command(const QByteArrayList &args, QObject *context, std::function<void(const Redis::Reply &)> done);
    void attach(RedisStreamsAdapterPrivate *adapter);
    void detach(RedisStreamsAdapterPrivate *adapter);

    const RedisAdapterOptions connection;
    const RedisStreamsOptions streams;

Q_SIGNALS:
    void connectedChanged(bool connected);

private:
    void readNext();
    void onEntries(const Redis::Reply &reply);
    void onMessage(const QByteArray &channel, const QByteArray &payload);

    Redis::Connection *m_commands;
    Redis::Connection *m_sub;
    Redis::Connection *m_reader;
    QByteArray m_offset = QByteArrayLiteral("$"); // the last entry read
    bool m_reading = false;
    QHash<QString, RedisStreamsAdapterPrivate *> m_adapters; // by namespace
    QHash<QByteArray, RedisStreamsAdapterPrivate *> m_channels;
};

class RedisStreamsAdapterPrivate
{
    Q_DECLARE_PUBLIC(RedisStreamsAdapter)

public:
    static RedisStreamsAdapter *create(Namespace *nsp, std::shared_ptr<RedisStreamsLink> link);

    // MessageType of socket.io-adapter's ClusterAdapter.
    enum MessageType {
        InitialHeartbeat = 1,
        Heartbeat = 2,
        Broadcast = 3,
        SocketsJoin = 4,
        SocketsLeave = 5,
        DisconnectSockets = 6,
        FetchSockets = 7,
        FetchSocketsResponse = 8,
        ServerSideEmit = 9,
        ServerSideEmitResponse = 10,
        BroadcastClientCount = 11,
        BroadcastAck = 12,
        AdapterClose = 13,
    };

    // A stream entry: uid, nsp, type (decimal) and data (JSON, or base64 of msgpack).
    void onEntry(const QHash<QByteArray, QByteArray> &fields, const QString &offset);
    void onMessage(const QVariantMap &message, const QString &offset);
    void onResponse(int type, const QVariantMap &data);
    // Sends a message of type with data: through pub/sub when it needs no durability (requests),
    // else appended to the stream; done gets the entry id ("" when published or failed).
    void publish(int type, const QVariantMap &data, std::function<void(const QString &offset)> done = {});
    void publishResponse(const QString &requesterUid, int type, const QVariantMap &data);
    QByteArrayList xaddArguments(int type, const QVariantMap &data) const;
    void await(const QString &requestId, Redis::PendingRequests::Entry entry, std::chrono::milliseconds timeout);
    bool recoveryEnabled() const;
    void deliver(QVariantList data, const BroadcastOptions &options, const QString &offset);
    void replay(const QString &pid, QString from, int rounds, std::shared_ptr<Session> session,
                RedisStreamsAdapter::RestoreCallback done);

    RedisStreamsAdapter *q_ptr = nullptr;
    std::shared_ptr<RedisStreamsLink> link;
    QString uid;
    QByteArray publicChannel;  // <prefix>#<nsp>#
    QByteArray privateChannel; // <prefix>#<nsp>#<uid>#
    bool attached = false;
    Redis::PendingRequests pending;
};

} // namespace SocketIo

#endif // SOCKETIO_REDISSTREAMSADAPTER_P_H
