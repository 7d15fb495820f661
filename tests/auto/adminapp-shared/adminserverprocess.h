// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef ADMINSERVERPROCESS_H
#define ADMINSERVERPROCESS_H

#include "serverconnection.h"

#include <SocketIo/Client>
#include <SocketIo/ClientSocket>

#include <QtCore/QProcess>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

#include <memory>

// An instrumented server for the console's tests, as a child process: our
// admin-test-server ("cpp") or Node's socket.io with @socket.io/admin-ui
// ("node", reference-server.mjs). Same flags for both: --auth none|user:hash,
// --readonly, --production, --server-id, --namespace.
class AdminServerProcess
{
public:
    AdminServerProcess();
    ~AdminServerProcess();

    // Starts the server; false (with why in errorString()) when it cannot: a
    // missing node or node_modules is an error, never a reason to skip.
    bool start(const QString &kind, const QStringList &flags = {}, quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    QUrl url() const;
    QString errorString() const { return m_error; }

    // The password of the hash below: --auth admin:<PasswordHash>.
    static QString password() { return QStringLiteral("changeit"); }
    static QString passwordHash();

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

// A user of the server: a SocketIo::Client on one namespace.
class UserClient
{
public:
    UserClient(const QUrl &url, const QString &nsp = QStringLiteral("/"), bool websocketOnly = true);
    ~UserClient();
    bool connectAndWait(int timeoutMs = 5000);
    SocketIo::Client *client() const { return m_client.get(); }
    SocketIo::ClientSocket *socket() const { return m_socket; }
    QString id() const;
    QList<std::pair<QString, QVariantList>> received; // every event the server sent

private:
    std::unique_ptr<SocketIo::Client> m_client;
    SocketIo::ClientSocket *m_socket = nullptr;
};

// Settings for the console's connection to \a server.
SocketIoAdmin::ConnectionSettings adminSettings(const AdminServerProcess &server, const QString &username = {},
                                                const QString &password = {});

// Opens a connection and waits for the server's config; nullptr when it does not come.
std::unique_ptr<SocketIoAdmin::ServerConnection> openAdmin(const SocketIoAdmin::ConnectionSettings &settings,
                                                           int timeoutMs = 8000);

#endif // ADMINSERVERPROCESS_H
