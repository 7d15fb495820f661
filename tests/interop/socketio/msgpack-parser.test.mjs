// The server started with `--parser msgpack` (Node: `parser: require("socket.io-msgpack-parser")`)
// and socket.io-client made with the same parser: every packet is one binary Engine.IO message,
// the MessagePack packet object. Over polling, WebSocket and the upgrade; raw frames made with the
// package's own Encoder and read with its Decoder. A missing package fails this file.

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  QUIET_MS,
  RawWs,
  collect,
  connectSocket,
  nextEvent,
  openSocket,
  pollPath,
  rawPollingHandshake,
  rawRequest,
  request,
  startServer,
  sync,
  waitUntil,
} from "./harness.mjs";

const msgpackParser = createRequire(import.meta.url)("socket.io-msgpack-parser");

const T = { timeout: 15_000 };
const MSGPACK = ["--parser", "msgpack"];
const TRANSPORTS = [["websocket"], ["polling"], ["polling", "websocket"]];
const nameOf = (transports) => (transports.length > 1 ? "upgrade" : transports[0]);

/** The package's wire form of a packet object. */
const pack = (packet) => new msgpackParser.Encoder().encode(packet)[0];

/** The packet object the package's decoder reads from `message` (throws when it refuses it). */
function unpack(message) {
  assert.ok(Buffer.isBuffer(message), `expected a binary message, got ${JSON.stringify(message)}`);
  const decoder = new msgpackParser.Decoder();
  let packet;
  decoder.on("decoded", (decoded) => {
    packet = decoded;
  });
  decoder.add(message);
  return packet;
}

/** A MessagePack map of short string keys and raw (already encoded) values, for frames the package would not write. */
function rawMap(entries) {
  const parts = [Buffer.from([0x80 | entries.length])];
  for (const [key, value] of entries) parts.push(Buffer.from([0xa0 | key.length]), Buffer.from(key), value);
  return Buffer.concat(parts);
}
const SLASH = Buffer.from([0xa1, 0x2f]);

/** A socket.io-client socket with the msgpack parser, connected and welcomed. */
function connectMsgpack(server, nsp = "/", options = {}) {
  return connectSocket(server, nsp, { parser: msgpackParser, ...options });
}

