// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "serialize_p.h"

#include <SocketIo/enginesocket.h>
#include <SocketIo/handshake.h>
#include <SocketIo/namespace.h>
#include <SocketIo/socket.h>

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>

#include <unistd.h>

namespace SocketIo::Admin {

namespace {
constexpr int ClientIdLength = 12; // the Engine.IO id is sensitive: only its start is shown

QString headerValue(const QVariantMap &headers, const char *name)
{
    return headers.value(QLatin1String(name)).toString();
}
} // namespace

QVariantMap serializeHandshake(const Socket *socket)
{
    QVariantMap handshake = socket->handshake().toVariantMap();
    handshake.remove(QStringLiteral("auth"));
    const QVariantMap headers = handshake.value(QStringLiteral("headers")).toMap();
    QString address = headerValue(headers, "cf-connecting-ip");
    if (address.isEmpty())
        address = headerValue(headers, "x-forwarded-for");
    if (!address.isEmpty())
        handshake.insert(QStringLiteral("address"), address);
    return handshake;
}

QVariantMap serializeSocket(const Socket *socket)
{
    QVariantMap data = socket->data();
    data.remove(QStringLiteral("_admin"));
    const EngineSocket *conn = socket->conn();
    return {
            {QStringLiteral("id"), socket->id()},
            {QStringLiteral("clientId"), conn ? conn->id().left(ClientIdLength) : QString()},
            {QStringLiteral("transport"), conn ? conn->transportName() : QString()},
            {QStringLiteral("nsp"), socket->nsp() ? socket->nsp()->name() : QString()},
            {QStringLiteral("data"), data},
            {QStringLiteral("handshake"), serializeHandshake(socket)},
            {QStringLiteral("rooms"), socket->rooms()},
    };
}

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

double processUptime()
{
#ifdef Q_OS_LINUX
    // Field 22 of /proc/self/stat is the start time in clock ticks after boot.
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (stat.open(QIODevice::ReadOnly) && uptime.open(QIODevice::ReadOnly)) {
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')'); // the command name may hold spaces
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        const double bootSeconds = uptime.readAll().split(' ').value(0).toDouble();
        const long ticks = sysconf(_SC_CLK_TCK);
        if (fields.size() > 19 && ticks > 0 && bootSeconds > 0) {
            const double started = fields.at(19).toDouble() / double(ticks);
            if (bootSeconds >= started)
                return bootSeconds - started;
        }
    }
#endif
    static QElapsedTimer sinceFirstCall;
    if (!sinceFirstCall.isValid())
        sinceFirstCall.start();
    return sinceFirstCall.elapsed() / 1000.0;
}

} // namespace SocketIo::Admin
