// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "handshake.h"

#include <QtCore/QLocale>
#include <QtCore/QTimeZone>

namespace SocketIo {

namespace {

// What JavaScript's String(new Date()) gives: "Sun Nov 22 2026 03:17:52 GMT+0000 (Coordinated Universal Time)".
QString jsDateString(const QDateTime &time)
{
    const int offset = time.offsetFromUtc() / 60;
    const QString sign = offset < 0 ? QStringLiteral("-") : QStringLiteral("+");
    const QString zone = time.timeZone().displayName(time, QTimeZone::LongName);
    return QLocale::c().toString(time, QStringLiteral("ddd MMM dd yyyy HH:mm:ss")) + QStringLiteral(" GMT") + sign
            + QStringLiteral("%1%2")
                      .arg(qAbs(offset) / 60, 2, 10, QLatin1Char('0'))
                      .arg(qAbs(offset) % 60, 2, 10, QLatin1Char('0'))
            + QStringLiteral(" (") + zone + QLatin1Char(')');
}

} // namespace

class HandshakePrivate : public QSharedData
{
public:
    EngineRequest request;
    QVariantMap auth;
    QDateTime time;
};

/*!
    \class SocketIo::Handshake
    \inmodule SocketIo
    \brief What a Socket was created from: headers, query, auth, address, time.
*/
Handshake::Handshake() : d(new HandshakePrivate) {}
Handshake::Handshake(const EngineRequest &request, const QVariantMap &auth) : d(new HandshakePrivate)
{
    d->request = request;
    d->auth = auth;
    d->time = QDateTime::currentDateTime();
}
Handshake::Handshake(const Handshake &other) = default;
Handshake::Handshake(Handshake &&other) noexcept = default;
Handshake &Handshake::operator=(const Handshake &other) = default;
Handshake &Handshake::operator=(Handshake &&other) noexcept = default;
Handshake::~Handshake() = default;

EngineRequest::HeaderList Handshake::headers() const
{
    return d->request.headers();
}
QByteArray Handshake::header(QByteArrayView name) const
{
    return d->request.header(name);
}
QDateTime Handshake::time() const
{
    return d->time;
}
QString Handshake::address() const
{
    return d->request.remoteAddress().toString();
}
/*! Returns whether the request came from another origin (it had an Origin header). */
bool Handshake::xdomain() const
{
    return !d->request.header("origin").isEmpty();
}
bool Handshake::secure() const
{
    return d->request.isSecure();
}
qint64 Handshake::issued() const
{
    return d->time.toMSecsSinceEpoch();
}
/*! Returns the request target, path and query, as sent. */
QString Handshake::url() const
{
    return QString::fromUtf8(d->request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
}
QVariantMap Handshake::query() const
{
    QVariantMap out;
    const auto items = d->request.query().queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        out.insert(item.first, item.second);
    return out;
}
QVariantMap Handshake::auth() const
{
    return d->auth;
}

/*! Returns the handshake in the shape Node's socket.handshake has. */
QVariantMap Handshake::toVariantMap() const
{
    QVariantMap headers;
    for (const auto &h : d->request.headers())
        headers.insert(QString::fromLatin1(h.first), QString::fromUtf8(h.second));
    return {{QStringLiteral("headers"), headers},   {QStringLiteral("time"), jsDateString(d->time)},
            {QStringLiteral("address"), address()}, {QStringLiteral("xdomain"), xdomain()},
            {QStringLiteral("secure"), secure()},   {QStringLiteral("issued"), issued()},
            {QStringLiteral("url"), url()},         {QStringLiteral("query"), query()},
            {QStringLiteral("auth"), d->auth}};
}

bool operator==(const Handshake &a, const Handshake &b)
{
    return a.d == b.d || (a.d->request == b.d->request && a.d->auth == b.d->auth && a.d->time == b.d->time);
}

} // namespace SocketIo
