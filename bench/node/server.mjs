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

import { createServer } from "node:http";
import { Server } from "socket.io";
import { parseArgs } from "./cli.mjs";

const { port, host } = parseArgs("server.mjs", process.argv.slice(2));

const httpServer = createServer((req, res) => {
  res.writeHead(404, { "Content-Type": "text/plain" });
  res.end("Not Found");
});
const io = new Server(httpServer);

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
