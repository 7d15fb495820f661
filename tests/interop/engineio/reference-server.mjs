#!/usr/bin/env node
// Reference Engine.IO echo server built on npm `engine.io`.
//
// It implements the same command-line contract as the C++ `eio-test-server`
// so that the interop suite can be proven against the reference
// implementation first. See README.md for the contract.

import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { Server } from "engine.io";

function usage(message) {
  process.stderr.write(`reference-server: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    port: 0,
    path: "/engine.io/",
    pingInterval: 300,
    pingTimeout: 200,
    upgradeTimeout: 10000,
    maxHttpBufferSize: 1e6,
    transports: ["polling", "websocket"],
    allowUpgrades: true,
    allowEIO3: false,
    corsOrigins: [],
    corsCredentials: false,
    cookieName: null,
    denyMessage: null,
    tls: null,
    httpCompressionThreshold: 1024,
    idPrefix: null,
    headers: [],
    initialHeaders: [],
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
      case "--upgrade-timeout": opts.upgradeTimeout = nextInt(flag); break;
      case "--max-http-buffer-size": opts.maxHttpBufferSize = nextInt(flag); break;
      case "--transports":
        opts.transports = next(flag).split(",").map((t) => t.trim()).filter(Boolean);
        break;
      case "--no-upgrades": opts.allowUpgrades = false; break;
      case "--allow-eio3": opts.allowEIO3 = true; break;
      case "--cors-origin": opts.corsOrigins.push(next(flag)); break;
      case "--cors-credentials": opts.corsCredentials = true; break;
      case "--cookie": opts.cookieName = next(flag); break;
      case "--deny-message": opts.denyMessage = next(flag); break;
      case "--tls": opts.tls = { cert: next(flag), key: next(flag) }; break;
      case "--http-compression-threshold": opts.httpCompressionThreshold = nextInt(flag); break;
      case "--id-prefix": opts.idPrefix = next(flag); break;
      case "--header": opts.headers.push(next(flag).split(":")); break;
      case "--initial-header": opts.initialHeaders.push(next(flag).split(":")); break;
      case "--http-stall-timeout": next(flag); break; // the Node http layer has its own timeouts
      default: usage(`unknown flag: ${flag}`);
    }
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

// stdout is a pipe in the harness; on Linux pipe writes from Node are
// synchronous, so every line is flushed as soon as it is written.
const emitLine = (line) => process.stdout.write(`${line}\n`);

const engineOptions = {
  path: opts.path,
  pingInterval: opts.pingInterval,
  pingTimeout: opts.pingTimeout,
  upgradeTimeout: opts.upgradeTimeout,
  maxHttpBufferSize: opts.maxHttpBufferSize,
  transports: opts.transports,
  allowUpgrades: opts.allowUpgrades,
  allowEIO3: opts.allowEIO3,
  httpCompression: { threshold: opts.httpCompressionThreshold },
};

if (opts.corsOrigins.length > 0) {
  // Always an array: the `cors` package then reflects only listed origins
  // (a single string would be sent verbatim to every origin).
  engineOptions.cors = { origin: opts.corsOrigins, credentials: opts.corsCredentials };
}

if (opts.cookieName !== null) {
  engineOptions.cookie = { name: opts.cookieName, path: "/", httpOnly: true, sameSite: "lax" };
}

if (opts.denyMessage !== null) {
  const denyMessage = opts.denyMessage;
  engineOptions.allowRequest = (req, callback) => {
    const denied = new URL(req.url, "http://127.0.0.1").searchParams.get("deny") === "1";
    setTimeout(() => (denied ? callback(denyMessage, false) : callback(null, true)), 10);
  };
}

const onPlainRequest = (req, res) => {
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("Not Found");
};

const httpServer = opts.tls
  ? createHttpsServer(
      { cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) },
      onPlainRequest,
    )
  : createHttpServer(onPlainRequest);

const engine = new Server(engineOptions);
engine.attach(httpServer, engineOptions);

if (opts.idPrefix !== null) {
  let next = 0;
  engine.generateId = () => `${opts.idPrefix}${next++}`;
}
engine.on("initial_headers", (headers) => {
  for (const [name, value] of opts.initialHeaders) headers[name] = value;
});
engine.on("headers", (headers) => {
  for (const [name, value] of opts.headers) headers[name] = value;
});

// Packets each way, counted from the engine's own per-socket events.
const counters = { packetsReceived: 0, packetsSent: 0 };

engine.on("connection_error", (err) => {
  emitLine(`CONNECTION_ERROR ${err.code} ${err.message}`);
});

engine.on("connection", (socket) => {
  emitLine(`CONNECTION ${socket.id} ${socket.transport.name}`);
  socket.on("packet", () => counters.packetsReceived++);
  socket.on("packetCreate", () => counters.packetsSent++);

  socket.on("upgrade", (transport) => {
    emitLine(`UPGRADE ${socket.id} ${transport.name}`);
  });

  socket.on("close", (reason) => {
    emitLine(`CLOSE ${socket.id} ${reason}`);
  });

  socket.on("message", (data) => {
    if (data === "close-me") {
      socket.close();
      return;
    }
    if (data === "stats") {
      socket.send(JSON.stringify({ clientsCount: engine.clientsCount }));
      return;
    }
    if (data === "counters") {
      const transports = { polling: 0, websocket: 0 };
      for (const client of Object.values(engine.clients)) transports[client.transport.name]++;
      socket.send(JSON.stringify({ clientsCount: engine.clientsCount, ...transports, ...counters }));
      return;
    }
    socket.send(data);
  });
});

const shutdown = () => process.exit(0);
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

httpServer.listen(opts.port, "127.0.0.1", () => {
  emitLine(`LISTENING ${httpServer.address().port}`);
});
