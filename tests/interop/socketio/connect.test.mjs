// Connecting: transports, the CONNECT answer, auth, middlewares, namespaces
// (static, invalid, dynamic) and multiplexing.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  RawWs,
  connectSocket,
  connected,
  nextEvent,
  openManager,
  openSocket,
  rawSioConnect,
  request,
  startServer,
  waitUntil,
} from "./harness.mjs";

const T = { timeout: 15_000 };
// Socket ids are 20 base64url characters, like Node's base64id.
const SOCKET_ID = /^[A-Za-z0-9_-]{20}$/;

test("connects to / over websocket only", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  assert.match(socket.id, SOCKET_ID);
  assert.equal(socket.io.engine.transport.name, "websocket");
  await server.waitForLine(`CONNECT / ${socket.id}`);
  assert.deepEqual(await request(socket, "rooms"), [[socket.id]]);
});

test("connects to / over polling, then upgrades to websocket and keeps working", T, async (t) => {
  const server = await startServer(t);
  const socket = openSocket(server, "/");
  const upgraded = nextEvent(socket.io, "open").then(() => nextEvent(socket.io.engine, "upgrade"));
  await connected(socket);
  await upgraded;
  assert.equal(socket.io.engine.transport.name, "websocket");
  await server.waitForLine(`CONNECT / ${socket.id}`);
  const echoed = nextEvent(socket, "echo");
  socket.emit("echo", "after upgrade");
  assert.deepEqual(await echoed, ["after upgrade"]);
});

test("connects over polling only", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["polling"], upgrade: false });
  assert.equal(socket.io.engine.transport.name, "polling");
  assert.deepEqual(await request(socket, "ack", "over polling"), ["over polling"]);
});

test("the socket id is not the Engine.IO session id", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  assert.match(socket.io.engine.id, SOCKET_ID);
  assert.notEqual(socket.id, socket.io.engine.id);
  await server.waitForLine(`ENGINE_CONNECTION ${socket.io.engine.id} websocket`);
});

test("welcome payload: id, nsp, recovered, auth, data", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  assert.deepEqual(await socket.welcome, {
    id: socket.id,
    nsp: "/",
    recovered: false,
    auth: {},
    data: {},
  });
});

