#!/usr/bin/env node
// The conformance server contract on Node's reference implementation, both
// halves on one HTTP server bound to 127.0.0.1:
//   /engine.io/  npm `engine.io`: a bare Engine.IO v4 echo server;
//   /socket.io/  npm `socket.io`: namespaces / and /custom; on connection to
//                either it emits "auth" with the handshake auth object; on /,
//                "message" is emitted back as "message-back" with the same
//                arguments and "message-with-ack" is acknowledged with them;
//                any other namespace is refused ("Invalid namespace").
// Both use pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000;
// Socket.IO closes a session that joins no namespace within 1000 ms.
//
//   node reference-server.mjs [--port N]      (default 3000)
//
// It prints "conformance server listening on http://127.0.0.1:<port>" once
// it accepts connections, like server/ (conformance-server) does.

import { createServer } from "node:http";
import { Server } from "engine.io";
import { Server as SocketIoServer } from "socket.io";

function parsePort(argv) {
  let port = 3000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value;
    if (arg === "--port") value = argv[++i];
    else if (arg.startsWith("--port=")) value = arg.slice("--port=".length);
    else {
      process.stderr.write(`reference-server: unknown argument: ${arg}\n`);
      process.exit(2);
    }
    port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`reference-server: invalid port: ${value}\n`);
      process.exit(2);
    }
  }
  return port;
}

const port = parsePort(process.argv.slice(2));

const httpServer = createServer((req, res) => {
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("Not Found");
});

const engine = new Server({
  path: "/engine.io/",
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
});
engine.attach(httpServer);

engine.on("connection", (socket) => {
  // Text comes back as text, binary (a Buffer) as binary.
  socket.on("message", (data) => socket.send(data));
});

// Attaches its own Engine.IO server to the same HTTP server; each one only
// handles the requests and upgrades for its own path.
const io = new SocketIoServer(httpServer, {
  path: "/socket.io/",
  serveClient: false,
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
  connectTimeout: 1000,
});

io.on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
  socket.on("message", (...args) => socket.emit("message-back", ...args));
  socket.on("message-with-ack", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });
});

io.of("/custom").on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
});

const shutdown = () => {
  io.close();
  engine.close();
  httpServer.close();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

httpServer.listen(port, "127.0.0.1", () => {
  process.stdout.write(
    `conformance server listening on http://127.0.0.1:${httpServer.address().port}\n`,
  );
});
