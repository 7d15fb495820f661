// Test harness: starts the Socket.IO server under test, watches its stdout
// event lines, and offers socket.io-client, raw WebSocket and raw HTTP helpers
// shared by the test files.

import { HOST, startServerProcess, waitUntil, withTimeout } from "../common/server-process.mjs";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Manager, io as ioClient } from "socket.io-client";
import { WebSocket } from "ws";

export { HOST, waitUntil, withTimeout };
export const SIO_PATH = "/socket.io/";
/** Default bound for anything a test waits for. */
export const WAIT_MS = 3000;
/** How long a test waits to be sure that something does NOT arrive. */
export const QUIET_MS = 150;

/** Starts the server under test with `flags`; stopped when the test `t` ends. */
export function startServer(t, flags = []) {
  return startServerProcess(t, { envVar: "SIO_SERVER", example: "./reference-server.mjs or <build>/tests/interop/socketio/sio-test-server", flags, secure: false });
}

// ---------------------------------------------------------------------------
// Generic waiting helpers


/**
 * Resolves with the argument list of the next `event` of an emitter
 * (a socket.io-client Socket or Manager, an engine.io-client Socket, a ws).
 */
export function nextEvent(emitter, event, timeoutMs = WAIT_MS) {
  let listener;
  return withTimeout(
    new Promise((resolvePromise) => {
      listener = (...args) => resolvePromise(args);
      emitter.once(event, listener);
    }),
    timeoutMs,
    `event "${event}"`,
  ).finally(() => emitter.off(event, listener));
}

/** Resolves after `ms` if `event` did not fire on `emitter` meanwhile; rejects if it did. */
export async function expectNoEvent(emitter, event, ms = QUIET_MS) {
  const received = [];
  const listener = (...args) => received.push(args);
  emitter.on(event, listener);
  await delay(ms);
  emitter.off(event, listener);
  if (received.length > 0) {
    throw new Error(`unexpected "${event}" event(s): ${JSON.stringify(received)}`);
  }
}

/** Collects every `event` of an emitter: the returned array fills up as they arrive. */
export function collect(emitter, event) {
  const received = [];
  emitter.on(event, (...args) => received.push(args));
  return received;
}

// ---------------------------------------------------------------------------
// socket.io-client helpers

/**
 * Opens a socket.io-client socket on `nsp` with its own Manager
 * (`forceNew`), no reconnection unless asked for, closed when the server
 * stops. `socket.welcome` resolves with the payload of the server's
 * `welcome` event. `lookup` is the client's `io()` (another client version).
 */
export function openSocket(server, nsp = "/", options = {}, lookup = ioClient) {
  const socket = lookup(`${server.url}${nsp}`, {
    path: SIO_PATH,
    forceNew: true,
    reconnection: false,
    ...options,
  });
  socket.welcome = withTimeout(
    new Promise((resolvePromise) => socket.once("welcome", resolvePromise)),
    WAIT_MS + 2000,
    `welcome on ${nsp}`,
  );
  socket.welcome.catch(() => {});
  // Kept for failure messages: an unanswered request says whether the socket was still there.
  socket.disconnectReasons = [];
  socket.on("disconnect", (reason) => socket.disconnectReasons.push(reason));
  server.onStop(() => socket.disconnect());
  return socket;
}

/** Resolves once `socket` is connected; rejects on connect_error. */
export function connected(socket, timeoutMs = WAIT_MS) {
  if (socket.connected) return Promise.resolve(socket);
  let onConnect;
  let onError;
  return withTimeout(
    new Promise((resolvePromise, reject) => {
      onConnect = () => resolvePromise(socket);
      onError = (err) => reject(new Error(`connect_error: ${err.message}`));
      socket.once("connect", onConnect);
      socket.once("connect_error", onError);
    }),
    timeoutMs,
    "socket connect",
  ).finally(() => {
    socket.off("connect", onConnect);
    socket.off("connect_error", onError);
  });
}

/** openSocket + wait for the connection and the welcome event. */
export async function connectSocket(server, nsp = "/", options = {}) {
  const socket = openSocket(server, nsp, options);
  await connected(socket);
  await socket.welcome;
  return socket;
}

/** A Manager (one Engine.IO connection for several namespaces), closed when the server stops. */
export function openManager(server, options = {}) {
  const manager = new Manager(server.url, {
    path: SIO_PATH,
    reconnection: false,
    ...options,
  });
  server.onStop(() => manager._close());
  return manager;
}

/** Emits `event` with `args` and an ack callback; resolves with all the ack arguments. */
export function request(socket, event, ...args) {
  return withTimeout(
    new Promise((resolvePromise) => socket.emit(event, ...args, (...reply) => resolvePromise(reply))),
    WAIT_MS,
    `ack for "${event}"`,
  ).catch((error) => {
    const reasons = socket.disconnectReasons ?? [];
    const state = socket.connected ? "still connected" : `disconnected (${reasons.join(", ") || "no reason seen"})`;
    error.message += `; the socket is ${state}`;
    throw error;
  });
}

/**
 * Makes sure every event `socket` sent before has been handled by the server:
 * the server answers events in order, so an answered `rooms` request comes
 * after them.
 */
