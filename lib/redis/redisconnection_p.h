// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISCONNECTION_P_H
#define SOCKETIO_REDISCONNECTION_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "redisreply_p.h"

#include <QtCore/QByteArrayList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtCore/QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

struct redisAsyncContext;
struct redisReadTask;
struct redisReply;

QT_BEGIN_NAMESPACE
class QHostInfo;
QT_END_NAMESPACE

namespace SocketIo::Redis {

struct ConnectionOptions
{
    QByteArray username; // ACL user for AUTH; empty: AUTH <password> alone
    QByteArray password; // empty: no AUTH
    int database = 0;    // SELECT after each connect when not 0

    std::chrono::milliseconds connectTimeout{5000}; // name lookup, TCP connect, AUTH and SELECT
    std::chrono::milliseconds replyTimeout{
            10000}; // no reply for this long while one is due: the link is dead; 0: never
    std::chrono::milliseconds reconnectDelayMin{100};
    std::chrono::milliseconds reconnectDelayMax{5000};

    int maxQueuedCommands = 10000;            // waiting while disconnected, and again as many unanswered
    qint64 maxQueuedBytes = 64 * 1024 * 1024; // the same bound in argument bytes
    qint64 maxReplyBytes = 512 * 1024 * 1024; // one reply being received (Redis' proto-max-bulk-len)
};

class ConnectionPrivate;

class Connection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Connection)
    Q_DECLARE_PRIVATE(Connection)

public:
    using Callback = std::function<void(const Reply &)>;

    explicit Connection(const QString &host, quint16 port, const ConnectionOptions &options = {},
                        QObject *parent = nullptr);
    ~Connection() override;

    QString host() const;
    quint16 port() const;
    ConnectionOptions options() const;

    void open();
    void close();
    bool isConnected() const;

    void command(const QByteArrayList &args, QObject *context, Callback callback);
    void command(const QByteArrayList &args);
    int queuedCommands() const;
    int pendingReplies() const;
    qint64 droppedCommands() const;

    void subscribe(const QByteArrayList &channels);
    void psubscribe(const QByteArrayList &patterns);
    void unsubscribe(const QByteArrayList &channels = {});
    void punsubscribe(const QByteArrayList &patterns = {});
    bool isSubscriber() const;
    QByteArrayList channels() const;
    QByteArrayList patterns() const;

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason);
    void errorOccurred(const QString &message);
    void message(const QByteArray &channel, const QByteArray &payload);
    void patternMessage(const QByteArray &pattern, const QByteArray &channel, const QByteArray &payload);
    void subscriptionsConfirmed();
    void resubscribed();

private:
    std::unique_ptr<ConnectionPrivate> d_ptr;
};

// The workings of Connection (redisconnection_p.cpp).
class ConnectionPrivate
{
    Q_DECLARE_PUBLIC(Connection)

public:
    enum class State { Idle, Resolving, Connecting, Handshaking, Ready, Waiting };
    // The kinds of pub/sub push a RESP2 subscriber receives.
    enum class PushKind { None, Message, PatternMessage, Confirmation };

    struct Pending
    {
        enum class Kind { User, Auth, Select };

        Kind kind = Kind::User;
        quint64 token = 0;   // handed to hiredis as privdata: tells this command's callback from a stale one
        QByteArrayList args; // until written
        qint64 bytes = 0;
        bool bound = false; // a context was given: no callback once it is gone
        QPointer<QObject> context;
        Connection::Callback callback;
    };

    ConnectionPrivate(Connection *q, const QString &host, quint16 port, const ConnectionOptions &options);
    ~ConnectionPrivate();

    // What Connection's functions do
    void open();
    void close();
    void command(const QByteArrayList &args, QObject *context, Connection::Callback callback);
    void addSubscriptions(const QByteArray &verb, QSet<QByteArray> &set, const QByteArrayList &names);
    void removeSubscriptions(const QByteArray &verb, QSet<QByteArray> &set, const QByteArrayList &names);

    // The link
    void startAttempt();
    void onHostFound(const QHostInfo &info);
    void connectTo(const QByteArray &address);
    void onLinkUp();
    void becomeReady();
    void dropLink(const QString &reason);
    void onLinkLost(const QString &reason);
    void reportFailure(const QString &message);
    void endOutage();
    std::chrono::milliseconds nextDelay() const;
    QString address() const { return host + QLatin1Char(':') + QString::number(port); }

    // Socket events, from HiredisHooks
    void onReadable();
    void onWritable();
    void afterIo(bool readable);
    void updateReplyTimer(bool progress);
    int outstanding() const { return int(inFlight.size()) + confirmationsDue; }

    // Commands
    void enqueue(Pending &&pending);
    bool canSend(qint64 bytes) const;
    void send(Pending &&pending);
    void flushQueue();
    void onCommandReply(quint64 token, const redisReply *reply);
    void onHandshakeReply(const Pending &pending, const Reply &reply);
    void complete(Pending &&pending, const Reply &reply);
    void failAll(const QByteArray &message);

    // Pub/sub
    void becomeSubscriber();
    void sendSubscription(const QByteArray &verb, const QByteArrayList &names);
    void subscribeAll();
    void onPush(const redisReply *reply);

    // The reply check (hiredis' reader calls it for every object it builds)
    bool acceptObject(const redisReadTask *task, int elements, const char *str, size_t len);
    bool reject(const QString &reason);

    // Hand-out of callbacks and signals, outside hiredis
    void post(std::function<void()> work);
    void dispatch();

    Connection *q_ptr;
    const QString host;
    const quint16 port;
    const ConnectionOptions options;

    State state = State::Idle;
    redisAsyncContext *ac = nullptr;
    QString linkError;         // why this side is dropping the link
    bool linkDropping = false; // redisAsyncFree was called from inside a hiredis callback
    bool closing = false;
    int lookupId = -1;
    bool everReady = false; // since open(): a later ready is a reconnect
    int failures = 0;       // failed attempts since the link was last stable
    bool outageReported = false;
    bool recoveryReported = false;
    bool queueFullReported = false;
    qint64 droppedAtOutageStart = 0;

    std::deque<Pending> queue; // waiting for the link or for room in the pipeline
    qint64 queuedBytes = 0;
    std::deque<Pending> inFlight; // sent, in reply order
    qint64 inFlightBytes = 0;
    int inFlightUser = 0;
    int handshakeLeft = 0;
    quint64 nextToken = 1;
    qint64 dropped = 0;

    bool subscriber = false;
    QSet<QByteArray> channelSet;
    QSet<QByteArray> patternSet;
    int confirmationsDue = 0;
    bool resubscribing = false;

    // What acceptObject knows about the reply being built
    bool buildingPush = false;
    int pushElements = 0;
    PushKind buildingKind = PushKind::None;

    QTimer connectTimer;
    QTimer replyTimer;
    QTimer retryTimer;
    QTimer stableTimer; // a link up this long ends the outage

    std::deque<std::function<void()>> due;
    bool dispatchQueued = false;
};

} // namespace SocketIo::Redis

#endif // SOCKETIO_REDISCONNECTION_P_H
