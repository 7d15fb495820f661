#!/usr/bin/env node
// A bare `ws` WebSocketServer speaking the minimal Engine.IO 4 / Socket.IO 5
// subset of the benchmark contract (bench/README.md), WebSocket only, at
// /socket.io/?EIO=4&transport=websocket:
//
//   open                   -> 0{"sid":...,"upgrades":[],"pingInterval":25000,...}
//   40...                  -> 40{"sid":...}
//   2, 3                   -> ignored (no heartbeat is sent)
//   42N["join","fanout"]   -> the client joins the fan-out set, 43N[true]
//   42N["join",<other>]    -> 43N[true] (no other room is kept)
//   42["bcast",...]        -> the received frame sent unchanged to every client of the fan-out set
//   42N["echo",<args>]     -> 43N[<args>], the text after the event name reused
//   anything else          -> ignored

import { randomBytes } from "node:crypto";
import { WebSocketServer } from "ws";
import { parseArgs } from "./cli.mjs";

const { port, host } = parseArgs("raw-ws.mjs", process.argv.slice(2));

const randomId = () => randomBytes(15).toString("base64url");

const isEngineIoWebSocket = (requestUrl) => {
  const url = new URL(requestUrl, "http://localhost");
  return url.pathname === "/socket.io/"
    && url.searchParams.get("EIO") === "4"
    && url.searchParams.get("transport") === "websocket";
};

const fanout = new Set();
const openPacket = (sid) =>
  `0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`;

// 42[N][<event>,<args>...]. Only the head of the frame is decoded (as latin1,
// so that its indices are byte offsets); the rest is passed on as bytes.
function onEvent(client, data) {
  const head = data.toString("latin1", 0, Math.min(data.length, 64));
  let bodyStart = 2;
  while (bodyStart < head.length && head.charCodeAt(bodyStart) >= 48 && head.charCodeAt(bodyStart) <= 57)
    bodyStart++;
  const ackId = head.slice(2, bodyStart);
  if (ackId === "") {
    if (head.startsWith('["bcast"', bodyStart)) {
      for (const member of fanout) member.send(data, { binary: false });
    }
    return;
  }
  if (head.startsWith('["echo"', bodyStart)) {
    let argsStart = bodyStart + '["echo"'.length; // ,<args>] or ]
    if (head[argsStart] === ",") argsStart++;
    client.send(Buffer.concat([Buffer.from(`43${ackId}[`), data.subarray(argsStart)]), { binary: false });
  } else if (head.startsWith('["join",', bodyStart)) {
    if (data.toString("latin1", bodyStart) === '["join","fanout"]') fanout.add(client);
    client.send(`43${ackId}[true]`);
  }
}

const wss = new WebSocketServer({ host, port });

wss.on("connection", (client, request) => {
  client.on("close", () => fanout.delete(client));
  if (!isEngineIoWebSocket(request.url)) {
    client.close(1008);
    return;
  }
  client.on("message", (data, isBinary) => {
    if (isBinary || data.length < 2 || data[0] !== 0x34 /* 4 */) return;
    if (data[1] === 0x32 /* 2 */) onEvent(client, data);
    else if (data[1] === 0x30 /* 0 */) client.send(`40{"sid":"${randomId()}"}`);
  });
  client.send(openPacket(randomId()));
});

const shutdown = () => process.exit(0);
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

wss.on("listening", () => {
  process.stdout.write(`listening on ${wss.address().port}\n`);
});

