// The Socket.IO v5 protocol conformance cases (the protocol documentation's
// own test suite, docs/socket.io-protocol/v5-test-suite: the Engine.IO layer
// on /socket.io/, then Socket.IO connect, disconnect and message), written for
// node:test and run against the server that CONFORMANCE_SERVER names.
//
//   CONFORMANCE_SERVER=./reference-server.mjs node --test
//   CONFORMANCE_SERVER=<build>/tests/interop/conformance/server/conformance-server node --test
//
// The file starts that server itself on a free port of 127.0.0.1 and stops it
// at the end (harness.mjs). On /socket.io/ the server must run Socket.IO with
// pingInterval 300, pingTimeout 200, maxPayload 1000000 and connectTimeout
// 1000, the namespaces / and /custom (each emits "auth" with the handshake
// auth object on connection), "message" → "message-back" and
// "message-with-ack" → ack with the same arguments on /, and refuse any other
// namespace with "Invalid namespace". Without CONFORMANCE_SERVER every case
// fails: nothing here is ever skipped.
//
// Where the published suite leaves something unchecked or racy, the cases
// here check more, never less: pings that may arrive in between are answered
// and skipped, and the connect-timeout case keeps the Engine.IO session alive
// so that only the connect timeout can end it.

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import {
  PING_INTERVAL,
  PING_TIMEOUT,
  assertHandshake,
  describeFrame,
  pollingQuery,
  setupConformance,
} from "./harness.mjs";

const CONNECT_TIMEOUT = 1000;

const { conformance, http, openPollingSession, expectRefusedWebSocket, upgradedSession } =
  await setupConformance({ file: "socketio-v5.test.mjs", path: "/socket.io/" });

// ---------------------------------------------------------------------------
// Socket.IO helpers

/**
 * The next frame that is not an Engine.IO ping; pings that come first are
 * answered with a pong so that the session stays up however slow the machine.
 */
async function nextPacket(socket, what) {
  for (;;) {
    const frame = await socket.nextFrame(what);
    if (!frame.binary && frame.data === "2") {
      socket.send("3");
      continue;
    }
    return frame;
  }
}

async function nextTextPacket(socket, what) {
  const frame = await nextPacket(socket, what);
  assert.equal(frame.binary, false, `${what}: expected a text frame, got ${describeFrame(frame)}`);
  return frame.data;
}

/** Checks a CONNECT answer: "40<nsp>,{"sid":"..."}" with nothing but a string sid. */
function assertConnectAnswer(data, prefix) {
  assert.ok(
    data.startsWith(prefix),
    `expected a CONNECT answer starting with ${JSON.stringify(prefix)}, got ${JSON.stringify(data)}`,
  );
  const handshake = JSON.parse(data.slice(prefix.length));
  assert.deepEqual(Object.keys(handshake), ["sid"], `CONNECT answer ${data}`);
  assert.equal(typeof handshake.sid, "string", `CONNECT answer ${data}`);
  assert.ok(handshake.sid.length > 0, `CONNECT answer ${data}: the sid is empty`);
  return handshake;
}

/** A WebSocket session whose Engine.IO handshake was read. */
async function openWebSocketSession(ctx) {
  const socket = ctx.ws("EIO=4&transport=websocket");
  assertHandshake(await socket.nextText("the Engine.IO open packet"), []);
  return socket;
}

/** A WebSocket session connected to the main namespace, CONNECT answer and "auth" read. */
async function initSocketIOConnection(ctx) {
  const socket = await openWebSocketSession(ctx);
  socket.send("40");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer"), "40");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42["auth",{}]');
  return socket;
}

/** The binary frame, checked to carry exactly `bytes`. */
function assertBinary(frame, bytes, what) {
  assert.equal(frame.binary, true, `${what}: expected a binary frame, got ${describeFrame(frame)}`);
  assert.deepEqual([...frame.data], bytes, `${what}: ${describeFrame(frame)}`);
}

/**
 * Sends `header` and two binary attachments <01 02 03> and <04 05 06>, and
 * checks that the answer is `expectedHeader` followed by the same two
 * attachments in order.
 */
