// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "admininstrumentation.h"
#include "admininstrumentation_p.h"
#include "serialize_p.h"

#include <SocketIo/adapter.h>
#include <SocketIo/broadcastoperator.h>
#include <SocketIo/enginesocket.h>
#include <SocketIo/inmemoryadapter.h>
#include <SocketIo/namespace.h>
#include <SocketIo/server.h>
#include <SocketIo/socket.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSysInfo>

namespace SocketIo {

Q_LOGGING_CATEGORY(lcAdmin, "socketio.admin")

namespace {
const QString InvalidCredentials = QStringLiteral("invalid credentials");

bool isAbsent(const QVariant &filter)
{
    return !filter.isValid() || filter.isNull() || filter.toString().isEmpty();
}
} // namespace

/*!
    \class SocketIo::AdminInstrumentation
    \inmodule SocketIo
    \brief Exposes a Server to admin consoles that speak the
    \c @socket.io/admin-ui protocol: \c socketio-admin, and the official web UI.

    Made by instrument(); a child of the server. It serves the admin
    namespace (AdminOptions::namespaceName(), \c /admin by default) and sends
    there what \c @socket.io/admin-ui 0.5.1 sends: \c config and
    \c all_sockets to each admin client that connects, \c server_stats every
    2 seconds, and in development mode \c socket_connected,
    \c socket_updated, \c socket_disconnected, \c room_joined, \c room_left,
    \c event_received and \c event_sent. Unless read-only, admin clients may
    send the commands \c emit, \c join, \c leave and \c _disconnect.

    While no admin client is connected nothing is built or sent, and no
    listener sits on incoming events or broadcasts: they cost what they cost
    without instrumentation. Commands act on existing namespaces only
    (Node's instrumentation would create the namespace an admin client names).
*/

/*!
    Instruments \a server with \a options and returns the instrumentation, a
    child of \a server. Returns \c nullptr (and logs why) when \a options do
    not choose the authentication, or name a password hash that is not bcrypt.
*/
AdminInstrumentation *instrument(Server *server, const AdminOptions &options)
{
    return AdminInstrumentationPrivate::create(server, options);
}

AdminInstrumentation::AdminInstrumentation(Server *server) : QObject(server) {}

AdminInstrumentation::~AdminInstrumentation() = default;

/*! Returns the instrumented server. */
Server *AdminInstrumentation::server() const
{
    return d_func()->server;
}
/*! Returns the admin namespace. */
Namespace *AdminInstrumentation::adminNamespace() const
{
    return d_func()->adminNsp;
}
AdminOptions AdminInstrumentation::options() const
{
    return d_func()->options;
}
/*! Returns how many admin clients are connected to this server. */
int AdminInstrumentation::adminCount() const
{
    Q_D(const AdminInstrumentation);
    return d->adminNsp ? d->adminNsp->socketCount() : 0;
}

AdminInstrumentationPrivate::AdminInstrumentationPrivate(AdminInstrumentation *q, Server *server,
                                                         const AdminOptions &options)
    : q_ptr(q), server(server), options(options), sessions(options.sessionDuration())
{}

AdminInstrumentation *AdminInstrumentationPrivate::create(Server *server, const AdminOptions &options)
{
    if (!server) {
        qCWarning(lcAdmin, "instrument: no server");
        return nullptr;
    }
    if (options.auth() == AdminOptions::Auth::Unset) {
        qCWarning(lcAdmin, "instrument: choose the authentication, setNoAuth() or setBasicAuth()");
        return nullptr;
    }
    if (options.auth() == AdminOptions::Auth::Basic && !Admin::PasswordCheck::isBcryptHash(options.passwordHash())) {
        qCWarning(lcAdmin, "instrument: the password must be given as a bcrypt hash ($2a$, $2b$ or $2y$)");
        return nullptr;
    }
    auto *q = new AdminInstrumentation(server);
    q->d_ptr = std::make_unique<AdminInstrumentationPrivate>(q, server, options);
    AdminInstrumentationPrivate *d = q->d_func();
    d->adminNsp = server->of(options.namespaceName());
    if (options.auth() == AdminOptions::Auth::Basic)
        d->adminNsp->use(q, [d](Socket *socket, const Next &next) { d->authenticate(socket, next); });
    QObject::connect(d->adminNsp, &Namespace::socketCountChanged, q, &AdminInstrumentation::adminCountChanged);
    QObject::connect(d->adminNsp, &Namespace::socketCountChanged, q, [d] { d->updateTrafficHooks(); });

    const QList<Namespace *> namespaces = server->namespaces();
    for (Namespace *nsp : namespaces)
        d->track(nsp);
    QObject::connect(server, &Server::newNamespace, q, [d](Namespace *nsp) { d->track(nsp); });
    d->updateTrafficHooks(); // on at once when a cluster adapter may carry events to other nodes' admins
    // After the tracking of the admin namespace: an admin client hears of itself first.
    QObject::connect(d->adminNsp, &Namespace::connection, q, [d](Socket *socket) { d->onAdminConnection(socket); });

    Engine *engine = server->engine();
    const QList<EngineSocket *> conns = engine->clients();
    for (EngineSocket *conn : conns)
        d->trackEngineSocket(conn);
    QObject::connect(engine, &Engine::connection, q, [d](EngineSocket *conn) {
        d->aggregated.add(QDateTime::currentMSecsSinceEpoch(), QStringLiteral("rawConnection"));
        d->trackEngineSocket(conn);
    });
    d->lastSample = engine->statistics();
    d->sampleTimer.setInterval(SampleIntervalMs);
    QObject::connect(&d->sampleTimer, &QTimer::timeout, q, [d] { d->sample(); });
    d->sampleTimer.start();
    d->statsTimer.setInterval(StatsIntervalMs);
    QObject::connect(&d->statsTimer, &QTimer::timeout, q, [d] { d->sendStats(); });
    d->statsTimer.start();
    d->sendStats();
    qCInfo(lcAdmin, "admin namespace %s (%s, %s%s)", qPrintable(options.namespaceName()),
           options.auth() == AdminOptions::Auth::Basic ? "basic auth" : "no auth",
           d->isDevelopment() ? "development" : "production", options.isReadonly() ? ", read-only" : "");
    return q;
}

// Admin clients

void AdminInstrumentationPrivate::authenticate(Socket *socket, const Next &next)
{
    Q_Q(AdminInstrumentation);
    const QVariantMap auth = socket->handshake().auth();
    const QString sessionId = auth.value(QStringLiteral("sessionId")).toString();
    if (!sessionId.isEmpty() && sessions.contains(sessionId)) {
        next.accept();
        return;
    }
    if (auth.value(QStringLiteral("username")).toString() != options.username()) {
        qCInfo(lcAdmin, "admin login refused: unknown user");
        next.reject(InvalidCredentials);
        return;
    }
    QPointer<Socket> guard(socket);
    const QByteArray password = auth.value(QStringLiteral("password")).toString().toUtf8();
    passwords.verify(password, options.passwordHash(), q, [this, guard, next](bool ok) {
        if (!guard)
            return;
        if (!ok) {
            qCInfo(lcAdmin, "admin login refused: wrong password");
            next.reject(InvalidCredentials);
            return;
        }
        const Socket *key = guard;
        pendingSessions.insert(key, sessions.create());
        QObject::connect(guard, &QObject::destroyed, q_ptr, [this, key] { pendingSessions.remove(key); });
        next.accept();
    });
}

void AdminInstrumentationPrivate::onAdminConnection(Socket *socket)
{
    const QString session = pendingSessions.take(socket);
    if (!session.isEmpty())
        socket->emitEvent(QStringLiteral("session"), {session});
    if (!options.isReadonly())
        registerCommands(socket);
    socket->emitEvent(QStringLiteral("config"),
                      {QVariantMap{{QStringLiteral("supportedFeatures"), supportedFeatures()}}});
    if (isDevelopment())
        socket->emitEvent(QStringLiteral("all_sockets"), QVariantList{QVariant(allSockets())});
}

QStringList AdminInstrumentationPrivate::supportedFeatures() const
{
    QStringList features;
    if (!options.isReadonly()) {
        features << QStringLiteral("EMIT") << QStringLiteral("JOIN") << QStringLiteral("LEAVE")
                 << QStringLiteral("DISCONNECT") << QStringLiteral("MJOIN") << QStringLiteral("MLEAVE")
                 << QStringLiteral("MDISCONNECT");
    }
    features << QStringLiteral("AGGREGATED_EVENTS");
    if (isDevelopment())
        features << QStringLiteral("ALL_EVENTS");
    return features;
}

QVariantList AdminInstrumentationPrivate::allSockets() const
{
    QVariantList out;
    if (!server)
        return out;
    const QList<Namespace *> namespaces = server->namespaces();
    for (const Namespace *nsp : namespaces) {
        const auto sockets = nsp->sockets();
        for (const Socket *socket : sockets)
            out.append(Admin::serializeSocket(socket));
    }
    return out;
}

Namespace *AdminInstrumentationPrivate::existingNamespace(const QVariant &name) const
{
    if (!server || name.typeId() != QMetaType::QString)
        return nullptr;
    const QList<Namespace *> namespaces = server->namespaces();
    for (Namespace *nsp : namespaces) {
        if (nsp->name() == name.toString())
            return nsp;
    }
    return nullptr;
}

// emit(nsp, filter, event, ...args), join(nsp, room, filter), leave(nsp, room, filter),
// _disconnect(nsp, close, filter): a filter is a room (a socket id names one socket); none
// means the whole namespace. No acknowledgements: the effects come back as events.
void AdminInstrumentationPrivate::registerCommands(Socket *socket)
{
    Q_Q(AdminInstrumentation);
    socket->on(QStringLiteral("emit"), q, [this](const QVariantList &args, const Ack &) {
        Namespace *nsp = existingNamespace(args.value(0));
        const QString event = args.value(2).toString();
        if (!nsp || event.isEmpty()) {
            qCWarning(lcAdmin, "admin emit ignored: no such namespace or no event name");
            return;
        }
        const QVariant filter = args.value(1);
        if (isAbsent(filter))
            nsp->emitEvent(event, args.mid(3));
        else
            nsp->to(filter.toString()).emitEvent(event, args.mid(3));
    });
    auto roomCommand = [this](const QString &name, bool join) {
        return [this, name, join](const QVariantList &args, const Ack &) {
            Namespace *nsp = existingNamespace(args.value(0));
            const QString room = args.value(1).toString();
            if (!nsp || room.isEmpty()) {
                qCWarning(lcAdmin, "admin %s ignored: no such namespace or no room", qPrintable(name));
                return;
            }
            const QVariant filter = args.value(2);
            if (isAbsent(filter)) {
                join ? nsp->socketsJoin({room}) : nsp->socketsLeave({room});
            } else {
                const BroadcastOperator op = nsp->in(filter.toString());
                join ? op.socketsJoin({room}) : op.socketsLeave({room});
            }
        };
    };
    socket->on(QStringLiteral("join"), q, roomCommand(QStringLiteral("join"), true));
    socket->on(QStringLiteral("leave"), q, roomCommand(QStringLiteral("leave"), false));
    socket->on(QStringLiteral("_disconnect"), q, [this](const QVariantList &args, const Ack &) {
        Namespace *nsp = existingNamespace(args.value(0));
        if (!nsp) {
            qCWarning(lcAdmin, "admin _disconnect ignored: no such namespace");
            return;
        }
        const bool close = args.value(1).toBool();
        const QVariant filter = args.value(2);
        if (isAbsent(filter))
            nsp->disconnectSockets(close);
        else
            nsp->in(filter.toString()).disconnectSockets(close);
    });
}

// What is watched

// Whether anyone may hear what is sent to the admin namespace: a local admin
// client, or, with a cluster adapter, an admin client of another node. The
// cluster adapters derive from InMemoryAdapter (they keep the local rooms), so
// only the plain one counts as "no cluster".
bool AdminInstrumentationPrivate::watching() const
{
    if (!adminNsp)
        return false;
    const Adapter *adapter = adminNsp->adapter();
    return adminNsp->socketCount() > 0 || !adapter || adapter->metaObject() != &InMemoryAdapter::staticMetaObject;
}

void AdminInstrumentationPrivate::broadcast(const QString &event, const QVariantList &args)
{
    if (adminNsp)
        adminNsp->emitEvent(event, args);
}

void AdminInstrumentationPrivate::track(Namespace *nsp)
{
    Q_Q(AdminInstrumentation);
    if (!isDevelopment())
        return;
    const QString name = nsp->name();
    QObject::connect(nsp, &Namespace::connection, q, [this](Socket *socket) {
        trackSocket(socket);
        if (watching())
            broadcast(QStringLiteral("socket_connected"), {Admin::serializeSocket(socket), Admin::timestamp()});
    });
    Adapter *adapter = nsp->adapter();
    QObject::connect(adapter, &Adapter::joinedRoom, q, [this, name](const QString &room, const QString &id) {
        if (watching())
            broadcast(QStringLiteral("room_joined"), {name, room, id, Admin::timestamp()});
    });
    // One pass of the event loop later, as Node: after the socket_disconnected that caused it.
    QObject::connect(adapter, &Adapter::leftRoom, q, [this, name](const QString &room, const QString &id) {
        if (!watching())
            return;
        const QString at = Admin::timestamp();
        QTimer::singleShot(0, q_ptr, [this, name, room, id, at] {
            broadcast(QStringLiteral("room_left"), {name, room, id, at});
        });
    });
    const auto sockets = nsp->sockets();
    for (Socket *socket : sockets)
        trackSocket(socket);
}

void AdminInstrumentationPrivate::trackSocket(Socket *socket)
{
    Q_Q(AdminInstrumentation);
    const QString nspName = socket->nsp() ? socket->nsp()->name() : QString();
    const QString id = socket->id();
    QObject::connect(socket, &Socket::disconnected, q, [this, nspName, id](Socket::DisconnectReason reason) {
        if (watching())
            broadcast(QStringLiteral("socket_disconnected"),
                      {nspName, id, Socket::toString(reason), Admin::timestamp()});
    });
    QObject::connect(socket, &Socket::dataChanged, q, [this, socket, nspName, id] {
        if (!watching())
            return;
        QVariantMap data = socket->data();
        data.remove(QStringLiteral("_admin"));
        broadcast(QStringLiteral("socket_updated"),
                  {QVariantMap{{QStringLiteral("id"), id},
                               {QStringLiteral("nsp"), nspName},
                               {QStringLiteral("data"), data}}});
    });
    if (EngineSocket *conn = socket->conn()) {
        QObject::connect(conn, &EngineSocket::upgraded, socket, [this, nspName, id](const QString &transport) {
            if (watching())
                broadcast(QStringLiteral("socket_updated"),
                          {QVariantMap{{QStringLiteral("id"), id},
                                       {QStringLiteral("nsp"), nspName},
                                       {QStringLiteral("transport"), transport}}});
        });
    }
    if (trafficHooked)
        hookTraffic(socket);
}

// Incoming and outgoing events are listened to only while someone watches: with no admin client,
// an event or a broadcast meets no listener at all.
void AdminInstrumentationPrivate::updateTrafficHooks()
{
    const bool wanted = isDevelopment() && watching();
    if (wanted == trafficHooked || !server)
        return;
    trafficHooked = wanted;
    const QList<Namespace *> namespaces = server->namespaces();
    for (const Namespace *nsp : namespaces) {
        const auto sockets = nsp->sockets();
        for (Socket *socket : sockets)
            wanted ? hookTraffic(socket) : unhookTraffic(socket);
    }
}

void AdminInstrumentationPrivate::hookTraffic(Socket *socket)
{
    Q_Q(AdminInstrumentation);
    if (socket->nsp() == adminNsp)
        return; // the admin namespace's own traffic is not reported
    const QString nspName = socket->nsp() ? socket->nsp()->name() : QString();
    const QString id = socket->id();
    QObject::connect(socket, &Socket::eventReceived, q,
                     [this, nspName, id](const QString &event, const QVariantList &args) {
                         if (!watching())
                             return;
                         QVariantList all = args;
                         all.prepend(event);
                         broadcast(QStringLiteral("event_received"), {nspName, id, all, Admin::timestamp()});
                     });
    socket->onAnyOutgoing(q, [this, nspName, id](const QString &event, const QVariantList &args) {
        if (!watching())
            return;
        QVariantList all = args;
        all.prepend(event);
        broadcast(QStringLiteral("event_sent"), {nspName, id, all, Admin::timestamp()});
    });
}

void AdminInstrumentationPrivate::unhookTraffic(Socket *socket)
{
    Q_Q(AdminInstrumentation);
    QObject::disconnect(socket, &Socket::eventReceived, q, nullptr);
    socket->offAnyOutgoing(q);
}

void AdminInstrumentationPrivate::trackEngineSocket(EngineSocket *conn)
{
    Q_Q(AdminInstrumentation);
    QObject::connect(conn, &EngineSocket::closed, q, [this](EngineSocket::CloseReason reason, const QString &) {
        aggregated.add(QDateTime::currentMSecsSinceEpoch(), QStringLiteral("rawDisconnection"), 1,
                       EngineSocket::toString(reason));
    });
}

// Statistics

// Packets and bytes come from the engine's counters, read once a second: no
// work per packet.
void AdminInstrumentationPrivate::sample()
{
    if (!server)
        return;
    const EngineStatistics now = server->engine()->statistics();
    const qint64 at = QDateTime::currentMSecsSinceEpoch() - SampleIntervalMs / 2;
    aggregated.add(at, QStringLiteral("packetsIn"), now.packetsReceived - lastSample.packetsReceived);
    aggregated.add(at, QStringLiteral("bytesIn"), now.bytesReceived - lastSample.bytesReceived);
    aggregated.add(at, QStringLiteral("packetsOut"), now.packetsSent - lastSample.packetsSent);
    aggregated.add(at, QStringLiteral("bytesOut"), now.bytesSent - lastSample.bytesSent);
    lastSample = now;
}

QVariantMap AdminInstrumentationPrivate::serverStats()
{
    const EngineStatistics stats = server->engine()->statistics();
    QVariantList namespaces;
    const QList<Namespace *> all = server->namespaces();
    for (const Namespace *nsp : all)
        namespaces.append(QVariantMap{{QStringLiteral("name"), nsp->name()},
                                      {QStringLiteral("socketsCount"), nsp->socketCount()}});
    return {
            {QStringLiteral("serverId"), options.serverId()},
            {QStringLiteral("hostname"), QSysInfo::machineHostName()},
            {QStringLiteral("pid"), QCoreApplication::applicationPid()},
            {QStringLiteral("uptime"), Admin::processUptime()},
            {QStringLiteral("clientsCount"), stats.clients},
            {QStringLiteral("pollingClientsCount"), stats.pollingClients},
            {QStringLiteral("aggregatedEvents"), aggregated.take()},
            {QStringLiteral("namespaces"), namespaces},
    };
}

void AdminInstrumentationPrivate::sendStats()
{
    if (!server)
        return;
    if (!watching()) {
        aggregated.take(); // nobody heard them: they must not pile up
        return;
    }
    broadcast(QStringLiteral("server_stats"), {serverStats()});
}

} // namespace SocketIo
