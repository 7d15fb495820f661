// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SOCKET_P_H
#define SOCKETIO_SOCKET_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "contextbound_p.h"
#include "listeners_p.h"
#include "protocolnames_p.h"
#include "sioparser_p.h"

#include <SocketIo/adapter.h>
#include <SocketIo/socket.h>

#include <QtCore/QHash>
#include <QtCore/QPointer>

namespace SocketIo {

class Connection;

class SocketPrivate
{
    Q_DECLARE_PUBLIC(Socket)

public:
    static SocketPrivate *get(Socket *socket) { return socket->d_func(); }

    SocketPrivate(Namespace *nsp, Connection *connection, const QString &id, const Handshake &handshake);

    void onConnect();
    void onPacket(Sio::Packet &&packet);
    void onEvent(Sio::Packet &&packet);
    void onAck(const Sio::Packet &packet);
    void onClose(Socket::DisconnectReason reason);
    void dispatch(const QString &event, const QVariantList &args, const Ack &ack);
    void runMiddlewares(const QVariantList &packet, qsizetype index,
                        std::function<void(bool, const QString &, const QVariant &)> done);
    void packet(Sio::Packet packet, const BroadcastFlags &flags = {});
    bool emitPacket(const QString &event, const QVariantList &args, const BroadcastFlags &flags, QObject *context,
                    AckCallback callback);
    void notifyOutgoing(const QString &event, const QVariantList &args);
    void registerAck(qint64 id, QObject *context, AckCallback callback, qint64 timeoutMs);

    static Socket *create(Namespace *nsp, Connection *connection, const Handshake &handshake,
                          const std::optional<Session> &session);
    bool recoveryEnabled() const;

    Socket *q_ptr = nullptr;
    Namespace *nsp;
    QPointer<Connection> connection;
    QString id;
    Handshake handshake;
    QVariantMap data;
    bool connected = false;
    bool recovered = false;
    QString pid; // private id, with connection state recovery
    QStringList restoredRooms;
    QList<QVariantList> missedPackets;
    EventListeners<Socket::EventHandler> handlers;
    AnyListeners<Socket::AnyHandler> anyListeners;
    AnyListeners<Socket::AnyHandler> anyOutgoingListeners;
    QList<ContextBound<Socket::PacketMiddleware>> middlewares;
    QHash<qint64, ContextBound<AckCallback>> acks;
};

} // namespace SocketIo

#endif
