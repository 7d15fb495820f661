// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISCLUSTERADAPTER_H
#define SOCKETIO_REDISCLUSTERADAPTER_H

#include <SocketIo/socketio_redis_export.h>
#include <SocketIo/inmemoryadapter.h>
#include <SocketIo/redisadapteroptions.h>
#include <SocketIo/serveroptions.h>

#include <chrono>
#include <memory>

namespace SocketIo {

// The options of Node's @socket.io/redis-streams-adapter 0.3 (createAdapter(client, opts)) beyond
// the connection: where the durable messages go, and where sessions are kept for recovery.
struct RedisStreamsOptions
{
    QString streamName = QStringLiteral("socket.io");
    // Streams "<streamName>-0" ... "-<n-1>", a namespace's chosen by the hash of its name as Node
    // computes it (a negative hash names a stream nobody reads, in Node as here: keep 1 or check).
    int streamCount = 1;
    int maxLen = 10000;                        // XADD MAXLEN ~
    int readCount = 100;                       // XREAD COUNT
    std::chrono::milliseconds blockTime{5000}; // XREAD BLOCK
    QString sessionKeyPrefix = QStringLiteral("sio:session:");
    bool onlyPlaintext = false; // never base64-msgpack a message with binary
};

// The options of Node's createShardedAdapter(pub, sub, opts) (@socket.io/redis-adapter 8.3, Redis 7).
struct RedisShardedOptions
{
    // Which room channels a server subscribes to: none (Static), those of the rooms it has that
    // are not socket ids (Dynamic, Node's default), or of all its rooms (DynamicPrivate).
    enum class SubscriptionMode { Static, Dynamic, DynamicPrivate };
    SubscriptionMode subscriptionMode = SubscriptionMode::Dynamic;
};

class RedisClusterAdapterPrivate;
// The adapter of one namespace in a cluster that speaks the ClusterAdapter protocol of
// socket.io-adapter over Redis, in one of two dialects:
// - redisStreamsAdapter(): Node's @socket.io/redis-streams-adapter 0.3. Broadcasts and room
//   operations go through a stream (so a server that was away from Redis reads what it missed),
//   requests and responses through pub/sub, and with connection state recovery a client that
//   reconnects to ANOTHER server gets its session and the events it missed;
// - redisShardedAdapter(): Node's createShardedAdapter() of @socket.io/redis-adapter 8.3, sharded
//   pub/sub (SPUBLISH, SSUBSCRIBE) of Redis 7, with a channel per room in the dynamic mode.
class SOCKETIO_REDIS_EXPORT RedisClusterAdapter : public InMemoryAdapter
{
    Q_OBJECT
    Q_DISABLE_COPY(RedisClusterAdapter)
    Q_DECLARE_PRIVATE(RedisClusterAdapter)

public:
    ~RedisClusterAdapter() override;

    QString uid() const; // 16 hexadecimal characters
    bool isConnected() const;

    void init() override;
    void close() override;
    int serverCount() const override; // as last counted (PUBSUB NUMSUB), this server included

    void broadcast(const QVariantList &data, const BroadcastOptions &options) override;
    void broadcastWithAck(const QVariantList &data, const BroadcastOptions &options, ClientCountCallback clientCount,
                          ResponseCallback response) override;
    void fetchRemoteSockets(const BroadcastOptions &options, FetchSocketsCallback callback) override;
    void addSockets(const BroadcastOptions &options, const QStringList &rooms) override;
    void delSockets(const BroadcastOptions &options, const QStringList &rooms) override;
    void disconnectSockets(const BroadcastOptions &options, bool close) override;
    void serverSideEmit(const QVariantList &data) override;
    void serverSideEmitWithAck(const QVariantList &data, AckCallback callback) override;
    void persistSession(const Session &session) override;
    std::optional<Session> restoreSession(const QString &pid, const QString &offset) override;
    void restoreSessionAsync(const QString &pid, const QString &offset, RestoreCallback done) override;

private:
    friend class RedisClusterAdapterPrivate;
    RedisClusterAdapter(Namespace *nsp, std::unique_ptr<RedisClusterAdapterPrivate> d);
    std::unique_ptr<RedisClusterAdapterPrivate> d_ptr;
};

// An adapter factory for ServerOptions::setAdapterFactory(): every namespace gets a
// RedisClusterAdapter; they share three connections to Redis (commands, subscriptions, and the
// blocking stream reader). connection.key() is the channel prefix.
SOCKETIO_REDIS_EXPORT AdapterFactory redisStreamsAdapter(const RedisAdapterOptions &connection = {},
                                                         const RedisStreamsOptions &streams = {});
// An adapter factory for the sharded dialect: the adapters share a connection for commands and one
// for sharded subscriptions. connection.key() is the channel prefix.
SOCKETIO_REDIS_EXPORT AdapterFactory redisShardedAdapter(const RedisAdapterOptions &connection = {},
                                                         const RedisShardedOptions &sharded = {});

} // namespace SocketIo

#endif // SOCKETIO_REDISCLUSTERADAPTER_H
