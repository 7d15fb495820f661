// Socket.IO 2 clients (protocol 4 over Engine.IO 3) with allowEIO3: the real
// socket.io-client 2.5.0 (npm alias socket.io-client-v2), on `/` and other
// namespaces, over every transport. The server meets them where Node's does:
// it connects `/` by itself, takes a namespace's query string as its auth,
// sends a refusal as `err.data || err.message`, and names sockets
// `<nsp>#<engine id>` (the engine id on `/`), as the client does.

import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import ioV2 from "socket.io-client-v2";
import { WAIT_MS, connectSocket, nextEvent, openSocket, request, startServer, withTimeout } from "./harness.mjs";

const T = { timeout: 20_000 };
const EIO3 = ["--allow-eio3"];

/** A socket.io-client 2.5.0 socket (harness.openSocket), its `error` events (refusals) kept. */
function openV2(server, nsp = "/", options = {}) {
  const socket = openSocket(server, nsp, options, ioV2);
  socket.errors = [];
  socket.on("error", (err) => socket.errors.push(err));
  return socket;
}

/** Resolves once a 2.x socket is connected; rejects on its `error` event (the refusal). */
function connectedV2(socket) {
  if (socket.connected) return Promise.resolve(socket);
  let onConnect;
  let onError;
  return withTimeout(
    new Promise((resolvePromise, reject) => {
      onConnect = () => resolvePromise(socket);
      onError = (err) => reject(new Error(`error: ${JSON.stringify(err)}`));
      socket.once("connect", onConnect);
      socket.once("error", onError);
    }),
    WAIT_MS,
    "socket connect",
  ).finally(() => {
    socket.off("connect", onConnect);
    socket.off("error", onError);
  });
}

async function connectV2(server, nsp = "/", options = {}) {
  const socket = openV2(server, nsp, options);
  await connectedV2(socket);
  await socket.welcome;
  return socket;
}

/** The 2.x client's `error` event, which carries a namespace refusal. */
async function refusal(socket) {
  const [err] = await nextEvent(socket, "error");
  assert.equal(socket.connected, false);
  return err;
}

for (const [name, transports] of [
  ["polling", ["polling"]],
  ["websocket", ["websocket"]],
]) {
  test(`2.x client joins / over ${name}: the server sends CONNECT, the id is the engine id`, T, async (t) => {
    const server = await startServer(t, EIO3);
    const socket = await connectV2(server, "/", { transports });
    const engineId = socket.io.engine.id;
    assert.equal(socket.io.engine.transport.name, name);
    assert.equal(socket.id, engineId);
    const welcome = await socket.welcome;
    assert.equal(welcome.id, engineId);
    assert.equal(welcome.nsp, "/");
    assert.deepEqual(welcome.auth, {});
    await server.waitForLine(`CONNECT / ${engineId}`);
    assert.deepEqual(await request(socket, "rooms"), [[engineId]]);
  });
}

test("2.x client upgrades from polling to websocket and keeps its socket", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = openV2(server, "/");
  const upgraded = nextEvent(socket.io, "open").then(() => nextEvent(socket.io.engine, "upgrade"));
  await connectedV2(socket);
  await upgraded;
  assert.equal(socket.io.engine.transport.name, "websocket");
  const echoed = nextEvent(socket, "echo");
  socket.emit("echo", "after upgrade", { n: 1 });
  assert.deepEqual(await echoed, ["after upgrade", { n: 1 }]);
  assert.equal(server.count(new RegExp(`^CONNECT / ${socket.id}$`)), 1);
});

test("2.x client on /custom: id <nsp>#<engine id>, and / is joined on the server too", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = await connectV2(server, "/custom", { transports: ["websocket"] });
  const engineId = socket.io.engine.id;
  assert.equal(socket.id, `/custom#${engineId}`);
  assert.equal((await socket.welcome).id, socket.id);
  assert.equal((await socket.welcome).nsp, "/custom");
  await server.waitForLine(`CONNECT / ${engineId}`);
  await server.waitForLine(`CONNECT /custom /custom#${engineId}`);
  assert.deepEqual(await request(socket, "rooms"), [[socket.id]]);
});

