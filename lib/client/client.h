// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLIENT_H
#define SOCKETIO_CLIENT_H

#include <SocketIo/socketio_global.h>

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtCore/QVariantMap>
#include <QtNetwork/qtnetworkglobal.h>
#if QT_CONFIG(ssl)
#include <QtNetwork/QSslConfiguration>
#endif

#include <chrono>
#include <memory>

namespace SocketIo {

class ClientSocket;
class ClientPrivate;

class SOCKETIO_EXPORT Client : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Client)
    Q_DECLARE_PRIVATE(Client)
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString transportName READ transportName NOTIFY transportChanged)

public:
    enum class Transport { Polling = 0x1, WebSocket = 0x2 };
    Q_DECLARE_FLAGS(Transports, Transport)
    Q_FLAG(Transports)
    enum class State { Closed, Opening, Open, Reconnecting };
    Q_ENUM(State)
    enum class Error { NoError, ConnectionError, TimeoutError, TransportError, PingTimeoutError, ParseError };
    Q_ENUM(Error)
    enum class Parser { Default, Msgpack };
    Q_ENUM(Parser)

    explicit Client(QObject *parent = nullptr);
    explicit Client(const QUrl &url, QObject *parent = nullptr);
    ~Client() override;

    QUrl url() const;
    void setUrl(const QUrl &url);
    QString path() const;
    void setPath(const QString &path);
    Transports transports() const;
    void setTransports(Transports transports);
    bool upgrade() const;
    void setUpgrade(bool upgrade);
    QUrlQuery query() const;
    void setQuery(const QUrlQuery &query);
    QHash<QByteArray, QByteArray> extraHeaders() const;
    void setExtraHeaders(const QHash<QByteArray, QByteArray> &headers);
    bool autoConnect() const;
    void setAutoConnect(bool autoConnect);
    std::chrono::milliseconds timeout() const;
    void setTimeout(std::chrono::milliseconds timeout);
    Parser parser() const;
    void setParser(Parser parser);
#if QT_CONFIG(ssl)
    QSslConfiguration sslConfiguration() const;
    void setSslConfiguration(const QSslConfiguration &configuration);
#endif

    bool reconnection() const;
    void setReconnection(bool reconnection);
    int reconnectionAttempts() const;
    void setReconnectionAttempts(int attempts);
    std::chrono::milliseconds reconnectionDelay() const;
    void setReconnectionDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds reconnectionDelayMax() const;
    void setReconnectionDelayMax(std::chrono::milliseconds delay);
    double randomizationFactor() const;
    void setRandomizationFactor(double factor);

    State state() const;
    QString engineId() const;
    QString transportName() const;
    Error error() const;
    QString errorString() const;

    ClientSocket *socket(const QString &nsp = QStringLiteral("/"), const QVariantMap &auth = {});
    void open();
    void close();

Q_SIGNALS:
    void urlChanged();
    void stateChanged(SocketIo::Client::State state);
    void transportChanged();
    void opened();
    void closed(const QString &reason);
    void errorOccurred(SocketIo::Client::Error error);
    void pingReceived();
    void reconnectAttempt(int attempt);
    void reconnected(int attempt);
    void reconnectError(const QString &message);
    void reconnectFailed();

private:
    std::unique_ptr<ClientPrivate> d_ptr;
};

} // namespace SocketIo

Q_DECLARE_OPERATORS_FOR_FLAGS(SocketIo::Client::Transports)

#endif // SOCKETIO_CLIENT_H
