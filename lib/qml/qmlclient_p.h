// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLCLIENT_P_H
#define SOCKETIO_QMLCLIENT_P_H

#include "qmlemitter_p.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>
#include <QtQml/QJSValue>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include <functional>

namespace SocketIo {
class Client;
class ClientSocket;
} // namespace SocketIo

namespace SocketIo::Qml {

// SocketIoClient { url: "http://127.0.0.1:3000"; onConnectedChanged: ... }: one
// namespace of a Socket.IO server, over its own connection. It connects when
// the component is complete and active is true; changing url, path or nsp
// while active reconnects.
class QmlClient : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoClient)
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(QString path READ path WRITE setPath NOTIFY pathChanged)
    Q_PROPERTY(QString nsp READ nsp WRITE setNsp NOTIFY nspChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(QStringList transports READ transports WRITE setTransports NOTIFY optionsChanged)
    Q_PROPERTY(bool upgrade READ upgrade WRITE setUpgrade NOTIFY optionsChanged)
    Q_PROPERTY(QString parser READ parser WRITE setParser NOTIFY optionsChanged)
    Q_PROPERTY(QJSValue auth READ auth WRITE setAuth NOTIFY authChanged)
    Q_PROPERTY(QVariantMap query READ query WRITE setQuery NOTIFY optionsChanged)
    Q_PROPERTY(QVariantMap extraHeaders READ extraHeaders WRITE setExtraHeaders NOTIFY optionsChanged)
    Q_PROPERTY(bool reconnection READ reconnection WRITE setReconnection NOTIFY optionsChanged)
    Q_PROPERTY(int reconnectionAttempts READ reconnectionAttempts WRITE setReconnectionAttempts NOTIFY optionsChanged)
    Q_PROPERTY(int reconnectionDelay READ reconnectionDelay WRITE setReconnectionDelay NOTIFY optionsChanged)
    Q_PROPERTY(int reconnectionDelayMax READ reconnectionDelayMax WRITE setReconnectionDelayMax NOTIFY optionsChanged)
    Q_PROPERTY(double randomizationFactor READ randomizationFactor WRITE setRandomizationFactor NOTIFY optionsChanged)
    Q_PROPERTY(int connectTimeout READ connectTimeout WRITE setConnectTimeout NOTIFY optionsChanged)
    Q_PROPERTY(int retries READ retries WRITE setRetries NOTIFY optionsChanged)
    Q_PROPERTY(int ackTimeout READ ackTimeout WRITE setAckTimeout NOTIFY optionsChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    Q_PROPERTY(QString id READ id NOTIFY idChanged)
    Q_PROPERTY(bool recovered READ recovered NOTIFY connectedChanged)
    Q_PROPERTY(QString transportName READ transportName NOTIFY transportNameChanged)

public:
    explicit QmlClient(QObject *parent = nullptr);
    ~QmlClient() override;

    QUrl url() const;
    void setUrl(const QUrl &url);
    QString path() const;
    void setPath(const QString &path);
    QString nsp() const { return m_nsp; }
    void setNsp(const QString &nsp);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    QStringList transports() const;
    void setTransports(const QStringList &transports);
    QString parser() const;
    void setParser(const QString &parser);
    bool upgrade() const;
    void setUpgrade(bool upgrade);
    QJSValue auth() const { return m_auth; }
    void setAuth(const QJSValue &auth);
    QVariantMap query() const;
    void setQuery(const QVariantMap &query);
    QVariantMap extraHeaders() const;
    void setExtraHeaders(const QVariantMap &headers);
    bool reconnection() const;
    void setReconnection(bool reconnection);
    int reconnectionAttempts() const;
    void setReconnectionAttempts(int attempts);
    int reconnectionDelay() const;
    void setReconnectionDelay(int milliseconds);
    int reconnectionDelayMax() const;
    void setReconnectionDelayMax(int milliseconds);
    double randomizationFactor() const;
    void setRandomizationFactor(double factor);
    int connectTimeout() const;
    void setConnectTimeout(int milliseconds);
    int retries() const { return m_retries; }
    void setRetries(int retries);
    int ackTimeout() const { return m_ackTimeout; }
    void setAckTimeout(int milliseconds);
    bool isConnected() const;
    QString id() const;
    bool recovered() const;
    QString transportName() const;

    void classBegin() override;
    void componentComplete() override;

    Q_INVOKABLE void open();
    Q_INVOKABLE void close();
    Q_INVOKABLE void on(const QString &event, const QJSValue &handler);
    Q_INVOKABLE void off(const QString &event);
    Q_INVOKABLE void onAny(const QJSValue &handler);
    Q_INVOKABLE void offAny();
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                               const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                               const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                               const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a0 = {}, const QJSValue &a1 = {},
                                     const QJSValue &a2 = {}, const QJSValue &a3 = {}, const QJSValue &a4 = {},
                                     const QJSValue &a5 = {}, const QJSValue &a6 = {}, const QJSValue &a7 = {},
                                     const QJSValue &a8 = {}, const QJSValue &a9 = {});
    Q_INVOKABLE SocketIo::Qml::QmlEmitter *timeout(int milliseconds);

Q_SIGNALS:
    void urlChanged();
    void pathChanged();
    void nspChanged();
    void activeChanged();
    void authChanged();
    void optionsChanged();
    void connectedChanged();
    void idChanged();
    void transportNameChanged();
    void connectError(const QString &message, const QJSValue &data);
    void disconnected(const QString &reason);
    void eventReceived(const QString &event, const QJSValue &args);
    void reconnectAttempt(int attempt);
    void reconnected(int attempt);
    void reconnectError(const QString &message);
    void reconnectFailed();

private:
    void ensureSocket();
    void restart();
    void registerEvent(const QString &event);
    void dispatch(const QString &event, const QVariantList &args, const Ack &ack);
    QJSEngine *jsEngine() const;

    Client *m_client = nullptr;
    QPointer<ClientSocket> m_socket;
    QString m_nsp = QStringLiteral("/");
    QJSValue m_auth;
    bool m_active = true;
    int m_retries = 0;
    int m_ackTimeout = 0;
    bool m_complete = false;
    QHash<QString, QList<QJSValue>> m_handlers;
    QList<QJSValue> m_anyHandlers;
};

// The callback handed to an auth function: callback({token: ...}).
class QmlAuthReply : public QObject
{
    Q_OBJECT
public:
    explicit QmlAuthReply(std::function<void(const QVariantMap &)> reply) : m_reply(std::move(reply)) {}
    Q_INVOKABLE bool send(const QJSValue &auth);

private:
    std::function<void(const QVariantMap &)> m_reply;
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLCLIENT_P_H
