// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The admin-ui events as ServerConnection applies them, and the batching.

#include "serverconnection_p.h"

#include <QtCore/QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcConnection)

namespace SocketIoAdmin {

void ServerConnectionPrivate::handleEvent(const QString &event, const QVariantList &args)
{
    Q_Q(ServerConnection);
    if (event == QLatin1String("session")) {
        sessionId = args.value(0).toString();
        Q_EMIT q->sessionReceived(sessionId);
    } else if (event == QLatin1String("config")) {
        handleConfig(args.value(0));
    } else if (event == QLatin1String("all_sockets")) {
        handleAllSockets(args.value(0).toList());
    } else if (event == QLatin1String("server_stats")) {
        handleStats(args.value(0));
    } else if (event == QLatin1String("socket_connected")) {
        handleSocketConnected(args);
    } else if (event == QLatin1String("socket_updated")) {
        handleSocketUpdated(args.value(0));
    } else if (event == QLatin1String("socket_disconnected")) {
        handleSocketDisconnected(args);
    } else if (event == QLatin1String("room_joined") || event == QLatin1String("room_left")) {
        handleRoom(args, event == QLatin1String("room_joined"));
    } else if (event == QLatin1String("event_received") || event == QLatin1String("event_sent")) {
        handleTraffic(args, event == QLatin1String("event_received"));
    } else {
        qCDebug(lcConnection) << "unknown admin event" << event;
    }
}

void ServerConnectionPrivate::handleConfig(const QVariant &config)
{
    Q_Q(ServerConnection);
    static const QList<std::pair<const char *, ServerConnection::Feature>> known{
            {Protocol::FeatureEmit, ServerConnection::Feature::Emit},
            {Protocol::FeatureJoin, ServerConnection::Feature::Join},
            {Protocol::FeatureLeave, ServerConnection::Feature::Leave},
            {Protocol::FeatureDisconnect, ServerConnection::Feature::Disconnect},
            {Protocol::FeatureAggregatedEvents, ServerConnection::Feature::AggregatedEvents},
            {Protocol::FeatureAllEvents, ServerConnection::Feature::AllEvents},
    };
    supportedFeatures.clear();
    const QVariantList list = config.toMap().value(QStringLiteral("supportedFeatures")).toList();
    for (const QVariant &feature : list)
        supportedFeatures.append(feature.toString());
    features = {};
    for (const auto &[name, flag] : known) {
        if (supportedFeatures.contains(QLatin1String(name)))
            features |= flag;
    }
    hasConfig = true;
    configWatchdog.stop();
    if (state == ServerConnection::State::Connected)
        setState(ServerConnection::State::Connected); // drops a "no admin events" remark
    Q_EMIT q->featuresChanged();
}

// The full list, on every (re)connection: what is new is added, what is gone removed.
void ServerConnectionPrivate::handleAllSockets(const QVariantList &list)
{
    QHash<SocketKey, SocketInfo> fresh;
    fresh.reserve(list.size());
    for (const QVariant &item : list) {
        SocketInfo info = Protocol::readSocket(item);
        fresh.insert(info.key(), std::move(info));
    }
    for (auto it = sockets.cbegin(); it != sockets.cend(); ++it) {
        if (!fresh.contains(it.key()))
            markRemoved(it.key());
    }
    for (auto it = fresh.cbegin(); it != fresh.cend(); ++it) {
        noteNamespace(it->nsp);
        if (sockets.contains(it.key()))
            markUpdated(it.key());
        else
            markAdded(it.key());
    }
    sockets = std::move(fresh);
    scheduleFlush();
}

void ServerConnectionPrivate::handleStats(const QVariant &value)
{
    Q_Q(ServerConnection);
    const ServerStats s = Protocol::readStats(value);
    stats.insert(s.serverId, s);
    for (const NamespaceCount &n : s.namespaces)
        noteNamespace(n.name);
    Q_EMIT q->statsReceived(s);
}

void ServerConnectionPrivate::handleSocketConnected(const QVariantList &args)
{
    SocketInfo info = Protocol::readSocket(args.value(0));
    if (info.id.isEmpty())
        return;
    const SocketKey key = info.key();
    LogEntry entry;
    entry.time = Protocol::readTime(args.value(1));
    entry.nsp = info.nsp;
    entry.socketId = info.id;
    entry.type = LogEntry::Type::Connection;
    entry.name = info.transport;
    noteNamespace(info.nsp);
    const bool known = sockets.contains(key);
    sockets.insert(key, std::move(info));
    if (known)
        markUpdated(key);
    else
        markAdded(key);
    log(std::move(entry));
}

// {id, nsp, transport} after an upgrade, {id, nsp, data} after a write to socket.data.
void ServerConnectionPrivate::handleSocketUpdated(const QVariant &update)
{
    const QVariantMap map = update.toMap();
    const SocketKey key{map.value(QStringLiteral("nsp")).toString(), map.value(QStringLiteral("id")).toString()};
    const auto it = sockets.find(key);
    if (it == sockets.end())
        return;
    if (map.contains(QStringLiteral("transport")))
        it->transport = map.value(QStringLiteral("transport")).toString();
    if (map.contains(QStringLiteral("data")))
        it->data = map.value(QStringLiteral("data"));
    markUpdated(key);
    scheduleFlush();
}

void ServerConnectionPrivate::handleSocketDisconnected(const QVariantList &args)
{
    const SocketKey key{args.value(0).toString(), args.value(1).toString()};
    if (sockets.remove(key))
        markRemoved(key);
    LogEntry entry;
    entry.time = Protocol::readTime(args.value(3));
    entry.nsp = key.nsp;
    entry.socketId = key.id;
    entry.type = LogEntry::Type::Disconnection;
    entry.name = args.value(2).toString();
    log(std::move(entry));
}

void ServerConnectionPrivate::handleRoom(const QVariantList &args, bool joined)
{
    const SocketKey key{args.value(0).toString(), args.value(2).toString()};
    const QString room = args.value(1).toString();
    const auto it = sockets.find(key);
    if (it != sockets.end()) {
        const bool has = it->rooms.contains(room);
        if (joined && !has) {
            it->rooms.append(room);
            markUpdated(key);
        } else if (!joined && has) {
            it->rooms.removeAll(room);
            markUpdated(key);
        }
    }
    LogEntry entry;
    entry.time = Protocol::readTime(args.value(3));
    entry.nsp = key.nsp;
    entry.socketId = key.id;
    entry.type = joined ? LogEntry::Type::RoomJoined : LogEntry::Type::RoomLeft;
    entry.name = room;
    log(std::move(entry));
}

// event_received / event_sent: nsp, socketId, [eventName, ...args], timestamp.
void ServerConnectionPrivate::handleTraffic(const QVariantList &args, bool received)
{
    LogEntry entry;
    entry.nsp = args.value(0).toString();
    entry.socketId = args.value(1).toString();
    entry.args = args.value(2).toList();
    entry.name = entry.args.isEmpty() ? QString() : entry.args.takeFirst().toString();
    entry.time = Protocol::readTime(args.value(3));
    entry.type = received ? LogEntry::Type::Received : LogEntry::Type::Sent;
    log(std::move(entry));
}

void ServerConnectionPrivate::log(LogEntry entry)
{
    entry.server = settings.displayName();
    pendingLog.append(std::move(entry));
    scheduleFlush();
}

void ServerConnectionPrivate::markAdded(const SocketKey &key)
{
    if (removed.remove(key)) {
        updated.insert(key); // gone and back within one batch: the views still have it
    } else if (!added.contains(key)) {
        added.insert(key);
        addedOrder.append(key);
    }
    scheduleFlush();
}

void ServerConnectionPrivate::markUpdated(const SocketKey &key)
{
    if (!added.contains(key))
        updated.insert(key);
    scheduleFlush();
}

void ServerConnectionPrivate::markRemoved(const SocketKey &key)
{
    updated.remove(key);
    if (!added.remove(key)) // a socket added in this batch was never shown
        removed.insert(key);
    scheduleFlush();
}

void ServerConnectionPrivate::noteNamespace(const QString &nsp)
{
    Q_Q(ServerConnection);
    if (nsp.isEmpty() || namespaces.contains(nsp))
        return;
    namespaces.append(nsp);
    Q_EMIT q->namespacesChanged();
}

void ServerConnectionPrivate::scheduleFlush()
{
    if (!flushTimer.isActive())
        flushTimer.start();
}

// One batch out: the socket changes first (so log rows can name known sockets), then the log.
void ServerConnectionPrivate::flush()
{
    Q_Q(ServerConnection);
    SocketChanges changes;
    changes.added.reserve(added.size());
    for (const SocketKey &key : std::as_const(addedOrder)) {
        if (added.contains(key))
            changes.added.append(sockets.value(key));
    }
    changes.updated.reserve(updated.size());
    for (const SocketKey &key : std::as_const(updated))
        changes.updated.append(sockets.value(key));
    changes.removed = QList<SocketKey>(removed.cbegin(), removed.cend());
    addedOrder.clear();
    added.clear();
    updated.clear();
    removed.clear();
    const QList<LogEntry> entries = std::exchange(pendingLog, {});
    if (!changes.isEmpty())
        Q_EMIT q->socketsChanged(changes);
    if (!entries.isEmpty())
        Q_EMIT q->eventsLogged(entries);
}

} // namespace SocketIoAdmin
