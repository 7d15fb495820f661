// Events, acknowledgements both ways, binary payloads, handshake details and
// per-socket data.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  QUIET_MS,
  connectSocket,
  nextEvent,
  rawSioConnect,
  request,
  startServer,
  sync,
  toBuffer,
} from "./harness.mjs";

const T = { timeout: 15_000 };
const TRANSPORTS = [["websocket"], ["polling"]];

/** Replaces every Buffer-like value by { buffer: [bytes] } so deepEqual compares contents. */
function normalise(value) {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return { buffer: [...toBuffer(value)] };
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

for (const transports of TRANSPORTS) {
  const via = transports[0];

  test(`echo: JSON values survive the round trip (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const args = [
      "text",
      42,
      -1.5,
      true,
      false,
      null,
      { nested: { list: [1, "two", { three: [null] }] } },
      [],
      {},
      "héllo ✓ 𝄞 \u2028 \"quoted\" \\ / \n\t",
      "",
    ];
    const echoed = nextEvent(socket, "echo");
    socket.emit("echo", ...args);
    assert.deepEqual(await echoed, args);
  });

  test(`echo with no arguments (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const echoed = nextEvent(socket, "echo");
    socket.emit("echo");
    assert.deepEqual(await echoed, []);
  });

  test(`client→server ack returns the arguments (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    assert.deepEqual(await request(socket, "ack", 1, "two", { three: [3] }, null), [1, "two", { three: [3] }, null]);
    assert.deepEqual(await request(socket, "ack"), []);
  });

  test(`binary: Buffer inside array inside object, and several buffers, both ways (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const args = [
      { label: "nested", items: [Buffer.from([1, 2, 3]), { deep: Buffer.alloc(0) }, "text"] },
      Buffer.from("second buffer"),
      [Buffer.from([0xff, 0x00, 0xfe]), 7],
      "plain",
    ];
    const echoed = nextEvent(socket, "binary-echo");
    socket.emit("binary-echo", ...args);
    const received = await echoed;
    assert.deepEqual(normalise(received), normalise(args));
    // They arrive as binary objects, not as placeholder objects or base64 strings.
    assert.ok(Buffer.isBuffer(received[1]) || received[1] instanceof ArrayBuffer || ArrayBuffer.isView(received[1]));
  });

  test(`binary ack (BINARY_ACK) both ways (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const reply = await request(socket, "ack", { blob: Buffer.from([9, 8, 7]) }, Buffer.from("x"));
    assert.deepEqual(normalise(reply), normalise([{ blob: Buffer.from([9, 8, 7]) }, Buffer.from("x")]));

    socket.on("question", (n, cb) => cb({ bytes: Buffer.from([n]) }));
    const [err, answer] = await request(socket, "server-ack", 1000);
    assert.equal(err, null);
    assert.deepEqual(normalise(answer), normalise([{ bytes: Buffer.from([42]) }]));
  });
}

test("raw wire: a binary event comes back as 451-[...placeholder...] plus one binary frame", T, async (t) => {
  const server = await startServer(t);
  const { raw } = await rawSioConnect(server, "/");
  raw.send('451-["binary-echo",{"a":{"_placeholder":true,"num":0}}]');
  raw.send(Buffer.from([1, 2, 3, 250]));
  const header = await raw.next();
  assert.equal(typeof header, "string");
  assert.ok(header.startsWith("451-["), header);
  assert.deepEqual(JSON.parse(header.slice("451-".length)), ["binary-echo", { a: { _placeholder: true, num: 0 } }]);
  const attachment = await raw.next();
  assert.ok(Buffer.isBuffer(attachment), "the attachment is a binary frame");
  assert.deepEqual([...attachment], [1, 2, 3, 250]);
});

test("raw wire: an ack with an id is answered 43<id>[...]", T, async (t) => {
  const server = await startServer(t);
  const { raw } = await rawSioConnect(server, "/");
  raw.send('427["ack","a",{"b":1}]');
  const answer = await raw.next();
  assert.ok(answer.startsWith("437["), answer);
  assert.deepEqual(JSON.parse(answer.slice(3)), ["a", { b: 1 }]);
  raw.send('42/custom,["echo"]');
  // An event for a namespace the connection has not joined is a protocol error.
  await raw.waitClosed();
});

test("raw wire: a server→client ack request carries an id; the BINARY_ACK answer is accepted", T, async (t) => {
  const server = await startServer(t);
  const { raw } = await rawSioConnect(server, "/");
  raw.send('423["server-ack",1000]');
  const question = await raw.next();
  const match = /^42(\d+)\["question",42\]$/.exec(question);
  assert.ok(match, question);
  raw.send(`461-${match[1]}[{"_placeholder":true,"num":0}]`);
  raw.send(Buffer.from([5]));
  const header = await raw.next();
  // The server sends the reply to our ack id 3: [null, [<Buffer 05>]].
  assert.ok(header.startsWith("461-3["), header);
  assert.deepEqual(JSON.parse(header.slice("461-3".length)), [null, [{ _placeholder: true, num: 0 }]]);
  assert.deepEqual([...(await raw.next())], [5]);
});

test("server→client ack answered by the client", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  socket.on("question", (n, cb) => cb(n + 1, "second"));
  assert.deepEqual(await request(socket, "server-ack", 1000), [null, [43, "second"]]);
});

test("server→client ack times out when the client does not answer", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const questions = [];
  socket.on("question", (n) => questions.push(n)); // no callback call
  const started = Date.now();
  assert.deepEqual(await request(socket, "server-ack", 200), ["operation has timed out", []]);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 180, `timed out after ${elapsed} ms`);
  assert.deepEqual(questions, [42]);
});

test("a late answer after the timeout is ignored", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  socket.on("question", (n, cb) => setTimeout(() => cb("late"), 300));
  assert.deepEqual(await request(socket, "server-ack", 100), ["operation has timed out", []]);
  await delay(350);
  // The connection is unharmed by the stray ACK.
  assert.deepEqual(await request(socket, "ack", "ok"), ["ok"]);
});

test("emitWithAck on the server resolves with the first answer argument", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  socket.on("question", (n, cb) => cb({ answer: n }, "ignored"));
  assert.deepEqual(await request(socket, "emit-with-ack", 1000), [null, { answer: 42 }]);
});

test("emitWithAck on the server rejects with 'operation has timed out'", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  assert.deepEqual(await request(socket, "emit-with-ack", 150), ["operation has timed out", null]);
});

test("events without a server handler are ignored", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  let answered = false;
  socket.emit("no-such-event", 1, 2);
  socket.emit("no-such-event-with-ack", () => {
    answered = true;
  });
  assert.deepEqual(await request(socket, "ack", "alive"), ["alive"]);
  await delay(QUIET_MS);
  assert.equal(answered, false, "an event without a handler is never acknowledged");
});

test("rooms: a socket is in its own room", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/custom");
  assert.deepEqual(await request(socket, "rooms"), [[socket.id]]);
});

test("handshake details", T, async (t) => {
  const server = await startServer(t);
  const before = Date.now();
  const socket = await connectSocket(server, "/", {
    transports: ["websocket"],
    query: { foo: "bar", n: "1" },
    auth: { token: "t" },
    extraHeaders: { "user-agent": "sio-interop/1.0" },
  });
  const [handshake] = await request(socket, "handshake");
  assert.deepEqual(handshake.auth, { token: "t" });
  assert.deepEqual(handshake.query, { EIO: "4", transport: "websocket", foo: "bar", n: "1" });
  assert.deepEqual(handshake.headers, { host: `127.0.0.1:${server.port}`, "user-agent": "sio-interop/1.0" });
  assert.equal(typeof handshake.issued, "number");
  assert.ok(handshake.issued >= before - 1000 && handshake.issued <= Date.now() + 1000, `issued ${handshake.issued}`);
  assert.equal(typeof handshake.time, "string");
  // Date.prototype.toString() format, e.g. "Sun Nov 22 2026 03:07:02 GMT+0000 (Coordinated Universal Time)".
  assert.match(handshake.time, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4}/);
  assert.ok(Math.abs(Date.parse(handshake.time) - handshake.issued) < 2000, handshake.time);
  assert.equal(typeof handshake.url, "string");
  assert.ok(handshake.url.startsWith("/socket.io/?"), handshake.url);
  const urlQuery = Object.fromEntries(new URL(handshake.url, "http://x").searchParams);
  assert.deepEqual(urlQuery, { EIO: "4", transport: "websocket", foo: "bar", n: "1" });
  assert.equal(handshake.xdomain, false);
  assert.equal(handshake.secure, false);
  assert.equal(handshake.address, "127.0.0.1");
});

test("handshake details over polling: the first request's query and url", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", {
    transports: ["polling"],
    query: { foo: "bar" },
    extraHeaders: { "user-agent": "sio-interop/1.0", origin: "http://example.com" },
  });
  const [handshake] = await request(socket, "handshake");
  assert.equal(handshake.query.EIO, "4");
  assert.equal(handshake.query.transport, "polling");
  assert.equal(handshake.query.foo, "bar");
  assert.ok(handshake.url.includes("transport=polling"), handshake.url);
  assert.equal(handshake.headers["user-agent"], "sio-interop/1.0");
  // xdomain is true when the request had an Origin header.
  assert.equal(handshake.xdomain, true);
  assert.deepEqual(handshake.auth, {});
});

test("socket.data: set-data merges, get-data returns it", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/");
  assert.deepEqual(await request(socket, "get-data"), [{}]);
  assert.deepEqual(await request(socket, "set-data", { name: "alice", score: 1 }), []);
  assert.deepEqual(await request(socket, "set-data", { score: 2, tags: ["x"] }), []);
  assert.deepEqual(await request(socket, "get-data"), [{ name: "alice", score: 2, tags: ["x"] }]);
  // Data is per socket.
  const other = await connectSocket(server, "/");
  assert.deepEqual(await request(other, "get-data"), [{}]);
});

test("count: sockets connected to the namespace", T, async (t) => {
  const server = await startServer(t);
  const a = await connectSocket(server, "/");
  assert.deepEqual(await request(a, "count"), [1]);
  const b = await connectSocket(server, "/");
  const c = await connectSocket(server, "/custom");
  assert.deepEqual(await request(b, "count"), [2]);
  assert.deepEqual(await request(c, "count"), [1]);
  const bId = b.id;
  b.disconnect();
  await server.waitForLine(`DISCONNECT / ${bId} client namespace disconnect`);
  assert.deepEqual(await request(a, "count"), [1]);
});

test("server-side-emit is a harmless no-op without a cluster", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/");
  assert.deepEqual(await request(socket, "server-side-emit", "cluster-event", 1, "two"), ["ok"]);
  socket.emit("server-side-emit", "no-ack");
  await sync(socket);
  assert.deepEqual(await request(socket, "ack", "alive"), ["alive"]);
});

test("a large text event (500 kB) round trip", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const big = "x".repeat(500_000);
  const echoed = nextEvent(socket, "echo");
  socket.emit("echo", big);
  const [back] = await echoed;
  assert.equal(back.length, big.length);
});

test("many events keep their order", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["polling"], upgrade: false });
  const received = [];
  socket.on("echo", (n) => received.push(n));
  for (let i = 0; i < 200; i++) socket.emit("echo", i);
  await sync(socket);
  await delay(100);
  assert.deepEqual(received, Array.from({ length: 200 }, (_, i) => i));
});
