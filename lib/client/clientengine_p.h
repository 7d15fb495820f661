// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_CLIENTENGINE_P_H
#define SOCKETIO_CLIENTENGINE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "eiopacket_p.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/qtnetworkglobal.h>
#if QT_CONFIG(ssl)
#include <QtNetwork/QSslConfiguration>
#endif

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
class QWebSocket;
QT_END_NAMESPACE

namespace SocketIo {

// What one Engine.IO client connection needs to know.
struct ClientEngineOptions
{
    QUrl url; // http(s):// or ws(s)://, host and port
    QString path = QStringLiteral("/socket.io/");
    QUrlQuery query;                       // extra query items
    QHash<QByteArray, QByteArray> headers; // extra request headers
    bool polling = true;
    bool websocket = true;
    bool upgrade = true;
#if QT_CONFIG(ssl)
    QSslConfiguration sslConfiguration = QSslConfiguration::defaultConfiguration();
#endif
};

// One Engine.IO 4 client session: long-polling (GET loop + POST) and
// WebSocket, the polling to WebSocket upgrade and the heartbeat. A session is
// used once: after closed() or failed() it is thrown away.
class ClientEngine : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY(ClientEngine)

public:
    enum class State { Idle, Opening, Open, Closing, Closed };

    explicit ClientEngine(const ClientEngineOptions &options, QObject *parent = nullptr);
    ~ClientEngine() override;

    void open();
    void send(const Eio::Packet &packet);
    // Sends what is buffered plus a close packet, then goes away quietly
    // (no closed() signal) and deletes itself.
    void closeAndDelete();

    State state() const { return m_state; }
    QString sid() const { return m_sid; }
    QString transportName() const;
    qint64 pingIntervalMs() const { return m_pingInterval; }
    qint64 pingTimeoutMs() const { return m_pingTimeout; }
    // engine.io-client's transport.writable: open, and nothing is being written.
    bool isWritable() const;
    // The server has been silent longer than pingInterval + pingTimeout while
    // the ping timer could not fire yet (a busy event loop): the session is
    // closed as soon as control returns to the event loop.
    bool hasPingExpired();

Q_SIGNALS:
    void opened();
    void packetReceived(const SocketIo::Eio::Packet &packet);
    void upgraded(const QString &transport);
    void pingReceived();
    // The open session ended: "transport close", "transport error", "ping timeout", "parse error".
    void closed(const QString &reason);
    // The session could not be opened: "xhr poll error", "websocket error", or the server's message.
    void failed(const QString &message);

private:
    enum class Transport { Polling, WebSocket };

    QUrl endpoint(Transport transport, bool withSid) const;
    QNetworkAccessManager *network();
    QWebSocket *newWebSocket();

    void startPoll();
    void onPollFinished(QNetworkReply *reply);
    void flush();
    void onPostFinished(QNetworkReply *reply);

    void openWebSocket();
    void onWebSocketText(const QString &text);
    void onWebSocketDisconnected();

    void probe();
    void onProbeText(const QString &text);
    void abandonProbe();
    void maybeFinishUpgrade();

    bool handleOpen(const Eio::Packet &packet);
    void handlePacket(const Eio::Packet &packet);
    void resetPingTimer();
    void fail(const QString &message);
    void terminate(const QString &reason);
    void teardown();
    void deleteWhenIdle();

    ClientEngineOptions m_options;
    State m_state = State::Idle;
    Transport m_transport = Transport::Polling;
    QString m_sid;
    QStringList m_upgrades;
    qint64 m_pingInterval = 25000;
    qint64 m_pingTimeout = 20000;

    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_poll;
    QPointer<QNetworkReply> m_post;
    Eio::PacketList m_writeBuffer;
    bool m_pollingPaused = false;

    QWebSocket *m_webSocket = nullptr; // the main transport once on WebSocket
    QWebSocket *m_probe = nullptr;     // the upgrade candidate
    bool m_probeAnswered = false;

    QTimer m_pingTimer;
    QDeadlineTimer m_pingDeadline;
    bool m_deleteWhenFlushed = false;
};

} // namespace SocketIo

#endif // SOCKETIO_CLIENTENGINE_P_H
