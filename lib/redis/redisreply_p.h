// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REDISREPLY_P_H
#define SOCKETIO_REDISREPLY_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <QtCore/QByteArray>
#include <QtCore/QList>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

namespace SocketIo::Redis {

// One RESP2 reply, copied out of hiredis: every string is binary-safe.
struct Reply
{
    enum class Type { Nil, Status, Error, Integer, String, Array };

    Type type = Type::Nil;
    QByteArray string;     // Status, Error and String
    qint64 integer = 0;    // Integer
    QList<Reply> elements; // Array

    static Reply error(const QByteArray &message);
    static Reply fromString(const QByteArray &value);
    static Reply fromInteger(qint64 value);
    static Reply fromArray(const QList<Reply> &elements);

    bool isNil() const { return type == Type::Nil; }
    bool isStatus() const { return type == Type::Status; }
    bool isError() const { return type == Type::Error; }
    bool isInteger() const { return type == Type::Integer; }
    bool isString() const { return type == Type::String; }
    bool isArray() const { return type == Type::Array; }

    friend bool operator==(const Reply &a, const Reply &b);
    friend bool operator!=(const Reply &a, const Reply &b) { return !(a == b); }
};

QDebug operator<<(QDebug debug, const Reply &reply);

} // namespace SocketIo::Redis

#endif // SOCKETIO_REDISREPLY_P_H
