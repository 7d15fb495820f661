// The chat example (examples/chat) in headless Chromium: real pages, the
// official socket.io client the server itself serves, several users at once.
//
//   CHAT_SERVER=<build>/examples/chat/chat node --test --test-reporter=spec
//
// Each user is a page in its own browser context (its own cookies and
// connection). Every wait is bounded. To prove that something did NOT reach
// a page, a later "fence" message is sent that the page does receive: the
// server writes to one connection in order, so anything misrouted before the
// fence would already be in the page when the fence is.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOT = "/tmp/chat.png";
/** Bound for anything a page waits for. */
const WAIT_MS = 5000;
const STARTUP_MS = 10000;
const LAUNCH_MS = 30000;
const STOP_MS = 3000;
const TEST_MS = 60000;

let server; // { child, url, output() }
let browser;
const users = new Map(); // nickname -> { context, page, errors }

// --- the server ------------------------------------------------------------

function startServer() {
  const executable = process.env.CHAT_SERVER;
  if (!executable) {
    throw new Error(
      "CHAT_SERVER is not set: point it at the chat example, e.g. CHAT_SERVER=<build>/examples/chat/chat",
    );
  }
  const child = spawn(executable, ["--port", "0", "--host", "127.0.0.1"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const output = () => `--- stdout\n${stdout}--- stderr\n${stderr}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the chat server did not print its address within ${STARTUP_MS} ms\n${output()}`));
    }, STARTUP_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${executable}: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the chat server exited early (code ${code}, signal ${signal})\n${output()}`));
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /chat server listening on (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(stdout);
      if (match && Number(match[2]) > 0) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output });
      }
    });
  });
}

async function stopServer() {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, "exit");
  server.child.kill("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), delay(STOP_MS).then(() => false)]);
  if (!stopped) {
    server.child.kill("SIGKILL");
    await Promise.race([exited, delay(STOP_MS)]);
  }
}

// --- pages -----------------------------------------------------------------

/** A new user: its own browser context and page, on the nickname form. */
async function openPage(label) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(`${label}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${label}: console: ${message.text()}`);
  });
  await page.goto(server.url, { timeout: WAIT_MS });
  await page.locator("#nickname-form").waitFor();
  return { context, page, errors };
}

async function submitNickname(page, nickname) {
  await page.locator("#nickname").fill(nickname);
  await page.locator("#nickname").press("Enter");
}

/** Opens a page and enters the chat as nickname; resolves once the user list shows it. */
async function signIn(nickname) {
  const user = await openPage(nickname);
  await submitNickname(user.page, nickname);
  await user.page.locator("#chat").waitFor({ state: "visible" });
  await user.page.locator("#users li.me", { hasText: nickname }).waitFor();
  users.set(nickname, user);
  return user.page;
}

const pageOf = (nickname) => users.get(nickname).page;

/** The chat messages (not notices) of a page, as {from, text, private}. */
function messagesOf(page) {
  return page.locator("#messages li.message").evaluateAll((items) =>
    items.map((li) => ({
      from: li.dataset.from,
      to: li.dataset.to,
      text: li.querySelector(".text").textContent,
      private: li.classList.contains("private"),
    })),
  );
}

const message = (page, text) => page.locator("#messages li.message", { hasText: text });
const notice = (page, text) => page.locator("#messages li.notice", { hasText: text });

async function say(page, text) {
  await page.locator("#input").fill(text);
  await page.locator("#input").press("Enter");
}

async function usersOf(page) {
  return page.locator("#users li").evaluateAll((items) => items.map((li) => li.dataset.nickname));
}

/** Waits until the page's user list is exactly names (in order). */
async function waitForUsers(page, names) {
  try {
    await page.waitForFunction(
      (expected) =>
        JSON.stringify([...document.querySelectorAll("#users li")].map((li) => li.dataset.nickname)) ===
        JSON.stringify(expected),
      names,
      { timeout: WAIT_MS },
    );
  } catch (error) {
    const actual = JSON.stringify(await usersOf(page));
    throw new Error(`user list ${actual}, expected ${JSON.stringify(names)}: ${error.message}`);
  }
}

async function waitForTypingLine(page, text) {
  await page.waitForFunction((expected) => document.getElementById("typing").textContent === expected, text, {
    timeout: WAIT_MS,
  });
}

// --- the suite ---------------------------------------------------------------

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: LAUNCH_MS,
  });
});

after(async () => {
  for (const { context } of users.values()) await context.close().catch(() => {});
  if (browser) await Promise.race([browser.close().catch(() => {}), delay(STOP_MS)]);
  await stopServer();
});

// If the runner dies anyway, do not leave the server behind.
process.on("exit", () => {
  if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
});

test("the page loads the official client from the server and asks for a nickname", { timeout: TEST_MS }, async () => {
  const { context, page, errors } = await openPage("visitor");
  try {
    assert.equal(await page.evaluate(() => typeof window.io), "function", "window.io from /socket.io/socket.io.js");
    await page.locator("#status", { hasText: /^connected$/ }).waitFor({ state: "attached" });
    assert.equal(await page.locator("#chat").isVisible(), false);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("alice and bob pick nicknames; a taken one is refused", { timeout: TEST_MS }, async () => {
  const alice = await signIn("alice");
  const bob = await signIn("bob");
  await waitForUsers(alice, ["alice", "bob"]);
  await waitForUsers(bob, ["alice", "bob"]);
  await notice(alice, "bob joined #lobby.").waitFor();
  assert.equal(await alice.locator("#current-room").textContent(), "lobby");
  assert.equal(await bob.locator("#me").textContent(), "bob");

  // Nicknames are unique per server, whatever the case.
  const intruder = await openPage("intruder");
  try {
    await submitNickname(intruder.page, "ALICE");
    await intruder.page.locator("#nickname-error", { hasText: "taken" }).waitFor();
    assert.equal(await intruder.page.locator("#chat").isVisible(), false);
  } finally {
    await intruder.context.close();
  }
});

test("a message reaches the room with its author; the typing line shows while alice types", {
  timeout: TEST_MS,
}, async () => {
  const alice = pageOf("alice");
  const bob = pageOf("bob");

  // Bob sees "alice is typing…" while the keys are still going in.
  const typing = alice.locator("#input").pressSequentially("hello bob, this is alice", { delay: 40 });
  await waitForTypingLine(bob, "alice is typing…");
  await typing;
  assert.equal(await alice.locator("#typing").textContent(), "", "the sender does not see itself typing");

  await alice.locator("#input").press("Enter");
  await message(bob, "hello bob, this is alice").waitFor();
  await waitForTypingLine(bob, "");
  assert.deepEqual(await messagesOf(bob), [
    { from: "alice", to: undefined, text: "hello bob, this is alice", private: false },
  ]);
  assert.equal(await message(bob, "hello bob").locator(".from").textContent(), "alice");
  // io.to(room) includes the sender.
  await message(alice, "hello bob, this is alice").waitFor();
  assert.equal(await message(alice, "hello bob").getAttribute("class"), "message mine");

  await say(bob, "hi alice!");
  await message(alice, "hi alice!").waitFor();
  assert.equal(await message(alice, "hi alice!").locator(".from").textContent(), "bob");
});

test("a private message reaches only its addressee", { timeout: TEST_MS }, async () => {
  const alice = pageOf("alice");
  const bob = pageOf("bob");
  const carol = await signIn("carol");
  await waitForUsers(alice, ["alice", "bob", "carol"]);
  await waitForUsers(bob, ["alice", "bob", "carol"]);

  await say(alice, "/msg bob psst, only for you");
  await bob.locator("#messages li.private", { hasText: "psst, only for you" }).waitFor();
  assert.equal(await bob.locator("#messages li.private .from").textContent(), "alice (private)");
  // The sender's copy comes from the acknowledgement (delivered: true).
  await alice.locator("#messages li.private", { hasText: "psst, only for you" }).waitFor();
  assert.equal(await alice.locator("#messages li.private .from").textContent(), "to bob");

  // Nobody there: not delivered.
  await say(alice, "/msg nobody hello?");
  await notice(alice, "nobody is not here").waitFor();

  await say(alice, "fence after the secret");
  await message(carol, "fence after the secret").waitFor();
  const carolSees = await messagesOf(carol);
  assert.ok(!carolSees.some((m) => m.private || m.text.includes("psst")), JSON.stringify(carolSees));
  await message(bob, "fence after the secret").waitFor();
  assert.equal(await bob.locator("#messages li.private").count(), 1);

  // Bob starts a reply so that the picture shows the typing line too.
  await bob.locator("#users li", { hasText: "alice" }).click();
  assert.equal(await bob.locator("#input").inputValue(), "/msg alice ");
  await alice.locator("#input").pressSequentially("one more", { delay: 20 });
  await waitForTypingLine(bob, "alice is typing…");
  await bob.mouse.move(600, 400); // no hover highlight in the picture
  await bob.screenshot({ path: SCREENSHOT });
  await alice.locator("#input").fill("");
  await waitForTypingLine(bob, ""); // stop typing after the idle delay
  await bob.locator("#input").fill("");
});

test("switching rooms isolates messages", { timeout: TEST_MS }, async () => {
  const alice = pageOf("alice");
  const bob = pageOf("bob");
  const carol = pageOf("carol");

  // Bob moves to #kitchen with the room switcher.
  await bob.locator("#room").fill("kitchen");
  await bob.locator("#room").press("Enter");
  await bob.locator("#current-room", { hasText: "kitchen" }).waitFor();
  await notice(bob, "You joined #kitchen.").waitFor();
  assert.equal(await bob.locator("#messages li.message").count(), 0, "the lobby's messages are cleared");
  await waitForUsers(bob, ["bob"]);
  await notice(alice, "bob left #lobby.").waitFor();
  await waitForUsers(alice, ["alice", "carol"]);
  await waitForUsers(carol, ["alice", "carol"]);

  // The lobby does not reach the kitchen...
  await say(alice, "lobby only");
  await message(carol, "lobby only").waitFor();
  await say(bob, "kitchen only");
  await message(bob, "kitchen only").waitFor();
  assert.deepEqual((await messagesOf(bob)).map((m) => m.text), ["kitchen only"]);
  // ...nor the kitchen the lobby.
  await say(alice, "lobby fence");
  await message(carol, "lobby fence").waitFor();
  await message(alice, "lobby fence").waitFor();
  for (const page of [alice, carol]) {
    assert.ok(!(await messagesOf(page)).some((m) => m.text === "kitchen only"));
  }

  // Carol follows with the /join command.
  await say(carol, "/join kitchen");
  await carol.locator("#current-room", { hasText: "kitchen" }).waitFor();
  await notice(bob, "carol joined #kitchen.").waitFor();
  await waitForUsers(bob, ["bob", "carol"]);
  await waitForUsers(carol, ["bob", "carol"]);
  await waitForUsers(alice, ["alice"]);

  // The typing line stays in the room too.
  await carol.locator("#input").pressSequentially("hi from carol", { delay: 20 });
  await waitForTypingLine(bob, "carol is typing…");
  await carol.locator("#input").press("Enter");
  await message(bob, "hi from carol").waitFor();
  await say(alice, "still in the lobby");
  await message(alice, "still in the lobby").waitFor();
  assert.equal(await alice.locator("#typing").textContent(), "");
  assert.ok(!(await messagesOf(alice)).some((m) => m.text === "hi from carol"));
  await say(bob, "kitchen fence");
  await message(carol, "kitchen fence").waitFor();
  assert.ok(!(await messagesOf(carol)).some((m) => m.text === "still in the lobby"));
  assert.ok(!(await messagesOf(bob)).some((m) => m.text === "still in the lobby"));
});

test("leaving: the room hears it, the nickname is free again, back to the lobby", { timeout: TEST_MS }, async () => {
  const alice = pageOf("alice");
  const bob = pageOf("bob");

  // Carol closes her tab: bob, in the same room, hears she left.
  const carol = users.get("carol");
  users.delete("carol");
  await carol.context.close();
  await notice(bob, "carol left #kitchen.").waitFor();
  await waitForUsers(bob, ["bob"]);

  // The "Back to lobby" button.
  await bob.locator("#leave").click();
  await bob.locator("#current-room", { hasText: "lobby" }).waitFor();
  await notice(alice, "bob joined #lobby.").nth(1).waitFor(); // the first was at sign-in
  await waitForUsers(alice, ["alice", "bob"]);

  // The nickname carol is free again.
  const newCarol = await signIn("carol");
  await waitForUsers(newCarol, ["alice", "bob", "carol"]);
  await say(newCarol, "I am back");
  await message(alice, "I am back").waitFor();
  await message(bob, "I am back").waitFor();

  const errors = [...users.values()].flatMap((user) => user.errors).concat(carol.errors);
  assert.deepEqual(errors, [], "no page error nor console error");
});

// Chromium's own HTTP stack (keep-alive, its connection pool) on the long-polling transport,
// request by request with fetch: the browser's turn in the HTTP client matrix of
// tests/interop/engineio/http-clients.test.mjs.
test("Chromium's fetch carries whole polling sessions over kept-alive connections", { timeout: TEST_MS }, async () => {
  const { context, page, errors } = await openPage("fetch");
  try {
    const results = await page.evaluate(async () => {
      const base = "/socket.io/?EIO=4&transport=polling";
      const text = async (response) => [response.status, await response.text()];
      const out = [];
      for (let session = 0; session < 5; session += 1) {
        const [status, open] = await text(await fetch(base, { cache: "no-store" }));
        const sid = JSON.parse(open.slice(1)).sid;
        const path = `${base}&sid=${encodeURIComponent(sid)}`;
        const post = await text(await fetch(path, { method: "POST", body: "40", cache: "no-store" }));
        const poll = await text(await fetch(path, { cache: "no-store" }));
        const close = await text(await fetch(path, { method: "POST", body: "1", cache: "no-store" }));
        out.push({ status, post, poll, close });
      }
      return out;
    });
    assert.equal(results.length, 5);
    for (const { status, post, poll, close } of results) {
      assert.equal(status, 200);
      assert.deepEqual(post, [200, "ok"]);
      assert.equal(poll[0], 200);
      assert.match(poll[1], /^40\{"sid":"[^"]+"/, "the namespace's CONNECT answer");
      assert.deepEqual(close, [200, "ok"]);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
