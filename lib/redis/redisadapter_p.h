// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISADAPTER_P_H
#define SOCKETIO_REDISADAPTER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "redisadapter.h"

#include "clustermessages_p.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <memory>

namespace SocketIo {

namespace Redis {
class Connection;
}

class RedisAdapterPrivate;

// The two connections the adapters of one factory share, and which adapter a subscribed channel
// or pattern belongs to.
class RedisLink : public QObject
{
    Q_OBJECT

public:
    explicit RedisLink(const RedisAdapterOptions &options);
    ~RedisLink() override;

    bool isConnected() const;
    qint64 droppedCommands() const;
    void publish(const QByteArray &channel, const QByteArray &payload);
    // PUBSUB NUMSUB channel: done(count), or done(-1) when Redis did not answer.
    void countSubscribers(const QByteArray &channel, QObject *context, std::function<void(int)> done);
    void attach(RedisAdapterPrivate *adapter);
    void detach(RedisAdapterPrivate *adapter);

    const RedisAdapterOptions options;

Q_SIGNALS:
    void connectedChanged(bool connected);

private:
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void onPatternMessage(const QByteArray &pattern, const QByteArray &channel, const QByteArray &payload);

    Redis::Connection *m_pub;
    Redis::Connection *m_sub;
    QHash<QByteArray, RedisAdapterPrivate *> m_channels;
    QHash<QByteArray, RedisAdapterPrivate *> m_patterns;
};

class RedisAdapterPrivate
{
    Q_DECLARE_PUBLIC(RedisAdapter)

public:
    static RedisAdapter *create(Namespace *nsp, std::shared_ptr<RedisLink> link);

    // The request types of @socket.io/redis-adapter (RequestType).
    enum RequestType {
        Sockets = 0,
        AllRooms = 1,
        RemoteJoin = 2,
        RemoteLeave = 3,
        RemoteDisconnect = 4,
        RemoteFetch = 5,
        ServerSideEmit = 6,
        Broadcast = 7,
        BroadcastClientCount = 8,
        BroadcastAck = 9,
    };

    void onBroadcast(const QByteArray &channel, const QByteArray &payload);
    void onRequest(const QByteArray &payload);
    void onResponse(const QByteArray &payload);

    QByteArray channelFor(const BroadcastOptions &options) const;
    void publishRequest(const QVariantMap &request, bool msgpack = false);
    void publishResponse(const QString &requesterUid, const QVariantMap &response, bool msgpack = false);
    // Starts waiting for request id: expected answers from NUMSUB, and the timeout.
    void await(const QString &requestId, Redis::PendingRequests::Entry entry, std::chrono::milliseconds timeout);

    RedisAdapter *q_ptr = nullptr;
    std::shared_ptr<RedisLink> link;
    QString uid;
    QByteArray channel;                 // socket.io#<nsp>#
    QByteArray requestChannel;          // socket.io-request#<nsp>#
    QByteArray responseChannel;         // socket.io-response#<nsp>#
    QByteArray specificResponseChannel; // socket.io-response#<nsp>#<uid>#
    bool attached = false;
    Redis::PendingRequests pending;
};

} // namespace SocketIo

#endif // SOCKETIO_REDISADAPTER_P_H
