// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The Socket.IO server the interop tests drive (the contract is README.md,
// the reference is reference-server.mjs): options from the command line,
// the same handlers on every namespace, one stdout line per event.

#include <SocketIo/Engine>
#include <SocketIo/Server>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

#include <chrono>
#include <csignal>
#include <cstdio>

using namespace std::chrono;
using SocketIo::Ack;
using SocketIo::Socket;

namespace {

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

QStringList toRooms(const QVariant &value)
{
    if (value.userType() == QMetaType::QVariantList || value.userType() == QMetaType::QStringList)
        return value.toStringList();
    return {value.toString()};
}

QVariantList sorted(QStringList list)
{
    list.sort();
    return QVariant(list).toList();
}

// "(event, ...args)" after n leading arguments.
QPair<QString, QVariantList> eventAt(const QVariantList &args, int n)
{
    return {args.value(n).toString(), args.mid(n + 1)};
}

void onConnection(SocketIo::Server *io, Socket *socket)
{
    const QString nsp = socket->nsp()->name();
    const QString id = socket->id();
    say(QStringLiteral("CONNECT %1 %2").arg(nsp, id));
    QObject::connect(socket, &Socket::disconnecting, socket, [nsp, id](Socket::DisconnectReason r) {
        say(QStringLiteral("DISCONNECTING %1 %2 %3").arg(nsp, id, Socket::toString(r)));
    });
    QObject::connect(socket, &Socket::disconnected, io, [nsp, id](Socket::DisconnectReason r) {
        say(QStringLiteral("DISCONNECT %1 %2 %3").arg(nsp, id, Socket::toString(r)));
    });

    auto on = [socket](const char *event, Socket::EventHandler handler) {
        socket->on(QString::fromLatin1(event), socket, std::move(handler));
    };
    on("echo", [socket](const QVariantList &a, const Ack &) { socket->emitEvent(QStringLiteral("echo"), a); });
    on("ack", [](const QVariantList &a, const Ack &ack) { ack.send(a); });
    on("join", [socket](const QVariantList &a, const Ack &ack) {
        socket->join(toRooms(a.value(0)));
        ack.send({QVariant(socket->rooms())});
    });
    on("leave", [socket](const QVariantList &a, const Ack &ack) {
        socket->leave(a.value(0).toString());
        ack.send({QVariant(socket->rooms())});
    });
    on("to", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 1);
        socket->to(a.value(0).toString()).emitEvent(event, args);
    });
    on("nsp-to", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 1);
        socket->nsp()->to(a.value(0).toString()).emitEvent(event, args);
    });
    on("except", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 1);
        socket->nsp()->except(a.value(0).toString()).emitEvent(event, args);
    });
    on("broadcast", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 0);
        socket->broadcast().emitEvent(event, args);
    });
    on("io-emit", [io](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 0);
        io->emitEvent(event, args);
    });
    on("volatile", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 0);
        socket->asVolatile().emitEvent(event, args);
    });
    on("local", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 0);
        socket->nsp()->local().emitEvent(event, args);
    });
    on("to-many", [socket](const QVariantList &a, const Ack &) {
        const auto [event, args] = eventAt(a, 1);
        socket->nsp()->to(toRooms(a.value(0))).emitEvent(event, args);
    });
    on("server-ack", [socket](const QVariantList &a, const Ack &ack) {
        socket->timeout(milliseconds(a.value(0).toLongLong()))
                .emitWithAck(QStringLiteral("question"), {42}, socket,
                             [ack](const QVariant &error, const QVariantList &answer) {
                                 ack.send({error, QVariant(answer)});
                             });
    });
    on("broadcast-ack", [socket](const QVariantList &a, const Ack &ack) {
        socket->nsp()
                ->to(a.value(0).toString())
                .timeout(milliseconds(a.value(1).toLongLong()))
                .emitWithAck(QStringLiteral("question"), {42}, socket,
                             [ack](const QVariant &error, const QVariantList &responses) {
                                 ack.send({error, QVariant(responses)});
                             });
    });
    on("emit-with-ack", [socket](const QVariantList &a, const Ack &ack) {
        socket->timeout(milliseconds(a.value(0).toLongLong()))
                .emitWithAck(QStringLiteral("question"), {42}, socket,
                             [ack](const QVariant &error, const QVariantList &answer) {
                                 if (error.isValid())
                                     ack.send({error, QVariant()});
                                 else
                                     ack.send({QVariant(), answer.value(0)});
                             });
    });
    on("disconnect-me", [socket](const QVariantList &a, const Ack &) { socket->disconnect(a.value(0).toBool()); });
    on("close-transport", [socket](const QVariantList &, const Ack &) { socket->conn()->close(); });
    on("fetch", [socket](const QVariantList &a, const Ack &ack) {
        QVariantList out;
        const auto sockets = socket->nsp()->in(a.value(0).toString()).fetchSockets();
        for (Socket *s : sockets) {
            out.append(QVariantMap{{QStringLiteral("id"), s->id()},
                                   {QStringLiteral("rooms"), sorted(s->rooms())},
                                   {QStringLiteral("data"), s->data()}});
        }
        ack.send({QVariant(out)});
    });
    on("sockets-join", [socket](const QVariantList &a, const Ack &) {
        socket->nsp()->in(a.value(0).toString()).socketsJoin(toRooms(a.value(1)));
    });
    on("sockets-leave", [socket](const QVariantList &a, const Ack &) {
        socket->nsp()->in(a.value(0).toString()).socketsLeave(toRooms(a.value(1)));
    });
    on("disconnect-sockets", [socket](const QVariantList &a, const Ack &) {
        socket->nsp()->in(a.value(0).toString()).disconnectSockets(a.value(1).toBool());
    });
    on("rooms", [socket](const QVariantList &, const Ack &ack) { ack.send({QVariant(socket->rooms())}); });
    on("handshake", [socket](const QVariantList &, const Ack &ack) {
        QVariantMap h = socket->handshake().toVariantMap();
        const QVariantMap headers = h.value(QStringLiteral("headers")).toMap();
        h.insert(QStringLiteral("headers"),
                 QVariantMap{{QStringLiteral("host"), headers.value(QStringLiteral("host"))},
                             {QStringLiteral("user-agent"), headers.value(QStringLiteral("user-agent"))}});
        ack.send({h});
    });
    on("set-data", [socket](const QVariantList &a, const Ack &ack) {
        QVariantMap data = socket->data();
        const QVariantMap more = a.value(0).toMap();
        for (auto it = more.cbegin(); it != more.cend(); ++it)
            data.insert(it.key(), it.value());
        socket->setData(data);
        ack.send();
    });
    on("get-data", [socket](const QVariantList &, const Ack &ack) { ack.send({socket->data()}); });
    on("binary-echo",
       [socket](const QVariantList &a, const Ack &) { socket->emitEvent(QStringLiteral("binary-echo"), a); });
    on("count", [socket](const QVariantList &, const Ack &ack) { ack.send({socket->nsp()->socketCount()}); });
    on("close-server", [io](const QVariantList &, const Ack &) {
        QTimer::singleShot(0, io, [io] {
            io->close();
            say(QStringLiteral("SERVER_CLOSED"));
        });
    });
    on("server-side-emit", [io](const QVariantList &a, const Ack &ack) {
        const auto [event, args] = eventAt(a, 0);
        io->serverSideEmit(event, args);
        ack.send({QStringLiteral("ok")});
    });

    socket->emitEvent(QStringLiteral("welcome"),
                      {QVariantMap{{QStringLiteral("id"), id},
                                   {QStringLiteral("nsp"), nsp},
                                   {QStringLiteral("recovered"), socket->recovered()},
                                   {QStringLiteral("auth"), socket->handshake().auth()},
                                   {QStringLiteral("data"), socket->data()}}});
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::signal(SIGTERM, [](int) { QCoreApplication::quit(); });
    std::signal(SIGINT, [](int) { QCoreApplication::quit(); });

    QCommandLineParser p;
    p.addHelpOption();
    auto opt = [&p](const char *name, const char *value = nullptr, const char *def = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(name));
        if (value)
            o.setValueName(QString::fromLatin1(value));
        if (def)
            o.setDefaultValue(QString::fromLatin1(def));
        p.addOption(o);
        return o;
    };
    const auto port = opt("port", "n", "0");
    const auto path = opt("path", "p", "/socket.io/");
    const auto pingInterval = opt("ping-interval", "ms", "300");
    const auto pingTimeout = opt("ping-timeout", "ms", "2000");
    const auto connectTimeout = opt("connect-timeout", "ms", "1000");
    const auto maxBuffer = opt("max-http-buffer-size", "n", "1000000");
    const auto recovery = opt("recovery", "ms");
    const auto cleanup = opt("cleanup-empty-child-namespaces");
    const auto allowEio3 = opt("allow-eio3");
    const auto rootAuth = opt("root-auth");
    const auto parser = opt("parser", "default|msgpack", "default");
    const auto serveClient = opt("serve-client");
    p.process(app);
    if (p.value(parser) != QLatin1String("default") && p.value(parser) != QLatin1String("msgpack")) {
        std::fprintf(stderr, "--parser: default or msgpack, not %s\n", qPrintable(p.value(parser)));
        return 2;
    }

    SocketIo::ServerOptions options;
    options.setPath(p.value(path));
    options.setPingInterval(milliseconds(p.value(pingInterval).toLongLong()));
    options.setPingTimeout(milliseconds(p.value(pingTimeout).toLongLong()));
    options.setConnectTimeout(milliseconds(p.value(connectTimeout).toLongLong()));
    options.setMaxHttpBufferSize(p.value(maxBuffer).toLongLong());
    options.setServeClient(p.isSet(serveClient));
    options.setCleanupEmptyChildNamespaces(p.isSet(cleanup));
    options.setAllowEIO3(p.isSet(allowEio3));
    if (p.value(parser) == QLatin1String("msgpack"))
        options.setParser(SocketIo::ServerOptions::Parser::Msgpack);
    if (p.isSet(recovery)) {
        SocketIo::ConnectionStateRecovery r;
        r.enabled = true;
        r.maxDisconnectionDuration = milliseconds(p.value(recovery).toLongLong());
        r.skipMiddlewares = true;
        options.setConnectionStateRecovery(r);
    }

    SocketIo::Server io(options);
    QObject::connect(io.engine(), &SocketIo::Engine::connection, &io, [](SocketIo::EngineSocket *conn) {
        const QString id = conn->id();
        say(QStringLiteral("ENGINE_CONNECTION %1 %2").arg(id, conn->transportName()));
        QObject::connect(conn, &SocketIo::EngineSocket::closed, qApp, [id](SocketIo::EngineSocket::CloseReason r) {
            say(QStringLiteral("ENGINE_CLOSE %1 %2").arg(id, SocketIo::EngineSocket::toString(r)));
        });
    });
    QObject::connect(&io, &SocketIo::Server::newNamespace, &io,
                     [](SocketIo::Namespace *nsp) { say(QStringLiteral("NEW_NAMESPACE %1").arg(nsp->name())); });
    if (p.isSet(rootAuth)) {
        // No error data: a protocol-4 client gets the plain message.
        io.use(&io, [](Socket *socket, const SocketIo::Next &next) {
            const SocketIo::Handshake &h = socket->handshake();
            QString token = h.auth().value(QStringLiteral("token")).toString();
            if (token.isEmpty())
                token = h.query().value(QStringLiteral("token")).toString();
            if (token == QLatin1String("secret"))
                next.accept();
            else
                next.reject(QStringLiteral("unauthorized"));
        });
    }
    auto handle = [&io](Socket *socket) { onConnection(&io, socket); };
    QObject::connect(&io, &SocketIo::Server::connection, &io, handle);
    QObject::connect(io.of(QStringLiteral("/custom")), &SocketIo::Namespace::connection, &io, handle);

    SocketIo::Namespace *auth = io.of(QStringLiteral("/auth"));
    auth->use(&io, [](Socket *socket, const SocketIo::Next &next) {
        if (socket->handshake().auth().value(QStringLiteral("token")) == QLatin1String("secret"))
            next.accept();
        else
            next.reject(QStringLiteral("unauthorized"), QVariantMap{{QStringLiteral("code"), 401}});
    });
    QObject::connect(auth, &SocketIo::Namespace::connection, &io, handle);

    SocketIo::Namespace *slow = io.of(QStringLiteral("/slow"));
    slow->use(&io, [](Socket *socket, const SocketIo::Next &next) {
        QTimer::singleShot(50ms, socket, [next] { next.accept(); });
    });
    QObject::connect(slow, &SocketIo::Namespace::connection, &io, handle);

    SocketIo::ParentNamespace *dynamic = io.of(QRegularExpression(QStringLiteral("^/dyn-\\d+$")));
    dynamic->use(&io, [](Socket *socket, const SocketIo::Next &next) {
        QVariantMap data = socket->data();
        data.insert(QStringLiteral("viaParent"), true);
        socket->setData(data);
        next.accept();
    });
    QObject::connect(dynamic, &SocketIo::Namespace::connection, &io, handle);

    if (!io.listen(QHostAddress::LocalHost, quint16(p.value(port).toUInt()))) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(io.errorString()));
        return 1;
    }
    say(QStringLiteral("LISTENING %1").arg(io.serverPort()));
    return app.exec();
}
