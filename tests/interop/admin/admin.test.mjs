// The @socket.io/admin-ui protocol (../../../../shared/specs/admin-ui-protocol.md),
// spoken by the server under test (ADMIN_SERVER: the C++ admin-test-server, or
// reference-server.mjs, npm @socket.io/admin-ui on npm socket.io) to the real
// socket.io-client, as the official web UI and socketio-admin use it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import bcrypt from "bcryptjs";
import { io } from "socket.io-client";
import { HOST, startServerProcess, waitUntil, withTimeout } from "../common/server-process.mjs";

const WAIT_MS = 5000;
const STATS_WAIT_MS = 5000; // server_stats come every 2 s
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const FEATURES = ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"];

function startServer(t, flags = []) {
  return startServerProcess(t, {
    envVar: "ADMIN_SERVER",
    example: "./reference-server.mjs or <build>/tests/interop/admin/admin-test-server",
    flags,
  });
}

/** A socket.io-client socket; every event it gets is recorded in `socket.log` as [event, ...args]. */
function connect(server, nsp, options = {}) {
  const socket = io(`http://${HOST}:${server.port}${nsp}`, { forceNew: true, reconnection: false, ...options });
  socket.log = [];
  socket.onAny((event, ...args) => socket.log.push([event, ...args]));
  server.onStop(() => socket.close());
  return socket;
}

function connected(socket) {
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    }),
    WAIT_MS,
    "connect",
  );
}

/** Waits for the first logged event `name` whose arguments satisfy `match`; returns its arguments. */
async function logged(socket, name, match = () => true, timeoutMs = WAIT_MS) {
  let found;
  await waitUntil(() => (found = socket.log.find(([event, ...args]) => event === name && match(...args))), timeoutMs, `"${name}" event`);
  return found.slice(1);
}

async function admin(server, options = {}) {
  const socket = connect(server, "/admin", options);
  await connected(socket);
  return socket;
}

test("a wrong password is refused with \"invalid credentials\"", async (t) => {
  const hash = bcrypt.hashSync("changeit", 4);
  const server = await startServer(t, ["--auth", `admin:${hash}`]);
  const socket = connect(server, "/admin", { auth: { username: "admin", password: "wrong" } });
  const error = await withTimeout(new Promise((resolve) => socket.once("connect_error", resolve)), WAIT_MS, "connect_error");
  assert.equal(error.message, "invalid credentials");
  const stranger = connect(server, "/admin", { auth: { username: "root", password: "changeit" } });
  const refused = await withTimeout(new Promise((resolve) => stranger.once("connect_error", resolve)), WAIT_MS, "connect_error");
  assert.equal(refused.message, "invalid credentials");
});

for (const variant of ["$2a$", "$2b$", "$2y$"]) {
  test(`a ${variant} hash logs in, hands out a session id, and the id logs in again`, async (t) => {
    const hash = variant + bcrypt.hashSync("changeit", 4).slice(4);
    const server = await startServer(t, ["--auth", `admin:${hash}`]);
    const first = await admin(server, { auth: { username: "admin", password: "changeit" } });
    const [sessionId] = await logged(first, "session");
    assert.match(sessionId, /^[0-9a-f]{16}$/);
    await logged(first, "config");
    const again = await admin(server, { auth: { sessionId } });
    await logged(again, "config");
    assert.equal(again.log.filter(([e]) => e === "session").length, 0, "no new session for a session login");
    const forged = connect(server, "/admin", { auth: { sessionId: "0123456789abcdef" } });
    const error = await withTimeout(new Promise((resolve) => forged.once("connect_error", resolve)), WAIT_MS, "connect_error");
    assert.equal(error.message, "invalid credentials");
  });
}

