// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "redisreply_p.h"

#include <QtCore/QDebug>

namespace SocketIo::Redis {

/*!
    \class SocketIo::Redis::Reply
    \internal
    \brief One RESP2 reply as a value: nil, a status, an error, an integer, a binary-safe string
    or an array of replies.

    A null bulk string and a null array (RESP2's \c{$-1} and \c{*-1}) are both \c Nil. Errors
    made by Connection itself (a full queue, a lost link) are \c Error replies too, so a caller
    handles every failure in one place.
*/

//! An \c Error reply carrying \a message, e.g. "ERR connection lost".
Reply Reply::error(const QByteArray &message)
{
    Reply reply;
    reply.type = Type::Error;
    reply.string = message;
    return reply;
}

Reply Reply::fromString(const QByteArray &value)
{
    Reply reply;
    reply.type = Type::String;
    reply.string = value;
    return reply;
}

Reply Reply::fromInteger(qint64 value)
{
    Reply reply;
    reply.type = Type::Integer;
    reply.integer = value;
    return reply;
}

Reply Reply::fromArray(const QList<Reply> &elements)
{
    Reply reply;
    reply.type = Type::Array;
    reply.elements = elements;
    return reply;
}

bool operator==(const Reply &a, const Reply &b)
{
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case Reply::Type::Nil:
        return true;
    case Reply::Type::Integer:
        return a.integer == b.integer;
    case Reply::Type::Array:
        return a.elements == b.elements;
    case Reply::Type::Status:
    case Reply::Type::Error:
    case Reply::Type::String:
        break;
    }
    return a.string == b.string;
}

QDebug operator<<(QDebug debug, const Reply &reply)
{
    const QDebugStateSaver saver(debug);
    debug.nospace();
    switch (reply.type) {
    case Reply::Type::Nil:
        return debug << "Reply(nil)";
    case Reply::Type::Status:
        return debug << "Reply(status " << reply.string << ')';
    case Reply::Type::Error:
        return debug << "Reply(error " << reply.string << ')';
    case Reply::Type::Integer:
        return debug << "Reply(" << reply.integer << ')';
    case Reply::Type::String:
        return debug << "Reply(" << reply.string << ')';
    case Reply::Type::Array:
        break;
    }
    return debug << "Reply(array " << reply.elements << ')';
}

} // namespace SocketIo::Redis
