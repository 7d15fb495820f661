#!/usr/bin/env node
// The reference for the admin-ui interop suite: npm socket.io 4.8 instrumented
// with npm @socket.io/admin-ui 0.5.1, with the same command line and output as
// the C++ admin-test-server (see README.md).

import { createServer } from "node:http";
import { Server } from "socket.io";
import { instrument } from "@socket.io/admin-ui";

function usage(message) {
  process.stderr.write(`reference-server: ${message}\n`);
  process.exit(2);
}

const opts = { port: 0, corsOrigin: undefined, auth: "none", readonly: false, production: false, serverId: undefined, namespace: "/admin" };
const args = process.argv.slice(2);
while (args.length > 0) {
  const flag = args.shift();
  const value = () => (args.length > 0 ? args.shift() : usage(`${flag} needs a value`));
  switch (flag) {
    case "--port": opts.port = Number(value()); break;
    case "--cors-origin": opts.corsOrigin = value(); break;
    case "--auth": opts.auth = value(); break;
    case "--readonly": opts.readonly = true; break;
    case "--production": opts.production = true; break;
    case "--server-id": opts.serverId = value(); break;
    case "--namespace": opts.namespace = value(); break;
    default: usage(`unknown flag: ${flag}`);
  }
}

const httpServer = createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
const io = new Server(httpServer, {
  pingInterval: 300,
  pingTimeout: 2000,
  serveClient: false,
  ...(opts.corsOrigin ? { cors: { origin: opts.corsOrigin, credentials: true } } : {}),
});

function handlers(socket) {
  socket.on("echo", (...a) => socket.emit("echo", ...a));
  socket.on("set-data", (key, value) => {
    socket.data[key] = value;
  });
  socket.on("join", (room) => socket.join(room));
}
io.on("connection", handlers);
io.of("/chat").on("connection", handlers);

let auth = false;
if (opts.auth !== "none") {
  const colon = opts.auth.indexOf(":");
  auth = { type: "basic", username: opts.auth.slice(0, colon), password: opts.auth.slice(colon + 1) };
}
instrument(io, {
  auth,
  readonly: opts.readonly,
  mode: opts.production ? "production" : "development",
  serverId: opts.serverId,
  namespaceName: opts.namespace,
});

httpServer.listen(opts.port, "127.0.0.1", () => {
  process.stdout.write(`LISTENING ${httpServer.address().port}\n`);
});