test("config and all_sockets on connection, by mode", async (t) => {
  const cases = [
    { flags: [], features: FEATURES, allSockets: true },
    { flags: ["--readonly"], features: ["AGGREGATED_EVENTS", "ALL_EVENTS"], allSockets: true },
    { flags: ["--production"], features: FEATURES.filter((f) => f !== "ALL_EVENTS"), allSockets: false },
    { flags: ["--production", "--readonly"], features: ["AGGREGATED_EVENTS"], allSockets: false },
  ];
  for (const { flags, features, allSockets } of cases) {
    await t.test(flags.join(" ") || "development", async (st) => {
      const server = await startServer(st, ["--auth", "none", ...flags]);
      const user = connect(server, "/chat", { query: { who: "user" } });
      await connected(user);
      const watcher = await admin(server);
      const [config] = await logged(watcher, "config");
      assert.deepEqual(config, { supportedFeatures: features });
      if (!allSockets) {
        await logged(watcher, "server_stats", () => true, STATS_WAIT_MS);
        assert.equal(watcher.log.filter(([e]) => e === "all_sockets").length, 0);
        assert.equal(watcher.log.filter(([e]) => e === "socket_connected").length, 0);
        return;
      }
      const [sockets] = await logged(watcher, "all_sockets");
      const mine = sockets.find((s) => s.id === user.id);
      assert.ok(mine, "the user socket is listed");
      assert.equal(mine.nsp, "/chat");
      assert.equal(mine.clientId, user.io.engine.id.slice(0, 12));
      assert.ok(["polling", "websocket"].includes(mine.transport));
      assert.deepEqual(mine.rooms, [user.id]);
      assert.deepEqual(mine.data, {});
      assert.equal(mine.handshake.query.who, "user");
      assert.equal(mine.handshake.query.EIO, "4");
      assert.equal(mine.handshake.auth, undefined, "auth is never sent");
      assert.equal(typeof mine.handshake.issued, "number");
      assert.equal(typeof mine.handshake.time, "string");
      assert.equal(mine.handshake.address, "127.0.0.1");
      assert.ok(sockets.some((s) => s.nsp === "/admin" && s.id === watcher.id), "the admin socket is listed too");
    });
  }
});

test("server_stats every 2 seconds with the engine's counts", async (t) => {
  const server = await startServer(t, ["--auth", "none", "--server-id", "node-a"]);
  const watcher = await admin(server);
  const user = connect(server, "/", { transports: ["websocket"] });
  await connected(user);
  user.emit("echo", "x".repeat(100));
  const stats = await logged(watcher, "server_stats", (s) => s.clientsCount === 2, STATS_WAIT_MS);
  const [s] = stats;
  assert.equal(s.serverId, "node-a");
  assert.equal(typeof s.hostname, "string");
  assert.equal(s.pid, server.pid);
  assert.ok(s.uptime > 0 && s.uptime < 600, `uptime ${s.uptime}`);
  assert.equal(s.pollingClientsCount, 0);
  const names = s.namespaces.map((n) => n.name).sort();
  assert.deepEqual(names, ["/", "/admin", "/chat"]);
  assert.equal(s.namespaces.find((n) => n.name === "/").socketsCount, 1);
  assert.equal(s.namespaces.find((n) => n.name === "/admin").socketsCount, 1);
  // Every bucket so far: rawConnection of the user at least (the admin's may have been sent before it joined).
  let connections = 0;
  for (const [event, stat] of watcher.log) {
    if (event !== "server_stats") continue;
    for (const bucket of stat.aggregatedEvents) {
      assert.equal(bucket.timestamp % 1000, 0, "buckets are whole seconds");
      assert.ok(bucket.count > 0);
      if (bucket.type === "rawConnection") connections += bucket.count;
    }
  }
  await logged(watcher, "server_stats", (x) => x.aggregatedEvents.some((e) => e.type === "bytesOut"), STATS_WAIT_MS);
  assert.ok(connections >= 1, "rawConnection counted");
  user.close();
  await logged(
    watcher,
    "server_stats",
    (x) => x.aggregatedEvents.some((e) => e.type === "rawDisconnection" && e.subType === "transport close"),
    STATS_WAIT_MS,
  );
});

