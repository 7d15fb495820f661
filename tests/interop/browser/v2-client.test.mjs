// A Socket.IO 2 page in headless Chromium: the real socket.io-client 2.5.0
// browser build (npm alias socket.io-client-v2) against the Socket.IO test
// server with allowEIO3, over XHR long-polling, the upgrade and WebSocket.
//
//   SIO_SERVER=<build>/tests/interop/socketio/sio-test-server node --test v2-client.test.mjs
//   SIO_SERVER=../socketio/reference-server.mjs node --test v2-client.test.mjs
//
// The page is the server's own origin (its 404 page), so no CORS is involved;
// the client script is injected into it.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { chromium } from "playwright-core";
import { startServerProcess } from "../common/server-process.mjs";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const T = { timeout: 60_000 };
const require = createRequire(import.meta.url);
const CLIENT_JS = readFileSync(require.resolve("socket.io-client-v2/dist/socket.io.js"), "utf8");

async function openPage(t) {
  const server = await startServerProcess(t, {
    envVar: "SIO_SERVER",
    example: "<build>/tests/interop/socketio/sio-test-server",
    flags: ["--allow-eio3", "--root-auth"],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.url}/page`);
  await page.addScriptTag({ content: CLIENT_JS });
  assert.equal(await page.evaluate(() => typeof window.io), "function");
  return { server, page, errors };
}

// Runs in the page: connects, exercises one socket, and reports what it saw.
async function session({ nsp, transports, query }) {
  const within = (promise, what) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), 5000))]);
  const socket = io(nsp, { transports, query, forceNew: true, reconnection: false });
  const ask = (event, ...args) => within(new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply))), event);
  try {
    const welcome = await within(new Promise((resolve, reject) => {
      socket.once("welcome", resolve);
      socket.once("error", (err) => reject(new Error(`error: ${JSON.stringify(err)}`)));
    }), "welcome");
    const engineId = socket.io.engine.id;
    const [echoed] = await ask("ack", { text: "héllo 🚀" });
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const binary = await within(new Promise((resolve) => {
      socket.once("binary-echo", (label, data) => resolve([label, Array.from(new Uint8Array(data))]));
      socket.emit("binary-echo", "bytes", bytes.buffer);
    }), "binary-echo");
    socket.on("question", (n, cb) => cb(n + 1));
    const [error, answer] = await ask("server-ack", 2000);
    // Wait for the upgrade when it is allowed.
    if (transports.includes("websocket")) {
      const deadline = Date.now() + 3000;
      while (socket.io.engine.transport.name !== "websocket" && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [afterUpgrade] = await ask("ack", "after");
    const disconnected = within(new Promise((resolve) => socket.once("disconnect", resolve)), "disconnect");
    socket.emit("disconnect-me", false);
    return {
      id: socket.id === undefined ? null : socket.id,
      engineId,
      welcome,
      echoed,
      binary,
      error,
      answer,
      afterUpgrade,
      transport: socket.io.engine ? socket.io.engine.transport.name : null,
      reason: await disconnected,
    };
  } finally {
    socket.close();
  }
}

for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
  test(`a Socket.IO 2 page over ${transports.join(" then ")}: connect, acks, binary, disconnect`, T, async (t) => {
    const { server, page, errors } = await openPage(t);
    const seen = await page.evaluate(session, { nsp: "/custom", transports, query: { token: "secret" } });
    assert.equal(seen.welcome.id, `/custom#${seen.engineId}`);
    assert.equal(seen.welcome.nsp, "/custom");
    assert.deepEqual(seen.welcome.auth, { token: "secret" });
    assert.deepEqual(seen.echoed, { text: "héllo 🚀" });
    assert.deepEqual(seen.binary, ["bytes", [0, 1, 2, 255]]);
    assert.equal(seen.error, null);
    assert.deepEqual(seen.answer, [43]);
    assert.equal(seen.afterUpgrade, "after");
    assert.equal(seen.transport, transports.at(-1));
    assert.equal(seen.reason, "io server disconnect");
    // "/" was joined for the page as well: its middleware accepted the token of the Engine.IO URL.
    await server.waitForLine(`CONNECT / ${seen.engineId}`);
    await server.waitForLine(`DISCONNECT /custom /custom#${seen.engineId} server namespace disconnect`);
    assert.deepEqual(errors, []);
  });
}

test("a Socket.IO 2 page refused by / middleware sees the plain message", T, async (t) => {
  const { page, errors } = await openPage(t);
  const refusal = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const socket = io("/", { forceNew: true, reconnection: false });
        socket.once("error", (err) => {
          socket.close();
          resolve(err);
        });
        setTimeout(() => resolve("no error within 5 s"), 5000);
      }),
  );
  assert.equal(refusal, "unauthorized");
  assert.deepEqual(errors, []);
});
