// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "remotesocket.h"

#include "broadcastoperator.h"
#include "handshake.h"
#include "namespace.h"
#include "socket.h"

#include <QtCore/QPointer>

namespace SocketIo {

class RemoteSocketPrivate : public QSharedData
{
public:
    QPointer<Namespace> nsp;
    QPointer<Socket> local;
    QString id;
    QVariantMap handshake;
    QStringList rooms;
    QVariantMap data;

    BroadcastOperator toSelf() const
    {
        BroadcastOptions options;
        options.rooms.insert(id);
        return BroadcastOperator(nsp, options);
    }
};

/*!
    \class SocketIo::RemoteSocket
    \inmodule SocketIo
    \brief A socket of the cluster as fetchSockets() returns it.

    It holds what the owning server reported: id, handshake, rooms and data, as they were when the
    request was answered. emitEvent(), join(), leave() and disconnect() address the socket by its
    id through the namespace's adapter, so they reach it on whichever server it lives; on this
    server socket() returns the Socket itself.
*/
RemoteSocket::RemoteSocket() : d(new RemoteSocketPrivate) {}

/*! A socket of this server, \a socket of \a nsp, seen as fetchSockets() gives it. */
RemoteSocket::RemoteSocket(Namespace *nsp, Socket *socket) : d(new RemoteSocketPrivate)
{
    d->nsp = nsp;
    if (!socket)
        return;
    d->local = socket;
    d->id = socket->id();
    d->handshake = socket->handshake().toVariantMap();
    d->rooms = socket->rooms();
    d->data = socket->data();
}

/*! A socket of another server of \a nsp's cluster, from the map toVariantMap() gives. */
RemoteSocket::RemoteSocket(Namespace *nsp, const QVariantMap &serialized) : d(new RemoteSocketPrivate)
{
    d->nsp = nsp;
    d->id = serialized.value(QStringLiteral("id")).toString();
    d->handshake = serialized.value(QStringLiteral("handshake")).toMap();
    d->rooms = serialized.value(QStringLiteral("rooms")).toStringList();
    d->data = serialized.value(QStringLiteral("data")).toMap();
}

RemoteSocket::RemoteSocket(const RemoteSocket &other) = default;
RemoteSocket::RemoteSocket(RemoteSocket &&other) noexcept = default;
RemoteSocket &RemoteSocket::operator=(const RemoteSocket &other) = default;
RemoteSocket &RemoteSocket::operator=(RemoteSocket &&other) noexcept = default;
RemoteSocket::~RemoteSocket() = default;

bool RemoteSocket::isValid() const
{
    return !d->id.isEmpty();
}
QString RemoteSocket::id() const
{
    return d->id;
}
QVariantMap RemoteSocket::handshake() const
{
    return d->handshake;
}
QStringList RemoteSocket::rooms() const
{
    return d->rooms;
}
QVariantMap RemoteSocket::data() const
{
    return d->data;
}
/*! Returns whether the socket was this server's when it was fetched. */
bool RemoteSocket::isLocal() const
{
    return !d->local.isNull() || (d->nsp && d->nsp->sockets().contains(d->id));
}
/*! Returns this server's Socket, or null when it lives on another server or is gone. */
Socket *RemoteSocket::socket() const
{
    if (d->local)
        return d->local;
    return d->nsp ? d->nsp->sockets().value(d->id) : nullptr;
}

/*! Sends \a event to the socket wherever it lives; returns false when the namespace is gone. */
bool RemoteSocket::emitEvent(const QString &event, const QVariantList &args) const
{
    if (!d->nsp || !isValid())
        return false;
    return d->toSelf().emitEvent(event, args);
}
void RemoteSocket::join(const QStringList &rooms) const
{
    if (d->nsp && isValid())
        d->toSelf().socketsJoin(rooms);
}
void RemoteSocket::leave(const QString &room) const
{
    if (d->nsp && isValid())
        d->toSelf().socketsLeave({room});
}
void RemoteSocket::disconnect(bool close) const
{
    if (d->nsp && isValid())
        d->toSelf().disconnectSockets(close);
}

/*!
    \class SocketIo::FetchSocketsError
    \inmodule SocketIo
    \brief The exception in the QFuture of fetchSocketsAsync() when not every server answered.
*/
FetchSocketsError::FetchSocketsError(const QString &message, const QList<RemoteSocket> &sockets)
    : m_message(message), m_what(message.toUtf8()), m_sockets(sockets)
{}

QVariantMap RemoteSocket::toVariantMap() const
{
    return {{QStringLiteral("id"), d->id},
            {QStringLiteral("handshake"), d->handshake},
            {QStringLiteral("rooms"), d->rooms},
            {QStringLiteral("data"), d->data}};
}

} // namespace SocketIo