test("a user socket's life reaches the admin: connect, rooms, data, events, disconnect", async (t) => {
  const server = await startServer(t, ["--auth", "none"]);
  const watcher = await admin(server);
  await logged(watcher, "config");
  const user = connect(server, "/chat", { transports: ["polling", "websocket"] });
  await connected(user);
  const [serialized, at] = await logged(watcher, "socket_connected", (s) => s.id === user.id);
  assert.equal(serialized.nsp, "/chat");
  assert.match(at, ISO);
  const [, room, id, joinedAt] = await logged(watcher, "room_joined", (nsp, r) => nsp === "/chat" && r === user.id);
  assert.equal(room, user.id);
  assert.equal(id, user.id);
  assert.match(joinedAt, ISO);
  const [update] = await logged(watcher, "socket_updated", (u) => u.id === user.id && u.transport === "websocket");
  assert.equal(update.nsp, "/chat");

  user.emit("echo", 1, { two: 2 });
  const [nsp, socketId, args, receivedAt] = await logged(watcher, "event_received", (n, i) => i === user.id);
  assert.equal(nsp, "/chat");
  assert.equal(socketId, user.id);
  assert.deepEqual(args, ["echo", 1, { two: 2 }]);
  assert.match(receivedAt, ISO);
  const [, , sent] = await logged(watcher, "event_sent", (n, i) => i === user.id);
  assert.deepEqual(sent, ["echo", 1, { two: 2 }]);

  user.emit("set-data", "name", "ada");
  const [dataUpdate] = await logged(watcher, "socket_updated", (u) => u.id === user.id && u.data !== undefined);
  assert.deepEqual(dataUpdate, { id: user.id, nsp: "/chat", data: { name: "ada" } });

  user.emit("join", "lobby");
  await logged(watcher, "room_joined", (n, r, i) => n === "/chat" && r === "lobby" && i === user.id);

  const userId = user.id;
  user.disconnect();
  const [gone, goneId, reason, goneAt] = await logged(watcher, "socket_disconnected", (n, i) => i === userId);
  assert.equal(gone, "/chat");
  assert.equal(goneId, userId);
  assert.equal(reason, "client namespace disconnect");
  assert.match(goneAt, ISO);
  await logged(watcher, "room_left", (n, r, i) => r === "lobby" && i === userId);
  const order = watcher.log.map(([e, ...a]) => (e === "socket_disconnected" ? e : e === "room_left" && a[2] === userId ? e : null)).filter(Boolean);
  assert.equal(order[0], "socket_disconnected", "room_left follows socket_disconnected");
  // The admin namespace's own events are not reported.
  assert.equal(watcher.log.filter(([e, n]) => (e === "event_sent" || e === "event_received") && n === "/admin").length, 0);
});

test("commands: join, leave, emit and _disconnect, with and without a filter", async (t) => {
  const server = await startServer(t, ["--auth", "none"]);
  const watcher = await admin(server);
  await logged(watcher, "config");
  const a = connect(server, "/", { transports: ["websocket"] });
  const b = connect(server, "/", { transports: ["websocket"] });
  await Promise.all([connected(a), connected(b)]);

  watcher.emit("join", "/", "vip", a.id);
  await logged(watcher, "room_joined", (n, r, i) => r === "vip" && i === a.id);
  watcher.emit("emit", "/", "vip", "news", "for vips", 1);
  await logged(a, "news", (text, n) => text === "for vips" && n === 1);
  watcher.emit("emit", "/", null, "news", "for all");
  await logged(b, "news", (text) => text === "for all");
  await delay(100);
  assert.equal(b.log.filter(([e, x]) => e === "news" && x === "for vips").length, 0, "the filter kept b out");

  watcher.emit("join", "/", "everyone");
  await logged(watcher, "room_joined", (n, r, i) => r === "everyone" && i === b.id);
  watcher.emit("leave", "/", "everyone");
  await logged(watcher, "room_left", (n, r, i) => r === "everyone" && i === a.id);
  await logged(watcher, "room_left", (n, r, i) => r === "everyone" && i === b.id);

  watcher.emit("_disconnect", "/", false, a.id);
  const [reason] = await withTimeout(new Promise((resolve) => a.once("disconnect", (...r) => resolve(r))), WAIT_MS, "disconnect");
  assert.equal(reason, "io server disconnect");
  await logged(watcher, "socket_disconnected", (n, i, why) => why === "server namespace disconnect");
  assert.equal(b.connected, true);

  watcher.emit("_disconnect", "/", true);
  await withTimeout(new Promise((resolve) => b.once("disconnect", resolve)), WAIT_MS, "disconnect b");
  assert.equal(watcher.connected, true, "a command on / leaves the admin namespace alone");
});

test("readonly: commands are not handled", async (t) => {
  const server = await startServer(t, ["--auth", "none", "--readonly"]);
  const watcher = await admin(server);
  await logged(watcher, "config");
  const user = connect(server, "/", { transports: ["websocket"] });
  await connected(user);
  watcher.emit("join", "/", "vip", user.id);
  watcher.emit("_disconnect", "/", false, user.id);
  await delay(300);
  assert.equal(user.connected, true);
  assert.equal(watcher.log.filter(([e, , r]) => e === "room_joined" && r === "vip").length, 0);
});

test("another admin namespace name", async (t) => {
  const server = await startServer(t, ["--auth", "none", "--namespace", "/console"]);
  const watcher = connect(server, "/console");
  await connected(watcher);
  await logged(watcher, "config");
});
