// What our RedisAdapter promises when Redis or a server goes away (CLUSTER_A is ours; CLUSTER_B
// either): local delivery never waits for Redis, requests end with a clear error after
// requestsTimeout (2 s in the test servers), the cluster heals by itself once Redis is back, and a
// dead server's sockets leave fetchSockets at once. Node's adapter waits for Redis before it even
// starts its timer, so these expectations are ours, not the reference's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DIALECT, QUIET_MS, WAIT_MS, call, cluster, collect, delay, eventually } from "./cluster-harness.mjs";

test("Redis killed: local delivery goes on and requests time out with a clear error", async (t) => {
  const { redis, a1, a2, b1, b2 } = await cluster(t);
  const ids = await Promise.all([a1, a2].map(async (s) => (await call(s, "whoami")).id));
  await redis.kill();
  const seen = [a1, a2, b1, b2].map((s) => collect(s, "during-outage"));
  await call(a1, "emit-to", { event: "during-outage", args: [1] });
  await eventually(async () => seen[0].length === 1 && seen[1].length === 1, WAIT_MS, "A's clients to get it");

  const started = Date.now();
  const fetched = await call(a1, "fetch", {});
  const elapsed = Date.now() - started;
  // Each dialect with its Node adapter's message.
  if (DIALECT === "classic") assert.equal(fetched.error, "timeout reached while waiting for fetchSockets response");
  else assert.match(fetched.error, /^timeout reached: only 0 responses received out of \d+$/);
  assert.ok(elapsed >= 1500 && elapsed < 3500, `answered after ${elapsed} ms`);

  const answered = await call(a1, "sse", { event: "ping-sse", args: [1], ack: true });
  assert.match(answered.error, /^timeout reached: only 0 responses received out of \d+$/);
  assert.deepEqual(answered.responses, []);
  // Still serving its own clients while Redis is away.
  const again = [a1, a2].map((s) => collect(s, "still-here"));
  await call(a2, "emit-to", { event: "still-here", local: true });
  await eventually(async () => again.every((l) => l.length === 1), WAIT_MS, "A's clients to get the local one");
  assert.ok(ids.every(Boolean));
});

test("Redis restarted: the cluster heals without a restart of its servers", async (t) => {
  const { redis, a1, b1 } = await cluster(t);
  await redis.kill();
  await delay(500);
  await redis.restart();
  // Reconnection backs off up to 5 s; both directions must work again within that and a margin.
  for (const [from, to] of [[a1, b1], [b1, a1]]) {
    const seen = collect(to, "healed");
    await eventually(async () => {
      await call(from, "emit-to", { event: "healed" });
      await delay(100);
      return seen.length > 0;
    }, 12000, "a broadcast to cross again after Redis came back");
    to.off("healed");
  }
  const answered = await call(b1, "sse", { event: "ping-sse", args: [2], ack: true });
  assert.deepEqual(answered, { error: null, responses: ["pong from A"] });
});

test("a server killed: its sockets leave fetchSockets at once", async (t) => {
  const { a1, a2, b } = await cluster(t);
  const ids = await Promise.all([a1, a2].map(async (s) => (await call(s, "whoami")).id));
  const before = await call(a1, "fetch", {});
  assert.equal(before.sockets.length, 4);
  await b.terminate();
  await eventually(async () => {
    const started = Date.now();
    const after = await call(a1, "fetch", {});
    return after.error === undefined && after.sockets.length === 2 && Date.now() - started < 1000;
  }, WAIT_MS, "fetchSockets to answer promptly with A's sockets only");
  const after = await call(a1, "fetch", {});
  assert.deepEqual(after.sockets.map((s) => s.id).sort(), [...ids].sort());
  await delay(QUIET_MS);
});
