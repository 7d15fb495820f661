// What the cluster tests share: a real redis-server on a free loopback port (stopped, killed and
// restarted on the same port by the tests), the two servers under test (CLUSTER_A, CLUSTER_B), and
// socket.io-client helpers.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { io as ioClient } from "socket.io-client";
import { startServerProcess, waitUntil, withTimeout } from "../common/server-process.mjs";

export { delay, waitUntil, withTimeout };
export const WAIT_MS = 4000;
export const QUIET_MS = 300;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function spawnRedis(port) {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const failed = once(child, "error").then(([error]) => {
    throw new Error(`cannot start redis-server (Debian package redis-server): ${error.message}`);
  });
  failed.catch(() => {});
  let output = "";
  const ready = new Promise((resolve) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) resolve();
    });
  });
  return Promise.race([withTimeout(ready, 5000, "redis-server to start"), failed]).then(() => child);
}

/** A redis-server on a free port; kill() and restart() keep the port. Stopped when `t` ends. */
export async function startRedis(t) {
  const port = await freePort();
  const redis = { port, child: await spawnRedis(port) };
  redis.kill = async () => {
    const exited = once(redis.child, "exit");
    redis.child.kill("SIGKILL");
    await exited;
  };
  redis.restart = async () => {
    redis.child = await spawnRedis(port);
  };
  // Redis goes last: the servers' own after-hooks (registered later, run first) stop them while
  // their Redis is still there, so none of them dies of a reset link during the teardown.
  redis.stop = () => redis.child.kill("SIGKILL");
  return redis;
}

/** The dialect the servers speak: CLUSTER_ADAPTER=classic (the default) or streams. */
export const DIALECT = process.env.CLUSTER_ADAPTER ?? "classic";
/** More server flags for the dialect's options, e.g. CLUSTER_FLAGS="--stream-count 3". */
const EXTRA_FLAGS = (process.env.CLUSTER_FLAGS ?? "").split(" ").filter(Boolean);

export function startNode(t, envVar, redisPort, name, extraFlags = []) {
  return startServerProcess(t, {
    envVar,
    example: "./cluster-node.mjs or <build>/tests/interop/redis/redis-cluster-node",
    flags: ["--redis-port", String(redisPort), "--name", name, "--adapter", DIALECT, ...EXTRA_FLAGS, ...extraFlags],
  });
}

export function open(server, nsp = "/", options = {}) {
  const socket = ioClient(`${server.url}${nsp}`, { forceNew: true, reconnection: false, transports: ["websocket"], ...options });
  server.onStop(() => socket.disconnect());
  return withTimeout(once(socket, "connect"), WAIT_MS, `connect to ${server.url}${nsp}`).then(() => socket);
}

/** Polls the async `predicate` every 50 ms until it holds; throws after timeoutMs. */
export async function eventually(predicate, timeoutMs, description) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await delay(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
}

export function call(socket, event, arg) {
  return socket.timeout(WAIT_MS).emitWithAck(event, arg);
}

export function collect(socket, event) {
  const received = [];
  socket.on(event, (...args) => received.push(args));
  return received;
}

/** A cluster of the two servers with two clients on each; waits until both count each other. */
export async function cluster(t, flags = []) {
  const redis = await startRedis(t);
  let a;
  let b;
  try {
    a = await startNode(t, "CLUSTER_A", redis.port, "A", flags);
    b = await startNode(t, "CLUSTER_B", redis.port, "B", flags);
  } finally {
    t.after(() => redis.stop());
  }
  const a1 = await open(a);
  const a2 = await open(a);
  const b1 = await open(b);
  const b2 = await open(b);
  // Subscriptions settle asynchronously: wait until a broadcast from each side crosses.
  for (const [from, to] of [[a1, b1], [b1, a1]]) {
    const seen = collect(to, "warmup");
    await eventually(async () => {
      await call(from, "emit-to", { event: "warmup", args: [] });
      await delay(50);
      return seen.length > 0;
    }, WAIT_MS * 2, "the two servers to hear each other");
    to.off("warmup");
  }
  return { redis, a, b, a1, a2, b1, b2 };
}

