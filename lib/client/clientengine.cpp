// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "clientengine_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>
#include <QtCore/QRandomGenerator>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <QtWebSockets/QWebSocket>

namespace SocketIo {

Q_LOGGING_CATEGORY(lcEngineClient, "engineio.client", QtWarningMsg)

/*
    ClientEngine is the Engine.IO half of SocketIo::Client. It opens a session
    with a long-polling handshake (or directly over WebSocket when polling is
    not allowed), answers pings, detects a silent server after
    pingInterval + pingTimeout, and upgrades to WebSocket with the
    2probe / 3probe / 5 exchange once the polling transport is paused.
*/

ClientEngine::ClientEngine(const ClientEngineOptions &options, QObject *parent) : QObject(parent), m_options(options)
{
    if (!m_options.path.startsWith(QLatin1Char('/')))
        m_options.path.prepend(QLatin1Char('/'));
    if (!m_options.path.endsWith(QLatin1Char('/')))
        m_options.path.append(QLatin1Char('/'));
    m_pingTimer.setSingleShot(true);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] { terminate(QStringLiteral("ping timeout")); });
}

ClientEngine::~ClientEngine()
{
    teardown();
}

QString ClientEngine::transportName() const
{
    return m_transport == Transport::WebSocket ? QStringLiteral("websocket") : QStringLiteral("polling");
}

QUrl ClientEngine::endpoint(Transport transport, bool withSid) const
{
    QUrl url = m_options.url;
    const QString scheme = url.scheme().toLower();
    const bool secure = scheme == QLatin1String("https") || scheme == QLatin1String("wss");
    if (transport == Transport::WebSocket)
        url.setScheme(secure ? QStringLiteral("wss") : QStringLiteral("ws"));
    else
        url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    url.setPath(m_options.path);
    QUrlQuery query(m_options.query);
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"),
                       transport == Transport::WebSocket ? QStringLiteral("websocket") : QStringLiteral("polling"));
    if (transport == Transport::Polling) // cache busting, as engine.io-client's timestampParam
        query.addQueryItem(QStringLiteral("t"), QString::number(QRandomGenerator::global()->generate(), 36));
    if (withSid)
        query.addQueryItem(QStringLiteral("sid"), m_sid);
    url.setQuery(query);
    return url;
}

QNetworkAccessManager *ClientEngine::network()
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    return m_network;
}

void ClientEngine::open()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Opening;
    if (m_options.polling) {
        m_transport = Transport::Polling;
        startPoll();
    } else if (m_options.websocket) {
        m_transport = Transport::WebSocket;
        openWebSocket();
    } else {
        fail(QStringLiteral("no transport allowed"));
    }
}

// ---------------------------------------------------------------------------
// long-polling

static QNetworkRequest pollingRequest(const QUrl &url, const ClientEngineOptions &options)
{
    QNetworkRequest request(url);
    for (auto it = options.headers.cbegin(); it != options.headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
#if QT_CONFIG(ssl)
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(options.sslConfiguration);
#endif
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return request;
}

void ClientEngine::startPoll()
{
    if (m_poll || m_pollingPaused || m_transport != Transport::Polling)
        return;
    const bool handshake = m_state == State::Opening;
    QNetworkReply *reply = network()->get(pollingRequest(endpoint(Transport::Polling, !handshake), m_options));
    m_poll = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPollFinished(reply); });
}

void ClientEngine::onPollFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_poll == reply)
        m_poll = nullptr;
    if (m_state == State::Closed || m_state == State::Closing) {
        deleteWhenIdle();
        return;
    }
    const QByteArray body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError) {
        qCDebug(lcEngineClient) << "poll error" << reply->errorString() << body;
        if (m_state == State::Opening) {
            const QJsonObject error = QJsonDocument::fromJson(body).object();
            fail(error.contains(QLatin1String("message")) ? error.value(QLatin1String("message")).toString()
                                                          : QStringLiteral("xhr poll error"));
        } else if (m_transport == Transport::Polling) {
            terminate(QStringLiteral("transport error"));
        }
        return;
    }
    const auto packets = Eio::Codec::decodePayload(body);
    if (!packets) {
        if (m_state == State::Opening)
            fail(QStringLiteral("xhr poll error"));
        else
            terminate(QStringLiteral("parse error"));
        return;
    }
    QPointer<ClientEngine> guard(this);
    for (const Eio::Packet &packet : *packets) {
        if (m_state == State::Opening) {
            if (!handleOpen(packet))
                return;
            continue;
        }
        handlePacket(packet);
        if (!guard || m_state != State::Open)
            return;
    }
    if (m_pollingPaused)
        maybeFinishUpgrade();
    else
        startPoll();
}

