// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: LGPL-3.0-only

// The server of the admin-ui interop suite: a Server instrumented with
// SocketIo::Admin, and a few handlers the tests drive. Same command line and
// output as reference-server.mjs (see README.md).

#include <SocketIo/AdminInstrumentation>
#include <SocketIo/Namespace>
#include <SocketIo/Server>
#include <SocketIo/Socket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <cstdio>

static void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption auth(QStringLiteral("auth"), QStringLiteral("none, or user:bcrypt-hash"),
                                  QStringLiteral("auth"), QStringLiteral("none"));
    const QCommandLineOption readonly(QStringLiteral("readonly"), QStringLiteral("No commands."));
    const QCommandLineOption production(QStringLiteral("production"), QStringLiteral("Production mode."));
    const QCommandLineOption serverId(QStringLiteral("server-id"), QStringLiteral("The server id."),
                                      QStringLiteral("id"));
    const QCommandLineOption nspName(QStringLiteral("namespace"), QStringLiteral("The admin namespace."),
                                     QStringLiteral("name"), QStringLiteral("/admin"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (0: any free one)."),
                                  QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption corsOrigin(QStringLiteral("cors-origin"),
                                        QStringLiteral("Allow this origin, with credentials (the web UI's page)."),
                                        QStringLiteral("origin"));
    parser.addOptions({auth, readonly, production, serverId, nspName, port, corsOrigin});
    parser.process(app);

    SocketIo::ServerOptions options;
    options.setPingInterval(std::chrono::milliseconds(300));
    options.setPingTimeout(std::chrono::milliseconds(2000));
    options.setServeClient(false);
    if (parser.isSet(corsOrigin)) {
        SocketIo::CorsOptions cors;
        cors.setOrigins({parser.value(corsOrigin)});
        cors.setCredentials(true);
        options.setCors(cors);
    }
    SocketIo::Server io(options);

    SocketIo::AdminOptions admin;
    const QString authValue = parser.value(auth);
    if (authValue == QLatin1String("none")) {
        admin.setNoAuth();
    } else {
        const qsizetype colon = authValue.indexOf(QLatin1Char(':'));
        admin.setBasicAuth(authValue.left(colon), authValue.mid(colon + 1).toLatin1());
    }
    admin.setReadonly(parser.isSet(readonly));
    admin.setMode(parser.isSet(production) ? SocketIo::AdminOptions::Mode::Production
                                           : SocketIo::AdminOptions::Mode::Development);
    if (parser.isSet(serverId))
        admin.setServerId(parser.value(serverId));
    admin.setNamespaceName(parser.value(nspName));

    // The handlers the tests drive, on "/" and "/chat".
    auto handlers = [&io](SocketIo::Socket *socket) {
        socket->on(QStringLiteral("echo"), socket, [socket](const QVariantList &args, const SocketIo::Ack &) {
            socket->emitEvent(QStringLiteral("echo"), args);
        });
        socket->on(QStringLiteral("set-data"), socket, [socket](const QVariantList &args, const SocketIo::Ack &) {
            socket->setData(args.value(0).toString(), args.value(1));
        });
        socket->on(QStringLiteral("join"), socket, [socket](const QVariantList &args, const SocketIo::Ack &) {
            socket->join(args.value(0).toString());
        });
    };
    QObject::connect(io.sockets(), &SocketIo::Namespace::connection, &io, handlers);
    QObject::connect(io.of(QStringLiteral("/chat")), &SocketIo::Namespace::connection, &io, handlers);

    if (!SocketIo::instrument(&io, admin))
        return 2;
    if (!io.listen(QHostAddress::LocalHost, quint16(parser.value(port).toUInt()))) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(io.errorString()));
        return 1;
    }
    say(QStringLiteral("LISTENING %1").arg(io.serverPort()));
    return app.exec();
}
