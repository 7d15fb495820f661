// Copyright (C) 2026 The QtSocketIo Authors.
// SPDX-License-Identifier: BSD-3-Clause

// A Socket.IO chat server with its browser page on the same port: open
// http://127.0.0.1:3000/ in two tabs. The page uses the official socket.io
// client, which the server itself serves at /socket.io/socket.io.js.
//
// Events (client -> server):
//   "set nickname" name, ack            -> ack {ok: true, nickname, room} or {ok: false, error: "taken"|"invalid"}
//   "join room" name, ack               -> ack {ok: true, room} or {ok: false, error}
//   "leave room" ack                    -> back to "lobby", ack {ok: true, room: "lobby"}
//   "chat message" text                 -> "chat message" {from, text, room, time} to the whole room
//   "typing" / "stop typing"            -> "typing" / "stop typing" {nickname, room} to the room but the sender
//   "private message" {to, text}, ack   -> "private message" {from, to, text, time} to that user only,
//                                          ack {delivered: true|false}
//   "users" [room], ack                 -> ack {room, users: [nicknames]}
// Events (server -> client): the above, and "user joined" / "user left" {nickname, room}.
//
// With --redis host:port the server joins a cluster through Redis (SocketIo::redisAdapter(),
// wire-compatible with Node's @socket.io/redis-adapter): rooms, user lists, nicknames and private
// messages span every server of the cluster (examples/cluster runs three behind nginx).

#include <SocketIo/AdminInstrumentation>
#include <SocketIo/Engine>
#include <SocketIo/Namespace>
#include <SocketIo/RedisAdapter>
#include <SocketIo/RemoteSocket>
#include <SocketIo/Server>
#include <SocketIo/Socket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerResponse>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

