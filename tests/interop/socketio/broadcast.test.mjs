// Rooms and every broadcast form: who receives and who does not, and
// broadcast acknowledgements.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  QUIET_MS,
  collect,
  connectSocket,
  request,
  startServer,
  sync,
  toBuffer,
  waitUntil,
} from "./harness.mjs";

const T = { timeout: 15_000 };

/** Connects `count` websocket clients to `nsp`. */
async function clients(server, count, nsp = "/") {
  const sockets = [];
  for (let i = 0; i < count; i++) sockets.push(await connectSocket(server, nsp, { transports: ["websocket"] }));
  return sockets;
}

/**
 * Emits `event`/`args` from `sender` through a broadcast handler, then
 * checks that exactly the sockets in `receivers` got `expectedArgs` once and
 * that the others got nothing within QUIET_MS.
 */
async function expectDelivery({ sender, handler, handlerArgs, event, receivers, others }) {
  const all = [...receivers, ...others];
  const boxes = new Map(all.map((socket) => [socket, collect(socket, event)]));
  sender.emit(handler, ...handlerArgs);
  await waitUntil(
    () => receivers.every((socket) => boxes.get(socket).length >= 1),
    3000,
    `"${event}" delivered to ${receivers.length} receiver(s)`,
  );
  await delay(QUIET_MS);
  return { boxes, check: (socket) => boxes.get(socket) };
}

test("join and leave answer the socket's rooms", T, async (t) => {
  const server = await startServer(t);
  const [a] = await clients(server, 1);
  assert.deepEqual(await request(a, "join", "room1"), [[a.id, "room1"]]);
  assert.deepEqual(await request(a, "join", ["room2", "room3"]), [[a.id, "room1", "room2", "room3"]]);
  // Joining again changes nothing.
  assert.deepEqual(await request(a, "join", "room1"), [[a.id, "room1", "room2", "room3"]]);
  assert.deepEqual(await request(a, "leave", "room2"), [[a.id, "room1", "room3"]]);
  // Leaving a room the socket is not in changes nothing.
  assert.deepEqual(await request(a, "leave", "nowhere"), [[a.id, "room1", "room3"]]);
  assert.deepEqual(await request(a, "rooms"), [[a.id, "room1", "room3"]]);
});

test("socket.to(room): room members except the sender", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", "room");
  await request(c, "join", "room");

  let result = await expectDelivery({
    sender: a, handler: "to", handlerArgs: ["room", "news", 1, { x: "y" }], event: "news",
    receivers: [b, c], others: [a],
  });
  assert.deepEqual(result.check(b), [[1, { x: "y" }]]);
  assert.deepEqual(result.check(c), [[1, { x: "y" }]]);
  assert.deepEqual(result.check(a), []);

  // From a member: the sender is excluded even though it is in the room.
  result = await expectDelivery({
    sender: b, handler: "to", handlerArgs: ["room", "news", 2], event: "news", receivers: [c], others: [a, b],
  });
  assert.deepEqual(result.check(c), [[2]]);
  assert.deepEqual(result.check(b), []);
  assert.deepEqual(result.check(a), []);
});

test("nsp.to(room): every room member, the sender included", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", "room");
  await request(c, "join", "room");
  const result = await expectDelivery({
    sender: b, handler: "nsp-to", handlerArgs: ["room", "news", "all"], event: "news", receivers: [b, c], others: [a],
  });
  assert.deepEqual(result.check(b), [["all"]]);
  assert.deepEqual(result.check(c), [["all"]]);
  assert.deepEqual(result.check(a), []);
});

test("to(socket id) reaches that socket only", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  const result = await expectDelivery({
    sender: a, handler: "nsp-to", handlerArgs: [c.id, "private", "psst"], event: "private", receivers: [c], others: [a, b],
  });
  assert.deepEqual(result.check(c), [["psst"]]);
  assert.deepEqual(result.check(a), []);
  assert.deepEqual(result.check(b), []);
});

test("nsp.except(room): everyone in the namespace but the room, the sender included", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  const [other] = await clients(server, 1, "/custom");
  await request(b, "join", "room");
  const result = await expectDelivery({
    sender: a, handler: "except", handlerArgs: ["room", "hey", 3], event: "hey", receivers: [a, c], others: [b, other],
  });
  assert.deepEqual(result.check(a), [[3]]);
  assert.deepEqual(result.check(c), [[3]]);
  assert.deepEqual(result.check(b), []);
  assert.deepEqual(result.check(other), []);
});

test("socket.broadcast: everyone in the namespace but the sender", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  const [other] = await clients(server, 1, "/custom");
  const result = await expectDelivery({
    sender: a, handler: "broadcast", handlerArgs: ["shout", "hello"], event: "shout", receivers: [b, c], others: [a, other],
  });
  assert.deepEqual(result.check(b), [["hello"]]);
  assert.deepEqual(result.check(c), [["hello"]]);
  assert.deepEqual(result.check(a), []);
  assert.deepEqual(result.check(other), []);
});

test("io.emit: every socket of the main namespace, none of the others", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2);
  const [sender] = await clients(server, 1, "/custom");
  const result = await expectDelivery({
    sender, handler: "io-emit", handlerArgs: ["global", 1, 2], event: "global", receivers: [a, b], others: [sender],
  });
  assert.deepEqual(result.check(a), [[1, 2]]);
  assert.deepEqual(result.check(b), [[1, 2]]);
  assert.deepEqual(result.check(sender), []);
});

