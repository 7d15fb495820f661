// Published socket.io-parser and socket.io attacks, sent as raw Engine.IO
// WebSocket frames after joining "/". A packet the decoder rejects closes
// that one connection ("forced close"); a packet it accepts is handled
// without harm and the connection goes on. A socket.io-client bystander
// stays connected through every case and must still get its ack.

import assert from "node:assert/strict";
import { test } from "node:test";
import { rawSioConnect } from "../socketio/harness.mjs";
import { bystander, startServer } from "./common.mjs";

const T = { timeout: 60_000 };
// Set for the run against Node's reference server (see CMakeLists.txt).
const REFERENCE = Boolean(process.env.SIO_REFERENCE);

const ph = (num) => ({ _placeholder: true, num });
const binary = (count, args) => `45${count}-${JSON.stringify(["binary-echo", ...args])}`;
const one = Buffer.from([1]);

async function expectClosed(server, raw, eid, sid) {
  await raw.waitClosed();
  await server.waitForLine(`DISCONNECT / ${sid} forced close`);
  await server.waitForLine(`ENGINE_CLOSE ${eid} forced close`);
}

/** Runs `cases` ([name, frames]) on their own connections: each must be closed. */
async function fatalCases(t, server, other, cases) {
  for (const [name, frames] of cases) {
    await t.test(name, async () => {
      const { raw, eid, sid } = await rawSioConnect(server, "/");
      for (const frame of frames) raw.send(frame);
      await expectClosed(server, raw, eid, sid);
      assert.deepEqual(raw.messages, [], "nothing was answered before the close");
      await other.check();
    });
  }
}

// socket.io-parser 4.2.1 (CVE-2022-2421): the attachment count and every
// placeholder index are checked; an out-of-range index used to reach
// buffers[num] with any value, e.g. a string or an object, and hand the
// application an attacker-chosen object.
const CVE_2022_2421 = [
  ["huge attachment count", [binary(1e12, [ph(0)])]],
  ["attachment count past 2^53", [binary("99999999999999999999", [ph(0)])]],
  ["negative attachment count", [binary(-1, [ph(0)]), one]],
  ["placeholder index past the attachments", [binary(1, [ph(1)]), one]],
  ["negative placeholder index", [binary(1, [ph(-1)]), one]],
  ["placeholder index naming a property (toString)", [binary(1, [ph("toString")]), one]],
  ["placeholder index naming a property (__proto__)", [binary(1, [ph("__proto__")]), one]],
  ["placeholder index that is an array", [binary(1, [ph([0])]), one]],
  ["nested placeholder as the index", [binary(1, [ph(ph(0))]), one]],
  ["placeholder index past the attachments, nested in an object", [binary(1, [{ a: { b: ph(3) } }]), one]],
  ["binary ack with an index past the attachments", [`461-7${JSON.stringify([ph(2)])}`, one]],
];

// Stricter than the reference by design: socket.io-parser reads the count
// "1e1" with parseInt (1 attachment) and lets an index of 0.5 through as
// buffers[0.5] (undefined); our decoder wants a plain decimal count and an
// integer index, and closes the connection. Run against ours only.
const STRICTER = [
  ["attachment count with an exponent", [binary("1e1", [ph(0)]), one]],
  ["fractional placeholder index", [binary(1, [ph(0.5)]), one]],
];

test("CVE-2022-2421: attachment counts and placeholder indexes out of range close the connection", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  await fatalCases(t, server, other, CVE_2022_2421);
});

test("CVE-2022-2421: a count or index that is not a plain integer closes the connection", { ...T, skip: REFERENCE && "the reference accepts these (see STRICTER)" }, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  await fatalCases(t, server, other, STRICTER);
});

test("CVE-2022-2421: placeholders in valid places are replaced, elsewhere they stay plain data", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const { raw, sid } = await rawSioConnect(server, "/");

  // A placeholder as the value of a key, deep in an object, is the attachment.
  raw.send(binary(1, [{ key: { deeper: ph(0) } }]));
  raw.send(Buffer.from([7, 8]));
  const header = await raw.next();
  assert.match(header, /^451-\["binary-echo",\{"key":\{"deeper":\{"_placeholder":true,"num":0\}\}\}\]$/);
  assert.deepEqual([...(await raw.next())], [7, 8]);

  // A placeholder-shaped object in a non-binary packet is not looked up:
  // it is ordinary data (echoed as sent), and keys named "_placeholder"
  // are ordinary keys.
  const plain = ["echo", ph(0), { _placeholder: ph(5) }, { [JSON.stringify(ph(0))]: 1 }];
  raw.send(`42${JSON.stringify(plain)}`);
  assert.deepEqual(JSON.parse((await raw.next()).slice(2)), plain);

  raw.send('42["echo","still here"]');
  assert.equal(await raw.next(), '42["echo","still here"]');
  assert.equal(raw.closeInfo, null);
  assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${sid}`)));
  await other.check();
});

// socket.io-parser 4.2.3 (CVE-2023-32695): a packet whose event name is
// not a string or number (an object with a "toString" key made String()
// throw) or whose payload is malformed threw out of the decoder.
const CVE_2023_32695 = [
  ["event name that is an object with toString", ['42[{"toString":"foo"}]']],
  ["event name that is an object with __proto__", ['42[{"__proto__":{"x":1}}]']],
  ["event name that is null", ["42[null]"]],
  ["event name that is an array", ['42[["echo"]]']],
  ["event name that is a boolean", ["42[true]"]],
  ["binary event name that is an object with toString", [`451-${JSON.stringify([{ toString: "foo" }, ph(0)])}`, one]],
  ["binary packet whose payload is an object", [`451-${JSON.stringify({ a: ph(0) })}`, one]],
  ["binary packet whose payload is truncated JSON", ['451-["binary-echo",{"_placeholder":true,"num":0}', one]],
  ["CONNECT to a namespace with an object payload of the wrong kind", ['40/custom,"x"']],
];

test("CVE-2023-32695: packets that made the decoder throw close the connection", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  await fatalCases(t, server, other, CVE_2023_32695);
});

// Event names that are Object.prototype members are ordinary names: no
// handler, nothing happens, the connection stays.
test("CVE-2023-32695: prototype member names as events are ignored", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const { raw, sid } = await rawSioConnect(server, "/");
  for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]) {
    raw.send(`42${JSON.stringify([name, 1])}`);
    raw.send(`421${JSON.stringify([name, { toString: "x" }])}`);
  }
  raw.send('42["echo","alive"]');
  assert.equal(await raw.next(), '42["echo","alive"]');
  assert.equal(raw.closeInfo, null);
  assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${sid}`)));
  await other.check();
});

// socket.io 4.6.2 (CVE-2024-38355): an event named "error" reached
// EventEmitter's "error" without a listener and threw. It is an ordinary
// event name: no handler, the connection stays, also with an ack id and
// with binary attachments.
test("CVE-2024-38355: an event named 'error' is an ordinary event", T, async (t) => {
  const server = await startServer(t);
  const other = await bystander(server);
  const { raw, sid } = await rawSioConnect(server, "/");
  raw.send('42["error"]');
  raw.send('42["error","boom"]');
  raw.send('42["error",{"message":"boom","stack":"x"}]');
  raw.send('4217["error",1]');
  raw.send(`451-${JSON.stringify(["error", ph(0)])}`);
  raw.send(one);
  raw.send('42["echo","alive"]');
  assert.equal(await raw.next(), '42["echo","alive"]');
  assert.equal(raw.closeInfo, null);
  assert.ok(!server.lines.some((line) => line.startsWith(`DISCONNECT / ${sid}`)));
  await other.check();
});
