// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "enginesocket.h"

#include "enginesocket_p.h"

#include <QtCore/QMetaMethod>
#include <QtCore/QTimerEvent>

namespace SocketIo {

/*!
    \class SocketIo::EngineSocket
    \inmodule SocketIo
    \brief One Engine.IO session (Socket.IO's \c socket.conn).

    A session starts on long-polling or WebSocket, may upgrade from the first
    to the second (upgrading(), upgraded()), exchanges text and binary
    messages, and ends once with closed() and the reason. The Engine owns
    its sessions and deletes each after it closed.
*/

EngineSocket::EngineSocket(std::unique_ptr<EngineSocketPrivate> d, QObject *parent)
    : QObject(parent), d_ptr(std::move(d))
{
    d_ptr->q_ptr = this;
}

EngineSocket::~EngineSocket() = default;

/*! Returns the wire spelling of \a reason, as Node's engine.io reports it. */
QString EngineSocket::toString(CloseReason reason)
{
    switch (reason) {
    case CloseReason::TransportClose:
        return QStringLiteral("transport close");
    case CloseReason::TransportError:
        return QStringLiteral("transport error");
    case CloseReason::PingTimeout:
        return QStringLiteral("ping timeout");
    case CloseReason::ForcedClose:
        return QStringLiteral("forced close");
    case CloseReason::ServerShuttingDown:
        return QStringLiteral("server shutting down");
    case CloseReason::ParseError:
        return QStringLiteral("parse error");
    }
    return {};
}

/*! Returns the session id. */
QString EngineSocket::id() const
{
    return d_func()->id;
}
/*! Returns the Engine.IO protocol version of the session, 4 or 3. */
int EngineSocket::protocol() const
{
    return d_func()->protocol;
}
/*! Returns \c polling or \c websocket. */
QString EngineSocket::transportName() const
{
    Q_D(const EngineSocket);
    return d->transport ? d->transport->name() : QString();
}
/*! Returns the request that opened the session. */
EngineRequest EngineSocket::request() const
{
    return d_func()->request;
}
/*! Returns the session state. */
EngineSocket::ReadyState EngineSocket::readyState() const
{
    return d_func()->readyState;
}
/*!
    Returns whether a message sent now leaves at once: a poll is waiting, or
    the WebSocket's write buffer is short. Volatile messages use this.
*/
bool EngineSocket::isWritable() const
{
    Q_D(const EngineSocket);
    return d->readyState == ReadyState::Open && d->transport && d->transport->isWritable()
            && !d->transport->isBacklogged() && !d->upgrading;
}

/*! Sends \a utf8Text as a text message. */
void EngineSocket::send(const QByteArray &utf8Text)
{
    Q_D(EngineSocket);
    d->sendPacket(Eio::Packet::text(Eio::PacketType::Message, utf8Text));
}

/*! Sends \a data as a binary message. */
void EngineSocket::sendBinary(const QByteArray &data)
{
    Q_D(EngineSocket);
    d->sendPacket(Eio::Packet::bytes(data));
}

/*! Closes the session once the buffered messages are out (reason \c forced \c close). */
void EngineSocket::close()
{
    Q_D(EngineSocket);
    d->close();
}

/*! \internal */
void EngineSocket::timerEvent(QTimerEvent *event)
{
    Q_D(EngineSocket);
    d->onTimer(event->timerId());
}

/*! \internal */
void EngineSocket::connectNotify(const QMetaMethod &signal)
{
    Q_D(EngineSocket);
    if (signal == QMetaMethod::fromSignal(&EngineSocket::drained))
        ++d->drainedReceivers;
}

/*! \internal */
void EngineSocket::disconnectNotify(const QMetaMethod &signal)
{
    Q_D(EngineSocket);
    // An invalid method stands for a disconnect() of every signal.
    if (!signal.isValid() || signal == QMetaMethod::fromSignal(&EngineSocket::drained))
        d->drainedReceivers = qMax(0, d->drainedReceivers - 1);
}

/*!
    \fn void SocketIo::EngineSocket::messageReceived(const QByteArray &data, bool binary)
    A message arrived: UTF-8 text, or raw bytes when \a binary is \c true.
*/
/*!
    \fn void SocketIo::EngineSocket::closed(SocketIo::EngineSocket::CloseReason reason, const QString &description)
    The session ended for \a reason. Emitted once; the socket is deleted later.
*/

} // namespace SocketIo
