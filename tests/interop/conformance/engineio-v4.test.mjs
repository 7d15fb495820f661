// The Engine.IO v4 protocol conformance cases (the protocol documentation's
// own test suite: handshake, message, heartbeat, close, upgrade), written for
// node:test and run against the server that CONFORMANCE_SERVER names.
//
//   CONFORMANCE_SERVER=./reference-server.mjs node --test
//   CONFORMANCE_SERVER=<build>/examples/conformance/conformance node --test
//
// The file starts that server itself on a free port of 127.0.0.1 (a path
// ending in .mjs is run with this node) and stops it at the end. The server
// must be an Engine.IO v4 echo server on /engine.io/ with pingInterval 300,
// pingTimeout 200 and maxPayload 1000000. Without CONFORMANCE_SERVER every
// case fails: nothing here is ever skipped.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants, statSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";

const HOST = "127.0.0.1";
const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const MAX_PAYLOAD = 1000000;
const HANDSHAKE_KEYS = ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"];

const STARTUP_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;
const TEST_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 3_000;
const EVENT_TIMEOUT_MS = 3_000;
// The whole file stays under 60 s even if every case ran into its timeout.
const FILE_DEADLINE_MS = 55_000;

// ---------------------------------------------------------------------------
// The server under test

function serverCommand() {
  const configured = process.env.CONFORMANCE_SERVER;
  if (!configured) {
    throw new Error(
      "CONFORMANCE_SERVER is not set: it must name the conformance server to test, e.g. " +
        "CONFORMANCE_SERVER=./reference-server.mjs or " +
        "CONFORMANCE_SERVER=<build>/examples/conformance/conformance",
    );
  }
  const path = resolve(process.cwd(), configured);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new Error(`CONFORMANCE_SERVER=${configured}: no such file (${path})`);
  }
  if (!stats.isFile()) throw new Error(`CONFORMANCE_SERVER=${configured}: not a file (${path})`);
  if (path.endsWith(".mjs")) return { command: process.execPath, args: [path] };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`CONFORMANCE_SERVER=${configured}: not executable (${path})`);
  }
  return { command: path, args: [] };
}

/** A port that was free a moment ago: bind 127.0.0.1:0, note the port, close. */
async function freePort() {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  await once(probe, "close");
  return port;
}

let child = null;
let childStderr = "";
let childExit = null; // { code, signal } once it exited
let stopping = false;

async function startServer() {
  const { command, args } = serverCommand();
  const port = await freePort();
  child = spawn(command, [...args, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    childStderr += chunk;
  });
  child.on("exit", (code, signal) => {
    childExit = { code, signal };
  });

  const listening = new RegExp(
    `conformance server listening on http://127\\.0\\.0\\.1:(\\d+)`,
  );
  let stdout = "";
  child.stdout.setEncoding("utf8");

  const printedPort = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () =>
        fail(
          `no "conformance server listening on http://127.0.0.1:${port}" line within ` +
            `${STARTUP_TIMEOUT_MS} ms`,
        ),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk) => {
      stdout += chunk;
      const match = listening.exec(stdout);
      if (match) done(Number(match[1]));
    };
    const onExit = (code, signal) =>
      fail(`it exited before listening (code ${code}, signal ${signal})`);
    const onError = (error) => fail(`cannot start it: ${error.message}`);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      // Keep draining stdout so the server never blocks on a full pipe.
      child.stdout.resume();
    };
    const done = (value) => {
      cleanup();
      resolvePromise(value);
    };
    const fail = (message) => {
      cleanup();
      reject(
        new Error(
          `conformance server ${command} ${[...args, "--port", port].join(" ")}: ${message}\n` +
            `stdout:\n${stdout}\nstderr:\n${childStderr}`,
        ),
      );
    };
    child.stdout.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });

  if (printedPort !== port) {
    throw new Error(`the server was told --port ${port} but says it listens on ${printedPort}`);
  }
  return `http://${HOST}:${port}`;
}

