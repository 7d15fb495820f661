// A page in headless Chromium with the msgpack build of socket.io-client 4.8
// (socket.io.msgpack.min.js, socket.io-msgpack-parser inside) as the server
// under test serves it, against that server started with --parser msgpack:
// auth, acks both ways, binary both ways, a broadcast, over XHR long-polling,
// the upgrade and WebSocket.
//
//   SIO_SERVER=<build>/tests/interop/socketio/sio-test-server node --test msgpack-client.test.mjs
//   SIO_SERVER=../socketio/reference-server.mjs node --test msgpack-client.test.mjs
//
// The page is the server's own origin (its 404 page), so no CORS is involved.

import assert from "node:assert/strict";
import { test } from "node:test";
import { chromium } from "playwright-core";
import { startServerProcess } from "../common/server-process.mjs";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const T = { timeout: 60_000 };

async function openPage(t) {
  const server = await startServerProcess(t, {
    envVar: "SIO_SERVER",
    example: "<build>/tests/interop/socketio/sio-test-server",
    flags: ["--parser", "msgpack", "--serve-client"],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.url}/page`);
  await page.addScriptTag({ url: "/socket.io/socket.io.msgpack.min.js" });
  assert.equal(await page.evaluate(() => typeof window.io), "function");
  return { server, page, errors };
}

// Runs in the page: two sockets on /custom, one of them exercised, and what they saw.
async function session({ transports }) {
  const within = (promise, what) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), 5000))]);
  const open = (auth) => {
    const socket = io("/custom", { transports, auth, forceNew: true, reconnection: false });
    socket.welcome = within(new Promise((resolve, reject) => {
      socket.once("welcome", resolve);
      socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
    }), "welcome");
    return socket;
  };
  const socket = open({ token: "page" });
  const other = open({ token: "other" });
  const ask = (event, ...args) => within(new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply))), event);
  const bytesOf = (buffer) => Array.from(new Uint8Array(buffer));
  try {
    const welcome = await socket.welcome;
    await other.welcome;
    const [echoed] = await ask("ack", { text: "héllo 🚀", n: 1.5 });
    const binary = await within(new Promise((resolve) => {
      socket.once("binary-echo", (label, data) => resolve([label, bytesOf(data.deep[0]), data.deep[0] instanceof ArrayBuffer]));
      socket.emit("binary-echo", "bytes", { deep: [new Uint8Array([0, 1, 2, 255]).buffer] });
    }), "binary-echo");
    socket.on("question", (n, cb) => cb(n + 1));
    const [error, answer] = await ask("server-ack", 2000);
    const news = within(new Promise((resolve) => other.once("news", (data) => resolve(bytesOf(data)))), "broadcast");
    socket.emit("broadcast", "news", new Uint8Array([7, 8]).buffer);
    const broadcast = await news;
    if (transports.includes("websocket")) {
      const deadline = Date.now() + 3000;
      while (socket.io.engine.transport.name !== "websocket" && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [afterUpgrade] = await ask("ack", "after");
    const disconnected = within(new Promise((resolve) => socket.once("disconnect", resolve)), "disconnect");
    socket.emit("disconnect-me", false);
    return {
      id: socket.id,
      welcome,
      echoed,
      binary,
      error,
      answer,
      broadcast,
      afterUpgrade,
      transport: socket.io.engine ? socket.io.engine.transport.name : null,
      reason: await disconnected,
    };
  } finally {
    socket.close();
    other.close();
  }
}

for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
  test(`a msgpack page over ${transports.join(" then ")}: auth, acks, binary, broadcast, disconnect`, T, async (t) => {
    const { server, page, errors } = await openPage(t);
    const seen = await page.evaluate(session, { transports });
    assert.equal(seen.welcome.id, seen.id);
    assert.equal(seen.welcome.nsp, "/custom");
    assert.deepEqual(seen.welcome.auth, { token: "page" });
    assert.deepEqual(seen.echoed, { text: "héllo 🚀", n: 1.5 });
    assert.deepEqual(seen.binary, ["bytes", [0, 1, 2, 255], true]);
    assert.equal(seen.error, null);
    assert.deepEqual(seen.answer, [43]);
    assert.deepEqual(seen.broadcast, [7, 8]);
    assert.equal(seen.afterUpgrade, "after");
    assert.equal(seen.transport, transports.at(-1));
    assert.equal(seen.reason, "io server disconnect");
    await server.waitForLine(`DISCONNECT /custom ${seen.id} server namespace disconnect`);
    assert.deepEqual(errors, []);
  });
}
