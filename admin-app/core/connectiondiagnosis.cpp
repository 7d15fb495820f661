// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "connectiondiagnosis.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

namespace SocketIoAdmin {

namespace {
constexpr int ProbeTimeoutMs = 5000;
}

/*!
    \class SocketIoAdmin::ConnectionDiagnosis
    \brief Tells why a first connection failed, with one HTTP request.

    The Socket.IO client reports every failed WebSocket opening the same way.
    This sends the long-polling handshake request (\c{GET <path>?EIO=4&transport=polling})
    and reads the answer: no connection at all means the server is unreachable;
    403 (or an Engine.IO "Forbidden" error) means the server refused the
    request, which is what origin (CORS) checks done on the server side and
    \c allowRequest look like to a native client; another answer that is not
    an Engine.IO handshake means the path is wrong.

    A browser enforces CORS on its own side; a native client has no such rule,
    so header-only CORS settings never stop the console.
*/

ConnectionDiagnosis::ConnectionDiagnosis(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this))
{}

ConnectionDiagnosis::~ConnectionDiagnosis() = default;

/*! Sends the probe; \a callback gets the result once, on this object's thread. */
void ConnectionDiagnosis::run(const ConnectionSettings &settings, Callback callback)
{
    m_callback = std::move(callback);
    m_path = ConnectionSettings::normalizedPath(settings.path);
    QUrl url = settings.url;
    url.setPath(m_path);
    url.setQuery(QUrlQuery{{QStringLiteral("EIO"), QStringLiteral("4")},
                           {QStringLiteral("transport"), QStringLiteral("polling")}});
    QNetworkRequest request(url);
    request.setTransferTimeout(ProbeTimeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finish(reply); });
}

void ConnectionDiagnosis::finish(QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    Result result;
    if (status == 0) {
        result.verdict = Verdict::Unreachable;
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            result.detail = tr("nothing listens on %1:%2 (connection refused)")
                                    .arg(reply->url().host())
                                    .arg(reply->url().port(80));
            break;
        case QNetworkReply::HostNotFoundError:
            result.detail = tr("no such host: %1").arg(reply->url().host());
            break;
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError:
            result.detail = tr("no answer from %1 (timed out)").arg(reply->url().host());
            break;
        default:
            result.detail = reply->errorString();
            break;
        }
    } else {
        const QJsonObject error = QJsonDocument::fromJson(body).object();
        const QString message = error.value(QLatin1String("message")).toString();
        if (status == 403 || message == QLatin1String("Forbidden")) {
            result.verdict = Verdict::Refused;
            result.detail =
                    tr("the server refused the request (HTTP %1): its origin (CORS) or allowRequest check").arg(status);
        } else if (status == 200 && body.contains("\"sid\"")) {
            result.verdict = Verdict::Reachable;
            result.detail = tr("the server answers at %1").arg(m_path);
        } else if (!message.isEmpty()) {
            // An Engine.IO error answer ("Transport unknown" when polling is off): the path is right.
            result.verdict = Verdict::Reachable;
            result.detail = tr("the server answers at %1 (%2)").arg(m_path, message);
        } else {
            result.verdict = Verdict::WrongPath;
            result.detail = tr("no Socket.IO server at path %1 (HTTP %2)").arg(m_path).arg(status);
        }
    }
    const Callback callback = std::exchange(m_callback, {});
    if (callback)
        callback(result);
}

} // namespace SocketIoAdmin
