// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "broadcastoperator.h"

#include "adapter.h"
#include "namespace.h"
#include "namespace_p.h"
#include "protocolnames_p.h"
#include "socket_p.h"
#include "socketiologging_p.h"

#include <QtCore/QDebug>
#include <QtCore/QPointer>
#include <QtCore/QPromise>
#include <QtCore/QTimer>

#include <memory>

namespace SocketIo {

class BroadcastOperatorPrivate : public QSharedData
{
public:
    QPointer<Namespace> nsp;
    BroadcastOptions options;

    Namespace *alive() const
    {
        if (!nsp)
            qCWarning(lcNamespace, "broadcast on a namespace that no longer exists: ignored");
        return nsp;
    }
    // The namespaces a broadcast covers: a parent namespace stands for its children.
    QList<Namespace *> targets() const
    {
        Namespace *n = alive();
        if (!n)
            return {};
        if (auto *parent = qobject_cast<ParentNamespace *>(n))
            return parent->children();
        return {n};
    }
};

/*!
    \class SocketIo::BroadcastOperator
    \inmodule SocketIo
    \brief An immutable broadcast: whom to reach (rooms, except rooms) and how
    (volatile, compress, local, timeout).

    Server, Namespace and Socket start a chain; each modifier returns a new
    operator and leaves the one it was called on unchanged, so an operator can
    be kept and reused. A terminal call (emitEvent(), emitWithAck(),
    fetchSockets(), socketsJoin(), socketsLeave(), disconnectSockets()) acts
    through the namespace's Adapter. An operator whose namespace has gone does
    nothing and logs a warning.
*/
BroadcastOperator::BroadcastOperator() : d(new BroadcastOperatorPrivate) {}
BroadcastOperator::BroadcastOperator(Namespace *nsp, const BroadcastOptions &options) : d(new BroadcastOperatorPrivate)
{
    d->nsp = nsp;
    d->options = options;
}
BroadcastOperator::BroadcastOperator(const BroadcastOperator &other) = default;
BroadcastOperator::BroadcastOperator(BroadcastOperator &&other) noexcept = default;
BroadcastOperator &BroadcastOperator::operator=(const BroadcastOperator &other) = default;
BroadcastOperator &BroadcastOperator::operator=(BroadcastOperator &&other) noexcept = default;
BroadcastOperator::~BroadcastOperator() = default;

BroadcastOperator BroadcastOperator::to(const QString &room) const
{
    return to(QStringList{room});
}
/*! Returns an operator that also targets \a rooms. */
BroadcastOperator BroadcastOperator::to(const QStringList &rooms) const
{
    BroadcastOperator copy = *this;
    for (const QString &room : rooms)
        copy.d->options.rooms.insert(room);
    return copy;
}
BroadcastOperator BroadcastOperator::except(const QString &room) const
{
    return except(QStringList{room});
}
/*! Returns an operator that leaves out the sockets in \a rooms. */
BroadcastOperator BroadcastOperator::except(const QStringList &rooms) const
{
    BroadcastOperator copy = *this;
    for (const QString &room : rooms)
        copy.d->options.except.insert(room);
    return copy;
}
BroadcastOperator BroadcastOperator::compress(bool compress) const
{
    BroadcastOperator copy = *this;
    copy.d->options.flags.compress = compress;
    return copy;
}
/*! Returns an operator whose events are dropped for clients that cannot take them now. */
BroadcastOperator BroadcastOperator::asVolatile() const
{
    BroadcastOperator copy = *this;
    copy.d->options.flags.isVolatile = true;
    return copy;
}
/*! Returns an operator that reaches this server's sockets only (in a cluster). */
BroadcastOperator BroadcastOperator::local() const
{
    BroadcastOperator copy = *this;
    copy.d->options.flags.local = true;
    return copy;
}
/*! Returns an operator whose acknowledgements are awaited for at most \a timeout. */
BroadcastOperator BroadcastOperator::timeout(std::chrono::milliseconds timeout) const
{
    BroadcastOperator copy = *this;
    copy.d->options.flags.timeoutMs = timeout.count();
    return copy;
}

Namespace *BroadcastOperator::nsp() const
{
    return d->nsp;
}
BroadcastOptions BroadcastOperator::options() const
{
    return d->options;
}

/*! Emits \a event with \a args to the selected sockets; reserved names are refused. */
bool BroadcastOperator::emitEvent(const QString &event, const QVariantList &args) const
{
    if (isReservedEventName(event)) {
        qCWarning(lcNamespace, "\"%s\" is a reserved event name", qPrintable(event));
        return false;
    }
    const auto targets = d->targets();
    if (!d->nsp)
        return false;
    QVariantList data = args;
    data.prepend(event);
    for (Namespace *nsp : targets)
        nsp->adapter()->broadcast(data, d->options);
    return true;
}

/*!
    Emits \a event and collects one answer per socket. \a callback gets a null
    error and every answer once all selected sockets answered, or the error
    "operation has timed out" with the answers gathered so far. Needs
    timeout().
*/
bool BroadcastOperator::emitWithAck(const QString &event, const QVariantList &args, QObject *context,
                                    AckCallback callback) const
{
    if (d->options.flags.timeoutMs < 0) {
        qCWarning(lcNamespace, "a broadcast acknowledgement needs timeout(): ignored");
        return false;
    }
    if (isReservedEventName(event)) {
        qCWarning(lcNamespace, "\"%s\" is a reserved event name", qPrintable(event));
        return false;
    }
    const auto targets = d->targets();
    if (!d->nsp)
        return false;
    struct State
    {
        QPointer<QObject> context;
        bool hasContext;
        AckCallback callback;
        QVariantList responses;
        int expected = 0;
        int serversPending = 0;
        bool done = false;
        void finish(const QVariant &error)
        {
            if (done)
                return;
            done = true;
            if (!hasContext || context)
                callback(error, responses);
        }
        void check()
        {
            if (serversPending == 0 && responses.size() >= expected)
                finish(QVariant());
        }
    };
    auto state = std::make_shared<State>();
    state->context = context;
    state->hasContext = context != nullptr;
    state->callback = std::move(callback);
    QTimer::singleShot(std::chrono::milliseconds(d->options.flags.timeoutMs),
                       context ? context : static_cast<QObject *>(d->nsp.data()),
                       [state] { state->finish(QStringLiteral("operation has timed out")); });
    QVariantList data = args;
    data.prepend(event);
    state->serversPending = int(targets.size());
    for (Namespace *nsp : targets) {
        nsp->adapter()->broadcastWithAck(
                data, d->options,
                [state](int count) {
                    state->expected += count;
                    --state->serversPending;
                    state->check();
                },
                [state](const QVariant &response) {
                    if (state->done)
                        return;
                    state->responses.append(response);
                    state->check();
                });
    }
    if (targets.isEmpty())
        state->check();
    return true;
}

/*! Returns the selected sockets. */
QList<Socket *> BroadcastOperator::fetchSockets() const
{
    QList<Socket *> out;
    for (Namespace *nsp : d->targets())
        out += nsp->adapter()->fetchSockets(d->options);
    return out;
}

/*!
    Calls \a callback with the selected sockets of every server of the cluster (see
    Namespace::fetchSockets(QObject *, FetchSocketsCallback)). Not called once \a context is
    destroyed; called with an empty list when the namespace has gone.
*/
void BroadcastOperator::fetchSockets(QObject *context, FetchSocketsCallback callback) const
{
    struct Gather
    {
        QList<RemoteSocket> sockets;
        QVariant error;
        qsizetype pending = 0;
        bool hasContext = false;
        QPointer<QObject> context;
        FetchSocketsCallback callback;
    };
    auto gather = std::make_shared<Gather>();
    gather->hasContext = context != nullptr;
    gather->context = context;
    gather->callback = std::move(callback);
    const auto finish = [gather] {
        if (gather->callback && (!gather->hasContext || gather->context))
            gather->callback(gather->sockets, gather->error);
    };
    const QList<Namespace *> targets = d->targets();
    gather->pending = targets.size();
    if (targets.isEmpty()) {
        finish();
        return;
    }
    for (Namespace *nsp : targets) {
        nsp->adapter()->fetchRemoteSockets(d->options,
                                           [gather, finish](const QList<RemoteSocket> &sockets, const QVariant &error) {
                                               gather->sockets += sockets;
                                               if (gather->error.isNull())
                                                   gather->error = error;
                                               if (--gather->pending == 0)
                                                   finish();
                                           });
    }
}

/*!
    The QFuture form of fetchSockets(QObject *, FetchSocketsCallback): it holds the sockets of every
    server, or a FetchSocketsError when not every server answered in time. It is finished before
    this returns without a cluster; it is canceled if the namespace goes before the answer.
    \code
    io.fetchSocketsAsync().then(&app, [](const QList<SocketIo::RemoteSocket> &sockets) { ... })
            .onFailed(&app, [](const SocketIo::FetchSocketsError &error) { ... });
    \endcode
*/
QFuture<QList<RemoteSocket>> BroadcastOperator::fetchSocketsAsync() const
{
    auto promise = std::make_shared<QPromise<QList<RemoteSocket>>>();
    QFuture<QList<RemoteSocket>> future = promise->future();
    promise->start();
    fetchSockets(nullptr, [promise](const QList<RemoteSocket> &sockets, const QVariant &error) {
        if (error.isNull())
            promise->addResult(sockets);
        else
            promise->setException(FetchSocketsError(error.toString(), sockets));
        promise->finish();
    });
    return future;
}

/*! Makes the selected sockets join \a rooms. */
void BroadcastOperator::socketsJoin(const QStringList &rooms) const
{
    for (Namespace *nsp : d->targets())
        nsp->adapter()->addSockets(d->options, rooms);
}

/*! Makes the selected sockets leave \a rooms. */
void BroadcastOperator::socketsLeave(const QStringList &rooms) const
{
    for (Namespace *nsp : d->targets())
        nsp->adapter()->delSockets(d->options, rooms);
}

/*! Disconnects the selected sockets; with \a close, their whole connections. */
void BroadcastOperator::disconnectSockets(bool close) const
{
    for (Namespace *nsp : d->targets())
        nsp->adapter()->disconnectSockets(d->options, close);
}

bool operator==(const BroadcastOperator &a, const BroadcastOperator &b)
{
    return a.d == b.d
            || (a.d->nsp == b.d->nsp && a.d->options.rooms == b.d->options.rooms
                && a.d->options.except == b.d->options.except && a.d->options.flags == b.d->options.flags);
}

QDebug operator<<(QDebug debug, const BroadcastOperator &op)
{
    QDebugStateSaver saver(debug);
    const BroadcastOptions o = op.options();
    debug.nospace() << "BroadcastOperator(" << (op.nsp() ? op.nsp()->name() : QStringLiteral("<gone>"))
                    << ", rooms=" << o.rooms << ", except=" << o.except << ')';
    return debug;
}

} // namespace SocketIo
