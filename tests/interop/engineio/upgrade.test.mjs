import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { WebSocket } from "ws";
import { nextEvent, pollPath, rawHandshake, rawRequest, startServer } from "./harness.mjs";

const QUIET = ["--ping-interval", "5000", "--ping-timeout", "5000"];

/** Collects the text/binary messages of a raw WebSocket. */
function collect(ws) {
  const messages = [];
  ws.on("message", (data, isBinary) => messages.push(isBinary ? Buffer.from(data) : data.toString()));
  return messages;
}

async function waitForCount(messages, count, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (messages.length < count) {
    if (Date.now() > deadline) throw new Error(`got ${JSON.stringify(messages)}, wanted ${count} messages`);
    await delay(10);
  }
}

const upgradeUrl = (server, sid) =>
  `ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket&sid=${sid}`;

test("raw upgrade: probe, noop for the pending poll, upgrade packet", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const pendingPoll = rawRequest(server, { path });
  await delay(50);

  const ws = new WebSocket(upgradeUrl(server, open.sid));
  t.after(() => ws.terminate());
  const messages = collect(ws);
  await nextEvent(ws, "open");
  // Nothing is sent on the new WebSocket before the probe.
  await delay(50);
  assert.deepEqual(messages, []);

  ws.send("2probe");
  await waitForCount(messages, 1);
  assert.equal(messages[0], "3probe");

  // The pending poll is released with a noop so the client can pause polling.
  const poll = await pendingPoll;
  assert.equal(poll.status, 200);
  assert.equal(poll.text, "6");

  ws.send("5");
  await server.waitForLine(`UPGRADE ${open.sid} websocket`);

  ws.send("4over websocket");
  await waitForCount(messages, 2);
  assert.equal(messages[1], "4over websocket");
});

test("raw upgrade: messages queued during the upgrade are delivered on the WebSocket", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const ws = new WebSocket(upgradeUrl(server, open.sid));
  t.after(() => ws.terminate());
  const messages = collect(ws);
  await nextEvent(ws, "open");
  ws.send("2probe");
  await waitForCount(messages, 1);

  // Still on polling: this echo is queued for the polling transport.
  const post = await rawRequest(server, { method: "POST", path, body: "4queued" });
  assert.equal(post.status, 200);

  ws.send("5");
  await server.waitForLine(`UPGRADE ${open.sid} websocket`);
  await waitForCount(messages, 2);
  assert.deepEqual(messages, ["3probe", "4queued"]);
});

test("after the upgrade the polling transport is refused with 'Bad request'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const { open } = await rawHandshake(server);
  const ws = new WebSocket(upgradeUrl(server, open.sid));
  t.after(() => ws.terminate());
  const messages = collect(ws);
  await nextEvent(ws, "open");
  ws.send("2probe");
  await waitForCount(messages, 1);
  ws.send("5");
  await server.waitForLine(`UPGRADE ${open.sid} websocket`);

  const res = await rawRequest(server, { path: pollPath({ EIO: "4", transport: "polling", sid: open.sid }) });
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), { code: 3, message: "Bad request" });
});

test("an upgrade that never completes is dropped after upgradeTimeout; polling goes on", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, [...QUIET, "--upgrade-timeout", "300"]);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const ws = new WebSocket(upgradeUrl(server, open.sid));
  t.after(() => ws.terminate());
  const messages = collect(ws);
  const closed = nextEvent(ws, "close", 3000);
  await nextEvent(ws, "open");
  const started = Date.now();
  ws.send("2probe");
  await waitForCount(messages, 1);
  // Never send "5".
  await closed;
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 250 && elapsed <= 1500, `upgrade dropped after ${elapsed} ms`);

  // The session is still alive on polling.
  const post = await rawRequest(server, { method: "POST", path, body: "4still polling" });
  assert.equal(post.status, 200);
  const poll = await rawRequest(server, { path });
  assert.equal(poll.text, "4still polling");
  assert.ok(!server.lines.some((line) => line.startsWith("UPGRADE ")));
  assert.ok(!server.lines.some((line) => line.startsWith("CLOSE ")));
});

test("raw websocket: binary messages are binary frames without a type prefix", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  t.after(() => ws.terminate());
  const messages = collect(ws);
  await waitForCount(messages, 1);
  assert.match(messages[0], /^0\{/);

  ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
  await waitForCount(messages, 2);
  assert.ok(Buffer.isBuffer(messages[1]), "the echo is a binary frame");
  assert.deepEqual(messages[1], Buffer.from([0xde, 0xad, 0xbe, 0xef]));

  ws.send("4text");
  await waitForCount(messages, 3);
  assert.equal(messages[2], "4text");
});

test("raw polling: binary travels as 'b' + base64", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const payload = Buffer.from([0, 255, 128, 64]).toString("base64");
  const post = await rawRequest(server, { method: "POST", path, body: `b${payload}` });
  assert.equal(post.status, 200);
  const poll = await rawRequest(server, { path });
  assert.equal(poll.text, `b${payload}`);
});

test("binary posted over polling during the upgrade is echoed as a binary frame", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const ws = new WebSocket(upgradeUrl(server, open.sid));
  t.after(() => ws.terminate());
  const messages = collect(ws);
  await nextEvent(ws, "open");
  ws.send("2probe");
  await waitForCount(messages, 1);

  // Posted as base64 over polling, queued while the upgrade is in progress.
  const post = await rawRequest(server, { method: "POST", path, body: `b${Buffer.from([1, 2, 3]).toString("base64")}` });
  assert.equal(post.status, 200);

  ws.send("5");
  await server.waitForLine(`UPGRADE ${open.sid} websocket`);
  await waitForCount(messages, 2);
  assert.ok(Buffer.isBuffer(messages[1]), `expected a binary frame, got ${JSON.stringify(messages[1])}`);
  assert.deepEqual(messages[1], Buffer.from([1, 2, 3]));
});