test("raw CONNECT answer is 40{\"sid\":...} without pid when recovery is off", T, async (t) => {
  const server = await startServer(t);
  const raw = new RawWs(server);
  await raw.handshake();
  raw.send("40");
  const answer = await raw.next();
  assert.match(answer, /^40\{/);
  const payload = JSON.parse(answer.slice(2));
  assert.deepEqual(Object.keys(payload), ["sid"]);
  assert.match(payload.sid, SOCKET_ID);
  // Then the welcome event, with no offset appended.
  const welcome = JSON.parse((await raw.next()).slice(2));
  assert.equal(welcome.length, 2);
  assert.equal(welcome[0], "welcome");
  assert.equal(welcome[1].id, payload.sid);
});

test("auth payload round trip on /custom", T, async (t) => {
  const server = await startServer(t);
  const auth = { token: "abc", nested: { list: [1, "two", null, true] }, unicode: "héllo ✓ 𝄞" };
  const socket = await connectSocket(server, "/custom", { auth, transports: ["websocket"] });
  const welcome = await socket.welcome;
  assert.equal(welcome.nsp, "/custom");
  assert.deepEqual(welcome.auth, auth);
  const [handshake] = await request(socket, "handshake");
  assert.deepEqual(handshake.auth, auth);
  await server.waitForLine(`CONNECT /custom ${socket.id}`);
});

test("middleware accepts the right token on /auth", T, async (t) => {
  const server = await startServer(t);
  const socket = await connectSocket(server, "/auth", { auth: { token: "secret" } });
  assert.deepEqual((await socket.welcome).auth, { token: "secret" });
  await server.waitForLine(`CONNECT /auth ${socket.id}`);
});

test("middleware error: connect_error with message and data", T, async (t) => {
  const server = await startServer(t);
  const socket = openSocket(server, "/auth", { auth: { token: "wrong" } });
  const [err] = await nextEvent(socket, "connect_error");
  assert.equal(err.message, "unauthorized");
  assert.deepEqual(err.data, { code: 401 });
  assert.equal(socket.connected, false);
  // No auth at all fails the same way.
  const anonymous = openSocket(server, "/auth");
  const [err2] = await nextEvent(anonymous, "connect_error");
  assert.equal(err2.message, "unauthorized");
  assert.deepEqual(err2.data, { code: 401 });
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECT /auth ")), "no socket connected to /auth");
});

test("raw middleware error packet: 44/auth,{message,data}", T, async (t) => {
  const server = await startServer(t);
  const raw = new RawWs(server);
  await raw.handshake();
  raw.send('40/auth,{"token":"nope"}');
  const answer = await raw.next();
  assert.ok(answer.startsWith("44/auth,"), answer);
  assert.deepEqual(JSON.parse(answer.slice("44/auth,".length)), { message: "unauthorized", data: { code: 401 } });
  // The Engine.IO connection stays open: another namespace can still be joined.
  raw.send("40/custom,");
  assert.match(await raw.next(), /^40\/custom,\{"sid":"[A-Za-z0-9_-]{20}"/);
});

test("slow middleware delays the connection by ~50 ms", T, async (t) => {
  const server = await startServer(t);
  const manager = openManager(server, { transports: ["websocket"] });
  const main = manager.socket("/");
  await connected(main);
  const started = Date.now();
  const slow = manager.socket("/slow");
  await connected(slow);
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 45, `connected after ${elapsed} ms`);
  await server.waitForLine(`CONNECT /slow ${slow.id}`);
});

test("invalid namespace: connect_error 'Invalid namespace' without data", T, async (t) => {
  const server = await startServer(t);
  const socket = openSocket(server, "/nope");
  const [err] = await nextEvent(socket, "connect_error");
  assert.equal(err.message, "Invalid namespace");
  assert.equal(err.data, undefined);
  assert.equal(socket.connected, false);
});

test("raw invalid namespace packet: 44/nope,{\"message\":\"Invalid namespace\"}", T, async (t) => {
  const server = await startServer(t);
  const raw = new RawWs(server);
  await raw.handshake();
  raw.send("40/nope,");
  const answer = await raw.next();
  assert.ok(answer.startsWith("44/nope,"), answer);
  assert.deepEqual(JSON.parse(answer.slice("44/nope,".length)), { message: "Invalid namespace" });
  // The root namespace is still reachable on the same connection.
  raw.send("40");
  assert.match(await raw.next(), /^40\{"sid":/);
});

test("static namespaces are announced with NEW_NAMESPACE at startup, / is not", T, async (t) => {
  const server = await startServer(t);
  for (const name of ["/custom", "/auth", "/slow"]) {
    assert.ok(server.lines.includes(`NEW_NAMESPACE ${name}`), `NEW_NAMESPACE ${name} in ${JSON.stringify(server.lines)}`);
  }
  assert.ok(!server.lines.includes("NEW_NAMESPACE /"), "no NEW_NAMESPACE for /");
  const listening = server.lines.findIndex((line) => line.startsWith("LISTENING "));
  const last = server.lines.findLastIndex((line) => line.startsWith("NEW_NAMESPACE "));
  assert.ok(last < listening, "static namespaces exist before LISTENING");
});

test("dynamic namespace: created on first connect, parent middleware applied", T, async (t) => {
  const server = await startServer(t);
  assert.ok(!server.lines.includes("NEW_NAMESPACE /dyn-42"));
  const socket = await connectSocket(server, "/dyn-42", { transports: ["websocket"] });
  assert.deepEqual(await socket.welcome, {
    id: socket.id,
    nsp: "/dyn-42",
    recovered: false,
    auth: {},
    data: { viaParent: true },
  });
  await server.waitForLine("NEW_NAMESPACE /dyn-42");
  await server.waitForLine(`CONNECT /dyn-42 ${socket.id}`);
  assert.ok(
    server.lines.indexOf("NEW_NAMESPACE /dyn-42") < server.lines.indexOf(`CONNECT /dyn-42 ${socket.id}`),
    "NEW_NAMESPACE comes before CONNECT",
  );
  assert.deepEqual(await request(socket, "get-data"), [{ viaParent: true }]);

  // A second client reuses the child namespace.
  const second = await connectSocket(server, "/dyn-42");
  await server.waitForLine(`CONNECT /dyn-42 ${second.id}`);
  assert.equal(server.count("NEW_NAMESPACE /dyn-42"), 1);
  assert.deepEqual(await request(second, "count"), [2]);
});

test("dynamic namespace regex: non-matching names are invalid", T, async (t) => {
  const server = await startServer(t);
  for (const name of ["/dyn-", "/dyn-x", "/dyn-1/extra", "/xdyn-1"]) {
    const socket = openSocket(server, name);
    const [err] = await nextEvent(socket, "connect_error");
    assert.equal(err.message, "Invalid namespace", name);
  }
  assert.ok(!server.lines.some((line) => /^NEW_NAMESPACE \/(x?dyn)/.test(line)));
});

test("dynamic namespaces are separate: broadcasts do not cross children", T, async (t) => {
  const server = await startServer(t);
  const one = await connectSocket(server, "/dyn-1");
  const two = await connectSocket(server, "/dyn-2");
  const got = [];
  two.on("hello", (...args) => got.push(args));
  one.emit("local", "hello", 1);
  assert.deepEqual(await nextEvent(one, "hello"), [1]);
  await delay(150);
  assert.deepEqual(got, []);
});

test("child namespaces stay after their last socket leaves by default", T, async (t) => {
  const server = await startServer(t);
  const first = await connectSocket(server, "/dyn-7");
  const firstId = first.id;
  first.disconnect();
  await server.waitForLine(`DISCONNECT /dyn-7 ${firstId} client namespace disconnect`);
  const again = await connectSocket(server, "/dyn-7");
  await server.waitForLine(`CONNECT /dyn-7 ${again.id}`);
  assert.equal(server.count("NEW_NAMESPACE /dyn-7"), 1);
});

test("--cleanup-empty-child-namespaces: an emptied child namespace is created anew", T, async (t) => {
  const server = await startServer(t, ["--cleanup-empty-child-namespaces"]);
  const first = await connectSocket(server, "/dyn-7");
  const firstId = first.id;
  first.disconnect();
  await server.waitForLine(`DISCONNECT /dyn-7 ${firstId} client namespace disconnect`);
  const again = await connectSocket(server, "/dyn-7");
  await server.waitForLine(`CONNECT /dyn-7 ${again.id}`);
  await waitUntil(() => server.count("NEW_NAMESPACE /dyn-7") === 2, 2000, "second NEW_NAMESPACE /dyn-7");
  // Static namespaces are never cleaned up.
  const custom = await connectSocket(server, "/custom");
  const customId = custom.id;
  custom.disconnect();
  await server.waitForLine(`DISCONNECT /custom ${customId} client namespace disconnect`);
  await connectSocket(server, "/custom");
  assert.equal(server.count("NEW_NAMESPACE /custom"), 1);
});

test("multiplexing: two namespaces share one Engine.IO connection", T, async (t) => {
  const server = await startServer(t);
  const manager = openManager(server, { transports: ["websocket"] });
  const main = manager.socket("/");
  const custom = manager.socket("/custom");
  await connected(main);
  await connected(custom);
  assert.equal(main.io.engine.id, custom.io.engine.id);
  assert.notEqual(main.id, custom.id);
  await server.waitForLine(`CONNECT / ${main.id}`);
  await server.waitForLine(`CONNECT /custom ${custom.id}`);
  assert.equal(server.count(/^ENGINE_CONNECTION /), 1);

  // Each namespace has its own rooms and handlers.
  assert.deepEqual(await request(main, "rooms"), [[main.id]]);
  assert.deepEqual(await request(custom, "rooms"), [[custom.id]]);
  assert.deepEqual(await request(custom, "count"), [1]);

  // Leaving one namespace leaves the connection and the other namespace alone.
  const customId = custom.id;
  custom.disconnect();
  await server.waitForLine(`DISCONNECT /custom ${customId} client namespace disconnect`);
  assert.deepEqual(await request(main, "ack", "still here"), ["still here"]);
  assert.equal(server.count(/^ENGINE_CLOSE /), 0);
});

test("raw multiplexing: CONNECT to two namespaces on one websocket", T, async (t) => {
  const server = await startServer(t);
  const { raw, sid } = await rawSioConnect(server, "/");
  raw.send("40/custom,");
  const answer = await raw.next();
  assert.match(answer, /^40\/custom,\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
  const customSid = JSON.parse(answer.slice("40/custom,".length)).sid;
  assert.notEqual(customSid, sid);
  const welcome = await raw.next();
  assert.ok(welcome.startsWith('42/custom,["welcome",'), welcome);
  raw.send('42/custom,["echo","to custom"]');
  assert.equal(await raw.next(), '42/custom,["echo","to custom"]');
  raw.send('42["echo","to main"]');
  assert.equal(await raw.next(), '42["echo","to main"]');
});

test("--path serves Socket.IO under another path", T, async (t) => {
  const server = await startServer(t, ["--path", "/other/"]);
  const socket = await connectSocket(server, "/", { path: "/other/", transports: ["websocket"] });
  assert.deepEqual(await request(socket, "ack", 1), [1]);
});
