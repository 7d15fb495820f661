// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "ack.h"
#include "ack_p.h"

#include "next.h"
#include "next_p.h"

namespace SocketIo {

Ack AckPrivate::create(std::function<void(const QVariantList &)> sender, qint64 id)
{
    return Ack(std::move(sender), id);
}

/*!
    \class SocketIo::Ack
    \inmodule SocketIo
    \brief The acknowledgement a client asked for with an event.

    Handed to an event handler; send() answers the client once, later calls do
    nothing (copies share that state). An invalid Ack means the client did not
    ask for an answer.
*/
Ack::Ack() = default;
Ack::Ack(std::function<void(const QVariantList &)> sender, qint64 id) : d(new AckPrivate)
{
    d->sender = std::move(sender);
    d->id = id;
}
Ack::Ack(const Ack &other) = default;
Ack::Ack(Ack &&other) noexcept = default;
Ack &Ack::operator=(const Ack &other) = default;
Ack &Ack::operator=(Ack &&other) noexcept = default;
Ack::~Ack() = default;

bool Ack::isValid() const
{
    return d && d->id >= 0;
}
bool Ack::isSent() const
{
    return d && d->sent;
}
qint64 Ack::id() const
{
    return d ? d->id : -1;
}

/*! Answers the client with \a args; returns \c false if already sent or invalid. */
bool Ack::send(const QVariantList &args) const
{
    if (!isValid() || d->sent)
        return false;
    d->sent = true;
    if (d->sender)
        d->sender(args);
    return true;
}

bool operator==(const Ack &a, const Ack &b)
{
    return a.d == b.d;
}

Next NextPrivate::create(std::function<void(bool, const QString &, const QVariant &)> done)
{
    return Next(std::move(done));
}

/*!
    \class SocketIo::Next
    \inmodule SocketIo
    \brief Lets a middleware accept or refuse, now or later, once.
*/
Next::Next() = default;
Next::Next(std::function<void(bool, const QString &, const QVariant &)> done) : d(new NextPrivate)
{
    d->done = std::move(done);
}
Next::Next(const Next &other) = default;
Next &Next::operator=(const Next &other) = default;
Next::~Next() = default;

/*! Lets the connection or packet go on to the next middleware. */
void Next::accept() const
{
    if (d && d->done)
        std::exchange(d->done, {})(true, {}, {});
}

/*! Refuses with \a message and \a data (sent to the client in CONNECT_ERROR). */
void Next::reject(const QString &message, const QVariant &data) const
{
    if (d && d->done)
        std::exchange(d->done, {})(false, message, data);
}

bool Next::isAnswered() const
{
    return !d || !d->done;
}

} // namespace SocketIo
