// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_BROADCASTOPERATOR_H
#define SOCKETIO_BROADCASTOPERATOR_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/ack.h>
#include <SocketIo/remotesocket.h>
#include <SocketIo/emitflags.h>

#include <QtCore/QFuture>
#include <QtCore/QSet>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <chrono>

QT_BEGIN_NAMESPACE
class QDebug;
class QObject;
QT_END_NAMESPACE

namespace SocketIo {

class Namespace;
class Socket;

// Whom a broadcast reaches: sockets in any of rooms (every socket when empty),
// minus the sockets in any of except.
struct BroadcastOptions
{
    QSet<QString> rooms;
    QSet<QString> except;
    BroadcastFlags flags;
};

class BroadcastOperatorPrivate;
// An immutable chain: io.of("/chat").to("room").except("x").emitEvent(...).
// Every modifier returns a new operator; the original is left unchanged.
class SOCKETIO_EXPORT BroadcastOperator
{
public:
    BroadcastOperator();
    explicit BroadcastOperator(Namespace *nsp, const BroadcastOptions &options = {});
    BroadcastOperator(const BroadcastOperator &other);
    BroadcastOperator(BroadcastOperator &&other) noexcept;
    BroadcastOperator &operator=(const BroadcastOperator &other);
    BroadcastOperator &operator=(BroadcastOperator &&other) noexcept;
    ~BroadcastOperator();
    void swap(BroadcastOperator &other) noexcept { d.swap(other.d); }

    [[nodiscard]] BroadcastOperator to(const QString &room) const;
    [[nodiscard]] BroadcastOperator to(const QStringList &rooms) const;
    [[nodiscard]] BroadcastOperator in(const QString &room) const { return to(room); }
    [[nodiscard]] BroadcastOperator in(const QStringList &rooms) const { return to(rooms); }
    [[nodiscard]] BroadcastOperator except(const QString &room) const;
    [[nodiscard]] BroadcastOperator except(const QStringList &rooms) const;
    [[nodiscard]] BroadcastOperator compress(bool compress) const;
    [[nodiscard]] BroadcastOperator asVolatile() const;
    [[nodiscard]] BroadcastOperator local() const;
    [[nodiscard]] BroadcastOperator timeout(std::chrono::milliseconds timeout) const;

    bool emitEvent(const QString &event, const QVariantList &args = {}) const;
    bool emitWithAck(const QString &event, const QVariantList &args, QObject *context, AckCallback callback) const;
    QList<Socket *> fetchSockets() const;                                     // this server's
    void fetchSockets(QObject *context, FetchSocketsCallback callback) const; // every server's
    QFuture<QList<RemoteSocket>> fetchSocketsAsync() const;                   // every server's
    void socketsJoin(const QStringList &rooms) const;
    void socketsLeave(const QStringList &rooms) const;
    void disconnectSockets(bool close = false) const;

    Namespace *nsp() const;
    BroadcastOptions options() const;

    friend SOCKETIO_EXPORT bool operator==(const BroadcastOperator &a, const BroadcastOperator &b);
    friend bool operator!=(const BroadcastOperator &a, const BroadcastOperator &b) { return !(a == b); }

private:
    QSharedDataPointer<BroadcastOperatorPrivate> d;
};

SOCKETIO_EXPORT QDebug operator<<(QDebug debug, const BroadcastOperator &op);

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::BroadcastOperator)

#endif // SOCKETIO_BROADCASTOPERATOR_H
