import assert from "node:assert/strict";
import { test } from "node:test";
import { WebSocket } from "ws";
import { nextEvent, pollPath, rawRequest, startServer } from "./harness.mjs";

/**
 * Encodes packets as an Engine.IO v3 text payload: `<length>:<packet>` per
 * packet, where the length counts UTF-16 code units (JavaScript string length).
 */
const encodeV3 = (packets) => packets.map((packet) => `${packet.length}:${packet}`).join("");

/** Decodes an Engine.IO v3 text payload into its packets. */
function decodeV3(payload) {
  const packets = [];
  let rest = payload;
  while (rest.length > 0) {
    const colon = rest.indexOf(":");
    assert.ok(colon > 0, `malformed v3 payload ${JSON.stringify(payload)}`);
    const length = Number(rest.slice(0, colon));
    assert.ok(Number.isInteger(length), `bad length in ${JSON.stringify(payload)}`);
    packets.push(rest.slice(colon + 1, colon + 1 + length));
    rest = rest.slice(colon + 1 + length);
  }
  return packets;
}

async function handshakeV3(server) {
  const res = await rawRequest(server, { path: pollPath({ EIO: "3", transport: "polling" }) });
  assert.equal(res.status, 200, res.text);
  const [openPacket, ...others] = decodeV3(res.text);
  assert.deepEqual(others, []);
  assert.equal(openPacket[0], "0");
  return { res, open: JSON.parse(openPacket.slice(1)) };
}

test("EIO 3 polling handshake is a length-prefixed open packet", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--allow-eio3"]);
  const { res, open } = await handshakeV3(server);

  assert.match(res.text, /^\d+:0\{/);
  const prefix = Number(res.text.slice(0, res.text.indexOf(":")));
  assert.equal(prefix, res.text.length - res.text.indexOf(":") - 1, "the prefix is the packet length");
  assert.equal(res.headers["content-type"], "text/plain; charset=UTF-8");
  assert.match(open.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.deepEqual(open.upgrades, ["websocket"]);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 200);
  await server.waitForLine(`CONNECTION ${open.sid} polling`);
});

test("EIO 3 is refused with error 5 without --allow-eio3", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: pollPath({ EIO: "3", transport: "polling" }) });
  assert.equal(res.status, 400);
  assert.deepEqual(JSON.parse(res.text), { code: 5, message: "Unsupported protocol version" });
});

test("EIO 3 polling: messages and client pings are answered in v3 payloads", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--allow-eio3"]);
  const { open } = await handshakeV3(server);
  const path = pollPath({ EIO: "3", transport: "polling", sid: open.sid });

  const unicode = "4héllo 🚀";
  const post = await rawRequest(server, {
    method: "POST",
    path,
    headers: { "Content-Type": "text/plain;charset=UTF-8" },
    body: encodeV3(["4hello", unicode, "2"]),
  });
  assert.equal(post.status, 200);
  assert.equal(post.text, "ok");

  const poll = await rawRequest(server, { path });
  assert.equal(poll.status, 200);
  // In v3 the client pings and the server answers with a pong.
  assert.deepEqual(decodeV3(poll.text), ["4hello", unicode, "3"]);
});

test("EIO 3 polling: a client that never pings is closed with 'ping timeout'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--allow-eio3"]);
  const started = Date.now();
  const { open } = await handshakeV3(server);
  await server.waitForLine(`CLOSE ${open.sid} ping timeout`, 3000);
  // v3 waits pingInterval + pingTimeout for the client's ping.
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 450 && elapsed <= 900, `closed after ${elapsed} ms`);
});

test("EIO 3 websocket: open packet, echo and ping/pong", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--allow-eio3"]);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=3&transport=websocket`);
  t.after(() => ws.terminate());

  const [openPacket] = await nextEvent(ws, "message");
  // No length prefix on a WebSocket.
  assert.match(openPacket.toString(), /^0\{/);
  const { sid } = JSON.parse(openPacket.toString().slice(1));

  ws.send("4hi there");
  assert.equal((await nextEvent(ws, "message"))[0].toString(), "4hi there");
  ws.send("2");
  assert.equal((await nextEvent(ws, "message"))[0].toString(), "3");
  await server.waitForLine(`CONNECTION ${sid} websocket`);
});
