// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "allowrequestreply.h"
#include "allowrequestreply_p.h"

#include <QtCore/QSharedData>

#include <utility>

namespace SocketIo {

/*!
    \class SocketIo::AllowRequestReply
    \inmodule SocketIo
    \brief The answer to an allowRequest check; the first answer counts.

    Copies share one state: once accept() or reject() was called, later calls
    do nothing. A reply dropped unanswered refuses the request.
*/
AllowRequestReplyPrivate::~AllowRequestReplyPrivate()
{
    if (done)
        done(false, {});
}

AllowRequestReply AllowRequestReplyPrivate::create(std::function<void(bool, const QString &)> done)
{
    return AllowRequestReply(std::move(done));
}

AllowRequestReply::AllowRequestReply() = default;
AllowRequestReply::AllowRequestReply(std::function<void(bool, const QString &)> done) : d(new AllowRequestReplyPrivate)
{
    d->done = std::move(done);
}
AllowRequestReply::AllowRequestReply(const AllowRequestReply &other) = default;
AllowRequestReply &AllowRequestReply::operator=(const AllowRequestReply &other) = default;
AllowRequestReply::~AllowRequestReply() = default;

/*! Lets the handshake go on. */
void AllowRequestReply::accept() const
{
    if (d && d->done)
        std::exchange(d->done, {})(true, {});
}
/*! Refuses the handshake with error 4 (Forbidden) and \a message. */
void AllowRequestReply::reject(const QString &message) const
{
    if (d && d->done)
        std::exchange(d->done, {})(false, message);
}
bool AllowRequestReply::isAnswered() const
{
    return !d || !d->done;
}

} // namespace SocketIo
