// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLUSTERMESSAGES_P_H
#define SOCKETIO_CLUSTERMESSAGES_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include <SocketIo/adapter.h>

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QVariant>

#include <chrono>
#include <functional>

// What the Redis adapters share: the field names and encodings of the cluster messages of Node's
// adapters, and the bookkeeping of a request waiting for the other servers.
namespace SocketIo::Redis {

inline const QString kUid = QStringLiteral("uid");
inline const QString kType = QStringLiteral("type");
inline const QString kRequestId = QStringLiteral("requestId");
inline const QString kOpts = QStringLiteral("opts");
inline const QString kRooms = QStringLiteral("rooms");
inline const QString kExcept = QStringLiteral("except");
inline const QString kFlags = QStringLiteral("flags");
inline const QString kData = QStringLiteral("data");
inline const QString kPacket = QStringLiteral("packet");
inline const QString kNsp = QStringLiteral("nsp");
inline const QString kSockets = QStringLiteral("sockets");

// uid2(n): n characters of A-Z a-z 0-9 - _, Node's uid2 package.
QString uid2(int length);
// 8 random bytes as 16 hex characters: the uids and request ids of the ClusterAdapter protocol.
QString randomHexId();
QVariantList toList(const QSet<QString> &set);
QSet<QString> toSet(const QVariant &value);
// opts as Node's adapters write them: rooms, except, and (withFlags) the flags that were set.
QVariantMap optionsToMap(const BroadcastOptions &options, bool withFlags);
BroadcastOptions optionsFromMap(const QVariantMap &map);
// JSON.stringify's view of our values: a Buffer is {type:"Buffer",data:[...]}, a Date its ISO form.
QByteArray encodeJson(const QVariantMap &map);
// JSON when the first byte is '{', msgpack otherwise; an empty map for anything else.
QVariantMap decodeMessage(QByteArrayView payload);
bool hasBinary(const QVariant &value);

// Requests of one adapter waiting for the other servers: each knows how many answers it needs once
// the server count is known, ends when they all came or at its timeout, and calls back once.
class PendingRequests
{
public:
    enum class Kind { FetchSockets, ServerSideEmit, BroadcastAck };
    struct Entry
    {
        Kind kind = Kind::FetchSockets;
        int expected = -1; // answers to wait for; -1 until the server count is known
        int received = 0;
        QList<RemoteSocket> sockets;
        QVariantList replies;
        FetchSocketsCallback fetched;
        AckCallback answered;
        int clientCount = 0;
        bool countReported = false;
        Adapter::ClientCountCallback reportCount;
        Adapter::ResponseCallback response;
        bool countInTimeoutMessage = false; // fetchSockets of the ClusterAdapter protocol
    };

    bool contains(const QString &requestId) const { return m_entries.contains(requestId); }
    Entry *find(const QString &requestId);
    QString newId(bool hex) const;
    // Starts waiting: the entry times out after timeout (context owns the timer).
    void add(const QString &requestId, Entry entry, std::chrono::milliseconds timeout, QObject *context);
    // The server count arrived: serverCount - 1 answers are expected.
    void setServerCount(const QString &requestId, int serverCount);
    void settle(const QString &requestId); // ends it when every answer came
    void finish(const QString &requestId, const QVariant &error);
    void finishAll(const QVariant &error);

    int lastServerCount = 1;

private:
    QHash<QString, Entry> m_entries;
};

} // namespace SocketIo::Redis

#endif // SOCKETIO_CLUSTERMESSAGES_P_H
