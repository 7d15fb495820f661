// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

//
//  W A R N I N G
//  -------------
//
// This file is not part of the console's API. It exists purely as an
// implementation detail and may change from version to version without notice.
//

#ifndef SOCKETIOADMIN_SERVERCONNECTION_P_H
#define SOCKETIOADMIN_SERVERCONNECTION_P_H

#include "serverconnection.h"

#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QTimer>

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>

namespace SocketIoAdmin {

class ConnectionDiagnosis;

class ServerConnectionPrivate
{
    Q_DECLARE_PUBLIC(ServerConnection)

public:
    explicit ServerConnectionPrivate(ServerConnection *q, const ConnectionSettings &settings);

    static ServerConnectionPrivate *get(ServerConnection *q) { return q->d_func(); }

    // lifecycle (serverconnection.cpp)
    void setState(ServerConnection::State newState, const QString &detail = {});
    void onConnected();
    void onConnectError(const QString &message);
    void onDisconnected(SocketIo::ClientSocket::DisconnectReason reason);
    void diagnose(const QString &message);
    QVariantMap authFor() const;
    bool sendCommand(ServerConnection::Feature feature, const QString &event, const QVariantList &args);

    // protocol events (serverconnectionevents.cpp)
    void handleEvent(const QString &event, const QVariantList &args);
    void handleConfig(const QVariant &config);
    void handleAllSockets(const QVariantList &list);
    void handleStats(const QVariant &stats);
    void handleSocketConnected(const QVariantList &args);
    void handleSocketUpdated(const QVariant &update);
    void handleSocketDisconnected(const QVariantList &args);
    void handleRoom(const QVariantList &args, bool joined);
    void handleTraffic(const QVariantList &args, bool received);
    void log(LogEntry entry);
    void markAdded(const SocketKey &key);
    void markUpdated(const SocketKey &key);
    void markRemoved(const SocketKey &key);
    void noteNamespace(const QString &nsp);
    void scheduleFlush();
    void flush();

    ServerConnection *q_ptr;
    ConnectionSettings settings;
    ServerConnection::State state = ServerConnection::State::Disconnected;
    QString detail;
    QString sessionId;
    bool triedSession = false;
    bool everConnected = false;
    bool closing = false;

    QPointer<SocketIo::Client> client;
    QPointer<SocketIo::ClientSocket> socket;
    QPointer<ConnectionDiagnosis> diagnosis;
    QTimer configWatchdog;

    bool hasConfig = false;
    QStringList supportedFeatures;
    ServerConnection::Features features;

    QHash<SocketKey, SocketInfo> sockets;
    QHash<QString, ServerStats> stats;
    QStringList namespaces;

    // the batch being gathered
    QTimer flushTimer;
    QList<SocketKey> addedOrder;
    QSet<SocketKey> added;
    QSet<SocketKey> updated;
    QSet<SocketKey> removed;
    QList<LogEntry> pendingLog;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_SERVERCONNECTION_P_H
