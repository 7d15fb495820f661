import assert from "node:assert/strict";
import { test } from "node:test";
import { rawHandshake, rawRequest, startServer } from "./harness.mjs";

const SID_PATTERN = /^[A-Za-z0-9_-]{20}$/;

test("polling handshake answers an open packet with the configured values", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "300", "--ping-timeout", "200"]);
  const { open, res } = await rawHandshake(server);

  assert.equal(res.status, 200);
  assert.equal(res.headers["content-type"], "text/plain; charset=UTF-8");
  assert.equal(res.headers["cache-control"], "no-store");
  assert.equal(res.text[0], "0", "first packet is an open packet");

  assert.deepEqual(Object.keys(open).sort(), ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"]);
  assert.match(open.sid, SID_PATTERN);
  assert.deepEqual(open.upgrades, ["websocket"]);
  assert.equal(open.pingInterval, 300);
  assert.equal(open.pingTimeout, 200);
  assert.equal(open.maxPayload, 1_000_000);

  await server.waitForLine(`CONNECTION ${open.sid} polling`);
});

test("handshake advertises maxPayload from --max-http-buffer-size", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--max-http-buffer-size", "4096"]);
  const { open } = await rawHandshake(server);
  assert.equal(open.maxPayload, 4096);
});

test("session ids are unique across handshakes", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const sids = new Set();
  for (let i = 0; i < 20; i += 1) {
    const { open } = await rawHandshake(server);
    assert.match(open.sid, SID_PATTERN);
    sids.add(open.sid);
  }
  assert.equal(sids.size, 20);
});

test("--no-upgrades advertises no upgrades", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--no-upgrades"]);
  const { open } = await rawHandshake(server);
  assert.deepEqual(open.upgrades, []);
});

test("polling-only transports advertise no upgrades", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--transports", "polling"]);
  const { open } = await rawHandshake(server);
  assert.deepEqual(open.upgrades, []);
});

test("--path moves the endpoint", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--path", "/custom-eio/"]);
  const res = await rawRequest(server, { path: "/custom-eio/?EIO=4&transport=polling" });
  assert.equal(res.status, 200);
  assert.match(res.text, /^0\{/);

  // The default path is no longer an Engine.IO endpoint.
  const other = await rawRequest(server, { path: "/engine.io/?EIO=4&transport=polling" });
  assert.equal(other.status, 404);
});

test("a long-poll GET is held until the first ping is due and then answered with 2", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  // The next GET waits for the server's first ping (pingInterval 300 ms).
  const started = Date.now();
  const res = await rawRequest(server, {
    path: `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`,
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, "2");
  assert.ok(Date.now() - started >= 200, "the poll is held until the ping is due");
});

test("SIGTERM makes the server exit with status 0 promptly", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  await rawHandshake(server);
  const { code, elapsedMs } = await server.terminate();
  assert.equal(code, 0);
  assert.ok(elapsedMs < 2000, `exited after ${elapsedMs} ms`);
});
