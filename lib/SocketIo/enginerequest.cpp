// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "enginerequest.h"

#include <QtCore/QDebug>
#include <QtCore/QSharedData>

namespace SocketIo {

class EngineRequestPrivate : public QSharedData
{
public:
    QByteArray method;
    QUrl url;
    EngineRequest::HeaderList headers;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    bool secure = false;
};

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
    d->headers.reserve(headers.size());
    for (const auto &header : headers)
        d->headers.append({header.first.toLower(), header.second});
    d->remoteAddress = remoteAddress;
    d->remotePort = remotePort;
    d->secure = secure;
}

EngineRequest::EngineRequest(const EngineRequest &other) = default;
EngineRequest::EngineRequest(EngineRequest &&other) noexcept = default;
EngineRequest &EngineRequest::operator=(EngineRequest &&other) noexcept = default;
EngineRequest &EngineRequest::operator=(const EngineRequest &other) = default;
EngineRequest::~EngineRequest() = default;

QByteArray EngineRequest::method() const { return d->method; }
QUrl EngineRequest::url() const { return d->url; }
QUrlQuery EngineRequest::query() const { return QUrlQuery(d->url); }
/*! Returns the decoded value of query item \a key. */
QString EngineRequest::queryItem(const QString &key) const
{
    return QUrlQuery(d->url).queryItemValue(key, QUrl::FullyDecoded);
}
EngineRequest::HeaderList EngineRequest::headers() const { return d->headers; }
/*! Returns the first value of header \a name (case-insensitive), or an empty array. */
QByteArray EngineRequest::header(QByteArrayView name) const
{
    for (const auto &header : d->headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}
QHostAddress EngineRequest::remoteAddress() const { return d->remoteAddress; }
quint16 EngineRequest::remotePort() const { return d->remotePort; }
bool EngineRequest::isSecure() const { return d->secure; }

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
    debug.nospace() << "EngineRequest(" << request.method() << ' ' << request.url().toString()
                    << " from " << request.remoteAddress().toString() << ')';
    return debug;
}

} // namespace SocketIo
