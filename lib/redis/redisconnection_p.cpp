// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The workings of SocketIo::Redis::Connection: the link's life cycle, commands, pub/sub, and the
// check of every reply before hiredis acts on it. redisconnection.cpp has the API and its docs.

#include "redisconnection_p.h"

#include "hiredishooks_p.h"
#include "redislogging_p.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QVarLengthArray>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QHostInfo>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>

namespace SocketIo::Redis {

namespace {

// Commands that would change the connection's mode behind its back, or that hiredis 0.14.1
// cannot follow (its async API has no SSUBSCRIBE/smessage and no RESP3).
bool isReservedCommand(const QByteArray &upperName)
{
    static const QSet<QByteArray> reserved = {
            QByteArrayLiteral("SUBSCRIBE"),   QByteArrayLiteral("PSUBSCRIBE"),   QByteArrayLiteral("SSUBSCRIBE"),
            QByteArrayLiteral("UNSUBSCRIBE"), QByteArrayLiteral("PUNSUBSCRIBE"), QByteArrayLiteral("SUNSUBSCRIBE"),
            QByteArrayLiteral("MONITOR"),     QByteArrayLiteral("HELLO"),        QByteArrayLiteral("RESET"),
    };
    return reserved.contains(upperName);
}

Reply toReply(const redisReply *reply)
{
    Reply value;
    switch (reply->type) {
    case REDIS_REPLY_STATUS:
        value.type = Reply::Type::Status;
        value.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        value.type = Reply::Type::Error;
        value.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_STRING:
        value.type = Reply::Type::String;
        value.string = QByteArray(reply->str, qsizetype(reply->len));
        break;
    case REDIS_REPLY_INTEGER:
        value.type = Reply::Type::Integer;
        value.integer = reply->integer;
        break;
    case REDIS_REPLY_ARRAY:
        value.type = Reply::Type::Array;
        value.elements.reserve(qsizetype(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            value.elements.append(toReply(reply->element[i]));
        break;
    default:
        break;
    }
    return value;
}

using PushKind = ConnectionPrivate::PushKind;

PushKind pushKind(const char *str, size_t len)
{
    const QByteArray kind = QByteArray(str, qsizetype(len)).toLower();
    if (kind == "message")
        return PushKind::Message;
    if (kind == "pmessage")
        return PushKind::PatternMessage;
    if (kind == "subscribe" || kind == "psubscribe" || kind == "unsubscribe" || kind == "punsubscribe")
        return PushKind::Confirmation;
    return PushKind::None;
}

// hiredis' own reply builders, called by ours: the same table for every context, taken from the
// first reader (connectTo passes it before any reply can be built).
const redisReplyObjectFunctions *hiredisFunctions(const redisReplyObjectFunctions *fromReader = nullptr)
{
    static const redisReplyObjectFunctions *const table = fromReader;
    return table;
}

} // namespace

namespace {

ConnectionPrivate *privateOf(const redisAsyncContext *ac)
{
    return static_cast<ConnectionPrivate *>(ac->data);
}

// hiredis callbacks: they only record, then return to hiredis (see the class description).

void onConnectCallback(const redisAsyncContext *ac, int status)
{
    ConnectionPrivate *d = privateOf(ac);
    if (!d)
        return;
    if (status == REDIS_OK) {
        d->onLinkUp();
        return;
    }
    const QString reason = !d->linkError.isEmpty() ? d->linkError
            : ac->errstr                           ? QString::fromLocal8Bit(ac->errstr)
                                                   : QStringLiteral("connect failed");
    d->ac = nullptr; // hiredis frees it when this returns, without a disconnect callback
    d->onLinkLost(reason);
}

void onDisconnectCallback(const redisAsyncContext *ac, int status)
{
    ConnectionPrivate *d = privateOf(ac);
    if (!d)
        return;
    QString reason = d->linkError;
    if (reason.isEmpty())
        reason = status == REDIS_OK || !ac->errstr ? QStringLiteral("closed") : QString::fromLocal8Bit(ac->errstr);
    d->ac = nullptr; // freed when this returns
    d->onLinkLost(reason);
}

void onCommandReplyCallback(redisAsyncContext *ac, void *reply, void *privdata)
{
    ConnectionPrivate *d = privateOf(ac);
    // A null reply: the context is going away; onLinkLost fails whatever was in flight.
    if (d && reply)
        d->onCommandReply(quint64(quintptr(privdata)), static_cast<const redisReply *>(reply));
}

void onPushCallback(redisAsyncContext *ac, void *reply, void *)
{
    ConnectionPrivate *d = privateOf(ac);
    if (d && reply)
        d->onPush(static_cast<const redisReply *>(reply));
}

// The reply builders installed on every context's reader: ask acceptObject, then build as hiredis
// would. Returning null makes hiredis' reader fail ("Out of memory"), which drops the link;
// linkError then holds the real reason.
template<typename Build>
void *guarded(const redisReadTask *task, int elements, const char *str, size_t len, Build build)
{
    auto *d = static_cast<ConnectionPrivate *>(task->privdata);
    if (d && !d->acceptObject(task, elements, str, len))
        return nullptr;
    return build();
}

void *guardedString(const redisReadTask *task, char *str, size_t len)
{
    return guarded(task, -1, str, len, [&] { return hiredisFunctions()->createString(task, str, len); });
}

void *guardedArray(const redisReadTask *task, int elements)
{
    return guarded(task, elements, nullptr, 0, [&] { return hiredisFunctions()->createArray(task, elements); });
}

void *guardedInteger(const redisReadTask *task, long long value)
{
    return guarded(task, -1, nullptr, 0, [&] { return hiredisFunctions()->createInteger(task, value); });
}

void *guardedNil(const redisReadTask *task)
{
    return guarded(task, -1, nullptr, 0, [&] { return hiredisFunctions()->createNil(task); });
}

redisReplyObjectFunctions guardedFunctions = {guardedString, guardedArray, guardedInteger, guardedNil, freeReplyObject};

} // namespace

ConnectionPrivate::ConnectionPrivate(Connection *q, const QString &host, quint16 port, const ConnectionOptions &options)
    : q_ptr(q), host(host), port(port), options(options)
{
    connectTimer.setSingleShot(true);
    replyTimer.setSingleShot(true);
    retryTimer.setSingleShot(true);
    stableTimer.setSingleShot(true);
    QObject::connect(&connectTimer, &QTimer::timeout, q, [this] {
        const QString reason = QStringLiteral("timed out after %1 ms").arg(this->options.connectTimeout.count());
        if (state == State::Resolving) {
            QHostInfo::abortHostLookup(lookupId);
            lookupId = -1;
            onLinkLost(reason);
        } else {
            dropLink(reason);
        }
        dispatch();
    });
    QObject::connect(&replyTimer, &QTimer::timeout, q, [this] {
        dropLink(QStringLiteral("no reply within %1 ms").arg(this->options.replyTimeout.count()));
        dispatch();
    });
    QObject::connect(&retryTimer, &QTimer::timeout, q, [this] {
        startAttempt();
        dispatch();
    });
    QObject::connect(&stableTimer, &QTimer::timeout, q, [this] { endOutage(); });
}

// Frees the context without a word: no callback or signal is due once the connection is gone.
ConnectionPrivate::~ConnectionPrivate()
{
    if (lookupId != -1)
        QHostInfo::abortHostLookup(lookupId);
    if (ac) {
        redisAsyncContext *context = ac;
        ac = nullptr;
        context->data = nullptr;
        context->c.reader->privdata = nullptr;
        redisAsyncFree(context);
    }
}

void ConnectionPrivate::open()
{
    if (state != State::Idle)
        return;
    failures = 0;
    everReady = false;
    startAttempt();
}

void ConnectionPrivate::close()
{
    Q_Q(Connection);
    if (state == State::Idle)
        return;
    const bool wasReady = state == State::Ready;
    retryTimer.stop();
    connectTimer.stop();
    replyTimer.stop();
    if (lookupId != -1) {
        QHostInfo::abortHostLookup(lookupId);
        lookupId = -1;
    }
    if (ac) {
        closing = true;
        linkError = QStringLiteral("closed");
        redisAsyncContext *context = ac;
        redisAsyncFree(context);
        if (ac == context) // it had not connected: no disconnect callback
            ac = nullptr;
        closing = false;
    }
    state = State::Idle;
    linkError.clear();
    linkDropping = false;
    handshakeLeft = 0;
    confirmationsDue = 0;
    resubscribing = false;
    endOutage();
    failAll(QByteArrayLiteral("ERR connection closed"));
    if (wasReady)
        post([q] { Q_EMIT q->disconnected(QStringLiteral("closed")); });
}

void ConnectionPrivate::command(const QByteArrayList &args, QObject *context, Connection::Callback callback)
{
    Pending pending;
    pending.args = args;
    for (const QByteArray &arg : args)
        pending.bytes += arg.size();
    pending.bound = context != nullptr;
    pending.context = context;
    pending.callback = std::move(callback);

    QByteArray refusal;
    if (args.isEmpty())
        refusal = QByteArrayLiteral("ERR empty command");
    else if (const QByteArray name = args.first().toUpper(); isReservedCommand(name))
        refusal = "ERR " + name + " is not available through command()";
    else if (subscriber)
        refusal = QByteArrayLiteral("ERR this connection subscribes: use another connection for commands");
    if (!refusal.isEmpty()) {
        complete(std::move(pending), Reply::error(refusal));
        return;
    }

    pending.token = nextToken++;
    if (queue.empty() && canSend(pending.bytes)) {
        send(std::move(pending));
        updateReplyTimer(false);
        return;
    }
    enqueue(std::move(pending));
}

// SUBSCRIBE or PSUBSCRIBE what set does not hold yet.
void ConnectionPrivate::addSubscriptions(const QByteArray &verb, QSet<QByteArray> &set, const QByteArrayList &names)
{
    becomeSubscriber();
    QByteArrayList added;
    for (const QByteArray &name : names) {
        if (!set.contains(name)) {
            set.insert(name);
            added.append(name);
        }
    }
    sendSubscription(verb, added);
}

// UNSUBSCRIBE or PUNSUBSCRIBE what set holds of names, or all of it when names is empty (always
// by name: hiredis 0.14.1 asserts on the confirmation of a bare UNSUBSCRIBE with nothing left).
void ConnectionPrivate::removeSubscriptions(const QByteArray &verb, QSet<QByteArray> &set, const QByteArrayList &names)
{
    QByteArrayList removed;
    for (const QByteArray &name : names.isEmpty() ? set.values() : names) {
        if (set.remove(name))
            removed.append(name);
    }
    sendSubscription(verb, removed);
}

// One connect attempt: a name lookup when the host is not an address, then connectTo().
void ConnectionPrivate::startAttempt()
{
    connectTimer.start(options.connectTimeout);
    if (QHostAddress(host).isNull()) {
        state = State::Resolving;
        lookupId = QHostInfo::lookupHost(host, q_ptr, [this](const QHostInfo &info) {
            onHostFound(info);
            dispatch();
        });
        return;
    }
    connectTo(host.toLatin1());
}

// Takes the first IPv4 address when there is one (a "localhost" that resolves to ::1 first
// should still reach a Redis bound to 127.0.0.1).
void ConnectionPrivate::onHostFound(const QHostInfo &info)
{
    if (info.lookupId() != lookupId || state != State::Resolving)
        return;
    lookupId = -1;
    const QList<QHostAddress> addresses = info.addresses();
    if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
        onLinkLost(QStringLiteral("host not found: %1").arg(info.errorString()));
        return;
    }
    const auto ipv4 = std::find_if(addresses.cbegin(), addresses.cend(), [](const QHostAddress &address) {
        return address.protocol() == QAbstractSocket::IPv4Protocol;
    });
    connectTo((ipv4 != addresses.cend() ? *ipv4 : addresses.first()).toString().toLatin1());
}

// Starts a non-blocking connect. The order matters: the hooks must be in place before
// redisAsyncSetConnectCallback, which asks them for the first write event (the connect's end).
void ConnectionPrivate::connectTo(const QByteArray &address)
{
    state = State::Connecting;
    redisAsyncContext *context = redisAsyncConnect(address.constData(), int(port));
    if (!context) {
        onLinkLost(QStringLiteral("out of memory"));
        return;
    }
    if (context->err) {
        const QString reason = QString::fromLocal8Bit(context->errstr);
        redisAsyncFree(context);
        onLinkLost(reason);
        return;
    }
    ac = context;
    context->data = this;
    hiredisFunctions(context->c.reader->fn);
    context->c.reader->fn = &guardedFunctions;
    context->c.reader->privdata = this;
    redisEnableKeepAlive(&context->c);
    HiredisHooks::attach(
            context, [this] { onReadable(); }, [this] { onWritable(); });
    redisAsyncSetDisconnectCallback(context, &onDisconnectCallback);
    redisAsyncSetConnectCallback(context, &onConnectCallback);
}

// TCP is up (called by hiredis): AUTH and SELECT first, the rest once they have succeeded.
void ConnectionPrivate::onLinkUp()
{
    state = State::Handshaking;
    handshakeLeft = 0;
    if (!options.password.isEmpty()) {
        Pending auth;
        auth.kind = Pending::Kind::Auth;
        auth.token = nextToken++;
        auth.args = {QByteArrayLiteral("AUTH")};
        if (!options.username.isEmpty())
            auth.args.append(options.username);
        auth.args.append(options.password);
        send(std::move(auth));
        ++handshakeLeft;
    }
    if (options.database != 0) {
        Pending select;
        select.kind = Pending::Kind::Select;
        select.token = nextToken++;
        select.args = {QByteArrayLiteral("SELECT"), QByteArray::number(options.database)};
        send(std::move(select));
        ++handshakeLeft;
    }
    if (handshakeLeft == 0)
        becomeReady();
    else
        updateReplyTimer(false);
}

void ConnectionPrivate::becomeReady()
{
    Q_Q(Connection);
    state = State::Ready;
    connectTimer.stop();
    if (outageReported && !recoveryReported) {
        recoveryReported = true;
        qCInfo(lcRedis).noquote()
                << QStringLiteral("Redis %1 answers again after %2 failed attempt(s) (%3 commands dropped meanwhile)")
                           .arg(address())
                           .arg(failures)
                           .arg(dropped - droppedAtOutageStart);
    }
    stableTimer.start(std::max(2 * options.reconnectDelayMax, std::chrono::milliseconds(1000)));
    resubscribing = everReady && (!channelSet.isEmpty() || !patternSet.isEmpty());
    everReady = true;
    subscribeAll();
    flushQueue();
    updateReplyTimer(false);
    post([q] { Q_EMIT q->connected(); });
}

// Drops the link from this side. Inside a hiredis callback, hiredis frees the context once the
// callback returns and then calls onDisconnectCallback; elsewhere the free happens here.
void ConnectionPrivate::dropLink(const QString &reason)
{
    if (!ac || linkDropping)
        return;
    linkError = reason;
    redisAsyncContext *context = ac;
    const bool inCallback = (context->c.flags & REDIS_IN_CALLBACK) != 0;
    if (inCallback)
        linkDropping = true;
    redisAsyncFree(context);
    if (inCallback)
        return;
    if (ac == context) { // it had not connected yet: hiredis called no disconnect callback
        ac = nullptr;
        onLinkLost(reason);
    }
}

// The link is gone (its context freed or being freed by hiredis): fail what was in flight, report,
// and schedule the next attempt.
void ConnectionPrivate::onLinkLost(const QString &reason)
{
    Q_Q(Connection);
    const State was = state;
    connectTimer.stop();
    replyTimer.stop();
    stableTimer.stop();
    linkError.clear();
    linkDropping = false;
    handshakeLeft = 0;
    confirmationsDue = 0;
    resubscribing = false;
    if (closing) {
        state = State::Idle;
        return;
    }
    std::deque<Pending> lost;
    lost.swap(inFlight);
    inFlightBytes = 0;
    inFlightUser = 0;
    for (Pending &pending : lost)
        complete(std::move(pending), Reply::error(QByteArrayLiteral("ERR connection lost")));

    state = State::Waiting;
    ++failures;
    const QString message = was == State::Ready
            ? QStringLiteral("connection to Redis %1 lost: %2").arg(address(), reason)
            : QStringLiteral("cannot connect to Redis %1: %2").arg(address(), reason);
    reportFailure(message);
    retryTimer.start(nextDelay());
    post([q, message] { Q_EMIT q->errorOccurred(message); });
    if (was == State::Ready)
        post([q, reason] { Q_EMIT q->disconnected(reason); });
}

// One warning per outage; later failures of the same outage go to the debug level.
void ConnectionPrivate::reportFailure(const QString &message)
{
    if (outageReported) {
        qCDebug(lcRedis).noquote() << message;
        return;
    }
    outageReported = true;
    droppedAtOutageStart = dropped;
    qCWarning(lcRedis).noquote() << message
                                 << QStringLiteral("(retrying with a delay of up to %1 ms; reported once per outage)")
                                            .arg(options.reconnectDelayMax.count());
}

// The link has stayed up: the next failure is a new outage, retried from reconnectDelayMin.
void ConnectionPrivate::endOutage()
{
    stableTimer.stop();
    failures = 0;
    outageReported = false;
    recoveryReported = false;
    queueFullReported = false;
}

// reconnectDelayMin doubled per failure up to reconnectDelayMax, less up to a quarter at random.
std::chrono::milliseconds ConnectionPrivate::nextDelay() const
{
    const qint64 minimum = std::max<qint64>(1, options.reconnectDelayMin.count());
    const qint64 maximum = std::max<qint64>(minimum, options.reconnectDelayMax.count());
    const int doublings = std::clamp(failures - 1, 0, 30);
    const qint64 base = std::min(maximum, minimum << doublings);
    const qint64 jitter = qint64(QRandomGenerator::global()->bounded(int(base / 4 + 1)));
    return std::chrono::milliseconds(base - jitter);
}

void ConnectionPrivate::onReadable()
{
    if (!ac)
        return;
    redisAsyncHandleRead(ac);
    afterIo(true);
}

void ConnectionPrivate::onWritable()
{
    if (!ac)
        return;
    handleWriteWithoutSigpipe(ac);
    afterIo(false);
}

// After hiredis has returned: the bound on a reply being received, more queued commands into
// the freed pipeline, the reply timer, then the hand-out (last: it may delete the connection).
void ConnectionPrivate::afterIo(bool readable)
{
    if (ac && readable) {
        const redisReader *reader = ac->c.reader;
        if (qint64(reader->len - reader->pos) > options.maxReplyBytes)
            dropLink(QStringLiteral("a reply exceeds %1 bytes").arg(options.maxReplyBytes));
    }
    if (state == State::Ready)
        flushQueue();
    updateReplyTimer(readable);
    dispatch();
}

// While replies are due, the link must show progress within replyTimeout: a read restarts the
// timer, a first command due starts it.
void ConnectionPrivate::updateReplyTimer(bool progress)
{
    if (!ac || options.replyTimeout.count() <= 0 || outstanding() == 0) {
        replyTimer.stop();
        return;
    }
    if (progress || !replyTimer.isActive())
        replyTimer.start(options.replyTimeout);
}

void ConnectionPrivate::enqueue(Pending &&pending)
{
    if (int(queue.size()) >= options.maxQueuedCommands || queuedBytes + pending.bytes > options.maxQueuedBytes) {
        ++dropped;
        if (!queueFullReported) {
            queueFullReported = true;
            qCWarning(lcRedis).noquote() << QStringLiteral("Redis %1: queue full (%2 commands, %3 bytes), dropping "
                                                           "commands until it drains (said once per outage)")
                                                    .arg(address())
                                                    .arg(queue.size())
                                                    .arg(queuedBytes);
        }
        complete(std::move(pending), Reply::error(QByteArrayLiteral("ERR queue full: Redis unreachable")));
        return;
    }
    queuedBytes += pending.bytes;
    queue.push_back(std::move(pending));
}

// The pipeline holds as much as the queue: at most maxQueuedCommands and maxQueuedBytes unanswered.
bool ConnectionPrivate::canSend(qint64 bytes) const
{
    return state == State::Ready && inFlightUser < options.maxQueuedCommands
            && inFlightBytes + bytes <= options.maxQueuedBytes;
}

// Hands one command to hiredis (which only appends it to its output buffer).
void ConnectionPrivate::send(Pending &&pending)
{
    QVarLengthArray<const char *, 8> argv;
    QVarLengthArray<size_t, 8> lengths;
    for (const QByteArray &arg : std::as_const(pending.args)) {
        argv.append(arg.constData());
        lengths.append(size_t(arg.size()));
    }
    void *privdata = reinterpret_cast<void *>(quintptr(pending.token));
    if (!ac
        || redisAsyncCommandArgv(ac, &onCommandReplyCallback, privdata, int(argv.size()), argv.data(), lengths.data())
                != REDIS_OK) {
        complete(std::move(pending), Reply::error(QByteArrayLiteral("ERR connection lost")));
        return;
    }
    pending.args.clear();
    if (pending.kind == Pending::Kind::User) {
        inFlightBytes += pending.bytes;
        ++inFlightUser;
    }
    inFlight.push_back(std::move(pending));
}

void ConnectionPrivate::flushQueue()
{
    while (!queue.empty() && canSend(queue.front().bytes)) {
        Pending pending = std::move(queue.front());
        queue.pop_front();
        queuedBytes -= pending.bytes;
        send(std::move(pending));
    }
}

// Called by hiredis with the reply to the oldest command in flight. hiredis 0.14.1 may also call
// a command's callback a second time, for a pub/sub message it could not route (its
// redisProcessCallbacks keeps the last callback it ran): the token tells.
void ConnectionPrivate::onCommandReply(quint64 token, const redisReply *reply)
{
    if (inFlight.empty() || inFlight.front().token != token)
        return;
    Pending pending = std::move(inFlight.front());
    inFlight.pop_front();
    const Reply value = toReply(reply);
    if (pending.kind != Pending::Kind::User) {
        onHandshakeReply(pending, value);
        return;
    }
    inFlightBytes -= pending.bytes;
    --inFlightUser;
    complete(std::move(pending), value);
}

void ConnectionPrivate::onHandshakeReply(const Pending &pending, const Reply &reply)
{
    if (reply.isError()) {
        const char *what = pending.kind == Pending::Kind::Auth ? "AUTH" : "SELECT";
        dropLink(QStringLiteral("%1 failed: %2").arg(QLatin1String(what), QString::fromUtf8(reply.string)));
        return;
    }
    if (--handshakeLeft == 0)
        becomeReady();
}

// Queues the callback for the hand-out; a callback bound to a context is skipped once it is gone.
void ConnectionPrivate::complete(Pending &&pending, const Reply &reply)
{
    if (!pending.callback)
        return;
    post([context = pending.context, bound = pending.bound, callback = std::move(pending.callback), reply] {
        if (!bound || context)
            callback(reply);
    });
}

void ConnectionPrivate::failAll(const QByteArray &message)
{
    std::deque<Pending> failed;
    failed.swap(inFlight);
    for (Pending &pending : queue)
        failed.push_back(std::move(pending));
    queue.clear();
    queuedBytes = inFlightBytes = 0;
    inFlightUser = 0;
    for (Pending &pending : failed) {
        if (pending.kind == Pending::Kind::User)
            complete(std::move(pending), Reply::error(message));
    }
}

// From the first subscription on, the connection does pub/sub only: commands still waiting would
// reach Redis after SUBSCRIBE, where RESP2 refuses them, so they fail now. Commands already in
// flight are answered before any pub/sub message.
void ConnectionPrivate::becomeSubscriber()
{
    if (subscriber)
        return;
    subscriber = true;
    std::deque<Pending> refused;
    refused.swap(queue);
    queuedBytes = 0;
    for (Pending &pending : refused)
        complete(std::move(pending), Reply::error(QByteArrayLiteral("ERR connection switched to subscribe mode")));
}

void ConnectionPrivate::sendSubscription(const QByteArray &verb, const QByteArrayList &names)
{
    if (!ac || state != State::Ready || names.isEmpty())
        return;
    QByteArrayList args = names;
    args.prepend(verb);
    QVarLengthArray<const char *, 8> argv;
    QVarLengthArray<size_t, 8> lengths;
    for (const QByteArray &arg : std::as_const(args)) {
        argv.append(arg.constData());
        lengths.append(size_t(arg.size()));
    }
    if (redisAsyncCommandArgv(ac, &onPushCallback, nullptr, int(argv.size()), argv.data(), lengths.data()) != REDIS_OK)
        return;
    confirmationsDue += int(names.size());
    updateReplyTimer(false);
}

void ConnectionPrivate::subscribeAll()
{
    sendSubscription(QByteArrayLiteral("SUBSCRIBE"), channelSet.values());
    sendSubscription(QByteArrayLiteral("PSUBSCRIBE"), patternSet.values());
}

// A pub/sub push (called by hiredis). Messages on channels or patterns no longer subscribed (still
// on their way when UNSUBSCRIBE was sent) are dropped.
void ConnectionPrivate::onPush(const redisReply *reply)
{
    Q_Q(Connection);
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 3)
        return;
    const auto element = [reply](size_t i) {
        const redisReply *e = reply->element[i];
        return e->type == REDIS_REPLY_STRING ? QByteArray(e->str, qsizetype(e->len)) : QByteArray();
    };
    const redisReply *first = reply->element[0];
    switch (pushKind(first->str, first->len)) {
    case PushKind::Message:
        if (const QByteArray channel = element(1); channelSet.contains(channel))
            post([q, channel, payload = element(2)] { Q_EMIT q->message(channel, payload); });
        break;
    case PushKind::PatternMessage:
        if (const QByteArray pattern = element(1); reply->elements == 4 && patternSet.contains(pattern))
            post([q, pattern, channel = element(2), payload = element(3)] {
                Q_EMIT q->patternMessage(pattern, channel, payload);
            });
        break;
    case PushKind::Confirmation:
        if (confirmationsDue > 0 && --confirmationsDue == 0) {
            post([q] { Q_EMIT q->subscriptionsConfirmed(); });
            if (resubscribing) {
                resubscribing = false;
                post([q] { Q_EMIT q->resubscribed(); });
            }
        }
        break;
    case PushKind::None:
        break;
    }
}

/*
    Called by hiredis' reader for every object of a reply it builds, before hiredis acts on the
    reply. hiredis 0.14.1 asserts (ends the process) when
    - a reply that is not an error arrives while no command waits for one and the context is not
      subscribed (redisProcessCallbacks),
    - a subscribed context receives an array whose first two elements are not bulk strings, or an
      unsubscribe confirmation whose third is not an integer (__redisGetSubscribeCallback).
    So a reply is accepted when a command waits for it (inFlight mirrors hiredis' list of
    callbacks), when it is an error (hiredis then closes the link itself), or when it is a
    well-formed RESP2 push on a subscribed context: "message" with three bulk strings, "pmessage"
    with four, a (p)(un)subscribe confirmation with two bulk strings and an integer. Anything else
    drops the link, and so does an array header whose element pointers alone would exceed
    ConnectionOptions::maxReplyBytes.
*/
bool ConnectionPrivate::acceptObject(const redisReadTask *task, int elements, const char *str, size_t len)
{
    // hiredis allocates an array's element pointers from its header, before any element arrives.
    if (task->type == REDIS_REPLY_ARRAY && qint64(elements) * qint64(sizeof(void *)) > options.maxReplyBytes)
        return reject(QStringLiteral("protocol error: an array of %1 elements exceeds the reply bound").arg(elements));
    if (!task->parent) {
        buildingPush = false;
        if (!inFlight.empty() || task->type == REDIS_REPLY_ERROR)
            return true;
        const bool subscribed = ac && (ac->c.flags & REDIS_SUBSCRIBED);
        if (!subscribed)
            return reject(QStringLiteral("protocol error: a reply nobody asked for"));
        if (task->type != REDIS_REPLY_ARRAY || (elements != 3 && elements != 4))
            return reject(QStringLiteral("protocol error: a malformed pub/sub message"));
        buildingPush = true;
        pushElements = elements;
        buildingKind = PushKind::None;
        return true;
    }
    if (!buildingPush)
        return true;
    bool ok = false;
    switch (task->idx) {
    case 0:
        ok = task->type == REDIS_REPLY_STRING;
        buildingKind = ok ? pushKind(str, len) : PushKind::None;
        ok = (buildingKind == PushKind::PatternMessage && pushElements == 4)
                || ((buildingKind == PushKind::Message || buildingKind == PushKind::Confirmation) && pushElements == 3);
        break;
    case 2:
        ok = task->type == (buildingKind == PushKind::Confirmation ? REDIS_REPLY_INTEGER : REDIS_REPLY_STRING);
        break;
    default:
        ok = task->type == REDIS_REPLY_STRING;
        break;
    }
    return ok || reject(QStringLiteral("protocol error: a malformed pub/sub message"));
}

bool ConnectionPrivate::reject(const QString &reason)
{
    if (linkError.isEmpty())
        linkError = reason;
    return false;
}

void ConnectionPrivate::post(std::function<void()> work)
{
    due.push_back(std::move(work));
    if (dispatchQueued)
        return;
    dispatchQueued = true;
    QMetaObject::invokeMethod(
            q_ptr,
            [this] {
                dispatchQueued = false;
                dispatch();
            },
            Qt::QueuedConnection);
}

// Runs what was posted, in order. The connection may be deleted by any of it: then stop at once.
void ConnectionPrivate::dispatch()
{
    const QPointer<Connection> alive(q_ptr);
    while (!due.empty()) {
        const std::function<void()> work = std::move(due.front());
        due.pop_front();
        work();
        if (!alive)
            return;
    }
}

} // namespace SocketIo::Redis
