// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "rawsioclient.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkProxy>
#include <QtNetwork/QNetworkReply>
#include <QtWebSockets/QWebSocket>

namespace SocketIoTest {

namespace {

constexpr char RecordSeparator = '\x1e';

enum PacketType { Connect = 0, Disconnect = 1, Event = 2, Ack = 3, ConnectError = 4, BinaryEvent = 5, BinaryAck = 6 };

// QVariant -> JSON, every QByteArray replaced by a placeholder and collected.
QJsonValue toJson(const QVariant &value, QList<QByteArray> *attachments)
{
    switch (value.userType()) {
    case QMetaType::QByteArray:
        attachments->append(value.toByteArray());
        return QJsonObject{{QStringLiteral("_placeholder"), true},
                           {QStringLiteral("num"), int(attachments->size() - 1)}};
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        QJsonArray array;
        const QVariantList list = value.toList();
        for (const QVariant &item : list)
            array.append(toJson(item, attachments));
        return array;
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), toJson(it.value(), attachments));
        return object;
    }
    default:
        return QJsonValue::fromVariant(value);
    }
}

// JSON -> QVariant, placeholders replaced by their attachments.
QVariant toVariant(const QJsonValue &value, const QList<QByteArray> &attachments)
{
    if (value.isArray()) {
        QVariantList list;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            list.append(toVariant(item, attachments));
        return list;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.value(QStringLiteral("_placeholder")).toBool() && object.contains(QStringLiteral("num")))
            return attachments.value(object.value(QStringLiteral("num")).toInt());
        QVariantMap map;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            map.insert(it.key(), toVariant(it.value(), attachments));
        return map;
    }
    return value.toVariant();
}

QByteArray serialize(const QJsonValue &value)
{
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return {};
}

// Any JSON value, scalars included (QJsonDocument takes arrays and objects only).
std::optional<QJsonValue> parseJson(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']', &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().first();
}

} // namespace

RawSioClient::RawSioClient(Transport transport, QObject *parent) : QObject(parent), m_transport(transport)
{
    if (transport == Transport::WebSocket) {
        m_ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        m_ws->setProxy(QNetworkProxy::NoProxy);
        connect(m_ws, &QWebSocket::textMessageReceived, this,
                [this](const QString &message) { onEngineText(message.toUtf8()); });
        connect(m_ws, &QWebSocket::binaryMessageReceived, this, &RawSioClient::onEngineBinary);
        connect(m_ws, &QWebSocket::disconnected, this, &RawSioClient::finish);
    } else {
        m_http = new QNetworkAccessManager(this);
        m_http->setProxy(QNetworkProxy::NoProxy);
    }
}

RawSioClient::~RawSioClient()
{
    // Leave without reporting: a test that deletes its client is done with it.
    m_closed = true;
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->abort();
    }
    for (QNetworkReply *reply : {m_get.data(), m_post.data()}) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
        }
    }
}

RawSioClient::Transport RawSioClient::transportFromName(const QString &name)
{
    return name == QLatin1String("websocket") ? Transport::WebSocket : Transport::Polling;
}

QUrl RawSioClient::url(const QString &transport) const
{
    QUrl url;
    url.setScheme(transport == QLatin1String("websocket") ? QStringLiteral("ws") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(m_path);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), transport);
    if (!m_engineId.isEmpty())
        query.addQueryItem(QStringLiteral("sid"), m_engineId);
    const auto extra = m_query.queryItems(QUrl::FullyEncoded);
    for (const auto &item : extra)
        query.addQueryItem(item.first, item.second);
    url.setQuery(query);
    return url;
}

void RawSioClient::open(quint16 port)
{
    if (m_opening || m_closed)
        return;
    m_opening = true;
    m_port = port;
    if (m_ws)
        m_ws->open(url(QStringLiteral("websocket")));
    else
        poll(); // the handshake is the first GET
}

void RawSioClient::connectTo(quint16 port, const QString &nsp, const QVariantMap &auth)
{
    open(port);
    sendPacket(Connect, nsp, -1, auth.isEmpty() ? QVariant() : QVariant(auth));
}

void RawSioClient::emitEvent(const QString &nsp, const QString &name, const QVariantList &args, qint64 ackId)
{
    QVariantList data = args;
    data.prepend(name);
    sendPacket(Event, nsp, ackId, data);
}

