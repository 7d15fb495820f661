// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_CONNECTIONDIAGNOSIS_H
#define SOCKETIOADMIN_CONNECTIONDIAGNOSIS_H

#include "connectionsettings.h"

#include <QtCore/QObject>

#include <functional>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
QT_END_NAMESPACE

namespace SocketIoAdmin {

// Finds out, after a failed first connection, why it failed: one plain
// Engine.IO long-polling handshake request tells an unreachable host from a
// server that refuses the request (allowRequest, CORS rules enforced on the
// server) and from a path where no Socket.IO server answers.
class ConnectionDiagnosis : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(ConnectionDiagnosis)

public:
    enum class Verdict {
        Unreachable, // no TCP connection: refused, no such host, timed out
        Refused,     // HTTP 403 or a "Forbidden" answer
        WrongPath,   // the server answers, but not as Engine.IO at this path
        Reachable,   // Engine.IO answers the handshake: the problem is elsewhere
    };
    Q_ENUM(Verdict)

    struct Result
    {
        Verdict verdict = Verdict::Reachable;
        QString detail; // plain words, translated
    };
    using Callback = std::function<void(const Result &)>;

    explicit ConnectionDiagnosis(QObject *parent = nullptr);
    ~ConnectionDiagnosis() override;

    void run(const ConnectionSettings &settings, Callback callback);

private:
    void finish(QNetworkReply *reply);

    QNetworkAccessManager *m_network = nullptr;
    Callback m_callback;
    QString m_path;
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_CONNECTIONDIAGNOSIS_H
