// Connection state recovery (--recovery MS): session id, rooms, data and
// missed room broadcasts survive a short transport interruption.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  RawWs,
  collect,
  connectSocket,
  nextEvent,
  openSocket,
  rawSioConnect,
  request,
  startServer,
  sync,
  waitUntil,
} from "./harness.mjs";

const T = { timeout: 15_000 };
const RECONNECT_DELAY = 300;

/**
 * With recovery on, the server appends the packet's offset to the arguments
 * of every event it may replay, and socket.io-client hands it to the
 * listener as an extra last argument (it only records it as _lastOffset).
 * Checks that it is there and returns the event's own arguments.
 */
function withoutOffset(args) {
  const offset = args[args.length - 1];
  assert.equal(typeof offset, "string", `expected an offset as last argument of ${JSON.stringify(args)}`);
  assert.ok(offset.length > 0);
  return args.slice(0, -1);
}
const RECONNECTING = {
  transports: ["websocket"],
  reconnection: true,
  reconnectionDelay: RECONNECT_DELAY,
  reconnectionDelayMax: RECONNECT_DELAY,
  randomizationFactor: 0,
};

test("recovery on: first connection is not recovered; CONNECT carries sid and pid", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const socket = await connectSocket(server, "/", RECONNECTING);
  assert.equal(socket.recovered, false);
  assert.equal((await socket.welcome).recovered, false);

  const { raw, sid } = await rawSioConnect(server, "/");
  assert.match(sid, /^[A-Za-z0-9_-]{20}$/);
  raw.send("41");
  raw.send("40/custom,");
  const answer = await raw.next();
  const payload = JSON.parse(answer.slice("40/custom,".length));
  assert.deepEqual(Object.keys(payload).sort(), ["pid", "sid"]);
  assert.match(payload.pid, /^[A-Za-z0-9_-]{20}$/);
  assert.notEqual(payload.pid, payload.sid);
});

test("recovery on: events that may be replayed carry an offset as an extra last argument", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const { raw, welcome } = await rawSioConnect(server, "/");
  assert.equal(welcome.recovered, false);
  raw.send('42["echo",1]');
  const echo = JSON.parse((await raw.next()).slice(2));
  assert.equal(echo.length, 3, JSON.stringify(echo));
  assert.deepEqual(echo.slice(0, 2), ["echo", 1]);
  assert.equal(typeof echo[2], "string");
  assert.ok(echo[2].length > 0);

  raw.send('42["join","room"]');
  raw.send('42["nsp-to","room","news","a"]');
  raw.send('42["nsp-to","room","news","b"]');
  const first = JSON.parse((await raw.next()).slice(2));
  const second = JSON.parse((await raw.next()).slice(2));
  assert.deepEqual(first.slice(0, 2), ["news", "a"]);
  assert.deepEqual(second.slice(0, 2), ["news", "b"]);
  assert.equal(typeof first[2], "string");
  assert.notEqual(first[2], second[2], "offsets are unique");

  // No offset on volatile events and on events that request an ack.
  raw.send('42["volatile","flash",1]');
  assert.equal(await raw.next(), '42["flash",1]');
  raw.send('42["server-ack",1000]');
  assert.match(await raw.next(), /^42\d+\["question",42\]$/);

  // Binary events get the offset after the placeholders' data.
  raw.send('451-["binary-echo",{"_placeholder":true,"num":0}]');
  raw.send(Buffer.from([7]));
  const header = await raw.next();
  const args = JSON.parse(header.slice("451-".length));
  assert.deepEqual(args.slice(0, 2), ["binary-echo", { _placeholder: true, num: 0 }]);
  assert.equal(typeof args[2], "string");
  assert.deepEqual([...(await raw.next())], [7]);
});

test("recovery off: no pid and no offset", T, async (t) => {
  const server = await startServer(t);
  const raw = new RawWs(server);
  await raw.handshake();
  raw.send("40");
  assert.deepEqual(Object.keys(JSON.parse((await raw.next()).slice(2))), ["sid"]);
  await raw.next(); // welcome
  raw.send('42["echo",1]');
  assert.equal(await raw.next(), '42["echo",1]');
});

