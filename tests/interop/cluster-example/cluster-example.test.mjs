// examples/cluster/run for real: redis-server, two Qt chat servers (CLUSTER_CHAT, examples/chat
// with --redis), the Node chat and nginx, on ports chosen here. Clients connect directly to each
// chat server and through nginx (over long-polling and over WebSocket); what one server's client
// says reaches the clients of the others. nginx's ip_hash sends every client of 127.0.0.1 to one
// server, so the clients through nginx also connect from other loopback addresses (127.0.N.1),
// chosen so that nginx hands each to another server. A missing nginx, redis-server or node, or a
// missing node_modules, fails the test: it never skips.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants } from "node:fs";
import { Agent, get as httpRequest } from "node:http";
import { createServer, connect } from "node:net";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as delay } from "node:timers/promises";

const HOST = "127.0.0.1";
const RUN = fileURLToPath(new URL("../../../examples/cluster/run", import.meta.url));
const STARTUP_MS = 60000; // a first run may npm ci the Node chat's packages
const WAIT_MS = 5000;
const QUIET_MS = 300;
const STOP_MS = 10000;

/** The program's path on PATH or in /usr/sbin (where Debian puts nginx), or null. */
function findProgram(name) {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"];
  for (const dir of dirs.filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not there
    }
  }
  return null;
}

function requirePrograms() {
  const missing = [
    ["nginx", "nginx"],
    ["redis-server", "redis-server"],
  ].filter(([name]) => !findProgram(name));
  if (missing.length)
    throw new Error(
      `missing ${missing.map(([name, pkg]) => `${name} (Debian package ${pkg})`).join(", ")}: ` +
        "run ./scripts/install-deps",
    );
}

async function loadClient() {
  try {
    return (await import("socket.io-client")).io;
  } catch (error) {
    throw new Error(`socket.io-client is missing here (run ./scripts/install-deps): ${error.message}`);
  }
}

