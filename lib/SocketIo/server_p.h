// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SERVER_P_H
#define SOCKETIO_SERVER_P_H

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

#include <SocketIo/engine.h>
#include <SocketIo/server.h>

namespace SocketIo {

class ServerPrivate
{
    Q_DECLARE_PUBLIC(Server)

public:
    static ServerPrivate *get(Server *server) { return server->d_func(); }
    // The packet format of the server's connections (ServerOptions::parser()); JSON without a server.
    static Sio::Format packetFormat(Server *server) { return server ? get(server)->format : Sio::Format::Json; }

    ServerPrivate(Server *q, const ServerOptions &options);

    Namespace *createNamespace(const QString &name, ParentNamespace *parent);
    // The factory's adapter for nsp (the in-memory one without), initialized.
    Adapter *makeAdapter(Namespace *nsp) const;
    void replaceAdapter(Namespace *nsp);
    Namespace *lookupNamespace(const QString &name, const QVariantMap &auth);
    ParentNamespace *addParent(ContextBound<Server::NamespaceMatcher> matcher, bool fromPattern);
    void onEngineConnection(EngineSocket *conn);
    void removeNamespace(Namespace *nsp);
    void serveClientFiles();
    static QString normalize(const QString &name);

    Server *q_ptr;
    ServerOptions options;
    Sio::Format format = Sio::Format::Json;
    Engine *engine = nullptr;
    Namespace *mainNamespace = nullptr;
    QHash<QString, Namespace *> namespaces;
    struct Parent
    {
        ContextBound<Server::NamespaceMatcher> matcher;
        ParentNamespace *nsp;
        bool fromPattern; // of(QRegularExpression): also catches of(name)
    };
    QList<Parent> parents;
    Server::AdapterFactory adapterFactory;
    int parentCount = 0;
    bool clientServed = false;
};

} // namespace SocketIo

#endif
