// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_HANDSHAKE_H
#define SOCKETIO_HANDSHAKE_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/enginerequest.h>

#include <QtCore/QDateTime>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QVariantMap>

namespace SocketIo {

class HandshakePrivate;
// The details of the connection that created a Socket (socket.handshake).
class SOCKETIO_EXPORT Handshake
{
public:
    Handshake();
    Handshake(const EngineRequest &request, const QVariantMap &auth);
    Handshake(const Handshake &other);
    Handshake(Handshake &&other) noexcept;
    Handshake &operator=(const Handshake &other);
    Handshake &operator=(Handshake &&other) noexcept;
    ~Handshake();
    void swap(Handshake &other) noexcept { d.swap(other.d); }

    EngineRequest::HeaderList headers() const;
    QByteArray header(QByteArrayView name) const;
    QDateTime time() const;
    QString address() const;
    bool xdomain() const;
    bool secure() const;
    qint64 issued() const; // ms since the epoch
    QString url() const;
    QVariantMap query() const;
    QVariantMap auth() const;
    QVariantMap toVariantMap() const;

    friend SOCKETIO_EXPORT bool operator==(const Handshake &a, const Handshake &b);
    friend bool operator!=(const Handshake &a, const Handshake &b) { return !(a == b); }

private:
    QSharedDataPointer<HandshakePrivate> d;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::Handshake)

#endif // SOCKETIO_HANDSHAKE_H
