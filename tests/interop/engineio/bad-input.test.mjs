import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import {
  assertStillServes,
  connectClient,
  pollPath,
  rawHandshake,
  rawTcp,
  roundTrip,
  startServer,
  withTimeout,
} from "./harness.mjs";

/** Status code of the first HTTP response in `text`, or null. */
const statusOf = (text) => {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return match ? Number(match[1]) : null;
};

/**
 * Sends `bytes` on a fresh connection and waits until the server has closed
 * the connection or `until(text)` holds (by default: a status line arrived).
 * Resolves with { status, text, closed }.
 */
async function sendRaw(server, bytes, { until = (text) => statusOf(text) !== null, timeoutMs = 3000 } = {}) {
  const conn = await rawTcp(server);
  try {
    conn.socket.write(bytes);
    let closed = false;
    conn.closed.then(() => {
      closed = true;
    });
    const deadline = Date.now() + timeoutMs;
    while (!closed && !until(conn.text())) {
      if (Date.now() > deadline) throw new Error(`no answer after ${timeoutMs} ms; got ${JSON.stringify(conn.text())}`);
      await delay(10);
    }
    return { status: statusOf(conn.text()), text: conn.text(), closed };
  } finally {
    conn.socket.destroy();
  }
}

test("a garbage request head gets 400 or a closed connection, and the server keeps serving", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await sendRaw(server, "\x16\x03\x01garbage that is not HTTP\r\n\r\n");
  // Node's HTTP parser answers 400 and closes; closing without an answer is fine too.
  assert.ok(res.status === 400 || (res.status === null && res.closed), `got ${JSON.stringify(res.text)}`);
  await assertStillServes(t, server);
});

test("a request line without a valid method or version is refused", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await sendRaw(server, "BREW /engine.io/?EIO=4&transport=polling HTCPCP/1.0\r\n\r\n");
  assert.ok(res.status === 400 || res.status === 405 || res.status === 501 || (res.status === null && res.closed), `got ${JSON.stringify(res.text)}`);
  await assertStillServes(t, server);
});

test("a header block over 16 KiB gets 431 or a closed connection", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const head =
    "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
    `X-Padding: ${"p".repeat(20 * 1024)}\r\n\r\n`;
  const res = await sendRaw(server, head);
  // Node's HTTP layer answers 431; a server that just drops the connection
  // (or answers 400) protects itself equally well.
  assert.ok(
    [431, 400].includes(res.status) || (res.status === null && res.closed),
    `got ${JSON.stringify(res.text.slice(0, 200))}`,
  );
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECTION ")), "no session was created");
  await assertStillServes(t, server);
});

test("many header lines over 16 KiB in total get 431 or a closed connection", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  let head = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (let i = 0; i < 400; i += 1) head += `X-H${i}: ${"v".repeat(60)}\r\n`;
  const res = await sendRaw(server, `${head}\r\n`);
  assert.ok(
    [431, 400].includes(res.status) || (res.status === null && res.closed),
    `got ${JSON.stringify(res.text.slice(0, 200))}`,
  );
  await assertStillServes(t, server);
});

test("an invalid Content-Length is refused with 400 or a closed connection", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const res = await sendRaw(server, `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: banana\r\n\r\n4hi`);
  assert.ok(res.status === 400 || (res.status === null && res.closed), `got ${JSON.stringify(res.text)}`);
  await assertStillServes(t, server);
});

