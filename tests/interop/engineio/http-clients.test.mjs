// The long-polling transport through HTTP clients this project did not write, each as its users
// run it: node-fetch 2 (no agent: "Connection: close" on a keep-alive global agent), Node's
// fetch (undici), undici's pipelining client, Node's http with a keep-alive agent (with and
// without "Connection: close"), curl (keep-alive, Connection: close, HTTP/1.0) and Python's
// http.client (the same three). Each runs whole sessions (handshake, then rounds of POST and
// poll) and must never see a failed request. Chromium's turn is in tests/interop/browser.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { test } from "node:test";
import { promisify } from "node:util";
import nodeFetch from "node-fetch";
import { Client as UndiciClient } from "undici";
import { ENGINE_PATH, startServer } from "./harness.mjs";

const run = promisify(execFile);
const SLOW = ["--ping-interval", "5000", "--ping-timeout", "5000"];
const ROUNDS = 12;

const handshakePath = `${ENGINE_PATH}?EIO=4&transport=polling`;
const sessionPath = (sid) => `${handshakePath}&sid=${encodeURIComponent(sid)}`;
const sidOf = (text) => {
  assert.ok(text.startsWith("0{"), `not an open packet: ${JSON.stringify(text)}`);
  return JSON.parse(text.slice(1)).sid;
};

/**
 * Runs sessions through `send(method, path, body) → { status, text }` and checks every answer.
 * Two sessions one after the other, so that a connection the server closed is reused, if ever.
 */
async function exerciseSessions(name, send) {
  for (let session = 0; session < 2; session += 1) {
    const open = await send("GET", handshakePath);
    assert.equal(open.status, 200, `${name}: handshake ${JSON.stringify(open)}`);
    const path = sessionPath(sidOf(open.text));
    for (let round = 0; round < ROUNDS; round += 1) {
      const message = `4${name} ${session}.${round}`;
      const post = await send("POST", path, message);
      assert.deepEqual([post.status, post.text], [200, "ok"], `${name}: POST ${session}.${round}`);
      const poll = await send("GET", path);
      assert.deepEqual([poll.status, poll.text], [200, message], `${name}: poll ${session}.${round}`);
    }
  }
}

function nodeHttp(server, agent, headers = {}) {
  return (method, path, body) =>
    new Promise((resolvePromise, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: server.port, method, path, agent, headers, timeout: 3000 }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolvePromise({ status: res.statusCode, text }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", reject);
      req.end(body);
    });
}

test("node-fetch 2, as the published protocol suites use it", { timeout: 30_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  await exerciseSessions("node-fetch", async (method, path, body) => {
    const response = await nodeFetch(`${server.url}${path}`, { method, body, timeout: 3000 });
    return { status: response.status, text: await response.text() };
  });
});

test("Node's fetch (undici), keeping connections alive", { timeout: 30_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  await exerciseSessions("fetch", async (method, path, body) => {
    const response = await fetch(`${server.url}${path}`, { method, body, signal: AbortSignal.timeout(3000) });
    return { status: response.status, text: await response.text() };
  });
});

test("undici's client, pipelining on one connection", { timeout: 30_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  const client = new UndiciClient(server.url, { pipelining: 4, headersTimeout: 3000, bodyTimeout: 3000 });
  t.after(() => client.destroy());
  const send = async (method, path, body) => {
    const { statusCode, body: stream } = await client.request({ method, path, body });
    return { status: statusCode, text: await stream.text() };
  };
  // undici pipelines idempotent requests only: four handshakes at once go out back to back on
  // the one connection, and each must get its own session.
  const opens = await Promise.all([0, 1, 2, 3].map(() => send("GET", handshakePath)));
  const sids = opens.map((open) => sidOf(open.text));
  assert.equal(new Set(sids).size, 4, `four sessions: ${sids}`);
  for (const sid of sids) {
    const message = `4pipelined ${sid}`;
    const post = await send("POST", sessionPath(sid), message);
    assert.deepEqual([post.status, post.text], [200, "ok"]);
    const poll = await send("GET", sessionPath(sid));
    assert.deepEqual([poll.status, poll.text], [200, message]);
  }
});

test("Node's http with a keep-alive agent, with and without Connection: close", { timeout: 30_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  await exerciseSessions("agent", nodeHttp(server, agent));
  await exerciseSessions("agent-close", nodeHttp(server, agent, { Connection: "close" }));
});

async function curl(server, args) {
  const { stdout } = await run("curl", ["--silent", "--show-error", "--max-time", "5", ...args]);
  return stdout;
}

test("curl: keep-alive, Connection: close and HTTP/1.0", { timeout: 60_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  for (const [name, flags] of [
    ["curl", []],
    ["curl-close", ["--header", "Connection: close"]],
    ["curl-1.0", ["--http1.0"]],
  ]) {
    const sid = sidOf(await curl(server, [...flags, `${server.url}${handshakePath}`]));
    const url = `${server.url}${sessionPath(sid)}`;
    for (let round = 0; round < 4; round += 1) {
      // POST and poll in one curl run: on one connection where the server keeps it open.
      const message = `4${name} ${round}`;
      const out = await curl(server, [...flags, "--data-binary", message, url, "--next", ...flags, url]);
      assert.equal(out, `ok${message}`, `${name} round ${round}`);
    }
  }
});

const PYTHON_CLIENT = `
import http.client, json, sys
port, mode, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if mode == "1.0":
    http.client.HTTPConnection._http_vsn = 10
    http.client.HTTPConnection._http_vsn_str = "HTTP/1.0"
headers = {"Connection": "close"} if mode == "close" else {}
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
def send(method, path, body=None):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    if response.will_close:
        conn.close()
    return response.status, text
base = "${ENGINE_PATH}?EIO=4&transport=polling"
status, text = send("GET", base)
sid = json.loads(text[1:])["sid"]
results = []
for i in range(rounds):
    message = "4python %s %d" % (mode, i)
    results.append([send("POST", base + "&sid=" + sid, message.encode()), send("GET", base + "&sid=" + sid), message])
print(json.dumps(results))
`;

test("Python's http.client: keep-alive, Connection: close and HTTP/1.0", { timeout: 60_000 }, async (t) => {
  const server = await startServer(t, SLOW);
  for (const mode of ["keep-alive", "close", "1.0"]) {
    const { stdout } = await run("python3", ["-c", PYTHON_CLIENT, String(server.port), mode, String(ROUNDS)]);
    for (const [[postStatus, postText], [pollStatus, pollText], message] of JSON.parse(stdout)) {
      assert.deepEqual([postStatus, postText], [200, "ok"], `${mode}: POST ${message}`);
      assert.deepEqual([pollStatus, pollText], [200, message], `${mode}: poll`);
    }
  }
});
