// Disconnections and their reasons on both sides, heartbeats, the connect
// timeout, payload limits, server close and shutdown.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  QUIET_MS,
  RawWs,
  collect,
  connectSocket,
  connected,
  nextEvent,
  openManager,
  openSocket,
  pollPath,
  rawPollingHandshake,
  rawRequest,
  rawSioConnect,
  request,
  startServer,
} from "./harness.mjs";

const T = { timeout: 15_000 };
// The servers' default heartbeat is 300 ms + 2,000 ms: a client on a loaded machine that reads a
// ping late is not dropped. The tests about ping timeouts ask for a short timeout themselves.
const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const SHORT_HEARTBEAT = ["--ping-interval", String(PING_INTERVAL), "--ping-timeout", String(PING_TIMEOUT)];
const CONNECT_TIMEOUT = 1000;
// Scheduling slack for a loaded 2-core CI machine.
const MARGIN = 500;

/** The DISCONNECTING and DISCONNECT lines of one socket, with `reason`. */
async function serverSaw(server, nsp, id, reason) {
  await server.waitForLine(`DISCONNECTING ${nsp} ${id} ${reason}`);
  await server.waitForLine(`DISCONNECT ${nsp} ${id} ${reason}`);
  const lines = server.linesFor(id).filter((line) => line.startsWith("DISCONNECT"));
  assert.deepEqual(lines, [`DISCONNECTING ${nsp} ${id} ${reason}`, `DISCONNECT ${nsp} ${id} ${reason}`]);
}

