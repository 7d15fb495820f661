// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ADMININSTRUMENTATION_P_H
#define SOCKETIO_ADMININSTRUMENTATION_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "admininstrumentation.h"
#include "aggregatedevents_p.h"
#include "passwordcheck_p.h"
#include "sessionstore_p.h"

#include <SocketIo/engine.h>
#include <SocketIo/next.h>

#include <QtCore/QBasicTimer>
#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace SocketIo {

class EngineSocket;
class Namespace;
class Server;
class Socket;

class AdminInstrumentationPrivate
{
    Q_DECLARE_PUBLIC(AdminInstrumentation)

public:
    static constexpr int StatsIntervalMs = 2000; // as @socket.io/admin-ui
    static constexpr int SampleIntervalMs = 1000;

    static AdminInstrumentation *create(Server *server, const AdminOptions &options);
    static AdminInstrumentationPrivate *get(AdminInstrumentation *q) { return q->d_func(); }

    AdminInstrumentationPrivate(AdminInstrumentation *q, Server *server, const AdminOptions &options);

    // The admin namespace and its clients
    void authenticate(Socket *socket, const Next &next);
    void onAdminConnection(Socket *socket);
    void registerCommands(Socket *socket);
    QStringList supportedFeatures() const;
    QVariantList allSockets() const;
    Namespace *existingNamespace(const QVariant &name) const;

    // What is watched
    void track(Namespace *nsp);
    void trackSocket(Socket *socket);
    void trackEngineSocket(EngineSocket *conn);
    void hookTraffic(Socket *socket);
    void unhookTraffic(Socket *socket);
    void updateTrafficHooks();
    bool watching() const;
    bool isDevelopment() const { return options.mode() == AdminOptions::Mode::Development; }
    void broadcast(const QString &event, const QVariantList &args);

    // Statistics
    void sample();
    void sendStats();
    QVariantMap serverStats();

    AdminInstrumentation *q_ptr;
    QPointer<Server> server;
    AdminOptions options;
    QPointer<Namespace> adminNsp;
    Admin::SessionStore sessions;
    Admin::PasswordCheck passwords;
    QHash<const Socket *, QString> pendingSessions; // password logins whose "session" event is due
    bool trafficHooked = false; // event_received/event_sent listeners on every socket, while watched
    Admin::AggregatedEvents aggregated;
    EngineStatistics lastSample;
    QTimer sampleTimer;
    QTimer statsTimer;
};

} // namespace SocketIo

#endif // SOCKETIO_ADMININSTRUMENTATION_P_H
