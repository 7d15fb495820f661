// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "websockettransport_p.h"
#include "logging_p.h"
#include "socketwrite_p.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>

namespace SocketIo::Eio {

WebSocketTransport::WebSocketTransport(QWebSocket *webSocket, QTcpSocket *socket, int protocol,
                                       qint64 maxPayload, Counters *counters)
    : Transport(Kind::WebSocket, protocol, counters), m_webSocket(webSocket), m_socket(socket),
      m_directWrite(canWriteDirectly(socket))
{
    webSocket->setParent(this);
    webSocket->setMaxAllowedIncomingMessageSize(quint64(maxPayload));
    webSocket->setMaxAllowedIncomingFrameSize(quint64(maxPayload));
    connect(webSocket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        onMessage(text.toUtf8(), false);
    });
    connect(webSocket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        onMessage(data, true);
    });
    connect(webSocket, &QWebSocket::disconnected, this, [this] {
        const auto code = m_webSocket->closeCode();
        if (m_closed)
            return;
        m_closed = true;
        if (!m_owner)
            return;
        if (code == QWebSocketProtocol::CloseCodeTooMuchData
            || code == QWebSocketProtocol::CloseCodeProtocolError
            || code == QWebSocketProtocol::CloseCodeWrongDatatype) {
            m_owner->onTransportError(this, m_webSocket->closeReason());
        } else {
            m_owner->onTransportClosed(this);
        }
    });
}

WebSocketTransport::~WebSocketTransport()
{
    m_owner = nullptr;
    if (m_webSocket->state() != QAbstractSocket::UnconnectedState)
        m_webSocket->abort();
}

bool WebSocketTransport::isWritable() const
{
    return !m_closed && m_socket && m_socket->state() == QAbstractSocket::ConnectedState
            && m_socket->bytesToWrite() < WriteBufferLimit;
}

void WebSocketTransport::onMessage(QByteArrayView data, bool binary)
{
    if (m_closed)
        return;
    std::optional<Packet> packet;
    if (m_protocol == 3)
        packet = binary ? Codec::decodeBinaryFrameV3(data) : Codec::decodeTextV3(data);
    else
        packet = binary ? std::optional<Packet>(Packet::bytes(data.toByteArray()))
                        : Codec::decodeText(data);
    if (!packet) {
        m_counters->bytesReceived += quint64(data.size());
        if (m_owner)
            m_owner->onTransportParseError(this);
        return;
    }
    if (packet->type == PacketType::Close) {
        close();
        return;
    }
    deliver(*packet, data.size());
}

QByteArray WebSocketTransport::frameHeader(bool binary, qint64 length)
{
    QByteArray header;
    header.reserve(10);
    header.append(static_cast<char>(0x80 | (binary ? 0x2 : 0x1)));
    if (length < 126) {
        header.append(static_cast<char>(length));
    } else if (length <= 0xffff) {
        header.append(static_cast<char>(126));
        header.append(static_cast<char>((length >> 8) & 0xff));
        header.append(static_cast<char>(length & 0xff));
    } else {
        header.append(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            header.append(static_cast<char>((length >> shift) & 0xff));
    }
    return header;
}

void WebSocketTransport::writePacket(const Packet &packet)
{
    QByteArray header;
    qint64 written = 0;
    if (packet.binary) {
        const bool prefixed = m_protocol == 3;
        header = frameHeader(true, packet.data.size() + (prefixed ? 1 : 0));
        if (prefixed)
            header.append('\x04');
    } else {
        header = frameHeader(false, packet.data.size() + 1);
        header.append(static_cast<char>(packet.type));
    }
    written += writeChunks(m_socket, m_directWrite, {QByteArrayView(header), QByteArrayView(packet.data)});
    ++m_counters->packetsSent;
    m_counters->bytesSent += quint64(written);
}

void WebSocketTransport::send(const PacketList &packets)
{
    if (m_closed || !m_socket)
        return;
    for (const Packet &packet : packets)
        writePacket(packet);
    if (m_socket->bytesToWrite() > WriteBufferLimit) {
        qCInfo(lcEngineTransport, "client reads too slowly (%lld bytes queued): closing",
               m_socket->bytesToWrite());
        m_closed = true;
        m_webSocket->abort();
        if (m_owner)
            m_owner->onTransportError(this, QStringLiteral("write buffer overflow"));
    }
}

void WebSocketTransport::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_webSocket->close();
    if (m_owner)
        m_owner->onTransportClosed(this);
}

void WebSocketTransport::retireLater()
{
    if (m_webSocket->state() == QAbstractSocket::UnconnectedState) {
        deleteLater();
        return;
    }
    // Let the close handshake finish, but never wait for it forever.
    connect(m_webSocket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    QTimer::singleShot(std::chrono::seconds(5), this, &QObject::deleteLater);
}

void WebSocketTransport::discard()
{
    m_owner = nullptr;
}

} // namespace SocketIo::Eio
