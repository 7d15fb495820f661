// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_NAMESPACE_P_H
#define SOCKETIO_NAMESPACE_P_H

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

#include <SocketIo/namespace.h>
#include <SocketIo/session.h>

namespace SocketIo {

class Connection;

class NamespacePrivate
{
    Q_DECLARE_PUBLIC(Namespace)

public:
    static NamespacePrivate *get(Namespace *nsp) { return nsp->d_func(); }
    // A namespace of server, still without its adapter.
    static Namespace *create(Server *server, const QString &name);

    NamespacePrivate(Server *server, const QString &name);
    virtual ~NamespacePrivate();

    void add(Connection *connection, const QVariantMap &auth, std::function<void(Socket *)> done);
    void addSocket(Connection *connection, const QVariantMap &auth, const std::optional<Session> &session,
                   std::function<void(Socket *)> done);
    void runMiddlewares(Socket *socket, qsizetype index,
                        std::function<void(bool, const QString &, const QVariant &)> done);
    void doConnect(Socket *socket, const std::function<void(Socket *)> &done);
    void remove(Socket *socket);
    void cleanupIfEmpty();
    QList<ContextBound<Namespace::Middleware>> allMiddlewares();
    qint64 nextAckId() { return ackIds++; }
    BroadcastOperator op(const BroadcastOptions &options = {}) const;
    void receiveServerSideEmit(const QVariantList &data, std::function<void(const QVariantList &)> reply);

    Namespace *q_ptr = nullptr;
    Server *server;
    QString name;
    Adapter *adapter = nullptr;
    QHash<QString, Socket *> sockets;
    QList<ContextBound<Namespace::Middleware>> middlewares;
    ParentNamespace *parent = nullptr; // set on a dynamic child
    qint64 ackIds = 0;
    EventListeners<Namespace::EventHandler> serverSideHandlers;
};

class ParentNamespacePrivate : public NamespacePrivate
{
    Q_DECLARE_PUBLIC(ParentNamespace)

public:
    static ParentNamespacePrivate *get(ParentNamespace *nsp) { return nsp->d_func(); }
    // A parent namespace of server, still without its adapter.
    static ParentNamespace *create(Server *server, const QString &name);

    using NamespacePrivate::NamespacePrivate;

    QList<QPointer<Namespace>> children;
};

} // namespace SocketIo

#endif
