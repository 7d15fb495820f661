// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ALLOWREQUESTREPLY_H
#define SOCKETIO_ALLOWREQUESTREPLY_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

#include <functional>

namespace SocketIo {

class AllowRequestReplyPrivate;
class SOCKETIO_EXPORT AllowRequestReply
{
public:
    AllowRequestReply();
    AllowRequestReply(const AllowRequestReply &other);
    AllowRequestReply &operator=(const AllowRequestReply &other);
    ~AllowRequestReply();

    void accept() const;
    void reject(const QString &message = {}) const;
    bool isAnswered() const;

private:
    friend class AllowRequestReplyPrivate;
    explicit AllowRequestReply(std::function<void(bool, const QString &)> done);
    QExplicitlySharedDataPointer<AllowRequestReplyPrivate> d;
};

} // namespace SocketIo

#endif // SOCKETIO_ALLOWREQUESTREPLY_H
