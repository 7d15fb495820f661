// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINE_H
#define SOCKETIO_ENGINE_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/enginerequest.h>
#include <SocketIo/enginesocket.h>
#include <SocketIo/engineoptions.h>

#include <QtCore/QObject>
#include <QtNetwork/QHostAddress>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QTcpServer;
QT_END_NAMESPACE

namespace SocketIo {

class EnginePrivate;

struct EngineStatistics
{
    int clients = 0;
    int pollingClients = 0;
    int websocketClients = 0;
    quint64 packetsReceived = 0;
    quint64 packetsSent = 0;
    quint64 bytesReceived = 0;
    quint64 bytesSent = 0;
    qint64 backlogBytes = 0;  // what waits for slow clients, a shared frame counted once
    quint64 backlogsShed = 0; // clients closed for reading too slowly
};

class SOCKETIO_EXPORT Engine : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(Engine)
    Q_DECLARE_PRIVATE(Engine)
    Q_PROPERTY(int clientsCount READ clientsCount NOTIFY clientsCountChanged)
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)

public:
    enum class RequestError {
        NoError = -1,
        UnknownTransport = 0,
        UnknownSessionId = 1,
        BadHandshakeMethod = 2,
        BadRequest = 3,
        Forbidden = 4,
        UnsupportedProtocolVersion = 5,
    };
    Q_ENUM(RequestError)
    enum class Error { NoError, ListenError, NotListeningError, PathInUseError };
    Q_ENUM(Error)

    using HeaderList = EngineRequest::HeaderList;
    using IdGenerator = std::function<QString(const EngineRequest &)>;
    using HeadersHook = std::function<void(HeaderList &headers, const EngineRequest &request)>;

    explicit Engine(QObject *parent = nullptr);
    explicit Engine(const EngineOptions &options, QObject *parent = nullptr);
    ~Engine() override;

    EngineOptions options() const;

    bool listen(const QHostAddress &address = QHostAddress::Any, quint16 port = 0);
    bool listen(QTcpServer *server);
    bool isListening() const;
    quint16 serverPort() const;
    Error error() const;
    QString errorString() const;
    QHttpServer *httpServer() const;
    void close();

    int clientsCount() const;
    QList<EngineSocket *> clients() const;
    EngineSocket *client(const QString &id) const;
    EngineStatistics statistics() const;

    void setIdGenerator(QObject *context, IdGenerator generator);
    void setInitialHeadersHook(QObject *context, HeadersHook hook);
    void setHeadersHook(QObject *context, HeadersHook hook);

    static QString errorMessage(RequestError error);

Q_SIGNALS:
    void connection(SocketIo::EngineSocket *socket);
    void connectionError(const SocketIo::EngineRequest &request, SocketIo::Engine::RequestError code,
                         const QString &message);
    void clientsCountChanged();
    void listeningChanged();
    void errorOccurred(SocketIo::Engine::Error error);

private:
    std::unique_ptr<EnginePrivate> d_ptr;
};

} // namespace SocketIo

#endif // SOCKETIO_ENGINE_H
