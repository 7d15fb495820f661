// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "adminoptions.h"

#include <QtCore/QSharedData>
#include <QtCore/QSysInfo>

namespace SocketIo {

class AdminOptionsPrivate : public QSharedData
{
public:
    AdminOptions::Auth auth = AdminOptions::Auth::Unset;
    QString username;
    QByteArray passwordHash;
    QString namespaceName = QStringLiteral("/admin");
    bool readonly = false;
    QString serverId = QSysInfo::machineHostName();
    AdminOptions::Mode mode = AdminOptions::Mode::Development;
    std::chrono::seconds sessionDuration{86400};
};

/*!
    \class SocketIo::AdminOptions
    \inmodule SocketIo
    \brief How instrument() exposes a server to the \c @socket.io/admin-ui
    protocol: the admin namespace, its authentication and what it sends.

    The defaults are those of \c @socket.io/admin-ui 0.5.1: namespace
    \c /admin, not read-only, the host name as server id, development mode.
    As there, the authentication must be chosen explicitly: setNoAuth() or
    setBasicAuth(); instrument() refuses options that leave it unset.

    Session ids handed out after a password login are kept in memory for
    sessionDuration() (one day, as Node's RedisStore keeps them).
*/

/*!
    \enum SocketIo::AdminOptions::Auth
    \value Unset Not chosen yet: instrument() refuses the options.
    \value None Anyone may connect to the admin namespace.
    \value Basic A user name and a bcrypt hash of the password.
*/

/*!
    \enum SocketIo::AdminOptions::Mode
    \value Development Every socket, room and event is streamed to the admin clients.
    \value Production Only the server statistics every 2 seconds (no per-socket events).
*/

AdminOptions::AdminOptions() : d(new AdminOptionsPrivate) {}
AdminOptions::AdminOptions(const AdminOptions &other) = default;
AdminOptions::AdminOptions(AdminOptions &&other) noexcept = default;
AdminOptions &AdminOptions::operator=(const AdminOptions &other) = default;
AdminOptions &AdminOptions::operator=(AdminOptions &&other) noexcept = default;
AdminOptions::~AdminOptions() = default;

AdminOptions::Auth AdminOptions::auth() const
{
    return d->auth;
}
/*! Lets anyone connect to the admin namespace (Node's \c {auth: false}). */
void AdminOptions::setNoAuth()
{
    d->auth = Auth::None;
    d->username.clear();
    d->passwordHash.clear();
}
/*!
    Requires \a username and a password whose bcrypt hash is \a bcryptHash
    (\c $2a$, \c $2b$ or \c $2y$, as \c bcryptjs accepts), checked with
    libcrypt off the event loop.
*/
void AdminOptions::setBasicAuth(const QString &username, const QByteArray &bcryptHash)
{
    d->auth = Auth::Basic;
    d->username = username;
    d->passwordHash = bcryptHash;
}
QString AdminOptions::username() const
{
    return d->username;
}
QByteArray AdminOptions::passwordHash() const
{
    return d->passwordHash;
}
QString AdminOptions::namespaceName() const
{
    return d->namespaceName;
}
/*! Sets the admin namespace (default \c /admin); a leading slash is added when missing. */
void AdminOptions::setNamespaceName(const QString &name)
{
    d->namespaceName = name.startsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
}
bool AdminOptions::isReadonly() const
{
    return d->readonly;
}
/*! With \a readonly, the commands (emit, join, leave, _disconnect) are not offered. */
void AdminOptions::setReadonly(bool readonly)
{
    d->readonly = readonly;
}
QString AdminOptions::serverId() const
{
    return d->serverId;
}
/*! Sets the id admin clients tell servers apart by (default: the host name). */
void AdminOptions::setServerId(const QString &id)
{
    d->serverId = id;
}
AdminOptions::Mode AdminOptions::mode() const
{
    return d->mode;
}
void AdminOptions::setMode(Mode mode)
{
    d->mode = mode;
}
std::chrono::seconds AdminOptions::sessionDuration() const
{
    return d->sessionDuration;
}
/*! Sets how long a session id from a password login lets the admin client back in. */
void AdminOptions::setSessionDuration(std::chrono::seconds duration)
{
    d->sessionDuration = duration;
}

bool operator==(const AdminOptions &a, const AdminOptions &b)
{
    const auto &x = *a.d;
    const auto &y = *b.d;
    return a.d == b.d
            || (x.auth == y.auth && x.username == y.username && x.passwordHash == y.passwordHash
                && x.namespaceName == y.namespaceName && x.readonly == y.readonly && x.serverId == y.serverId
                && x.mode == y.mode && x.sessionDuration == y.sessionDuration);
}

} // namespace SocketIo