async function stopServer() {
  if (!child || childExit) return;
  stopping = true;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const killTimer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(killTimer);
}

// Started before any case is registered, so that a slow start does not eat
// into the first case's time; a start that fails is reported by every case.
const serverReady = startServer();
serverReady.catch(() => {});
await serverReady.catch(() => {});

const openSockets = new Set();

const deadline = setTimeout(() => {
  process.stderr.write(
    `engineio-v4.test.mjs: still running after ${FILE_DEADLINE_MS} ms; stopping the server and failing\n`,
  );
  if (child && !childExit) child.kill("SIGKILL");
  process.exit(1);
}, FILE_DEADLINE_MS);
deadline.unref();

after(async () => {
  clearTimeout(deadline);
  for (const socket of openSockets) socket.terminate();
  await stopServer();
});

function assertServerAlive() {
  if (childExit && !stopping) {
    throw new Error(
      `the conformance server exited during the test (code ${childExit.code}, ` +
        `signal ${childExit.signal}); stderr:\n${childStderr.slice(-4000)}`,
    );
  }
}

/** One conformance case: bounded in time, given the base URLs, fails if the server died. */
function conformance(name, body) {
  test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
    const base = await serverReady;
    const sockets = [];
    const ctx = {
      base,
      wsBase: base.replace(/^http/, "ws"),
      ws(query) {
        const socket = new EioWebSocket(`${this.wsBase}/engine.io/?${query}`);
        sockets.push(socket);
        return socket;
      },
    };
    try {
      await body(ctx);
    } finally {
      for (const socket of sockets) socket.terminate();
      assertServerAlive();
    }
  });
}

// ---------------------------------------------------------------------------
// HTTP and WebSocket helpers

/**
 * One HTTP request to /engine.io/?<query>, body read as text, bounded by
 * `timeoutMs`. Resolves with { status, text, contentType }.
 */
