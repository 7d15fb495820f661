// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLNAMESPACE_P_H
#define SOCKETIO_QMLNAMESPACE_P_H

#include "qmlemitter_p.h"
#include "qmlsocket_p.h"

#include <SocketIo/namespace.h>

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

QT_BEGIN_NAMESPACE
class QJSEngine;
QT_END_NAMESPACE

namespace SocketIo::Qml {

class QmlServer;

// A namespace in QML: declared inside a SocketIoServer (SocketIoNamespace { name:
// "/chat"; onConnection: (socket) => ... }) or returned by server.of("/chat").
// SocketIoServer itself is the main namespace "/".
class QmlNamespace : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoNamespace)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY nameChanged)
    Q_PROPERTY(int socketCount READ socketCount NOTIFY socketCountChanged)
    Q_PROPERTY(bool attached READ isAttached NOTIFY attachedChanged)

public:
    explicit QmlNamespace(QObject *parent = nullptr);
    ~QmlNamespace() override;

    QString name() const;
    void setName(const QString &name);
    int socketCount() const;
    bool isAttached() const;

    // Binds this item to the library's namespace once the server runs.
    void attach(Namespace *nsp, QJSEngine *engine);
    Namespace *nsp() const { return m_nsp; }
    QJSEngine *jsEngine() const;

    Q_INVOKABLE void use(const QJSValue &middleware);
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *to(const QJSValue &rooms) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *in(const QJSValue &rooms) const { return to(rooms); }
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *except(const QJSValue &rooms) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *timeout(int milliseconds) const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *asVolatile() const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *local() const;
    Q_INVOKABLE SocketIo::Qml::QmlBroadcast *compress(bool compress) const;
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                               const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                               const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                               const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                                     const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                                     const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                                     const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue fetchSockets() const;
    Q_INVOKABLE void socketsJoin(const QJSValue &rooms) const;
    Q_INVOKABLE void socketsLeave(const QJSValue &rooms) const;
    Q_INVOKABLE void disconnectSockets(bool close = false) const;

Q_SIGNALS:
    void nameChanged();
    void socketCountChanged();
    void attachedChanged();
    void connection(SocketIo::Qml::QmlSocket *socket);

protected:
    QmlBroadcast *broadcastOperator() const;

private:
    void installMiddleware(const QJSValue &middleware);

    QString m_name = QStringLiteral("/");
    QPointer<Namespace> m_nsp;
    QPointer<QJSEngine> m_engine;
    QList<QJSValue> m_pendingMiddleware;
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLNAMESPACE_P_H
