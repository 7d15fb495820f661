// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SOCKETEMITTER_H
#define SOCKETIO_SOCKETEMITTER_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/ack.h>
#include <SocketIo/broadcastoperator.h>

#include <QtCore/QPointer>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <chrono>

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

namespace SocketIo {

class Socket;

// Emits to one socket with flags: socket->timeout(5s).emitWithAck(...).
class SOCKETIO_EXPORT SocketEmitter
{
public:
    SocketEmitter(Socket *socket, const BroadcastFlags &flags);
    [[nodiscard]] SocketEmitter timeout(std::chrono::milliseconds timeout) const;
    [[nodiscard]] SocketEmitter asVolatile() const;
    [[nodiscard]] SocketEmitter compress(bool compress) const;
    bool emitEvent(const QString &event, const QVariantList &args = {}) const;
    bool emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback) const;

private:
    QPointer<Socket> m_socket;
    BroadcastFlags m_flags;
    void *reserved = nullptr;
};

} // namespace SocketIo

#endif // SOCKETIO_SOCKETEMITTER_H
