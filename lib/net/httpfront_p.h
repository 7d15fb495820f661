// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_HTTPFRONT_P_H
#define SOCKETIO_HTTPFRONT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "httphead_p.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtHttpServer/QHttpServerResponder>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QTcpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIo::Eio {

// What the front needs from whatever serves one path (an Engine.IO server).
class FrontEndpoint
{
public:
    using UpgradeVerdict = std::function<void(const QByteArray &errorResponse)>;

    virtual ~FrontEndpoint();
    virtual QByteArray frontPath() const = 0;
    virtual qint64 maxBodySize() const = 0;
    // \a number counts the requests handed to the endpoint on \a socket, from 0: its response goes
    // through HttpFront::writeResponse() with it.
    virtual void handleHttpRequest(const QHttpServerRequest &request, QTcpSocket *socket,
                                   QHttpServerResponder &&responder, quint32 number) = 0;
    // Calls verdict with an empty array to accept, or with a raw HTTP response to refuse.
    virtual void verifyUpgrade(const HttpHead &head, QTcpSocket *socket, UpgradeVerdict verdict) = 0;
    // The handshake is answered: \a socket carries WebSocket frames from here on.
    virtual void handleWebSocket(QTcpSocket *socket, const HttpHead &head) = 0;
    virtual void handleOversizedBody(const HttpHead &head) = 0;
    // Seen when a request head is complete, before its body arrives.
    virtual void handleRequestHead(const HttpHead &head) = 0;
};

struct FrontLimits
{
    qint64 maxHeaderSize = 16 * 1024;
    std::chrono::milliseconds idleTimeout{60000};
    // No byte for this long in a request being read: 408.
    std::chrono::milliseconds stallTimeout{15000};
    // A request head, however it trickles in, is complete within 4 stall timeouts (60 s by
    // default, Node's headersTimeout), a whole request within 20 (300 s, Node's requestTimeout).
    std::chrono::milliseconds headTimeout() const { return stallTimeout * 4; }
    std::chrono::milliseconds requestTimeout() const { return stallTimeout * 20; }
};

class HandoffServer;

// One listening port: reads the head of each request itself, answers WebSocket
// upgrades (handing the connection to the endpoint) and hands everything else to Qt HttpServer (whose
// routes the application may extend for its own pages), and
// enforces the limits Qt HttpServer 6.4 lacks (head size, body size, idle and
// stalled connections, Connection: close).
class HttpFront : public QObject
{
    Q_OBJECT

public:
    // The front of listener, made on first use; a new front serves prepared (reparented to it),
    // the QHttpServer an engine handed out before it listened, when there is one.
    static HttpFront *forServer(QTcpServer *listener, QHttpServer *prepared = nullptr);
    ~HttpFront() override;

    bool addEndpoint(FrontEndpoint *endpoint, const FrontLimits &limits);
    void removeEndpoint(FrontEndpoint *endpoint);
    QTcpServer *listener() const;

    QHttpServer *httpServer() const;

    static QByteArray rawResponse(int status, const QByteArray &contentType, const QByteArray &body);

    // "HTTP/1.1 <status> <reason>\r\n".
    static QByteArray statusLine(int status);

    // Whether the response to the endpoint's request \a number on \a socket is the connection's
    // last (the request asked to close, or was HTTP/1.0): it then says "Connection: close".
    bool isFinalResponse(QTcpSocket *socket, quint32 number) const;
    // The complete response to the endpoint's request \a number on \a socket. Responses go out in
    // the order of their requests (a POST pipelined behind a waiting poll is answered after it);
    // after the final one the front closes the connection, and an error response that waited for
    // the responses before it goes out.
    void writeResponse(QTcpSocket *socket, quint32 number, const QByteArray &bytes);