async function roundTripBinary(socket, header, expectedHeader) {
  socket.send(header);
  socket.send(Uint8Array.from([1, 2, 3]));
  socket.send(Uint8Array.from([4, 5, 6]));
  assert.equal(await nextTextPacket(socket, "the binary packet header"), expectedHeader);
  assertBinary(await nextPacket(socket, "the first attachment"), [1, 2, 3], "the first attachment");
  assertBinary(await nextPacket(socket, "the second attachment"), [4, 5, 6], "the second attachment");
}

/** Sends `packet` on a connected session; the server must close the connection. */
async function expectCloseUpon(ctx, packet) {
  const socket = await initSocketIOConnection(ctx);
  socket.send(packet);
  await socket.waitClose();
  const answered = socket.pending === "nothing" ? [] : socket.pending.split(", ").filter((f) => f !== '"2"');
  assert.deepEqual(answered, [], `the server answered ${JSON.stringify(packet)} before closing`);
}

// ---------------------------------------------------------------------------
// Engine.IO protocol: handshake

conformance("Engine.IO: handshake: HTTP long-polling: successfully opens a session", async ({ base }) => {
  const { status, text } = await http(base, "EIO=4&transport=polling");
  assert.equal(status, 200);
  assertHandshake(text, ["websocket"]);
});

conformance("Engine.IO: handshake: HTTP long-polling: fails with an invalid 'EIO' query parameter", async ({ base }) => {
  const missing = await http(base, "transport=polling");
  assert.equal(missing.status, 400, `no EIO: HTTP ${missing.status} ${JSON.stringify(missing.text)}`);
  const invalid = await http(base, "EIO=abc&transport=polling");
  assert.equal(invalid.status, 400, `EIO=abc: HTTP ${invalid.status} ${JSON.stringify(invalid.text)}`);
});

conformance("Engine.IO: handshake: HTTP long-polling: fails with an invalid 'transport' query parameter", async ({ base }) => {
  const missing = await http(base, "EIO=4");
  assert.equal(missing.status, 400, `no transport: HTTP ${missing.status} ${JSON.stringify(missing.text)}`);
  const invalid = await http(base, "EIO=4&transport=abc");
  assert.equal(invalid.status, 400, `transport=abc: HTTP ${invalid.status} ${JSON.stringify(invalid.text)}`);
});

conformance("Engine.IO: handshake: HTTP long-polling: fails with an invalid request method", async ({ base }) => {
  const post = await http(base, "EIO=4&transport=polling", { method: "POST" });
  assert.equal(post.status, 400, `POST without sid: HTTP ${post.status} ${JSON.stringify(post.text)}`);
  const put = await http(base, "EIO=4&transport=polling", { method: "PUT" });
  assert.equal(put.status, 400, `PUT: HTTP ${put.status} ${JSON.stringify(put.text)}`);
});

conformance("Engine.IO: handshake: WebSocket: successfully opens a session", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  assertHandshake(await socket.nextText("the open packet"), []);
});

conformance("Engine.IO: handshake: WebSocket: fails with an invalid 'EIO' query parameter", async (ctx) => {
  await expectRefusedWebSocket(ctx, "transport=websocket");
  await expectRefusedWebSocket(ctx, "EIO=abc&transport=websocket");
});

conformance("Engine.IO: handshake: WebSocket: fails with an invalid 'transport' query parameter", async (ctx) => {
  await expectRefusedWebSocket(ctx, "EIO=4");
  await expectRefusedWebSocket(ctx, "EIO=4&transport=abc");
});

// ---------------------------------------------------------------------------
// Engine.IO protocol: heartbeat

