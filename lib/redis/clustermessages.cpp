// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "clustermessages_p.h"

#include "msgpackcodec_p.h"
#include "siojsonreader_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>

namespace SocketIo::Redis {

QString uid2(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString out;
    out.reserve(length);
    for (int i = 0; i < length; ++i)
        out.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(64)]));
    return out;
}

QVariantList toList(const QSet<QString> &set)
{
    QVariantList out;
    out.reserve(set.size());
    for (const QString &item : set)
        out.append(item);
    return out;
}

QSet<QString> toSet(const QVariant &value)
{
    QSet<QString> out;
    const QVariantList list = value.toList();
    for (const QVariant &item : list) {
        // A number as room name arrives as a number from JavaScript: the room is its string.
        out.insert(item.toString());
    }
    return out;
}

QVariantMap optionsToMap(const BroadcastOptions &options, bool withFlags)
{
    QVariantMap map{{kRooms, toList(options.rooms)}, {kExcept, toList(options.except)}};
    if (withFlags) {
        QVariantMap flags;
        if (options.flags.isVolatile)
            flags.insert(QStringLiteral("volatile"), true);
        if (!options.flags.compress)
            flags.insert(QStringLiteral("compress"), false);
        if (options.flags.timeoutMs >= 0)
            flags.insert(QStringLiteral("timeout"), options.flags.timeoutMs);
        map.insert(kFlags, flags);
    }
    return map;
}

BroadcastOptions optionsFromMap(const QVariantMap &map)
{
    BroadcastOptions options;
    options.rooms = toSet(map.value(kRooms));
    options.except = toSet(map.value(kExcept));
    const QVariantMap flags = map.value(kFlags).toMap();
    options.flags.isVolatile = flags.value(QStringLiteral("volatile")).toBool();
    options.flags.compress = flags.value(QStringLiteral("compress"), true).toBool();
    if (flags.contains(QStringLiteral("timeout")))
        options.flags.timeoutMs = flags.value(QStringLiteral("timeout")).toLongLong();
    return options;
}

namespace {
QJsonValue toJson(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QByteArray: {
        QJsonArray bytes;
        for (char c : value.toByteArray())
            bytes.append(int(uchar(c)));
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("Buffer")}, {QStringLiteral("data"), bytes}};
    }
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        QJsonArray out;
        const QVariantList list = value.toList();
        for (const QVariant &item : list)
            out.append(toJson(item));
        return out;
    }
    case QMetaType::QVariantMap: {
        QJsonObject out;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            out.insert(it.key(), toJson(it.value()));
        return out;
    }
    default:
        return QJsonValue::fromVariant(value);
    }
}

} // namespace

QByteArray encodeJson(const QVariantMap &map)
{
    return QJsonDocument(toJson(map).toObject()).toJson(QJsonDocument::Compact);
}

QVariantMap decodeMessage(QByteArrayView payload)
{
    if (payload.startsWith('{'))
        return Sio::fromJson(payload).value_or(QVariant()).toMap();
    return Msgpack::decode(payload).value_or(QVariant()).toMap();
}

QString randomHexId()
{
    quint32 words[2];
    QRandomGenerator::global()->fillRange(words);
    return QStringLiteral("%1%2").arg(words[0], 8, 16, QLatin1Char('0')).arg(words[1], 8, 16, QLatin1Char('0'));
}

bool hasBinary(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        return true;
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        return std::any_of(list.cbegin(), list.cend(), [](const QVariant &item) { return hasBinary(item); });
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        return std::any_of(map.cbegin(), map.cend(), [](const QVariant &item) { return hasBinary(item); });
    }
    default:
        return false;
    }
}

PendingRequests::Entry *PendingRequests::find(const QString &requestId)
{
    auto it = m_entries.find(requestId);
    return it == m_entries.end() ? nullptr : &*it;
}

QString PendingRequests::newId(bool hex) const
{
    QString id;
    do {
        id = hex ? randomHexId() : uid2(6);
    } while (m_entries.contains(id));
    return id;
}

void PendingRequests::add(const QString &requestId, Entry entry, std::chrono::milliseconds timeout, QObject *context)
{
    m_entries.insert(requestId, std::move(entry));
    QTimer::singleShot(timeout, context, [this, requestId] {
        Entry *it = find(requestId);
        if (!it)
            return;
        QVariant error;
        const int expected = it->expected >= 0 ? it->expected : qMax(0, lastServerCount - 1);
        switch (it->kind) {
        case Kind::FetchSockets:
            error = it->countInTimeoutMessage
                    ? QStringLiteral("timeout reached: only %1 responses received out of %2")
                              .arg(it->received)
                              .arg(expected)
                    : QStringLiteral("timeout reached while waiting for fetchSockets response");
            break;
        case Kind::ServerSideEmit:
            error = QStringLiteral("timeout reached: only %1 responses received out of %2")
                            .arg(it->received)
                            .arg(expected);
            break;
        case Kind::BroadcastAck:
            break; // the broadcast operator reports its own timeout
        }
        finish(requestId, error);
    });
}

void PendingRequests::setServerCount(const QString &requestId, int serverCount)
{
    if (serverCount > 0)
        lastServerCount = serverCount;
    Entry *it = find(requestId);
    if (!it)
        return;
    it->expected = qMax(0, (serverCount > 0 ? serverCount : 1) - 1);
    settle(requestId);
}

void PendingRequests::settle(const QString &requestId)
{
    Entry *it = find(requestId);
    if (!it || it->expected < 0 || it->received < it->expected)
        return;
    if (it->kind == Kind::BroadcastAck) {
        // The acks themselves keep arriving until the operator's timeout.
        if (!it->countReported) {
            it->countReported = true;
            if (it->reportCount)
                it->reportCount(it->clientCount);
        }
        return;
    }
    finish(requestId, QVariant());
}

void PendingRequests::finish(const QString &requestId, const QVariant &error)
{
    auto it = m_entries.find(requestId);
    if (it == m_entries.end())
        return;
    Entry entry = std::move(*it);
    m_entries.erase(it);
    if (entry.fetched)
        entry.fetched(entry.sockets, error);
    if (entry.answered)
        entry.answered(error, entry.replies);
}

void PendingRequests::finishAll(const QVariant &error)
{
    const QStringList ids = m_entries.keys();
    for (const QString &id : ids)
        finish(id, error);
}

} // namespace SocketIo::Redis