    // Empty lines a client may send before a request line (RFC 9112, 2.2), in bytes.
    static constexpr qint64 MaxBlankBytes = 64;
    // What a socket whose upgrade is being verified may buffer before it is read.
    static constexpr qint64 UpgradeReadCap = 64 * 1024;
    // Accepting pauses while fewer descriptors than this are left (for sessions already served).
    static constexpr int DescriptorReserve = 16;

private:
    HttpFront(QTcpServer *listener, QHttpServer *prepared);
    static void raiseDescriptorLimit();

    enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, ChunkTrailer, Closed };
    // A request read completely and handed over, whose response has not been written yet.
    struct Owed
    {
        bool byEndpoint = false; // an endpoint answers it (and says so); else Qt HttpServer
        bool last = false;       // it asked to close the connection after its response
    };
    struct Connection
    {
        QPointer<QTcpSocket> socket;
        Phase phase = Phase::Head;
        QByteArray head;
        qint64 inspected = 0;
        qint64 bodyRemaining = 0; // Body: bytes left; ChunkData(End): bytes of the chunk (CRLF) left
        qint64 bodySeen = 0;      // chunked bodies: bytes so far
        qint64 maxBody = 0;
        qint64 blankBytes = 0; // empty lines before the head being read
        FrontEndpoint *endpoint = nullptr;
        HttpHead request;               // the head of a chunked request, for the 413 report
        QList<Owed> owed;               // in the order the responses must go out
        Owed current;                   // the request being read
        QByteArray deferredError;       // a refusal that waits for the responses owed before it
        qint64 finished = 0;            // requests for the endpoint's path read completely
        quint32 routed = 0;             // requests Qt HttpServer handed to the endpoint's route
        quint32 nextResponse = 0;       // the number of the request whose response goes out next
        QMap<quint32, QByteArray> held; // responses written before their turn
        bool handedOff = false;
        qint64 lastActivity = 0;
        qint64 requestStarted = -1; // when the first byte of the request being read arrived
    };
    struct PendingUpgrade
    {
        FrontEndpoint *endpoint = nullptr;
        qint64 started = 0;
    };

    void onPendingConnections();
    void onHeadReadyRead(QTcpSocket *socket);
    void onTailReadyRead(QTcpSocket *socket);
    void onBytesWritten(QTcpSocket *socket);
    // Returns whether the front goes on reading the connection.
    bool onHeadComplete(Connection &connection, const HttpHead &head, qsizetype unscanned);
    void scan(Connection &connection, QByteArrayView bytes);
    QByteArrayView scanChunked(Connection &connection, QByteArrayView bytes);
    void finishRequest(Connection &connection);
    void responseDone(Connection &connection, bool byEndpoint);
    void closeAfterResponses(QTcpSocket *socket);
    void onAcceptError();
    void pauseAccepting(const QString &why);
    bool descriptorsRunOut() const;
    static bool nearDescriptorLimit(qintptr descriptor);
    void startUpgrade(QTcpSocket *socket, FrontEndpoint *endpoint, const HttpHead &head);
    void handOff(Connection &connection);
    void reject(QTcpSocket *socket, int status, const char *why);
    void refuseUpgrade(QTcpSocket *socket, const QByteArray &response);
    void stopReading(QTcpSocket *socket);
    void closeGracefully(QTcpSocket *socket);
    void forget(QTcpSocket *socket);
    void sweep();
    FrontEndpoint *endpointFor(QByteArrayView target) const;

    QPointer<QTcpServer> m_listener;
    HandoffServer *m_handoff = nullptr;
    QHttpServer *m_http = nullptr;
    QList<FrontEndpoint *> m_endpoints;
    FrontLimits m_limits;
    QHash<QTcpSocket *, Connection> m_connections;
    QHash<QTcpSocket *, PendingUpgrade> m_upgrades; // upgrades being verified
    QSet<QTcpSocket *> m_handedOff;
    QTimer m_sweepTimer;
    QTimer m_acceptRetry; // accepting again after the process ran out of descriptors
    QElapsedTimer m_clock;
};

} // namespace SocketIo::Eio

#endif
