#!/usr/bin/env node
// The conformance server contract on Node's reference implementation (npm
// `engine.io`): a bare Engine.IO v4 echo server on /engine.io/, bound to
// 127.0.0.1, pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000.
//
//   node reference-server.mjs [--port N]      (default 3000)
//
// It prints "conformance server listening on http://127.0.0.1:<port>" once
// it accepts connections, like examples/conformance does.

import { createServer } from "node:http";
import { Server } from "engine.io";

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

const shutdown = () => {
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
