// Published engine.io attacks and the ways around maxHttpBufferSize, against
// a server started with --max-http-buffer-size 1000. Polling requests go
// through node:http, hostile WebSocket frames and upgrade requests through
// raw TCP. A socket.io-client bystander stays connected through every case
// and must still get its ack.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { pollPath, rawPollingHandshake, rawRequest, waitUntil } from "../socketio/harness.mjs";
import { RawTcpWs, bystander, rawExchange, startServer, wsFrame } from "./common.mjs";

const T = { timeout: 60_000 };
// Set for the run against Node's reference server (see CMakeLists.txt).
const REFERENCE = Boolean(process.env.SIO_REFERENCE);
const LIMIT = 1000;
const FLAGS = ["--max-http-buffer-size", String(LIMIT)];

/** A POST to a fresh polling session; resolves with { status, sid, path }. */
async function postToNewSession(server, body) {
  const { sid } = await rawPollingHandshake(server);
  const path = pollPath({ sid });
  const post = await rawRequest(server, { method: "POST", path, body });
  return { status: post.status, sid, path };
}

/**
 * The session was closed by the server: a later request names an unknown
 * session. Ours closes it as a transport error at once; Node's engine.io
 * only answers 413 and lets the session die of its ping timeout (2.3 s
 * with the test server's timings), so the reason is checked on ours only.
 */
async function expectSessionGone(server, sid, path) {
  const line = await server.waitForLine(new RegExp(`^ENGINE_CLOSE ${sid} `), 5000);
  if (!REFERENCE) assert.equal(line, `ENGINE_CLOSE ${sid} transport error`);
  const after = await rawRequest(server, { path });
  assert.equal(after.status, 400);
  assert.deepEqual(JSON.parse(after.text), { code: 1, message: "Session ID unknown" });
}

// engine.io 4.0.0 (CVE-2020-36048): a huge polling POST was buffered whole
// before any check. A body over maxHttpBufferSize answers 413 and ends the
// session; the many-packets and base64 forms are the same bytes-on-the-wire
// limit (the payload is limited, not each packet nor the decoded size).
test("CVE-2020-36048: polling bodies over maxHttpBufferSize answer 413 and end the session", T, async (t) => {
  const server = await startServer(t, FLAGS);
  const other = await bystander(server);
  const cases = [
    ["one packet of 1 MB", `4${"x".repeat(1_000_000)}`],
    ["many small packets adding up past the limit", Array.from({ length: 300 }, () => "4abc").join("\x1e")],
    ["base64 binary packet whose text form passes the limit", `b${randomBytes(760).toString("base64")}`],
  ];
  for (const [name, body] of cases) {
    await t.test(name, async () => {
      assert.ok(Buffer.byteLength(body) > LIMIT);
      const { status, sid, path } = await postToNewSession(server, body);
      assert.equal(status, 413);
      await expectSessionGone(server, sid, path);
      await other.check();
    });
  }
  // Just under the limit in the same three forms: accepted.
  for (const body of ["4" + "x".repeat(LIMIT - 1), Array.from({ length: 200 }, () => "4ab").join("\x1e"), `b${randomBytes(740).toString("base64")}`]) {
    assert.ok(Buffer.byteLength(body) <= LIMIT);
    assert.equal((await postToNewSession(server, body)).status, 200);
  }
  await other.check();
});

test("CVE-2020-36048: a WebSocket message fragmented into many small frames is limited as a whole", T, async (t) => {
  const server = await startServer(t, FLAGS);
  const other = await bystander(server);
  const ws = await RawTcpWs.open(server);
  // 30 frames of 50 bytes: each small, 1500 bytes together.
  ws.write(wsFrame(1, `4${"x".repeat(49)}`, { fin: false }));
  for (let i = 0; i < 28; i++) ws.write(wsFrame(0, "x".repeat(50), { fin: false }));
  ws.write(wsFrame(0, "x".repeat(50)));
  await ws.closed;
  assert.equal(ws.closeCode(), 1009);
  await other.check();

  // The same under the limit (20 frames, 1000 bytes) is one message.
  const ok = await RawTcpWs.open(server);
  ok.write(wsFrame(1, '42["ec', { fin: false }));
  ok.write(wsFrame(0, 'ho","', { fin: false }));
  for (let i = 0; i < 17; i++) ok.write(wsFrame(0, "y".repeat(50), { fin: false }));
  ok.write(wsFrame(0, '"]'));
  // Not joined to "/": the event packet closes the connection, which shows
  // that the message was reassembled and decoded rather than refused as too big.
  await ok.closed;
  assert.notEqual(ok.closeCode(), 1009);
  await other.check();
});

