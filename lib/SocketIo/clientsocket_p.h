// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLIENTSOCKET_P_H
#define SOCKETIO_CLIENTSOCKET_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "contextbound_p.h"
#include "sioparser_p.h"

#include <SocketIo/clientsocket.h>

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace SocketIo {

class ClientSocketPrivate
{
    Q_DECLARE_PUBLIC(ClientSocket)

public:
    ClientSocketPrivate(ClientSocket *q, Client *client, const QString &nsp, const QVariantMap &auth);

    static bool isReserved(const QString &event);
    void sendConnect();
    void onEngineOpen();
    void onPacket(const Sio::Packet &packet);
    void onConnect(const QVariantMap &data);
    void onEvent(const Sio::Packet &packet);
    void onAck(const Sio::Packet &packet);
    void onConnectError(const QVariant &data);
    void onClose(const QString &reason);
    void onOpenFailed(const QString &message);
    void packet(const Sio::Packet &packet);
    bool emitPacket(const QString &event, const QVariantList &args, qint64 timeoutMs,
                    QObject *context, AckCallback callback);

    struct PendingAck
    {
        ContextBound<AckCallback> callback;
        QTimer *timer = nullptr;
    };

    ClientSocket *q_ptr;
    QPointer<Client> client;
    QString nsp;
    QVariantMap auth;
    QString id;
    QString pid;        // connection state recovery: private id from CONNECT
    QString lastOffset; // ... and the offset of the last event received
    bool connected = false;
    bool active = false; // wants to be connected (socket.io-client's "subscribed")
    bool recovered = false;
    qint64 nextAckId = 0;
    QList<Sio::Packet> sendBuffer;
    QHash<QString, QList<ContextBound<ClientSocket::EventHandler>>> handlers;
    QList<ContextBound<ClientSocket::AnyHandler>> anyListeners;
    QHash<qint64, PendingAck> acks;
};

} // namespace SocketIo

#endif // SOCKETIO_CLIENTSOCKET_P_H