async function http(base, query, { method = "GET", body, signal, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (signal) signals.push(signal);
  const response = await fetch(`${base}/engine.io/?${query}`, {
    method,
    body,
    signal: AbortSignal.any(signals),
  });
  const text = await response.text();
  return { status: response.status, text, contentType: response.headers.get("content-type") };
}

async function openPollingSession(base) {
  const { status, text } = await http(base, "EIO=4&transport=polling");
  assert.equal(status, 200, `polling handshake answered HTTP ${status}: ${JSON.stringify(text)}`);
  assert.ok(text.startsWith("0"), `polling handshake is not an open packet: ${JSON.stringify(text)}`);
  return JSON.parse(text.slice(1)).sid;
}

function pollingQuery(sid) {
  return `EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
}

function describeFrame(frame) {
  return frame.binary ? `<binary ${frame.data.toString("hex")}>` : JSON.stringify(frame.data);
}

/**
 * A `ws` client that queues every frame ({ data: string | Buffer, binary })
 * and remembers how it closed, so a case can await them in order.
 */
class EioWebSocket {
  #frames = [];
  #frameWaiters = [];
  #closed = null; // { code, reason, error }
  #closeWaiters = [];
  opened = false;
  errors = [];

  constructor(url) {
    this.url = url;
    this.socket = new WebSocket(url);
    openSockets.add(this);
    this.socket.on("open", () => {
      this.opened = true;
    });
    this.socket.on("message", (data, isBinary) => {
      const frame = isBinary
        ? { data: Buffer.from(data), binary: true }
        : { data: data.toString("utf8"), binary: false };
      const waiter = this.#frameWaiters.shift();
      if (waiter) waiter(frame);
      else this.#frames.push(frame);
    });
    this.socket.on("error", (error) => {
      this.errors.push(error.message);
    });
    this.socket.on("close", (code, reason) => {
      openSockets.delete(this);
      this.#closed = { code, reason: reason.toString("utf8"), errors: this.errors };
      for (const waiter of this.#closeWaiters.splice(0)) waiter(this.#closed);
      for (const waiter of this.#frameWaiters.splice(0)) waiter(null);
    });
  }

  /** What arrived so far and has not been consumed, for failure messages. */
  get pending() {
    return this.#frames.map(describeFrame).join(", ") || "nothing";
  }

  async waitOpen(timeoutMs = EVENT_TIMEOUT_MS) {
    if (this.opened) return;
    const result = await Promise.race([
      once(this.socket, "open").then(() => "open"),
      this.waitClose(timeoutMs).then(
        (closed) => closed,
        () => null,
      ),
    ]);
    if (result !== "open") {
      throw new Error(
        `WebSocket ${this.url} did not open within ${timeoutMs} ms` +
          (result ? ` (closed: ${JSON.stringify(result)})` : ""),
      );
    }
  }

  /** The next frame; fails on timeout or if the connection closes first. */
  nextFrame(what, timeoutMs = EVENT_TIMEOUT_MS) {
    const queued = this.#frames.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) {
      return Promise.reject(
        new Error(`waiting for ${what}: the WebSocket is closed (${JSON.stringify(this.#closed)})`),
      );
    }
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        const index = this.#frameWaiters.indexOf(waiter);
        if (index !== -1) this.#frameWaiters.splice(index, 1);
        reject(new Error(`no ${what} within ${timeoutMs} ms (nothing arrived)`));
      }, timeoutMs);
      const waiter = (frame) => {
        clearTimeout(timer);
        if (frame) resolvePromise(frame);
        else {
          reject(
            new Error(
              `waiting for ${what}: the server closed the WebSocket (${JSON.stringify(this.#closed)})`,
            ),
          );
        }
      };
      this.#frameWaiters.push(waiter);
    });
  }

  /** The next frame, which must be text; resolves with the string. */
  async nextText(what, timeoutMs) {
    const frame = await this.nextFrame(what, timeoutMs);
    assert.equal(frame.binary, false, `${what}: expected a text frame, got ${describeFrame(frame)}`);
    return frame.data;
  }

  /** Resolves with { code, reason, errors } when the connection closes. */
  waitClose(timeoutMs = EVENT_TIMEOUT_MS) {
    if (this.#closed) return Promise.resolve(this.#closed);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        const index = this.#closeWaiters.indexOf(waiter);
        if (index !== -1) this.#closeWaiters.splice(index, 1);
        reject(
          new Error(
            `the server did not close the WebSocket within ${timeoutMs} ms ` +
              `(opened: ${this.opened}; frames not consumed: ${this.pending})`,
          ),
        );
      }, timeoutMs);
      const waiter = (closed) => {
        clearTimeout(timer);
        resolvePromise(closed);
      };
      this.#closeWaiters.push(waiter);
    });
  }

  send(data) {
    this.socket.send(data);
  }

  terminate() {
    openSockets.delete(this);
    this.socket.terminate();
  }
}

function assertHandshake(payload, expectedUpgrades) {
  assert.ok(payload.startsWith("0"), `expected an open packet, got ${JSON.stringify(payload)}`);
  const value = JSON.parse(payload.slice(1));
  assert.deepEqual(Object.keys(value).sort(), HANDSHAKE_KEYS, `handshake keys of ${payload}`);
  assert.equal(typeof value.sid, "string");
  assert.ok(value.sid.length > 0, "sid is empty");
  assert.deepEqual(value.upgrades, expectedUpgrades);
  assert.equal(value.pingInterval, PING_INTERVAL);
  assert.equal(value.pingTimeout, PING_TIMEOUT);
  assert.equal(value.maxPayload, MAX_PAYLOAD);
  return value;
}

/** Opens a WebSocket that the server must refuse, and checks it never opens a session. */
async function expectRefusedWebSocket(ctx, query) {
  const socket = ctx.ws(query);
  const closed = await socket.waitClose();
  assert.equal(
    socket.pending.includes('"0{'),
    false,
    `the server sent an open packet on ${query}: ${socket.pending}`,
  );
  return closed;
}

