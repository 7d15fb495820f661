#!/usr/bin/env node
// Reference Socket.IO 4.8 test server built on npm `socket.io`.
//
// It implements the same command-line and event contract as the C++
// `sio-test-server`, so that the interop suite can be proven against the
// reference implementation first. See README.md for the contract.

import { createServer } from "node:http";
import { createRequire } from "node:module";
import { Server } from "socket.io";

function usage(message) {
  process.stderr.write(`reference-server: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    port: 0,
    path: "/socket.io/",
    pingInterval: 300,
    pingTimeout: 2000,
    connectTimeout: 1000,
    maxHttpBufferSize: 1e6,
    recovery: null,
    cleanupEmptyChildNamespaces: false,
    allowEIO3: false,
    rootAuth: false,
    parser: "default",
    serveClient: false,
  };

  const args = [...argv];
  const next = (flag) => {
    if (args.length === 0) usage(`${flag} needs a value`);
    return args.shift();
  };
  const nextInt = (flag) => {
    const raw = next(flag);
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) usage(`${flag}: not a non-negative integer: ${raw}`);
    return value;
  };

  while (args.length > 0) {
    const flag = args.shift();
    switch (flag) {
      case "--port": opts.port = nextInt(flag); break;
      case "--path": opts.path = next(flag); break;
      case "--ping-interval": opts.pingInterval = nextInt(flag); break;
      case "--ping-timeout": opts.pingTimeout = nextInt(flag); break;
      case "--connect-timeout": opts.connectTimeout = nextInt(flag); break;
      case "--max-http-buffer-size": opts.maxHttpBufferSize = nextInt(flag); break;
      case "--recovery": opts.recovery = nextInt(flag); break;
      case "--cleanup-empty-child-namespaces": opts.cleanupEmptyChildNamespaces = true; break;
      case "--allow-eio3": opts.allowEIO3 = true; break;
      case "--root-auth": opts.rootAuth = true; break;
      case "--serve-client": opts.serveClient = true; break;
      case "--parser":
        opts.parser = next(flag);
        if (opts.parser !== "default" && opts.parser !== "msgpack") usage(`--parser: default or msgpack, not ${opts.parser}`);
        break;
      default: usage(`unknown flag: ${flag}`);
    }
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

// stdout is a pipe in the harness; on Linux pipe writes from Node are
// synchronous, so every line is flushed as soon as it is written.
const emitLine = (line) => process.stdout.write(`${line}\n`);

const httpServer = createServer((req, res) => {
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("Not Found");
});

const serverOptions = {
  path: opts.path,
  pingInterval: opts.pingInterval,
  pingTimeout: opts.pingTimeout,
  connectTimeout: opts.connectTimeout,
  maxHttpBufferSize: opts.maxHttpBufferSize,
  cleanupEmptyChildNamespaces: opts.cleanupEmptyChildNamespaces,
  allowEIO3: opts.allowEIO3,
  serveClient: opts.serveClient,
};
if (opts.parser === "msgpack") {
  serverOptions.parser = createRequire(import.meta.url)("socket.io-msgpack-parser");
}
if (opts.recovery !== null) {
  serverOptions.connectionStateRecovery = {
    maxDisconnectionDuration: opts.recovery,
    skipMiddlewares: true,
  };
}

const io = new Server(httpServer, serverOptions);

// Engine.IO connections underneath the namespaces (the tests use them to see
// the server close raw connections that never join a namespace).
io.engine.on("connection", (conn) => {
  emitLine(`ENGINE_CONNECTION ${conn.id} ${conn.transport.name}`);
  conn.on("close", (reason) => emitLine(`ENGINE_CLOSE ${conn.id} ${reason}`));
});

// Registered first: the static namespaces below fire it too (all but "/").
io.on("new_namespace", (namespace) => emitLine(`NEW_NAMESPACE ${namespace.name}`));

/** Splits a trailing ack callback off an argument list. */
function splitAck(args) {
  return typeof args[args.length - 1] === "function"
    ? { args: args.slice(0, -1), cb: args[args.length - 1] }
    : { args, cb: undefined };
}

function onConnection(socket) {
  const nsp = socket.nsp.name;
  emitLine(`CONNECT ${nsp} ${socket.id}`);

  socket.on("disconnecting", (reason) => emitLine(`DISCONNECTING ${nsp} ${socket.id} ${reason}`));
  socket.on("disconnect", (reason) => emitLine(`DISCONNECT ${nsp} ${socket.id} ${reason}`));

  socket.on("echo", (...a) => socket.emit("echo", ...a));
  socket.on("ack", (...raw) => {
    const { args, cb } = splitAck(raw);
    cb?.(...args);
  });

  socket.on("join", (rooms, cb) => {
    socket.join(rooms);
    cb?.([...socket.rooms]);
  });
  socket.on("leave", (room, cb) => {
    socket.leave(room);
    cb?.([...socket.rooms]);
  });

  socket.on("to", (room, event, ...a) => socket.to(room).emit(event, ...a));
  socket.on("nsp-to", (room, event, ...a) => socket.nsp.to(room).emit(event, ...a));
  socket.on("except", (room, event, ...a) => socket.nsp.except(room).emit(event, ...a));
  socket.on("broadcast", (event, ...a) => socket.broadcast.emit(event, ...a));
  socket.on("io-emit", (event, ...a) => io.emit(event, ...a));
  socket.on("volatile", (event, ...a) => socket.volatile.emit(event, ...a));
  socket.on("local", (event, ...a) => socket.nsp.local.emit(event, ...a));
  socket.on("to-many", (rooms, event, ...a) => socket.nsp.to(rooms).emit(event, ...a));

  socket.on("server-ack", (timeoutMs, cb) => {
    socket.timeout(timeoutMs).emit("question", 42, (err, ...answer) => cb(err ? err.message : null, answer));
  });
  socket.on("broadcast-ack", (room, timeoutMs, cb) => {
    socket.nsp
      .to(room)
      .timeout(timeoutMs)
      .emit("question", 42, (err, responses) => cb(err ? err.message : null, responses));
  });
  socket.on("emit-with-ack", (timeoutMs, cb) => {
    socket
      .timeout(timeoutMs)
      .emitWithAck("question", 42)
      .then(
        (answer) => cb(null, answer),
        (err) => cb(err.message, null),
      );
  });

  socket.on("disconnect-me", (close) => socket.disconnect(!!close));
  socket.on("close-transport", () => socket.conn.close());

  socket.on("fetch", async (room, cb) => {
    const sockets = await socket.nsp.in(room).fetchSockets();
    cb(sockets.map((s) => ({ id: s.id, rooms: [...s.rooms].sort(), data: s.data })));
  });
  socket.on("sockets-join", (room, newRoom) => socket.nsp.in(room).socketsJoin(newRoom));
  socket.on("sockets-leave", (room, oldRoom) => socket.nsp.in(room).socketsLeave(oldRoom));
  socket.on("disconnect-sockets", (room, close) => socket.nsp.in(room).disconnectSockets(!!close));

  socket.on("rooms", (cb) => cb([...socket.rooms]));

  socket.on("handshake", (cb) => {
    const h = socket.handshake;
    cb({
      auth: h.auth,
      query: { ...h.query },
      headers: { host: h.headers.host, "user-agent": h.headers["user-agent"] },
      issued: h.issued,
      time: h.time,
      url: h.url,
      xdomain: h.xdomain,
      secure: h.secure,
      address: h.address,
    });
  });

  socket.on("set-data", (obj, cb) => {
    Object.assign(socket.data, obj);
    cb?.();
  });
  socket.on("get-data", (cb) => cb(socket.data));

  socket.on("binary-echo", (...a) => socket.emit("binary-echo", ...a));

  socket.on("count", (cb) => cb(io.of(socket.nsp.name).sockets.size));

  socket.on("close-server", () => {
    io.close().then(() => emitLine("SERVER_CLOSED"));
  });

  socket.on("server-side-emit", (event, ...raw) => {
    const { args, cb } = splitAck(raw);
    io.serverSideEmit(event, ...args);
    cb?.("ok");
  });

  // Last, so that every handler above is in place when the client hears from us.
  socket.emit("welcome", {
    id: socket.id,
    nsp,
    recovered: socket.recovered,
    auth: socket.handshake.auth,
    data: socket.data,
  });
}

if (opts.rootAuth) {
  // No error data: a protocol-4 client gets the plain message.
  io.use((socket, next) => {
    const token = socket.handshake.auth?.token ?? socket.handshake.query?.token;
    next(token === "secret" ? undefined : new Error("unauthorized"));
  });
}
io.on("connection", onConnection);
io.of("/custom").on("connection", onConnection);

const authNsp = io.of("/auth");
authNsp.use((socket, next) => {
  if (socket.handshake.auth?.token === "secret") return next();
  const err = new Error("unauthorized");
  err.data = { code: 401 };
  next(err);
});
authNsp.on("connection", onConnection);

const slowNsp = io.of("/slow");
slowNsp.use((socket, next) => setTimeout(next, 50));
slowNsp.on("connection", onConnection);

const dynamic = io.of(/^\/dyn-\d+$/);
dynamic.use((socket, next) => {
  socket.data.viaParent = true;
  next();
});
dynamic.on("connection", onConnection);

// close-server closes the HTTP server too; the process stays up until SIGTERM.
const keepAlive = setInterval(() => {}, 1 << 30);

const shutdown = () => {
  clearInterval(keepAlive);
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

httpServer.listen(opts.port, "127.0.0.1", () => {
  emitLine(`LISTENING ${httpServer.address().port}`);
});
