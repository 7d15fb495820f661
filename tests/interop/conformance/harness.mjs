// Shared by the conformance test files (engineio-v4.test.mjs,
// socketio-v5.test.mjs): starts the server that CONFORMANCE_SERVER names on a
// free port of 127.0.0.1 (a path ending in .mjs is run with this node), stops
// it at the end, bounds every case in time, and offers HTTP long-polling and
// WebSocket helpers for one endpoint path (/engine.io/ or /socket.io/).
//
// The server must print "conformance server listening on http://127.0.0.1:<port>"
// once it accepts connections. Without CONFORMANCE_SERVER, or when it cannot
// be started, every case fails: nothing is ever skipped.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants, statSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";
// The published suites' HTTP client (test-suite/node-imports.js): node-fetch 2, used as they use
// it, with no agent, so that each request says "Connection: close" while Node's global agent
// keeps sockets alive. A server that closes after a response without saying so fails here.
import fetch from "node-fetch";

export const HOST = "127.0.0.1";
export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 200;
export const MAX_PAYLOAD = 1000000;
const HANDSHAKE_KEYS = ["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"];

const STARTUP_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;
export const TEST_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 3_000;
export const EVENT_TIMEOUT_MS = 3_000;
// A whole file stays under 60 s even if every case ran into its timeout.
const FILE_DEADLINE_MS = 55_000;

// ---------------------------------------------------------------------------
// The server under test

function serverCommand() {
  const configured = process.env.CONFORMANCE_SERVER;
  if (!configured) {
    throw new Error(
      "CONFORMANCE_SERVER is not set: it must name the conformance server to test, e.g. " +
        "CONFORMANCE_SERVER=./reference-server.mjs or " +
        "CONFORMANCE_SERVER=<build>/tests/interop/conformance/server/conformance-server",
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

function assertServerAlive() {
  if (childExit && !stopping) {
    throw new Error(
      `the conformance server exited during the test (code ${childExit.code}, ` +
        `signal ${childExit.signal}); stderr:\n${childStderr.slice(-4000)}`,
    );
  }
}

const openSockets = new Set();

// ---------------------------------------------------------------------------
// WebSocket client

export function describeFrame(frame) {
  return frame.binary ? `<binary ${frame.data.toString("hex")}>` : JSON.stringify(frame.data);
}

/**
 * A `ws` client that queues every frame ({ data: string | Buffer, binary })
 * and remembers how it closed, so a case can await them in order.
 */
export class EioWebSocket {
  #frames = [];
  #frameWaiters = [];
  #closed = null; // { code, reason, errors }
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

  /** Whether the connection is closed already. */
  get closed() {
    return this.#closed !== null;
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

// ---------------------------------------------------------------------------
// Engine.IO checks

/** Checks an Engine.IO open packet ("0{...}") against the conformance settings. */
export function assertHandshake(payload, expectedUpgrades) {
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

export function pollingQuery(sid) {
  return `EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
}

// ---------------------------------------------------------------------------
// Setup

/**
 * Starts the server for one test file and returns the case registrar and the
 * helpers bound to `path` (the Engine.IO endpoint, "/engine.io/" or "/socket.io/").
 * `file` names the test file in the deadline message.
 */
export async function setupConformance({ file, path }) {
  // Started before any case is registered, so that a slow start does not eat
  // into the first case's time; a start that fails is reported by every case.
  const serverReady = startServer();
  serverReady.catch(() => {});
  await serverReady.catch(() => {});

  const deadline = setTimeout(() => {
    process.stderr.write(
      `${file}: still running after ${FILE_DEADLINE_MS} ms; stopping the server and failing\n`,
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

  /**
   * One HTTP request to <path>?<query>, body read as text, bounded by
   * `timeoutMs`. Resolves with { status, text, contentType }.
   */
  async function http(base, query, { method = "GET", body, signal, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (signal) signals.push(signal);
    const response = await fetch(`${base}${path}?${query}`, {
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

  /** One conformance case: bounded in time, given the base URLs, fails if the server died. */
  function conformance(name, body, { timeout = TEST_TIMEOUT_MS } = {}) {
    test(name, { timeout }, async () => {
      const base = await serverReady;
      const sockets = [];
      const ctx = {
        base,
        wsBase: base.replace(/^http/, "ws"),
        ws(query) {
          const socket = new EioWebSocket(`${this.wsBase}${path}?${query}`);
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

  return { conformance, http, openPollingSession, expectRefusedWebSocket, upgradedSession };
}
