import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { connectClient, nextEvent, openClient, roundTrip, startServer } from "./harness.mjs";

const DENY_MESSAGE = "you shall not pass";

test("a refused polling client gets an error carrying the refusal message", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", DENY_MESSAGE]);
  const socket = openClient(t, server, { transports: ["polling"], query: { deny: "1" } });
  const closed = nextEvent(socket, "close");
  // The XHR is cleaned up right after the event: read its body synchronously.
  const errored = new Promise((resolve) => {
    socket.once("error", (error) => resolve({ error, body: error.context?.responseText }));
  });
  const { error, body } = await errored;

  assert.equal(error.type, "TransportError");
  assert.equal(error.message, "xhr poll error");
  assert.equal(error.description, 403);
  assert.deepEqual(JSON.parse(body), { code: 4, message: DENY_MESSAGE });

  const [reason] = await closed;
  assert.equal(reason, "transport error");
  await server.waitForLine("CONNECTION_ERROR 4 Forbidden");
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECTION ")), "no session was created");
});

test("a refused websocket client gets a websocket error and no session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", DENY_MESSAGE]);
  const socket = openClient(t, server, { transports: ["websocket"], query: { deny: "1" } });
  const closed = nextEvent(socket, "close");
  const [error] = await nextEvent(socket, "error");

  assert.equal(error.type, "TransportError");
  assert.equal(error.message, "websocket error");
  // engine.io refuses upgrades with 400 whatever the error; 403 would be an
  // equally clear refusal of a forbidden handshake.
  assert.match(String(error.description?.message), /Unexpected server response: 40[03]/);

  const [reason] = await closed;
  assert.equal(reason, "transport error");
  await server.waitForLine("CONNECTION_ERROR 4 Forbidden");
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECTION ")), "no session was created");
});

test("an allowed client connects and upgrades while allowRequest is installed", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", DENY_MESSAGE]);
  const socket = openClient(t, server, { query: { deny: "0" } });
  await nextEvent(socket, "upgrade");
  assert.equal(await roundTrip(socket, "welcome"), "welcome");
  await server.waitForLine(`UPGRADE ${socket.id} websocket`);
});

test("an allowed websocket-only client connects while allowRequest is installed", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", DENY_MESSAGE]);
  const socket = await connectClient(t, server, { transports: ["websocket"] });
  assert.equal(await roundTrip(socket, "welcome"), "welcome");
});

test("refusals do not disturb other clients", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", DENY_MESSAGE]);
  const good = await connectClient(t, server, { transports: ["websocket"] });
  for (let i = 0; i < 5; i += 1) {
    const denied = openClient(t, server, { transports: ["polling"], query: { deny: "1" } });
    await nextEvent(denied, "close");
  }
  await delay(50);
  assert.equal(await roundTrip(good, "still fine"), "still fine");
});