test("Content-Length together with Transfer-Encoding is refused (no request smuggling)", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const res = await sendRaw(
    server,
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n` +
      "3\r\n4hi\r\n0\r\n\r\n",
  );
  assert.ok(res.status === 400 || (res.status === null && res.closed), `got ${JSON.stringify(res.text)}`);
});

test("a client that sends a partial request head and stalls does not block others", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const stalled = [];
  for (let i = 0; i < 10; i += 1) {
    const conn = await rawTcp(server);
    t.after(() => conn.socket.destroy());
    conn.socket.write("GET /engine.io/?EIO=4&transport=pol");
    stalled.push(conn);
  }
  // A POST whose body never completes must not block either.
  const { open } = await rawHandshake(server);
  const slowBody = await rawTcp(server);
  t.after(() => slowBody.socket.destroy());
  slowBody.socket.write(
    `POST ${pollPath({ EIO: "4", transport: "polling", sid: open.sid })} HTTP/1.1\r\n` +
      "Host: 127.0.0.1\r\nContent-Length: 100\r\n\r\n4partial",
  );

  await withTimeout(assertStillServes(t, server), 3000, "serving a client next to stalled connections");
  const ws = await connectClient(t, server, { transports: ["websocket"] });
  assert.equal(await roundTrip(ws, "not blocked"), "not blocked");
});

test("pipelined requests on one connection are answered in order", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const conn = await rawTcp(server);
  t.after(() => conn.socket.destroy());
  const body = "4pipelined";
  conn.socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body}` +
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
  );
  const deadline = Date.now() + 3000;
  while ((conn.text().match(/HTTP\/1\.1 /g) ?? []).length < 2 || !conn.text().endsWith("4pipelined")) {
    if (Date.now() > deadline) throw new Error(`incomplete answers: ${JSON.stringify(conn.text())}`);
    await delay(10);
  }
  const text = conn.text();
  const first = text.indexOf("HTTP/1.1 200");
  const second = text.indexOf("HTTP/1.1 200", first + 1);
  assert.ok(first === 0 && second > 0, text);
  assert.match(text.slice(0, second), /\r\n\r\nok$/, "the POST is answered first");
  assert.match(text.slice(second), /\r\n\r\n4pipelined$/, "then the poll");
});

test("one keep-alive connection can carry a whole polling session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const conn = await rawTcp(server);
  t.after(() => conn.socket.destroy());

  // Sends one request and waits for its complete (Content-Length) response.
  const exchange = async (request) => {
    const start = conn.data.length;
    conn.socket.write(request);
    const deadline = Date.now() + 3000;
    for (;;) {
      const text = conn.data.subarray(start).toString("utf8");
      const headEnd = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(text);
      if (headEnd !== -1 && length && Buffer.byteLength(text.slice(headEnd + 4)) >= Number(length[1])) {
        return { status: statusOf(text), body: text.slice(headEnd + 4) };
      }
      if (Date.now() > deadline) throw new Error(`incomplete response: ${JSON.stringify(text)}`);
      await delay(10);
    }
  };

  const handshake = await exchange("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  assert.equal(handshake.status, 200);
  const { sid } = JSON.parse(handshake.body.slice(1));
  const path = pollPath({ EIO: "4", transport: "polling", sid });
  for (let i = 0; i < 3; i += 1) {
    const body = `4round-${i}`;
    const post = await exchange(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    assert.equal(post.status, 200);
    assert.equal(post.body, "ok");
    const poll = await exchange(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    assert.equal(poll.status, 200);
    assert.equal(poll.body, body);
  }
});

test("a chunked POST body is accepted", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--ping-interval", "5000", "--ping-timeout", "5000"]);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const res = await sendRaw(
    server,
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n` +
      "3\r\n4ch\r\n5\r\nunked\r\n0\r\n\r\n",
  );
  // engine.io reads any HTTP/1.1 body; refusing with 411 Length Required is
  // also valid HTTP, as browsers always send a Content-Length for XHR/fetch.
  assert.ok([200, 411].includes(res.status), `got ${JSON.stringify(res.text)}`);
});

test("a request for an unknown sid over raw TCP gets the JSON error", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await sendRaw(
    server,
    `GET ${pollPath({ EIO: "4", transport: "polling", sid: "x".repeat(20) })} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    { until: (text) => text.includes("}") },
  );
  assert.equal(res.status, 400);
  assert.match(res.text, /\{"code":1,"message":"Session ID unknown"\}|"message":\s*"Session ID unknown"/);
});