void RawSioClient::sendAck(const QString &nsp, qint64 id, const QVariantList &args)
{
    sendPacket(Ack, nsp, id, args);
}

void RawSioClient::sendRaw(const QString &text)
{
    sendEngine(text.toUtf8());
}

void RawSioClient::disconnectNamespace(const QString &nsp)
{
    sendPacket(Disconnect, nsp, -1, {});
    m_sids.remove(nsp);
}

// Sends the Engine.IO close packet, then ends the transport; closed() follows.
void RawSioClient::close()
{
    if (m_closed)
        return;
    if (!m_open) {
        finish();
        return;
    }
    sendEngine(QByteArrayLiteral("1"));
    m_open = false;
    if (m_ws)
        m_ws->close();
    // Polling: closed() once the POST of the close packet is answered.
}

void RawSioClient::sendPacket(int type, const QString &nsp, qint64 id, const QVariant &data)
{
    QList<QByteArray> attachments;
    const QByteArray json = data.isValid() ? serialize(toJson(data, &attachments)) : QByteArray();
    QByteArray out;
    if (!attachments.isEmpty()) {
        type = type == Ack ? BinaryAck : BinaryEvent;
        out = QByteArray::number(type) + QByteArray::number(attachments.size()) + '-';
    } else {
        out = QByteArray::number(type);
    }
    if (nsp != QLatin1String("/"))
        out += nsp.toUtf8() + ',';
    if (id >= 0)
        out += QByteArray::number(id);
    out += json;
    sendEngine('4' + out, attachments);
}

void RawSioClient::sendEngine(const QByteArray &text, const QList<QByteArray> &binaries)
{
    if (m_closed)
        return;
    if (!m_open) {
        m_beforeOpen.append(text);
        for (const QByteArray &binary : binaries)
            m_beforeOpen.append('b' + binary.toBase64()); // decoded back for WebSocket on flush
        return;
    }
    if (m_ws) {
        m_ws->sendTextMessage(QString::fromUtf8(text));
        for (const QByteArray &binary : binaries)
            m_ws->sendBinaryMessage(binary);
        return;
    }
    m_outbox.append(text);
    for (const QByteArray &binary : binaries)
        m_outbox.append('b' + binary.toBase64());
    flushPosts();
}

void RawSioClient::onEngineText(const QByteArray &text)
{
    if (text.isEmpty() || m_closed)
        return;
    switch (text.front()) {
    case '0': {
        const QJsonObject handshake = QJsonDocument::fromJson(text.mid(1)).object();
        m_engineId = handshake.value(QStringLiteral("sid")).toString();
        m_open = true;
        Q_EMIT opened(m_engineId);
        const QList<QByteArray> queued = std::exchange(m_beforeOpen, {});
        for (const QByteArray &packet : queued) {
            if (m_ws && packet.startsWith('b'))
                m_ws->sendBinaryMessage(QByteArray::fromBase64(packet.mid(1)));
            else
                sendEngine(packet);
        }
        break;
    }
    case '1':
        finish();
        break;
    case '2':
        sendEngine('3' + text.mid(1));
        Q_EMIT pinged();
        break;
    case '4':
        onSocketIoPacket(text.mid(1));
        break;
    case 'b':
        onEngineBinary(QByteArray::fromBase64(text.mid(1)));
        break;
    default: // '3' pong, '6' noop
        break;
    }
}

void RawSioClient::onEngineBinary(const QByteArray &data)
{
    if (m_pending.expected == 0)
        return; // an attachment nobody announced
    m_pending.attachments.append(data);
    if (m_pending.attachments.size() < m_pending.expected)
        return;
    const Pending packet = std::exchange(m_pending, {});
    dispatch(packet, toVariant(packet.payload, packet.attachments));
}