test("after a transport close the client recovers: same id, rooms, data, missed broadcasts replayed", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const a = await connectSocket(server, "/", RECONNECTING);
  const b = await connectSocket(server, "/", { transports: ["websocket"] });
  await request(a, "join", "room");
  await request(a, "set-data", { name: "alice" });
  const id = a.id;

  // One event before the interruption, delivered live.
  const news = collect(a, "news");
  b.emit("nsp-to", "room", "news", 0);
  await waitUntil(() => news.length === 1, 3000, "live news");

  const welcomeAgain = nextEvent(a, "welcome", 5000);
  const reconnected = nextEvent(a, "connect", 5000);
  const gone = nextEvent(a, "disconnect");
  a.io.engine.close();
  assert.equal((await gone)[0], "forced close");
  await server.waitForLine(`DISCONNECT / ${id} transport close`);

  // Missed while away: room broadcasts from b.
  b.emit("nsp-to", "room", "news", 1);
  b.emit("to", "room", "news", { two: 2 });
  b.emit("nsp-to", id, "news", "three");
  await sync(b);
  assert.equal(news.length, 1, "nothing is delivered while disconnected");

  await reconnected;
  assert.equal(a.recovered, true);
  assert.equal(a.id, id);
  const [welcome] = await welcomeAgain;
  // The client sends pid and offset in the CONNECT auth: the socket sees them.
  const { auth, ...rest } = welcome;
  assert.deepEqual(rest, { id, nsp: "/", recovered: true, data: { name: "alice" } });
  assert.deepEqual(Object.keys(auth).sort(), ["offset", "pid"]);
  assert.equal(typeof auth.pid, "string");
  assert.equal(typeof auth.offset, "string");
  await waitUntil(() => news.length === 4, 3000, "replayed news");
  assert.deepEqual(news.map(withoutOffset), [[0], [1], [{ two: 2 }], ["three"]]);
  assert.deepEqual(await request(a, "rooms"), [[id, "room"]]);
  assert.deepEqual(await request(a, "get-data"), [{ name: "alice" }]);
  assert.equal(server.count(`CONNECT / ${id}`), 2);

  // And it is a normal member again.
  b.emit("nsp-to", "room", "news", 4);
  await waitUntil(() => news.length === 5, 3000, "live news after recovery");
  assert.deepEqual(withoutOffset(news[4]), [4]);
});

test("raw recovery: CONNECT with pid and offset restores the session and replays what was missed", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const first = new RawWs(server);
  await first.handshake();
  first.send("40");
  const { sid, pid } = JSON.parse((await first.next()).slice(2));
  await first.next(); // welcome
  const { raw: other } = await rawSioConnect(server, "/");

  first.send('421["join","room"]');
  assert.match(await first.next(), /^431\[\["[A-Za-z0-9_-]{20}","room"\]\]$/);
  other.send('42["nsp-to","room","news",1]');
  const live = JSON.parse((await first.next()).slice(2));
  assert.deepEqual(live.slice(0, 2), ["news", 1]);
  const offset = live[2];

  first.ws.terminate();
  await server.waitForLine(`DISCONNECT / ${sid} transport close`);
  other.send('42["nsp-to","room","news",2]');
  other.send('42["nsp-to","room","news",3]');
  other.send('42["echo","sync"]');
  assert.ok((await other.next()).startsWith('42["echo","sync",'));

  const again = new RawWs(server);
  await again.handshake();
  again.send(`40${JSON.stringify({ pid, offset })}`);
  const seen = [];
  await waitUntil(() => {
    while (again.messages.length > 0) seen.push(again.messages.shift());
    return seen.some((m) => m.startsWith('42["welcome"'));
  }, 3000, `recovered CONNECT and welcome; got ${JSON.stringify(seen)}`);
  const connect = seen.find((m) => m.startsWith("40"));
  assert.deepEqual(JSON.parse(connect.slice(2)), { sid, pid });
  const replayed = seen
    .filter((m) => m.startsWith('42["news"'))
    .map((m) => JSON.parse(m.slice(2)).slice(0, 2));
  assert.deepEqual(replayed, [["news", 2], ["news", 3]]);
  const welcome = JSON.parse(seen.find((m) => m.startsWith('42["welcome"')).slice(2))[1];
  assert.equal(welcome.recovered, true);
  assert.equal(welcome.id, sid);
  // The recovery fields are part of the auth the socket sees.
  assert.deepEqual(welcome.auth, { pid, offset });
});

