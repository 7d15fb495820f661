// The admin-ui protocol across a cluster: an admin client connected to server A hears about the
// sockets of server B (socket_connected, room_joined, socket_disconnected) through the adapter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { WAIT_MS, call, cluster, eventually, open, withTimeout } from "./cluster-harness.mjs";

test("an admin client of one server hears about the other's sockets", async (t) => {
  const { a, b } = await cluster(t, ["--admin"]);
  const admin = await open(a, "/admin");
  const events = [];
  admin.onAny((event, ...args) => events.push([event, ...args]));
  const client = await open(b);
  const { id } = await call(client, "whoami");
  await call(client, "join", "seen-room");
  await eventually(async () => events.some(([e, s]) => e === "socket_connected" && s?.id === id), WAIT_MS,
    "socket_connected for B's socket on A's admin client");
  await eventually(async () => events.some(([e, nsp, room, sid]) => e === "room_joined" && nsp === "/" && room === "seen-room" && sid === id),
    WAIT_MS, "room_joined for B's socket");
  const gone = once(client, "disconnect");
  client.disconnect();
  await withTimeout(gone, WAIT_MS, "the client to leave");
  await eventually(async () => events.some(([e, nsp, sid]) => e === "socket_disconnected" && nsp === "/" && sid === id),
    WAIT_MS, "socket_disconnected for B's socket");
  assert.ok(events.length >= 3);
});
