// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "adminprotocol.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::SocketInfo
    \brief One socket as the admin protocol describes it ("SerializedSocket"),
    with the handshake's headers and query split out for display.
*/

/*!
    \class SocketIoAdmin::LogEntry
    \brief One row of the event log: what happened, when, to which socket.

    \c name holds the event name for received and sent events, the room for
    room_joined and room_left, the reason for a disconnection and the transport
    for a connection.
*/

QString LogEntry::typeName(Type type)
{
    switch (type) {
    case Type::Received:
        return QStringLiteral("event_received");
    case Type::Sent:
        return QStringLiteral("event_sent");
    case Type::Connection:
        return QStringLiteral("connection");
    case Type::Disconnection:
        return QStringLiteral("disconnection");
    case Type::RoomJoined:
        return QStringLiteral("room_joined");
    case Type::RoomLeft:
        return QStringLiteral("room_left");
    }
    return {};
}

namespace Protocol {

namespace {

QJsonValue toJsonValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QVariantMap: {
        QJsonObject object;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.insert(it.key(), toJsonValue(it.value()));
        return object;
    }
    case QMetaType::QVariantList: {
        QJsonArray array;
        const QVariantList list = value.toList();
        for (const QVariant &item : list)
            array.append(toJsonValue(item));
        return array;
    }
    case QMetaType::QByteArray:
        // Binary attachments have no JSON spelling: say what they are.
        return QJsonObject{{QStringLiteral("_binary"), value.toByteArray().size()}};
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return QJsonValue(QJsonValue::Null);
    default:
        return QJsonValue::fromVariant(value);
    }
}

} // namespace

/*!
    Reads a "SerializedSocket" object: id, clientId, transport, nsp, data,
    handshake (address, headers, query, issued, ...) and rooms.
*/
SocketInfo readSocket(const QVariant &serialized)
{
    const QVariantMap map = serialized.toMap();
    SocketInfo socket;
    socket.id = map.value(QStringLiteral("id")).toString();
    socket.nsp = map.value(QStringLiteral("nsp")).toString();
    socket.clientId = map.value(QStringLiteral("clientId")).toString();
    socket.transport = map.value(QStringLiteral("transport")).toString();
    socket.data = map.value(QStringLiteral("data"));
    socket.handshake = map.value(QStringLiteral("handshake")).toMap();
    socket.address = socket.handshake.value(QStringLiteral("address")).toString();
    socket.headers = socket.handshake.value(QStringLiteral("headers")).toMap();
    socket.query = socket.handshake.value(QStringLiteral("query")).toMap();
    const QVariant issued = socket.handshake.value(QStringLiteral("issued"));
    socket.connectedAt = issued.isValid() ? readTime(issued) : QDateTime::currentDateTimeUtc();
    const QVariantList rooms = map.value(QStringLiteral("rooms")).toList();
    socket.rooms.reserve(rooms.size());
    for (const QVariant &room : rooms)
        socket.rooms.append(room.toString());
    return socket;
}

/*!
    Reads a "ServerStats" object; receivedAt is set to now.
*/
ServerStats readStats(const QVariant &stats)
{
    const QVariantMap map = stats.toMap();
    ServerStats s;
    s.serverId = map.value(QStringLiteral("serverId")).toString();
    s.hostname = map.value(QStringLiteral("hostname")).toString();
    s.pid = map.value(QStringLiteral("pid")).toLongLong();
    s.uptime = map.value(QStringLiteral("uptime")).toDouble();
    s.clientsCount = map.value(QStringLiteral("clientsCount")).toInt();
    s.pollingClientsCount = map.value(QStringLiteral("pollingClientsCount")).toInt();
    const QVariantList events = map.value(QStringLiteral("aggregatedEvents")).toList();
    for (const QVariant &item : events) {
        const QVariantMap e = item.toMap();
        AggregatedEvent event;
        event.timestamp = readTime(e.value(QStringLiteral("timestamp"))).toMSecsSinceEpoch();
        event.type = e.value(QStringLiteral("type")).toString();
        event.subType = e.value(QStringLiteral("subType")).toString();
        event.count = e.value(QStringLiteral("count")).toLongLong();
        s.aggregatedEvents.append(event);
    }
    const QVariantList namespaces = map.value(QStringLiteral("namespaces")).toList();
    for (const QVariant &item : namespaces) {
        const QVariantMap n = item.toMap();
        s.namespaces.append(
                {n.value(QStringLiteral("name")).toString(), n.value(QStringLiteral("socketsCount")).toInt()});
    }
    s.receivedAt = QDateTime::currentDateTimeUtc();
    return s;
}

/*!
    Reads a timestamp: an ISO-8601 string as JavaScript dates serialise, or a
    number of milliseconds since the epoch. Anything else gives the current time,
    as the web UI does for events that lack one.
*/
QDateTime readTime(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString) {
        const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
        if (time.isValid())
            return time.toUTC();
    } else if (value.canConvert<double>() && value.isValid() && value.typeId() != QMetaType::Nullptr) {
        bool ok = false;
        const double ms = value.toDouble(&ok);
        if (ok && ms > 0)
            return QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC);
    }
    return QDateTime::currentDateTimeUtc();
}

/*!
    Reads event arguments typed as JSON: an array gives its elements, an
    object one argument, blank text none. Anything else fails with a message
    that names the line and column, e.g. "line 1, column 9: missing value
    separator".
*/
std::optional<QVariantList> parseArguments(const QString &text, QString *error)
{
    if (text.trimmed().isEmpty())
        return QVariantList();
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error) {
            const QByteArray before = utf8.left(parseError.offset);
            const int line = int(before.count('\n')) + 1;
            const int column = int(QString::fromUtf8(before.mid(before.lastIndexOf('\n') + 1)).size()) + 1;
            *error = QCoreApplication::translate("SocketIoAdmin::Protocol", "line %1, column %2: %3")
                             .arg(line)
                             .arg(column)
                             .arg(parseError.errorString());
        }
        return std::nullopt;
    }
    if (document.isObject())
        return QVariantList{document.object().toVariantMap()};
    return document.array().toVariantList();
}

/*!
    Writes \a value as JSON text, compact unless \a indented. Binary values are
    written as {"_binary": size}.
*/
QString toJson(const QVariant &value, bool indented)
{
    const QJsonDocument::JsonFormat format = indented ? QJsonDocument::Indented : QJsonDocument::Compact;
    const QJsonValue json = toJsonValue(value);
    if (json.isObject())
        return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(format)).trimmed();
    if (json.isArray())
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(format)).trimmed();
    // A scalar: wrap it in an array and take the brackets off.
    const QByteArray text = QJsonDocument(QJsonArray{json}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace Protocol

} // namespace SocketIoAdmin
