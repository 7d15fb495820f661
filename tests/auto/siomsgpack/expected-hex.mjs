// Prints the bytes npm socket.io-msgpack-parser 3.0.2 (notepack.io 2.2.0) writes for the packet
// objects of tst_siomsgpack.cpp, one "name hex" line each: the source of its expected hex.
//
//     cd tests/interop/socketio && npm ci && node ../../auto/siomsgpack/expected-hex.mjs
//
// Object keys are in the order QVariantMap keeps them (sorted), the packet's own keys in the
// order Node's socket.io server builds them: {type, data, id, nsp}, an ACK {id, type, data, nsp}.

import { createRequire } from "node:module";

const require = createRequire(new URL("../../interop/socketio/package.json", import.meta.url));
const parser = require("socket.io-msgpack-parser");
const encoder = new parser.Encoder();

const bytes = (n, from = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (from + i) & 0xff));

const rows = {
  // server to client
  connect: { type: 0, data: { sid: "AbCdEfGhIjKlMnOpQrSt" }, nsp: "/" },
  connectPid: { type: 0, data: { pid: "pid-1", sid: "sid-1" }, nsp: "/chat" },
  connectNoData: { type: 0, nsp: "/admin" },
  disconnect: { type: 1, nsp: "/chat" },
  event: { type: 2, data: ["message", "héllo ✓", 1, -1, 1.5, true, false, null], nsp: "/" },
  eventAck: { type: 2, data: ["question", 42], id: 7, nsp: "/" },
  eventBinary: {
    type: 2,
    data: ["file", { blob: bytes(3, 1), name: "a.bin", parts: [bytes(0), bytes(300)] }],
    nsp: "/chat",
  },
  ack: { id: 7, type: 3, data: ["ok", bytes(2, 0xfe)], nsp: "/" },
  ackMaxId: { id: 2 ** 53 - 1, type: 3, data: [], nsp: "/" },
  connectError: { type: 4, data: { data: { code: 401 }, message: "unauthorized" }, nsp: "/auth" },
  connectErrorString: { type: 4, data: "unauthorized", nsp: "/" },
  invalidNamespace: { type: 4, data: { message: "Invalid namespace" }, nsp: "/nope" },
  numbers: {
    type: 2,
    data: ["n", 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 2 ** 53 - 1,
           -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, -(2 ** 53 - 1), 0.1, -2.5],
    nsp: "/",
  },
  sizes: {
    type: 2,
    data: ["s", "x".repeat(31), "y".repeat(32), "z".repeat(256), Array.from({ length: 16 }, (_, i) => i),
           Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String.fromCharCode(97 + i), i]))],
    nsp: "/",
  },
  // client to server, as socket.io-client 4.8 builds them
  clientConnect: { type: 0, data: undefined, nsp: "/" },
  clientConnectAuth: { type: 0, data: { token: "secret" }, nsp: "/auth" },
  clientConnectRecovery: { type: 0, data: { pid: "p1", offset: "o1" }, nsp: "/" },
  clientEventAck: { type: 2, data: ["ack", 1, { deep: [bytes(2)] }], id: 0, nsp: "/" },
  clientAck: { type: 3, id: 3, data: [null, "x"], nsp: "/custom" },
  clientDisconnect: { type: 1, nsp: "/chat" },
  clientTypedArray: { type: 2, data: ["bin", new Uint8Array([1, 2]), new Uint8Array(0).buffer], nsp: "/" },
  clientDate: { type: 2, data: ["date", new Date(1700000000123)], nsp: "/" },
  clientUndefinedArg: { type: 2, data: ["u", undefined], nsp: "/" },
  clientExtraKey: { type: 2, data: ["x"], nsp: "/", extra: { a: [1] } },
};

for (const [name, packet] of Object.entries(rows)) {
  console.log(name, encoder.encode(packet)[0].toString("hex"));
}
