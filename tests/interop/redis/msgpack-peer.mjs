#!/usr/bin/env node
// The MessagePack codecs of the Node cluster adapters, for tst_msgpackcodec:
// notepack.io 3 (@socket.io/redis-adapter) and @msgpack/msgpack 2.8
// (@socket.io/redis-streams-adapter). One JSON request per stdin line, one JSON
// answer per stdout line, after a first line {"ready":true,...} with the versions.
//
// Requests:
//   {"codec":"notepack"|"msgpack","op":"decode","hex":"<bytes>"}
//   {"codec":"notepack"|"msgpack","op":"encode","json":<tagged value>}
// Answers:
//   {"value":<tagged value>}   the decoded value
//   {"hex":"<bytes>"}          the encoding
//   {"error":"<message>"}      what the codec threw
//
// A tagged value is JSON with what JSON cannot hold spelled out:
//   {"$bin":"<hex>"}        a Buffer (notepack) or Uint8Array (@msgpack)
//   {"$date":<ms>}          a Date ({"$date":null} for an invalid one)
//   {"$undefined":true}     undefined
//   {"$num":"NaN"|"Infinity"|"-Infinity"|"-0"}
//   {"$bigint":"<digits>"}  a BigInt (decoded only)
// An @msgpack ExtData is answered as notepack gives an unknown extension:
// [type, {"$bin":"<data>"}].

import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
const notepack = require("notepack.io");
const msgpack = require("@msgpack/msgpack");

const codecs = {
  notepack: {
    encode: (value) => notepack.encode(value),
    decode: (bytes) => notepack.decode(bytes),
    binary: (bytes) => bytes,
  },
  msgpack: {
    encode: (value) => Buffer.from(msgpack.encode(value)),
    decode: (bytes) => msgpack.decode(bytes),
    binary: (bytes) => new Uint8Array(bytes),
  },
};

function hexOf(view) {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("hex");
}

function setKey(object, key, value) {
  // defineProperty, so that a "__proto__" key stays a plain key.
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function toTagged(value) {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (Object.is(value, -0)) return { $num: "-0" };
    return Number.isFinite(value) ? value : { $num: String(value) };
  }
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Date) {
    const time = value.getTime();
    return { $date: Number.isNaN(time) ? null : time };
  }
  if (value instanceof msgpack.ExtData) return [value.type, { $bin: hexOf(value.data) }];
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("hex") };
  if (ArrayBuffer.isView(value)) return { $bin: hexOf(value) };
  if (Array.isArray(value)) return value.map(toTagged);
  const out = {};
  for (const key of Object.keys(value)) setKey(out, key, toTagged(value[key]));
  return out;
}

function fromTagged(json, codec) {
  if (Array.isArray(json)) return json.map((element) => fromTagged(element, codec));
  if (json === null || typeof json !== "object") return json;
  const keys = Object.keys(json);
  if (keys.length === 1) {
    switch (keys[0]) {
      case "$bin":
        return codec.binary(Buffer.from(json.$bin, "hex"));
      case "$date":
        return new Date(json.$date === null ? NaN : json.$date);
      case "$undefined":
        return undefined;
      case "$num":
        return json.$num === "-0" ? -0 : Number(json.$num);
    }
  }
  const out = {};
  for (const key of keys) setKey(out, key, fromTagged(json[key], codec));
  return out;
}

// JSON with every character past ASCII escaped, so that what the reader of the
// answers makes of raw UTF-8 (a leading byte order mark, say) cannot matter.
function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function answer(request) {
  const codec = codecs[request.codec];
  if (!codec) throw new Error(`unknown codec ${request.codec}`);
  switch (request.op) {
    case "decode":
      return { value: toTagged(codec.decode(Buffer.from(request.hex, "hex"))) };
    case "encode":
      return { hex: codec.encode(fromTagged(request.json, codec)).toString("hex") };
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

process.stdout.write(
  JSON.stringify({
    ready: true,
    notepack: require("notepack.io/package.json").version,
    msgpack: require("@msgpack/msgpack/package.json").version,
  }) + "\n",
);

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (error) {
    reply = { error: String(error?.message ?? error) };
  }
  process.stdout.write(asciiJson(reply) + "\n");
}
