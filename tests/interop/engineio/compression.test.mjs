import assert from "node:assert/strict";
import { test } from "node:test";
import { gunzipSync, inflateSync } from "node:zlib";
import { pollPath, rawHandshake, rawRequest, startServer } from "./harness.mjs";

const QUIET = ["--ping-interval", "5000", "--ping-timeout", "5000"];

/** Posts `message` on a fresh session and polls its echo with the given request headers. */
async function echoPoll(server, message, headers) {
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const post = await rawRequest(server, { method: "POST", path, body: `4${message}` });
  assert.equal(post.status, 200);
  return rawRequest(server, { path, headers });
}

test("a polling response over the threshold is gzip-compressed when accepted", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const message = "compress me ".repeat(200);
  const res = await echoPoll(server, message, { "Accept-Encoding": "gzip, deflate" });

  assert.equal(res.status, 200);
  assert.equal(res.headers["content-encoding"], "gzip");
  assert.equal(res.headers["content-type"], "text/plain; charset=UTF-8");
  assert.ok(res.body.length < message.length, "the body is smaller than the payload");
  assert.equal(gunzipSync(res.body).toString("utf8"), `4${message}`);
});

test("deflate is used when it is the only accepted encoding", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const message = "deflate me ".repeat(200);
  const res = await echoPoll(server, message, { "Accept-Encoding": "deflate" });
  assert.equal(res.headers["content-encoding"], "deflate");
  assert.equal(inflateSync(res.body).toString("utf8"), `4${message}`);
});

test("a polling response under the threshold is not compressed", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const message = "small";
  const res = await echoPoll(server, message, { "Accept-Encoding": "gzip" });
  assert.equal(res.headers["content-encoding"], undefined);
  assert.equal(res.text, `4${message}`);
});

test("without Accept-Encoding a large polling response is sent plain", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const message = "x".repeat(5000);
  const res = await echoPoll(server, message, {});
  assert.equal(res.headers["content-encoding"], undefined);
  assert.equal(res.headers["content-length"], String(message.length + 1));
  assert.equal(res.text, `4${message}`);
});

test("an unsupported encoding gets a plain response", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, QUIET);
  const message = "x".repeat(5000);
  const res = await echoPoll(server, message, { "Accept-Encoding": "br" });
  assert.equal(res.headers["content-encoding"], undefined);
  assert.equal(res.text, `4${message}`);
});

test("--http-compression-threshold sets the threshold", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, [...QUIET, "--http-compression-threshold", "100"]);
  const compressed = await echoPoll(server, "y".repeat(200), { "Accept-Encoding": "gzip" });
  assert.equal(compressed.headers["content-encoding"], "gzip");
  assert.equal(gunzipSync(compressed.body).toString("utf8"), `4${"y".repeat(200)}`);

  const plain = await echoPoll(server, "y".repeat(50), { "Accept-Encoding": "gzip" });
  assert.equal(plain.headers["content-encoding"], undefined);
  assert.equal(plain.text, `4${"y".repeat(50)}`);
});

test("the threshold counts UTF-8 bytes of the payload", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, [...QUIET, "--http-compression-threshold", "100"]);
  // 40 characters, 120 bytes in UTF-8: over a 100-byte threshold.
  const message = "€".repeat(40);
  const res = await echoPoll(server, message, { "Accept-Encoding": "gzip" });
  assert.equal(res.headers["content-encoding"], "gzip");
  assert.equal(gunzipSync(res.body).toString("utf8"), `4${message}`);
});
