// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "enginerequest.h"
#include "enginerequest_p.h"

#include <QtCore/QDebug>
#include <QtCore/QSharedData>

#include <cstring>

namespace SocketIo {

void EngineRequestPrivate::appendHeader(QByteArrayView name, QByteArrayView value)
{
    const quint32 lengths[2] = {quint32(name.size()), quint32(value.size())};
    headers.append(reinterpret_cast<const char *>(lengths), sizeof lengths);
    const qsizetype at = headers.size();
    headers.append(name.data(), name.size());
    for (char *c = headers.data() + at, *end = headers.data() + headers.size(); c != end; ++c) {
        if (*c >= 'A' && *c <= 'Z')
            *c = char(*c - 'A' + 'a');
    }
    headers.append(value.data(), value.size());
}

template<typename Visit>
void EngineRequestPrivate::forEachHeader(Visit visit) const
{
    const char *at = headers.constData();
    const char *const end = at + headers.size();
    while (at < end) {
        quint32 lengths[2];
        memcpy(lengths, at, sizeof lengths);
        at += sizeof lengths;
        const QByteArrayView name(at, lengths[0]);
        const QByteArrayView value(at + lengths[0], lengths[1]);
        at += lengths[0] + lengths[1];
        if (visit(name, value))
            return;
    }
}

/*!
    \class SocketIo::EngineRequest
    \inmodule SocketIo
    \brief The HTTP request that opened or carried an Engine.IO session.

    Header names are kept in lower case, as Node.js does.
*/
EngineRequest::EngineRequest() : d(new EngineRequestPrivate) {}

EngineRequest::EngineRequest(const QByteArray &method, const QUrl &url, const HeaderList &headers,
                             const QHostAddress &remoteAddress, quint16 remotePort, bool secure)
    : d(new EngineRequestPrivate)
{
    d->method = method;
    d->url = url;
    qsizetype size = 0;
    for (const auto &header : headers)
        size += 2 * sizeof(quint32) + header.first.size() + header.second.size();
    d->headers.reserve(size);
    for (const auto &header : headers)
        d->appendHeader(header.first, header.second);
    d->remoteAddress = remoteAddress;
    d->remotePort = remotePort;
    d->secure = secure;
}

EngineRequest::EngineRequest(const EngineRequest &other) = default;
EngineRequest::EngineRequest(EngineRequest &&other) noexcept = default;
EngineRequest &EngineRequest::operator=(EngineRequest &&other) noexcept = default;
EngineRequest &EngineRequest::operator=(const EngineRequest &other) = default;
EngineRequest::~EngineRequest() = default;

QByteArray EngineRequest::method() const
{
    return d->method;
}
QUrl EngineRequest::url() const
{
    return d->url;
}
QUrlQuery EngineRequest::query() const
{
    return QUrlQuery(d->url);
}
/*! Returns the decoded value of query item \a key. */
QString EngineRequest::queryItem(const QString &key) const
{
    return QUrlQuery(d->url).queryItemValue(key, QUrl::FullyDecoded);
}
EngineRequest::HeaderList EngineRequest::headers() const
{
    HeaderList list;
    d->forEachHeader([&list](QByteArrayView name, QByteArrayView value) {
        list.append({name.toByteArray(), value.toByteArray()});
        return false;
    });
    return list;
}
/*! Returns the first value of header \a name (case-insensitive), or an empty array. */
QByteArray EngineRequest::header(QByteArrayView name) const
{
    QByteArray found;
    d->forEachHeader([&](QByteArrayView candidate, QByteArrayView value) {
        if (candidate.compare(name, Qt::CaseInsensitive) != 0)
            return false;
        found = value.toByteArray();
        return true;
    });
    return found;
}
QHostAddress EngineRequest::remoteAddress() const
{
    return d->remoteAddress;
}
quint16 EngineRequest::remotePort() const
{
    return d->remotePort;
}
bool EngineRequest::isSecure() const
{
    return d->secure;
}

bool operator==(const EngineRequest &a, const EngineRequest &b)
{
    return a.d == b.d
            || (a.d->method == b.d->method && a.d->url == b.d->url && a.d->headers == b.d->headers
                && a.d->remoteAddress == b.d->remoteAddress && a.d->remotePort == b.d->remotePort
                && a.d->secure == b.d->secure);
}

QDebug operator<<(QDebug debug, const EngineRequest &request)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "EngineRequest(" << request.method() << ' ' << request.url().toString() << " from "
                    << request.remoteAddress().toString() << ')';
    return debug;
}

} // namespace SocketIo
