// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "redisconnection_p.h"

#include <algorithm>

namespace SocketIo::Redis {

/*!
    \class SocketIo::Redis::Connection
    \internal
    \brief One connection to a Redis server, driven by the Qt event loop of its thread.

    The protocol work is hiredis 0.14.1's asynchronous API (the version Debian 12 ships): a
    non-blocking connect, commands formatted from binary-safe argument vectors, replies parsed by
    hiredis' reader. HiredisHooks puts the socket on the event loop; everything else is here:

    \list
    \li Commands are pipelined and their callbacks called in order. While the link is down they
        wait in a bounded queue (ConnectionOptions::maxQueuedCommands and maxQueuedBytes) and are
        sent in order once it is back; a command that does not fit is dropped, its callback gets
        the Error reply "ERR queue full: Redis unreachable" and droppedCommands() counts it.
        Commands that were sent when the link went down get "ERR connection lost".
    \li After every connect, AUTH and SELECT (when configured) go first; queued commands and
        subscriptions follow once they have succeeded.
    \li A failed connect, a connect or reply timeout, a dropped link, a protocol error or a failed
        AUTH is retried with a delay that starts at reconnectDelayMin, doubles per failure up to
        reconnectDelayMax and is shortened by up to a quarter at random, so that many nodes do not
        come back in step. close() stops it.
    \li A connection that subscribes (subscribe(), psubscribe()) does only that, as RESP2 requires;
        command() then answers with an Error reply. Its subscriptions are renewed after every
        reconnect, and resubscribed() says when Redis has confirmed them.
    \li Each failure is an errorOccurred() signal, but the log (category \c socketio.redis) says it
        once per outage as a warning, and once, as info, when Redis answers again. An outage ends
        when the link has stayed up for twice reconnectDelayMax (at least a second): a server that
        accepts and then fails again at once stays in the same outage, so the delay keeps growing
        and the log stays quiet.
    \endlist

    Nothing here blocks: host names are looked up with QHostInfo, connects are non-blocking and
    their timeout is a QTimer, and a stalled server is noticed by the reply timeout (so blocking
    commands such as XREAD BLOCK must block for less than ConnectionOptions::replyTimeout). The
    socket has TCP keep-alive on (hiredis' 15 s), which ends half-open links of subscribers that
    never wait for a reply.

    No hiredis callback calls user code: replies, messages and signals are collected while hiredis
    runs and handed out once it has returned, from the event loop. A callback or slot may
    therefore delete the connection, close it or issue commands. Callbacks and signals are never
    called from within command(), subscribe() or open().

    hiredis 0.14.1 ends the process with assert() on some replies it does not expect (a reply
    nobody asked for, a malformed pub/sub message). A hostile or broken server could send them, so
    each reply is checked while hiredis builds it (see ConnectionPrivate::acceptObject) and the
    link is dropped before hiredis would act on it.
*/

/*!
    \struct SocketIo::Redis::ConnectionOptions
    \internal
    \brief How a Connection authenticates, which database it selects, its timeouts, its
    reconnect delays and the bounds on what it buffers.
*/

/*!
    \fn void SocketIo::Redis::Connection::connected()
    The link is up and AUTH and SELECT have succeeded: queued commands are on their way.
*/

/*!
    \fn void SocketIo::Redis::Connection::disconnected(const QString &reason)
    A link that had been connected went down (\a reason says why), or close() ended it ("closed").
    Unless close() was called, a reconnect follows by itself.
*/

/*!
    \fn void SocketIo::Redis::Connection::errorOccurred(const QString &message)
    A connect attempt or an established link failed; \a message names the server and the cause.
    It is emitted for every failure; the log is rate-limited, this signal is not.
*/

/*!
    \fn void SocketIo::Redis::Connection::message(const QByteArray &channel, const QByteArray &payload)
    A message was published on \a channel, one of channels().
*/

/*!
    \fn void SocketIo::Redis::Connection::patternMessage(const QByteArray &pattern, const QByteArray &channel, const QByteArray &payload)
    A message was published on \a channel, which matches \a pattern, one of patterns().
*/

/*!
    \fn void SocketIo::Redis::Connection::subscriptionsConfirmed()
    Redis has confirmed every SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE and PUNSUBSCRIBE sent so far:
    from now on, messages published on the subscribed channels reach this connection.
*/

/*!
    \fn void SocketIo::Redis::Connection::resubscribed()
    After a reconnect, Redis has confirmed the renewal of every subscription. Messages published
    while the link was down are lost (Redis pub/sub keeps nothing).
*/

/*!
    Makes a connection to the Redis server at \a host (an address or a name) and \a port; open()
    starts it.
*/
Connection::Connection(const QString &host, quint16 port, const ConnectionOptions &options, QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<ConnectionPrivate>(this, host, port, options))
{}

/*!
    Closes the link without calling any callback or emitting any signal.
*/
Connection::~Connection() = default;

QString Connection::host() const
{
    return d_func()->host;
}

quint16 Connection::port() const
{
    return d_func()->port;
}

ConnectionOptions Connection::options() const
{
    return d_func()->options;
}

/*!
    Starts connecting, and keeps the link up until close(). Does nothing when already open.
*/
void Connection::open()
{
    d_func()->open();
}

/*!
    Ends the link and stops reconnecting. Commands in flight and queued get the Error reply
    "ERR connection closed"; disconnected("closed") follows when the link was up. Subscriptions
    are kept and renewed by the next open(). Commands issued after close() wait for the next
    open(), within the queue's bounds.
*/
void Connection::close()
{
    d_func()->close();
}

/*!
    Whether the link is up and AUTH and SELECT have succeeded.
*/
bool Connection::isConnected() const
{
    return d_func()->state == ConnectionPrivate::State::Ready;
}

/*!
    Sends the command \a args (binary-safe: any bytes, a name and its arguments) and calls
    \a callback with its reply, unless \a context was given and has been destroyed by then.
    \a callback may be empty (fire and forget); \a context may be null (no such check).

    Replies come in the order of the commands, from the event loop, never from within this call.
    While the link is down, the command waits in the queue; when the queue is full it is dropped
    and \a callback gets "ERR queue full: Redis unreachable" (such refusals, and the others below,
    come as soon as the event loop runs, ahead of replies still due). A command sent when the link
    goes down gets "ERR connection lost".

    Refused with an Error reply: an empty command, a command on a connection that subscribes, and
    the commands that would change the connection's mode behind its back (the (P|S)(UN)SUBSCRIBE
    family, MONITOR, HELLO, RESET). AUTH and SELECT belong in ConnectionOptions, which renews
    them after each reconnect.
*/
void Connection::command(const QByteArrayList &args, QObject *context, Callback callback)
{
    d_func()->command(args, context, std::move(callback));
}

/*!
    \overload
    Sends \a args without waiting for the reply.
*/
void Connection::command(const QByteArrayList &args)
{
    d_func()->command(args, nullptr, Callback());
}

/*!
    The commands waiting to be sent (the link is down, or the pipeline is full).
*/
int Connection::queuedCommands() const
{
    return int(d_func()->queue.size());
}

/*!
    The commands sent and not answered yet.
*/
int Connection::pendingReplies() const
{
    return d_func()->inFlightUser;
}

/*!
    How many commands were dropped because the queue was full, since construction.
*/
qint64 Connection::droppedCommands() const
{
    return d_func()->dropped;
}

/*!
    Subscribes to \a channels (binary-safe names); message() delivers what is published on them.
    The connection does pub/sub only from now on (see command()). The subscriptions hold across
    reconnects; subscriptionsConfirmed() says when Redis has confirmed them.
*/
void Connection::subscribe(const QByteArrayList &channels)
{
    Q_D(Connection);
    d->addSubscriptions(QByteArrayLiteral("SUBSCRIBE"), d->channelSet, channels);
}

/*!
    Subscribes to the glob-style \a patterns; patternMessage() delivers what is published on
    matching channels. See subscribe().
*/
void Connection::psubscribe(const QByteArrayList &patterns)
{
    Q_D(Connection);
    d->addSubscriptions(QByteArrayLiteral("PSUBSCRIBE"), d->patternSet, patterns);
}

/*!
    Ends the subscriptions to \a channels, or to every channel when \a channels is empty. Messages
    on them stop at once, even those Redis sent before it saw UNSUBSCRIBE.
*/
void Connection::unsubscribe(const QByteArrayList &channels)
{
    Q_D(Connection);
    d->removeSubscriptions(QByteArrayLiteral("UNSUBSCRIBE"), d->channelSet, channels);
}

/*!
    Ends the subscriptions to \a patterns, or to every pattern when \a patterns is empty.
*/
void Connection::punsubscribe(const QByteArrayList &patterns)
{
    Q_D(Connection);
    d->removeSubscriptions(QByteArrayLiteral("PUNSUBSCRIBE"), d->patternSet, patterns);
}

/*!
    Whether the connection has subscribed (it stays a pub/sub connection for good).
*/
bool Connection::isSubscriber() const
{
    return d_func()->subscriber;
}

/*!
    The channels subscribed to, sorted.
*/
QByteArrayList Connection::channels() const
{
    QByteArrayList names = d_func()->channelSet.values();
    std::sort(names.begin(), names.end());
    return names;
}

/*!
    The patterns subscribed to, sorted.
*/
QByteArrayList Connection::patterns() const
{
    QByteArrayList names = d_func()->patternSet.values();
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace SocketIo::Redis
