import assert from "node:assert/strict";
import { test } from "node:test";
import { WebSocket } from "ws";
import {
  connectClient,
  nextEvent,
  openClient,
  rawHandshake,
  rawRequest,
  startServer,
} from "./harness.mjs";

test("server close over polling: client gets 'transport close', server logs 'forced close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = await connectClient(t, server, { transports: ["polling"] });
  const sid = socket.id;
  const closed = nextEvent(socket, "close");
  socket.send("close-me");

  const [reason, details] = await closed;
  assert.equal(reason, "transport close");
  // The close packet ("1") arrived in a poll response.
  assert.equal(details?.description, "transport closed by the server");
  await server.waitForLine(`CLOSE ${sid} forced close`);
});

test("server close over websocket: client gets 'transport close', server logs 'forced close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = await connectClient(t, server, { transports: ["websocket"] });
  const sid = socket.id;
  const closed = nextEvent(socket, "close");
  socket.send("close-me");

  const [reason, details] = await closed;
  assert.equal(reason, "transport close");
  // engine.io closes the WebSocket without a close packet, so the client
  // reports the socket closing; a server that sends "1" first is reported as
  // closed by the server. Both are a server-side close.
  assert.ok(
    ["websocket connection closed", "transport closed by the server"].includes(details?.description),
    `unexpected close description ${details?.description}`,
  );
  await server.waitForLine(`CLOSE ${sid} forced close`);
});

test("server close after upgrade: client gets 'transport close', server logs 'forced close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = openClient(t, server);
  await nextEvent(socket, "upgrade");
  const sid = socket.id;
  const closed = nextEvent(socket, "close");
  socket.send("close-me");
  const [reason] = await closed;
  assert.equal(reason, "transport close");
  await server.waitForLine(`CLOSE ${sid} forced close`);
});

test("client close over polling: server logs 'transport close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = await connectClient(t, server, { transports: ["polling"] });
  const sid = socket.id;
  const closed = nextEvent(socket, "close");
  socket.close();
  const [reason] = await closed;
  assert.equal(reason, "forced close");
  await server.waitForLine(`CLOSE ${sid} transport close`);
});

test("client close over websocket: server logs 'transport close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = await connectClient(t, server, { transports: ["websocket"] });
  const sid = socket.id;
  socket.close();
  await server.waitForLine(`CLOSE ${sid} transport close`);
});

test("client close after upgrade: server logs 'transport close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const socket = openClient(t, server);
  await nextEvent(socket, "upgrade");
  const sid = socket.id;
  socket.close();
  await server.waitForLine(`CLOSE ${sid} transport close`);
});

test("raw polling: close-me answers the pending poll with a close packet", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`;

  const pendingPoll = rawRequest(server, { path });
  // Let the GET reach the server before asking for the close.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const post = await rawRequest(server, { method: "POST", path, body: "4close-me" });
  assert.equal(post.status, 200);

  const poll = await pendingPoll;
  assert.equal(poll.status, 200);
  assert.equal(poll.text, "1");
  await server.waitForLine(`CLOSE ${open.sid} forced close`);

  // The session is gone.
  const after = await rawRequest(server, { path });
  assert.equal(after.status, 400);
  assert.deepEqual(JSON.parse(after.text), { code: 1, message: "Session ID unknown" });
});

test("raw polling: a posted close packet closes the session with 'transport close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`;

  const post = await rawRequest(server, { method: "POST", path, body: "1" });
  assert.equal(post.status, 200);
  assert.equal(post.text, "ok");
  await server.waitForLine(`CLOSE ${open.sid} transport close`);
});

test("raw polling: aborting the pending poll closes the session with 'transport error'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const { open } = await rawHandshake(server);
  const poll = rawRequest(server, {
    path: `/engine.io/?EIO=4&transport=polling&sid=${open.sid}`,
    timeoutMs: 200,
  });
  await assert.rejects(poll, /timed out/);
  await server.waitForLine(`CLOSE ${open.sid} transport error`);
});

test("raw websocket: a close frame closes the session with 'transport close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  t.after(() => ws.terminate());
  const [openPacket] = await nextEvent(ws, "message");
  const { sid } = JSON.parse(openPacket.toString().slice(1));
  ws.close(1000);
  await server.waitForLine(`CLOSE ${sid} transport close`);
});

test("raw websocket: dropping the TCP connection closes the session with 'transport close'", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  const [openPacket] = await nextEvent(ws, "message");
  const { sid } = JSON.parse(openPacket.toString().slice(1));
  ws.terminate();
  await server.waitForLine(`CLOSE ${sid} transport close`);
});
