// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISADAPTEROPTIONS_H
#define SOCKETIO_REDISADAPTEROPTIONS_H

#include <SocketIo/socketio_redis_export.h>

#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

#include <chrono>

namespace SocketIo {

class RedisAdapterOptionsPrivate;
// Where the Redis server is and how the cluster's messages are named: the options of Node's
// @socket.io/redis-adapter createAdapter() (key, requestsTimeout, publishOnSpecificResponseChannel)
// plus the connection's own.
class SOCKETIO_REDIS_EXPORT RedisAdapterOptions
{
public:
    RedisAdapterOptions();
    RedisAdapterOptions(const RedisAdapterOptions &other);
    RedisAdapterOptions(RedisAdapterOptions &&other) noexcept;
    RedisAdapterOptions &operator=(const RedisAdapterOptions &other);
    RedisAdapterOptions &operator=(RedisAdapterOptions &&other) noexcept;
    ~RedisAdapterOptions();
    void swap(RedisAdapterOptions &other) noexcept { d.swap(other.d); }

    QString host() const; // "127.0.0.1"
    void setHost(const QString &host);
    quint16 port() const; // 6379
    void setPort(quint16 port);
    QString username() const;
    void setUsername(const QString &username);
    QString password() const; // AUTH when not empty
    void setPassword(const QString &password);
    int database() const; // SELECT when not 0
    void setDatabase(int database);

    QString key() const; // channel prefix, "socket.io"
    void setKey(const QString &key);
    std::chrono::milliseconds requestsTimeout() const; // 5000 ms
    void setRequestsTimeout(std::chrono::milliseconds timeout);
    bool publishOnSpecificResponseChannel() const; // false
    void setPublishOnSpecificResponseChannel(bool specific);
    // Commands kept while Redis is unreachable; past it they are dropped and counted.
    int maxQueuedCommands() const; // 10,000
    void setMaxQueuedCommands(int count);

private:
    QSharedDataPointer<RedisAdapterOptionsPrivate> d;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::RedisAdapterOptions)

#endif // SOCKETIO_REDISADAPTEROPTIONS_H
