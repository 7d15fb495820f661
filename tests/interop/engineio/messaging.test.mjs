import assert from "node:assert/strict";
import { test } from "node:test";
import {
  connectClient,
  nextEvent,
  openClient,
  rawHandshake,
  rawRequest,
  roundTrip,
  startServer,
  toBuffer,
  withTimeout,
} from "./harness.mjs";

const BINARY = Buffer.from([0, 1, 2, 253, 254, 255]);
const UNICODE_TEXT = "héllo wörld – 你好 – 🚀";

/** Echo checks shared by every transport setup. */
async function assertEchoes(socket) {
  assert.equal(await roundTrip(socket, "hello"), "hello");
  assert.equal(await roundTrip(socket, UNICODE_TEXT), UNICODE_TEXT);

  const binaryReply = await roundTrip(socket, BINARY);
  assert.notEqual(typeof binaryReply, "string", "binary comes back as binary");
  assert.deepEqual(toBuffer(binaryReply), BINARY);

  // An ArrayBuffer is sent as binary too.
  const arrayBuffer = new Uint8Array([9, 8, 7]).buffer;
  assert.deepEqual(toBuffer(await roundTrip(socket, arrayBuffer)), Buffer.from([9, 8, 7]));

  // Text that looks like a number or JSON stays text.
  assert.equal(await roundTrip(socket, "42"), "42");
  assert.equal(await roundTrip(socket, '{"a":1}'), '{"a":1}');
}

test("polling only: text and binary messages are echoed", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = await connectClient(t, server, { transports: ["polling"] });
  assert.equal(socket.transport.name, "polling");
  await server.waitForLine(`CONNECTION ${socket.id} polling`);

  await assertEchoes(socket);

  assert.deepEqual(server.linesFor(socket.id), [`CONNECTION ${socket.id} polling`]);
});

test("websocket only: text and binary messages are echoed", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = await connectClient(t, server, { transports: ["websocket"] });
  assert.equal(socket.transport.name, "websocket");
  await server.waitForLine(`CONNECTION ${socket.id} websocket`);

  await assertEchoes(socket);

  assert.deepEqual(server.linesFor(socket.id), [`CONNECTION ${socket.id} websocket`]);
});

test("default client upgrades from polling to websocket, then echoes", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = openClient(t, server);
  const upgraded = nextEvent(socket, "upgrade");
  await nextEvent(socket, "open");
  assert.equal(socket.transport.name, "polling");

  const [transport] = await upgraded;
  assert.equal(transport.name, "websocket");
  assert.equal(socket.transport.name, "websocket");
  await server.waitForLine(`UPGRADE ${socket.id} websocket`);

  await assertEchoes(socket);

  assert.deepEqual(server.linesFor(socket.id), [
    `CONNECTION ${socket.id} polling`,
    `UPGRADE ${socket.id} websocket`,
  ]);
});

test("messages sent before the upgrade completes are all delivered in order", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = openClient(t, server);
  await nextEvent(socket, "open");

  const count = 30;
  const received = [];
  const allReceived = new Promise((resolve) => {
    socket.on("message", (data) => {
      received.push(data);
      if (received.length === count) resolve();
    });
  });
  for (let i = 0; i < count; i += 1) socket.send(`msg-${i}`);
  await withTimeout(allReceived, 5000, "all echoes");

  assert.deepEqual(received, Array.from({ length: count }, (_, i) => `msg-${i}`));
  await server.waitForLine(`UPGRADE ${socket.id} websocket`);
});

test("--no-upgrades keeps the default client on polling", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--no-upgrades"]);
  const socket = await connectClient(t, server);
  assert.equal(await roundTrip(socket, "still polling"), "still polling");
  assert.equal(socket.transport.name, "polling");
  assert.deepEqual(server.linesFor(socket.id), [`CONNECTION ${socket.id} polling`]);
});

test("--transports websocket refuses polling and serves websocket clients", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--transports", "websocket"]);

  const res = await rawRequest(server, { path: "/engine.io/?EIO=4&transport=polling" });
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), { code: 0, message: "Transport unknown" });

  const socket = await connectClient(t, server, { transports: ["websocket"] });
  assert.equal(await roundTrip(socket, "ws only"), "ws only");
});

test("raw polling: packets queued for one poll are joined with the record separator", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`;

  // Three messages in one POST payload: text, base64 binary, text.
  const post = await rawRequest(server, {
    method: "POST",
    path,
    headers: { "Content-Type": "text/plain;charset=UTF-8" },
    body: ["4one", "bAQID", "4three"].join("\x1e"),
  });
  assert.equal(post.status, 200);
  assert.equal(post.text, "ok");

  const poll = await rawRequest(server, { path });
  assert.equal(poll.status, 200);
  assert.equal(poll.headers["content-type"], "text/plain; charset=UTF-8");
  // A ping ("2") may share the payload when the poll is slow to arrive.
  const packets = poll.text.split("\x1e").filter((packet) => packet !== "2");
  assert.deepEqual(packets, ["4one", "bAQID", "4three"]);
});

test("stats reports the number of connected clients", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const first = await connectClient(t, server, { transports: ["websocket"] });
  await connectClient(t, server, { transports: ["polling"] });
  assert.deepEqual(JSON.parse(await roundTrip(first, "stats")), { clientsCount: 2 });
});

test("each client only receives its own echoes", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const a = await connectClient(t, server, { transports: ["polling"] });
  const b = await connectClient(t, server, { transports: ["websocket"] });
  const stray = [];
  b.on("message", (data) => stray.push(data));
  assert.equal(await roundTrip(a, "for-a"), "for-a");
  assert.deepEqual(stray, []);
  b.off("message");
  assert.equal(await roundTrip(b, "for-b"), "for-b");
});