conformance("Engine.IO: heartbeat: HTTP long-polling: sends ping/pong packets", async ({ base }) => {
  // Three rounds take about 3 × pingInterval, within the 1000 ms connect
  // timeout (this session joins no namespace), as in the published suite.
  const sid = await openPollingSession(base);
  for (let i = 0; i < 3; i++) {
    const poll = await http(base, pollingQuery(sid));
    assert.equal(poll.status, 200, `poll ${i + 1}: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
    assert.equal(poll.text, "2", `poll ${i + 1} must carry a ping`);
    const push = await http(base, pollingQuery(sid), { method: "POST", body: "3" });
    assert.equal(push.status, 200, `pong ${i + 1}: HTTP ${push.status} ${JSON.stringify(push.text)}`);
  }
});

conformance("Engine.IO: heartbeat: HTTP long-polling: closes the session upon ping timeout", async ({ base }) => {
  const sid = await openPollingSession(base);
  // Never answer the ping: the session is gone after pingInterval + pingTimeout
  // (a little margin against timer jitter, still before the connect timeout).
  await sleep(PING_INTERVAL + PING_TIMEOUT + 150);
  const poll = await http(base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the ping timeout: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
});

conformance("Engine.IO: heartbeat: WebSocket: sends ping/pong packets", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  for (let i = 0; i < 3; i++) {
    assert.equal(await socket.nextText(`ping ${i + 1}`), "2");
    socket.send("3");
  }
});

conformance("Engine.IO: heartbeat: WebSocket: closes the session upon ping timeout", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  const openedAt = Date.now();
  // Never answer the ping: closed after pingInterval + pingTimeout, before the
  // connect timeout could do it.
  await socket.waitClose(PING_INTERVAL + PING_TIMEOUT + 2000);
  const elapsed = Date.now() - openedAt;
  assert.ok(elapsed >= PING_INTERVAL, `closed after ${elapsed} ms, before the first ping was due`);
  assert.ok(
    elapsed < CONNECT_TIMEOUT - 100,
    `closed after ${elapsed} ms: by the connect timeout, not by the ping timeout`,
  );
});

// ---------------------------------------------------------------------------
// Engine.IO protocol: close

conformance("Engine.IO: close: HTTP long-polling: forcefully closes the session", async ({ base }) => {
  const sid = await openPollingSession(base);
  const poll = http(base, pollingQuery(sid));
  poll.catch(() => {});
  await sleep(20); // the GET is now pending on the server
  const push = await http(base, pollingQuery(sid), { method: "POST", body: "1" });
  assert.equal(push.status, 200, `POST "1": HTTP ${push.status} ${JSON.stringify(push.text)}`);
  const pollResult = await poll;
  assert.equal(pollResult.status, 200, `pending GET: HTTP ${pollResult.status} ${JSON.stringify(pollResult.text)}`);
  assert.equal(pollResult.text, "6", "the pending GET must end with a noop packet");
  const later = await http(base, pollingQuery(sid));
  assert.equal(later.status, 400, `GET after the close: HTTP ${later.status} ${JSON.stringify(later.text)}`);
});

conformance("Engine.IO: close: WebSocket: forcefully closes the session", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send("1");
  await socket.waitClose();
});

// ---------------------------------------------------------------------------
// Engine.IO protocol: upgrade

conformance("Engine.IO: upgrade: successfully upgrades from HTTP long-polling to WebSocket", async (ctx) => {
  const sid = await openPollingSession(ctx.base);
  const socket = ctx.ws(`EIO=4&transport=websocket&sid=${encodeURIComponent(sid)}`);
  await socket.waitOpen();
  socket.send("2probe");
  assert.equal(await socket.nextText("the probe answer"), "3probe");
  socket.send("5");
  // The upgraded session carries Socket.IO: connect to the main namespace over it.
  socket.send("40");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer over the upgraded transport"), "40");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42["auth",{}]');
});

conformance("Engine.IO: upgrade: ignores HTTP requests with same sid after upgrade", async (ctx) => {
  const { sid, socket } = await upgradedSession(ctx);
  const poll = await http(ctx.base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the upgrade: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
  socket.send("40");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer over the upgraded transport"), "40");
});

conformance("Engine.IO: upgrade: ignores WebSocket connection with same sid after upgrade", async (ctx) => {
  const { sid, socket } = await upgradedSession(ctx);
  await expectRefusedWebSocket(ctx, `EIO=4&transport=websocket&sid=${encodeURIComponent(sid)}`);
  socket.send("40");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer over the upgraded transport"), "40");
});

// ---------------------------------------------------------------------------
// Socket.IO protocol: connect

conformance("Socket.IO: connect: allows connection to the main namespace", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send("40");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer"), "40");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42["auth",{}]');
});

conformance("Socket.IO: connect: allows connection to the main namespace with a payload", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send('40{"token":"123"}');
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer"), "40");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42["auth",{"token":"123"}]');
});

conformance("Socket.IO: connect: allows connection to a custom namespace", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send("40/custom,");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer"), "40/custom,");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42/custom,["auth",{}]');
});

conformance("Socket.IO: connect: allows connection to a custom namespace with a payload", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send('40/custom,{"token":"abc"}');
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer"), "40/custom,");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42/custom,["auth",{"token":"abc"}]');
});

conformance("Socket.IO: connect: disallows connection to an unknown namespace", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send("40/random");
  assert.equal(
    await nextTextPacket(socket, "the CONNECT_ERROR answer"),
    '44/random,{"message":"Invalid namespace"}',
  );
});

conformance("Socket.IO: connect: disallows connection with an invalid handshake", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  socket.send("4abc");
  await socket.waitClose();
});

conformance("Socket.IO: connect: closes the connection if no handshake is received", async (ctx) => {
  const socket = await openWebSocketSession(ctx);
  const openedAt = Date.now();
  // Answer every ping, so that only the connect timeout can end the session.
  const packets = [];
  const pong = (async () => {
    for (;;) {
      let frame;
      try {
        frame = await socket.nextFrame("a ping", CONNECT_TIMEOUT + 3000);
      } catch {
        return;
      }
      if (!frame.binary && frame.data === "2") socket.send("3");
      else packets.push(describeFrame(frame));
    }
  })();
  await socket.waitClose(CONNECT_TIMEOUT + 2000);
  const elapsed = Date.now() - openedAt;
  await pong;
  assert.deepEqual(packets, [], "the server sent something other than pings before closing");
  // The clock starts when the open packet arrived, after the server started
  // its own; 150 ms of slack allow for timer granularity on either side.
  assert.ok(
    elapsed >= CONNECT_TIMEOUT - 150,
    `closed after ${elapsed} ms, before the ${CONNECT_TIMEOUT} ms connect timeout`,
  );
});

// ---------------------------------------------------------------------------
// Socket.IO protocol: disconnect

conformance("Socket.IO: disconnect: disconnects from the main namespace", async (ctx) => {
  const socket = await initSocketIOConnection(ctx);
  socket.send("41");
  // Nothing answers the DISCONNECT: the next packet is the next ping, on a
  // session that is still open.
  assert.equal(await socket.nextText("the next ping"), "2");
});

conformance("Socket.IO: disconnect: connects then disconnects from a custom namespace", async (ctx) => {
  const socket = await initSocketIOConnection(ctx);
  assert.equal(await socket.nextText("the first ping"), "2");
  socket.send("3");
  socket.send("40/custom");
  assertConnectAnswer(await nextTextPacket(socket, "the CONNECT answer"), "40/custom,");
  assert.equal(await nextTextPacket(socket, "the auth event"), '42/custom,["auth",{}]');
  socket.send("41/custom");
  socket.send('42["message","message to main namespace"]');
  assert.equal(
    await nextTextPacket(socket, "the message-back event"),
    '42["message-back","message to main namespace"]',
  );
});

// ---------------------------------------------------------------------------
// Socket.IO protocol: message

conformance("Socket.IO: message: sends a plain-text packet", async (ctx) => {
  const socket = await initSocketIOConnection(ctx);
  socket.send('42["message",1,"2",{"3":[true]}]');
  assert.equal(await nextTextPacket(socket, "the message-back event"), '42["message-back",1,"2",{"3":[true]}]');
});

conformance("Socket.IO: message: sends a packet with binary attachments", async (ctx) => {
  const socket = await initSocketIOConnection(ctx);
  await roundTripBinary(
    socket,
    '452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
    '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
  );
});

conformance("Socket.IO: message: sends a plain-text packet with an ack", async (ctx) => {
  const socket = await initSocketIOConnection(ctx);
  socket.send('42456["message-with-ack",1,"2",{"3":[false]}]');
  assert.equal(await nextTextPacket(socket, "the ack"), '43456[1,"2",{"3":[false]}]');
});

conformance("Socket.IO: message: sends a packet with binary attachments and an ack", async (ctx) => {
  const socket = await initSocketIOConnection(ctx);
  await roundTripBinary(
    socket,
    '452-789["message-with-ack",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
    '462-789[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
  );
});

conformance("Socket.IO: message: closes the connection upon invalid format (unknown packet type)", async (ctx) => {
  await expectCloseUpon(ctx, "4abc");
});

conformance("Socket.IO: message: closes the connection upon invalid format (invalid payload format)", async (ctx) => {
  await expectCloseUpon(ctx, "42{}");
});

conformance("Socket.IO: message: closes the connection upon invalid format (invalid ack id)", async (ctx) => {
  await expectCloseUpon(ctx, '42abc["message-with-ack",1,"2",{"3":[false]}]');
});
