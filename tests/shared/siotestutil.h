// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

#ifndef SOCKETIO_TESTKIT_SIOTESTUTIL_H
#define SOCKETIO_TESTKIT_SIOTESTUTIL_H

// Helpers for integration suites that drive a SocketIo::Server with
// RawSioClient over both transports (initTestCase_data() rows "polling" and
// "websocket").

#include "rawsioclient.h"

#include <SocketIo/Namespace>
#include <SocketIo/Server>
#include <SocketIo/Socket>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <functional>
#include <memory>

namespace SocketIoTest {

// The two rows every integration suite runs over.
inline void addTransportRows()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("polling") << QStringLiteral("polling");
    QTest::newRow("websocket") << QStringLiteral("websocket");
}

// A client on the current global row's transport.
inline std::unique_ptr<RawSioClient> newClient()
{
    QFETCH_GLOBAL(QString, transport);
    return std::make_unique<RawSioClient>(RawSioClient::transportFromName(transport));
}

// The server side of the client socket sid in namespace nsp (dynamic children included).
inline SocketIo::Socket *serverSocket(const SocketIo::Server &io, const QString &nsp, const QString &sid)
{
    const auto namespaces = io.namespaces();
    for (SocketIo::Namespace *n : namespaces) {
        if (n->name() == nsp)
            return n->sockets().value(sid);
    }
    return nullptr;
}

// Connects client to nsp and returns the server's socket for it, or nullptr
// when the server refused, closed or did not answer within 5 s.
inline SocketIo::Socket *connectClient(SocketIo::Server &io, RawSioClient &client,
                                       const QString &nsp = QStringLiteral("/"), const QVariantMap &auth = {})
{
    QSignalSpy connected(&client, &RawSioClient::connected);
    QSignalSpy refused(&client, &RawSioClient::connectError);
    QSignalSpy closed(&client, &RawSioClient::closed);
    client.connectTo(io.serverPort(), nsp, auth);
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        for (const QList<QVariant> &args : std::as_const(connected)) {
            if (args.at(0).toString() == nsp)
                return serverSocket(io, nsp, args.at(1).toString());
        }
        if (!refused.isEmpty() || !closed.isEmpty())
            return nullptr;
        connected.wait(20);
    }
    return nullptr;
}

// A client with its server socket and a record of the events it received.
struct TestPeer
{
    std::unique_ptr<RawSioClient> client;
    QPointer<SocketIo::Socket> socket;
    std::unique_ptr<QSignalSpy> events; // RawSioClient::eventReceived

    // The names of the events received so far, in order.
    QStringList names() const
    {
        QStringList out;
        for (const QList<QVariant> &args : std::as_const(*events))
            out.append(args.at(1).toString());
        return out;
    }
    bool received(const QString &name) const { return names().contains(name); }
};

// A new client of the current row's transport, connected to nsp; check socket.
inline std::unique_ptr<TestPeer> connectPeer(SocketIo::Server &io, const QString &nsp = QStringLiteral("/"),
                                             const QVariantMap &auth = {})
{
    auto peer = std::make_unique<TestPeer>();
    peer->client = newClient();
    peer->events = std::make_unique<QSignalSpy>(peer->client.get(), &RawSioClient::eventReceived);
    peer->socket = connectClient(io, *peer->client, nsp, auth);
    return peer;
}

// A server listening on 127.0.0.1, on a port the system picks; null on failure.
inline std::unique_ptr<SocketIo::Server> newServer(SocketIo::ServerOptions options = {})
{
    auto io = std::make_unique<SocketIo::Server>(options);
    if (!io->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return io;
}

// Every packet the server wrote before this call has reached the client once
// the client receives the fence event (one connection keeps its order).
inline bool fence(SocketIo::Socket *socket, RawSioClient &client)
{
    static int counter = 0;
    const QString name = QStringLiteral("fence-%1").arg(++counter);
    QSignalSpy events(&client, &RawSioClient::eventReceived);
    if (!socket->emitEvent(name))
        return false;
    for (int i = 0; i < 250; ++i) {
        for (const QList<QVariant> &args : std::as_const(events)) {
            if (args.at(1).toString() == name)
                return true;
        }
        events.wait(20);
    }
    return false;
}

// Every packet the client sent before this call has been handled by the
// server once the socket receives the fence event.
inline bool reverseFence(SocketIo::Socket *socket, RawSioClient &client)
{
    static int counter = 0;
    const QString name = QStringLiteral("rfence-%1").arg(++counter);
    QSignalSpy events(socket, &SocketIo::Socket::eventReceived);
    client.emitEvent(socket->nsp()->name(), name);
    for (int i = 0; i < 250; ++i) {
        for (const QList<QVariant> &args : std::as_const(events)) {
            if (args.at(0).toString() == name)
                return true;
        }
        events.wait(20);
    }
    return false;
}

// Makes client answer every event that asks for an acknowledgement with reply(args).
inline void autoAck(RawSioClient *client, std::function<QVariantList(const QVariantList &)> reply)
{
    QObject::connect(client, &RawSioClient::eventReceived, client,
                     [client, reply](const QString &nsp, const QString &, const QVariantList &args, qint64 ackId) {
                         if (ackId >= 0)
                             client->sendAck(nsp, ackId, reply(args));
                     });
}

} // namespace SocketIoTest

#endif // SOCKETIO_TESTKIT_SIOTESTUTIL_H
