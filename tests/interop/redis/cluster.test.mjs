// Two Socket.IO servers joined through a real redis-server: ours (SocketIo::RedisAdapter) and
// Node's (@socket.io/redis-adapter 8.3). CLUSTER_A and CLUSTER_B name the two servers (a build's
// redis-cluster-node or ./cluster-node.mjs); every case drives one server from its own clients
// and checks what clients of both servers see.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { QUIET_MS, WAIT_MS, call, cluster, collect, delay, eventually, open, waitUntil, withTimeout } from "./cluster-harness.mjs";

test("a broadcast from either server reaches the clients of both", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  for (const sender of [a1, b1]) {
    const seen = [a1, a2, b1, b2].map((s) => collect(s, "hello"));
    await call(sender, "emit-to", { event: "hello", args: [1, "two", { three: [4] }] });
    await waitUntil(() => seen.every((list) => list.length === 1), WAIT_MS, "every client to get hello");
    for (const list of seen) assert.deepEqual(list[0], [1, "two", { three: [4] }]);
    for (const s of [a1, a2, b1, b2]) s.off("hello");
  }
});

test("rooms, except and binary across servers", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  await call(a2, "join", "room1");
  await call(b2, "join", "room1");
  await call(b1, "join", "room2");
  await call(b2, "join", "room2");
  const seen = [a1, a2, b1, b2].map((s) => collect(s, "to-room"));
  await call(a1, "emit-to", { event: "to-room", rooms: ["room1"], args: [Buffer.from([1, 2, 3])] });
  await waitUntil(() => seen[1].length === 1 && seen[3].length === 1, WAIT_MS, "room1 members to get it");
  await delay(QUIET_MS);
  assert.equal(seen[0].length, 0);
  assert.equal(seen[2].length, 0);
  assert.deepEqual([...seen[3][0][0]], [1, 2, 3]);
  assert.ok(Buffer.isBuffer(seen[3][0][0]) || seen[3][0][0] instanceof ArrayBuffer || ArrayBuffer.isView(seen[3][0][0]));

  const excepted = [a1, a2, b1, b2].map((s) => collect(s, "except"));
  await call(b1, "emit-to", { event: "except", rooms: ["room1", "room2"], except: ["room2"] });
  await waitUntil(() => excepted[1].length === 1, WAIT_MS, "the room1-only member to get it");
  await delay(QUIET_MS);
  assert.deepEqual(excepted.map((l) => l.length), [0, 1, 0, 0]);
});

test("volatile broadcasts cross servers too", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  const seen = [a1, a2, b1, b2].map((s) => collect(s, "tick"));
  await call(b2, "emit-to", { event: "tick", volatile: true, args: ["v"] });
  await waitUntil(() => seen.every((l) => l.length === 1), WAIT_MS, "every idle client to get the volatile one");
  assert.deepEqual(seen[0][0], ["v"]);
});

test("local broadcasts stay on their server", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  const seen = [a1, a2, b1, b2].map((s) => collect(s, "local"));
  await call(b1, "emit-to", { event: "local", local: true });
  await waitUntil(() => seen[2].length === 1 && seen[3].length === 1, WAIT_MS, "B's clients to get it");
  await delay(QUIET_MS);
  assert.deepEqual(seen.map((l) => l.length), [0, 0, 1, 1]);
});

test("a socket's id is a room on every server", async (t) => {
  const { a1, b1, b2 } = await cluster(t);
  const { id } = await call(b2, "whoami");
  const seen = [b1, b2].map((s) => collect(s, "direct"));
  await call(a1, "emit-to", { event: "direct", rooms: [id], args: ["only you"] });
  await waitUntil(() => seen[1].length === 1, WAIT_MS, "the addressed socket to get it");
  await delay(QUIET_MS);
  assert.equal(seen[0].length, 0);
});

test("fetchSockets gives the sockets of both servers, with rooms and data", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  await call(b2, "join", "fetched");
  await call(b2, "set-data", { user: "b2" });
  await call(a2, "join", "fetched");
  const ids = await Promise.all([a1, a2, b1, b2].map(async (s) => (await call(s, "whoami")).id));
  for (const asker of [a1, b1]) {
    const all = await call(asker, "fetch", {});
    assert.equal(all.error, undefined);
    assert.deepEqual(all.sockets.map((s) => s.id).sort(), [...ids].sort());
    const inRoom = await call(asker, "fetch", { rooms: ["fetched"] });
    assert.deepEqual(inRoom.sockets.map((s) => s.id).sort(), [ids[1], ids[3]].sort());
    const remote = inRoom.sockets.find((s) => s.id === ids[3]);
    assert.deepEqual(remote.data, { user: "b2" });
    assert.deepEqual([...remote.rooms].sort(), [ids[3], "fetched"].sort());
    assert.equal(remote.address, "127.0.0.1");
  }
});

