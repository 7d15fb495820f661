// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISADAPTER_H
#define SOCKETIO_REDISADAPTER_H

#include <SocketIo/socketio_redis_export.h>
#include <SocketIo/inmemoryadapter.h>
#include <SocketIo/redisadapteroptions.h>
#include <SocketIo/serveroptions.h>

#include <memory>

namespace SocketIo {

class RedisAdapterPrivate;
// The adapter of one namespace in a cluster joined through Redis, wire-compatible with Node's
// @socket.io/redis-adapter 8 (its classic createAdapter()): broadcasts, room operations,
// fetchSockets() and serverSideEmit() reach the sockets of every server, ours or Node's.
class SOCKETIO_REDIS_EXPORT RedisAdapter : public InMemoryAdapter
{
    Q_OBJECT
    Q_DISABLE_COPY(RedisAdapter)
    Q_DECLARE_PRIVATE(RedisAdapter)

public:
    ~RedisAdapter() override;

    QString uid() const; // this server's id in the cluster, 6 characters
    bool isConnected() const;
    qint64 droppedCommands() const; // lost while Redis was unreachable and the queue was full

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

Q_SIGNALS:
    void connectedChanged(bool connected);

private:
    friend class RedisAdapterPrivate;
    RedisAdapter(Namespace *nsp, std::unique_ptr<RedisAdapterPrivate> d);
    std::unique_ptr<RedisAdapterPrivate> d_ptr;
};

// An adapter factory for ServerOptions::setAdapterFactory(): every namespace of the server gets a
// RedisAdapter; they share two connections to the Redis server (one publishes, one subscribes).
SOCKETIO_REDIS_EXPORT AdapterFactory redisAdapter(const RedisAdapterOptions &options = {});

} // namespace SocketIo

#endif // SOCKETIO_REDISADAPTER_H
