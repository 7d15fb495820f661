// Test harness: starts the server under test, watches its stdout event lines,
// and offers small raw HTTP / TCP / client helpers shared by the test files.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as netConnect } from "node:net";
import { resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Socket } from "engine.io-client";

export const HOST = "127.0.0.1";
export const ENGINE_PATH = "/engine.io/";

const STARTUP_TIMEOUT_MS = 5000;
const STOP_TIMEOUT_MS = 2000;

function serverCommand() {
  const configured = process.env.EIO_SERVER;
  if (!configured) {
    throw new Error(
      "EIO_SERVER is not set: point it at the server under test, e.g. " +
        "EIO_SERVER=./reference-server.mjs or EIO_SERVER=<build>/tests/interop/engineio/eio-test-server",
    );
  }
  const executable = resolve(process.cwd(), configured);
  return executable.endsWith(".mjs")
    ? { command: process.execPath, prefix: [executable] }
    : { command: executable, prefix: [] };
}

/**
 * A running server process. `lines` collects every stdout line (the
 * `LISTENING` line included); `waitForLine` resolves with the first (past or
 * future) line matching a pattern.
 */
class ServerProcess {
  #child;
  #waiters = new Set();
  #cancels = new Set();
  #stdoutBuffer = "";
  #stderr = "";
  #exited;
  #signalled = false;

  lines = [];
  port = 0;
  secure = false;