/** Polling session upgraded to WebSocket: 2probe → 3probe, then 5. */
async function upgradedSession(ctx) {
  const sid = await openPollingSession(ctx.base);
  const socket = ctx.ws(`EIO=4&transport=websocket&sid=${encodeURIComponent(sid)}`);
  await socket.waitOpen();
  socket.send("2probe");
  assert.equal(await socket.nextText("the probe answer"), "3probe");
  socket.send("5");
  // Let the upgrade packet reach the server before anything races it on
  // another connection.
  await sleep(50);
  return { sid, socket };
}

// ---------------------------------------------------------------------------
// handshake

conformance("handshake: HTTP long-polling: successfully opens a session", async ({ base }) => {
  const { status, text } = await http(base, "EIO=4&transport=polling");
  assert.equal(status, 200);
  assertHandshake(text, ["websocket"]);
});

conformance("handshake: HTTP long-polling: fails with an invalid 'EIO' query parameter", async ({ base }) => {
  const missing = await http(base, "transport=polling");
  assert.equal(missing.status, 400, `no EIO: HTTP ${missing.status} ${JSON.stringify(missing.text)}`);
  const invalid = await http(base, "EIO=abc&transport=polling");
  assert.equal(invalid.status, 400, `EIO=abc: HTTP ${invalid.status} ${JSON.stringify(invalid.text)}`);
});

conformance("handshake: HTTP long-polling: fails with an invalid 'transport' query parameter", async ({ base }) => {
  const missing = await http(base, "EIO=4");
  assert.equal(missing.status, 400, `no transport: HTTP ${missing.status} ${JSON.stringify(missing.text)}`);
  const invalid = await http(base, "EIO=4&transport=abc");
  assert.equal(invalid.status, 400, `transport=abc: HTTP ${invalid.status} ${JSON.stringify(invalid.text)}`);
});

conformance("handshake: HTTP long-polling: fails with an invalid request method", async ({ base }) => {
  const post = await http(base, "EIO=4&transport=polling", { method: "POST" });
  assert.equal(post.status, 400, `POST without sid: HTTP ${post.status} ${JSON.stringify(post.text)}`);
  const put = await http(base, "EIO=4&transport=polling", { method: "PUT" });
  assert.equal(put.status, 400, `PUT: HTTP ${put.status} ${JSON.stringify(put.text)}`);
});

conformance("handshake: WebSocket: successfully opens a session", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  assertHandshake(await socket.nextText("the open packet"), []);
});

conformance("handshake: WebSocket: fails with an invalid 'EIO' query parameter", async (ctx) => {
  await expectRefusedWebSocket(ctx, "transport=websocket");
  await expectRefusedWebSocket(ctx, "EIO=abc&transport=websocket");
});

conformance("handshake: WebSocket: fails with an invalid 'transport' query parameter", async (ctx) => {
  await expectRefusedWebSocket(ctx, "EIO=4");
  await expectRefusedWebSocket(ctx, "EIO=4&transport=abc");
});

// ---------------------------------------------------------------------------
// message

