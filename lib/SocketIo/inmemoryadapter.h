// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_INMEMORYADAPTER_H
#define SOCKETIO_INMEMORYADAPTER_H

#include <SocketIo/adapter.h>

#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QSet>

namespace SocketIo {

// The default adapter: rooms of one process, kept in two hash maps.
class SOCKETIO_EXPORT InMemoryAdapter : public Adapter
{
    Q_OBJECT
    Q_DISABLE_COPY(InMemoryAdapter)

public:
    explicit InMemoryAdapter(Namespace *nsp);
    ~InMemoryAdapter() override;

    void addAll(const QString &id, const QStringList &rooms) override;
    void del(const QString &id, const QString &room) override;
    void delAll(const QString &id) override;
    QSet<QString> sockets(const QSet<QString> &rooms) const override;
    QStringList socketRooms(const QString &id) const override;
    void apply(const BroadcastOptions &options, const std::function<void(Socket *)> &visitor) const override;

    QHash<QString, QSet<QString>> rooms() const;

    void broadcast(const QVariantList &data, const BroadcastOptions &options) override;
    void persistSession(const Session &session) override;
    std::optional<Session> restoreSession(const QString &pid, const QString &offset) override;

private:
    struct StoredPacket
    {
        QString offset;
        qint64 emittedAt;
        BroadcastOptions options;
        QVariantList data;
    };
    struct StoredSession
    {
        Session session;
        qint64 disconnectedAt;
    };
    bool recoveryEnabled() const;
    void dropExpired();
    QList<StoredPacket> m_packets;            // oldest first
    QHash<QString, StoredSession> m_sessions; // by private id
    quint64 m_offsetCounter = 0;
    QString m_epoch;
    bool m_recovery = false;
    qint64 m_maxDisconnection = 0;
    qint64 m_lastSessionSweep = 0;

    QSet<QString> exceptSids(const QSet<QString> &exceptRooms) const;
    void leaveRoom(const QString &id, const QString &room);
    bool inOwnRoom(const QString &id) const;
    bool roomExists(const QString &room) const;
    // A socket's own room (named by its id) is not in m_rooms: m_sids[id] lists it. Every socket
    // has one, and a set per socket would cost about a kilobyte each.
    QHash<QString, QSet<QString>> m_rooms; // room -> socket ids, own rooms left out
    QHash<QString, QStringList> m_sids;    // socket id -> rooms, in joining order
};

} // namespace SocketIo

#endif // SOCKETIO_INMEMORYADAPTER_H
