// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "redisadapteroptions.h"

namespace SocketIo {

class RedisAdapterOptionsPrivate : public QSharedData
{
public:
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString username;
    QString password;
    int database = 0;
    QString key = QStringLiteral("socket.io");
    std::chrono::milliseconds requestsTimeout{5000};
    bool specificResponseChannel = false;
    int maxQueuedCommands = 10000;
};

/*!
    \class SocketIo::RedisAdapterOptions
    \inmodule SocketIo
    \brief The Redis server and the names a RedisAdapter cluster shares.

    Servers of one cluster, ours and Node's, must agree on key() (the channel prefix); the
    defaults are those of Node's \c @socket.io/redis-adapter.
*/
RedisAdapterOptions::RedisAdapterOptions() : d(new RedisAdapterOptionsPrivate) {}
RedisAdapterOptions::RedisAdapterOptions(const RedisAdapterOptions &other) = default;
RedisAdapterOptions::RedisAdapterOptions(RedisAdapterOptions &&other) noexcept = default;
RedisAdapterOptions &RedisAdapterOptions::operator=(const RedisAdapterOptions &other) = default;
RedisAdapterOptions &RedisAdapterOptions::operator=(RedisAdapterOptions &&other) noexcept = default;
RedisAdapterOptions::~RedisAdapterOptions() = default;

QString RedisAdapterOptions::host() const
{
    return d->host;
}
void RedisAdapterOptions::setHost(const QString &host)
{
    d->host = host;
}
quint16 RedisAdapterOptions::port() const
{
    return d->port;
}
void RedisAdapterOptions::setPort(quint16 port)
{
    d->port = port;
}
QString RedisAdapterOptions::username() const
{
    return d->username;
}
void RedisAdapterOptions::setUsername(const QString &username)
{
    d->username = username;
}
QString RedisAdapterOptions::password() const
{
    return d->password;
}
void RedisAdapterOptions::setPassword(const QString &password)
{
    d->password = password;
}
int RedisAdapterOptions::database() const
{
    return d->database;
}
void RedisAdapterOptions::setDatabase(int database)
{
    d->database = database;
}
QString RedisAdapterOptions::key() const
{
    return d->key;
}
void RedisAdapterOptions::setKey(const QString &key)
{
    d->key = key;
}
std::chrono::milliseconds RedisAdapterOptions::requestsTimeout() const
{
    return d->requestsTimeout;
}
void RedisAdapterOptions::setRequestsTimeout(std::chrono::milliseconds timeout)
{
    d->requestsTimeout = timeout;
}
bool RedisAdapterOptions::publishOnSpecificResponseChannel() const
{
    return d->specificResponseChannel;
}
void RedisAdapterOptions::setPublishOnSpecificResponseChannel(bool specific)
{
    d->specificResponseChannel = specific;
}
int RedisAdapterOptions::maxQueuedCommands() const
{
    return d->maxQueuedCommands;
}
void RedisAdapterOptions::setMaxQueuedCommands(int count)
{
    d->maxQueuedCommands = count;
}

} // namespace SocketIo
