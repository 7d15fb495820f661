// Connection state recovery across servers, with the streams dialect (CLUSTER_ADAPTER=streams):
// a client cut from one server reconnects to the OTHER one with its pid and last offset, and gets
// its id, rooms and data back with the events it missed, each carrying its stream offset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { io as ioClient } from "socket.io-client";
import { QUIET_MS, WAIT_MS, call, cluster, collect, delay, eventually, open, withTimeout } from "./cluster-harness.mjs";

test("a client cut from one server recovers its session on the other", async (t) => {
  const { a, b, b1 } = await cluster(t, ["--recovery"]);
  const client = await open(a);
  await call(client, "join", "room1");
  await call(client, "set-data", { user: "u-A" });
  const before = await call(client, "whoami");
  assert.equal(before.name, "A");

  // One event first: the client needs an offset to come back with.
  const first = collect(client, "first");
  await eventually(async () => {
    await call(b1, "emit-to", { event: "first", rooms: ["room1"], args: [0] });
    await delay(50);
    return first.length > 0;
  }, WAIT_MS, "the first event to reach the client on A");
  const offset = first.at(-1).at(-1);
  assert.match(offset, /^[0-9]+-[0-9]+$/, "the event carries its stream offset");
  const pid = client._pid;
  assert.equal(typeof pid, "string");

  // Cut it (a transport close, which keeps the session), then send what it will miss.
  const gone = once(client, "disconnect");
  client.io.engine.close();
  await gone;
  await delay(QUIET_MS); // the session reaches Redis
  await call(b1, "emit-to", { event: "missed", rooms: ["room1"], args: [1] });
  await call(b1, "emit-to", { event: "missed", rooms: ["room1"], args: [2] });
  await call(b1, "emit-to", { event: "elsewhere", rooms: ["room2"], args: [3] });
  await delay(QUIET_MS);

  // Listeners first: the missed packets follow the CONNECT reply at once.
  const socket = ioClient(`${b.url}/`, { forceNew: true, reconnection: false, transports: ["websocket"], auth: { pid, offset } });
  b.onStop(() => socket.disconnect());
  const missed = collect(socket, "missed");
  const elsewhere = collect(socket, "elsewhere");
  await withTimeout(once(socket, "connect"), WAIT_MS, "the reconnection to B");
  // The missed packets come right after the CONNECT reply; give them a moment.
  await eventually(async () => missed.length === 2, WAIT_MS, "both missed events");
  assert.deepEqual(missed.map((args) => args[0]), [1, 2]);
  for (const args of missed) assert.match(args[1], /^[0-9]+-[0-9]+$/);
  assert.equal(elsewhere.length, 0);
  const after = await call(socket, "whoami");
  assert.equal(after.name, "B");
  assert.equal(after.id, before.id, "the old id is back");
  assert.equal(after.recovered, true);
  assert.deepEqual([...after.rooms].sort(), [before.id, "room1"].sort());
  assert.deepEqual(after.data, { user: "u-A" });
});

test("an unknown session or a trimmed offset gives a new session", async (t) => {
  const { b } = await cluster(t, ["--recovery"]);
  const socket = await open(b, "/", { auth: { pid: "no-such-pid", offset: "1-0" } });
  const me = await call(socket, "whoami");
  assert.equal(me.recovered, false);
  const bad = await open(b, "/", { auth: { pid: "x", offset: "not an offset" } });
  assert.equal((await call(bad, "whoami")).recovered, false);
});
