// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_REMOTESOCKET_H
#define SOCKETIO_REMOTESOCKET_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QException>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <functional>

namespace SocketIo {

class Namespace;
class Socket;

class RemoteSocketPrivate;
// A socket as fetchSockets() gives it: one of this server's or of another server of the cluster.
// Its operations travel through the namespace's adapter to the server that owns the socket.
class SOCKETIO_EXPORT RemoteSocket
{
public:
    RemoteSocket();
    RemoteSocket(Namespace *nsp, Socket *socket);
    RemoteSocket(Namespace *nsp, const QVariantMap &serialized);
    RemoteSocket(const RemoteSocket &other);
    RemoteSocket(RemoteSocket &&other) noexcept;
    RemoteSocket &operator=(const RemoteSocket &other);
    RemoteSocket &operator=(RemoteSocket &&other) noexcept;
    ~RemoteSocket();
    void swap(RemoteSocket &other) noexcept { d.swap(other.d); }

    bool isValid() const;
    QString id() const;
    QVariantMap handshake() const; // the shape of Node's socket.handshake
    QStringList rooms() const;
    QVariantMap data() const;
    bool isLocal() const;
    Socket *socket() const; // this server's Socket, or null

    bool emitEvent(const QString &event, const QVariantList &args = {}) const;
    void join(const QString &room) const { join(QStringList{room}); }
    void join(const QStringList &rooms) const;
    void leave(const QString &room) const;
    void disconnect(bool close = false) const;

    // {id, handshake, rooms, data}: what a cluster adapter sends for a fetchSockets() request.
    QVariantMap toVariantMap() const;

private:
    QSharedDataPointer<RemoteSocketPrivate> d;
};

// The answer to an asynchronous fetchSockets(): error is null on success, else the reason the
// cluster did not answer in full (sockets then holds what arrived).
using FetchSocketsCallback = std::function<void(const QList<RemoteSocket> &sockets, const QVariant &error)>;

// What the QFuture of fetchSocketsAsync() holds when the cluster did not answer in full: the
// reason (Node's message) and the sockets that did arrive.
class SOCKETIO_EXPORT FetchSocketsError : public QException
{
public:
    FetchSocketsError(const QString &message, const QList<RemoteSocket> &sockets);
    QString message() const { return m_message; }
    QList<RemoteSocket> sockets() const { return m_sockets; }
    const char *what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    FetchSocketsError *clone() const override { return new FetchSocketsError(*this); }

private:
    QString m_message;
    QByteArray m_what;
    QList<RemoteSocket> m_sockets;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::RemoteSocket)

#endif // SOCKETIO_REMOTESOCKET_H