void ClientEngine::flush()
{
    if (m_writeBuffer.isEmpty())
        return;
    if (m_transport == Transport::WebSocket) {
        if (!m_webSocket)
            return;
        const Eio::PacketList packets = std::exchange(m_writeBuffer, {});
        for (const Eio::Packet &packet : packets) {
            if (packet.binary)
                m_webSocket->sendBinaryMessage(packet.data);
            else
                m_webSocket->sendTextMessage(QString::fromUtf8(Eio::Codec::encodeText(packet)));
        }
        if (m_deleteWhenFlushed) {
            m_webSocket->close();
        }
        return;
    }
    if (m_post || m_pollingPaused || m_sid.isEmpty())
        return;
    const QByteArray body = Eio::Codec::encodePayload(std::exchange(m_writeBuffer, {}));
    QNetworkRequest request = pollingRequest(endpoint(Transport::Polling, true), m_options);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain;charset=UTF-8"));
    QNetworkReply *reply = network()->post(request, body);
    m_post = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPostFinished(reply); });
}

void ClientEngine::onPostFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (m_post == reply)
        m_post = nullptr;
    if (m_deleteWhenFlushed) {
        flush();
        deleteWhenIdle();
        return;
    }
    if (m_state != State::Open)
        return;
    if (reply->error() != QNetworkReply::NoError) {
        qCDebug(lcEngineClient) << "post error" << reply->errorString();
        if (m_transport == Transport::Polling)
            terminate(QStringLiteral("transport error"));
        return;
    }
    if (m_pollingPaused)
        maybeFinishUpgrade();
    else
        flush();
}

// ---------------------------------------------------------------------------
// WebSocket

QWebSocket *ClientEngine::newWebSocket()
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
#if QT_CONFIG(ssl)
    socket->setSslConfiguration(m_options.sslConfiguration);
#endif
    QNetworkRequest request(endpoint(Transport::WebSocket, !m_sid.isEmpty()));
    for (auto it = m_options.headers.cbegin(); it != m_options.headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    QMetaObject::invokeMethod(
            socket, [socket, request] { socket->open(request); }, Qt::QueuedConnection);
    return socket;
}

void ClientEngine::openWebSocket()
{
    m_webSocket = newWebSocket();
    connect(m_webSocket, &QWebSocket::textMessageReceived, this, &ClientEngine::onWebSocketText);
    connect(m_webSocket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        if (m_state == State::Open)
            handlePacket(Eio::Packet::bytes(data));
    });
    connect(m_webSocket, &QWebSocket::disconnected, this, &ClientEngine::onWebSocketDisconnected);
}

void ClientEngine::onWebSocketText(const QString &text)
{
    const auto packet = Eio::Codec::decodeText(text.toUtf8());
    if (!packet) {
        if (m_state == State::Opening)
            fail(QStringLiteral("websocket error"));
        else
            terminate(QStringLiteral("parse error"));
        return;
    }
    if (m_state == State::Opening)
        handleOpen(*packet);
    else if (m_state == State::Open)
        handlePacket(*packet);
}

void ClientEngine::onWebSocketDisconnected()
{
    if (m_deleteWhenFlushed) {
        deleteLater();
        return;
    }
    if (m_state == State::Opening)
        fail(QStringLiteral("websocket error"));
    else if (m_state == State::Open && m_transport == Transport::WebSocket)
        terminate(QStringLiteral("transport close"));
}

// ---------------------------------------------------------------------------
// the upgrade: probe, pause polling, switch

void ClientEngine::probe()
{
    m_probe = newWebSocket();
    m_probeAnswered = false;
    connect(m_probe, &QWebSocket::connected, this, [this] { m_probe->sendTextMessage(QStringLiteral("2probe")); });
    connect(m_probe, &QWebSocket::textMessageReceived, this, &ClientEngine::onProbeText);
    connect(m_probe, &QWebSocket::disconnected, this, &ClientEngine::abandonProbe);
}

void ClientEngine::onProbeText(const QString &text)
{
    if (m_probeAnswered || text != QLatin1String("3probe")) {
        abandonProbe();
        return;
    }
    m_probeAnswered = true;
    m_pollingPaused = true;
    maybeFinishUpgrade();
}

void ClientEngine::abandonProbe()
{
    if (!m_probe)
        return;
    qCDebug(lcEngineClient) << "upgrade probe failed, staying on polling";
    QWebSocket *probeSocket = std::exchange(m_probe, nullptr);
    probeSocket->disconnect(this);
    probeSocket->abort();
    probeSocket->deleteLater();
    if (m_pollingPaused && m_state == State::Open) {
        m_pollingPaused = false;
        startPoll();
        flush();
    }
}

void ClientEngine::maybeFinishUpgrade()
{
    if (!m_probe || !m_probeAnswered || m_poll || m_post || m_state != State::Open)
        return;
    m_webSocket = std::exchange(m_probe, nullptr);
    m_webSocket->disconnect(this);
    connect(m_webSocket, &QWebSocket::textMessageReceived, this, &ClientEngine::onWebSocketText);
    connect(m_webSocket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        if (m_state == State::Open)
            handlePacket(Eio::Packet::bytes(data));
    });
    connect(m_webSocket, &QWebSocket::disconnected, this, &ClientEngine::onWebSocketDisconnected);
    m_transport = Transport::WebSocket;
    m_pollingPaused = false;
    m_webSocket->sendTextMessage(QStringLiteral("5"));
    qCDebug(lcEngineClient) << m_sid << "upgraded to websocket";
    flush();
    Q_EMIT upgraded(transportName());
}

