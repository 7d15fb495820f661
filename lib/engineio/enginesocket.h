// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINESOCKET_H
#define SOCKETIO_ENGINESOCKET_H

#include <SocketIo/socketio_global.h>
#include <SocketIo/enginerequest.h>

#include <QtCore/QObject>

#include <memory>

namespace SocketIo {

class Engine;
class EngineSocketPrivate;

class SOCKETIO_EXPORT EngineSocket : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(EngineSocket)
    Q_DECLARE_PRIVATE(EngineSocket)
    Q_PROPERTY(QString id READ id CONSTANT)
    Q_PROPERTY(QString transport READ transportName NOTIFY upgraded)
    Q_PROPERTY(ReadyState readyState READ readyState NOTIFY readyStateChanged)

public:
    enum class ReadyState { Opening, Open, Closing, Closed };
    Q_ENUM(ReadyState)

    enum class CloseReason {
        TransportClose,
        TransportError,
        PingTimeout,
        ForcedClose,
        ServerShuttingDown,
        ParseError,
    };
    Q_ENUM(CloseReason)
    static QString toString(CloseReason reason);

    ~EngineSocket() override;

    QString id() const;
    int protocol() const;
    QString transportName() const;
    EngineRequest request() const;
    ReadyState readyState() const;
    bool isWritable() const;

    void send(const QByteArray &utf8Text);
    void sendBinary(const QByteArray &data);
    void close();

Q_SIGNALS:
    void messageReceived(const QByteArray &data, bool binary);
    void upgrading(const QString &transport);
    void upgraded(const QString &transport);
    void drained();
    void readyStateChanged(SocketIo::EngineSocket::ReadyState state);
    void closed(SocketIo::EngineSocket::CloseReason reason, const QString &description);

protected:
    void timerEvent(QTimerEvent *event) override;
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    explicit EngineSocket(std::unique_ptr<EngineSocketPrivate> d, QObject *parent);
    std::unique_ptr<EngineSocketPrivate> d_ptr;
};

} // namespace SocketIo

#endif // SOCKETIO_ENGINESOCKET_H