test("nsp.local.emit: every socket of the namespace, the sender included", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2, "/custom");
  const [main] = await clients(server, 1);
  const result = await expectDelivery({
    sender: a, handler: "local", handlerArgs: ["local-news", "x"], event: "local-news", receivers: [a, b], others: [main],
  });
  assert.deepEqual(result.check(a), [["x"]]);
  assert.deepEqual(result.check(b), [["x"]]);
  assert.deepEqual(result.check(main), []);
});

test("nsp.to([rooms]): a socket in several of the rooms gets the event once", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c, d] = await clients(server, 4);
  await request(b, "join", ["room1", "room2"]);
  await request(c, "join", "room2");
  await request(d, "join", "room3");
  const result = await expectDelivery({
    sender: a, handler: "to-many", handlerArgs: [["room1", "room2"], "multi", "once"], event: "multi",
    receivers: [b, c], others: [a, d],
  });
  assert.deepEqual(result.check(b), [["once"]]);
  assert.deepEqual(result.check(c), [["once"]]);
  assert.deepEqual(result.check(a), []);
  assert.deepEqual(result.check(d), []);
});

test("volatile emit is delivered to a writable client", T, async (t) => {
  const server = await startServer(t);
  const [a] = await clients(server, 1);
  const got = collect(a, "flash");
  a.emit("volatile", "flash", "now");
  await waitUntil(() => got.length === 1, 3000, "volatile event");
  assert.deepEqual(got, [["now"]]);
});

test("broadcast of binary data to a room", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", "room");
  const result = await expectDelivery({
    sender: a, handler: "to", handlerArgs: ["room", "blob", { data: Buffer.from([1, 2, 3]) }], event: "blob",
    receivers: [b], others: [a, c],
  });
  const [[payload]] = result.check(b);
  assert.deepEqual([...toBuffer(payload.data)], [1, 2, 3]);
  assert.deepEqual(result.check(c), []);
});

test("rooms are per namespace", T, async (t) => {
  const server = await startServer(t);
  const [main] = await clients(server, 1);
  const [customA, customB] = await clients(server, 2, "/custom");
  await request(main, "join", "room");
  await request(customB, "join", "room");
  const result = await expectDelivery({
    sender: customA, handler: "nsp-to", handlerArgs: ["room", "ns-news"], event: "ns-news",
    receivers: [customB], others: [main, customA],
  });
  assert.deepEqual(result.check(customB), [[]]);
  assert.deepEqual(result.check(main), []);
});

test("after leave, and after disconnect, a socket no longer receives room broadcasts", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  await request(b, "join", "room");
  await request(c, "join", "room");
  await request(b, "leave", "room");
  const result = await expectDelivery({
    sender: a, handler: "nsp-to", handlerArgs: ["room", "after-leave"], event: "after-leave", receivers: [c], others: [a, b],
  });
  assert.deepEqual(result.check(b), []);

  const cId = c.id;
  c.disconnect();
  await server.waitForLine(`DISCONNECT / ${cId} client namespace disconnect`);
  const [members] = await request(a, "fetch", "room");
  assert.deepEqual(members, []);
});

test("broadcast ack: every room member answers", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  b.on("question", (n, cb) => cb(`b:${n}`));
  c.on("question", (n, cb) => cb(`c:${n}`));
  await request(b, "join", "room");
  await request(c, "join", "room");
  const [err, responses] = await request(a, "broadcast-ack", "room", 1000);
  assert.equal(err, null);
  assert.deepEqual([...responses].sort(), ["b:42", "c:42"]);
});

test("broadcast ack: a silent member gives the timeout error with the partial responses", T, async (t) => {
  const server = await startServer(t);
  const [a, b, c] = await clients(server, 3);
  b.on("question", (n, cb) => cb({ from: "b", n }));
  const silent = collect(c, "question"); // never answers
  await request(b, "join", "room");
  await request(c, "join", "room");
  const started = Date.now();
  const [err, responses] = await request(a, "broadcast-ack", "room", 300);
  const elapsed = Date.now() - started;
  assert.equal(err, "operation has timed out");
  assert.deepEqual(responses, [{ from: "b", n: 42 }]);
  assert.ok(elapsed >= 280, `timed out after ${elapsed} ms`);
  // The silent member got the question with an ack callback and never called it.
  assert.equal(silent.length, 1);
  assert.equal(silent[0][0], 42);
  assert.equal(typeof silent[0][1], "function");
});

test("broadcast ack to an empty room answers at once with no responses", T, async (t) => {
  const server = await startServer(t);
  const [a] = await clients(server, 1);
  const started = Date.now();
  assert.deepEqual(await request(a, "broadcast-ack", "empty-room", 2000), [null, []]);
  assert.ok(Date.now() - started < 1000, "did not wait for the timeout");
});

test("broadcast ack that includes the sender", T, async (t) => {
  const server = await startServer(t);
  const [a, b] = await clients(server, 2);
  a.on("question", (n, cb) => cb("a"));
  b.on("question", (n, cb) => cb("b"));
  await request(a, "join", "room");
  await request(b, "join", "room");
  const [err, responses] = await request(a, "broadcast-ack", "room", 1000);
  assert.equal(err, null);
  assert.deepEqual([...responses].sort(), ["a", "b"]);
  await sync(a);
});