/** A raw WebSocket that joined `nsp` with a binary CONNECT; resolves with { raw, eid, sid, welcome }. */
async function rawMsgpackConnect(server, nsp = "/", auth) {
  const raw = new RawWs(server);
  const open = await raw.handshake();
  raw.send(pack(auth === undefined ? { type: 0, nsp } : { type: 0, data: auth, nsp }));
  const answer = unpack(await raw.next());
  assert.equal(answer.type, 0, JSON.stringify(answer));
  assert.equal(answer.nsp, nsp);
  assert.match(answer.data.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.equal(answer.data.pid ?? undefined, undefined, "no pid without recovery");
  const welcome = unpack(await raw.next());
  assert.equal(welcome.type, 2);
  assert.equal(welcome.data[0], "welcome");
  return { raw, eid: open.sid, sid: answer.data.sid, welcome: welcome.data[1] };
}

/** The DISCONNECTING and DISCONNECT lines of one socket, with `reason`. */
async function serverSaw(server, nsp, id, reason) {
  await server.waitForLine(`DISCONNECTING ${nsp} ${id} ${reason}`);
  await server.waitForLine(`DISCONNECT ${nsp} ${id} ${reason}`);
}

const nestedBinary = () => [
  { label: "nested", items: [Buffer.from([1, 2, 3]), { deep: Buffer.alloc(0) }, "text"] },
  Buffer.from("second buffer"),
  [Buffer.from([0xff, 0x00, 0xfe]), 7],
  Buffer.alloc(70_000, 0xab),
];

for (const transports of TRANSPORTS) {
  const via = nameOf(transports);

  test(`msgpack: connect with auth, events and acks both ways (${via})`, T, async (t) => {
    const server = await startServer(t, MSGPACK);
    const auth = { token: "abc", n: 1, list: [true, null] };
    const socket = await connectMsgpack(server, "/custom", { transports, auth });
    const welcome = await socket.welcome;
    assert.equal(welcome.nsp, "/custom");
    assert.equal(welcome.id, socket.id);
    assert.deepEqual(welcome.auth, auth);

    const args = ["text", 42, -1.5, true, false, null, { nested: { list: [1, "two", { three: [null] }] } }, [], {}, "héllo ✓ 𝄞"];
    const echoed = nextEvent(socket, "echo");
    socket.emit("echo", ...args);
    assert.deepEqual(await echoed, args);
    assert.deepEqual(await request(socket, "ack", 1, "two", { three: [3] }, null), [1, "two", { three: [3] }, null]);
    assert.deepEqual(await request(socket, "ack"), []);

    // Server to client acks: an ack callback, and emitWithAck.
    socket.on("question", (n, cb) => cb(n + 1, "answer"));
    assert.deepEqual(await request(socket, "server-ack", 2000), [null, [43, "answer"]]);
    assert.deepEqual(await request(socket, "emit-with-ack", 2000), [null, 43]);

    if (transports.length > 1) {
      await waitUntil(() => socket.io.engine.transport.name === "websocket", 3000, "the upgrade to websocket");
      assert.deepEqual(await request(socket, "ack", "after upgrade"), ["after upgrade"]);
    }
  });

  test(`msgpack: binary anywhere in the arguments, both ways (${via})`, T, async (t) => {
    const server = await startServer(t, MSGPACK);
    const socket = await connectMsgpack(server, "/", { transports });
    const args = nestedBinary();
    const echoed = nextEvent(socket, "binary-echo");
    socket.emit("binary-echo", ...args);
    assert.deepEqual(await echoed, args);
    // And in an ack, binary both in the request and in the answer.
    assert.deepEqual(await request(socket, "ack", { b: Buffer.from([9, 8]) }, [Buffer.from([7])]), [
      { b: Buffer.from([9, 8]) },
      [Buffer.from([7])],
    ]);
  });

  test(`msgpack: server disconnect(false) and disconnect(true) (${via})`, T, async (t) => {
    const server = await startServer(t, MSGPACK);
    const first = await connectMsgpack(server, "/", { transports });
    const firstId = first.id;
    const gone = nextEvent(first, "disconnect");
    first.emit("disconnect-me", false);
    assert.equal((await gone)[0], "io server disconnect");
    await serverSaw(server, "/", firstId, "server namespace disconnect");

    const second = await connectMsgpack(server, "/", { transports });
    const secondId = second.id;
    const engineId = second.io.engine.id;
    const closed = nextEvent(second, "disconnect");
    second.emit("disconnect-me", true);
    assert.equal((await closed)[0], "io server disconnect");
    await serverSaw(server, "/", secondId, "server namespace disconnect");
    await server.waitForLine(`ENGINE_CLOSE ${engineId} forced close`);
  });
}

test("msgpack: a client disconnect reaches the server as 'client namespace disconnect'", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const socket = await connectMsgpack(server, "/", { transports: ["websocket"] });
  const id = socket.id;
  socket.disconnect();
  await serverSaw(server, "/", id, "client namespace disconnect");
});

test("msgpack: rooms and broadcasts reach several clients, binary included", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const a = await connectMsgpack(server, "/", { transports: ["websocket"] });
  const b = await connectMsgpack(server, "/", { transports: ["polling"] });
  const c = await connectMsgpack(server, "/", { transports: ["polling", "websocket"] });
  await request(b, "join", "room");
  await request(c, "join", "room");

  const news = [a, b, c].map((socket) => collect(socket, "news"));
  a.emit("to", "room", "news", 1, { bin: Buffer.from([1, 2]) });
  await waitUntil(() => news[1].length === 1 && news[2].length === 1, 3000, "news for b and c");
  await delay(QUIET_MS);
  assert.deepEqual(news[0], []);
  assert.deepEqual(news[1], [[1, { bin: Buffer.from([1, 2]) }]]);
  assert.deepEqual(news[2], [[1, { bin: Buffer.from([1, 2]) }]]);

  const all = [a, b, c].map((socket) => collect(socket, "all"));
  b.emit("io-emit", "all", "x", Buffer.from([3]));
  await waitUntil(() => all.every((box) => box.length === 1), 3000, "io.emit to everyone");
  for (const box of all) assert.deepEqual(box, [["x", Buffer.from([3])]]);

  // A broadcast with an ack: every member answers.
  for (const socket of [b, c]) socket.on("question", (n, cb) => cb({ from: socket.id, n }));
  const [error, responses] = await request(a, "broadcast-ack", "room", 2000);
  assert.equal(error, null);
  assert.deepEqual(
    responses.sort((x, y) => x.from.localeCompare(y.from)),
    [b, c].map((s) => ({ from: s.id, n: 42 })).sort((x, y) => x.from.localeCompare(y.from)),
  );
});

test("msgpack: refusals are connect_error with message and data", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const refused = openSocket(server, "/auth", { parser: msgpackParser, auth: { token: "wrong" } });
  const [err] = await nextEvent(refused, "connect_error");
  assert.equal(err.message, "unauthorized");
  assert.deepEqual(err.data, { code: 401 });

  const accepted = await connectMsgpack(server, "/auth", { auth: { token: "secret" } });
  assert.deepEqual((await accepted.welcome).auth, { token: "secret" });

  const invalid = openSocket(server, "/nope", { parser: msgpackParser });
  const [err2] = await nextEvent(invalid, "connect_error");
  assert.equal(err2.message, "Invalid namespace");
  assert.equal(err2.data, undefined);
});

