// Test harness: starts the server under test, watches its stdout event lines,
// and offers small raw HTTP / TCP / client helpers shared by the test files.

import { HOST, startServerProcess, waitUntil, withTimeout } from "../common/server-process.mjs";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as netConnect } from "node:net";
import { resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Socket } from "engine.io-client";

export { HOST, waitUntil, withTimeout };
export const ENGINE_PATH = "/engine.io/";

/** Starts the server under test with `flags`; stopped when the test `t` ends. */
export function startServer(t, flags = []) {
  return startServerProcess(t, { envVar: "EIO_SERVER", example: "./reference-server.mjs or <build>/tests/interop/engineio/eio-test-server", flags, secure: flags.includes("--tls") });
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

/** The server still serves a complete client session (after hostile input, typically). */
export async function assertStillServes(t, server) {
  const socket = await connectClient(t, server, { transports: ["polling"] });
  if ((await roundTrip(socket, "alive")) !== "alive") throw new Error("the echo of a new session is wrong");
  socket.close();
}
