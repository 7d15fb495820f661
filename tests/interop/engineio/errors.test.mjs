import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { WebSocket } from "ws";
import { nextEvent, pollPath, rawHandshake, rawRequest, rawTcp, startServer } from "./harness.mjs";

/** Asserts a JSON error answer `{code, message}` with the given status. */
function assertJsonError(res, status, code, message) {
  assert.equal(res.status, status, `status for ${JSON.stringify(res.text)}`);
  assert.match(res.headers["content-type"] ?? "", /^application\/json/);
  assert.deepEqual(JSON.parse(res.text), { code, message });
}

test("error 0: unknown transport answers 400 'Transport unknown'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: pollPath({ EIO: "4", transport: "foo" }) });
  assertJsonError(res, 400, 0, "Transport unknown");
  await server.waitForLine("CONNECTION_ERROR 0 Transport unknown");
});

test("error 0: missing transport answers 400 'Transport unknown'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: pollPath({ EIO: "4" }) });
  assertJsonError(res, 400, 0, "Transport unknown");
});

test("error 1: unknown sid answers 400 'Session ID unknown'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, {
    path: pollPath({ EIO: "4", transport: "polling", sid: "AAAAAAAAAAAAAAAAAAAA" }),
  });
  assertJsonError(res, 400, 1, "Session ID unknown");
  await server.waitForLine("CONNECTION_ERROR 1 Session ID unknown");
});

test("error 1: a POST to an unknown sid answers 400 'Session ID unknown'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, {
    method: "POST",
    path: pollPath({ EIO: "4", transport: "polling", sid: "no-such-session" }),
    body: "4hello",
  });
  assertJsonError(res, 400, 1, "Session ID unknown");
});

test("error 2: a POST handshake answers 400 'Bad handshake method'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, {
    method: "POST",
    path: pollPath({ EIO: "4", transport: "polling" }),
    body: "4hello",
  });
  assertJsonError(res, 400, 2, "Bad handshake method");
  await server.waitForLine("CONNECTION_ERROR 2 Bad handshake method");
});

test("error 3: a plain GET with transport=websocket answers 400 'Bad request'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: pollPath({ EIO: "4", transport: "websocket" }) });
  assertJsonError(res, 400, 3, "Bad request");
  await server.waitForLine("CONNECTION_ERROR 3 Bad request");
});

test("error 3: a non-upgrade websocket request on a polling session answers 400 'Bad request'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const res = await rawRequest(server, {
    path: pollPath({ EIO: "4", transport: "websocket", sid: open.sid }),
  });
  assertJsonError(res, 400, 3, "Bad request");
});

test("error 4: a refused handshake answers 403 with the refusal message", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", "go away"]);
  const res = await rawRequest(server, { path: pollPath({ EIO: "4", transport: "polling", deny: "1" }) });
  assertJsonError(res, 403, 4, "go away");
  // The engine-level event carries the generic message.
  await server.waitForLine("CONNECTION_ERROR 4 Forbidden");

  const accepted = await rawRequest(server, { path: pollPath({ EIO: "4", transport: "polling" }) });
  assert.equal(accepted.status, 200);
  assert.match(accepted.text, /^0\{/);
});

test("error 5: EIO=5 answers 400 'Unsupported protocol version'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: pollPath({ EIO: "5", transport: "polling" }) });
  assertJsonError(res, 400, 5, "Unsupported protocol version");
  await server.waitForLine("CONNECTION_ERROR 5 Unsupported protocol version");
});

test("error 5: a missing EIO answers 400 'Unsupported protocol version'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: pollPath({ transport: "polling" }) });
  assertJsonError(res, 400, 5, "Unsupported protocol version");
});

test("a second concurrent GET on one sid answers 400 and closes the session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const firstPoll = rawRequest(server, { path });
  await delay(50);
  const second = await rawRequest(server, { path });
  assert.equal(second.status, 400);

  await server.waitForLine(`CLOSE ${open.sid} transport error`);
  // The first, pending poll is answered with the close packet.
  const first = await firstPoll;
  assert.equal(first.status, 200);
  assert.equal(first.text, "1");

  const after = await rawRequest(server, { path });
  assertJsonError(after, 400, 1, "Session ID unknown");
});

