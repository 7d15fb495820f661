// HTTP request smuggling patterns against the HTTP/1.1 front, sent as raw
// bytes on a TCP connection. Every request carries a second request behind
// it: a polling handshake, whose answer (an open packet with a "sid") would
// show that the trailing bytes were processed as a request of their own.
//
// An ambiguous message (two framings, an obfuscated Transfer-Encoding,
// malformed chunks, bad characters) must be answered 400 and the connection
// closed, with nothing after it read. Messages with one unambiguous framing
// are answered, and what follows is the next pipelined request: that case
// checks that the framing used was the declared one. Node's HTTP parser
// (llhttp) behaves the same on every case here but one (absolute-form,
// noted there).

import assert from "node:assert/strict";
import { test } from "node:test";
import { bystander, rawExchange, startServer } from "./common.mjs";

const T = { timeout: 30_000 };

const NEXT = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n";
// The first request targets an unknown session, so its own answer is a 400
// (with a JSON body) and never contains an open packet.
const PATH = "/socket.io/?EIO=4&transport=polling&sid=unknown";
const post = (headers, body) => `POST ${PATH} HTTP/1.1\r\nHost: x\r\n${headers.join("\r\n")}\r\n\r\n${body}${NEXT}`;

// Each case: the bytes sent; the front must answer one 400 and close.
const REJECTED = [
  ["CL.TE: Content-Length and Transfer-Encoding together", post(["Content-Length: 4", "Transfer-Encoding: chunked"], "0\r\n\r\n")],
  ["TE.CL: Transfer-Encoding before Content-Length", post(["Transfer-Encoding: chunked", "Content-Length: 4"], "0\r\n\r\n")],
  ["duplicate Content-Length, smaller first", post(["Content-Length: 0", `Content-Length: ${NEXT.length}`], "")],
  ["duplicate Content-Length, larger first", post([`Content-Length: ${NEXT.length}`, "Content-Length: 0"], "")],
  ["Content-Length list with different values", post([`Content-Length: 0, ${NEXT.length}`], "")],
  ["negative Content-Length", post(["Content-Length: -1"], "")],
  ["Content-Length with a sign", post(["Content-Length: +0"], "")],
  ["Transfer-Encoding: xchunked", post(["Transfer-Encoding: xchunked"], "0\r\n\r\n")],
  ["Transfer-Encoding: chunked, identity (chunked not last)", post(["Transfer-Encoding: chunked, identity"], "0\r\n\r\n")],
  ["Transfer-Encoding: identity with a Content-Length", post(["Transfer-Encoding: identity", "Content-Length: 5"], "0\r\n\r\n")],
  ["two Transfer-Encoding headers, chunked then identity", post(["Transfer-Encoding: chunked", "Transfer-Encoding: identity"], "0\r\n\r\n")],
  ["space before the colon (Transfer-Encoding : chunked)", post(["Transfer-Encoding : chunked"], "0\r\n\r\n")],
  ["header line starting with a space", post([" Transfer-Encoding: chunked"], "0\r\n\r\n")],
  ["obs-fold: Transfer-Encoding value on a continuation line", post(["Transfer-Encoding:", " chunked"], "0\r\n\r\n")],
  ["space inside a header name", post(["Content Length: 0"], "")],
  ["NUL in a header value", post(["X-A: a\x00b", "Content-Length: 0"], "")],
  ["bare LF line endings with a body", `POST ${PATH} HTTP/1.1\nHost: x\nContent-Length: 3\n\n40\n${NEXT}`],
  ["bare CR line endings", `POST ${PATH} HTTP/1.1\rHost: x\rContent-Length: 0\r\r${NEXT}`],
  ["chunk size that is not hex", post(["Transfer-Encoding: chunked"], "zz\r\n40\r\n0\r\n\r\n")],
  ["negative chunk size", post(["Transfer-Encoding: chunked"], "-2\r\n40\r\n0\r\n\r\n")],
  ["chunk size with a 0x prefix", post(["Transfer-Encoding: chunked"], "0x2\r\n40\r\n0\r\n\r\n")],
  ["chunk size overflowing 64 bits", post(["Transfer-Encoding: chunked"], "ffffffffffffffffff1\r\n40\r\n0\r\n\r\n")],
  ["chunk lines ending in bare LF", post(["Transfer-Encoding: chunked"], "2\n40\n0\n\n")],
  ["control character in the request target", `GET ${PATH}\x01 HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}`],
  ["space inside the request target", `GET /socket.io/ ?EIO=4 HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}`],
  ["unknown HTTP version 1.2", `GET ${PATH} HTTP/1.2\r\nHost: x\r\n\r\n${NEXT}`],
];

test("HTTP smuggling: ambiguous or malformed framing is answered 400 and closed", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  for (const [name, bytes] of REJECTED) {
    await t.test(name, async () => {
      const { text, statuses, closed } = await rawExchange(server, bytes);
      assert.deepEqual(statuses, [400], text);
      assert.ok(closed, "the connection is closed after the 400");
      assert.ok(!text.includes('"sid"'), "the trailing request was not processed");
    });
  }
  await other.check();
  // The only Engine.IO connection ever opened is the bystander's.
  assert.equal(server.count(/^ENGINE_CONNECTION /), 1, JSON.stringify(server.lines));
});

// Each case: the bytes sent (a first request whose framing is unambiguous,
// then NEXT): both are answered, in order, on the kept-alive connection.
const PIPELINED = [
  ["Content-Length: 0, then a pipelined request", post(["Content-Length: 0"], "")],
  ["Transfer-Encoding with two spaces before chunked", post(["Transfer-Encoding:  chunked"], "0\r\n\r\n")],
  ["Transfer-Encoding with a tab before chunked", post(["Transfer-Encoding:\tchunked"], "0\r\n\r\n")],
  ["chunk extension (2;ext=1) is skipped", post(["Transfer-Encoding: chunked"], "2;ext=1\r\n40\r\n0\r\n\r\n")],
];

test("HTTP smuggling: unambiguous framing keeps the next request a separate one", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  for (const [name, bytes] of PIPELINED) {
    await t.test(name, async () => {
      const { text, statuses } = await rawExchange(server, bytes);
      assert.deepEqual(statuses, [400, 200], text);
      // The first answer is the unknown-session error, the second the handshake.
      const [first, second] = text.split(/(?=HTTP\/1\.1 200 )/);
      assert.match(first, /"message":"Session ID unknown"/);
      assert.match(second, /\r\n\r\n0\{"sid":/);
    });
  }
  await other.check();
});

// Node answers 404 to an absolute-form target (its engine.io matches the raw
// URL against the path); our front takes the path of the absolute URL, as
// RFC 9112 3.2.2 asks of a server. Either way the request ends where its
// framing says, so the pipelined request is answered as the second one.
test("HTTP smuggling: absolute-form request target", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const { text, statuses } = await rawExchange(
    server,
    `GET http://127.0.0.1${PATH} HTTP/1.1\r\nHost: x\r\n\r\n${NEXT}`,
  );
  assert.equal(statuses.length, 2, text);
  assert.ok([400, 404].includes(statuses[0]), text);
  assert.equal(statuses[1], 200, text);
  await other.check();
});
