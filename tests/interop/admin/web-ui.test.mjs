// The official web UI of @socket.io/admin-ui (the npm package's own ui/dist,
// served here from 127.0.0.1) in headless Chromium against the server under
// test (ADMIN_SERVER: the C++ admin-test-server, or reference-server.mjs).
// The page logs in through its connection form, shows our sockets and rooms,
// and its disconnect button drops a real client.
//
// The UI never sends the `emit` command (its handler is empty in 0.5.1), so an
// emit is checked with socket.io-client in admin.test.mjs instead. Requests
// that would leave 127.0.0.1 (the page's web fonts) are refused.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import bcrypt from "bcryptjs";
import { chromium } from "playwright-core";
import { io } from "socket.io-client";
import { HOST, startServerProcess, withTimeout } from "../common/server-process.mjs";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const require = createRequire(import.meta.url);
const UI_DIST = join(dirname(require.resolve("@socket.io/admin-ui/package.json")), "ui", "dist");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };
const WAIT_MS = 10_000;

/** Serves the UI's files on 127.0.0.1; closed when the test ends. */
async function serveUi(t) {
  const web = createServer(async (req, res) => {
    const asked = normalize(new URL(req.url, "http://x").pathname).replace(/^(\.\.[/\\])+/, "");
    const path = asked === "/" ? "/index.html" : asked;
    try {
      const body = await readFile(join(UI_DIST, path));
      res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => web.listen(0, HOST, resolve));
  t.after(() => new Promise((resolve) => web.close(resolve)));
  return `http://${HOST}:${web.address().port}`;
}

test("the official web UI logs in, lists our sockets and rooms, and disconnects a client", { timeout: 90_000 }, async (t) => {
  const origin = await serveUi(t);
  const hash = bcrypt.hashSync("changeit", 4);
  const server = await startServerProcess(t, {
    envVar: "ADMIN_SERVER",
    example: "./reference-server.mjs or <build>/tests/interop/admin/admin-test-server",
    flags: ["--auth", `admin:${hash}`, "--cors-origin", origin],
  });
  const serverUrl = `http://${HOST}:${server.port}`;

  const user = io(`${serverUrl}/`, { forceNew: true, reconnection: false, transports: ["websocket"] });
  server.onStop(() => user.close());
  await withTimeout(new Promise((resolve) => user.once("connect", resolve)), WAIT_MS, "user connect");
  user.emit("join", "lobby");
  const disconnected = new Promise((resolve) => user.once("disconnect", resolve));

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.route("**/*", (route) =>
    new URL(route.request().url()).hostname === HOST ? route.continue() : route.abort());
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto(`${origin}/`);
  await page.getByLabel("Server URL").fill(serverUrl);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText("invalid credentials").waitFor({ timeout: WAIT_MS });

  await page.getByLabel("Password").fill("changeit");
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(/^connected$/i).first().waitFor({ timeout: WAIT_MS });

  await page.goto(`${origin}/#/sockets/`);
  const row = page.getByRole("row").filter({ hasText: user.id });
  await row.waitFor({ timeout: WAIT_MS });
  assert.match(await row.innerText(), /127\.0\.0\.1/);
  assert.match(await row.innerText(), /WebSocket/);

  await page.goto(`${origin}/#/rooms/`);
  await page.getByRole("row").filter({ hasText: "lobby" }).waitFor({ timeout: WAIT_MS });

  await page.goto(`${origin}/#/sockets/`);
  const userId = user.id;
  await row.getByRole("button").click();
  const reason = await withTimeout(disconnected, WAIT_MS, "the client disconnected by the UI");
  assert.equal(reason, "io server disconnect");
  await page.goto(`${origin}/#/sockets/`);
  await page.getByRole("cell", { name: userId, exact: true }).waitFor({ state: "detached", timeout: WAIT_MS });
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? "/tmp", "admin-web-ui.png") });
  assert.deepEqual(errors, []);
});
