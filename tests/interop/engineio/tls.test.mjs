import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, after, test } from "node:test";
import { promisify } from "node:util";
import { WebSocket } from "ws";
import { connectClient, nextEvent, openClient, rawHandshake, roundTrip, startServer, toBuffer } from "./harness.mjs";

const run = promisify(execFile);

let certDir;
let tlsFlags;

before(async () => {
  certDir = await mkdtemp(join(tmpdir(), "eio-tls-"));
  const cert = join(certDir, "cert.pem");
  const key = join(certDir, "key.pem");
  await run(
    "openssl",
    [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes",
      "-subj", "/CN=localhost",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-days", "1",
      "-keyout", key,
      "-out", cert,
    ],
    { timeout: 20_000 },
  );
  tlsFlags = ["--tls", cert, key];
});

after(async () => {
  if (certDir) await rm(certDir, { recursive: true, force: true });
});

test("TLS: raw HTTPS polling handshake", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, tlsFlags);
  assert.ok(server.url.startsWith("https://"));
  const { open, res } = await rawHandshake(server);
  assert.equal(res.status, 200);
  assert.deepEqual(open.upgrades, ["websocket"]);
});

test("TLS: polling client echoes text and binary", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, tlsFlags);
  const socket = await connectClient(t, server, { transports: ["polling"] });
  assert.equal(await roundTrip(socket, "secure hello"), "secure hello");
  assert.deepEqual(toBuffer(await roundTrip(socket, Buffer.from([1, 2, 3]))), Buffer.from([1, 2, 3]));
  await server.waitForLine(`CONNECTION ${socket.id} polling`);
});

test("TLS: websocket client echoes text and binary", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, tlsFlags);
  const socket = await connectClient(t, server, { transports: ["websocket"] });
  assert.equal(await roundTrip(socket, "secure hello"), "secure hello");
  assert.deepEqual(toBuffer(await roundTrip(socket, Buffer.from([4, 5, 6]))), Buffer.from([4, 5, 6]));
  await server.waitForLine(`CONNECTION ${socket.id} websocket`);
});

test("TLS: default client upgrades to wss", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, tlsFlags);
  const socket = openClient(t, server);
  await nextEvent(socket, "upgrade");
  assert.equal(await roundTrip(socket, "upgraded"), "upgraded");
  await server.waitForLine(`UPGRADE ${socket.id} websocket`);
});

test("TLS: a client that verifies certificates rejects the self-signed one", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, tlsFlags);
  const ws = new WebSocket(`wss://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`);
  const [error] = await nextEvent(ws, "error");
  assert.match(error.message, /self[- ]signed/i);
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECTION ")));
});

test("TLS: plain HTTP to the TLS port does not get a session", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, tlsFlags);
  const plain = { port: server.port, secure: false };
  // Node answers plain HTTP on a TLS port with "400 Bad Request" or drops
  // the connection; either way no session is created.
  const outcome = await rawHandshake(plain).then(
    () => "handshake",
    (error) => error.message,
  );
  assert.notEqual(outcome, "handshake");
  assert.ok(!server.lines.some((line) => line.startsWith("CONNECTION ")));
});