test("2.x namespace query string is the namespace's auth, not part of its name", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = await connectV2(server, "/auth", { query: { token: "secret", extra: "a b&c" } });
  const welcome = await socket.welcome;
  assert.equal(welcome.nsp, "/auth");
  assert.deepEqual(welcome.auth, { token: "secret", extra: "a b&c" });
  const handshake = (await request(socket, "handshake"))[0];
  // The Manager's query travels in the Engine.IO URL as well.
  assert.equal(handshake.query.token, "secret");
  assert.equal(handshake.query.EIO, "3");
  await server.waitForLine(`CONNECT /auth /auth#${socket.io.engine.id}`);
});

test("2.x refusal by a namespace middleware is err.data (an object here)", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = openV2(server, "/auth", { query: { token: "wrong" } });
  assert.deepEqual(await refusal(socket), { code: 401 });
  assert.equal(server.count(/^CONNECT \/auth /), 0);
});

test("2.x refusal by / middleware is the plain message, and the session stays", T, async (t) => {
  const server = await startServer(t, [...EIO3, "--root-auth"]);
  const refused = openV2(server, "/", { transports: ["websocket"] });
  assert.equal(await refusal(refused), "unauthorized");
  // The Engine.IO session stays open: another namespace can still be joined on it.
  const other = refused.io.socket("/custom");
  await connectedV2(other);
  assert.equal(other.id, `/custom#${refused.io.engine.id}`);
  assert.equal(server.count(/^CONNECT \/ /), 0);

  const accepted = await connectV2(server, "/", { query: { token: "secret" } });
  assert.equal(accepted.id, accepted.io.engine.id);
  await server.waitForLine(`CONNECT / ${accepted.id}`);
});

test("2.x client on an unknown namespace gets 'Invalid namespace' under the name it asked for", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = openV2(server, "/nope", { query: { token: "x" } });
  assert.deepEqual(await refusal(socket), { message: "Invalid namespace" });
});

test("2.x client: a dynamic namespace connects with its parent's middleware", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = await connectV2(server, "/dyn-7", { query: { k: "v" } });
  const welcome = await socket.welcome;
  assert.equal(welcome.nsp, "/dyn-7");
  assert.equal(welcome.id, `/dyn-7#${socket.io.engine.id}`);
  assert.deepEqual(welcome.data, { viaParent: true });
  assert.deepEqual(welcome.auth, { k: "v" });
});

test("2.x acks both ways, on / and on a namespace", T, async (t) => {
  const server = await startServer(t, EIO3);
  for (const nsp of ["/", "/custom"]) {
    const socket = await connectV2(server, nsp);
    assert.deepEqual(await request(socket, "ack", 1, "two", { three: [3] }), [1, "two", { three: [3] }]);
    socket.on("question", (n, cb) => cb(n + 1, "answered"));
    assert.deepEqual(await request(socket, "server-ack", 2000), [null, [43, "answered"]]);
    assert.deepEqual(await request(socket, "emit-with-ack", 2000), [null, 43]);
    socket.close();
  }
});

test("2.x binary both ways: events, acks with attachments, over polling and websocket", T, async (t) => {
  const server = await startServer(t, EIO3);
  for (const transports of [["polling"], ["websocket"]]) {
    const socket = await connectV2(server, "/custom", { transports });
    const payload = Buffer.from([0, 1, 2, 253, 254, 255]);
    const echoed = nextEvent(socket, "binary-echo");
    socket.emit("binary-echo", "label", payload, { nested: [payload] });
    const [label, first, object] = await echoed;
    assert.equal(label, "label");
    assert.deepEqual(Buffer.from(first), payload);
    assert.deepEqual(Buffer.from(object.nested[0]), payload);

    // A binary ack from the server (the ack handler answers with what it got).
    const [acked] = await request(socket, "ack", payload);
    assert.deepEqual(Buffer.from(acked), payload);

    // A binary ack from the client.
    socket.on("question", (n, cb) => cb(Buffer.from([n])));
    const [error, answer] = await request(socket, "server-ack", 2000);
    assert.equal(error, null);
    assert.deepEqual(Buffer.from(answer[0]), Buffer.from([42]));
    socket.close();
  }
});

