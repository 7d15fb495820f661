// Shared by the attack suites: the well-behaved bystander that must not
// notice any attack, and raw TCP clients (HTTP bytes, WebSocket frames)
// for inputs no real client library would send.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { HOST, collect, connectSocket, request, startServer } from "../socketio/harness.mjs";

export { startServer };

/** A socket.io-client connected to "/" that must keep getting its acks. */
export async function bystander(server) {
  const socket = await connectSocket(server, "/", { transports: ["websocket"] });
  const gone = collect(socket, "disconnect");
  return {
    async check() {
      assert.deepEqual(await request(socket, "ack", "unaffected"), ["unaffected"]);
      assert.deepEqual(gone, []);
      assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${socket.id}`)));
    },
  };
}

/**
 * Writes `bytes` on a fresh TCP connection and collects everything the
 * server answers until it closes or `quietMs` pass.
 * Resolves with { text (latin1), statuses, closed }.
 */
export function rawExchange(server, bytes, quietMs = 500) {
  return new Promise((resolvePromise) => {
    const socket = net.connect(server.port, HOST);
    let out = Buffer.alloc(0);
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = out.toString("latin1");
      const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      resolvePromise({ text, statuses, closed });
    };
    const timer = setTimeout(() => finish(false), quietMs);
    socket.on("data", (chunk) => {
      out = Buffer.concat([out, chunk]);
    });
    socket.on("error", () => {});
    socket.on("close", () => finish(true));
    socket.write(bytes);
  });
}

/** One client-to-server WebSocket frame (masked unless `mask` is false). */
export function wsFrame(opcode, payload, { fin = true, rsv = 0, mask = true } = {}) {
  const data = Buffer.from(payload);
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (data.length < 126) head.push(maskBit | data.length);
  else if (data.length < 65536) head.push(maskBit | 126, data.length >> 8, data.length & 0xff);
  else throw new RangeError("frame too large for this helper");
  if (!mask) return Buffer.concat([Buffer.from(head), data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data.map((byte, i) => byte ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/**
 * A WebSocket on a raw TCP connection, past the handshake (an Engine.IO
 * session of its own). `frames()` yields what the server sent back, parsed;
 * `closed` resolves when the TCP connection ends.
 */
export class RawTcpWs {
  #buffer = Buffer.alloc(0);
  received = [];

  static async open(server) {
    const ws = new RawTcpWs();
    await ws.#connect(server);
    return ws;
  }

  #connect(server) {
    this.socket = net.connect(server.port, HOST);
    this.socket.on("error", () => {});
    this.closed = new Promise((resolvePromise) => this.socket.once("close", resolvePromise));
    server.onStop(() => this.socket.destroy());
    return new Promise((resolvePromise, reject) => {
      let head = Buffer.alloc(0);
      const onData = (chunk) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf("\r\n\r\n");
        if (end === -1) return;
        this.socket.off("data", onData);
        const status = head.subarray(0, end).toString("latin1");
        if (!status.startsWith("HTTP/1.1 101")) return reject(new Error(`no upgrade: ${status}`));
        this.socket.on("data", (more) => this.#onData(more));
        this.#onData(head.subarray(end + 4));
        resolvePromise();
      };
      this.socket.on("data", onData);
      this.socket.write(
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" +
          `Host: ${HOST}:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  }

  #onData(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#buffer.length < 2) return;
      let length = this.#buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.#buffer.length < 4) return;
        length = this.#buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.#buffer.length < 10) return;
        length = Number(this.#buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.#buffer.length < offset + length) return;
      const opcode = this.#buffer[0] & 0x0f;
      const payload = this.#buffer.subarray(offset, offset + length);
      this.received.push({ opcode, payload: Buffer.from(payload) });
      this.#buffer = this.#buffer.subarray(offset + length);
      // Answer a close as a client does, so the server need not wait for it.
      if (opcode === 8 && !this.socket.writableEnded) this.socket.end(wsFrame(8, payload.subarray(0, 2)));
    }
  }

  write(bytes) {
    this.socket.write(bytes);
  }

  /** The close code the server sent (a close frame), or null if it only dropped the connection. */
  closeCode() {
    const close = this.received.find((frame) => frame.opcode === 8);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
  }

  texts() {
    return this.received.filter((frame) => frame.opcode === 1).map((frame) => frame.payload.toString());
  }
}
