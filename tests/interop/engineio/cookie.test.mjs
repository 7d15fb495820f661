import assert from "node:assert/strict";
import { test } from "node:test";
import { pollPath, rawHandshake, rawRequest, startServer } from "./harness.mjs";

test("--cookie sets NAME=<sid>; Path=/; HttpOnly; SameSite=Lax on the polling handshake", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cookie", "io"]);
  const { open, res } = await rawHandshake(server);
  assert.deepEqual(res.headers["set-cookie"], [`io=${open.sid}; Path=/; HttpOnly; SameSite=Lax`]);
});

test("--cookie uses the configured cookie name", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cookie", "my_session"]);
  const { open, res } = await rawHandshake(server);
  assert.deepEqual(res.headers["set-cookie"], [`my_session=${open.sid}; Path=/; HttpOnly; SameSite=Lax`]);
});

test("the cookie is only set on the handshake, not on later requests", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, ["--cookie", "io"]);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const post = await rawRequest(server, { method: "POST", path, body: "4x" });
  assert.equal(post.status, 200);
  assert.equal(post.headers["set-cookie"], undefined);

  const poll = await rawRequest(server, { path });
  assert.equal(poll.status, 200);
  assert.equal(poll.headers["set-cookie"], undefined);
});

test("without --cookie no cookie is set", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t);
  const { res } = await rawHandshake(server);
  assert.equal(res.headers["set-cookie"], undefined);
});
