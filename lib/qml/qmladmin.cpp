// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "qmladmin_p.h"
#include "qmlserver_p.h"
#include "qmlvalue_p.h"

#include <SocketIo/AdminInstrumentation>
#include <SocketIo/Namespace>
#include <SocketIo/Server>

#include <QtQml/QJSValue>

namespace SocketIo::Qml {

/*!
    \qmltype SocketIoAdmin
    \inqmlmodule SocketIo
    \brief Makes a SocketIoServer visible to admin consoles (\c socketio-admin,
    the \c @socket.io/admin-ui web UI), as \c instrument() does in Node.

    \qml
    SocketIoServer { id: io; port: 3000 }
    SocketIoAdmin {
        server: io
        auth: ({ type: "basic", username: "admin", password: "$2b$10$..." }) // or false
    }
    \endqml

    \c auth must be set, to \c false or to a basic auth whose \c password is a
    bcrypt hash. \c namespaceName (default \c /admin), \c readOnly,
    \c serverId and \c mode (\c "development" or \c "production") are Node's
    options. They are read when the server starts listening; \c active tells
    whether the server is instrumented, \c adminCount how many admin clients
    are connected to it.
*/

QmlAdmin::QmlAdmin(QObject *parent) : QObject(parent) {}

QmlAdmin::~QmlAdmin() = default;

void QmlAdmin::setServer(QmlServer *server)
{
    if (m_server == server)
        return;
    if (m_server)
        disconnect(m_server, nullptr, this, nullptr);
    m_server = server;
    if (m_server)
        connect(m_server, &QmlServer::listeningChanged, this, &QmlAdmin::update);
    Q_EMIT serverChanged();
    update();
}

void QmlAdmin::setAuth(const QVariant &auth)
{
    m_auth = auth.canConvert<QJSValue>() ? auth.value<QJSValue>().toVariant() : auth;
    changed();
}
void QmlAdmin::setNamespaceName(const QString &name)
{
    m_namespaceName = name;
    changed();
}
void QmlAdmin::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    changed();
}
void QmlAdmin::setServerId(const QString &id)
{
    m_serverId = id;
    changed();
}
void QmlAdmin::setMode(const QString &mode)
{
    m_mode = mode;
    changed();
}

int QmlAdmin::adminCount() const
{
    return m_instrumentation ? m_instrumentation->adminCount() : 0;
}

void QmlAdmin::componentComplete()
{
    m_complete = true;
    update();
}

void QmlAdmin::changed()
{
    Q_EMIT optionsChanged();
    if (m_instrumentation)
        qCWarning(lcQml, "SocketIoAdmin: options changed while instrumenting: they apply from the next listen");
}

// Instruments the server whenever it listens without instrumentation; the
// instrumentation is a child of the Server and goes when it closes.
void QmlAdmin::update()
{
    const bool wasActive = isActive();
    Server *server = m_server ? m_server->server() : nullptr;
    if (m_instrumentation && m_instrumentation->server() != server)
        m_instrumentation = nullptr; // it goes with its server
    if (m_complete && server && !m_instrumentation) {
        AdminOptions options;
        if (m_auth.typeId() == QMetaType::Bool && !m_auth.toBool()) {
            options.setNoAuth();
        } else if (m_auth.canConvert<QVariantMap>()) {
            const QVariantMap auth = m_auth.toMap();
            if (auth.value(QStringLiteral("type")).toString() == QLatin1String("basic"))
                options.setBasicAuth(auth.value(QStringLiteral("username")).toString(),
                                     auth.value(QStringLiteral("password")).toString().toUtf8());
        }
        options.setNamespaceName(m_namespaceName);
        options.setReadonly(m_readOnly);
        if (!m_serverId.isEmpty())
            options.setServerId(m_serverId);
        options.setMode(m_mode == QLatin1String("production") ? AdminOptions::Mode::Production
                                                              : AdminOptions::Mode::Development);
        m_instrumentation = instrument(server, options);
        if (m_instrumentation)
            connect(m_instrumentation, &AdminInstrumentation::adminCountChanged, this, &QmlAdmin::adminCountChanged);
        else
            qCWarning(lcQml,
                      "SocketIoAdmin: set auth to false or to {type: \"basic\", username, password: <bcrypt hash>}");
    }
    if (wasActive != isActive())
        Q_EMIT activeChanged();
}

} // namespace SocketIo::Qml
