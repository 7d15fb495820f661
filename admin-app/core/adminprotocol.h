// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_ADMINPROTOCOL_H
#define SOCKETIOADMIN_ADMINPROTOCOL_H

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <optional>

// The values of the @socket.io/admin-ui protocol as the console holds them,
// and the readers that turn the wire's JSON (as QVariant) into them.
namespace SocketIoAdmin {

// A socket is named by its namespace and its id (ids are unique per namespace).
struct SocketKey
{
    QString nsp;
    QString id;

    friend bool operator==(const SocketKey &a, const SocketKey &b) { return a.id == b.id && a.nsp == b.nsp; }
    friend bool operator!=(const SocketKey &a, const SocketKey &b) { return !(a == b); }
};

inline size_t qHash(const SocketKey &key, size_t seed = 0) noexcept
{
    return qHashMulti(seed, key.nsp, key.id);
}

// One "SerializedSocket", kept up to date by socket_updated, room_joined and room_left.
struct SocketInfo
{
    QString id;
    QString nsp;
    QString clientId;
    QString transport;
    QString address;
    QStringList rooms;
    QDateTime connectedAt;
    QVariantMap headers;
    QVariantMap query;
    QVariantMap handshake; // the whole handshake object, as sent
    QVariant data;

    SocketKey key() const { return {nsp, id}; }
    // A room is private when it is named after a socket id: the socket's own room.
    bool isPrivateRoom(const QString &room) const { return room == id; }
};

struct AggregatedEvent
{
    qint64 timestamp = 0; // ms since the epoch, a whole second
    QString type;         // rawConnection, rawDisconnection, packetsIn, packetsOut, bytesIn, bytesOut
    QString subType;
    qint64 count = 0;
};

struct NamespaceCount
{
    QString name;
    int socketsCount = 0;
};

struct ServerStats
{
    QString serverId;
    QString hostname;
    qint64 pid = 0;
    double uptime = 0;
    int clientsCount = 0;
    int pollingClientsCount = 0;
    QList<AggregatedEvent> aggregatedEvents;
    QList<NamespaceCount> namespaces;
    QDateTime receivedAt; // local time of arrival
};

// One row of the event log.
struct LogEntry
{
    enum class Type { Received, Sent, Connection, Disconnection, RoomJoined, RoomLeft };

    QDateTime time;
    QString server; // the connection's display name
    QString nsp;
    QString socketId;
    Type type = Type::Received;
    QString name; // event name, room, disconnect reason or transport, by type
    QVariantList args;

    static QString typeName(Type type); // wire-like spelling: event_received, connection, ...
};

namespace Protocol {

// Features of "config" (supportedFeatures).
inline constexpr char FeatureEmit[] = "EMIT";
inline constexpr char FeatureJoin[] = "JOIN";
inline constexpr char FeatureLeave[] = "LEAVE";
inline constexpr char FeatureDisconnect[] = "DISCONNECT";
inline constexpr char FeatureAggregatedEvents[] = "AGGREGATED_EVENTS";
inline constexpr char FeatureAllEvents[] = "ALL_EVENTS";

SocketInfo readSocket(const QVariant &serialized);
ServerStats readStats(const QVariant &stats);
// An ISO-8601 timestamp (or ms since the epoch); "now" when absent or unreadable.
QDateTime readTime(const QVariant &value);
// The arguments of an event typed by a user: a JSON array (each element one
// argument), a JSON object (one argument) or nothing (no argument). On a
// syntax error, nullopt and *error says what and where (line:column).
std::optional<QVariantList> parseArguments(const QString &text, QString *error = nullptr);
// Compact JSON text of any value held as QVariant (maps, lists, strings, numbers, null).
QString toJson(const QVariant &value, bool indented = false);

} // namespace Protocol

} // namespace SocketIoAdmin

Q_DECLARE_METATYPE(SocketIoAdmin::SocketInfo)
Q_DECLARE_METATYPE(SocketIoAdmin::ServerStats)
Q_DECLARE_METATYPE(SocketIoAdmin::LogEntry)

#endif // SOCKETIOADMIN_ADMINPROTOCOL_H