test("a second concurrent POST on one sid answers 400 and closes the session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  // First POST: headers and half the body, then stall.
  const slow = await rawTcp(server);
  slow.socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n4hel`,
  );
  await delay(50);

  const second = await rawRequest(server, { method: "POST", path, body: "4second" });
  assert.equal(second.status, 400);
  await server.waitForLine(`CLOSE ${open.sid} transport error`);
  slow.socket.destroy();
});

test("a binary (octet-stream) POST on an EIO 4 session answers 400 and closes it", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const res = await rawRequest(server, {
    method: "POST",
    path: pollPath({ EIO: "4", transport: "polling", sid: open.sid }),
    headers: { "Content-Type": "application/octet-stream" },
    body: Buffer.from([4, 1, 2, 3]),
  });
  assert.equal(res.status, 400);
  await server.waitForLine(`CLOSE ${open.sid} transport error`);
});

test("an undecodable polling payload closes the session with 'parse error'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const res = await rawRequest(server, {
    method: "POST",
    path: pollPath({ EIO: "4", transport: "polling", sid: open.sid }),
    body: "Z-not-a-packet",
  });
  // engine.io acknowledges the POST, then the decoder's error packet closes the session.
  assert.equal(res.status, 200);
  await server.waitForLine(`CLOSE ${open.sid} parse error`);
});

test("an undecodable websocket frame closes the session with 'parse error'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  t.after(() => ws.terminate());
  const [openPacket] = await nextEvent(ws, "message");
  const { sid } = JSON.parse(openPacket.toString().slice(1));
  ws.send("Z-not-a-packet");
  await server.waitForLine(`CLOSE ${sid} parse error`);
});

/**
 * Attempts a WebSocket handshake that must not lead to a session. Resolves
 * with { kind: "refused", status, text } for an HTTP refusal, or
 * { kind: "closed", messages } when the upgrade completed and the connection
 * was then closed.
 */
function upgradeOutcome(server, query) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?${new URLSearchParams(query)}`);
    const messages = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`connection still open; messages: ${JSON.stringify(messages)}`));
    }, 3000);
    ws.on("message", (data) => messages.push(data.toString()));
    ws.on("unexpected-response", (req, res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      const done = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ kind: "refused", status: res.statusCode, text: Buffer.concat(chunks).toString() });
      };
      res.on("end", done);
      res.on("error", done);
    });
    ws.on("error", () => {});
    ws.on("close", () => {
      clearTimeout(timer);
      resolve({ kind: "closed", messages });
    });
  });
}

/** Like upgradeOutcome, but the handshake must be refused with an HTTP answer. */
async function refusedUpgrade(server, query) {
  const outcome = await upgradeOutcome(server, query);
  assert.equal(outcome.kind, "refused", `expected an HTTP refusal, got ${JSON.stringify(outcome)}`);
  return outcome;
}

// engine.io refuses a bad WebSocket handshake with a plain-text 400 whose body
// is the error message; a server answering the JSON error body instead is
// equally valid, so only the status and the message text are asserted.
test("websocket upgrade with an unknown sid is refused with 400 'Session ID unknown'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await refusedUpgrade(server, { EIO: "4", transport: "websocket", sid: "AAAAAAAAAAAAAAAAAAAA" });
  assert.equal(res.status, 400);
  assert.match(res.text, /Session ID unknown/);
  await server.waitForLine("CONNECTION_ERROR 1 Session ID unknown");
});

test("websocket handshake with EIO=5 never opens an Engine.IO session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  // engine.io checks the protocol version only after completing the WebSocket
  // handshake, then destroys the connection without sending any packet. A
  // server that refuses the upgrade with 400 before switching protocols is
  // stricter and equally acceptable.
  const outcome = await upgradeOutcome(server, { EIO: "5", transport: "websocket" });
  if (outcome.kind === "refused") {
    assert.equal(outcome.status, 400);
    assert.match(outcome.text, /Unsupported protocol version/);
  } else {
    assert.deepEqual(outcome.messages, [], "no Engine.IO packet on a refused session");
  }
  await server.waitForLine("CONNECTION_ERROR 5 Unsupported protocol version");
  assert.equal(server.lines.filter((line) => line.startsWith("CONNECTION ")).length, 0);
});

test("websocket handshake refused by allowRequest is refused with the message", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--deny-message", "no sockets for you"]);
  const res = await refusedUpgrade(server, { EIO: "4", transport: "websocket", deny: "1" });
  assert.equal(res.status, 400);
  assert.match(res.text, /no sockets for you/);
});

test("a websocket upgrade on a polling-only server is refused with 'Transport unknown'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--transports", "polling"]);
  const { open } = await rawHandshake(server);
  // engine.io does not intercept upgrades then: the request is handled as a
  // plain HTTP request and gets the JSON error 0.
  const res = await refusedUpgrade(server, { EIO: "4", transport: "websocket", sid: open.sid });
  assert.equal(res.status, 400);
  assert.match(res.text, /Transport unknown/);

  // The polling session is not affected.
  const poll = await rawRequest(server, {
    method: "POST",
    path: pollPath({ EIO: "4", transport: "polling", sid: open.sid }),
    body: "4still-here",
  });
  assert.equal(poll.status, 200);
});

test("a second websocket upgrade for an already upgraded session is rejected", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const first = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket&sid=${open.sid}`);
  t.after(() => first.terminate());
  await nextEvent(first, "open");
  first.send("2probe");
  const [probe] = await nextEvent(first, "message");
  assert.equal(probe.toString(), "3probe");
  first.send("5");
  await server.waitForLine(`UPGRADE ${open.sid} websocket`);

  // engine.io accepts the WebSocket handshake and then closes it at once; a
  // server refusing the handshake outright is just as good. Either way the
  // second WebSocket never carries packets.
  const outcome = await upgradeOutcome(server, { EIO: "4", transport: "websocket", sid: open.sid });
  if (outcome.kind === "refused") assert.equal(outcome.status, 400);
  else assert.deepEqual(outcome.messages, []);

  // The upgraded session still works (pings may come first).
  const echoed = new Promise((resolve) => {
    first.on("message", (data) => {
      if (data.toString() !== "2") resolve(data.toString());
    });
  });
  first.send("4after");
  assert.equal(await echoed, "4after");
});

test("a request outside the engine path answers 404", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: "/not-engine-io/?EIO=4&transport=polling" });
  assert.equal(res.status, 404);
});
