// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_POLLINGTRANSPORT_P_H
#define SOCKETIO_POLLINGTRANSPORT_P_H

//
//  W A R N I N G
//  -------------
//
// This file is not part of the QtSocketIo API. It exists for the convenience
// of the QtSocketIo implementation. This header file may change from version
// to version without notice, or even be removed.
//

#include "transport_p.h"

#include <SocketIo/enginerequest.h>

#include <QtCore/QPointer>
#include <QtHttpServer/QHttpServerResponder>

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIo {
class EnginePrivate;
}

namespace SocketIo::Eio {

// HTTP long-polling: one pending GET answered with the buffered packets, POSTs
// carrying the client's packets.
class PollingTransport final : public Transport
{
public:
    PollingTransport(EnginePrivate *engine, int protocol, bool supportsBinary);
    ~PollingTransport() override;

    void handleRequest(const EngineRequest &info, const QByteArray &body, QTcpSocket *socket,
                       QHttpServerResponder &&responder);

    void beginDataRequest() { ++m_dataRequests; }
    bool isWritable() const override;
    void send(const PacketList &packets) override;
    void close() override;
    void discard() override;

private:
    void onPoll(QTcpSocket *socket, QHttpServerResponder &&responder, const EngineRequest &info);
    void onData(const QByteArray &body, QHttpServerResponder &&responder, const EngineRequest &info);
    void dropPendingPoll();

    EnginePrivate *m_engine;
    std::unique_ptr<QHttpServerResponder> m_poll;
    QPointer<QTcpSocket> m_pollSocket;
    QMetaObject::Connection m_pollAbort;
    EngineRequest m_pollRequest;
    int m_dataRequests = 0;
    bool m_supportsBinary;
    bool m_shouldClose = false;
    bool m_discarded = false;
    bool m_closed = false;
};

} // namespace SocketIo::Eio

#endif
