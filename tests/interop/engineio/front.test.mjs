// The HTTP/1.1 front and the WebSocket framing under hostile or unusual bytes, over raw TCP:
// connection management (Connection: close, pipelining), chunked bodies split anywhere, upgrade
// requests with other methods, running out of descriptors, and frames around a protocol
// violation. Each expectation holds for Node's engine.io as well (the _reference run).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  assertStillServes,
  pollPath,
  rawHandshake,
  rawTcp,
  startServer,
  waitUntil,
} from "./harness.mjs";

const SLOW = ["--ping-interval", "5000", "--ping-timeout", "5000"];

/** The complete HTTP responses at the start of `data` (Content-Length framed). */
function parseResponses(data) {
  const responses = [];
  let at = 0;
  for (;;) {
    const headEnd = data.indexOf("\r\n\r\n", at);
    if (headEnd === -1) break;
    const head = data.subarray(at, headEnd).toString("latin1");
    const [statusLine, ...lines] = head.split("\r\n");
    const headers = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"] ?? 0);
    if (data.length < headEnd + 4 + length) break;
    responses.push({
      status: Number(statusLine.split(" ")[1]),
      headers,
      body: data.subarray(headEnd + 4, headEnd + 4 + length).toString("utf8"),
    });
    at = headEnd + 4 + length;
  }
  return responses;
}

const closes = (response) => /(^|,)\s*close\s*(,|$)/i.test(response.headers.connection ?? "");

async function pollingSession(server) {
  const { open } = await rawHandshake(server);
  return pollPath({ EIO: "4", transport: "polling", sid: open.sid });
}

/**
 * A polling session, then `requests(path)` written on one fresh connection in one piece
 * (pipelined); resolves with that connection.
 */
async function pipelined(t, requests) {
  const server = await startServer(t, SLOW);
  const path = await pollingSession(server);
  const conn = await rawTcp(server);
  t.after(() => conn.socket.destroy());
  conn.socket.write(requests(path).join(""));
  return conn;
}

// ---------------------------------------------------------------------------
// Connection management

