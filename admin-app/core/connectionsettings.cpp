// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "connectionsettings.h"

#include <QtCore/QSettings>

namespace SocketIoAdmin {

/*!
    \class SocketIoAdmin::ConnectionSettings
    \brief The server URL, admin namespace, path, credentials and transport
    choice of one connection.
*/

/*!
    A short name for lists and logs: "host:port", followed by the admin
    namespace when it is not the default "/admin".
*/
QString ConnectionSettings::displayName() const
{
    QString name = url.host();
    if (url.port() > 0)
        name += QLatin1Char(':') + QString::number(url.port());
    if (name.isEmpty())
        name = url.toString();
    const QString nsp = normalizedNamespace(adminNamespace);
    if (nsp != QLatin1String("/admin"))
        name += QLatin1Char(' ') + nsp;
    return name;
}

/*! True when both settings reach the same admin namespace of the same server. */
bool ConnectionSettings::sameServer(const ConnectionSettings &other) const
{
    return url.adjusted(QUrl::StripTrailingSlash) == other.url.adjusted(QUrl::StripTrailingSlash)
            && normalizedNamespace(adminNamespace) == normalizedNamespace(other.adminNamespace)
            && normalizedPath(path) == normalizedPath(other.path);
}

/*! "admin" and "/admin" both name the namespace "/admin"; empty is "/admin". */
QString ConnectionSettings::normalizedNamespace(const QString &nsp)
{
    const QString trimmed = nsp.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("/admin");
    return trimmed.startsWith(QLatin1Char('/')) ? trimmed : QLatin1Char('/') + trimmed;
}

/*! The Engine.IO path with leading and trailing slashes; empty is "/socket.io/". */
QString ConnectionSettings::normalizedPath(const QString &path)
{
    QString p = path.trimmed();
    if (p.isEmpty())
        return QStringLiteral("/socket.io/");
    if (!p.startsWith(QLatin1Char('/')))
        p.prepend(QLatin1Char('/'));
    if (!p.endsWith(QLatin1Char('/')))
        p.append(QLatin1Char('/'));
    return p;
}

/*!
    \class SocketIoAdmin::RecentServers
    \brief The servers connected to recently, kept in QSettings without their
    passwords.
*/

QList<ConnectionSettings> RecentServers::load(QSettings &settings)
{
    QList<ConnectionSettings> servers;
    const int count = settings.beginReadArray(QStringLiteral("recentServers"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        ConnectionSettings server;
        server.url = settings.value(QStringLiteral("url")).toUrl();
        server.adminNamespace = settings.value(QStringLiteral("namespace"), server.adminNamespace).toString();
        server.path = settings.value(QStringLiteral("path"), server.path).toString();
        server.username = settings.value(QStringLiteral("username")).toString();
        server.websocketOnly = settings.value(QStringLiteral("websocketOnly"), false).toBool();
        if (server.url.isValid())
            servers.append(server);
    }
    settings.endArray();
    return servers;
}

/*! Puts \a server first in the list, dropping an older entry for the same server. */
void RecentServers::remember(QSettings &settings, const ConnectionSettings &server)
{
    QList<ConnectionSettings> servers = load(settings);
    servers.removeIf([&server](const ConnectionSettings &s) { return s.sameServer(server); });
    servers.prepend(server);
    while (servers.size() > MaxEntries)
        servers.removeLast();
    save(settings, servers);
}

void RecentServers::forget(QSettings &settings, const ConnectionSettings &server)
{
    QList<ConnectionSettings> servers = load(settings);
    servers.removeIf([&server](const ConnectionSettings &s) { return s.sameServer(server); });
    save(settings, servers);
}

void RecentServers::save(QSettings &settings, const QList<ConnectionSettings> &servers)
{
    settings.remove(QStringLiteral("recentServers"));
    settings.beginWriteArray(QStringLiteral("recentServers"), int(servers.size()));
    for (int i = 0; i < servers.size(); ++i) {
        settings.setArrayIndex(i);
        const ConnectionSettings &server = servers.at(i);
        settings.setValue(QStringLiteral("url"), server.url);
        settings.setValue(QStringLiteral("namespace"), server.adminNamespace);
        settings.setValue(QStringLiteral("path"), server.path);
        settings.setValue(QStringLiteral("username"), server.username);
        settings.setValue(QStringLiteral("websocketOnly"), server.websocketOnly);
    }
    settings.endArray();
}

} // namespace SocketIoAdmin
