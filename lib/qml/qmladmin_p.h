// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLADMIN_P_H
#define SOCKETIO_QMLADMIN_P_H

#include "qmlserver_p.h"

#include <SocketIo/admininstrumentation.h>

#include <QtCore/QPointer>
#include <QtCore/QVariant>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

namespace SocketIo::Qml {

// SocketIoAdmin { server: io; auth: false }: instrument() for QML. The options
// are Node's instrument() options (auth is false or {type: "basic", username,
// password: <bcrypt hash>}); they are read whenever the server starts
// listening, and the instrumentation goes with the server when it closes.
class QmlAdmin : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoAdmin)
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(SocketIo::Qml::QmlServer *server READ server WRITE setServer NOTIFY serverChanged)
    Q_PROPERTY(QVariant auth READ auth WRITE setAuth NOTIFY optionsChanged)
    Q_PROPERTY(QString namespaceName READ namespaceName WRITE setNamespaceName NOTIFY optionsChanged)
    Q_PROPERTY(bool readOnly READ readOnly WRITE setReadOnly NOTIFY optionsChanged)
    Q_PROPERTY(QString serverId READ serverId WRITE setServerId NOTIFY optionsChanged)
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY optionsChanged)
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    Q_PROPERTY(int adminCount READ adminCount NOTIFY adminCountChanged)

public:
    explicit QmlAdmin(QObject *parent = nullptr);
    ~QmlAdmin() override;

    QmlServer *server() const { return m_server; }
    void setServer(QmlServer *server);
    QVariant auth() const { return m_auth; }
    void setAuth(const QVariant &auth);
    QString namespaceName() const { return m_namespaceName; }
    void setNamespaceName(const QString &name);
    bool readOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly);
    QString serverId() const { return m_serverId; }
    void setServerId(const QString &id);
    QString mode() const { return m_mode; }
    void setMode(const QString &mode);
    bool isActive() const { return m_instrumentation; }
    int adminCount() const;

    void classBegin() override {}
    void componentComplete() override;

Q_SIGNALS:
    void serverChanged();
    void optionsChanged();
    void activeChanged();
    void adminCountChanged();

private:
    void update();
    void changed();

    QPointer<QmlServer> m_server;
    QPointer<AdminInstrumentation> m_instrumentation;
    QVariant m_auth;
    QString m_namespaceName = QStringLiteral("/admin");
    bool m_readOnly = false;
    QString m_serverId;
    QString m_mode = QStringLiteral("development");
    bool m_complete = false;
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLADMIN_P_H
