// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CONNECTION_P_H
#define SOCKETIO_CONNECTION_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "enginesocket_p.h"
#include "flatmap_p.h"
#include "sioparser_p.h"

#include <SocketIo/broadcastoperator.h>
#include <SocketIo/enginesocket.h>
#include <SocketIo/socket.h>

#include <QtCore/QBasicTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>

namespace SocketIo {

class ServerPrivate;

// One Engine.IO connection carrying any number of namespaces (the "Client"
// of Node's socket.io): decodes packets, routes them to the namespace
// sockets, writes encoded packets, and closes the engine connection when no
// namespace is joined within connectTimeout.
class Connection : public QObject, private EngineSocketListener
{
public:
    Connection(ServerPrivate *server, EngineSocket *conn);
    ~Connection() override;

    EngineSocket *conn() const { return m_conn; }
    // A Socket.IO 2 client (Socket.IO protocol 4 over Engine.IO 3): met as Node meets it.
    bool isLegacyClient() const { return m_conn && m_conn->protocol() == 3; }
    // Writes what Sio::encode() made in this connection's format (one text frame, if any, then binary ones).
    void write(const Sio::Encoded &encoded, const BroadcastFlags &flags);
    void writePacket(const Sio::Packet &packet, const BroadcastFlags &flags = {});
    void remove(Socket *socket);
    // Disconnects every namespace and closes the engine connection.
    void disconnectAll();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onEngineMessage(const QByteArray &data, bool binary) override;
    void onEngineClosed(EngineSocket::CloseReason reason) override;
    void onPacket(Sio::Packet &&packet);
    void connectNamespace(const QString &name, const QVariantMap &auth);
    void onError(const QString &reason);
    void onClose(Socket::DisconnectReason reason);

    ServerPrivate *m_server;
    QPointer<EngineSocket> m_conn;
    Sio::Decoder m_decoder;
    FlatMap<QString, QPointer<Socket>> m_sockets; // namespace name -> socket
    QStringList m_connecting;                     // namespaces whose middleware runs (a few at most)
    QBasicTimer m_connectTimer;
    bool m_closed = false;
};

} // namespace SocketIo

#endif
