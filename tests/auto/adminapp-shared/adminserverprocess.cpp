// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "adminserverprocess.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

AdminServerProcess::AdminServerProcess() = default;

AdminServerProcess::~AdminServerProcess()
{
    stop();
}

QString AdminServerProcess::passwordHash()
{
    // bcrypt (cost 4) of "changeit".
    return QStringLiteral("$2a$04$fV4IL1pK5AmN/mKg3FPhj.eb8lP8G.ItRBLfGoiF5dSHAPehhQkTy");
}

bool AdminServerProcess::start(const QString &kind, const QStringList &flags, quint16 port)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QStringList args = QStringList{QStringLiteral("--port"), QString::number(port)} + flags;
    if (kind == QLatin1String("node")) {
        const QString script = QStringLiteral(ADMIN_REFERENCE_SERVER);
        const QString modules = QFileInfo(script).dir().filePath(QStringLiteral("node_modules/@socket.io/admin-ui"));
        if (!QFileInfo::exists(modules)) {
            m_error = QStringLiteral("%1 is missing: run scripts/install-deps").arg(modules);
            return false;
        }
        m_process->start(QStringLiteral(NODE_EXECUTABLE), QStringList{script} + args);
    } else {
        m_process->start(QStringLiteral(ADMIN_TEST_SERVER), args);
    }
    if (!m_process->waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start the %1 server: %2").arg(kind, m_process->errorString());
        return false;
    }
    const QRegularExpression listening(QStringLiteral("LISTENING (\\d+)"));
    QByteArray out;
    const bool ended = QTest::qWaitFor(
            [&] {
                out += m_process->readAllStandardOutput();
                return listening.match(QString::fromUtf8(out)).hasMatch() || m_process->state() == QProcess::NotRunning;
            },
            10000);
    Q_UNUSED(ended) // the output says what happened
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(out));
    if (!match.hasMatch()) {
        m_error = QStringLiteral("the %1 server did not start listening: %2").arg(kind, QString::fromUtf8(out));
        return false;
    }
    m_port = quint16(match.captured(1).toUInt());
    return true;
}

void AdminServerProcess::stop()
{
    if (!m_process)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(3000))
        m_process->kill();
    m_process->waitForFinished(3000);
    m_process.reset();
    m_port = 0;
}

QUrl AdminServerProcess::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

UserClient::UserClient(const QUrl &url, const QString &nsp, bool websocketOnly)
    : m_client(std::make_unique<SocketIo::Client>(url))
{
    m_client->setReconnection(false);
    m_client->setAutoConnect(false);
    if (websocketOnly)
        m_client->setTransports(SocketIo::Client::Transport::WebSocket);
    m_socket = m_client->socket(nsp);
    m_socket->onAny(m_client.get(), [this](const QString &event, const QVariantList &args) {
        received.append({event, args});
    });
}

UserClient::~UserClient() = default;

bool UserClient::connectAndWait(int timeoutMs)
{
    QSignalSpy connected(m_socket, &SocketIo::ClientSocket::connected);
    m_socket->open();
    return m_socket->isConnected() || connected.wait(timeoutMs);
}

QString UserClient::id() const
{
    return m_socket->id();
}

SocketIoAdmin::ConnectionSettings adminSettings(const AdminServerProcess &server, const QString &username,
                                                const QString &password)
{
    SocketIoAdmin::ConnectionSettings settings;
    settings.url = server.url();
    settings.username = username;
    settings.password = password;
    return settings;
}

std::unique_ptr<SocketIoAdmin::ServerConnection> openAdmin(const SocketIoAdmin::ConnectionSettings &settings,
                                                           int timeoutMs)
{
    auto connection = std::make_unique<SocketIoAdmin::ServerConnection>(settings);
    connection->open();
    if (!QTest::qWaitFor([&] { return connection->hasConfig(); }, timeoutMs)) {
        qWarning("no config from %s: %s", qPrintable(settings.url.toString()), qPrintable(connection->statusText()));
        return nullptr;
    }
    return connection;
}
