// Hostile and malformed Socket.IO packets sent by hand over raw Engine.IO
// WebSocket and polling connections. The reference closes the whole
// connection ("forced close" on both the socket and the Engine.IO
// connection) on any packet its decoder rejects; other clients never notice.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  QUIET_MS,
  RawWs,
  collect,
  connectSocket,
  nextEvent,
  pollPath,
  rawPollingHandshake,
  rawRequest,
  rawSioConnect,
  request,
  startServer,
} from "./harness.mjs";

const T = { timeout: 15_000 };

const placeholders = (count, from = 0) =>
  Array.from({ length: count }, (_, i) => ({ _placeholder: true, num: from + i }));

/** A socket.io-client bystander that must not notice anything. */
async function bystander(server) {
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const gone = collect(socket, "disconnect");
  return {
    async check() {
      assert.deepEqual(await request(socket, "ack", "unaffected"), ["unaffected"]);
      assert.deepEqual(gone, []);
      assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${socket.id}`)));
    },
  };
}

/** The raw connection is closed by the server, with the reference's reasons. */
async function expectClosed(server, raw, eid, sid) {
  await raw.waitClosed();
  if (sid !== undefined) {
    await server.waitForLine(`DISCONNECTING / ${sid} forced close`);
    await server.waitForLine(`DISCONNECT / ${sid} forced close`);
  }
  await server.waitForLine(`ENGINE_CLOSE ${eid} forced close`);
}

// Each case: the frames sent after joining "/" (strings are text frames,
// Buffers binary frames); the connection must be closed.
const FATAL = [
  ["malformed JSON", ["42{bad"]],
  ["truncated JSON array", ['42["echo",1']],
  ["event payload that is not an array", ['42{"a":1}']],
  ["event payload that is a string", ['42"echo"']],
  ["empty event array", ["42[]"]],
  ["event name that is an object", ['42[{"a":1}]']],
  ["unknown packet type 9", ['49["x"]']],
  ["packet type that is not a digit", ['4x["x"]']],
  ["reserved event name 'disconnect'", ['42["disconnect","x"]']],
  ["reserved event name 'connect'", ['42["connect"]']],
  ["reserved event name 'connect_error'", ['42["connect_error"]']],
  ["reserved event name 'disconnecting'", ['42["disconnecting"]']],
  ["reserved event name 'newListener'", ['42["newListener"]']],
  ["reserved event name 'removeListener'", ['42["removeListener"]']],
  ["ack payload that is not an array", ['431{"a":1}']],
  ["DISCONNECT with a payload", ['41{"a":1}']],
  ["CONNECT_ERROR sent by a client", ['44{"message":"x"}']],
  ["second CONNECT to a joined namespace", ["40"]],
  ["event for a namespace that was not joined", ['42/custom,["echo",1]']],
  ["event for an unknown namespace", ['42/nope,["echo",1]']],
  ["binary attachment count 1e9 (51000000000-)", [`451000000000-${JSON.stringify(["binary-echo", ...placeholders(1)])}`]],
  ["binary attachment count 11 (over the limit of 10)", [`4511-${JSON.stringify(["binary-echo", ...placeholders(11)])}`]],
  ["binary attachment count 0", [`450-${JSON.stringify(["binary-echo"])}`]],
  ["binary attachment count that is not a number", [`45x-${JSON.stringify(["binary-echo", ...placeholders(1)])}`]],
  ["binary attachment count without '-'", [`451${JSON.stringify(["binary-echo", ...placeholders(1)])}`]],
  ["placeholder index out of range", [`451-${JSON.stringify(["binary-echo", ...placeholders(1, 5)])}`, Buffer.from([1])]],
  ["negative placeholder index", [`451-${JSON.stringify(["binary-echo", { _placeholder: true, num: -1 }])}`, Buffer.from([1])]],
  ["placeholder index that is a string", [`451-${JSON.stringify(["binary-echo", { _placeholder: true, num: "0" }])}`, Buffer.from([1])]],
  ["binary frame without a binary packet", [Buffer.from([1, 2, 3])]],
  ["text packet while attachments are awaited", [`451-${JSON.stringify(["binary-echo", ...placeholders(1)])}`, '42["echo",1]']],
  ["binary ack with an out-of-range placeholder", [`461-0${JSON.stringify([{ _placeholder: true, num: 3 }])}`, Buffer.from([1])]],
];

// One server for all the cases (each on its own connection), to keep the suite fast.
test("websocket: packets the decoder rejects close the connection", { timeout: 60_000 }, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  for (const [name, frames] of FATAL) {
    await t.test(name, T, async () => {
      const { raw, eid, sid } = await rawSioConnect(server, "/");
      for (const frame of frames) raw.send(frame);
      await expectClosed(server, raw, eid, sid);
      // No answer to the bad packet was sent before the close.
      assert.deepEqual(raw.messages, []);
      await other.check();
    });
  }
});

test("websocket: an event before any CONNECT closes the connection (no socket existed)", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const raw = new RawWs(server);
  const { sid: eid } = await raw.handshake();
  raw.send('42["echo",1]');
  await expectClosed(server, raw, eid);
  assert.deepEqual(raw.messages, []);
  assert.equal(server.count(/^CONNECT \/ /), 1, "only the bystander ever connected");
  await other.check();
});

test("websocket: CONNECT with an auth payload that is not an object closes the connection", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  for (const bad of ['40"token"', "40[1]", "40null", "40{bad"]) {
    const raw = new RawWs(server);
    const { sid: eid } = await raw.handshake();
    raw.send(bad);
    await expectClosed(server, raw, eid);
    assert.deepEqual(raw.messages, [], bad);
  }
  await other.check();
});

test("websocket: exactly 10 binary attachments are accepted", T, async (t) => {
  const server = await startServer(t);
  const { raw } = await rawSioConnect(server, "/");
  raw.send(`4510-${JSON.stringify(["binary-echo", ...placeholders(10)])}`);
  for (let i = 0; i < 10; i++) raw.send(Buffer.from([i]));
  const header = await raw.next();
  assert.ok(header.startsWith("4510-["), header);
  for (let i = 0; i < 10; i++) assert.deepEqual([...(await raw.next())], [i]);
});

test("socket.io-client: 10 buffers in one event pass, 11 close the connection", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const ten = Array.from({ length: 10 }, (_, i) => Buffer.from([i]));
  const echoed = nextEvent(socket, "binary-echo");
  socket.emit("binary-echo", ...ten);
  assert.equal((await echoed).length, 10);
  const id = socket.id;
  const gone = nextEvent(socket, "disconnect");
  socket.emit("binary-echo", ...ten, Buffer.from([10]));
  assert.equal((await gone)[0], "transport close");
  await server.waitForLine(`DISCONNECT / ${id} forced close`);
});

test("websocket: an ACK for an unknown id is ignored", T, async (t) => {
  const server = await startServer(t);
  const { raw, sid } = await rawSioConnect(server, "/");
  raw.send("4399[1]");
  raw.send('4312345["x"]');
  raw.send('42["echo","alive"]');
  assert.equal(await raw.next(), '42["echo","alive"]');
  assert.equal(raw.closeInfo, null);
  assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${sid}`)));
});