// ---------------------------------------------------------------------------
// packets

bool ClientEngine::handleOpen(const Eio::Packet &packet)
{
    const QJsonObject open = QJsonDocument::fromJson(packet.data).object();
    if (packet.type != Eio::PacketType::Open || !open.value(QLatin1String("sid")).isString()) {
        fail(QStringLiteral("invalid handshake"));
        return false;
    }
    m_sid = open.value(QLatin1String("sid")).toString();
    m_pingInterval = open.value(QLatin1String("pingInterval")).toInteger(m_pingInterval);
    m_pingTimeout = open.value(QLatin1String("pingTimeout")).toInteger(m_pingTimeout);
    const QJsonArray upgrades = open.value(QLatin1String("upgrades")).toArray();
    for (const QJsonValue &upgrade : upgrades)
        m_upgrades.append(upgrade.toString());
    m_state = State::Open;
    qCDebug(lcEngineClient) << "open" << m_sid << "over" << transportName();
    resetPingTimer();
    if (m_transport == Transport::Polling && m_options.upgrade && m_options.websocket
        && m_upgrades.contains(QLatin1String("websocket"))) {
        probe();
    }
    QPointer<ClientEngine> guard(this);
    Q_EMIT opened();
    if (guard && m_state == State::Open)
        flush();
    return guard && m_state == State::Open;
}

void ClientEngine::handlePacket(const Eio::Packet &packet)
{
    switch (packet.type) {
    case Eio::PacketType::Ping:
        resetPingTimer();
        send(Eio::Packet::text(Eio::PacketType::Pong));
        Q_EMIT pingReceived();
        break;
    case Eio::PacketType::Message:
        Q_EMIT packetReceived(packet);
        break;
    case Eio::PacketType::Close:
        terminate(QStringLiteral("transport close"));
        break;
    default:
        break;
    }
}

void ClientEngine::send(const Eio::Packet &packet)
{
    if (m_state == State::Closed || m_state == State::Closing)
        return;
    m_writeBuffer.append(packet);
    if (m_state == State::Open)
        flush();
}

void ClientEngine::resetPingTimer()
{
    m_pingTimer.start(int(m_pingInterval + m_pingTimeout));
    m_pingDeadline.setRemainingTime(m_pingInterval + m_pingTimeout);
}

bool ClientEngine::isWritable() const
{
    if (m_state != State::Open)
        return false;
    if (m_transport == Transport::WebSocket)
        return m_webSocket && m_webSocket->isValid() && m_webSocket->bytesToWrite() == 0;
    return !m_post && !m_pollingPaused;
}

bool ClientEngine::hasPingExpired()
{
    if (m_state != State::Open)
        return true;
    if (!m_pingDeadline.hasExpired())
        return false;
    qCDebug(lcEngineClient) << m_sid << "throttled ping timer detected, closing";
    m_pingTimer.start(0);
    return true;
}

void ClientEngine::closeAndDelete()
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    const bool wasOpen = m_state == State::Open;
    m_state = State::Closing;
    m_pingTimer.stop();
    abandonProbe();
    if (m_poll && m_transport != Transport::Polling)
        m_poll->abort();
    if (!wasOpen) {
        teardown();
        deleteLater();
        return;
    }
    m_writeBuffer.append(Eio::Packet::text(Eio::PacketType::Close));
    m_pollingPaused = false;
    m_deleteWhenFlushed = true;
    // The pending GET is left alone (aborting it would look like a transport
    // error to the server); the server answers it once it reads the close packet.
    QTimer::singleShot(2000, this, &QObject::deleteLater);
    flush();
}

void ClientEngine::deleteWhenIdle()
{
    if (m_deleteWhenFlushed && !m_poll && !m_post && m_writeBuffer.isEmpty())
        deleteLater();
}

void ClientEngine::fail(const QString &message)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    teardown();
    Q_EMIT failed(message);
}

void ClientEngine::terminate(const QString &reason)
{
    if (m_state != State::Open)
        return;
    qCDebug(lcEngineClient) << m_sid << "closed:" << reason;
    m_state = State::Closed;
    teardown();
    Q_EMIT closed(reason);
}

void ClientEngine::teardown()
{
    m_pingTimer.stop();
    if (m_poll) {
        QNetworkReply *reply = m_poll;
        m_poll = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (m_post && !m_deleteWhenFlushed) {
        QNetworkReply *reply = m_post;
        m_post = nullptr;
        reply->disconnect(this);
        reply->deleteLater();
    }
    for (QWebSocket **socket : {&m_webSocket, &m_probe}) {
        if (*socket) {
            QWebSocket *ws = std::exchange(*socket, nullptr);
            ws->disconnect(this);
            ws->abort();
            ws->deleteLater();
        }
    }
}

} // namespace SocketIo