async function postAndPollEcho(base, payload) {
  const sid = await openPollingSession(base);
  const push = await http(base, pollingQuery(sid), { method: "POST", body: payload });
  assert.equal(push.status, 200, `POST answered HTTP ${push.status} ${JSON.stringify(push.text)}`);
  assert.equal(push.text, "ok");
  const poll = await http(base, pollingQuery(sid));
  assert.equal(poll.status, 200, `GET answered HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
  // On a slow machine the first ping (due 300 ms after the handshake) may
  // share the payload with the echo; it is not part of what is checked.
  const packets = poll.text.split("\x1e").filter((packet) => packet !== "2");
  assert.equal(packets.join("\x1e"), payload, `GET answered ${JSON.stringify(poll.text)}`);
}

conformance("message: HTTP long-polling: sends and receives a payload containing one plain text packet", async ({ base }) => {
  await postAndPollEcho(base, "4hello");
});

conformance("message: HTTP long-polling: sends and receives a payload containing several plain text packets", async ({ base }) => {
  await postAndPollEcho(base, "4test1\x1e4test2\x1e4test3");
});

conformance("message: HTTP long-polling: sends and receives a payload containing plain text and binary packets", async ({ base }) => {
  // bAQIDBA== is the binary message <01 02 03 04>, base64 encoded.
  await postAndPollEcho(base, "4hello\x1ebAQIDBA==");
});

conformance("message: HTTP long-polling: closes the session upon invalid packet format", async ({ base }) => {
  const sid = await openPollingSession(base);
  // How the POST itself ends is not checked: the reference answers it with
  // 200 "ok" and then closes the session; others answer 400 or drop the
  // connection. What counts is that the session is gone.
  try {
    await http(base, pollingQuery(sid), { method: "POST", body: "abc" });
  } catch {
    // Closing the connection instead of answering is acceptable.
  }
  const poll = await http(base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the invalid payload: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
});

conformance("message: HTTP long-polling: closes the session upon duplicate poll requests", async ({ base }) => {
  const sid = await openPollingSession(base);
  const first = http(base, pollingQuery(sid));
  first.catch(() => {});
  await sleep(20); // the first GET is now pending on the server
  let second;
  try {
    second = await http(base, `${pollingQuery(sid)}&t=burst`);
  } catch (error) {
    second = { status: `no response (${error.message})`, text: "" };
  }
  const firstResult = await first;
  assert.equal(firstResult.status, 200, `pending GET: HTTP ${firstResult.status} ${JSON.stringify(firstResult.text)}`);
  assert.equal(firstResult.text, "1", "the pending GET must end with a close packet");
  // The reference answers the overlapping GET with 500, the protocol says 400.
  assert.ok(
    second.status === 400 || second.status === 500,
    `overlapping GET: HTTP ${second.status} ${JSON.stringify(second.text)} (expected 400 or 500)`,
  );
  const poll = await http(base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the overlap: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
});

conformance("message: HTTP long-polling: closes the session upon cancelled polling request", async ({ base }) => {
  const sid = await openPollingSession(base);
  const controller = new AbortController();
  const pending = http(base, pollingQuery(sid), { signal: controller.signal });
  pending.catch(() => {});
  await sleep(20); // the GET is now pending on the server
  controller.abort();
  await sleep(50); // the server sees the connection go
  const poll = await http(base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the cancelled one: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
});

conformance("message: WebSocket: sends and receives a plain text packet", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  await socket.waitOpen();
  assertHandshake(await socket.nextText("the open packet"), []);
  socket.send("4hello");
  assert.equal(await socket.nextText("the echo"), "4hello");
});

conformance("message: WebSocket: sends and receives a binary packet", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  await socket.nextText("the open packet");
  socket.send(Uint8Array.from([1, 2, 3, 4]));
  const frame = await socket.nextFrame("the echo");
  assert.equal(frame.binary, true, `expected a binary frame, got ${describeFrame(frame)}`);
  assert.deepEqual([...frame.data], [1, 2, 3, 4]);
});

conformance("message: WebSocket: closes the session upon invalid packet format", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  await socket.nextText("the open packet");
  socket.send("abc");
  await socket.waitClose();
});

// ---------------------------------------------------------------------------
// heartbeat

conformance("heartbeat: HTTP long-polling: sends ping/pong packets", async ({ base }) => {
  const sid = await openPollingSession(base);
  for (let i = 0; i < 3; i++) {
    const poll = await http(base, pollingQuery(sid));
    assert.equal(poll.status, 200, `poll ${i + 1}: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
    assert.equal(poll.text, "2", `poll ${i + 1} must carry a ping`);
    const push = await http(base, pollingQuery(sid), { method: "POST", body: "3" });
    assert.equal(push.status, 200, `pong ${i + 1}: HTTP ${push.status} ${JSON.stringify(push.text)}`);
  }
});

