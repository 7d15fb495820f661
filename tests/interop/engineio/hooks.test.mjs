// The engine's hooks and counters: custom session ids (engine.generateId),
// the `initial_headers` and `headers` hooks, and the session/packet counters.

import { test } from "node:test";
import assert from "node:assert/strict";
import { connectClient, pollPath, rawHandshake, rawRequest, roundTrip, startServer } from "./harness.mjs";

test("a custom id generator names the sessions", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--id-prefix", "custom-"]);
  const first = await rawHandshake(server);
  const second = await rawHandshake(server);
  assert.equal(first.open.sid, "custom-0");
  assert.equal(second.open.sid, "custom-1");
  await server.waitForLine("CONNECTION custom-1 polling");
});

test("the initial headers hook changes only the handshake response", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--initial-header", "X-First:yes", "--ping-interval", "200"]);
  const { open, res } = await rawHandshake(server);
  assert.equal(res.headers["x-first"], "yes");
  const poll = await rawRequest(server, { path: pollPath({ EIO: "4", transport: "polling", sid: open.sid }) });
  assert.equal(poll.status, 200);
  assert.equal(poll.headers["x-first"], undefined);
});

test("the headers hook changes every transport response", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--header", "X-Every:1", "--ping-interval", "200"]);
  const { open, res } = await rawHandshake(server);
  assert.equal(res.headers["x-every"], "1");
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const post = await rawRequest(server, { method: "POST", path, body: "4hi" });
  assert.equal(post.status, 200);
  assert.equal(post.headers["x-every"], "1");
  const poll = await rawRequest(server, { path });
  assert.equal(poll.headers["x-every"], "1");
});

test("counters report sessions per transport and packets each way", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const polling = await connectClient(t, server, { transports: ["polling"] });
  await connectClient(t, server, { transports: ["websocket"] });

  const before = JSON.parse(await roundTrip(polling, "counters"));
  assert.equal(before.clientsCount, 2);
  assert.equal(before.polling, 1);
  assert.equal(before.websocket, 1);

  for (const word of ["one", "two", "three"]) assert.equal(await roundTrip(polling, word), word);
  const after = JSON.parse(await roundTrip(polling, "counters"));
  // Three messages and the second "counters" came in; three echoes and the first reply went out.
  assert.ok(after.packetsReceived - before.packetsReceived >= 4, JSON.stringify({ before, after }));
  assert.ok(after.packetsSent - before.packetsSent >= 4, JSON.stringify({ before, after }));
  if ("bytesReceived" in after) {
    assert.ok(after.bytesReceived > before.bytesReceived);
    assert.ok(after.bytesSent > before.bytesSent);
  }
});
