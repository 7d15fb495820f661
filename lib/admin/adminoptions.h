// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ADMINOPTIONS_H
#define SOCKETIO_ADMINOPTIONS_H

#include <SocketIo/socketio_admin_export.h>

#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

#include <chrono>

namespace SocketIo {

class AdminOptionsPrivate;
class SOCKETIO_ADMIN_EXPORT AdminOptions
{
public:
    enum class Auth { Unset, None, Basic };
    enum class Mode { Development, Production };

    AdminOptions();
    AdminOptions(const AdminOptions &other);
    AdminOptions(AdminOptions &&other) noexcept;
    AdminOptions &operator=(const AdminOptions &other);
    AdminOptions &operator=(AdminOptions &&other) noexcept;
    ~AdminOptions();
    void swap(AdminOptions &other) noexcept { d.swap(other.d); }

    Auth auth() const;
    void setNoAuth();
    void setBasicAuth(const QString &username, const QByteArray &bcryptHash);
    QString username() const;
    QByteArray passwordHash() const;

    QString namespaceName() const;
    void setNamespaceName(const QString &name);
    bool isReadonly() const;
    void setReadonly(bool readonly);
    QString serverId() const;
    void setServerId(const QString &id);
    Mode mode() const;
    void setMode(Mode mode);
    std::chrono::seconds sessionDuration() const;
    void setSessionDuration(std::chrono::seconds duration);

    friend SOCKETIO_ADMIN_EXPORT bool operator==(const AdminOptions &a, const AdminOptions &b);
    friend bool operator!=(const AdminOptions &a, const AdminOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<AdminOptionsPrivate> d;
};

} // namespace SocketIo

Q_DECLARE_SHARED(SocketIo::AdminOptions)

#endif // SOCKETIO_ADMINOPTIONS_H
