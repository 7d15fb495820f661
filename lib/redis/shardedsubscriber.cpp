// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#include "shardedsubscriber_p.h"

#include "redislogging_p.h"

#include <QtCore/QTimerEvent>
#include <QtNetwork/QTcpSocket>

#include <hiredis/hiredis.h>

namespace SocketIo::Redis {

namespace {
// What one reply may hold in the reader's buffer before the link is dropped.
constexpr size_t MaxBuffered = 512u * 1024 * 1024;

QByteArray encodeCommand(const QByteArrayList &args)
{
    QByteArray out = '*' + QByteArray::number(args.size()) + "\r\n";
    for (const QByteArray &arg : args)
        out += '$' + QByteArray::number(arg.size()) + "\r\n" + arg + "\r\n";
    return out;
}

QByteArray text(const redisReply *reply)
{
    return (reply
            && (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS
                || reply->type == REDIS_REPLY_ERROR))
            ? QByteArray(reply->str, qsizetype(reply->len))
            : QByteArray();
}
} // namespace

ShardedSubscriber::ShardedSubscriber(const QString &host, quint16 port, const ConnectionOptions &options,
                                     QObject *parent)
    : QObject(parent), m_host(host), m_port(port), m_options(options)
{}

ShardedSubscriber::~ShardedSubscriber()
{
    freeReader();
}

void ShardedSubscriber::freeReader()
{
    if (m_reader) {
        redisReaderFree(m_reader);
        m_reader = nullptr;
    }
}

bool ShardedSubscriber::isConnected() const
{
    return m_ready;
}

QByteArrayList ShardedSubscriber::channels() const
{
    return QByteArrayList(m_channels.cbegin(), m_channels.cend());
}

void ShardedSubscriber::open()
{
    if (m_open)
        return;
    m_open = true;
    connectNow();
}

void ShardedSubscriber::close()
{
    m_open = false;
    m_retry.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    freeReader();
    if (m_ready) {
        m_ready = false;
        Q_EMIT disconnected(QStringLiteral("closed"));
    }
}

void ShardedSubscriber::connectNow()
{
    m_socket = new QTcpSocket(this);
    m_reader = redisReaderCreate();
    connect(m_socket, &QTcpSocket::connected, this, &ShardedSubscriber::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &ShardedSubscriber::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { drop(QStringLiteral("connection lost")); });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] { drop(m_socket->errorString()); });
    m_socket->connectToHost(m_host, m_port);
    m_retry.start(int(m_options.connectTimeout.count()), this); // the connect's deadline until it is up
}

void ShardedSubscriber::onConnected()
{
    m_retry.stop();
    if (!m_options.password.isEmpty()) {
        QByteArrayList auth{QByteArrayLiteral("AUTH")};
        if (!m_options.username.isEmpty())
            auth << m_options.username;
        auth << m_options.password;
        send(auth);
    }
    if (!m_channels.isEmpty())
        send(QByteArrayList{QByteArrayLiteral("SSUBSCRIBE")} + channels());
    m_ready = true;
    m_delay = std::chrono::milliseconds(0);
    Q_EMIT connected();
}

void ShardedSubscriber::send(const QByteArrayList &args)
{
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(encodeCommand(args));
}

void ShardedSubscriber::ssubscribe(const QByteArrayList &channels)
{
    QByteArrayList fresh;
    for (const QByteArray &channel : channels) {
        if (!m_channels.contains(channel)) {
            m_channels.insert(channel);
            fresh.append(channel);
        }
    }
    if (!fresh.isEmpty() && m_ready)
        send(QByteArrayList{QByteArrayLiteral("SSUBSCRIBE")} + fresh);
}

void ShardedSubscriber::sunsubscribe(const QByteArrayList &channels)
{
    QByteArrayList gone;
    for (const QByteArray &channel : channels) {
        if (m_channels.remove(channel))
            gone.append(channel);
    }
    if (!gone.isEmpty() && m_ready)
        send(QByteArrayList{QByteArrayLiteral("SUNSUBSCRIBE")} + gone);
}

void ShardedSubscriber::onReadyRead()
{
    const QByteArray bytes = m_socket->readAll();
    if (!m_reader || redisReaderFeed(m_reader, bytes.constData(), size_t(bytes.size())) != REDIS_OK) {
        drop(QStringLiteral("protocol error"));
        return;
    }
    for (;;) {
        void *object = nullptr;
        if (redisReaderGetReply(m_reader, &object) != REDIS_OK) {
            drop(QStringLiteral("protocol error: %1").arg(QString::fromLatin1(m_reader->errstr)));
            return;
        }
        if (!object)
            break;
        auto *reply = static_cast<redisReply *>(object);
        if (reply->type == REDIS_REPLY_ERROR) {
            qCWarning(lcRedis, "sharded subscriber %s:%u: %s", qPrintable(m_host), m_port, text(reply).constData());
        } else if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3
                   && text(reply->element[0]) == QByteArrayLiteral("smessage")) {
            const QByteArray channel = text(reply->element[1]);
            const QByteArray payload = text(reply->element[2]);
            freeReplyObject(reply);
            if (m_channels.contains(channel))
                Q_EMIT message(channel, payload);
            if (!m_reader)
                return; // closed by a receiver
            continue;
        }
        // ssubscribe / sunsubscribe confirmations and +OK of AUTH need nothing.
        freeReplyObject(reply);
    }
    if (m_reader && m_reader->len > MaxBuffered)
        drop(QStringLiteral("a reply over %1 bytes").arg(MaxBuffered));
}

void ShardedSubscriber::drop(const QString &reason)
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    freeReader();
    const bool was = m_ready;
    m_ready = false;
    if (was) {
        qCWarning(lcRedis, "sharded subscriber %s:%u: %s; reconnecting", qPrintable(m_host), m_port,
                  qPrintable(reason));
        Q_EMIT disconnected(reason);
    }
    if (!m_open)
        return;
    // The same backoff as Connection: from reconnectDelayMin, doubling, up to reconnectDelayMax.
    m_delay = m_delay.count() == 0 ? m_options.reconnectDelayMin : qMin(m_delay * 2, m_options.reconnectDelayMax);
    m_retry.start(int(m_delay.count()), this);
}

void ShardedSubscriber::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_retry.timerId())
        return QObject::timerEvent(event);
    m_retry.stop();
    if (m_socket) {
        drop(QStringLiteral("connect timed out")); // still connecting at the deadline
        return;
    }
    if (m_open)
        connectNow();
}

} // namespace SocketIo::Redis
