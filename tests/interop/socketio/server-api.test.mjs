// Server-side utility methods on a room: fetchSockets, socketsJoin,
// socketsLeave, disconnectSockets.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { QUIET_MS, collect, connectSocket, nextEvent, request, startServer } from "./harness.mjs";

const T = { timeout: 15_000 };

async function clients(server, count, nsp = "/") {
  const sockets = [];
  for (let i = 0; i < count; i++) sockets.push(await connectSocket(server, nsp, { transports: ["websocket"] }));
  return sockets;
}

const byId = (list) => [...list].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

test("fetchSockets: ids, sorted rooms and data of the room's sockets", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", ["room", "zeta", "alpha"]);
  await request(c, "join", "room");
  await request(b, "set-data", { name: "bob", level: 2 });
  const [sockets] = await request(a, "fetch", "room");
  assert.deepEqual(
    byId(sockets),
    byId([
      { id: b.id, rooms: [b.id, "alpha", "room", "zeta"].sort(), data: { name: "bob", level: 2 } },
      { id: c.id, rooms: [c.id, "room"].sort(), data: {} },
    ]),
  );
});

test("fetchSockets on a socket id, on an empty room, and per namespace", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2);
  const [custom] = await clients(server, 1, "/custom");
  await request(custom, "join", "room");
  assert.deepEqual(await request(a, "fetch", b.id), [[{ id: b.id, rooms: [b.id], data: {} }]]);
  assert.deepEqual(await request(a, "fetch", "empty"), [[]]);
  // "room" has a member only in /custom.
  assert.deepEqual(await request(a, "fetch", "room"), [[]]);
  assert.deepEqual(await request(custom, "fetch", "room"), [[{ id: custom.id, rooms: [custom.id, "room"].sort(), data: {} }]]);
});

test("fetchSockets of the dynamic namespace sees the parent middleware's data", T, async (t) => {
  const server = await startServer(t);
  const [a] = await clients(server, 1, "/dyn-5");
  assert.deepEqual(await request(a, "fetch", a.id), [[{ id: a.id, rooms: [a.id], data: { viaParent: true } }]]);
});

test("socketsJoin: the room's sockets join another room", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", "room");
  a.emit("sockets-join", "room", "extra");
  // The server handles a client's events in order: the fetch runs after the join.
  const [sockets] = await request(a, "fetch", "extra");
  assert.deepEqual(sockets.map((s) => s.id), [b.id]);
  assert.deepEqual(await request(b, "rooms"), [[b.id, "room", "extra"]]);
  assert.deepEqual(await request(c, "rooms"), [[c.id]]);

  // The new room is a real room: broadcasts reach it.
  const got = collect(b, "to-extra");
  a.emit("nsp-to", "extra", "to-extra", 1);
  await nextEvent(b, "to-extra");
  assert.deepEqual(got, [[1]]);
});

test("socketsJoin with a socket id as the target", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2);
  a.emit("sockets-join", b.id, ["r1", "r2"]);
  await request(a, "rooms");
  assert.deepEqual(await request(b, "rooms"), [[b.id, "r1", "r2"]]);
});

test("socketsLeave: the room's sockets leave a room", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", ["room", "extra"]);
  await request(c, "join", ["extra"]);
  a.emit("sockets-leave", "room", "extra");
  await request(a, "rooms");
  assert.deepEqual(await request(b, "rooms"), [[b.id, "room"]]);
  assert.deepEqual(await request(c, "rooms"), [[c.id, "extra"]]);
});

test("disconnectSockets(false): the room's sockets get 'io server disconnect', others stay", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", "room");
  await request(c, "join", "room");
  const bId = b.id;
  const cId = c.id;
  const bGone = nextEvent(b, "disconnect");
  const cGone = nextEvent(c, "disconnect");
  const aGone = collect(a, "disconnect");
  a.emit("disconnect-sockets", "room", false);
  assert.equal((await bGone)[0], "io server disconnect");
  assert.equal((await cGone)[0], "io server disconnect");
  await server.waitForLine(`DISCONNECTING / ${bId} server namespace disconnect`);
  await server.waitForLine(`DISCONNECT / ${bId} server namespace disconnect`);
  await server.waitForLine(`DISCONNECT / ${cId} server namespace disconnect`);
  await delay(QUIET_MS);
  assert.deepEqual(aGone, []);
  assert.deepEqual(await request(a, "count"), [1]);
});

test("disconnectSockets(true): the room's sockets get 'io server disconnect' and their connection closes", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2);
  await request(b, "join", "room");
  const bId = b.id;
  const bEngine = b.io.engine.id;
  const bGone = nextEvent(b, "disconnect");
  a.emit("disconnect-sockets", "room", true);
  assert.equal((await bGone)[0], "io server disconnect");
  await server.waitForLine(`DISCONNECT / ${bId} server namespace disconnect`);
  await server.waitForLine(`ENGINE_CLOSE ${bEngine} forced close`);
  assert.deepEqual(await request(a, "count"), [1]);
  assert.ok(!server.lines.some((line) => line.startsWith(`ENGINE_CLOSE ${a.io.engine.id} `)));
});

test("disconnectSockets on an empty room does nothing", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2);
  const gone = collect(b, "disconnect");
  a.emit("disconnect-sockets", "nobody-here", true);
  await request(a, "rooms");
  await delay(QUIET_MS);
  assert.deepEqual(gone, []);
  assert.deepEqual(await request(b, "count"), [2]);
});