/** n distinct free ports on 127.0.0.1, held together while they are chosen. */
async function freePorts(n) {
  const servers = await Promise.all(
    Array.from({ length: n }, () => {
      const server = createServer();
      return new Promise((resolve, reject) => {
        server.on("error", reject);
        server.listen(0, HOST, () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Rejects after ms unless promise settles first. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function waitUntil(predicate, ms, what) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms: ${what}`);
    await delay(10);
  }
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts the cluster in its own process group; stopped (the whole group) when t ends. */
async function startCluster(t) {
  const [port, qt1, qt2, node, redis] = await freePorts(5);
  const args = ["--port", port, "--chat-ports", `${qt1},${qt2},${node}`, "--redis-port", redis].map(String);
  if (process.env.CLUSTER_CHAT) args.push("--chat", process.env.CLUSTER_CHAT);
  const child = spawn(RUN, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit");
  const cluster = { port, qt1, qt2, node, redis, child, exited, output: () => output, stopped: false };

  cluster.stop = async () => {
    if (cluster.stopped) return;
    cluster.stopped = true;
    const signalGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup("SIGTERM");
      await withTimeout(exited, STOP_MS, "examples/cluster/run to stop on SIGTERM").catch((error) => {
        signalGroup("SIGKILL");
        throw error;
      });
    }
    signalGroup("SIGKILL"); // anything its group still holds
  };
  t.after(() => cluster.stop());

  const failed = Promise.race([
    once(child, "error").then(([error]) => {
      throw new Error(`cannot start ${RUN}: ${error.message}`);
    }),
    exited.then(([code, signal]) => {
      throw new Error(`examples/cluster/run exited during startup (code ${code}, signal ${signal}):\n${output}`);
    }),
  ]);
  failed.catch(() => {});
  await Promise.race([
    withTimeout(
      waitUntil(() => output.includes("Ctrl-C stops everything"), STARTUP_MS, "the cluster to start"),
      STARTUP_MS + 1000,
      "the cluster to start",
    ).catch((error) => {
      throw new Error(`${error.message}; its output so far:\n${output}`);
    }),
    failed,
  ]);
  return cluster;
}

/** A chat user: connected (from localAddress when given), named, in the lobby; collects the events it hears. */
async function user(io, t, port, nickname, transports, localAddress = undefined) {
  const agent = localAddress ? new Agent({ localAddress }) : undefined;
  const socket = io(`http://${HOST}:${port}`, { forceNew: true, reconnection: false, transports, agent });
  t.after(() => {
    socket.disconnect();
    agent?.destroy();
  });
  await withTimeout(once(socket, "connect"), WAIT_MS, `${nickname} to connect to :${port} over ${transports}`);
  const heard = [];
  socket.onAny((event, ...args) => heard.push({ event, args }));
  const reply = await socket.timeout(WAIT_MS).emitWithAck("set nickname", nickname);
  assert.deepEqual(reply, { ok: true, nickname, room: "lobby" }, `${nickname}'s nickname`);
  return { socket, nickname, port, heard, said: (event) => heard.filter((entry) => entry.event === event) };
}

/** The messages with this text that each user has heard. */
const messagesWith = (users, text) =>
  users.map((u) => u.said("chat message").filter(({ args }) => args[0]?.text === text));

async function httpGet(port, path) {
  const response = await withTimeout(fetch(`http://${HOST}:${port}${path}`), WAIT_MS, `GET ${path} on :${port}`);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** The server nginx hands a client of localAddress to: its X-Upstream header. */
function upstreamFrom(port, localAddress) {
  const request = new Promise((resolve, reject) => {
    const req = httpRequest({ host: HOST, port, path: "/", localAddress, agent: false }, (response) => {
      response.resume();
      resolve(response.headers["x-upstream"]);
    });
    req.on("error", reject);
  });
  return withTimeout(request, WAIT_MS, `GET / through nginx from ${localAddress}`);
}

/** For each upstream port, a loopback address whose clients nginx's ip_hash sends there. */
async function sourceAddresses(port, upstreams) {
  const found = new Map();
  // ip_hash reads the first three bytes of the address: 127.0.N.1 varies the third.
  for (let n = 0; n < 64 && found.size < upstreams.length; ++n) {
    const address = `127.0.${n}.1`;
    const upstream = await upstreamFrom(port, address);
    const match = upstreams.find((p) => upstream === `${HOST}:${p}`);
    if (match !== undefined && !found.has(match)) found.set(match, address);
  }
  for (const p of upstreams)
    assert.ok(found.has(p), `no address in 127.0.0-63.1 that nginx sends to :${p}; found ${[...found]}`);
  return found;
}

test("the cluster example: messages cross the Qt and Node servers, through nginx too", async (t) => {
  requirePrograms();
  const io = await loadClient();
  const cluster = await startCluster(t);
  const { port, qt1, qt2, node } = cluster;

  // What it prints: every URL, and where nginx sends this address.
  for (const p of [port, qt1, qt2, node]) assert.match(cluster.output(), new RegExp(`http://127\\.0\\.0\\.1:${p}/`));
  assert.match(cluster.output(), /nginx sends 127\.0\.0\.1 to (Qt chat [12]|the Node chat)/);

  // The same page on every server and through nginx, which says who answered.
  const page = await httpGet(qt1, "/");
  assert.equal(page.status, 200);
  assert.match(page.body, /<script src="\/chat\.js"><\/script>/);
  for (const p of [qt2, node, port]) {
    const other = await httpGet(p, "/");
    assert.equal(other.status, 200, `GET / on :${p}`);
    assert.equal(other.body, page.body, `the page on :${p}`);
    for (const path of ["/chat.js", "/chat.css", "/socket.io/socket.io.js"])
      assert.equal((await httpGet(p, path)).status, 200, `GET ${path} on :${p}`);
  }
  const upstream = (await httpGet(port, "/")).headers.get("x-upstream");
  assert.ok([qt1, qt2, node].some((p) => upstream === `${HOST}:${p}`), `X-Upstream ${upstream}`);

  const sources = await sourceAddresses(port, [qt1, qt2, node]);

  const ada = await user(io, t, qt1, "ada", ["websocket"]);
  const bob = await user(io, t, qt2, "bob", ["polling"]);
  const cyd = await user(io, t, node, "cyd", ["polling", "websocket"]);
  // Through nginx: long-polling only to Qt chat 1, WebSocket to Qt chat 2, polling then upgrade
  // to the Node chat.
  const pat = await user(io, t, port, "pat", ["polling"], sources.get(qt1));
  const wes = await user(io, t, port, "wes", ["websocket"], sources.get(qt2));
  const neo = await user(io, t, port, "neo", ["polling", "websocket"], sources.get(node));
  const everyone = [ada, bob, cyd, pat, wes, neo];

  // Subscriptions to Redis settle asynchronously: one message must first reach everyone.
  const deadline = Date.now() + 4 * WAIT_MS;
  for (let attempt = 0; ; ++attempt) {
    const text = `warm-up ${attempt}`;
    await ada.socket.timeout(WAIT_MS).emitWithAck("chat message", text);
    const arrived = await waitUntil(() => messagesWith(everyone, text).every((m) => m.length === 1), 500, text)
      .then(() => true)
      .catch(() => false);
    if (arrived) break;
    if (Date.now() > deadline) throw new Error(`the servers never heard each other: ${cluster.output()}`);
  }

  // Each one's message reaches all five, once, as the chat protocol has it.
  for (const sender of everyone) {
    const text = `hello from ${sender.nickname} on :${sender.port}`;
    const reply = await sender.socket.timeout(WAIT_MS).emitWithAck("chat message", text);
    assert.deepEqual(reply, { ok: true });
    await waitUntil(
      () => messagesWith(everyone, text).every((m) => m.length >= 1),
      WAIT_MS,
      `everyone to hear "${text}"`,
    );
    await delay(QUIET_MS);
    for (const [i, heard] of messagesWith(everyone, text).entries()) {
      assert.equal(heard.length, 1, `${everyone[i].nickname} hears "${text}" once`);
      const { from, room, time } = heard[0].args[0];
      assert.deepEqual([from, room, typeof time], [sender.nickname, "lobby", "number"]);
    }
  }

  // The cluster's users, nicknames and private messages, whichever server is asked.
  for (const asker of [ada, cyd, pat, neo]) {
    const reply = await asker.socket.timeout(WAIT_MS).emitWithAck("users");
    assert.deepEqual(reply, { room: "lobby", users: ["ada", "bob", "cyd", "neo", "pat", "wes"] }, `users via ${asker.nickname}`);
  }
  assert.deepEqual(await bob.socket.timeout(WAIT_MS).emitWithAck("set nickname", "CYD"), { ok: false, error: "taken" });
  assert.deepEqual(await cyd.socket.timeout(WAIT_MS).emitWithAck("set nickname", "Ada"), { ok: false, error: "taken" });
  assert.deepEqual(await ada.socket.timeout(WAIT_MS).emitWithAck("private message", { to: "Cyd", text: "psst" }), {
    delivered: true,
  });
  assert.deepEqual(await cyd.socket.timeout(WAIT_MS).emitWithAck("private message", { to: "bob", text: "hi" }), {
    delivered: true,
  });
  await waitUntil(
    () => cyd.said("private message").length === 1 && bob.said("private message").length === 1,
    WAIT_MS,
    "the private messages",
  );
  assert.deepEqual(
    [cyd.said("private message")[0].args[0].from, cyd.said("private message")[0].args[0].to],
    ["ada", "cyd"],
  );
  assert.deepEqual([bob.said("private message")[0].args[0].from, bob.said("private message")[0].args[0].text], [
    "cyd",
    "hi",
  ]);
  await delay(QUIET_MS);
  assert.deepEqual(
    everyone.map((u) => u.said("private message").length),
    [0, 1, 1, 0, 0, 0],
    "a private message reaches its recipient only",
  );

  // A room named like another server's socket id (that user's private messages) is refused.
  for (const [joiner, owner] of [
    [ada, cyd],
    [cyd, bob],
    [bob, ada],
  ]) {
    assert.deepEqual(
      await joiner.socket.timeout(WAIT_MS).emitWithAck("join room", owner.socket.id),
      { ok: false, error: "invalid" },
      `${joiner.nickname} joining ${owner.nickname}'s id`,
    );
    assert.deepEqual(await joiner.socket.timeout(WAIT_MS).emitWithAck("users", owner.socket.id), {
      room: owner.socket.id,
      users: [],
    });
  }

  // Rooms span the servers: bob (Qt) and cyd (Node) in "kitchen"; the lobby does not hear them.
  for (const member of [bob, cyd])
    assert.deepEqual(await member.socket.timeout(WAIT_MS).emitWithAck("join room", "kitchen"), {
      ok: true,
      room: "kitchen",
    });
  await waitUntil(
    () => bob.said("user joined").some(({ args }) => args[0].nickname === "cyd" && args[0].room === "kitchen"),
    WAIT_MS,
    "bob to hear cyd join the kitchen",
  );
  await bob.socket.timeout(WAIT_MS).emitWithAck("chat message", "in the kitchen");
  await waitUntil(() => messagesWith([cyd], "in the kitchen")[0].length === 1, WAIT_MS, "cyd to hear the kitchen");
  await delay(QUIET_MS);
  assert.deepEqual(
    messagesWith(everyone, "in the kitchen").map((m) => m.length),
    [0, 1, 1, 0, 0, 0],
  );

  // A user who leaves is announced on the other servers.
  ada.socket.disconnect();
  await waitUntil(
    () => [pat, wes, neo].every((u) => u.said("user left").some(({ args }) => args[0].nickname === "ada")),
    WAIT_MS,
    "the lobby to hear ada leave",
  );

  // Stopped by a signal to its process group, everything goes and every port is free again.
  for (const u of everyone) u.socket.disconnect();
  await cluster.stop();
  assert.match(cluster.output(), /cluster: stopped/);
  for (const p of [port, qt1, qt2, node, cluster.redis]) assert.equal(await accepts(p), false, `port ${p} is free`);
});