test("websocket: large ack ids are answered with the same id (up to 2^53-1)", T, async (t) => {
  const server = await startServer(t);
  const { raw } = await rawSioConnect(server, "/");
  raw.send('424294967296["ack",1]');
  assert.equal(await raw.next(), "434294967296[1]");
  raw.send('429007199254740991["ack",2]');
  assert.equal(await raw.next(), "439007199254740991[2]");
  raw.send('420["ack",0]');
  assert.equal(await raw.next(), "430[0]");
});

test("websocket: an absurd ack id (400 digits) never harms the server", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const { raw } = await rawSioConnect(server, "/");
  raw.send(`42${"9".repeat(400)}["ack",1]`);
  // The reference parses the id as a JS number and answers "43Infinity[1]";
  // closing the connection is an equally good answer. Either way the
  // connection must not keep going with a wrong state: check what follows.
  await delay(QUIET_MS);
  if (raw.closeInfo === null) {
    raw.send('42["echo","after"]');
    const next = await raw.nextMatching((m) => typeof m === "string" && m.startsWith('42["echo"'), 3000).catch(
      (err) => err,
    );
    if (!(next instanceof Error)) assert.equal(next, '42["echo","after"]');
  }
  await other.check();
});

test("websocket: a numeric event name is accepted and ignored (no handler)", T, async (t) => {
  const server = await startServer(t);
  const { raw, sid } = await rawSioConnect(server, "/");
  raw.send("42[1,2]");
  raw.send('42["echo","alive"]');
  assert.equal(await raw.next(), '42["echo","alive"]');
  assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${sid}`)));
});

test("websocket: a very long event name and deep-ish nesting are handled", T, async (t) => {
  const server = await startServer(t);
  const { raw } = await rawSioConnect(server, "/");
  const name = "e".repeat(10_000);
  raw.send(`42${JSON.stringify([name, 1])}`);
  const nested = JSON.parse(`${"[".repeat(100)}1${"]".repeat(100)}`);
  raw.send(`42${JSON.stringify(["echo", nested])}`);
  assert.deepEqual(JSON.parse((await raw.next()).slice(2)), ["echo", nested]);
});

test("websocket: a flood of bad connections leaves the server serving", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const raws = [];
  for (let i = 0; i < 20; i++) {
    const raw = new RawWs(server);
    raws.push(raw);
    raw.opened().then(() => raw.send(i % 2 ? "42{bad" : `451000000000-[]`)).catch(() => {});
  }
  await Promise.all(raws.map((raw) => raw.waitClosed()));
  await other.check();
});

// --- the same over HTTP long-polling ---------------------------------------

/** Raw polling session joined to "/": resolves with { sid (engine), socketId, path }. */
async function pollingJoin(server) {
  const { sid } = await rawPollingHandshake(server);
  const path = pollPath({ sid });
  const post = await rawRequest(server, { method: "POST", path, body: "40" });
  assert.equal(post.status, 200);
  const poll = await rawRequest(server, { path });
  const [connect, welcome] = poll.text.split("\x1e");
  assert.match(connect, /^40\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
  assert.ok(welcome.startsWith('42["welcome",'), welcome);
  return { sid, socketId: JSON.parse(connect.slice(2)).sid, path };
}

/** Polls until the server's close packet ("1") arrives; the session is then gone. */
async function expectPollingClosed(server, path) {
  const deadline = Date.now() + 3000;
  for (;;) {
    assert.ok(Date.now() < deadline, "no close packet within 3 s");
    const poll = await rawRequest(server, { path });
    if (poll.status === 400) {
      assert.deepEqual(JSON.parse(poll.text), { code: 1, message: "Session ID unknown" });
      return;
    }
    assert.equal(poll.status, 200);
    const packets = poll.text.split("\x1e");
    if (packets.includes("1")) break;
    if (packets.includes("2")) await rawRequest(server, { method: "POST", path, body: "3" });
  }
  const after = await rawRequest(server, { path });
  assert.equal(after.status, 400);
  assert.deepEqual(JSON.parse(after.text), { code: 1, message: "Session ID unknown" });
}

const POLLING_FATAL = [
  ["malformed JSON", "42{bad"],
  ["reserved event name", '42["disconnect"]'],
  ["huge attachment count", `451000000000-${JSON.stringify(["binary-echo", ...placeholders(1)])}`],
  ["placeholder index out of range (attachment as b64)", `451-${JSON.stringify(["binary-echo", ...placeholders(1, 7)])}\x1ebAQI=`],
  ["base64 attachment without a binary packet", "bAQID"],
];

test("polling: packets the decoder rejects close the session", { timeout: 60_000 }, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  for (const [name, body] of POLLING_FATAL) {
    await t.test(name, T, async () => {
      const { sid, socketId, path } = await pollingJoin(server);
      const post = await rawRequest(server, { method: "POST", path, body });
      assert.equal(post.status, 200);
      await expectPollingClosed(server, path);
      await server.waitForLine(`DISCONNECT / ${socketId} forced close`);
      await server.waitForLine(`ENGINE_CLOSE ${sid} forced close`);
      await other.check();
    });
  }
});

test("polling: an event before any CONNECT closes the session", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const { sid } = await rawPollingHandshake(server);
  const path = pollPath({ sid });
  const post = await rawRequest(server, { method: "POST", path, body: '42["echo",1]' });
  assert.equal(post.status, 200);
  await expectPollingClosed(server, path);
  await server.waitForLine(`ENGINE_CLOSE ${sid} forced close`);
  await other.check();
});

test("polling: a binary event with a base64 attachment is echoed as base64", T, async (t) => {
  const server = await startServer(t);
  const { path } = await pollingJoin(server);
  const body = `451-${JSON.stringify(["binary-echo", { data: { _placeholder: true, num: 0 } }])}\x1ebAQID`;
  assert.equal((await rawRequest(server, { method: "POST", path, body })).status, 200);
  const poll = await rawRequest(server, { path });
  const packets = poll.text.split("\x1e");
  assert.equal(packets.length, 2, poll.text);
  assert.deepEqual(JSON.parse(packets[0].slice("451-".length)), ["binary-echo", { data: { _placeholder: true, num: 0 } }]);
  assert.ok(packets[0].startsWith("451-["));
  assert.equal(packets[1], "bAQID");
});