namespace {

const QString lobby = QStringLiteral("lobby");
constexpr qsizetype maxNicknameLength = 20;
constexpr qsizetype maxRoomLength = 30;
constexpr qsizetype maxMessageLength = 2000;

// Who is who on this server: the nicknames in use (case-insensitive) and the socket behind each.
// The cluster's other servers are asked with fetchSockets() (see claimNickname()).
struct ChatState
{
    QHash<QString, QString> socketIdByNickname; // folded nickname -> socket id
};

QString nicknameOf(const SocketIo::Socket *socket)
{
    return socket ? socket->data().value(QStringLiteral("nickname")).toString() : QString();
}

QString roomOf(const SocketIo::Socket *socket)
{
    return socket->data().value(QStringLiteral("room")).toString();
}

void setField(SocketIo::Socket *socket, const QString &key, const QString &value)
{
    QVariantMap data = socket->data();
    data.insert(key, value);
    socket->setData(data);
}

QVariantMap reply(std::initializer_list<std::pair<QString, QVariant>> fields)
{
    QVariantMap map;
    for (const auto &[key, value] : fields)
        map.insert(key, value);
    return map;
}

QVariantMap failure(const QString &error)
{
    return reply({{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}});
}

// A nickname or room name: trimmed, not empty, not too long, no control characters.
bool isValidName(const QString &name, qsizetype maxLength)
{
    if (name.isEmpty() || name.size() > maxLength)
        return false;
    return std::none_of(name.cbegin(), name.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

QVariant now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString nicknameOf(const SocketIo::RemoteSocket &socket)
{
    return socket.data().value(QStringLiteral("nickname")).toString();
}

// Whether room is named like a socket id: every socket is in its own room, which would bring
// that user's private messages.
bool isSocketRoom(const QList<SocketIo::RemoteSocket> &sockets, const QString &room)
{
    return std::any_of(sockets.cbegin(), sockets.cend(), [&room](const auto &socket) { return socket.id() == room; });
}

// The nicknames of the sockets in a room, sorted: fetchSockets() with a callback asks every
// server of the cluster (the in-memory adapter answers at once, with this server's sockets).
// None for a socket's own room.
void usersIn(const SocketIo::Server &io, const QString &room, QObject *context,
             std::function<void(const QStringList &)> done)
{
    io.in(room).fetchSockets(
            context, [room, done = std::move(done)](const QList<SocketIo::RemoteSocket> &sockets, const QVariant &) {
                QStringList users;
                if (!isSocketRoom(sockets, room)) {
                    for (const SocketIo::RemoteSocket &socket : sockets) {
                        const QString nickname = nicknameOf(socket);
                        if (!nickname.isEmpty())
                            users.append(nickname);
                    }
                }
                users.sort(Qt::CaseInsensitive);
                done(users);
            });
}

// The socket, on any server of the cluster, whose nickname folds to key; invalid when none.
SocketIo::RemoteSocket findNickname(const QList<SocketIo::RemoteSocket> &sockets, const QString &key,
                                    const QString &exceptId = QString())
{
    const auto it = std::find_if(sockets.cbegin(), sockets.cend(), [&key, &exceptId](const auto &socket) {
        return socket.id() != exceptId && nicknameOf(socket).toCaseFolded() == key;
    });
    return it == sockets.cend() ? SocketIo::RemoteSocket() : *it;
}

//! [rooms]
// Moves a named socket from its current room to room, telling both rooms.
void moveToRoom(SocketIo::Socket *socket, const QString &room)
{
    const QString nickname = nicknameOf(socket);
    const QString previous = roomOf(socket);
    if (previous == room)
        return;
    if (!previous.isEmpty()) {
        socket->leave(previous);
        socket->to(previous).emitEvent(
                QStringLiteral("user left"),
                {reply({{QStringLiteral("nickname"), nickname}, {QStringLiteral("room"), previous}})});
    }
    socket->join(room);
    setField(socket, QStringLiteral("room"), room);
    socket->to(room).emitEvent(QStringLiteral("user joined"),
                               {reply({{QStringLiteral("nickname"), nickname}, {QStringLiteral("room"), room}})});
}
//! [rooms]

//! [nickname]
// Gives socket its nickname unless a socket of this server, or one of sockets (every server's),
// has it. This server's table is read again here: it may have changed while the cluster answered.
void claimNickname(SocketIo::Server &io, ChatState &state, SocketIo::Socket *socket, const QString &nickname,
                   const QList<SocketIo::RemoteSocket> &sockets, const SocketIo::Ack &ack)
{
    if (!socket->isConnected())
        return;
    const QString key = nickname.toCaseFolded();
    const QString owner = state.socketIdByNickname.value(key);
    if ((!owner.isEmpty() && owner != socket->id()) || findNickname(sockets, key, socket->id()).isValid()) {
        ack.send({failure(QStringLiteral("taken"))});
        return;
    }
    const QString previous = nicknameOf(socket);
    if (!previous.isEmpty())
        state.socketIdByNickname.remove(previous.toCaseFolded());
    state.socketIdByNickname.insert(key, socket->id());
    setField(socket, QStringLiteral("nickname"), nickname);
    if (roomOf(socket).isEmpty())
        moveToRoom(socket, lobby); // the first nickname enters the lobby
    else if (previous != nickname)
        io.to(roomOf(socket))
                .emitEvent(QStringLiteral("user renamed"),
                           {reply({{QStringLiteral("from"), previous},
                                   {QStringLiteral("to"), nickname},
                                   {QStringLiteral("room"), roomOf(socket)}})});
    ack.send({reply({{QStringLiteral("ok"), true},
                     {QStringLiteral("nickname"), nickname},
                     {QStringLiteral("room"), roomOf(socket)}})});
}
//! [nickname]

//! [private]
// Sends text from socket to target, a socket of any server.
void sendPrivate(SocketIo::Server &io, SocketIo::Socket *socket, const SocketIo::RemoteSocket &target,
                 const QString &text, const SocketIo::Ack &ack)
{
    if (!target.isValid()) {
        ack.send({reply({{QStringLiteral("delivered"), false}})});
        return;
    }
    // Every socket is in the room named by its id: this reaches that user only.
    io.to(target.id())
            .emitEvent(QStringLiteral("private message"),
                       {reply({{QStringLiteral("from"), nicknameOf(socket)},
                               {QStringLiteral("to"), nicknameOf(target)},
                               {QStringLiteral("text"), text},
                               {QStringLiteral("time"), now()}})});
    ack.send({reply({{QStringLiteral("delivered"), true}})});
}
//! [private]

void handleConnection(SocketIo::Server &io, ChatState &state, SocketIo::Socket *socket)
{
    //! [nickname]
    socket->on(QStringLiteral("set nickname"), socket,
               [&io, &state, socket](const QVariantList &args, const SocketIo::Ack &ack) {
                   const QString nickname = args.value(0).toString().trimmed();
                   if (!isValidName(nickname, maxNicknameLength)) {
                       ack.send({failure(QStringLiteral("invalid"))});
                       return;
                   }
                   // Every server's nicknames (the in-memory adapter answers at once).
                   io.fetchSockets(socket,
                                   [&io, &state, socket, nickname, ack](const QList<SocketIo::RemoteSocket> &sockets,
                                                                        const QVariant &) {
                                       claimNickname(io, state, socket, nickname, sockets, ack);
                                   });
               });
    //! [nickname]

    //! [join]
    socket->on(QStringLiteral("join room"), socket, [&io, socket](const QVariantList &args, const SocketIo::Ack &ack) {
        const QString room = args.value(0).toString().trimmed();
        if (nicknameOf(socket).isEmpty()) {
            ack.send({failure(QStringLiteral("no nickname"))});
            return;
        }
        if (!isValidName(room, maxRoomLength)) {
            ack.send({failure(QStringLiteral("invalid"))});
            return;
        }
        // Who is in it on every server: a room named like a socket id would receive that user's
        // private messages.
        io.in(room).fetchSockets(socket,
                                 [socket, room, ack](const QList<SocketIo::RemoteSocket> &sockets, const QVariant &) {
                                     if (!socket->isConnected())
                                         return;
                                     if (isSocketRoom(sockets, room)) {
                                         ack.send({failure(QStringLiteral("invalid"))});
                                         return;
                                     }
                                     moveToRoom(socket, room);
                                     ack.send({reply({{QStringLiteral("ok"), true}, {QStringLiteral("room"), room}})});
                                 });
    });
    socket->on(QStringLiteral("leave room"), socket, [socket](const QVariantList &, const SocketIo::Ack &ack) {
        if (nicknameOf(socket).isEmpty()) {
            ack.send({failure(QStringLiteral("no nickname"))});
            return;
        }
        moveToRoom(socket, lobby);
        ack.send({reply({{QStringLiteral("ok"), true}, {QStringLiteral("room"), lobby}})});
    });
    //! [join]

    //! [message]
    socket->on(QStringLiteral("chat message"), socket,
               [&io, socket](const QVariantList &args, const SocketIo::Ack &ack) {
                   const QString text = args.value(0).toString().trimmed();
                   const QString room = roomOf(socket);
                   if (room.isEmpty() || text.isEmpty() || text.size() > maxMessageLength) {
                       ack.send({failure(QStringLiteral("invalid"))});
                       return;
                   }
                   io.to(room).emitEvent(QStringLiteral("chat message"),
                                         {reply({{QStringLiteral("from"), nicknameOf(socket)},
                                                 {QStringLiteral("text"), text},
                                                 {QStringLiteral("room"), room},
                                                 {QStringLiteral("time"), now()}})});
                   ack.send({reply({{QStringLiteral("ok"), true}})});
               });
    //! [message]

    //! [typing]
    for (const QString &event : {QStringLiteral("typing"), QStringLiteral("stop typing")}) {
        socket->on(event, socket, [socket, event](const QVariantList &, const SocketIo::Ack &) {
            const QString room = roomOf(socket);
            if (room.isEmpty())
                return;
            socket->to(room).emitEvent(
                    event, {reply({{QStringLiteral("nickname"), nicknameOf(socket)}, {QStringLiteral("room"), room}})});
        });
    }
    //! [typing]

    //! [private]
    socket->on(QStringLiteral("private message"), socket,
               [&io, socket](const QVariantList &args, const SocketIo::Ack &ack) {
                   const QVariantMap message = args.value(0).toMap();
                   const QString to = message.value(QStringLiteral("to")).toString().trimmed();
                   const QString text = message.value(QStringLiteral("text")).toString().trimmed();
                   if (nicknameOf(socket).isEmpty() || to.isEmpty() || text.isEmpty()
                       || text.size() > maxMessageLength) {
                       ack.send({reply({{QStringLiteral("delivered"), false}})});
                       return;
                   }
                   // The recipient may be on any server of the cluster.
                   io.fetchSockets(socket,
                                   [&io, socket, to, text, ack](const QList<SocketIo::RemoteSocket> &sockets,
                                                                const QVariant &) {
                                       sendPrivate(io, socket, findNickname(sockets, to.toCaseFolded()), text, ack);
                                   });
               });
    //! [private]

    //! [users]
    socket->on(QStringLiteral("users"), socket, [&io, socket](const QVariantList &args, const SocketIo::Ack &ack) {
        QString room = args.value(0).toString().trimmed();
        if (room.isEmpty())
            room = roomOf(socket);
        if (room.isEmpty()) {
            ack.send({reply({{QStringLiteral("room"), room}, {QStringLiteral("users"), QStringList()}})});
            return;
        }
        usersIn(io, room, socket, [room, ack](const QStringList &users) {
            ack.send({reply({{QStringLiteral("room"), room}, {QStringLiteral("users"), users}})});
        });
    });
    //! [users]

    //! [disconnect]
    // Still in its rooms while disconnecting: tell the room, free the nickname.
    QObject::connect(socket, &SocketIo::Socket::disconnecting, socket, [&state, socket] {
        const QString nickname = nicknameOf(socket);
        if (nickname.isEmpty())
            return;
        state.socketIdByNickname.remove(nickname.toCaseFolded());
        const QString room = roomOf(socket);
        socket->to(room).emitEvent(QStringLiteral("stop typing"),
                                   {reply({{QStringLiteral("nickname"), nickname}, {QStringLiteral("room"), room}})});
        socket->to(room).emitEvent(QStringLiteral("user left"),
                                   {reply({{QStringLiteral("nickname"), nickname}, {QStringLiteral("room"), room}})});
    });
    //! [disconnect]
}

//! [redis]
// host:port (an IPv6 address in brackets) as the Redis adapter's options.
std::optional<SocketIo::RedisAdapterOptions> redisOptions(const QString &hostPort)
{
    const qsizetype colon = hostPort.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = hostPort.mid(colon + 1).toUInt(&ok);
    QString host = hostPort.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (colon <= 0 || !ok || port == 0 || port > 65535 || host.isEmpty())
        return std::nullopt;
    SocketIo::RedisAdapterOptions options;
    options.setHost(host);
    options.setPort(quint16(port));
    // Under the page's 5 s acknowledgement timeout: a server that stopped answering makes the
    // user list or a nickname check wait this long.
    options.setRequestsTimeout(std::chrono::seconds(2));
    return options;
}

// One line whenever the link to Redis comes up or goes down.
void reportRedis(SocketIo::Server &io, const SocketIo::RedisAdapterOptions &options)
{
    auto *adapter = qobject_cast<SocketIo::RedisAdapter *>(io.sockets()->adapter());
    if (!adapter)
        return;
    const QString where = options.host() + QLatin1Char(':') + QString::number(options.port());
    std::printf("chat: cluster through Redis at %s, this server is %s\n", qPrintable(where),
                qPrintable(adapter->uid()));
    std::fflush(stdout);
    auto last = std::make_shared<bool>(false);
    QObject::connect(adapter, &SocketIo::RedisAdapter::connectedChanged, adapter, [where, last](bool connected) {
        if (connected == *last)
            return;
        *last = connected;
        std::printf("chat: Redis at %s %s\n", qPrintable(where), connected ? "connected" : "unreachable");
        std::fflush(stdout);
    });
}
//! [redis]

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chat"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Socket.IO chat server with a browser page"));
    parser.addHelpOption();
    QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on (0 picks a free one)."),
                                  QStringLiteral("port"), QStringLiteral("3000"));
    QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Address to listen on."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    QCommandLineOption noAdminOption(QStringLiteral("no-admin"),
                                     QStringLiteral("Do not instrument the server for admin consoles."));
    QCommandLineOption adminAuthOption(QStringLiteral("admin-auth"),
                                       QStringLiteral("Require this user and password (a bcrypt hash) of admin "
                                                      "consoles, as user:hash (default: no authentication)."),
                                       QStringLiteral("user:hash"));
    QCommandLineOption redisOption(QStringLiteral("redis"),
                                   QStringLiteral("Join a cluster through the Redis server at host:port "
                                                  "(default: no cluster, the in-memory adapter)."),
                                   QStringLiteral("host:port"));
    parser.addOption(portOption);
    parser.addOption(hostOption);
    parser.addOption(redisOption);
    parser.addOption(noAdminOption);
    parser.addOption(adminAuthOption);
    parser.process(app);

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const QHostAddress host(parser.value(hostOption));
    if (!portOk || port > 65535 || host.isNull()) {
        std::fprintf(stderr, "chat: invalid --port or --host\n");
        return 2;
    }
    std::optional<SocketIo::RedisAdapterOptions> redis;
    if (parser.isSet(redisOption)) {
        redis = redisOptions(parser.value(redisOption));
        if (!redis) {
            std::fprintf(stderr, "chat: --redis wants host:port\n");
            return 2;
        }
    }

    //! [server]
    SocketIo::ServerOptions options; // path /socket.io/, serves /socket.io/socket.io.js (serveClient)
    if (redis)                       // every namespace, the admin one included, gets a RedisAdapter
        options.setAdapterFactory(SocketIo::redisAdapter(*redis));
    if (!parser.isSet(noAdminOption)) {
        // The hosted admin web UI reads the admin namespace from its own origin, with credentials.
        SocketIo::CorsOptions cors;
        cors.setOrigins({QStringLiteral("https://admin.socket.io")});
        cors.setCredentials(true);
        options.setCors(cors);
    }
    SocketIo::Server io(options);
    ChatState state;
    QObject::connect(&io, &SocketIo::Server::connection, &io,
                     [&io, &state](SocketIo::Socket *socket) { handleConnection(io, state, socket); });
    if (!io.listen(host, quint16(port))) {
        std::fprintf(stderr, "chat: cannot listen: %s\n", qPrintable(io.errorString()));
        return 1;
    }
    //! [server]
    if (redis)
        reportRedis(io, *redis);

    //! [admin]
    if (!parser.isSet(noAdminOption)) {
        SocketIo::AdminOptions admin;
        const QString auth = parser.value(adminAuthOption);
        if (auth.isEmpty()) {
            admin.setNoAuth();
        } else {
            const qsizetype colon = auth.indexOf(QLatin1Char(':'));
            admin.setBasicAuth(auth.left(colon), auth.mid(colon + 1).toLatin1());
        }
        if (!SocketIo::instrument(&io, admin)) {
            std::fprintf(stderr, "chat: --admin-auth wants user:bcrypt-hash\n");
            return 2;
        }
    }
    //! [admin]

    //! [page]
    const auto serve = [&io](const QString &path, const QString &resource, const QByteArray &type) {
        io.engine()->httpServer()->route(path, [resource, type] {
            QFile file(resource);
            if (!file.open(QIODevice::ReadOnly))
                return QHttpServerResponse(QHttpServerResponder::StatusCode::NotFound);
            return QHttpServerResponse(type, file.readAll());
        });
    };
    serve(QStringLiteral("/"), QStringLiteral(":/chat/index.html"), "text/html; charset=utf-8");
    serve(QStringLiteral("/chat.css"), QStringLiteral(":/chat/chat.css"), "text/css; charset=utf-8");
    serve(QStringLiteral("/chat.js"), QStringLiteral(":/chat/chat.js"), "text/javascript; charset=utf-8");
    //! [page]

    const QString shownHost = host.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + host.toString() + QLatin1Char(']')
            : host.toString();
    std::printf("chat server listening on http://%s:%u/\n", qPrintable(shownHost), io.serverPort());
    std::fflush(stdout);
    return app.exec();
}
