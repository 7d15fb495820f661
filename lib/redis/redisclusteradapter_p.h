// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISCLUSTERADAPTER_P_H
#define SOCKETIO_REDISCLUSTERADAPTER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "redisclusteradapter.h"

#include "clustermessages_p.h"

#include <QtCore/QHash>
#include <QtCore/QObject>

#include <memory>

namespace SocketIo {

namespace Redis {
class Connection;
class ShardedSubscriber;
struct Reply;
} // namespace Redis

class RedisClusterAdapterPrivate;

// The connections the adapters of one factory share. Streams: commands, subscriptions, and the
// reader that blocks on the stream (XREAD) and hands each entry to its namespace's adapter.
// Sharded: commands, and the sharded subscriptions.
class RedisClusterLink : public QObject
{
    Q_OBJECT

public:
    enum class Dialect { Streams, Sharded };
    RedisClusterLink(const RedisAdapterOptions &connection, const RedisStreamsOptions &streams);
    RedisClusterLink(const RedisAdapterOptions &connection, const RedisShardedOptions &sharded);
    ~RedisClusterLink() override;

    bool isConnected() const;
    void command(const QByteArrayList &args, QObject *context, std::function<void(const Redis::Reply &)> done);
    void attach(RedisClusterAdapterPrivate *adapter);
    void detach(RedisClusterAdapterPrivate *adapter);
    // Sharded, dynamic mode: the channel of a room of adapter's.
    void watchRoom(RedisClusterAdapterPrivate *adapter, const QString &room, bool watch);

    const Dialect dialect;
    const RedisAdapterOptions connection;
    const RedisStreamsOptions streams;
    const RedisShardedOptions sharded;

Q_SIGNALS:
    void connectedChanged(bool connected);

private:
    void start();
    void readNext(int reader);
    void onEntries(int reader, const Redis::Reply &reply);
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void onShardedMessage(const QByteArray &channel, const QByteArray &payload);

    Redis::Connection *m_commands = nullptr;
    Redis::Connection *m_sub = nullptr; // streams
    // Streams: one blocking reader per stream (streamCount of them), each with the last entry read.
    struct StreamReader
    {
        Redis::Connection *connection = nullptr;
        QByteArray stream;
        QByteArray offset = QByteArrayLiteral("$");
    };
    QList<StreamReader> m_readers;
    Redis::ShardedSubscriber *m_sharded = nullptr;
    bool m_reading = false;
    QHash<QString, RedisClusterAdapterPrivate *> m_adapters; // by namespace
    QHash<QByteArray, RedisClusterAdapterPrivate *> m_channels;
};

class RedisClusterAdapterPrivate
{
    Q_DECLARE_PUBLIC(RedisClusterAdapter)

public:
    static RedisClusterAdapter *create(Namespace *nsp, std::shared_ptr<RedisClusterLink> link);

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
    QByteArray streamName() const; // the stream of this namespace (streamCount > 1: by its hash)
    QByteArray shardedChannel(int type, const QVariantMap &data) const;
    bool isSharded() const { return link->dialect == RedisClusterLink::Dialect::Sharded; }
    void await(const QString &requestId, Redis::PendingRequests::Entry entry, std::chrono::milliseconds timeout);
    bool recoveryEnabled() const;
    void deliver(QVariantList data, const BroadcastOptions &options, const QString &offset);
    void replay(const QString &pid, QString from, int rounds, std::shared_ptr<Session> session,
                RedisClusterAdapter::RestoreCallback done);

    RedisClusterAdapter *q_ptr = nullptr;
    std::shared_ptr<RedisClusterLink> link;
    QString uid;
    QByteArray publicChannel;  // <prefix>#<nsp>#
    QByteArray privateChannel; // <prefix>#<nsp>#<uid>#
    bool attached = false;
    Redis::PendingRequests pending;
};

} // namespace SocketIo

#endif // SOCKETIO_REDISCLUSTERADAPTER_P_H
