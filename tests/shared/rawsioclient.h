// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_TESTKIT_RAWSIOCLIENT_H
#define SOCKETIO_TESTKIT_RAWSIOCLIENT_H

#include <QtCore/QHash>
#include <QtCore/QJsonValue>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QUrlQuery>
#include <QtCore/QVariant>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
class QWebSocket;
QT_END_NAMESPACE

namespace SocketIoTest {

// A Socket.IO 5 client for tests, written from the protocol: one Engine.IO 4
// session over a real WebSocket or long-polling on 127.0.0.1, any number of
// namespaces on it. Tests only: no reconnection, no upgrade, no timeouts;
// one session per object (after closed(), make a new client).
class RawSioClient : public QObject
{
    Q_OBJECT

public:
    enum class Transport { Polling, WebSocket };
    Q_ENUM(Transport)

    explicit RawSioClient(Transport transport, QObject *parent = nullptr);
    ~RawSioClient() override;

    static Transport transportFromName(const QString &name); // "polling" or "websocket"

    Transport transport() const { return m_transport; }
    void setPath(const QString &path) { m_path = path; }       // "/socket.io/" by default
    void setQuery(const QUrlQuery &query) { m_query = query; } // added to the handshake URL

    // Opens the Engine.IO session only (no namespace).
    void open(quint16 port);
    // Opens the session if needed, then asks to join nsp with auth.
    void connectTo(quint16 port, const QString &nsp = QStringLiteral("/"), const QVariantMap &auth = {});

    void emitEvent(const QString &nsp, const QString &name, const QVariantList &args = {}, qint64 ackId = -1);
    void sendAck(const QString &nsp, qint64 id, const QVariantList &args = {});
    // One Engine.IO packet as is, e.g. "42[\"x\"]" (a Socket.IO event needs its leading '4').
    void sendRaw(const QString &text);
    void disconnectNamespace(const QString &nsp);
    void close();

    bool isOpen() const { return m_open; }
    QString engineId() const { return m_engineId; }
    QString sid(const QString &nsp = QStringLiteral("/")) const { return m_sids.value(nsp); }
    bool isConnected(const QString &nsp = QStringLiteral("/")) const { return m_sids.contains(nsp); }

Q_SIGNALS:
    void opened(const QString &engineId);
    void connected(const QString &nsp, const QString &sid);
    void connectError(const QString &nsp, const QVariantMap &error);
    // Named eventReceived rather than event, which would hide QObject::event().
    void eventReceived(const QString &nsp, const QString &name, const QVariantList &args, qint64 ackId);
    void ack(const QString &nsp, qint64 id, const QVariantList &args);
    void disconnected(const QString &nsp); // the server sent DISCONNECT
    void closed();                         // the Engine.IO session ended
    void pinged();                         // a heartbeat ping, answered

private:
    struct Pending
    {
        int type = -1;
        QString nsp;
        qint64 id = -1;
        QJsonValue payload;
        int expected = 0;
        QList<QByteArray> attachments;
    };

    QUrl url(const QString &transport) const;
    void sendPacket(int type, const QString &nsp, qint64 id, const QVariant &data);
    void sendEngine(const QByteArray &text, const QList<QByteArray> &binaries = {});
    void onEngineText(const QByteArray &text);
    void onEngineBinary(const QByteArray &data);
    void onSocketIoPacket(const QByteArray &text);
    void dispatch(const Pending &packet, const QVariant &data);
    void poll();
    void flushPosts();
    void finish();

    Transport m_transport;
    QString m_path = QStringLiteral("/socket.io/");
    QUrlQuery m_query;
    quint16 m_port = 0;
    bool m_opening = false;
    bool m_open = false;
    bool m_closed = false;
    QString m_engineId;
    QHash<QString, QString> m_sids;
    QList<QByteArray> m_beforeOpen; // Engine.IO packets queued until the session is open
    Pending m_pending;              // a binary packet waiting for attachments

    QWebSocket *m_ws = nullptr;
    QNetworkAccessManager *m_http = nullptr;
    QPointer<QNetworkReply> m_get;
    QPointer<QNetworkReply> m_post;
    QList<QByteArray> m_outbox; // polling: packets waiting for the next POST
};

} // namespace SocketIoTest

#endif // SOCKETIO_TESTKIT_RAWSIOCLIENT_H
