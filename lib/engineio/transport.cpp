// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "transport_p.h"

namespace SocketIo::Eio {

TransportOwner::~TransportOwner() = default;

Transport::Transport(Kind kind, int protocol, Counters *counters)
    : m_counters(counters), m_kind(kind), m_protocol(protocol)
{}

Transport::~Transport() = default;

QString Transport::name() const
{
    return m_kind == Kind::Polling ? QStringLiteral("polling") : QStringLiteral("websocket");
}

void Transport::retire(std::unique_ptr<Transport> transport)
{
    if (!transport)
        return;
    Transport *t = transport.release();
    t->setOwner(nullptr);
    t->close();
    t->retireLater();
}

void Transport::deliver(const Packet &packet, qint64 wireBytes)
{
    ++m_counters->packetsReceived;
    m_counters->bytesReceived += quint64(wireBytes);
    if (m_owner)
        m_owner->onTransportPacket(this, packet);
}

} // namespace SocketIo::Eio
