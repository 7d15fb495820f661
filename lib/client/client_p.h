// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLIENT_P_H
#define SOCKETIO_CLIENT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "clientengine_p.h"
#include "sioparser_p.h"

#include <SocketIo/client.h>

#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace SocketIo {

// engine.io-client's Backoff: min * 2^attempts, jittered, capped at max.
struct ClientBackoff
{
    qint64 min = 1000;
    qint64 max = 5000;
    double jitter = 0.5;
    int attempts = 0;
    qint64 duration();
};

class ClientPrivate
{
    Q_DECLARE_PUBLIC(Client)

public:
    static ClientPrivate *get(Client *client) { return client->d_func(); }

    explicit ClientPrivate(Client *q);

    void setState(Client::State newState);
    void setError(Client::Error newError, const QString &message);
    void onEngineOpened();
    void onEnginePacket(const Eio::Packet &packet);
    void onEngineClosed(const QString &reason);
    void onEngineFailed(const QString &message);
    void onClose(const QString &reason);
    void reconnect();
    void dropEngine();

    void sendPacket(const Sio::Packet &packet);
    void socketDeactivated();

    Client *q_ptr;
    ClientEngineOptions options;
    Client::Transports transports = Client::Transport::Polling | Client::Transport::WebSocket;
    bool autoConnect = true;
    qint64 timeoutMs = 20000;
    bool reconnection = true;
    int reconnectionAttempts = -1; // infinite
    ClientBackoff backoff;

    Client::State state = Client::State::Closed;
    Client::Error error = Client::Error::NoError;
    QString errorString;
    QPointer<ClientEngine> engine;
    Sio::Decoder decoder;
    QHash<QString, ClientSocket *> sockets;
    bool skipReconnect = false;
    bool reconnecting = false;
    QTimer openTimer;
    QTimer reconnectTimer;
};

} // namespace SocketIo

#endif // SOCKETIO_CLIENT_P_H
