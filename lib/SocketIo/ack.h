// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ACK_H
#define SOCKETIO_ACK_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/next.h>

#include <QtCore/QSharedDataPointer>
#include <QtCore/QVariant>

#include <functional>

namespace SocketIo {

// The reply to an acknowledgement: error is null on success, or the timeout
// message ("operation has timed out"); args are the client's reply (for a
// broadcast: one entry per client that answered, its first argument).
using AckCallback = std::function<void(const QVariant &error, const QVariantList &args)>;

class AckPrivate;
class SOCKETIO_EXPORT Ack
{
public:
    Ack();
    Ack(const Ack &other);
    Ack(Ack &&other) noexcept;
    Ack &operator=(const Ack &other);
    Ack &operator=(Ack &&other) noexcept;
    ~Ack();
    void swap(Ack &other) noexcept { d.swap(other.d); }

    bool isValid() const; // the client asked for an acknowledgement
    bool isSent() const;
    qint64 id() const;
    bool send(const QVariantList &args = {}) const;
    bool operator()(const QVariantList &args = {}) const { return send(args); }

    friend SOCKETIO_EXPORT bool operator==(const Ack &a, const Ack &b);
    friend bool operator!=(const Ack &a, const Ack &b) { return !(a == b); }

private:
    friend class AckPrivate;
    explicit Ack(std::function<void(const QVariantList &)> sender, qint64 id);
    QExplicitlySharedDataPointer<AckPrivate> d;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::Ack)

#endif // SOCKETIO_ACK_H