test("a fetched socket of the other server can be sent to", async (t) => {
  const { a1, b2 } = await cluster(t);
  const { id } = await call(b2, "whoami");
  const seen = collect(b2, "via-remote");
  assert.equal(await call(a1, "remote-emit", { id, event: "via-remote", args: ["x"] }), true);
  await waitUntil(() => seen.length === 1, WAIT_MS, "the remote socket to get it");
  assert.deepEqual(seen[0], ["x"]);
});

test("socketsJoin and socketsLeave reach the other server", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  await call(b2, "join", "source");
  await call(a1, "sockets-join", { rooms: ["source"], join: ["joined"] });
  const seen = [a1, a2, b1, b2].map((s) => collect(s, "in-joined"));
  await eventually(async () => {
    await call(a2, "emit-to", { event: "in-joined", rooms: ["joined"] });
    await delay(50);
    return seen[3].length > 0;
  }, WAIT_MS, "b2 to be in joined");
  assert.deepEqual(seen.slice(0, 3).map((l) => l.length), [0, 0, 0]);
  await call(b1, "sockets-leave", { rooms: ["joined"], leave: ["joined"] });
  await eventually(async () => {
    const found = await call(a1, "fetch", { rooms: ["joined"] });
    return found.sockets.length === 0;
  }, WAIT_MS, "nobody to be left in joined");
});

test("disconnectSockets closes the sockets of the other server", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  await call(b2, "join", "doomed");
  await call(a2, "join", "doomed");
  const closed = [a2, b2].map((s) => once(s, "disconnect"));
  await call(b1, "disconnect-sockets", { rooms: ["doomed"] });
  const reasons = await withTimeout(Promise.all(closed), WAIT_MS, "both doomed sockets to go");
  assert.deepEqual(reasons.map((r) => r[0]), ["io server disconnect", "io server disconnect"]);
  assert.ok(a1.connected && b1.connected);
});

test("serverSideEmit reaches the other server, with and without acks", async (t) => {
  const { a, b, a1, b1 } = await cluster(t);
  assert.equal(await call(a1, "sse", { event: "ping-sse", args: [1, "two"] }), true);
  await b.waitForLine('SSE / [1,"two"]', WAIT_MS);
  await delay(QUIET_MS);
  assert.equal(a.count(/^SSE /), 0, "the sender's own handlers do not run");
  const answered = await call(b1, "sse", { event: "ping-sse", args: [3], ack: true });
  assert.deepEqual(answered, { error: null, responses: ["pong from A"] });
  await a.waitForLine("SSE / [3]", WAIT_MS);
  const chat = await call(a1, "sse", { nsp: "/chat", event: "ping-sse", args: ["c"], ack: true });
  assert.deepEqual(chat, { error: null, responses: ["pong from B"] });
  await b.waitForLine('SSE /chat ["c"]', WAIT_MS);
});

test("a broadcast with acks gathers the answers of both servers' clients", async (t) => {
  const { a1, a2, b1, b2 } = await cluster(t);
  for (const [i, s] of [a1, a2, b1, b2].entries()) s.on("question", (n, ack) => ack(`answer ${i} to ${n}`));
  const result = await call(a1, "broadcast-ack", { event: "question", args: [7], timeout: 2000 });
  assert.equal(result.error, null);
  assert.deepEqual(result.responses.sort(), ["answer 0 to 7", "answer 1 to 7", "answer 2 to 7", "answer 3 to 7"]);
  b2.off("question");
  b2.on("question", () => {}); // never answers
  const partial = await call(b1, "broadcast-ack", { event: "question", args: [8], timeout: 500 });
  assert.equal(partial.error, "operation has timed out");
  assert.deepEqual(partial.responses.sort(), ["answer 0 to 8", "answer 1 to 8", "answer 2 to 8"]);
});

test("namespaces are separate channels", async (t) => {
  const { a, b, a1, b1 } = await cluster(t);
  const chatA = await open(a, "/chat");
  const chatB = await open(b, "/chat");
  const root = [a1, b1].map((s) => collect(s, "news"));
  const chat = [chatA, chatB].map((s) => collect(s, "news"));
  await call(chatA, "emit-to", { nsp: "/chat", event: "news" });
  await waitUntil(() => chat.every((l) => l.length === 1), WAIT_MS, "both /chat clients to get it");
  await delay(QUIET_MS);
  assert.deepEqual(root.map((l) => l.length), [0, 0]);
});