test("a response after which the server closes says Connection: close", { timeout: 15_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  const path = await pollingSession(server);
  const cases = [
    ["POST, Connection: close", `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 6\r\n\r\n4hello`],
    ["handshake, Connection: close", `GET ${pollPath({ EIO: "4", transport: "polling" })} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
    ["handshake, HTTP/1.0", `GET ${pollPath({ EIO: "4", transport: "polling" })} HTTP/1.0\r\nHost: x\r\n\r\n`],
    ["refusal, Connection: close", `GET ${pollPath({ EIO: "4", transport: "polling", sid: "nope" })} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
  ];
  for (const [name, request] of cases) {
    const conn = await rawTcp(server);
    conn.socket.write(request);
    await Promise.race([conn.closed, delay(3000)]);
    const [response] = parseResponses(conn.data);
    assert.ok(response, `${name}: no complete response: ${JSON.stringify(conn.text())}`);
    assert.ok(closes(response), `${name}: the response does not say Connection: close: ${JSON.stringify(response.headers)}`);
    assert.ok(conn.socket.closed || conn.socket.readableEnded, `${name}: the server did not close the connection`);
    conn.socket.destroy();
  }
});

test("a pipelined request with Connection: close ends the connection after its own response", { timeout: 15_000 }, async (t) => {
  const conn = await pipelined(t, (path) => [
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n4pipeline`,
    `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  ]);
  await Promise.race([conn.closed, delay(3000)]);
  const responses = parseResponses(conn.data);
  assert.equal(responses.length, 2, `expected two responses before the close, got ${JSON.stringify(conn.text())}`);
  assert.equal(responses[0].body, "ok");
  assert.equal(closes(responses[0]), false, "the first response does not end the connection");
  assert.equal(responses[1].body, "4pipeline");
  assert.ok(closes(responses[1]), "the last response says Connection: close");
});

test("a POST pipelined behind a waiting poll is answered after it", { timeout: 15_000 }, async (t) => {
  const conn = await pipelined(t, (path) => [
    `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n4behind`,
  ]);
  // The POST is read at once and its message answers the poll, whose response still goes first.
  await waitUntil(() => parseResponses(conn.data).length >= 2, 3000, "two responses");
  const [poll, post] = parseResponses(conn.data);
  assert.equal(poll.body, "4behind", `the poll first: ${JSON.stringify(conn.text())}`);
  assert.equal(post.body, "ok");
});

test("an error response does not overtake a pipelined long-poll", { timeout: 15_000 }, async (t) => {
  const conn = await pipelined(t, (path) => [
    `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n4abc`,
  ]);
  // The poll is answered by the next ping (5 s) or when the session ends over the refused POST.
  await waitUntil(() => parseResponses(conn.data).length >= 1 || conn.socket.closed, 8000, "a response or a close");
  await delay(100);
  const responses = parseResponses(conn.data);
  assert.ok(responses.length >= 1, `no response: ${JSON.stringify(conn.text())}`);
  assert.equal(responses[0].status, 200, `the poll is answered first: ${JSON.stringify(conn.text())}`);
  if (responses.length > 1) assert.equal(responses[1].status, 413);
});

test("an upgrade request with another method gets one response", { timeout: 15_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  const path = await pollingSession(server);
  for (const [method, target] of [
    ["POST", pollPath({ EIO: "4", transport: "websocket" })],
    ["PUT", path.replace("transport=polling", "transport=websocket")],
  ]) {
    const conn = await rawTcp(server);
    conn.socket.write(
      `${method} ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n` +
        `Content-Length: 0\r\n\r\n`,
    );
    await Promise.race([conn.closed, delay(3000)]);
    await delay(200); // anything sent after the first response would be here by now
    const statusLines = conn.text().match(/HTTP\/1\.[01] \d{3}/g) ?? [];
    assert.equal(statusLines.length, 1, `${method}: ${JSON.stringify(conn.text())}`);
    const status = Number(statusLines[0].slice(9));
    assert.ok(status >= 400 && status < 500, `${method}: refused with a 4xx, got ${status}`);
    conn.socket.destroy();
  }
  await assertStillServes(t, server);
});

// ---------------------------------------------------------------------------
// Chunked bodies

test("a chunked body split at every boundary is read whole", { timeout: 20_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  // Two packets ("4hello", "4 42"), cut into chunks elsewhere than between them.
  const body = "4\r\n4hel\r\n7;ext=1\r\nlo\x1e4 42\r\n0\r\n\r\n";
  const messages = ["4hello", "4 42"];
  for (let split = 1; split < body.length; split += 1) {
    const path = await pollingSession(server);
    const conn = await rawTcp(server);
    conn.socket.setNoDelay(true);
    conn.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${body.slice(0, split)}`);
    await delay(15);
    conn.socket.write(body.slice(split));
    await waitUntil(() => parseResponses(conn.data).length === 1 || conn.socket.closed, 3000, `the answer (split at ${split})`);
    const [response] = parseResponses(conn.data);
    assert.ok(response, `split at ${split}: ${JSON.stringify(conn.text())}`);
    assert.equal(response.status, 200, `split at ${split}: ${JSON.stringify(conn.text())}`);
    conn.socket.destroy();
    const poll = await rawTcp(server);
    poll.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    await waitUntil(() => parseResponses(poll.data).length === 1, 3000, "the poll");
    assert.equal(parseResponses(poll.data)[0].body, messages.join("\x1e"), `split at ${split}`);
    poll.socket.destroy();
  }
  // And one byte per segment: a segment that lies wholly inside a chunk's data, then the rest.
  const path = await pollingSession(server);
  const conn = await rawTcp(server);
  conn.socket.setNoDelay(true);
  conn.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
  for (const byte of body) {
    await delay(5);
    conn.socket.write(byte);
  }
  await waitUntil(() => parseResponses(conn.data).length === 1 || conn.socket.closed, 3000, "the answer (byte by byte)");
  assert.equal(parseResponses(conn.data)[0]?.status, 200, `byte by byte: ${JSON.stringify(conn.text())}`);
  conn.socket.destroy();
});

test("chunk sizes that overflow the body limit or are not plain hex are refused", { timeout: 20_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  for (const chunks of ["1\r\nA\r\n7fffffffffffffff\r\n", "ffffffffffffffff\r\n", "0x10\r\n", "+10\r\n", "-1\r\n"]) {
    const path = await pollingSession(server);
    const conn = await rawTcp(server);
    conn.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`);
    // Endless data after the size: refused before 2 MB of it (twice maxHttpBufferSize).
    const block = Buffer.alloc(64 * 1024, 0x41);
    let sent = 0;
    while (!conn.socket.closed && parseResponses(conn.data).length === 0 && sent < 2_000_000) {
      if (!conn.socket.write(block)) await Promise.race([delay(20), conn.closed]);
      sent += block.length;
    }
    await Promise.race([conn.closed, waitUntil(() => parseResponses(conn.data).length > 0, 3000, "an answer").catch(() => {})]);
    const [response] = parseResponses(conn.data);
    assert.ok(
      (response && [400, 413].includes(response.status)) || (!response && conn.socket.closed),
      `${JSON.stringify(chunks)}: ${JSON.stringify(conn.text().slice(0, 200))} after ${sent} bytes`,
    );
    conn.socket.destroy();
  }
  await assertStillServes(t, server);
});