test("msgpack: connection state recovery replays what a client missed, offsets included", T, async (t) => {
  const server = await startServer(t, [...MSGPACK, "--recovery", "2000"]);
  const options = {
    transports: ["websocket"],
    reconnection: true,
    reconnectionDelay: 300,
    reconnectionDelayMax: 300,
    randomizationFactor: 0,
  };
  const socket = await connectMsgpack(server, "/", options);
  const other = await connectMsgpack(server, "/", { transports: ["websocket"] });
  await request(socket, "join", "room");
  const id = socket.id;
  const received = collect(socket, "news");

  const back = nextEvent(socket, "connect", 5000);
  socket.emit("close-transport");
  await nextEvent(socket, "disconnect");
  other.emit("nsp-to", "room", "news", "missed", Buffer.from([5]));
  await sync(other);
  await back;
  assert.equal(socket.recovered, true);
  assert.equal(socket.id, id);
  await waitUntil(() => received.length === 1, 3000, "the missed event");
  const [args] = received;
  assert.deepEqual(args.slice(0, 2), ["missed", Buffer.from([5])]);
  assert.equal(typeof args[2], "string", "the offset comes last");
  assert.deepEqual(await request(socket, "rooms"), [[id, "room"]]);
});

test("msgpack wire: one binary message per packet, as the npm package writes it", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const { raw } = await rawMsgpackConnect(server, "/custom", { token: "t" });
  raw.send(pack({ type: 2, data: ["echo", 1, Buffer.from([1, 2])], nsp: "/custom" }));
  assert.deepEqual(await raw.next(), pack({ type: 2, data: ["echo", 1, Buffer.from([1, 2])], nsp: "/custom" }));
  raw.send(pack({ type: 2, data: ["ack", "x", { b: Buffer.from([3]) }], id: 5, nsp: "/custom" }));
  assert.deepEqual(await raw.next(), pack({ id: 5, type: 3, data: ["x", { b: Buffer.from([3]) }], nsp: "/custom" }));
  raw.send(pack({ type: 2, data: ["join", "r"], nsp: "/custom" }));
  raw.send(pack({ type: 2, data: ["nsp-to", "r", "news", Buffer.from([4])], nsp: "/custom" }));
  assert.deepEqual(await raw.next(), pack({ type: 2, data: ["news", Buffer.from([4])], nsp: "/custom" }));
  // A server-side DISCONNECT.
  raw.send(pack({ type: 2, data: ["disconnect-me", false], nsp: "/custom" }));
  assert.deepEqual(await raw.next(), pack({ type: 1, nsp: "/custom" }));
  // A CONNECT_ERROR, and the connection stays.
  raw.send(pack({ type: 0, nsp: "/nope" }));
  assert.deepEqual(unpack(await raw.next()), { type: 4, nsp: "/nope", data: { message: "Invalid namespace" } });
  raw.send(pack({ type: 0, data: { token: "no" }, nsp: "/auth" }));
  assert.deepEqual(unpack(await raw.next()), { type: 4, data: { message: "unauthorized", data: { code: 401 } }, nsp: "/auth" });
  raw.send(pack({ type: 0, data: undefined, nsp: "/" }));
  assert.equal(unpack(await raw.next()).type, 0);
});

test("msgpack wire: polling carries each packet as one base64 binary message", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const { sid } = await rawPollingHandshake(server);
  const post = (body) => rawRequest(server, { method: "POST", path: pollPath({ sid }), body });
  assert.equal((await post(`b${pack({ type: 0, nsp: "/" }).toString("base64")}`)).status, 200);
  const got = await rawRequest(server, { path: pollPath({ sid }) });
  const messages = got.text.split("\x1e");
  assert.ok(messages[0].startsWith("b"), got.text);
  const answer = unpack(Buffer.from(messages[0].slice(1), "base64"));
  assert.equal(answer.type, 0);
  assert.match(answer.data.sid, /^[A-Za-z0-9_-]{20}$/);
});

