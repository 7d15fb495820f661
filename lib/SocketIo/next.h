// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_NEXT_H
#define SOCKETIO_NEXT_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <functional>

namespace SocketIo {

class NextPrivate;
// What a middleware calls once: accept() lets the connection (or packet) go on,
// reject() refuses it with a message and optional data.
class SOCKETIO_EXPORT Next
{
public:
    Next();
    Next(const Next &other);
    Next &operator=(const Next &other);
    ~Next();

    void accept() const;
    void operator()() const { accept(); }
    void reject(const QString &message, const QVariant &data = {}) const;
    bool isAnswered() const;

private:
    friend class NextPrivate;
    explicit Next(std::function<void(bool ok, const QString &message, const QVariant &data)> done);
    QExplicitlySharedDataPointer<NextPrivate> d;
};

} // namespace SocketIo

#endif // SOCKETIO_NEXT_H
