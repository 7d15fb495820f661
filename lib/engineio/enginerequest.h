// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINEREQUEST_H
#define SOCKETIO_ENGINEREQUEST_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

namespace SocketIo {

class EngineRequestPrivate;
class SOCKETIO_EXPORT EngineRequest
{
public:
    using HeaderList = QList<QPair<QByteArray, QByteArray>>;

    EngineRequest();
    EngineRequest(const QByteArray &method, const QUrl &url, const HeaderList &headers,
                  const QHostAddress &remoteAddress, quint16 remotePort, bool secure);
    EngineRequest(const EngineRequest &other);
    EngineRequest(EngineRequest &&other) noexcept;
    EngineRequest &operator=(const EngineRequest &other);
    EngineRequest &operator=(EngineRequest &&other) noexcept;
    ~EngineRequest();
    void swap(EngineRequest &other) noexcept { d.swap(other.d); }

    QByteArray method() const;
    QUrl url() const;
    QUrlQuery query() const;
    QString queryItem(const QString &key) const;
    HeaderList headers() const; // names in lower case
    QByteArray header(QByteArrayView name) const;
    QHostAddress remoteAddress() const;
    quint16 remotePort() const;
    bool isSecure() const;

    friend SOCKETIO_EXPORT bool operator==(const EngineRequest &a, const EngineRequest &b);
    friend bool operator!=(const EngineRequest &a, const EngineRequest &b) { return !(a == b); }

private:
    friend class EngineRequestPrivate;
    QSharedDataPointer<EngineRequestPrivate> d;
};

SOCKETIO_EXPORT QDebug operator<<(QDebug debug, const EngineRequest &request);

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::EngineRequest)

#endif // SOCKETIO_ENGINEREQUEST_H
