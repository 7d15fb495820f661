// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "pollingtransport_p.h"
#include "engine_p.h"
#include "logging_p.h"

#include <QtNetwork/QTcpSocket>

namespace SocketIo::Eio {

PollingTransport::PollingTransport(EnginePrivate *engine, int protocol, bool supportsBinary)
    : Transport(Kind::Polling, protocol, &engine->counters), m_engine(engine), m_supportsBinary(supportsBinary)
{}

PollingTransport::~PollingTransport()
{
    dropPendingPoll();
}

bool PollingTransport::isWritable() const
{
    return m_poll && m_pollSocket && !m_closed;
}

void PollingTransport::handleRequest(const EngineRequest &info, const QByteArray &body, QTcpSocket *socket,
                                     QHttpServerResponder &&responder)
{
    if (info.method() == "GET")
        onPoll(socket, std::move(responder), info);
    else if (info.method() == "POST")
        onData(body, std::move(responder), info);
    else
        m_engine->reply(responder, info, {500, {}, {}});
}

void PollingTransport::onPoll(QTcpSocket *socket, QHttpServerResponder &&responder, const EngineRequest &info)
{
    if (m_poll) {
        qCInfo(lcEngineTransport, "overlapping GET from %s: closing the session",
               qPrintable(info.remoteAddress().toString()));
        m_engine->reply(responder, info, {400, {}, {}});
        if (m_owner)
            m_owner->onTransportError(this, QStringLiteral("overlap from client"));
        return;
    }
    if (m_closed || m_discarded) {
        m_engine->reply(responder, info, {400, {}, {}});
        return;
    }
    m_poll = std::make_unique<QHttpServerResponder>(std::move(responder));
    m_pollSocket = socket;
    m_pollRequest = info;
    // A client that goes away while its poll waits closes the session.
    m_pollAbort = connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_pollSocket.clear();
        dropPendingPoll();
        if (m_owner)
            m_owner->onTransportError(this, QStringLiteral("poll connection closed prematurely"));
    });
    if (m_shouldClose) {
        send({Packet::text(PacketType::Close)});
        return;
    }
    if (m_owner)
        m_owner->onTransportDrain(this);
}

void PollingTransport::onData(const QByteArray &body, QHttpServerResponder &&responder, const EngineRequest &info)
{
    const int overlapping = std::exchange(m_dataRequests, qMax(0, m_dataRequests - 1));
    if (overlapping > 1) {
        m_engine->reply(responder, info, {400, {}, {}});
        if (m_owner)
            m_owner->onTransportError(this, QStringLiteral("data request overlap from client"));
        return;
    }
    const bool binaryBody = info.header("content-type") == "application/octet-stream";
    if (binaryBody && m_protocol != 3) {
        m_engine->reply(responder, info, {400, {}, {}});
        if (m_owner)
            m_owner->onTransportError(this, QStringLiteral("invalid content"));
        return;
    }
    if (body.size() > m_engine->options.maxHttpBufferSize()) {
        m_engine->reply(responder, info, {413, {}, {}});
        if (m_owner)
            m_owner->onTransportError(this, QStringLiteral("payload too large"));
        return;
    }
    const auto packets = m_protocol == 3 ? Codec::decodePayloadV3(body, binaryBody) : Codec::decodePayload(body);
    m_engine->reply(responder, info, {200, "text/html", "ok", false, false, true});
    if (!packets) {
        m_counters->bytesReceived += quint64(body.size());
        if (m_owner)
            m_owner->onTransportParseError(this);
        return;
    }
    QPointer<PollingTransport> guard(this);
    const qint64 perPacket = packets->isEmpty() ? 0 : body.size() / packets->size();
    for (const Packet &packet : *packets) {
        if (!guard || m_discarded)
            return;
        if (packet.type == PacketType::Close) {
            m_closed = true;
            if (m_owner)
                m_owner->onTransportClosed(this);
            return;
        }
        deliver(packet, perPacket);
    }
}

void PollingTransport::send(const PacketList &packets)
{
    if (!isWritable())
        return;
    PacketList all = packets;
    if (m_shouldClose && (all.isEmpty() || all.constLast().type != PacketType::Close))
        all.append(Packet::text(PacketType::Close));
    const bool closing = !all.isEmpty() && all.constLast().type == PacketType::Close;

    HttpReply reply;
    if (m_protocol == 3) {
        const bool binary = Codec::payloadNeedsBinaryV3(all, m_supportsBinary);
        reply.body = Codec::encodePayloadV3(all, m_supportsBinary);
        reply.contentType = binary ? "application/octet-stream" : "text/plain; charset=UTF-8";
    } else {
        reply.body = Codec::encodePayload(all);
        reply.contentType = "text/plain; charset=UTF-8";
    }
    reply.handshake = !all.isEmpty() && all.constFirst().type == PacketType::Open;
    reply.compressible = true;
    reply.polling = true;
    m_counters->packetsSent += quint64(all.size());
    m_counters->bytesSent += quint64(reply.body.size());

    auto responder = std::move(m_poll);
    const EngineRequest request = m_pollRequest;
    disconnect(m_pollAbort);
    m_pollSocket.clear();
    m_engine->reply(*responder, request, reply);
    responder.reset();
    if (closing) {
        m_closed = true;
        if (m_owner)
            m_owner->onTransportClosed(this);
    }
}

void PollingTransport::close()
{
    if (m_closed)
        return;
    if (isWritable()) {
        send({Packet::text(PacketType::Close)});
        return;
    }
    if (m_discarded) {
        m_closed = true;
        if (m_owner)
            m_owner->onTransportClosed(this);
        return;
    }
    m_shouldClose = true; // the close packet goes out with the next poll
}

void PollingTransport::discard()
{
    m_discarded = true;
    m_owner = nullptr;
    dropPendingPoll();
}

void PollingTransport::dropPendingPoll()
{
    disconnect(m_pollAbort);
    if (m_poll && m_pollSocket) {
        // Answer a poll left waiting so the client's request completes.
        m_engine->reply(*m_poll, m_pollRequest,
                        {200, "text/plain; charset=UTF-8", m_protocol == 3 ? QByteArray("1:6") : QByteArray("6")});
    }
    m_poll.reset();
    m_pollSocket.clear();
}

} // namespace SocketIo::Eio