conformance("heartbeat: HTTP long-polling: closes the session upon ping timeout", async ({ base }) => {
  const sid = await openPollingSession(base);
  // Never answer the ping: the session is gone after pingInterval + pingTimeout
  // (a little margin against timer jitter).
  await sleep(PING_INTERVAL + PING_TIMEOUT + 150);
  const poll = await http(base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the ping timeout: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
});

conformance("heartbeat: WebSocket: sends ping/pong packets", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  await socket.nextText("the open packet");
  for (let i = 0; i < 3; i++) {
    assert.equal(await socket.nextText(`ping ${i + 1}`), "2");
    socket.send("3");
  }
});

conformance("heartbeat: WebSocket: closes the session upon ping timeout", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  await socket.nextText("the open packet");
  const openedAt = Date.now();
  // Never answer the ping.
  await socket.waitClose(PING_INTERVAL + PING_TIMEOUT + 2000);
  const elapsed = Date.now() - openedAt;
  assert.ok(elapsed >= PING_INTERVAL, `closed after ${elapsed} ms, before the first ping was due`);
});

// ---------------------------------------------------------------------------
// close

conformance("close: HTTP long-polling: forcefully closes the session", async ({ base }) => {
  const sid = await openPollingSession(base);
  const poll = http(base, pollingQuery(sid));
  poll.catch(() => {});
  await sleep(20); // the GET is now pending on the server
  const push = await http(base, pollingQuery(sid), { method: "POST", body: "1" });
  assert.equal(push.status, 200, `POST "1": HTTP ${push.status} ${JSON.stringify(push.text)}`);
  const pollResult = await poll;
  assert.equal(pollResult.status, 200, `pending GET: HTTP ${pollResult.status} ${JSON.stringify(pollResult.text)}`);
  assert.equal(pollResult.text, "6", "the pending GET must end with a noop packet");
  const later = await http(base, pollingQuery(sid));
  assert.equal(later.status, 400, `GET after the close: HTTP ${later.status} ${JSON.stringify(later.text)}`);
});

conformance("close: WebSocket: forcefully closes the session", async (ctx) => {
  const socket = ctx.ws("EIO=4&transport=websocket");
  await socket.nextText("the open packet");
  socket.send("1");
  await socket.waitClose();
});

// ---------------------------------------------------------------------------
// upgrade

conformance("upgrade: successfully upgrades from HTTP long-polling to WebSocket", async (ctx) => {
  const sid = await openPollingSession(ctx.base);
  const socket = ctx.ws(`EIO=4&transport=websocket&sid=${encodeURIComponent(sid)}`);
  await socket.waitOpen();
  socket.send("2probe");
  assert.equal(await socket.nextText("the probe answer"), "3probe");
  // A GET during the upgrade ends cleanly with a noop packet.
  const poll = await http(ctx.base, pollingQuery(sid));
  assert.equal(poll.status, 200, `GET during the upgrade: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
  assert.equal(poll.text, "6");
  socket.send("5");
  socket.send("4hello");
  assert.equal(await socket.nextText("the echo over the upgraded transport"), "4hello");
});

conformance("upgrade: ignores HTTP requests with same sid after upgrade", async (ctx) => {
  const { sid, socket } = await upgradedSession(ctx);
  const poll = await http(ctx.base, pollingQuery(sid));
  assert.equal(poll.status, 400, `GET after the upgrade: HTTP ${poll.status} ${JSON.stringify(poll.text)}`);
  socket.send("4hello");
  assert.equal(await socket.nextText("the echo over the upgraded transport"), "4hello");
});

conformance("upgrade: ignores WebSocket connection with same sid after upgrade", async (ctx) => {
  const { sid, socket } = await upgradedSession(ctx);
  await expectRefusedWebSocket(ctx, `EIO=4&transport=websocket&sid=${encodeURIComponent(sid)}`);
  socket.send("4hello");
  assert.equal(await socket.nextText("the echo over the upgraded transport"), "4hello");
});
