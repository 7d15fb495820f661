// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_QMLSERVER_P_H
#define SOCKETIO_QMLSERVER_P_H

#include "qmlnamespace_p.h"

#include <QtCore/QStringList>
#include <QtQml/QQmlListProperty>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

#include <SocketIo/serveroptions.h>

namespace SocketIo {
class Server;
}

namespace SocketIo::Qml {

// SocketIoServer { port: 3000; onConnection: (socket) => ... }: a Server that
// starts listening when the component is complete (unless listening is set to
// false), with its options as properties (read when it starts). It is also the
// main namespace "/".
class QmlServer : public QmlNamespace, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(SocketIoServer)
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(QString host READ host WRITE setHost NOTIFY hostChanged)
    Q_PROPERTY(int port READ port WRITE setPort NOTIFY portChanged)
    Q_PROPERTY(bool listening READ isListening WRITE setListening NOTIFY listeningChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QString path READ path WRITE setPath NOTIFY optionsChanged)
    Q_PROPERTY(bool serveClient READ serveClient WRITE setServeClient NOTIFY optionsChanged)
    Q_PROPERTY(QStringList transports READ transports WRITE setTransports NOTIFY optionsChanged)
    Q_PROPERTY(bool allowUpgrades READ allowUpgrades WRITE setAllowUpgrades NOTIFY optionsChanged)
    Q_PROPERTY(bool allowEIO3 READ allowEIO3 WRITE setAllowEIO3 NOTIFY optionsChanged)
    Q_PROPERTY(int pingInterval READ pingInterval WRITE setPingInterval NOTIFY optionsChanged)
    Q_PROPERTY(int pingTimeout READ pingTimeout WRITE setPingTimeout NOTIFY optionsChanged)
    Q_PROPERTY(int connectTimeout READ connectTimeout WRITE setConnectTimeout NOTIFY optionsChanged)
    Q_PROPERTY(double maxHttpBufferSize READ maxHttpBufferSize WRITE setMaxHttpBufferSize NOTIFY optionsChanged)
    Q_PROPERTY(QStringList corsOrigins READ corsOrigins WRITE setCorsOrigins NOTIFY optionsChanged)
    Q_PROPERTY(QString parser READ parser WRITE setParser NOTIFY optionsChanged)
    Q_PROPERTY(bool connectionStateRecovery READ connectionStateRecovery WRITE setConnectionStateRecovery NOTIFY
                       optionsChanged)
    Q_PROPERTY(int maxDisconnectionDuration READ maxDisconnectionDuration WRITE setMaxDisconnectionDuration NOTIFY
                       optionsChanged)
    Q_PROPERTY(QQmlListProperty<SocketIo::Qml::QmlNamespace> namespaces READ namespaces)
    Q_CLASSINFO("DefaultProperty", "namespaces")

public:
    explicit QmlServer(QObject *parent = nullptr);
    ~QmlServer() override;

    QString host() const { return m_host; }
    void setHost(const QString &host);
    int port() const { return m_port; }
    void setPort(int port);
    bool isListening() const;
    void setListening(bool listening);
    QString errorString() const { return m_errorString; }

    QString path() const;
    void setPath(const QString &path);
    bool serveClient() const;
    void setServeClient(bool serve);
    QStringList transports() const;
    void setTransports(const QStringList &transports);
    bool allowUpgrades() const;
    void setAllowUpgrades(bool allow);
    bool allowEIO3() const;
    void setAllowEIO3(bool allow);
    int pingInterval() const;
    void setPingInterval(int milliseconds);
    int pingTimeout() const;
    void setPingTimeout(int milliseconds);
    int connectTimeout() const;
    void setConnectTimeout(int milliseconds);
    double maxHttpBufferSize() const;
    void setMaxHttpBufferSize(double bytes);
    QStringList corsOrigins() const;
    void setCorsOrigins(const QStringList &origins);
    QString parser() const;
    void setParser(const QString &parser);
    bool connectionStateRecovery() const;
    void setConnectionStateRecovery(bool enabled);
    int maxDisconnectionDuration() const;
    void setMaxDisconnectionDuration(int milliseconds);

    QQmlListProperty<QmlNamespace> namespaces();
    Server *server() const { return m_server; }

    void classBegin() override;
    void componentComplete() override;

    Q_INVOKABLE bool listen();
    Q_INVOKABLE void close();
    Q_INVOKABLE SocketIo::Qml::QmlNamespace *of(const QString &name);

Q_SIGNALS:
    void hostChanged();
    void portChanged();
    void listeningChanged();
    void errorStringChanged();
    void optionsChanged();

private:
    static void appendNamespace(QQmlListProperty<QmlNamespace> *list, QmlNamespace *nsp);
    static qsizetype namespaceCount(QQmlListProperty<QmlNamespace> *list);
    static QmlNamespace *namespaceAt(QQmlListProperty<QmlNamespace> *list, qsizetype index);
    void attachNamespace(QmlNamespace *nsp);
    void setErrorString(const QString &error);

    ServerOptions m_options;
    QString m_host;
    int m_port = 0;
    bool m_complete = false;
    bool m_wantListening = true;
    QString m_errorString;
    Server *m_server = nullptr;
    QList<QmlNamespace *> m_declared;
    QList<QmlNamespace *> m_created; // by of()
};

} // namespace SocketIo::Qml

#endif // SOCKETIO_QMLSERVER_P_H
