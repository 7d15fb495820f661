import assert from "node:assert/strict";
import { test } from "node:test";
import { WebSocket } from "ws";
import {
  connectClient,
  nextEvent,
  pollPath,
  rawHandshake,
  rawRequest,
  rawTcp,
  roundTrip,
  startServer,
  waitUntil,
} from "./harness.mjs";

const LIMIT = 1000;
const FLAGS = ["--max-http-buffer-size", String(LIMIT)];

const wsUrl = (server) => `ws://127.0.0.1:${server.port}/engine.io/?EIO=4&transport=websocket`;

/** Next non-ping message of a raw websocket, as a string. */
function nextPayload(ws, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no message")), timeoutMs);
    const onMessage = (data) => {
      const text = data.toString();
      if (text === "2") {
        ws.send("3");
        return;
      }
      clearTimeout(timer);
      ws.off("message", onMessage);
      resolve(text);
    };
    ws.on("message", onMessage);
  });
}

test("polling: a POST of exactly maxHttpBufferSize bytes is accepted", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });
  const body = `4${"a".repeat(LIMIT - 1)}`;
  const post = await rawRequest(server, { method: "POST", path, body });
  assert.equal(post.status, 200);
  const poll = await rawRequest(server, { path });
  assert.equal(poll.text.split("\x1e").filter((p) => p !== "2").join(), body);
});

test("polling: a POST over maxHttpBufferSize answers 413 and the session ends", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const post = await rawRequest(server, { method: "POST", path, body: `4${"a".repeat(LIMIT)}` });
  assert.equal(post.status, 413);

  // engine.io only refuses the request, and the session then dies of a ping
  // timeout once the client gives up (as engine.io-client does on a 413); a
  // server closing the session at once ('transport error') is stricter.
  const line = await server.waitForLine(new RegExp(`^CLOSE ${open.sid} `), 2000);
  assert.match(line, / (transport error|ping timeout)$/);
});

test("polling: engine.io-client sending an oversized message gets an error and closes", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const socket = await connectClient(t, server, { transports: ["polling"] });
  const sid = socket.id;
  const errored = nextEvent(socket, "error");
  const closed = nextEvent(socket, "close");
  socket.send("z".repeat(LIMIT * 2));

  const [error] = await errored;
  assert.equal(error.message, "xhr post error");
  assert.equal(error.description, 413);
  const [reason] = await closed;
  assert.equal(reason, "transport error");
  await server.waitForLine(new RegExp(`^CLOSE ${sid} (transport close|transport error|ping timeout)$`), 2000);
});

test("polling: a declared Content-Length over the limit is refused without reading the body", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const { open } = await rawHandshake(server);
  const path = pollPath({ EIO: "4", transport: "polling", sid: open.sid });

  const conn = await rawTcp(server);
  t.after(() => conn.socket.destroy());
  // Declare 10 MB but send only a little more than the limit, then stall.
  conn.socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\n` +
      `Content-Length: ${10 * 1024 * 1024}\r\n\r\n4${"b".repeat(LIMIT + 100)}`,
  );
  await waitUntil(() => /^HTTP\/1\.1 \d{3}/.test(conn.text()), 2000, "a response to the oversized POST");
  assert.match(conn.text(), /^HTTP\/1\.1 413 /);
});

test("websocket: a message of exactly maxHttpBufferSize bytes is accepted", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const ws = new WebSocket(wsUrl(server));
  t.after(() => ws.terminate());
  await nextPayload(ws); // open packet
  const frame = `4${"c".repeat(LIMIT - 1)}`;
  ws.send(frame);
  assert.equal(await nextPayload(ws), frame);
});

test("websocket: a message over maxHttpBufferSize closes the socket with 1009", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const ws = new WebSocket(wsUrl(server));
  t.after(() => ws.terminate());
  const { sid } = JSON.parse((await nextPayload(ws)).slice(1));
  const closed = nextEvent(ws, "close");
  ws.send(`4${"c".repeat(LIMIT)}`);

  const [code] = await closed;
  assert.equal(code, 1009);
  await server.waitForLine(`CLOSE ${sid} transport error`);
});

test("websocket: engine.io-client sending an oversized message is disconnected", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const socket = await connectClient(t, server, { transports: ["websocket"] });
  const sid = socket.id;
  const closed = nextEvent(socket, "close");
  socket.send("z".repeat(LIMIT * 2));
  const [reason] = await closed;
  assert.equal(reason, "transport close");
  await server.waitForLine(`CLOSE ${sid} transport error`);
});

test("oversized messages do not disturb other clients, and small messages still pass", { timeout: 10_000 }, async (t) => {
  const server = await startServer(t, FLAGS);
  const pollingClient = await connectClient(t, server, { transports: ["polling"] });
  const wsClient = await connectClient(t, server, { transports: ["websocket"] });

  const offender = await connectClient(t, server, { transports: ["websocket"] });
  const offenderClosed = nextEvent(offender, "close");
  offender.send("z".repeat(LIMIT * 5));
  await offenderClosed;

  const pollOffender = await connectClient(t, server, { transports: ["polling"] });
  const pollOffenderClosed = nextEvent(pollOffender, "close");
  pollOffender.on("error", () => {});
  pollOffender.send("z".repeat(LIMIT * 5));
  await pollOffenderClosed;

  assert.equal(await roundTrip(pollingClient, "small"), "small");
  assert.equal(await roundTrip(wsClient, "small"), "small");
  const nearLimit = "n".repeat(LIMIT - 10);
  assert.equal(await roundTrip(pollingClient, nearLimit), nearLimit);
  assert.equal(await roundTrip(wsClient, nearLimit), nearLimit);
});
