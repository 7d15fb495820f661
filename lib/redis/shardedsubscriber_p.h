// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_SHARDEDSUBSCRIBER_P_H
#define SOCKETIO_SHARDEDSUBSCRIBER_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "redisconnection_p.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QByteArrayList>
#include <QtCore/QObject>
#include <QtCore/QSet>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

struct redisReader;

namespace SocketIo::Redis {

// A connection that only holds sharded subscriptions (SSUBSCRIBE, Redis 7) and hands out the
// smessage pushes: hiredis 0.14's asynchronous API cannot route them (see README.md), so this one
// writes its few commands itself and reads with hiredis' RESP reader. It reconnects with the same
// backoff as Connection and subscribes again to every channel it had.
class ShardedSubscriber : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(ShardedSubscriber)

public:
    ShardedSubscriber(const QString &host, quint16 port, const ConnectionOptions &options = {},
                      QObject *parent = nullptr);
    ~ShardedSubscriber() override;

    void open();
    void close();
    bool isConnected() const;
    void ssubscribe(const QByteArrayList &channels);
    void sunsubscribe(const QByteArrayList &channels);
    QByteArrayList channels() const;

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason);
    void message(const QByteArray &channel, const QByteArray &payload);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void connectNow();
    void onConnected();
    void onReadyRead();
    void drop(const QString &reason);
    void send(const QByteArrayList &args);
    void freeReader();

    QString m_host;
    quint16 m_port;
    ConnectionOptions m_options;
    QTcpSocket *m_socket = nullptr;
    redisReader *m_reader = nullptr;
    QSet<QByteArray> m_channels;
    QBasicTimer m_retry;
    std::chrono::milliseconds m_delay{0};
    bool m_open = false;
    bool m_ready = false;
};

} // namespace SocketIo::Redis

#endif // SOCKETIO_SHARDEDSUBSCRIBER_P_H
