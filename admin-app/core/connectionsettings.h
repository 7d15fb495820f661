// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIOADMIN_CONNECTIONSETTINGS_H
#define SOCKETIOADMIN_CONNECTIONSETTINGS_H

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QUrl>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace SocketIoAdmin {

// Where and how to reach one instrumented server.
struct ConnectionSettings
{
    QUrl url; // http(s)://host:port
    QString adminNamespace = QStringLiteral("/admin");
    QString path = QStringLiteral("/socket.io/");
    QString username;
    QString password; // kept in memory only, never written to settings
    bool websocketOnly = false;

    QString displayName() const; // host:port, plus the namespace when it is not /admin
    bool sameServer(const ConnectionSettings &other) const;
    static QString normalizedNamespace(const QString &nsp);
    static QString normalizedPath(const QString &path);
};

// The recently used servers, most recent first, in QSettings under "recentServers".
// Passwords are never stored.
class RecentServers
{
public:
    static constexpr int MaxEntries = 10;

    static QList<ConnectionSettings> load(QSettings &settings);
    static void remember(QSettings &settings, const ConnectionSettings &server);
    static void forget(QSettings &settings, const ConnectionSettings &server);

private:
    static void save(QSettings &settings, const QList<ConnectionSettings> &servers);
};

} // namespace SocketIoAdmin

#endif // SOCKETIOADMIN_CONNECTIONSETTINGS_H
