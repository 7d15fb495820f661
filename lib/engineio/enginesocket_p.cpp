// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "enginesocket_p.h"
#include "engine_p.h"
#include "logging_p.h"

#include <QtCore/QTimerEvent>

#include <algorithm>
#include <limits>

namespace SocketIo {

EngineSocketListener::~EngineSocketListener() = default;

using Eio::Packet;
using Eio::PacketType;

namespace {
int msecs(std::chrono::milliseconds d)
{
    return int(std::clamp<qint64>(d.count(), 0, std::numeric_limits<int>::max()));
}
} // namespace

EngineSocketPrivate::EngineSocketPrivate(EnginePrivate *engine, const QString &id, int protocol,
                                         const EngineRequest &request, std::unique_ptr<Eio::Transport> transport)
    : engine(engine), id(id), protocol(protocol), request(request), transport(std::move(transport))
{
    this->transport->setOwner(this);
}

EngineSocket *EngineSocketPrivate::create(EnginePrivate *engine, const QString &id, int protocol,
                                          const EngineRequest &request, std::unique_ptr<Eio::Transport> transport)
{
    auto d = std::make_unique<EngineSocketPrivate>(engine, id, protocol, request, std::move(transport));
    return new EngineSocket(std::move(d), engine->q_ptr);
}

EngineSocketPrivate::~EngineSocketPrivate()
{
    if (transport)
        Eio::Transport::retire(std::move(transport));
    if (probe)
        Eio::Transport::retire(std::move(probe));
}

void EngineSocketPrivate::setReadyState(EngineSocket::ReadyState state)
{
    Q_Q(EngineSocket);
    if (readyState == state)
        return;
    readyState = state;
    Q_EMIT q->readyStateChanged(state);
}

void EngineSocketPrivate::open()
{
    readyState = EngineSocket::ReadyState::Open;
    sendPacket(Packet::text(PacketType::Open, engine->openPacket(id, transport->kind())));
    if (protocol == 3)
        engine->deadlines.start(&pingDeadline, engine->options.pingInterval() + engine->options.pingTimeout());
    else
        schedulePing();
}

void EngineSocketPrivate::schedulePing()
{
    engine->deadlines.start(&pingDeadline, engine->options.pingInterval());
}

void EngineSocketPrivate::onPingDue()
{
    if (protocol == 3) {
        onClose(EngineSocket::CloseReason::PingTimeout, {});
        return;
    }
    sendPacket(Packet::text(PacketType::Ping));
    engine->deadlines.start(&pongDeadline, engine->options.pingTimeout());
}

void EngineSocketPrivate::onPongDue()
{
    onClose(EngineSocket::CloseReason::PingTimeout, {});
}

void EngineSocketPrivate::onTimer(int timerId)
{
    if (timerId == upgradeTimer.timerId()) {
        qCDebug(lcEngineSocket, "%s: upgrade timed out", qPrintable(id));
        cancelUpgrade();
    } else if (timerId == closeTimer.timerId()) {
        closeTimer.stop();
        onClose(EngineSocket::CloseReason::ForcedClose, {});
    }
}

void EngineSocketPrivate::sendPacket(const Packet &packet)
{
    if (readyState == EngineSocket::ReadyState::Closing || readyState == EngineSocket::ReadyState::Closed)
        return;
    if (writeBuffer.isEmpty() && transport->isWritable()) {
        // Nothing waits before it: straight to the transport, without a list.
        transport->sendOne(packet);
        if (drainedReceivers > 0)
            Q_EMIT q_func()->drained();
        return;
    }
    bufferPacket(packet);
    flush();
}

// What a Packet in writeBuffer costs besides its payload.
constexpr qint64 PacketCost = sizeof(Packet);

// A packet waits for the transport (a long-polling client between polls, or an upgrade): its
// payload is shared, not copied, and the session is bounded as a slow WebSocket reader is.
void EngineSocketPrivate::bufferPacket(const Packet &packet)
{
    writeBuffer.append(packet);
    const qint64 cost = packet.data.size() + PacketCost;
    bufferedBytes += cost;
    largestBuffered = qMax<qint64>(largestBuffered, packet.data.size());
    Eio::BacklogLedger *ledger = engine->ledger;
    if (ledger) {
        ledger->track(this);
        ledger->add(cost);
    }
    const qint64 limit = Eio::ConnectionBacklogLimit + qMin(largestBuffered, Eio::MessageAllowanceCap);
    if (bufferedBytes > limit && readyState == EngineSocket::ReadyState::Open
        && !(ledger && ledger->isShedding(this))) {
        if (ledger)
            ledger->shed(this);
        else
            shedBacklog();
    }
}

void EngineSocketPrivate::releaseBuffer()
{
    if (Eio::BacklogLedger *ledger = engine->ledger) {
        ledger->remove(bufferedBytes);
        ledger->forget(this);
    }
    bufferedBytes = 0;
    largestBuffered = 0;
}

void EngineSocketPrivate::shedBacklog()
{
    if (readyState == EngineSocket::ReadyState::Closed)
        return;
    qCInfo(lcEngineSocket, "%s: %lld bytes wait for a client that does not poll: closing", qPrintable(id),
           bufferedBytes);
    onClose(EngineSocket::CloseReason::TransportError, QStringLiteral("write buffer overflow"));
}

void EngineSocketPrivate::flush()
{
    Q_Q(EngineSocket);
    if (readyState == EngineSocket::ReadyState::Closed || writeBuffer.isEmpty() || !transport->isWritable())
        return;
    const Eio::PacketList packets = std::exchange(writeBuffer, {});
    releaseBuffer();
    transport->send(packets);
    if (drainedReceivers > 0)
        Q_EMIT q->drained();
    if (readyState == EngineSocket::ReadyState::Closing && writeBuffer.isEmpty())
        transport->close();
}

void EngineSocketPrivate::close()
{
    Q_Q(EngineSocket);
    if (readyState != EngineSocket::ReadyState::Open)
        return;
    setReadyState(EngineSocket::ReadyState::Closing);
    if (!writeBuffer.isEmpty() && !transport->isWritable()) {
        // The buffered packets and the close packet leave with the next poll.
        closeTimer.start(msecs(engine->options.pingInterval() + engine->options.pingTimeout()), q);
        return;
    }
    flush();
    if (readyState == EngineSocket::ReadyState::Closing)
        transport->close();
    if (readyState == EngineSocket::ReadyState::Closing)
        closeTimer.start(msecs(engine->options.pingInterval() + engine->options.pingTimeout()), q);
}

void EngineSocketPrivate::onClose(EngineSocket::CloseReason reason, const QString &description)
{
    Q_Q(EngineSocket);
    if (readyState == EngineSocket::ReadyState::Closed)
        return;
    qCDebug(lcEngineSocket, "%s: closed (%s)", qPrintable(id), qPrintable(EngineSocket::toString(reason)));
    readyState = EngineSocket::ReadyState::Closed;
    engine->deadlines.stop(&pingDeadline);
    engine->deadlines.stop(&pongDeadline);
    closeTimer.stop();
    cancelUpgrade();
    writeBuffer.clear();
    releaseBuffer();
    Eio::Transport::retire(std::move(transport));
    engine->removeClient(q);
    if (listener)
        std::exchange(listener, nullptr)->onEngineClosed(reason);
    Q_EMIT q->readyStateChanged(readyState);
    Q_EMIT q->closed(reason, description);
    q->deleteLater();
}

void EngineSocketPrivate::onTransportPacket(Eio::Transport *from, const Packet &packet)
{
    if (from == probe.get()) {
        onProbePacket(packet);
        return;
    }
    if (readyState != EngineSocket::ReadyState::Open)
        return;
    Q_Q(EngineSocket);
    switch (packet.type) {
    case PacketType::Ping:
        if (protocol != 3) {
            onClose(EngineSocket::CloseReason::TransportError, QStringLiteral("invalid heartbeat direction"));
            return;
        }
        // v3: the client's ping moves the deadline
        engine->deadlines.start(&pingDeadline, engine->options.pingInterval() + engine->options.pingTimeout());
        sendPacket(Packet::text(PacketType::Pong));
        break;
    case PacketType::Pong:
        if (protocol == 3) {
            onClose(EngineSocket::CloseReason::TransportError, QStringLiteral("invalid heartbeat direction"));
            return;
        }
        engine->deadlines.stop(&pongDeadline);
        schedulePing();
        break;
    case PacketType::Message:
        if (listener)
            listener->onEngineMessage(packet.data, packet.binary);
        Q_EMIT q->messageReceived(packet.data, packet.binary);
        break;
    default:
        break;
    }
}

void EngineSocketPrivate::onTransportParseError(Eio::Transport *from)
{
    if (from == probe.get()) {
        cancelUpgrade();
        return;
    }
    qCInfo(lcEngineSocket, "%s: undecodable packet: closing the session", qPrintable(id));
    onClose(EngineSocket::CloseReason::ParseError, {});
}

void EngineSocketPrivate::onTransportDrain(Eio::Transport *from)
{
    if (!transport || from != transport.get())
        return;
    flush();
    if (probeAnswered)
        endWaitingPoll();
}

// During an upgrade, once the probe is answered: a poll with nothing to carry ends at once with a
// noop, so the client can pause polling and send the upgrade packet. A poll that waits when the
// probe is answered ends then, and every later one as it arrives; no timer is needed.
void EngineSocketPrivate::endWaitingPoll()
{
    if (transport->kind() == Eio::Transport::Kind::Polling && transport->isWritable())
        transport->send({Packet::text(PacketType::Noop)});
}

void EngineSocketPrivate::onTransportClosed(Eio::Transport *from)
{
    if (from == probe.get()) {
        cancelUpgrade();
        return;
    }
    const bool ours = readyState == EngineSocket::ReadyState::Closing;
    onClose(ours ? EngineSocket::CloseReason::ForcedClose : EngineSocket::CloseReason::TransportClose, {});
}

void EngineSocketPrivate::onTransportError(Eio::Transport *from, const QString &description)
{
    if (from == probe.get()) {
        cancelUpgrade();
        return;
    }
    qCInfo(lcEngineSocket, "%s: transport error: %s", qPrintable(id), qPrintable(description));
    onClose(EngineSocket::CloseReason::TransportError, description);
}

void EngineSocketPrivate::maybeUpgrade(std::unique_ptr<Eio::Transport> next)
{
    Q_Q(EngineSocket);
    upgrading = true;
    probe = std::move(next);
    probe->setOwner(this);
    upgradeTimer.start(msecs(engine->options.upgradeTimeout()), q);
}

void EngineSocketPrivate::onProbePacket(const Packet &packet)
{
    Q_Q(EngineSocket);
    if (packet.type == PacketType::Ping && packet.data == "probe") {
        probe->send({Packet::text(PacketType::Pong, "probe")});
        Q_EMIT q->upgrading(probe->name());
        probeAnswered = true;
        endWaitingPoll();
    } else if (packet.type == PacketType::Upgrade && readyState != EngineSocket::ReadyState::Closed) {
        upgradeTimer.stop();
        probeAnswered = false;
        upgrading = false;
        upgraded = true;
        auto old = std::exchange(transport, std::move(probe));
        old->discard();
        Eio::Transport::retire(std::move(old));
        Q_EMIT q->upgraded(transport->name());
        flush();
        if (readyState == EngineSocket::ReadyState::Closing)
            transport->close();
    } else {
        cancelUpgrade();
    }
}

void EngineSocketPrivate::cancelUpgrade()
{
    upgradeTimer.stop();
    probeAnswered = false;
    upgrading = false;
    if (probe)
        Eio::Transport::retire(std::move(probe));
}

} // namespace SocketIo