/** A msgpack socket.io-client bystander that must not notice anything. */
async function bystander(server) {
  const socket = await connectMsgpack(server, "/", { transports: ["websocket"] });
  const gone = collect(socket, "disconnect");
  return async () => {
    assert.deepEqual(await request(socket, "ack", "unaffected", Buffer.from([1])), ["unaffected", Buffer.from([1])]);
    assert.deepEqual(gone, []);
    assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${socket.id}`)));
  };
}

// Each message closes the connection that sends it ("forced close" on its socket and engine).
const HOSTILE = [
  ["a text message (default parser)", '42["echo",1]'],
  ["a text CONNECT", "40"],
  ["garbage byte 0xc1", Buffer.from([0xc1])],
  ["a msgpack array, not a map", Buffer.from([0x92, 0x02, 0xa1, 0x2f])],
  ["trailing bytes", Buffer.concat([pack({ type: 2, data: ["echo"], nsp: "/" }), Buffer.from([0])])],
  ["type 5 (BINARY_EVENT)", pack({ type: 5, data: ["echo"], nsp: "/" })],
  ["type 9", pack({ type: 9, data: ["echo"], nsp: "/" })],
  ["type as a string", pack({ type: "2", data: ["echo"], nsp: "/" })],
  ["nsp a number", pack({ type: 2, data: ["echo"], nsp: 1 })],
  ["nsp missing", pack({ type: 2, data: ["echo"] })],
  ["event data not an array", pack({ type: 2, data: { 0: "echo" }, nsp: "/" })],
  ["ack data not an array", pack({ type: 3, data: "x", id: 0, nsp: "/" })],
  ["id a string", pack({ type: 2, data: ["ack"], id: "1", nsp: "/" })],
  ["id a fraction", pack({ type: 2, data: ["ack"], id: 1.5, nsp: "/" })],
  ["DISCONNECT with data", pack({ type: 1, data: {}, nsp: "/" })],
  ["CONNECT_ERROR from a client", pack({ type: 4, data: "x", nsp: "/" })],
  ["bin32 announcing 4 GiB", rawMap([["type", Buffer.from([2])], ["nsp", SLASH], ["data", Buffer.from([0x92, 0xa1, 0x65, 0xc6, 0xff, 0xff, 0xff, 0xff])]])],
  ["array32 announcing 2^32 - 1 elements", rawMap([["type", Buffer.from([2])], ["nsp", SLASH], ["data", Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff, 0xa1, 0x65])]])],
];

for (const [name, message] of HOSTILE) {
  test(`msgpack hostile: ${name} closes only that connection`, T, async (t) => {
    const server = await startServer(t, MSGPACK);
    const check = await bystander(server);
    const { raw, eid, sid } = await rawMsgpackConnect(server, "/");
    raw.send(message);
    await raw.waitClosed();
    await serverSaw(server, "/", sid, "forced close");
    await server.waitForLine(`ENGINE_CLOSE ${eid} forced close`);
    await check();
  });
}

test("msgpack: arrays nested 100 deep are echoed", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const { raw } = await rawMsgpackConnect(server, "/");
  const data = Buffer.concat([Buffer.from([0x92, 0xa4]), Buffer.from("echo"), Buffer.alloc(100, 0x91), Buffer.from([1])]);
  raw.send(rawMap([["type", Buffer.from([2])], ["data", data], ["nsp", SLASH]]));
  assert.deepEqual(await raw.next(), rawMap([["type", Buffer.from([2])], ["data", data], ["nsp", SLASH]]));
});

test("msgpack hostile: a text message over polling closes that session", T, async (t) => {
  const server = await startServer(t, MSGPACK);
  const check = await bystander(server);
  const { sid } = await rawPollingHandshake(server);
  // A pending long-poll takes the close packet (without one, Node closes at the next poll).
  const poll = rawRequest(server, { path: pollPath({ sid }) });
  await delay(100);
  await rawRequest(server, { method: "POST", path: pollPath({ sid }), body: "40" });
  await server.waitForLine(`ENGINE_CLOSE ${sid} forced close`);
  const got = await poll;
  assert.ok(got.text.split("\x1e").includes("1"), `a close packet in ${JSON.stringify(got.text)}`);
  await check();
});

test("msgpack: a message over --max-http-buffer-size closes the connection ('transport error')", T, async (t) => {
  const server = await startServer(t, [...MSGPACK, "--max-http-buffer-size", "1000"]);
  const check = await bystander(server);
  const socket = await connectMsgpack(server, "/", { transports: ["websocket"] });
  const id = socket.id;
  const gone = nextEvent(socket, "disconnect");
  socket.emit("echo", Buffer.alloc(2000));
  assert.equal((await gone)[0], "transport close");
  await serverSaw(server, "/", id, "transport error");
  // Just under the limit passes.
  const small = await connectMsgpack(server, "/", { transports: ["websocket"] });
  const echoed = nextEvent(small, "echo");
  small.emit("echo", Buffer.alloc(900, 1));
  assert.deepEqual(await echoed, [Buffer.alloc(900, 1)]);
  await check();
});