  constructor(child, secure) {
    this.#child = child;
    this.secure = secure;
    this.#exited = once(child, "exit");
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => this.#onStdout(chunk));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      this.#stderr += chunk;
    });
  }

  get url() {
    return `${this.secure ? "https" : "http"}://${HOST}:${this.port}`;
  }

  #onStdout(chunk) {
    this.#stdoutBuffer += chunk;
    let newline;
    while ((newline = this.#stdoutBuffer.indexOf("\n")) !== -1) {
      const line = this.#stdoutBuffer.slice(0, newline).replace(/\r$/, "");
      this.#stdoutBuffer = this.#stdoutBuffer.slice(newline + 1);
      this.lines.push(line);
      for (const waiter of this.#waiters) waiter(line);
    }
  }

  /** Resolves with the first line matching `pattern` (RegExp or exact string). */
  waitForLine(pattern, timeoutMs = 3000) {
    const matches = (line) =>
      typeof pattern === "string" ? line === pattern : pattern.test(line);
    const existing = this.lines.find(matches);
    if (existing !== undefined) return Promise.resolve(existing);

    return new Promise((resolvePromise, reject) => {
      const onExit = () => finish(new Error(`server exited while waiting for ${pattern}`));
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `timed out after ${timeoutMs} ms waiting for server line ${pattern}; ` +
                `lines so far: ${JSON.stringify(this.lines)}`,
            ),
          ),
        timeoutMs,
      );
      const waiter = (line) => {
        if (matches(line)) finish(null, line);
      };
      const finish = (error, line) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        this.#cancels.delete(cancel);
        this.#child.off("exit", onExit);
        if (error) reject(error);
        else resolvePromise(line);
      };
      const cancel = () => finish(new Error(`server stopped while waiting for ${pattern}`));
      this.#waiters.add(waiter);
      this.#cancels.add(cancel);
      this.#child.once("exit", onExit);
    });
  }

  /** Lines about one session, e.g. linesFor(sid) → ["CONNECTION sid polling", ...]. */
  linesFor(sid) {
    return this.lines.filter((line) => line.split(" ")[1] === sid);
  }

  /** Signals the server's whole process group (the server and anything it started). */
  #signalGroup(signal) {
    try {
      process.kill(-this.#child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL after a grace period). Throws if
   * the server had died on its own: a crash is a failure even when the test's
   * own assertions passed.
   */
  async stop() {
    const { exitCode, signalCode } = this.#child;
    const diedOnItsOwn = !this.#signalled && (exitCode !== null || signalCode !== null);
    this.#signalled = true;
    if (exitCode === null && signalCode === null && this.#child.pid !== undefined) {
      this.#signalGroup("SIGTERM");
      const killTimer = setTimeout(() => this.#signalGroup("SIGKILL"), STOP_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(killTimer);
    }
    for (const cancel of this.#cancels) cancel();
    // Do not let a leftover grandchild holding the pipes keep the test alive.
    this.#signalGroup("SIGKILL");
    this.#child.stdout.destroy();
    this.#child.stderr.destroy();
    if (diedOnItsOwn) {
      throw new Error(
        `the server exited during the test (code ${exitCode}, signal ${signalCode}); ` +
          `stderr:\n${this.#stderr.slice(-4000)}`,
      );
    }
  }

  /** Sends SIGTERM and resolves with { code, signal, elapsedMs } once it exits. */
  async terminate() {
    this.#signalled = true;
    const started = Date.now();
    this.#child.kill("SIGTERM");
    const [code, signal] = await this.#exited;
    return { code, signal, elapsedMs: Date.now() - started };
  }

  async started() {
    const line = await this.waitForLine(/^LISTENING \d+$/, STARTUP_TIMEOUT_MS).catch((error) => {
      throw new Error(`${error.message}\nserver stderr:\n${this.#stderr}`);
    });
    this.port = Number(line.split(" ")[1]);
    return this;
  }
}

/**
 * Starts the server under test with `flags`; stopped automatically when the
 * test `t` ends.
 */
export async function startServer(t, flags = []) {
  const { command, prefix } = serverCommand();
  const args = [...prefix, "--port", "0", ...flags];
  // Its own process group, so that stop() also reaches anything it spawned.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const server = new ServerProcess(child, flags.includes("--tls"));
  t.after(() => server.stop());
  const spawnError = once(child, "error").then(([error]) => {
    throw new Error(`cannot start ${command}: ${error.message}`);
  });
  spawnError.catch(() => {});
  await Promise.race([server.started(), spawnError]);
  return server;
}

/**
 * One raw HTTP(S) request on a fresh connection.
 * Resolves with { status, headers, body: Buffer, text }.
 */
export function rawRequest(server, { method = "GET", path, headers = {}, body, timeoutMs = 3000 }) {
  const requestFn = server.secure ? httpsRequest : httpRequest;
  return new Promise((resolvePromise, reject) => {
    const req = requestFn(
      {
        host: HOST,
        port: server.port,
        method,
        path,
        headers,
        agent: false,
        rejectUnauthorized: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const bodyBuffer = Buffer.concat(chunks);
          resolvePromise({
            status: res.statusCode,
            headers: res.headers,
            body: bodyBuffer,
            text: bodyBuffer.toString("utf8"),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

export const pollPath = (query) => `${ENGINE_PATH}?${new URLSearchParams(query)}`;

/** Raw polling handshake; resolves with the parsed open packet and the response. */
export async function rawHandshake(server, query = {}) {
  const res = await rawRequest(server, {
    path: pollPath({ EIO: "4", transport: "polling", ...query }),
  });
  if (res.status !== 200 || !res.text.startsWith("0")) {
    throw new Error(`handshake failed: ${res.status} ${res.text}`);
  }
  return { open: JSON.parse(res.text.slice(1)), res };
}

/**
 * A raw TCP connection that collects everything the server sends.
 * `closed` resolves when the server ends/destroys the connection.
 */
export async function rawTcp(server) {
  const socket = netConnect({ host: HOST, port: server.port });
  await once(socket, "connect");
  const state = { data: Buffer.alloc(0), socket };
  socket.on("data", (chunk) => {
    state.data = Buffer.concat([state.data, chunk]);
  });
  // A reset after the server answered is fine for these tests.
  socket.on("error", () => {});
  state.closed = new Promise((resolvePromise) => socket.once("close", resolvePromise));
  state.text = () => state.data.toString("latin1");
  return state;
}

/** Resolves when `predicate()` holds, polling every 10 ms, or throws after timeoutMs. */
export async function waitUntil(predicate, timeoutMs, description) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${description}`);
    await delay(10);
  }
}

/** Rejects after timeoutMs unless `promise` settles first. */
export function withTimeout(promise, timeoutMs, description) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms: ${description}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the arguments of the next `event` emitted by an engine.io-client socket. */
export function nextEvent(emitter, event, timeoutMs = 3000) {
  return withTimeout(
    new Promise((resolvePromise) => emitter.once(event, (...args) => resolvePromise(args))),
    timeoutMs,
    `event "${event}"`,
  );
}

/** Opens an engine.io-client Socket, closed automatically when the test ends. */
export function openClient(t, server, options = {}) {
  const socket = new Socket(server.url, {
    path: ENGINE_PATH,
    rejectUnauthorized: false,
    ...options,
  });
  t.after(() => socket.close());
  return socket;
}

/** Opens a client and waits for its `open` event; rejects on `error`. */
export async function connectClient(t, server, options = {}, timeoutMs = 3000) {
  const socket = openClient(t, server, options);
  await withTimeout(
    new Promise((resolvePromise, reject) => {
      socket.once("open", resolvePromise);
      socket.once("error", (err) => reject(new Error(`client error before open: ${err}`)));
    }),
    timeoutMs,
    "client open",
  );
  return socket;
}

/** Sends `data` and resolves with the next message the client receives. */
export async function roundTrip(socket, data, timeoutMs = 3000) {
  const reply = nextEvent(socket, "message", timeoutMs);
  socket.send(data);
  const [message] = await reply;
  return message;
}

/** Normalises a received binary payload (Buffer, ArrayBuffer or view) to a Buffer. */
export function toBuffer(data) {
  if (typeof data === "string") throw new TypeError(`expected binary data, got string ${JSON.stringify(data)}`);
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
