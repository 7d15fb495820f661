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
#include "listeners_p.h"
#include "protocolnames_p.h"
#include "sioparser_p.h"

#include <SocketIo/clientsocket.h>
#include <SocketIo/emitflags.h>

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace SocketIo {

class ClientSocketPrivate
{
    Q_DECLARE_PUBLIC(ClientSocket)

public:
    // socket.io-client's Socket.flags, fixed for one emit.
    // The server's emit flags (timeoutMs < 0: the socket's ackTimeout, if any), and whether the
    // packet comes from the retry queue.
    struct EmitFlags : BroadcastFlags
    {
        bool fromQueue = false;
    };

    // An event that arrived before CONNECT was handled (receiveBuffer).
    struct ReceivedEvent
    {
        QString event;
        QVariantList args;
        Ack ack;
    };

    // An emit waiting in the retry queue (socket.io-client's QueuedPacket).
    struct QueuedPacket
    {
        qint64 id = 0;
        int tryCount = 0;
        bool pending = false;
        QString event;
        QVariantList args;
        EmitFlags flags;
        ContextBound<AckCallback> ack; // the caller's callback, possibly none
    };

    struct PendingAck
    {
        ContextBound<AckCallback> callback;
        QTimer *timer = nullptr;
        bool withError = true; // told about a disconnection (socket.io-client's fn.withError)
    };

    static ClientSocketPrivate *get(ClientSocket *socket) { return socket->d_func(); }
    // The socket of client for namespace nsp, a child of client.
    static ClientSocket *create(Client *client, const QString &nsp, const QVariantMap &auth);

    ClientSocketPrivate(ClientSocket *q, Client *client, const QString &nsp, const QVariantMap &auth);

    void sendConnect(const QVariantMap &data);
    void onEngineOpen();
    void onAuthReply(quint64 attempt, const QVariantMap &data);
    void onPacket(const Sio::Packet &packet);
    void onConnect(const QVariantMap &data);
    void onEvent(const Sio::Packet &packet);
    void dispatchEvent(const ReceivedEvent &event);
    void emitBuffered();
    void onAck(const Sio::Packet &packet);
    void onConnectError(const QVariant &data);
    void onClose(ClientSocket::DisconnectReason reason);
    void clearAcks();
    void onOpenFailed(const QString &message);
    void packet(const Sio::Packet &packet);
    bool emitPacket(const QString &event, const QVariantList &args, const EmitFlags &flags, QObject *context,
                    AckCallback callback);
    void registerAck(qint64 id, qint64 timeoutMs, ContextBound<AckCallback> callback, bool withError);
    void onAckTimeout(qint64 id, qint64 timeoutMs);
    void addToQueue(const QString &event, const QVariantList &args, const EmitFlags &flags, QObject *context,
                    AckCallback callback);
    void onQueueAck(qint64 queueId, const QVariant &error, const QVariantList &args);
    void drainQueue(bool force = false);
    void notifyOutgoing(const Sio::Packet &packet);
    bool isTransportWritable() const;
    bool isEngineConnected() const;

    ClientSocket *q_ptr;
    QPointer<Client> client;
    QString nsp;
    QVariantMap auth;
    ContextBound<ClientSocket::AuthProvider> authProvider;
    quint64 connectAttempt = 0; // the auth reply that may still send CONNECT
    QString id;
    QString pid;        // connection state recovery: private id from CONNECT
    QString lastOffset; // ... and the offset of the last event received
    bool connected = false;
    bool active = false; // wants to be connected (socket.io-client's "subscribed")
    bool recovered = false;
    int retries = 0;
    qint64 ackTimeoutMs = -1;
    qint64 nextAckId = 0;
    qint64 nextQueueId = 0;
    QList<Sio::Packet> sendBuffer;
    QList<ReceivedEvent> receiveBuffer;
    QList<QueuedPacket> queue;
    EventListeners<ClientSocket::EventHandler> handlers;
    AnyListeners<ClientSocket::AnyHandler> anyListeners;
    AnyListeners<ClientSocket::AnyHandler> anyOutgoingListeners;
    QHash<qint64, PendingAck> acks;
};

} // namespace SocketIo

#endif // SOCKETIO_CLIENTSOCKET_P_H