// engine.io 6.1.1 (CVE-2022-21676): a malformed WebSocket message (invalid
// UTF-8 in a text frame) threw out of the receiver. Protocol violations
// close that connection (with or without a close frame) and nothing else.
const BAD_FRAMES = [
  ["text frame with invalid UTF-8", [wsFrame(1, Buffer.from([0x34, 0xff, 0xfe, 0xc3]))]],
  ["text frame with a truncated UTF-8 sequence", [wsFrame(1, Buffer.from([0x34, 0xe2, 0x82]))]],
  ["UTF-8 split across fragments, never completed", [wsFrame(1, Buffer.from([0x34, 0xe2]), { fin: false }), wsFrame(0, Buffer.from([0x28]))]],
  ["unmasked client frame", [wsFrame(1, "4hello", { mask: false })]],
  ["reserved bits set (no extension negotiated)", [wsFrame(1, "4hello", { rsv: 4 })]],
  ["reserved opcode 3", [wsFrame(3, "4hello")]],
  ["reserved control opcode 11", [wsFrame(11, "")]],
  ["fragmented ping", [wsFrame(9, "a", { fin: false })]],
  ["ping with a 126-byte payload", [wsFrame(9, "p".repeat(126))]],
  ["continuation frame with nothing to continue", [wsFrame(0, "4hello")]],
  ["new text frame inside a fragmented message", [wsFrame(1, "4a", { fin: false }), wsFrame(1, "4b")]],
  ["close frame with a 1-byte payload", [wsFrame(8, Buffer.from([3]))]],
  ["close frame with invalid UTF-8 reason", [wsFrame(8, Buffer.from([0x03, 0xe8, 0xff]))]],
  ["64-bit length with the top bit set", [Buffer.from([0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])]],
];

test("CVE-2022-21676: malformed WebSocket frames close only their connection", T, async (t) => {
  const server = await startServer(t, FLAGS);
  const other = await bystander(server);
  for (const [name, frames] of BAD_FRAMES) {
    await t.test(name, async () => {
      const ws = await RawTcpWs.open(server);
      for (const frame of frames) ws.write(frame);
      await ws.closed;
      const code = ws.closeCode();
      assert.ok(code === null || [1002, 1007, 1009].includes(code), `close code ${code}`);
      assert.deepEqual(ws.texts().filter((text) => !text.startsWith("0")), [], "no packet was answered");
      await other.check();
    });
  }
});

// engine.io 6.2.1 (CVE-2022-41940): a specially crafted upgrade request
// made the server destroy a socket that then threw. Every malformed upgrade
// is refused with an HTTP error (never 101), nothing else is disturbed.
const upgrade = (path, extra = []) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra.join("\r\n")}${extra.length ? "\r\n" : ""}\r\n`;
const KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";
const V13 = "Sec-WebSocket-Version: 13";
const WS = "/socket.io/?EIO=4&transport=websocket";
const BAD_UPGRADES = [
  ["no Sec-WebSocket-Key", upgrade(WS, [V13])],
  ["Sec-WebSocket-Key that is not 16 bytes", upgrade(WS, ["Sec-WebSocket-Key: c2hvcnQ=", V13])],
  ["unsupported Sec-WebSocket-Version", upgrade(WS, [KEY, "Sec-WebSocket-Version: 7"])],
  ["unknown session id", upgrade(`${WS}&sid=AAAAAAAAAAAAAAAAAAAA`, [KEY, V13])],
  ["unknown transport", upgrade("/socket.io/?EIO=4&transport=flash", [KEY, V13])],
  ["POST with upgrade headers and a body", `POST ${WS} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${KEY}\r\n${V13}\r\nContent-Length: 4\r\n\r\nabcd`],
];

test("CVE-2022-41940: malformed upgrade requests are refused", T, async (t) => {
  const server = await startServer(t, FLAGS);
  const other = await bystander(server);
  for (const [name, bytes] of BAD_UPGRADES) {
    await t.test(name, async () => {
      const { text, statuses } = await rawExchange(server, bytes);
      assert.equal(statuses.length, 1, text);
      assert.ok(statuses[0] >= 400 && statuses[0] < 500, text);
      await other.check();
    });
  }
  // Node's ws completes the handshake (101) before engine.io checks EIO=9,
  // then writes its 400 on the upgraded socket; ours answers 400 alone.
  // Either way no session opens; the strict answer is checked on ours only.
  const eio9 = await rawExchange(server, upgrade("/socket.io/?EIO=9&transport=websocket", [KEY, V13]));
  assert.ok(!eio9.text.includes('"sid"'), eio9.text);
  assert.ok(eio9.closed, eio9.text);
  if (!REFERENCE) assert.deepEqual(eio9.statuses, [400], eio9.text);
  // Upgrading a polling session with a wrong key, then the upgrade torn down
  // half-way: the polling session carries on.
  const { sid } = await rawPollingHandshake(server);
  const half = await rawExchange(server, upgrade(`${WS}&sid=${sid}`, [V13]).slice(0, -10), 100);
  assert.deepEqual(half.statuses, []);
  const post = await rawRequest(server, { method: "POST", path: pollPath({ sid }), body: "2probe" });
  assert.equal(post.status, 200);
  await other.check();
  await waitUntil(() => server.count(/^ENGINE_CONNECTION /) === 2, 3000, "only the bystander and the polling session");
});