test("2.x rooms, broadcasts and messages to the id the client reports", T, async (t) => {
  const server = await startServer(t, EIO3);
  const a = await connectV2(server, "/custom");
  const b = await connectV2(server, "/custom", { transports: ["websocket"] });
  const modern = await connectSocket(server, "/custom");

  // To the id b's client reports.
  const direct = nextEvent(b, "direct");
  a.emit("nsp-to", b.id, "direct", "to your id");
  assert.deepEqual(await direct, ["to your id"]);

  // A room with a 2.x, a 4.x client and the sender.
  await request(b, "join", "room-1");
  await request(modern, "join", "room-1");
  const toB = nextEvent(b, "news");
  const toModern = nextEvent(modern, "news");
  a.emit("to", "room-1", "news", { n: 1 });
  assert.deepEqual(await toB, [{ n: 1 }]);
  assert.deepEqual(await toModern, [{ n: 1 }]);

  // A broadcast from a 4.x client reaches the 2.x clients.
  const toA = nextEvent(a, "hello");
  const toB2 = nextEvent(b, "hello");
  modern.emit("broadcast", "hello", "from 4.x");
  assert.deepEqual(await toA, ["from 4.x"]);
  assert.deepEqual(await toB2, ["from 4.x"]);

  const [sockets] = await request(a, "fetch", "room-1");
  assert.deepEqual(sockets.map((s) => s.id).sort(), [b.id, modern.id].sort());
});

test("2.x client disconnects from a namespace: 'client namespace disconnect'", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = await connectV2(server, "/custom");
  const id = socket.id;
  socket.close();
  await server.waitForLine(`DISCONNECT /custom ${id} client namespace disconnect`);
});

test("2.x server disconnect of a namespace: 'io server disconnect' and the client closes the session", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = await connectV2(server, "/custom", { transports: ["websocket"] });
  const engineId = socket.io.engine.id;
  const gone = nextEvent(socket, "disconnect");
  socket.emit("disconnect-me", false);
  assert.deepEqual(await gone, ["io server disconnect"]);
  await server.waitForLine(`DISCONNECT /custom /custom#${engineId} server namespace disconnect`);
  // The client had no other socket: it closes the Engine.IO session, and / goes with it.
  await server.waitForLine(`ENGINE_CLOSE ${engineId} transport close`);
  await server.waitForLine(`DISCONNECT / ${engineId} transport close`);
});

test("2.x server disconnect of / with close: every namespace goes, then the session", T, async (t) => {
  const server = await startServer(t, EIO3);
  const root = await connectV2(server, "/");
  const custom = root.io.socket("/custom");
  await connectedV2(custom);
  const engineId = root.io.engine.id;
  const rootGone = nextEvent(root, "disconnect");
  const customGone = nextEvent(custom, "disconnect");
  root.emit("disconnect-me", true);
  assert.deepEqual(await rootGone, ["io server disconnect"]);
  assert.deepEqual(await customGone, ["io server disconnect"]);
  await server.waitForLine(`ENGINE_CLOSE ${engineId} forced close`);
});

test("2.x client reconnects after the transport closes, with a new id", T, async (t) => {
  const server = await startServer(t, EIO3);
  const socket = await connectV2(server, "/custom", { reconnection: true, reconnectionDelay: 50 });
  const firstId = socket.id;
  const reconnected = nextEvent(socket, "reconnect", WAIT_MS + 2000);
  socket.emit("close-transport");
  await reconnected;
  assert.notEqual(socket.id, firstId);
  assert.equal(socket.id, `/custom#${socket.io.engine.id}`);
  await server.waitForLine(`CONNECT /custom ${socket.id}`);
  assert.deepEqual(await request(socket, "ack", "again"), ["again"]);
});

test("2.x client pings keep the session past pingInterval + pingTimeout", T, async (t) => {
  const server = await startServer(t, [...EIO3, "--ping-interval", "200", "--ping-timeout", "300"]);
  const socket = await connectV2(server, "/", { transports: ["websocket"] });
  let pongs = 0;
  socket.on("pong", () => (pongs += 1));
  await delay(1200);
  assert.ok(socket.connected, "still connected");
  assert.ok(pongs >= 3, `the server answered ${pongs} pings`);
  assert.deepEqual(await request(socket, "ack", "alive"), ["alive"]);
  assert.equal(server.count(/^ENGINE_CLOSE /), 0);
});

test("a 2.x client is refused without allowEIO3", T, async (t) => {
  const server = await startServer(t);
  const socket = openV2(server, "/", { transports: ["polling"] });
  const [err] = await nextEvent(socket, "connect_error");
  assert.ok(err instanceof Error);
  assert.equal(socket.connected, false);
});
