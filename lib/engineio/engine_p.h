// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_ENGINE_P_H
#define SOCKETIO_ENGINE_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "contextbound_p.h"
#include "deadlines_p.h"
#include "httpfront_p.h"
#include "transport_p.h"

#include <SocketIo/engine.h>

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

namespace SocketIo {

struct HttpReply
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    bool handshake = false; // adds the cookie and runs the initial headers hook
    bool compressible = false;
    bool polling = false; // a transport response: not to be cached
};

namespace Eio {
class BacklogLedger;
class FrameCache;
class FlushQueue;
} // namespace Eio

class EnginePrivate : public Eio::FrontEndpoint
{
    Q_DECLARE_PUBLIC(Engine)

public:
    EnginePrivate(Engine *q, const EngineOptions &options);
    ~EnginePrivate() override;

    // FrontEndpoint
    QByteArray frontPath() const override { return path; }
    qint64 maxBodySize() const override { return options.maxHttpBufferSize(); }
    void handleHttpRequest(const QHttpServerRequest &request, QTcpSocket *socket, QHttpServerResponder &&responder,
                           quint32 number) override;
    void verifyUpgrade(const Eio::HttpHead &head, QTcpSocket *socket, UpgradeVerdict verdict) override;
    void handleWebSocket(QTcpSocket *socket, const Eio::HttpHead &head) override;
    void handleOversizedBody(const Eio::HttpHead &head) override;
    void handleRequestHead(const Eio::HttpHead &head) override;

    bool attach(QTcpServer *listener);
    void detach();

    using Verdict = std::function<void(Engine::RequestError, const QString &message)>;
    void verify(const EngineRequest &request, bool upgrade, Verdict done);
    EngineSocket *handshake(const EngineRequest &request, std::unique_ptr<Eio::Transport> transport);
    QString generateId(const EngineRequest &request) const;
    QByteArray openPacket(const QString &id, Eio::Transport::Kind kind) const;

    void reply(QHttpServerResponder &responder, const EngineRequest &request, const HttpReply &reply);
    Engine::HeaderList corsHeaders(const EngineRequest &request) const;
    void abortRequest(QHttpServerResponder &responder, const EngineRequest &request, Engine::RequestError code,
                      const QString &message);
    QByteArray upgradeError(const EngineRequest &request, Engine::RequestError code, const QString &message);
    void removeClient(EngineSocket *socket);

    static EngineRequest makeRequest(const QHttpServerRequest &request, QTcpSocket *socket);
    static EngineRequest makeRequest(const Eio::HttpHead &head, QTcpSocket *socket);

    Engine *q_ptr;
    EngineOptions options;
    Eio::Deadlines deadlines; // the sessions' heartbeats
    QByteArray path;
    QPointer<Eio::HttpFront> front;
    QPointer<QHttpServer> preparedHttp; // handed out by httpServer() before listen()
    QPointer<QTcpServer> ownListener;
    Engine::Error error = Engine::Error::NoError;
    QString errorDetail; // what the system said, for ListenError
    void setError(Engine::Error newError, const QString &detail = {});
    QHash<QString, EngineSocket *> clients;
    Eio::Counters counters;
    QPointer<Eio::FlushQueue> flushQueue;    // a child of the Engine
    QPointer<Eio::BacklogLedger> ledger;     // a child of the Engine
    std::unique_ptr<Eio::FrameCache> frames; // the broadcast frames its WebSocket transports share
    QPointer<QTimer> trimTimer;              // returns freed heap to the system after many closes
    int closedSinceTrim = 0;
    ContextBound<Engine::IdGenerator> idGenerator;
    ContextBound<Engine::HeadersHook> initialHeadersHook;
    ContextBound<Engine::HeadersHook> headersHook;
};

} // namespace SocketIo

#endif
