import assert from "node:assert/strict";
import { test } from "node:test";
import { pollPath, rawRequest, startServer } from "./harness.mjs";

const GOOD = "http://good.example";
const ALSO_GOOD = "http://also-good.example:8080";
const EVIL = "http://evil.example";
const HANDSHAKE = pollPath({ EIO: "4", transport: "polling" });

/** A comma-separated header value as a lower-case set (order and spacing are free). */
const headerSet = (value) =>
  new Set((value ?? "").split(",").map((item) => item.trim().toLowerCase()).filter(Boolean));

const preflight = (server, origin, requestHeaders) =>
  rawRequest(server, {
    method: "OPTIONS",
    path: HANDSHAKE,
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      ...(requestHeaders ? { "Access-Control-Request-Headers": requestHeaders } : {}),
    },
  });

test("CORS preflight from an allowed origin answers 204 with the allow headers", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cors-origin", GOOD, "--cors-origin", ALSO_GOOD]);
  const res = await preflight(server, GOOD, "content-type, x-custom");

  assert.equal(res.status, 204);
  assert.equal(res.text, "");
  assert.equal(res.headers["access-control-allow-origin"], GOOD);
  assert.deepEqual(headerSet(res.headers["access-control-allow-methods"]), headerSet("GET,HEAD,PUT,PATCH,POST,DELETE"));
  // The requested headers are allowed (the reference reflects them).
  assert.deepEqual(headerSet(res.headers["access-control-allow-headers"]), headerSet("content-type, x-custom"));
  assert.ok(headerSet(res.headers.vary).has("origin"), `Vary: ${res.headers.vary}`);
  // Without --cors-credentials there is no credentials header.
  assert.equal(res.headers["access-control-allow-credentials"], undefined);
});

test("CORS preflight matches each configured origin exactly", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cors-origin", GOOD, "--cors-origin", ALSO_GOOD]);
  const second = await preflight(server, ALSO_GOOD);
  assert.equal(second.status, 204);
  assert.equal(second.headers["access-control-allow-origin"], ALSO_GOOD);

  // A different port or scheme is a different origin.
  for (const origin of ["http://also-good.example", "https://good.example", "http://good.example.evil.example"]) {
    const res = await preflight(server, origin);
    assert.equal(res.headers["access-control-allow-origin"], undefined, `origin ${origin} must not be allowed`);
  }
});

test("CORS preflight from a disallowed origin gets no allow-origin header", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cors-origin", GOOD]);
  const res = await preflight(server, EVIL, "content-type");
  assert.equal(res.status, 204);
  assert.equal(res.headers["access-control-allow-origin"], undefined);
});

test("CORS with credentials echoes the origin exactly and allows credentials", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cors-origin", GOOD, "--cors-credentials"]);

  const pre = await preflight(server, GOOD, "content-type");
  assert.equal(pre.status, 204);
  assert.equal(pre.headers["access-control-allow-origin"], GOOD);
  assert.equal(pre.headers["access-control-allow-credentials"], "true");

  const handshake = await rawRequest(server, { path: HANDSHAKE, headers: { Origin: GOOD } });
  assert.equal(handshake.status, 200);
  assert.equal(handshake.headers["access-control-allow-origin"], GOOD);
  assert.equal(handshake.headers["access-control-allow-credentials"], "true");
  assert.ok(headerSet(handshake.headers.vary).has("origin"), `Vary: ${handshake.headers.vary}`);
  assert.match(handshake.text, /^0\{/);
});

test("CORS headers are on the polling GET and POST responses of a session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cors-origin", GOOD]);
  const handshake = await rawRequest(server, { path: HANDSHAKE, headers: { Origin: GOOD } });
  assert.equal(handshake.headers["access-control-allow-origin"], GOOD);
  const { sid } = JSON.parse(handshake.text.slice(1));
  const path = pollPath({ EIO: "4", transport: "polling", sid });

  const post = await rawRequest(server, { method: "POST", path, headers: { Origin: GOOD }, body: "4hi" });
  assert.equal(post.status, 200);
  assert.equal(post.headers["access-control-allow-origin"], GOOD);

  const poll = await rawRequest(server, { path, headers: { Origin: GOOD } });
  assert.equal(poll.status, 200);
  assert.equal(poll.headers["access-control-allow-origin"], GOOD);
  assert.equal(poll.text, "4hi");
});

test("CORS headers are on error responses too", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cors-origin", GOOD]);
  const res = await rawRequest(server, {
    path: pollPath({ EIO: "4", transport: "foo" }),
    headers: { Origin: GOOD },
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers["access-control-allow-origin"], GOOD);
  assert.deepEqual(JSON.parse(res.text), { code: 0, message: "Transport unknown" });
});

test("a disallowed origin still gets a session but no allow-origin header", { timeout: 10_000 }, async (t) => {
  // The browser enforces CORS; the server only withholds the header.
  const server = await startServer(t, ["--cors-origin", GOOD, "--cors-credentials"]);
  const res = await rawRequest(server, { path: HANDSHAKE, headers: { Origin: EVIL } });
  assert.equal(res.status, 200);
  assert.equal(res.headers["access-control-allow-origin"], undefined);
  assert.match(res.text, /^0\{/);
});

test("without --cors-origin no CORS headers are sent", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const res = await rawRequest(server, { path: HANDSHAKE, headers: { Origin: GOOD } });
  assert.equal(res.status, 200);
  for (const name of Object.keys(res.headers)) {
    assert.ok(!name.startsWith("access-control-"), `unexpected header ${name}`);
  }
});
