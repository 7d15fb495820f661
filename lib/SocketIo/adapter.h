// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ADAPTER_H
#define SOCKETIO_ADAPTER_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/session.h>
#include <SocketIo/broadcastoperator.h>
#include <SocketIo/remotesocket.h>

#include <QtCore/QObject>

#include <functional>
#include <optional>

namespace SocketIo {

class Namespace;
class Socket;

// The rooms and broadcast interface of one namespace: what a cluster adapter
// implements. Every selection of sockets goes through apply().
class SOCKETIO_EXPORT Adapter : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Adapter)

public:
    using ClientCountCallback = std::function<void(int clientCount)>;
    using ResponseCallback = std::function<void(const QVariant &response)>;

    explicit Adapter(Namespace *nsp);
    ~Adapter() override;

    Namespace *nsp() const;

    virtual void init();
    virtual void close();
    virtual int serverCount() const;

    virtual void addAll(const QString &id, const QStringList &rooms) = 0;
    virtual void del(const QString &id, const QString &room) = 0;
    virtual void delAll(const QString &id) = 0;
    virtual QSet<QString> sockets(const QSet<QString> &rooms) const = 0;
    virtual QStringList socketRooms(const QString &id) const = 0; // in joining order
    virtual void apply(const BroadcastOptions &options, const std::function<void(Socket *)> &visitor) const = 0;

    // data is [event, args...].
    virtual void broadcast(const QVariantList &data, const BroadcastOptions &options);
    virtual void broadcastWithAck(const QVariantList &data, const BroadcastOptions &options,
                                  ClientCountCallback clientCount, ResponseCallback response);
    virtual QList<Socket *> fetchSockets(const BroadcastOptions &options) const; // this server's
    // Every server's sockets: callback may run before this returns (one server) or later.
    virtual void fetchRemoteSockets(const BroadcastOptions &options, FetchSocketsCallback callback);
    virtual void addSockets(const BroadcastOptions &options, const QStringList &rooms);
    virtual void delSockets(const BroadcastOptions &options, const QStringList &rooms);
    virtual void disconnectSockets(const BroadcastOptions &options, bool close);
    virtual void serverSideEmit(const QVariantList &data);
    // callback gets one entry per other server that answered: the first argument of its ack.
    virtual void serverSideEmitWithAck(const QVariantList &data, AckCallback callback);

    // Connection state recovery: keep a session, give it back with what it missed.
    virtual void persistSession(const Session &session);
    virtual std::optional<Session> restoreSession(const QString &pid, const QString &offset);
    // The form the namespace calls: done may run later (a store across the network). The default
    // answers at once with restoreSession().
    using RestoreCallback = std::function<void(const std::optional<Session> &session)>;
    virtual void restoreSessionAsync(const QString &pid, const QString &offset, RestoreCallback done);

protected:
    // A cluster adapter hands over what another server sent with serverSideEmit(): the namespace's
    // on() handlers get it; reply (when the sender wants an ack) takes the handler's answer.
    void receiveServerSideEmit(const QVariantList &data, std::function<void(const QVariantList &reply)> reply = {});

Q_SIGNALS:
    void roomCreated(const QString &room);
    void roomDeleted(const QString &room);
    void joinedRoom(const QString &room, const QString &id);
    void leftRoom(const QString &room, const QString &id);

private:
    Namespace *m_nsp;
};

} // namespace SocketIo

#endif // SOCKETIO_ADAPTER_H