// ---------------------------------------------------------------------------
// Descriptors

/** User and system CPU time of a process so far, in seconds (/proc/<pid>/stat, 100 ticks/s). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function openDescriptors(pid) {
  return readdirSync(`/proc/${pid}/fd`).length;
}

test("running out of descriptors does not stop the server from accepting for good", { timeout: 30_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  await assertStillServes(t, server);
  await delay(200);
  const limit = openDescriptors(server.pid) + 40;
  const original = execFileSync("prlimit", [`--pid=${server.pid}`, "--nofile", "--output=SOFT", "--noheadings"])
    .toString()
    .trim();
  execFileSync("prlimit", [`--pid=${server.pid}`, `--nofile=${limit}:`]);
  const held = [];
  t.after(() => held.forEach((conn) => conn.socket.destroy()));
  for (let i = 0; i < 64; i += 1) held.push(await rawTcp(server));
  // Each asks for a handshake: the first ones get one, the rest wait or are closed.
  for (const conn of held) conn.socket.write(`GET ${pollPath({ EIO: "4", transport: "polling" })} HTTP/1.1\r\nHost: x\r\n\r\n`);
  await delay(300);
  // Out of descriptors, the server neither stops nor spins: under half a core meanwhile.
  const before = cpuSeconds(server.pid);
  await delay(1000);
  const spent = cpuSeconds(server.pid) - before;
  const answered = held.filter((conn) => parseResponses(conn.data).length > 0).length;
  assert.ok(answered < held.length, `all ${held.length} were answered: the limit did not bite`);
  assert.ok(spent < 0.5, `${spent.toFixed(2)} s of CPU in one second while out of descriptors`);
  for (const conn of held.splice(0)) conn.socket.destroy();
  await delay(300);
  execFileSync("prlimit", [`--pid=${server.pid}`, `--nofile=${original}:`]);
  await assertStillServes(t, server);
});

// ---------------------------------------------------------------------------
// WebSocket frames

/** A masked client frame. */
function clientFrame(opcode, payload, { fin = true, rsv = 0, length } = {}) {
  const data = Buffer.from(payload);
  const size = length ?? data.length;
  let header;
  if (size < 126) {
    header = Buffer.from([(fin ? 0x80 : 0) | rsv | opcode, 0x80 | size]);
  } else if (size < 65536) {
    header = Buffer.alloc(4);
    header[0] = (fin ? 0x80 : 0) | rsv | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(size, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = (fin ? 0x80 : 0) | rsv | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(size), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.from(data);
  for (let i = 0; i < masked.length; i += 1) masked[i] ^= mask[i % 4];
  return Buffer.concat([header, mask, masked]);
}

/** The server's frames in `data` after the 101 head: [{ opcode, payload }]. */
function serverFrames(data) {
  let at = data.indexOf("\r\n\r\n") + 4;
  const frames = [];
  while (at + 2 <= data.length) {
    const opcode = data[at] & 0x0f;
    let length = data[at + 1] & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      if (offset + 2 > data.length) break;
      length = data.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      if (offset + 8 > data.length) break;
      length = Number(data.readBigUInt64BE(offset));
      offset += 8;
    }
    if (offset + length > data.length) break;
    frames.push({ opcode, payload: data.subarray(offset, offset + length) });
    at = offset + length;
  }
  return frames;
}

async function rawWebSocket(server) {
  const conn = await rawTcp(server);
  const key = randomBytes(16).toString("base64");
  conn.socket.write(
    `GET ${pollPath({ EIO: "4", transport: "websocket" })} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  await waitUntil(() => serverFrames(conn.data).length >= 1, 3000, "the open packet");
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  assert.match(conn.text(), new RegExp(`Sec-WebSocket-Accept: ${accept.replace(/[+/]/g, "\\$&")}`, "i"));
  return conn;
}

const closeCode = (frame) => (frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null);

test("a message before a protocol violation in the same segment is delivered, then 1002", { timeout: 15_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  for (const [name, bad] of [
    ["reserved bit", clientFrame(0x1, "4x", { rsv: 0x40 })],
    ["reserved opcode", clientFrame(0x3, "4x")],
    ["stray continuation", clientFrame(0x0, "4x")],
  ]) {
    const conn = await rawWebSocket(server);
    conn.socket.write(Buffer.concat([clientFrame(0x1, "4before"), bad]));
    await Promise.race([conn.closed, delay(3000)]);
    const frames = serverFrames(conn.data).slice(1);
    const texts = frames.filter((f) => f.opcode === 0x1).map((f) => f.payload.toString());
    assert.deepEqual(texts, ["4before"], `${name}: ${JSON.stringify(frames.map((f) => [f.opcode, f.payload.toString()]))}`);
    const close = frames.find((f) => f.opcode === 0x8);
    assert.ok(close, `${name}: no close frame`);
    assert.equal(closeCode(close), 1002, name);
    conn.socket.destroy();
  }
});

test("a message over the limit while the client still sends gets 1009, not a reset", { timeout: 20_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  const conn = await rawWebSocket(server);
  let writeError = null;
  conn.socket.on("error", (error) => {
    writeError = error;
  });
  conn.socket.write(clientFrame(0x1, "", { length: 2 ** 33 }).subarray(0, 14));
  const block = Buffer.alloc(64 * 1024, 0x41);
  const until = Date.now() + 1500;
  while (Date.now() < until && !conn.socket.destroyed && !conn.socket.writableEnded) {
    if (!conn.socket.write(block)) await Promise.race([delay(5), conn.closed]);
    if (serverFrames(conn.data).some((f) => f.opcode === 0x8)) break;
  }
  await waitUntil(() => serverFrames(conn.data).some((f) => f.opcode === 0x8) || conn.socket.destroyed, 3000, "a close frame");
  const close = serverFrames(conn.data).find((f) => f.opcode === 0x8);
  assert.ok(close, `no close frame (socket error: ${writeError?.code})`);
  assert.equal(closeCode(close), 1009);
  conn.socket.destroy();
  await assertStillServes(t, server);
});

test("the reply to a close frame arrives although the client half-closed", { timeout: 15_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  const conn = await rawWebSocket(server);
  conn.socket.pause(); // read nothing while the server's answers pile up
  const pings = [];
  for (let i = 0; i < 30000; i += 1) pings.push(clientFrame(0x9, "p".repeat(125)));
  conn.socket.write(Buffer.concat([...pings, clientFrame(0x8, Buffer.from([0x03, 0xe8]))]));
  conn.socket.end();
  await delay(500);
  conn.socket.resume();
  await Promise.race([conn.closed, delay(5000)]);
  const frames = serverFrames(conn.data).slice(1);
  const last = frames.at(-1);
  assert.ok(last && last.opcode === 0x8, `the last frame is the close reply: ${frames.length} frames, last opcode ${last?.opcode}`);
  assert.equal(closeCode(last), 1000);
});