test("raw recovery with an unknown pid or offset gives a fresh session", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const first = new RawWs(server);
  await first.handshake();
  first.send("40");
  const { sid, pid } = JSON.parse((await first.next()).slice(2));
  await first.next();
  first.ws.terminate();
  await server.waitForLine(`DISCONNECT / ${sid} transport close`);

  for (const auth of [{ pid: "x".repeat(20), offset: "whatever" }, { pid, offset: "not-an-offset" }]) {
    const raw = new RawWs(server);
    await raw.handshake();
    raw.send(`40${JSON.stringify(auth)}`);
    const answer = JSON.parse((await raw.next()).slice(2));
    assert.notEqual(answer.sid, sid);
    assert.notEqual(answer.pid, pid);
    const welcome = JSON.parse((await raw.next()).slice(2))[1];
    assert.equal(welcome.recovered, false);
  }
});

test("a session is not recoverable after maxDisconnectionDuration", T, async (t) => {
  const server = await startServer(t, ["--recovery", "300"]);
  const a = await connectSocket(server, "/", { ...RECONNECTING, reconnectionDelay: 800, reconnectionDelayMax: 800 });
  await request(a, "join", "room");
  const id = a.id;
  const reconnected = nextEvent(a, "connect", 5000);
  a.io.engine.close();
  await server.waitForLine(`DISCONNECT / ${id} transport close`);
  await reconnected;
  assert.equal(a.recovered, false);
  assert.notEqual(a.id, id);
  assert.deepEqual(await request(a, "rooms"), [[a.id]]);
});

test("a client namespace disconnect is not recoverable", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const a = await connectSocket(server, "/", RECONNECTING);
  await request(a, "join", "room");
  const id = a.id;
  a.disconnect();
  await server.waitForLine(`DISCONNECT / ${id} client namespace disconnect`);
  a.connect();
  await nextEvent(a, "connect");
  assert.equal(a.recovered, false);
  assert.notEqual(a.id, id);
  assert.deepEqual(await request(a, "rooms"), [[a.id]]);
});

test("recovery skips the middlewares (skipMiddlewares)", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const a = await connectSocket(server, "/auth", { ...RECONNECTING, auth: { token: "secret" } });
  const id = a.id;
  // The middleware would now refuse this client...
  a.auth = { token: "wrong" };
  const reconnected = nextEvent(a, "connect", 5000);
  a.io.engine.close();
  await server.waitForLine(`DISCONNECT /auth ${id} transport close`);
  // ...but a recovered session does not go through it again.
  await reconnected;
  assert.equal(a.recovered, true);
  assert.equal(a.id, id);

  // A fresh connection with the same auth is refused.
  const fresh = openSocket(server, "/auth", { transports: ["websocket"], auth: { token: "wrong" } });
  const [err] = await nextEvent(fresh, "connect_error");
  assert.equal(err.message, "unauthorized");
});

test("recovery over polling", T, async (t) => {
  const server = await startServer(t, ["--recovery", "2000"]);
  const a = await connectSocket(server, "/", { ...RECONNECTING, transports: ["polling"], upgrade: false });
  const b = await connectSocket(server, "/", { transports: ["websocket"] });
  await request(a, "join", "room");
  const id = a.id;
  const news = collect(a, "news");
  const reconnected = nextEvent(a, "connect", 5000);
  a.io.engine.close();
  await server.waitForLine(`DISCONNECT / ${id} transport close`);
  b.emit("nsp-to", "room", "news", "missed");
  await sync(b);
  await reconnected;
  assert.equal(a.recovered, true);
  assert.equal(a.id, id);
  await waitUntil(() => news.length === 1, 3000, "replayed news");
  assert.deepEqual(news.map(withoutOffset), [["missed"]]);
});