export async function sync(socket) {
  await request(socket, "rooms");
}

// ---------------------------------------------------------------------------
// Raw WebSocket (Engine.IO v4 framing done by hand)

/**
 * A raw Engine.IO WebSocket connection. Text messages are strings, binary ones
 * Buffers. Pings ("2") are answered with "3" and kept out of the queue unless
 * `autoPong` is false.
 */
export class RawWs {
  messages = [];
  pings = 0;
  closeInfo = null;
  #waiters = [];

  constructor(server, { query = {}, autoPong = true } = {}) {
    const search = new URLSearchParams({ EIO: "4", transport: "websocket", ...query });
    this.ws = new WebSocket(`ws://${HOST}:${server.port}${SIO_PATH}?${search}`);
    this.autoPong = autoPong;
    this.ws.on("message", (data, isBinary) => {
      const message = isBinary ? Buffer.from(data) : data.toString();
      if (message === "2" && this.autoPong) {
        this.pings += 1;
        this.ws.send("3");
        return;
      }
      this.messages.push(message);
      this.#notify();
    });
    this.ws.on("error", () => {});
    this.closed = new Promise((resolvePromise) => {
      this.ws.once("close", (code, reason) => {
        this.closeInfo = { code, reason: reason.toString(), at: Date.now() };
        this.#notify();
        resolvePromise(this.closeInfo);
      });
    });
    server.onStop(() => this.ws.terminate());
  }

  #notify() {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** Resolves with the next queued message (removing it); rejects when closed or after timeoutMs. */
  async next(timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length === 0) {
      if (this.closeInfo) throw new Error(`raw websocket closed (${this.closeInfo.code}) while waiting for a message`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await withTimeout(new Promise((r) => this.#waiters.push(r)), left, "raw websocket message").catch(() => {});
    }
    return this.messages.shift();
  }

  /** Skips queued/arriving messages until one satisfies `predicate`; resolves with it. */
  async nextMatching(predicate, timeoutMs = WAIT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (predicate(message)) return message;
    }
  }

  send(data) {
    this.ws.send(data);
  }

  async opened() {
    if (this.ws.readyState !== WebSocket.OPEN) await nextEvent(this.ws, "open");
    return this;
  }

  /** Waits for the Engine.IO open packet; resolves with its JSON. */
  async handshake() {
    await this.opened();
    const open = await this.next();
    if (typeof open !== "string" || !open.startsWith("0")) throw new Error(`expected an open packet, got ${open}`);
    this.open = JSON.parse(open.slice(1));
    return this.open;
  }

  /** True once the server closed the connection (or within timeoutMs). */
  async waitClosed(timeoutMs = WAIT_MS) {
    return withTimeout(this.closed, timeoutMs, "raw websocket close by the server");
  }
}

/**
 * A raw WebSocket that has joined `nsp` with a hand-written CONNECT packet
 * and consumed the CONNECT answer and the welcome event.
 * Resolves with { raw, eid, sid, welcome }.
 */
export async function rawSioConnect(server, nsp = "/", { auth, autoPong = true } = {}) {
  const raw = new RawWs(server, { autoPong });
  const open = await raw.handshake();
  const prefix = nsp === "/" ? "" : `${nsp},`;
  raw.send(`40${prefix}${auth === undefined ? "" : JSON.stringify(auth)}`);
  const answer = await raw.next();
  const expected = `40${prefix}{`;
  if (typeof answer !== "string" || !answer.startsWith(expected)) {
    throw new Error(`expected a CONNECT answer ${expected}..., got ${answer}`);
  }
  const { sid } = JSON.parse(answer.slice(expected.length - 1));
  const welcome = await raw.next();
  if (typeof welcome !== "string" || !welcome.startsWith(`42${prefix}["welcome",`)) {
    throw new Error(`expected the welcome event, got ${welcome}`);
  }
  return { raw, eid: open.sid, sid, welcome: JSON.parse(welcome.slice(2 + prefix.length))[1] };
}

// ---------------------------------------------------------------------------
// Raw HTTP (long-polling by hand)

/**
 * One raw HTTP request on a fresh connection.
 * Resolves with { status, headers, body: Buffer, text }.
 */
export function rawRequest(server, { method = "GET", path, headers = {}, body, timeoutMs = WAIT_MS }) {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(
      { host: HOST, port: server.port, method, path, headers, agent: false, timeout: timeoutMs },
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

export const pollPath = (query) => `${SIO_PATH}?${new URLSearchParams({ EIO: "4", transport: "polling", ...query })}`;

/** Raw polling handshake; resolves with the parsed open packet. */
export async function rawPollingHandshake(server) {
  const res = await rawRequest(server, { path: pollPath({}) });
  if (res.status !== 200 || !res.text.startsWith("0")) {
    throw new Error(`handshake failed: ${res.status} ${res.text}`);
  }
  return JSON.parse(res.text.slice(1));
}

/** Normalises a received binary payload (Buffer, ArrayBuffer or view) to a Buffer. */
export function toBuffer(data) {
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  throw new TypeError(`expected binary data, got ${typeof data} ${JSON.stringify(data)}`);
}
