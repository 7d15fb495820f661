#!/usr/bin/env node
// Node socket.io 4.8 with the benchmark handlers (bench/README.md), default options.
//
//   ping                      -> nothing
//   inbound <string>          -> counted
//   count, ack                -> ack {"inbound": <count since the last reset>,
//                                     "disconnects": {<reason>: {"count", "first_us", "last_us"}}}
//   reset, ack                -> count zeroed, ack true
//   echo <args...>, ack       -> ack <args...>
//   join <room>, ack          -> socket joins room, ack true
//   bcast {t, p}              -> "bcast" {t, p} to room "fanout"
//   chat {room, t, p}         -> "chat" {room, t, p} to room, the sender excepted
//
// With --redis-port N, the server is one node of a cluster through the Redis server at
// 127.0.0.1:N (@socket.io/redis-adapter 8.3 with its default options, on the redis 4.7 client):
// a broadcast also reaches the room's sockets on the other servers.

import { createServer } from "node:http";
import { Server } from "socket.io";
import { parseArgs } from "./cli.mjs";

const { port, host, redisPort } = parseArgs("server.mjs", process.argv.slice(2), { redis: true });

// Loaded only for a cluster: the server alone stays as it was.
async function redisAdapter() {
  const [{ createClient }, { createAdapter }] = await Promise.all([
    import("redis"),
    import("@socket.io/redis-adapter"),
  ]);
  const pubClient = createClient({ url: `redis://127.0.0.1:${redisPort}` });
  const subClient = pubClient.duplicate();
  pubClient.on("error", (error) => process.stderr.write(`redis: ${error.message}\n`));
  subClient.on("error", (error) => process.stderr.write(`redis: ${error.message}\n`));
  await Promise.all([pubClient.connect(), subClient.connect()]);
  return createAdapter(pubClient, subClient);
}

const httpServer = createServer((req, res) => {
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("Not Found");
});
const io = new Server(httpServer, redisPort ? { adapter: await redisAdapter() } : {});

let inbound = 0; // inbound events since the last reset, over all clients
const disconnects = {}; // disconnect reason -> {count, first_us, last_us} since the start

io.on("connection", (socket) => {
  socket.on("disconnect", (reason) => {
    const now = Number(process.hrtime.bigint() / 1000n);
    const entry = (disconnects[reason] ??= { count: 0, first_us: now, last_us: now });
    entry.count += 1;
    entry.last_us = now;
  });
  socket.on("ping", () => {});
  socket.on("inbound", () => {
    inbound++;
  });
  socket.on("count", (ack) => {
    if (typeof ack === "function") ack({ inbound, disconnects });
  });
  socket.on("reset", (ack) => {
    inbound = 0;
    if (typeof ack === "function") ack(true);
  });
  socket.on("echo", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });
  socket.on("join", (room, ack) => {
    socket.join(String(room));
    if (typeof ack === "function") ack(true);
  });
  socket.on("bcast", (message) => {
    io.to("fanout").emit("bcast", message);
  });
  socket.on("chat", (message) => {
    socket.to(String(message?.room)).emit("chat", message);
  });
});

const shutdown = () => process.exit(0);
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

httpServer.listen(port, host, () => {
  process.stdout.write(`listening on ${httpServer.address().port}\n`);
});
