// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_TRANSPORT_P_H
#define SOCKETIO_TRANSPORT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "eiopacket_p.h"
#include "flushqueue_p.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <memory>

namespace SocketIo::Eio {

class Transport;

// Counters shared by all sessions of one Engine.
struct Counters
{
    quint64 packetsReceived = 0;
    quint64 packetsSent = 0;
    quint64 bytesReceived = 0;
    quint64 bytesSent = 0;
};

// The session a transport reports to. Plain virtual calls keep the per-packet
// path free of signal dispatch.
class TransportOwner
{
public:
    virtual ~TransportOwner();
    virtual void onTransportPacket(Transport *transport, const Packet &packet) = 0;
    virtual void onTransportParseError(Transport *transport) = 0;
    virtual void onTransportDrain(Transport *transport) = 0;
    virtual void onTransportClosed(Transport *transport) = 0;
    virtual void onTransportError(Transport *transport, const QString &description) = 0;
};

// The QObject base gives lambdas a context; no signals are declared here.
class Transport : public QObject, public Flushable
{
public:
    enum class Kind { Polling, WebSocket };

    Transport(Kind kind, int protocol, Counters *counters);
    ~Transport() override;

    Kind kind() const { return m_kind; }
    QString name() const;
    int protocol() const { return m_protocol; }
    void setOwner(TransportOwner *owner) { m_owner = owner; }

    virtual bool isWritable() const = 0;
    // Whether what is sent now would wait behind earlier bytes (volatile packets are dropped then).
    virtual bool isBacklogged() const { return !isWritable(); }
    virtual void send(const PacketList &packets) = 0;
    // One packet, without a list around it: the path of a broadcast's every recipient.
    virtual void sendOne(const Packet &packet) { send(PacketList{packet}); }
    // Closes gracefully; reports onTransportClosed once done.
    virtual void close() = 0;
    // Detaches after an upgrade: no more reports, release what is held.
    virtual void discard() = 0;
    // Detaches from its owner, closes, and deletes itself once the close is done.
    static void retire(std::unique_ptr<Transport> transport);
    // Writes what waits in the transport's own buffer; called by FlushQueue.
    void flushQueued() override {}

protected:
    // Called by retire(): schedule deletion once the wire is quiet.
    virtual void retireLater() { deleteLater(); }
    void deliver(const Packet &packet, qint64 wireBytes);

    TransportOwner *m_owner = nullptr;
    Counters *m_counters;
    Kind m_kind;
    int m_protocol;
};

} // namespace SocketIo::Eio

#endif
