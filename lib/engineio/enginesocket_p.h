// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINESOCKET_P_H
#define SOCKETIO_ENGINESOCKET_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "backlog_p.h"
#include "transport_p.h"

#include <SocketIo/enginesocket.h>

#include "deadlines_p.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QPointer>

#include <memory>

namespace SocketIo {

class EnginePrivate;

// What the layer above hears of a session by plain virtual calls, before the signals are
// emitted: the Socket.IO server's connection, one per session, listens so. Every message of
// every client would otherwise go through a signal with one receiver.
class EngineSocketListener
{
public:
    virtual ~EngineSocketListener();
    virtual void onEngineMessage(const QByteArray &data, bool binary) = 0;
    virtual void onEngineClosed(EngineSocket::CloseReason reason) = 0;
};

class EngineSocketPrivate;

// A heartbeat deadline of a session, on its engine's Eio::Deadlines: calls onExpired.
template<void (EngineSocketPrivate::*onExpired)()>
class SessionDeadline final : public Eio::Deadline
{
public:
    explicit SessionDeadline(EngineSocketPrivate *session) : m_session(session) {}

protected:
    void expired() override { (m_session->*onExpired)(); }

private:
    EngineSocketPrivate *m_session;
};

class EngineSocketPrivate : public Eio::TransportOwner, private Eio::BacklogHolder
{
    Q_DECLARE_PUBLIC(EngineSocket)

public:
    static EngineSocketPrivate *get(EngineSocket *socket) { return socket->d_func(); }
    static const EngineSocketPrivate *get(const EngineSocket *socket) { return socket->d_func(); }
    // A new session of engine, a child of its Engine.
    static EngineSocket *create(EnginePrivate *engine, const QString &id, int protocol, const EngineRequest &request,
                                std::unique_ptr<Eio::Transport> transport);

    EngineSocketPrivate(EnginePrivate *engine, const QString &id, int protocol, const EngineRequest &request,
                        std::unique_ptr<Eio::Transport> transport);
    ~EngineSocketPrivate() override;

    void open();
    void sendPacket(const Eio::Packet &packet);
    void flush();
    void close();
    void onClose(EngineSocket::CloseReason reason, const QString &description);
    void maybeUpgrade(std::unique_ptr<Eio::Transport> transport);
    void onTimer(int id);
    void onPingDue();
    void onPongDue();

    // TransportOwner
    void onTransportPacket(Eio::Transport *transport, const Eio::Packet &packet) override;
    void onTransportParseError(Eio::Transport *transport) override;
    void onTransportDrain(Eio::Transport *transport) override;
    void onTransportClosed(Eio::Transport *transport) override;
    void onTransportError(Eio::Transport *transport, const QString &description) override;

    void onProbePacket(const Eio::Packet &packet);
    void cancelUpgrade();
    void endWaitingPoll();
    void schedulePing();
    void setReadyState(EngineSocket::ReadyState state);
    void bufferPacket(const Eio::Packet &packet);
    void releaseBuffer();
    // BacklogHolder: the packets that wait for a poll (or for an upgrade to finish)
    qint64 backlogBytes() const override { return bufferedBytes; }
    void shedBacklog() override;

    EngineSocket *q_ptr = nullptr;
    EngineSocketListener *listener = nullptr;
    EnginePrivate *engine;
    QString id;
    int protocol;
    EngineRequest request;
    EngineSocket::ReadyState readyState = EngineSocket::ReadyState::Opening;
    std::unique_ptr<Eio::Transport> transport;
    std::unique_ptr<Eio::Transport> probe;
    Eio::PacketList writeBuffer;
    qint64 bufferedBytes = 0;   // what writeBuffer pins: payloads and a PacketCost each
    qint64 largestBuffered = 0; // the largest payload in writeBuffer
    int drainedReceivers = 0;   // connections to drained(): none spares the emission per packet
    SessionDeadline<&EngineSocketPrivate::onPingDue> pingDeadline{this}; // next ping (v4) or heartbeat deadline (v3)
    SessionDeadline<&EngineSocketPrivate::onPongDue> pongDeadline{this}; // pong deadline (v4)
    QBasicTimer upgradeTimer;                                            // upgrade deadline
    QBasicTimer closeTimer;                                              // a polling close that waits for the next GET
    bool upgrading = false;
    bool upgraded = false;
    bool probeAnswered = false; // the probe got its pong: waiting polls end at once (endWaitingPoll)
};

} // namespace SocketIo

#endif