for (const transports of [["websocket"], ["polling"]]) {
  const via = transports[0];

  test(`client socket.disconnect(): server 'client namespace disconnect', client 'io client disconnect' (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const id = socket.id;
    const gone = nextEvent(socket, "disconnect");
    socket.disconnect();
    assert.equal((await gone)[0], "io client disconnect");
    await serverSaw(server, "/", id, "client namespace disconnect");
  });

  test(`server socket.disconnect(false): client 'io server disconnect', server 'server namespace disconnect' (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const id = socket.id;
    const gone = nextEvent(socket, "disconnect");
    socket.emit("disconnect-me", false);
    assert.equal((await gone)[0], "io server disconnect");
    assert.equal(socket.active, false, "the client does not reconnect after a server disconnect");
    await serverSaw(server, "/", id, "server namespace disconnect");
  });

  test(`server socket.disconnect(true): client 'io server disconnect', server 'server namespace disconnect' (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const id = socket.id;
    const engineId = socket.io.engine.id;
    const gone = nextEvent(socket, "disconnect");
    socket.emit("disconnect-me", true);
    // The server sends the DISCONNECT packet before closing the connection.
    assert.equal((await gone)[0], "io server disconnect");
    await serverSaw(server, "/", id, "server namespace disconnect");
    await server.waitForLine(`ENGINE_CLOSE ${engineId} forced close`);
  });

  test(`client closes the Engine.IO connection: server 'transport close' (${via})`, T, async (t) => {
    const server = await startServer(t);
    const socket = await connectSocket(server, "/", { transports });
    const id = socket.id;
    const engineId = socket.io.engine.id;
    const gone = nextEvent(socket, "disconnect");
    socket.io.engine.close();
    assert.equal((await gone)[0], "forced close");
    await serverSaw(server, "/", id, "transport close");
    await server.waitForLine(`ENGINE_CLOSE ${engineId} transport close`);
  });
}

test("multiplexed: disconnect(false) on one namespace keeps the other one and the connection", T, async (t) => {
  const server = await startServer(t);
  const manager = openManager(server, { transports: ["websocket"] });
  const main = manager.socket("/");
  const custom = manager.socket("/custom");
  await connected(main);
  await connected(custom);
  const customId = custom.id;
  const mainGone = collect(main, "disconnect");
  const gone = nextEvent(custom, "disconnect");
  custom.emit("disconnect-me", false);
  assert.equal((await gone)[0], "io server disconnect");
  await serverSaw(server, "/custom", customId, "server namespace disconnect");
  assert.deepEqual(await request(main, "ack", "alive"), ["alive"]);
  assert.deepEqual(mainGone, []);
  assert.equal(server.count(/^ENGINE_CLOSE /), 0);
});

test("multiplexed: disconnect(true) disconnects every namespace of the connection", T, async (t) => {
  const server = await startServer(t);
  const manager = openManager(server, { transports: ["websocket"] });
  const main = manager.socket("/");
  const custom = manager.socket("/custom");
  await connected(main);
  await connected(custom);
  const mainId = main.id;
  const customId = custom.id;
  const engineId = manager.engine.id;
  const mainGone = nextEvent(main, "disconnect");
  const customGone = nextEvent(custom, "disconnect");
  custom.emit("disconnect-me", true);
  assert.equal((await mainGone)[0], "io server disconnect");
  assert.equal((await customGone)[0], "io server disconnect");
  await serverSaw(server, "/", mainId, "server namespace disconnect");
  await serverSaw(server, "/custom", customId, "server namespace disconnect");
  await server.waitForLine(`ENGINE_CLOSE ${engineId} forced close`);
});

test("raw: disconnect(true) sends 41 then closes; the engine closes with 'forced close'", T, async (t) => {
  const server = await startServer(t);
  const { raw, eid, sid } = await rawSioConnect(server, "/");
  raw.send('42["disconnect-me",true]');
  assert.equal(await raw.next(), "41");
  await raw.waitClosed();
  await serverSaw(server, "/", sid, "server namespace disconnect");
  await server.waitForLine(`ENGINE_CLOSE ${eid} forced close`);
});

test("raw: disconnect(false) sends 41 and keeps the Engine.IO connection", T, async (t) => {
  const server = await startServer(t);
  const { raw, eid, sid } = await rawSioConnect(server, "/");
  raw.send('42["disconnect-me",false]');
  assert.equal(await raw.next(), "41");
  await serverSaw(server, "/", sid, "server namespace disconnect");
  // Reconnecting the namespace on the same connection gives a new socket id.
  raw.send("40");
  const answer = await raw.next();
  assert.match(answer, /^40\{"sid":/);
  assert.notEqual(JSON.parse(answer.slice(2)).sid, sid);
  assert.equal(server.count(`ENGINE_CLOSE ${eid} forced close`), 0);
});

test("raw: a client DISCONNECT packet (41) gives 'client namespace disconnect' and keeps the connection", T, async (t) => {
  const server = await startServer(t);
  const { raw, eid, sid } = await rawSioConnect(server, "/");
  raw.send("41");
  await serverSaw(server, "/", sid, "client namespace disconnect");
  raw.send("40");
  assert.match(await raw.next(), /^40\{"sid":/);
  assert.ok(!server.lines.some((line) => line.startsWith(`ENGINE_CLOSE ${eid}`)));
});

test("raw websocket that never answers pings: 'ping timeout' after pingInterval + pingTimeout", T, async (t) => {
  const server = await startServer(t, SHORT_HEARTBEAT);
  const started = Date.now();
  const { raw, eid, sid } = await rawSioConnect(server, "/", { autoPong: false });
  await serverSaw(server, "/", sid, "ping timeout");
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= PING_INTERVAL + PING_TIMEOUT - 50, `closed too early, after ${elapsed} ms`);
  assert.ok(elapsed <= PING_INTERVAL + PING_TIMEOUT + MARGIN, `closed too late, after ${elapsed} ms`);
  await server.waitForLine(`ENGINE_CLOSE ${eid} ping timeout`);
  await raw.waitClosed();
  // The only thing the server sent after the welcome was one ping.
  assert.deepEqual(raw.messages, ["2"]);
});

test("socket.io-client that stops answering pings: server 'ping timeout', client 'transport close'", T, async (t) => {
  const server = await startServer(t, SHORT_HEARTBEAT);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const id = socket.id;
  // Drop the client's pong packets (engine.io-client answers pings in _sendPacket("pong")).
  const engine = socket.io.engine;
  const sendPacket = engine._sendPacket.bind(engine);
  engine._sendPacket = (type, ...rest) => (type === "pong" ? undefined : sendPacket(type, ...rest));
  const gone = nextEvent(socket, "disconnect");
  assert.equal((await gone)[0], "transport close");
  await serverSaw(server, "/", id, "ping timeout");
});

test("clients that answer pings stay connected over several ping intervals", T, async (t) => {
  const server = await startServer(t);
  const ws = await connectSocket(server, "/", { transports: ["websocket"] });
  const polling = await connectSocket(server, "/", { transports: ["polling"], upgrade: false });
  const gone = [...collect(ws, "disconnect"), ...collect(polling, "disconnect")];
  await delay(4 * PING_INTERVAL + PING_TIMEOUT);
  assert.deepEqual(gone, []);
  assert.deepEqual(await request(ws, "count"), [2]);
  assert.deepEqual(await request(polling, "ack", "alive"), ["alive"]);
});

test("connect timeout: a websocket connection that never joins a namespace is closed after ~1 s", T, async (t) => {
  const server = await startServer(t);
  const raw = new RawWs(server); // answers pings, sends nothing else
  const { sid: eid } = await raw.handshake();
  const started = Date.now();
  const closed = await raw.waitClosed(CONNECT_TIMEOUT + 2000);
  const elapsed = closed.at - started;
  assert.ok(elapsed >= CONNECT_TIMEOUT - 100, `closed too early, after ${elapsed} ms`);
  assert.ok(elapsed <= CONNECT_TIMEOUT + MARGIN, `closed too late, after ${elapsed} ms`);
  await server.waitForLine(`ENGINE_CLOSE ${eid} forced close`);
  assert.ok(raw.pings >= 2, "the connection was alive (pinged) until the timeout");
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECT ")));
});

test("connect timeout: a polling connection that never joins gets a close packet after ~1 s", T, async (t) => {
  const server = await startServer(t);
  const { sid } = await rawPollingHandshake(server);
  const started = Date.now();
  const path = pollPath({ sid });
  let closedAt = null;
  let lastBody = "";
  while (closedAt === null && Date.now() - started < CONNECT_TIMEOUT + 2000) {
    const poll = await rawRequest(server, { path });
    lastBody = poll.text;
    if (poll.status !== 200) break;
    const packets = poll.text.split("\x1e");
    if (packets.includes("1")) closedAt = Date.now();
    else if (packets.includes("2")) await rawRequest(server, { method: "POST", path, body: "3" });
  }
  assert.notEqual(closedAt, null, `no close packet; last poll answered ${JSON.stringify(lastBody)}`);
  const elapsed = closedAt - started;
  assert.ok(elapsed >= CONNECT_TIMEOUT - 100, `closed too early, after ${elapsed} ms`);
  assert.ok(elapsed <= CONNECT_TIMEOUT + MARGIN, `closed too late, after ${elapsed} ms`);
  await server.waitForLine(`ENGINE_CLOSE ${sid} forced close`);
  const after = await rawRequest(server, { path });
  assert.equal(after.status, 400);
  assert.deepEqual(JSON.parse(after.text), { code: 1, message: "Session ID unknown" });
});

test("connect timeout also applies after a refused CONNECT (invalid namespace)", T, async (t) => {
  const server = await startServer(t);
  const raw = new RawWs(server);
  const { sid: eid } = await raw.handshake();
  const started = Date.now();
  raw.send("40/nope,");
  assert.equal(await raw.next(), '44/nope,{"message":"Invalid namespace"}');
  const closed = await raw.waitClosed(CONNECT_TIMEOUT + 2000);
  const elapsed = closed.at - started;
  assert.ok(elapsed >= CONNECT_TIMEOUT - 100 && elapsed <= CONNECT_TIMEOUT + MARGIN, `closed after ${elapsed} ms`);
  await server.waitForLine(`ENGINE_CLOSE ${eid} forced close`);
});

test("connect timeout does not fire once a namespace is joined", T, async (t) => {
  const server = await startServer(t);
  const { raw, eid } = await rawSioConnect(server, "/");
  await delay(CONNECT_TIMEOUT + 300);
  assert.equal(raw.closeInfo, null);
  raw.send('42["echo","still here"]');
  assert.equal(await raw.next(), '42["echo","still here"]');
  assert.ok(!server.lines.some((line) => line.startsWith(`ENGINE_CLOSE ${eid}`)));
});

test("--connect-timeout changes the delay", T, async (t) => {
  const server = await startServer(t, ["--connect-timeout", "300"]);
  const raw = new RawWs(server);
  await raw.handshake();
  const started = Date.now();
  const closed = await raw.waitClosed(2000);
  const elapsed = closed.at - started;
  assert.ok(elapsed >= 250 && elapsed <= 300 + MARGIN, `closed after ${elapsed} ms`);
});

test("--max-http-buffer-size: an oversized websocket message closes the connection ('transport error')", T, async (t) => {
  const server = await startServer(t, ["--max-http-buffer-size", "1000"]);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const id = socket.id;
  const gone = nextEvent(socket, "disconnect");
  socket.emit("echo", "x".repeat(2000));
  assert.equal((await gone)[0], "transport close");
  await serverSaw(server, "/", id, "transport error");
});

test("--max-http-buffer-size: an oversized polling POST is refused with 413 and closes the session", T, async (t) => {
  const server = await startServer(t, ["--max-http-buffer-size", "1000"]);
  const socket = await connectSocket(server, "/", { transports: ["polling"], upgrade: false });
  const id = socket.id;
  const gone = nextEvent(socket, "disconnect");
  socket.emit("echo", "x".repeat(2000));
  const [reason, details] = await gone;
  assert.equal(reason, "transport error");
  assert.equal(details?.description, 413);
  await serverSaw(server, "/", id, "transport close");
});

test("messages just under the size limit pass", T, async (t) => {
  const server = await startServer(t, ["--max-http-buffer-size", "1000"]);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  // 4 + '2["echo","…"]' ≈ 13 bytes of framing.
  const text = "y".repeat(900);
  const echoed = nextEvent(socket, "echo");
  socket.emit("echo", text);
  assert.deepEqual(await echoed, [text]);
});

test("close-server: every socket is disconnected ('server shutting down'), the port is closed", T, async (t) => {
  const server = await startServer(t);
  const ws = await connectSocket(server, "/", { transports: ["websocket"] });
  const polling = await connectSocket(server, "/custom", { transports: ["polling"], upgrade: false });
  const dyn = await connectSocket(server, "/dyn-3", { transports: ["websocket"] });
  const ids = { ws: ws.id, polling: polling.id, dyn: dyn.id };
  const engines = [ws.io.engine.id, polling.io.engine.id, dyn.io.engine.id];
  const wsGone = nextEvent(ws, "disconnect");
  const pollingGone = nextEvent(polling, "disconnect");
  const dynGone = nextEvent(dyn, "disconnect");
  ws.emit("close-server");

  // No DISCONNECT packet: the connections just close.
  assert.equal((await wsGone)[0], "transport close");
  assert.equal((await dynGone)[0], "transport close");
  // The reference drops the session: the polling client's next request gets 400
  // ("transport error"); a close packet in the pending poll ("transport close") is as good.
  assert.ok(["transport error", "transport close"].includes((await pollingGone)[0]), (await pollingGone)[0]);

  await serverSaw(server, "/", ids.ws, "server shutting down");
  await serverSaw(server, "/custom", ids.polling, "server shutting down");
  await serverSaw(server, "/dyn-3", ids.dyn, "server shutting down");
  for (const engineId of engines) await server.waitForLine(`ENGINE_CLOSE ${engineId} forced close`);
  await server.waitForLine("SERVER_CLOSED");

  // New connections are refused; the process keeps running until SIGTERM.
  const late = openSocket(server, "/");
  const [err] = await nextEvent(late, "connect_error");
  assert.ok(err instanceof Error);
  const result = await server.terminate();
  assert.equal(result.code, 0);
});

test("SIGTERM with connected clients: exit code 0, promptly", T, async (t) => {
  const server = await startServer(t);
  await connectSocket(server, "/", { transports: ["websocket"] });
  await connectSocket(server, "/", { transports: ["polling"] });
  const result = await server.terminate();
  assert.equal(result.code, 0);
  assert.ok(result.elapsedMs < 2000, `exited after ${result.elapsedMs} ms`);
});

test("a client going away does not disturb the others", T, async (t) => {
  const server = await startServer(t);
  const a = await connectSocket(server, "/", { transports: ["websocket"] });
  const b = await connectSocket(server, "/", { transports: ["websocket"] });
  const bGone = collect(b, "disconnect");
  a.io.engine.close();
  await delay(QUIET_MS);
  assert.deepEqual(bGone, []);
  assert.deepEqual(await request(b, "count"), [1]);
});