// type [attachments '-'] ['/' nsp ','] [id] [json]
void RawSioClient::onSocketIoPacket(const QByteArray &text)
{
    if (text.isEmpty() || text.front() < '0' || text.front() > '6') {
        qWarning("RawSioClient: bad Socket.IO packet %s", text.constData());
        return;
    }
    Pending packet;
    packet.type = text.front() - '0';
    qsizetype i = 1;
    if (packet.type == BinaryEvent || packet.type == BinaryAck) {
        const qsizetype dash = text.indexOf('-', i);
        bool ok = false;
        packet.expected = dash < 0 ? 0 : text.mid(i, dash - i).toInt(&ok);
        if (!ok || packet.expected <= 0) {
            qWarning("RawSioClient: bad attachment count in %s", text.constData());
            return;
        }
        i = dash + 1;
    }
    packet.nsp = QStringLiteral("/");
    if (i < text.size() && text.at(i) == '/') {
        qsizetype comma = text.indexOf(',', i);
        if (comma < 0)
            comma = text.size();
        packet.nsp = QString::fromUtf8(text.mid(i, comma - i));
        i = comma + 1;
    }
    const qsizetype idStart = i;
    while (i < text.size() && text.at(i) >= '0' && text.at(i) <= '9')
        ++i;
    if (i > idStart)
        packet.id = text.mid(idStart, i - idStart).toLongLong();
    if (i < text.size()) {
        const auto payload = parseJson(text.mid(i));
        if (!payload) {
            qWarning("RawSioClient: bad JSON in %s", text.constData());
            return;
        }
        packet.payload = *payload;
    }
    if (packet.expected > 0) {
        m_pending = packet;
        return;
    }
    dispatch(packet, toVariant(packet.payload, {}));
}

void RawSioClient::dispatch(const Pending &packet, const QVariant &data)
{
    switch (packet.type) {
    case Connect: {
        const QString id = data.toMap().value(QStringLiteral("sid")).toString();
        m_sids.insert(packet.nsp, id);
        Q_EMIT connected(packet.nsp, id);
        break;
    }
    case Disconnect:
        m_sids.remove(packet.nsp);
        Q_EMIT disconnected(packet.nsp);
        break;
    case Event:
    case BinaryEvent: {
        QVariantList args = data.toList();
        const QString name = args.isEmpty() ? QString() : args.takeFirst().toString();
        Q_EMIT eventReceived(packet.nsp, name, args, packet.id);
        break;
    }
    case Ack:
    case BinaryAck:
        Q_EMIT ack(packet.nsp, packet.id, data.toList());
        break;
    case ConnectError: {
        QVariantMap error = data.toMap();
        if (data.userType() == QMetaType::QString)
            error.insert(QStringLiteral("message"), data);
        Q_EMIT connectError(packet.nsp, error);
        break;
    }
    default:
        break;
    }
}

// One GET at a time: the handshake first, then the long-poll loop.
void RawSioClient::poll()
{
    if (m_closed || m_get)
        return;
    QNetworkRequest request(url(QStringLiteral("polling")));
    m_get = m_http->get(request);
    connect(m_get, &QNetworkReply::finished, this, [this, reply = m_get.data()] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            finish();
            return;
        }
        const QList<QByteArray> packets = reply->readAll().split(RecordSeparator);
        for (const QByteArray &packet : packets)
            onEngineText(packet);
        if (m_get == reply)
            m_get = nullptr;
        if (m_open)
            poll();
    });
}

// One POST at a time (the server closes on overlapping ones), batching what waits.
void RawSioClient::flushPosts()
{
    if (m_post || m_outbox.isEmpty() || m_closed)
        return;
    QNetworkRequest request(url(QStringLiteral("polling")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain;charset=UTF-8"));
    const QByteArray body = std::exchange(m_outbox, {}).join(RecordSeparator);
    const bool closing = body == "1"
            || body.endsWith("\x1e"
                             "1");
    m_post = m_http->post(request, body);
    connect(m_post, &QNetworkReply::finished, this, [this, closing, reply = m_post.data()] {
        reply->deleteLater();
        if (m_post == reply)
            m_post = nullptr;
        if (reply->error() != QNetworkReply::NoError || closing) {
            finish();
            return;
        }
        flushPosts();
    });
}

void RawSioClient::finish()
{
    if (m_closed)
        return;
    m_closed = true;
    m_open = false;
    m_sids.clear();
    m_outbox.clear();
    m_beforeOpen.clear();
    if (m_ws && m_ws->state() != QAbstractSocket::UnconnectedState) {
        m_ws->disconnect(this);
        m_ws->abort();
    }
    for (QNetworkReply *reply : {m_get.data(), m_post.data()}) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    Q_EMIT closed();
}

} // namespace SocketIoTest
