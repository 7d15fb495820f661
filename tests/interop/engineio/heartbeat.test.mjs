import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { WebSocket } from "ws";
import {
  connectClient,
  nextEvent,
  rawHandshake,
  rawRequest,
  roundTrip,
  startServer,
} from "./harness.mjs";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
// Scheduling slack for a loaded 2-core CI machine.
const MARGIN = 400;

for (const transports of [["polling"], ["websocket"]]) {
  test(`${transports[0]} client stays connected for more than 3 ping intervals`, { timeout: 10_000 }, async (t) => {
    const server = await startServer(t);
    const socket = await connectClient(t, server, { transports });
    let pings = 0;
    socket.on("ping", () => {
      pings += 1;
    });
    let closed = false;
    socket.on("close", () => {
      closed = true;
    });

    await delay(3.5 * PING_INTERVAL + PING_TIMEOUT);

    assert.equal(closed, false, "client is still open");
    assert.ok(pings >= 3, `client saw ${pings} pings`);
    assert.equal(await roundTrip(socket, "still here"), "still here");
    assert.deepEqual(server.linesFor(socket.id), [`CONNECTION ${socket.id} ${transports[0]}`]);
  });
}

test("raw polling client that never polls again is closed with 'ping timeout'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const started = Date.now();
  const { open } = await rawHandshake(server);

  await server.waitForLine(`CLOSE ${open.sid} ping timeout`, 3000);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= PING_INTERVAL + PING_TIMEOUT - 50, `closed too early, after ${elapsed} ms`);
  assert.ok(elapsed <= PING_INTERVAL + PING_TIMEOUT + MARGIN, `closed too late, after ${elapsed} ms`);
});

test("raw polling client that polls but never answers the ping is closed with 'ping timeout'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`;

  const poll = await rawRequest(server, { path });
  const pingAt = Date.now();
  assert.equal(poll.text, "2");

  await server.waitForLine(`CLOSE ${open.sid} ping timeout`, 3000);
  const elapsed = Date.now() - pingAt;
  assert.ok(elapsed <= PING_TIMEOUT + MARGIN, `closed ${elapsed} ms after the ping`);
});

test("raw polling client that answers pings with pong stays open", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`;

  for (let i = 0; i < 4; i += 1) {
    const poll = await rawRequest(server, { path });
    assert.equal(poll.text, "2");
    const pong = await rawRequest(server, { method: "POST", path, body: "3" });
    assert.equal(pong.status, 200);
  }
  assert.deepEqual(server.linesFor(open.sid), [`CONNECTION ${open.sid} polling`]);
});

test("raw websocket: pings arrive every pingInterval and pongs keep the session open", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  t.after(() => ws.terminate());

  const [openPacket] = await nextEvent(ws, "message");
  const { sid } = JSON.parse(openPacket.toString().slice(1));
  let previous = Date.now();
  for (let i = 0; i < 4; i += 1) {
    const [data, isBinary] = await nextEvent(ws, "message", 2000);
    const now = Date.now();
    assert.equal(isBinary, false);
    assert.equal(data.toString(), "2");
    const gap = now - previous;
    assert.ok(gap >= PING_INTERVAL - 50 && gap <= PING_INTERVAL + MARGIN, `ping gap ${gap} ms`);
    previous = now;
    ws.send("3");
  }
  assert.deepEqual(server.linesFor(sid), [`CONNECTION ${sid} websocket`]);
});

test("raw websocket client that ignores pings is closed with 'ping timeout'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  t.after(() => ws.terminate());
  const closed = nextEvent(ws, "close", 3000);

  const [openPacket] = await nextEvent(ws, "message");
  const { sid } = JSON.parse(openPacket.toString().slice(1));
  const [ping] = await nextEvent(ws, "message", 2000);
  const pingAt = Date.now();
  assert.equal(ping.toString(), "2");

  await server.waitForLine(`CLOSE ${sid} ping timeout`, 3000);
  const elapsed = Date.now() - pingAt;
  assert.ok(elapsed <= PING_TIMEOUT + MARGIN, `closed ${elapsed} ms after the ping`);
  await closed;
});

test("a ping sent by an EIO 4 client is a protocol error: 'transport error'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  t.after(() => ws.terminate());
  const [openPacket] = await nextEvent(ws, "message");
  const { sid } = JSON.parse(openPacket.toString().slice(1));
  const closed = nextEvent(ws, "close", 3000);
  ws.send("2");
  await server.waitForLine(`CLOSE ${sid} transport error`);
  await closed;
});
