// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ADMININSTRUMENTATION_H
#define SOCKETIO_ADMININSTRUMENTATION_H

#include <SocketIo/adminoptions.h>
#include <SocketIo/socketio_admin_export.h>

#include <QtCore/QObject>

#include <memory>

namespace SocketIo {

class Namespace;
class Server;
class AdminInstrumentationPrivate;

class SOCKETIO_ADMIN_EXPORT AdminInstrumentation : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(AdminInstrumentation)
    Q_DECLARE_PRIVATE(AdminInstrumentation)
    Q_PROPERTY(int adminCount READ adminCount NOTIFY adminCountChanged)

public:
    ~AdminInstrumentation() override;

    Server *server() const;
    Namespace *adminNamespace() const;
    AdminOptions options() const;
    int adminCount() const;

Q_SIGNALS:
    void adminCountChanged();

private:
    explicit AdminInstrumentation(Server *server);
    std::unique_ptr<AdminInstrumentationPrivate> d_ptr;
};

SOCKETIO_ADMIN_EXPORT AdminInstrumentation *instrument(Server *server, const AdminOptions &options);

} // namespace SocketIo

#endif // SOCKETIO_ADMININSTRUMENTATION_H
