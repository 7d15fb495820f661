// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISSTREAMSADAPTER_H
#define SOCKETIO_REDISSTREAMSADAPTER_H

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
    int maxLen = 10000;                        // XADD MAXLEN ~
    int readCount = 100;                       // XREAD COUNT
    std::chrono::milliseconds blockTime{5000}; // XREAD BLOCK
    QString sessionKeyPrefix = QStringLiteral("sio:session:");
    bool onlyPlaintext = false; // never base64-msgpack a message with binary
};

class RedisStreamsAdapterPrivate;
// The adapter of one namespace in a cluster joined through a Redis stream, wire-compatible with
// Node's @socket.io/redis-streams-adapter 0.3: broadcasts and room operations go through the
// stream (so a server that was away from Redis reads what it missed), requests and responses
// through pub/sub, and with connection state recovery a client that reconnects to ANOTHER server
// gets its session and the events it missed.
class SOCKETIO_REDIS_EXPORT RedisStreamsAdapter : public InMemoryAdapter
{
    Q_OBJECT
    Q_DISABLE_COPY(RedisStreamsAdapter)
    Q_DECLARE_PRIVATE(RedisStreamsAdapter)

public:
    ~RedisStreamsAdapter() override;

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
    friend class RedisStreamsAdapterPrivate;
    RedisStreamsAdapter(Namespace *nsp, std::unique_ptr<RedisStreamsAdapterPrivate> d);
    std::unique_ptr<RedisStreamsAdapterPrivate> d_ptr;
};

// An adapter factory for ServerOptions::setAdapterFactory(): every namespace gets a
// RedisStreamsAdapter; they share three connections to Redis (commands, subscriptions, and the
// blocking stream reader). connection.key() is the channel prefix.
SOCKETIO_REDIS_EXPORT AdapterFactory redisStreamsAdapter(const RedisAdapterOptions &connection = {},
                                                         const RedisStreamsOptions &streams = {});

} // namespace SocketIo

#endif // SOCKETIO_REDISSTREAMSADAPTER_H
