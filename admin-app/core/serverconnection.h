// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_SERVERCONNECTION_H
#define SOCKETIOADMIN_SERVERCONNECTION_H

#include "adminprotocol.h"
#include "connectionsettings.h"

#include <QtCore/QHash>
#include <QtCore/QObject>

#include <chrono>
#include <memory>
#include <optional>

namespace SocketIoAdmin {

// What changed in a connection's sockets since the last batch. A socket that
// came and went inside one batch is in none of the lists.
struct SocketChanges
{
    QList<SocketInfo> added;
    QList<SocketInfo> updated; // transport, data or rooms changed
    QList<SocketKey> removed;

    bool isEmpty() const { return added.isEmpty() && updated.isEmpty() && removed.isEmpty(); }
};

class ServerConnectionPrivate;

// One admin connection to one server (or cluster): logs in, follows the
// admin-ui events, keeps the sockets they describe, and sends commands.
class ServerConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(ServerConnection)
    Q_DECLARE_PRIVATE(ServerConnection)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(bool readonly READ isReadonly NOTIFY featuresChanged)

public:
    enum class State {
        Disconnected,
        Connecting,
        Connected,
        Reconnecting,
        WrongPassword,
        Unreachable,
        Refused,
        NotInstrumented,
        Failed,
    };
    Q_ENUM(State)

    enum class Feature {
        Emit = 0x1,
        Join = 0x2,
        Leave = 0x4,
        Disconnect = 0x8,
        AggregatedEvents = 0x10,
        AllEvents = 0x20,
    };
    Q_DECLARE_FLAGS(Features, Feature)
    Q_FLAG(Features)

    explicit ServerConnection(const ConnectionSettings &settings, QObject *parent = nullptr);
    ~ServerConnection() override;

    ConnectionSettings settings() const;
    QString displayName() const;
    State state() const;
    QString statusText() const;
    static QString stateName(State state);
    QString sessionId() const;

    bool hasConfig() const;
    QStringList supportedFeatures() const;
    Features features() const;
    bool isReadonly() const;
    bool canRun(Feature command) const;
    QString refusalReason(Feature command) const; // empty when canRun(command)

    QHash<SocketKey, SocketInfo> sockets() const;
    std::optional<SocketInfo> socket(const SocketKey &key) const;
    QHash<QString, ServerStats> serverStats() const; // latest per serverId
    QStringList namespaces() const;

    std::chrono::milliseconds batchInterval() const;
    void setBatchInterval(std::chrono::milliseconds interval);

    void open();
    void close();

    // The admin-ui commands. An empty filter means the whole namespace; a
    // socket id targets one socket (its own room), a room name a room.
    bool emitEvent(const QString &nsp, const QString &filter, const QString &event, const QVariantList &args);
    bool joinRoom(const QString &nsp, const QString &room, const QString &filter);
    bool leaveRoom(const QString &nsp, const QString &room, const QString &filter);
    bool disconnectSockets(const QString &nsp, bool closeClients, const QString &filter);

Q_SIGNALS:
    void stateChanged(SocketIoAdmin::ServerConnection::State state);
    void featuresChanged();
    void sessionReceived(const QString &sessionId);
    void socketsChanged(const SocketIoAdmin::SocketChanges &changes);
    void eventsLogged(const QList<SocketIoAdmin::LogEntry> &entries);
    void statsReceived(const SocketIoAdmin::ServerStats &stats);
    void namespacesChanged();

private:
    friend class ServerConnectionPrivate;
    std::unique_ptr<ServerConnectionPrivate> d_ptr;
};

} // namespace SocketIoAdmin

Q_DECLARE_OPERATORS_FOR_FLAGS(SocketIoAdmin::ServerConnection::Features)
Q_DECLARE_METATYPE(SocketIoAdmin::SocketChanges)

#endif // SOCKETIOADMIN_SERVERCONNECTION_H
