// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "connection_p.h"
#include "namespace_p.h"
#include "server_p.h"
#include "socket_p.h"
#include "socketiologging_p.h"

#include <QtCore/QTimerEvent>
#include <QtCore/QUrl>

#include <algorithm>

namespace SocketIo {

namespace {

Socket::DisconnectReason fromEngine(EngineSocket::CloseReason reason)
{
    switch (reason) {
    case EngineSocket::CloseReason::TransportClose:
        return Socket::DisconnectReason::TransportClose;
    case EngineSocket::CloseReason::TransportError:
        return Socket::DisconnectReason::TransportError;
    case EngineSocket::CloseReason::PingTimeout:
        return Socket::DisconnectReason::PingTimeout;
    case EngineSocket::CloseReason::ForcedClose:
        return Socket::DisconnectReason::ForcedClose;
    case EngineSocket::CloseReason::ServerShuttingDown:
        return Socket::DisconnectReason::ServerShuttingDown;
    case EngineSocket::CloseReason::ParseError:
        return Socket::DisconnectReason::ParseError;
    }
    return Socket::DisconnectReason::TransportClose;
}

// A protocol-4 (Socket.IO 2) client names a namespace with its query string,
// "/custom?token=abc": the path is the namespace, the query its auth (as
// Node's URLSearchParams reads it: '+' is a space, the last value wins).
void splitLegacyNamespace(QString &nsp, QVariantMap &auth)
{
    const qsizetype question = nsp.indexOf(u'?');
    const QString query = question < 0 ? QString() : nsp.mid(question + 1).section(u'#', 0, 0);
    nsp = nsp.left(question < 0 ? nsp.indexOf(u'#') : question);
    if (!nsp.startsWith(u'/'))
        nsp.prepend(u'/');
    const auto decode = [](QString part) {
        part.replace(u'+', u' ');
        return QUrl::fromPercentEncoding(part.toUtf8());
    };
    auth.clear();
    for (const QString &pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        auth.insert(decode(pair.left(equals)), equals < 0 ? QString() : decode(pair.mid(equals + 1)));
    }
}

} // namespace

Connection::Connection(ServerPrivate *server, EngineSocket *conn)
    : QObject(conn), m_server(server), m_conn(conn), m_decoder(server->format)
{
    EngineSocketPrivate::get(conn)->listener = this;
    const auto timeout = server->options.connectTimeout().count();
    m_connectTimer.start(int(std::clamp<qint64>(timeout, 0, std::numeric_limits<int>::max())), Qt::PreciseTimer, this);
    // A Socket.IO 2 client never asks for "/": it waits for the server's CONNECT.
    if (isLegacyClient())
        connectNamespace(QStringLiteral("/"), {});
}

Connection::~Connection()
{
    if (m_conn)
        EngineSocketPrivate::get(m_conn)->listener = nullptr;
}

void Connection::onEngineClosed(EngineSocket::CloseReason reason)
{
    onClose(fromEngine(reason));
}

void Connection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_connectTimer.timerId())
        return;
    m_connectTimer.stop();
    if (m_sockets.isEmpty() && m_conn) {
        qCInfo(lcClient, "%s: no namespace joined within connectTimeout: closing", qPrintable(m_conn->id()));
        m_conn->close();
    }
}

void Connection::onEngineMessage(const QByteArray &data, bool binary)
{
    const auto result = binary ? m_decoder.addBinary(data) : m_decoder.addText(data);
    if (result == Sio::Decoder::Result::Complete)
        onPacket(m_decoder.takePacket());
    else if (result == Sio::Decoder::Result::Error)
        onError(m_decoder.errorString());
}

void Connection::onPacket(Sio::Packet &&packet)
{
    if (packet.type == Sio::PacketType::Connect) {
        QVariantMap auth = packet.data.toMap();
        if (isLegacyClient())
            splitLegacyNamespace(packet.nsp, auth);
        if (m_sockets.contains(packet.nsp) || m_connecting.contains(packet.nsp)) {
            onError(QStringLiteral("second CONNECT to %1").arg(packet.nsp));
            return;
        }
        connectNamespace(packet.nsp, auth);
        return;
    }
    if (isLegacyClient() && packet.nsp.contains(u'?')) {
        QVariantMap ignored;
        splitLegacyNamespace(packet.nsp, ignored);
    }
    QPointer<Socket> socket = m_sockets.value(packet.nsp);
    if (!socket) {
        if (packet.type == Sio::PacketType::ConnectError)
            onError(QStringLiteral("CONNECT_ERROR from a client"));
        else
            onError(QStringLiteral("packet for namespace %1, not joined").arg(packet.nsp));
        return;
    }
    if (packet.type == Sio::PacketType::ConnectError) {
        onError(QStringLiteral("CONNECT_ERROR from a client"));
        return;
    }
    SocketPrivate::get(socket)->onPacket(std::move(packet));
}

void Connection::connectNamespace(const QString &name, const QVariantMap &auth)
{
    Namespace *nsp = m_server->lookupNamespace(name, auth);
    if (!nsp) {
        Sio::Packet error;
        error.type = Sio::PacketType::ConnectError;
        error.nsp = name;
        error.data = QVariantMap{{QStringLiteral("message"), QStringLiteral("Invalid namespace")}};
        writePacket(error);
        return;
    }
    m_connecting.append(name);
    QPointer<Connection> guard(this);
    NamespacePrivate::get(nsp)->add(this, auth, [guard, name](Socket *socket) {
        if (!guard)
            return;
        guard->m_connecting.removeOne(name);
        if (!socket)
            return;
        guard->m_sockets.insert(name, socket);
        guard->m_connectTimer.stop();
    });
}

void Connection::onError(const QString &reason)
{
    if (!m_conn)
        return;
    qCInfo(lcClient, "%s: protocol error (%s): closing the connection", qPrintable(m_conn->id()), qPrintable(reason));
    // As in Node, the connection is closed: its namespaces see "forced close".
    m_conn->close();
}

void Connection::onClose(Socket::DisconnectReason reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_connectTimer.stop();
    const auto sockets = m_sockets.values();
    m_sockets.clear();
    for (const QPointer<Socket> &socket : sockets) {
        if (socket)
            SocketPrivate::get(socket)->onClose(reason);
    }
    m_decoder.reset();
}

void Connection::write(const Sio::Encoded &encoded, const BroadcastFlags &flags)
{
    if (!m_conn || m_conn->readyState() != EngineSocket::ReadyState::Open)
        return;
    if (flags.isVolatile && !m_conn->isWritable())
        return;                  // a volatile packet is dropped rather than queued
    if (!encoded.text.isEmpty()) // empty in the msgpack format: the packet is one binary message
        m_conn->send(encoded.text);
    for (const QByteArray &attachment : encoded.attachments)
        m_conn->sendBinary(attachment);
}

void Connection::writePacket(const Sio::Packet &packet, const BroadcastFlags &flags)
{
    write(Sio::encode(packet, m_decoder.format()), flags);
}

void Connection::remove(Socket *socket)
{
    for (auto it = m_sockets.begin(); it != m_sockets.end(); ++it) {
        if (it.value() == socket) {
            m_sockets.erase(it);
            return;
        }
    }
}

void Connection::disconnectAll()
{
    const auto sockets = m_sockets.values();
    for (const QPointer<Socket> &socket : sockets) {
        if (socket)
            socket->disconnect(false);
    }
    if (m_conn && m_conn->readyState() == EngineSocket::ReadyState::Open) {
        m_conn->close();
        onClose(Socket::DisconnectReason::ForcedServerClose);
    }
}

} // namespace SocketIo
