// The chat of examples/chat as a Node.js server: socket.io 4.8 with @socket.io/redis-adapter 8.3,
// the same events, payloads and rooms as examples/chat/main.cpp, and the same page
// (examples/chat/index.html, chat.css, chat.js; socket.io serves /socket.io/socket.io.js).
// With --redis host:port it joins the cluster of examples/cluster; without, it runs alone.
//
//   node node-chat.mjs [--port 3000] [--host 127.0.0.1] [--redis 127.0.0.1:6379]
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";

const LOBBY = "lobby";
const MAX_NICKNAME_LENGTH = 20;
const MAX_ROOM_LENGTH = 30;
const MAX_MESSAGE_LENGTH = 2000;
const REQUESTS_TIMEOUT_MS = 2000; // as the Qt chat: under the page's 5 s acknowledgement timeout

const PAGE_DIR = new URL("../chat/", import.meta.url);
const PAGES = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/chat.css": ["chat.css", "text/css; charset=utf-8"],
  "/chat.js": ["chat.js", "text/javascript; charset=utf-8"],
};

function usage(message) {
  console.error(`node-chat: ${message}`);
  console.error("usage: node node-chat.mjs [--port 3000] [--host 127.0.0.1] [--redis host:port]");
  process.exit(2);
}

function parseArgs(argv) {
  const options = { port: 3000, host: "127.0.0.1", redis: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) usage(`${name} wants a value`);
    if (name === "--port") options.port = Number(value);
    else if (name === "--host") options.host = value;
    else if (name === "--redis") options.redis = value;
    else usage(`unknown option ${name}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) usage("invalid --port");
  if (options.redis !== null) {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(options.redis);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) usage("--redis wants host:port");
    options.redis = { host: match[1], port };
  }
  return options;
}

// --- the chat's helpers, as main.cpp has them ------------------------------

// QVariant::toString() of a JSON value: strings as they are, numbers and booleans spelled out,
// anything else empty.
function text(value) {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

// QString::toCaseFolded(), near enough for nicknames.
const fold = (name) => name.toLowerCase();

// A nickname or room name: trimmed, not empty, not too long, no control characters.
function isValidName(name, maxLength) {
  return name.length > 0 && name.length <= maxLength && !/\p{Cc}/u.test(name);
}

const failure = (error) => ({ ok: false, error });
const nicknameOf = (socket) => text(socket?.data?.nickname);
const roomOf = (socket) => text(socket.data?.room);
const byFoldedName = (a, b) => {
  const [x, y] = [fold(a), fold(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

// The acknowledgement callback, when the client asked for one (the last argument).
function ackOf(args) {
  return typeof args.at(-1) === "function" ? args.pop() : () => {};
}

// --- the server ------------------------------------------------------------

const options = parseArgs(process.argv.slice(2));

const httpServer = createServer(async (request, response) => {
  const page = PAGES[new URL(request.url, "http://localhost").pathname];
  if (!page) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(new URL(page[0], PAGE_DIR));
    response.writeHead(200, { "Content-Type": page[1], "Content-Length": body.length }).end(body);
  } catch {
    response.writeHead(404).end();
  }
});

let pubClient = null;
let subClient = null;
let adapter;
if (options.redis) {
  const where = `${options.redis.host}:${options.redis.port}`;
  pubClient = createClient({ socket: { host: options.redis.host, port: options.redis.port } });
  subClient = pubClient.duplicate();
  let connected = false;
  const report = (now) => {
    if (now === connected) return;
    connected = now;
    console.log(`node-chat: Redis at ${where} ${now ? "connected" : "unreachable"}`);
  };
  for (const client of [pubClient, subClient]) {
    client.on("ready", () => report(pubClient.isReady && subClient.isReady));
    client.on("error", () => report(false)); // node-redis reconnects by itself
  }
  await Promise.all([pubClient.connect(), subClient.connect()]);
  adapter = createAdapter(pubClient, subClient, { requestsTimeout: REQUESTS_TIMEOUT_MS });
  console.log(`node-chat: cluster through Redis at ${where}`);
}

const io = new Server(httpServer, adapter ? { adapter } : {});

// Who is who on this server: folded nickname -> socket id. The cluster's other servers are asked
// with fetchSockets().
const socketIdByNickname = new Map();

// Every server's sockets in `rooms` (all when empty); this server's alone when the cluster does
// not answer in time (Node's fetchSockets() then fails, where the Qt one gives what arrived).
async function fetchSockets(rooms = []) {
  try {
    return await io.in(rooms).fetchSockets();
  } catch {
    return io.in(rooms).local.fetchSockets();
  }
}

// Whether room is named like a socket id: every socket is in its own room, which would bring
// that user's private messages.
const isSocketRoom = (sockets, room) => sockets.some((socket) => socket.id === room);

function findNickname(sockets, key, exceptId = null) {
  return sockets.find((socket) => socket.id !== exceptId && fold(nicknameOf(socket)) === key) ?? null;
}

// Moves a named socket from its current room to room, telling both rooms.
function moveToRoom(socket, room) {
  const nickname = nicknameOf(socket);
  const previous = roomOf(socket);
  if (previous === room) return;
  if (previous) {
    socket.leave(previous);
    socket.to(previous).emit("user left", { nickname, room: previous });
  }
  socket.join(room);
  socket.data.room = room;
  socket.to(room).emit("user joined", { nickname, room });
}

io.on("connection", (socket) => {
  socket.data = {};

  socket.on("set nickname", async (...args) => {
    const ack = ackOf(args);
    const nickname = text(args[0]).trim();
    if (!isValidName(nickname, MAX_NICKNAME_LENGTH)) return ack(failure("invalid"));
    // Every server's nicknames, then ours again: one taken here meanwhile counts too.
    const sockets = await fetchSockets();
    if (!socket.connected) return;
    const key = fold(nickname);
    const owner = socketIdByNickname.get(key);
    if ((owner && owner !== socket.id) || findNickname(sockets, key, socket.id)) return ack(failure("taken"));
    const previous = nicknameOf(socket);
    if (previous) socketIdByNickname.delete(fold(previous));
    socketIdByNickname.set(key, socket.id);
    socket.data.nickname = nickname;
    if (!roomOf(socket)) moveToRoom(socket, LOBBY); // the first nickname enters the lobby
    else if (previous !== nickname)
      io.to(roomOf(socket)).emit("user renamed", { from: previous, to: nickname, room: roomOf(socket) });
    ack({ ok: true, nickname, room: roomOf(socket) });
  });

  socket.on("join room", async (...args) => {
    const ack = ackOf(args);
    const room = text(args[0]).trim();
    if (!nicknameOf(socket)) return ack(failure("no nickname"));
    if (!isValidName(room, MAX_ROOM_LENGTH)) return ack(failure("invalid"));
    // Who is in it on every server: a room named like a socket id would receive that user's
    // private messages.
    const members = await fetchSockets([room]);
    if (!socket.connected) return;
    if (isSocketRoom(members, room)) return ack(failure("invalid"));
    moveToRoom(socket, room);
    ack({ ok: true, room });
  });

  socket.on("leave room", (...args) => {
    const ack = ackOf(args);
    if (!nicknameOf(socket)) return ack(failure("no nickname"));
    moveToRoom(socket, LOBBY);
    ack({ ok: true, room: LOBBY });
  });

  socket.on("chat message", (...args) => {
    const ack = ackOf(args);
    const message = text(args[0]).trim();
    const room = roomOf(socket);
    if (!room || !message || message.length > MAX_MESSAGE_LENGTH) return ack(failure("invalid"));
    io.to(room).emit("chat message", { from: nicknameOf(socket), text: message, room, time: Date.now() });
    ack({ ok: true });
  });

  for (const event of ["typing", "stop typing"]) {
    socket.on(event, () => {
      const room = roomOf(socket);
      if (!room) return;
      socket.to(room).emit(event, { nickname: nicknameOf(socket), room });
    });
  }

  socket.on("private message", async (...args) => {
    const ack = ackOf(args);
    const message = args[0] !== null && typeof args[0] === "object" && !Array.isArray(args[0]) ? args[0] : {};
    const to = text(message.to).trim();
    const body = text(message.text).trim();
    if (!nicknameOf(socket) || !to || !body || body.length > MAX_MESSAGE_LENGTH) return ack({ delivered: false });
    // The recipient may be on any server of the cluster.
    const target = findNickname(await fetchSockets(), fold(to));
    if (!target) return ack({ delivered: false });
    // Every socket is in the room named by its id: this reaches that user only.
    io.to(target.id).emit("private message", {
      from: nicknameOf(socket),
      to: nicknameOf(target),
      text: body,
      time: Date.now(),
    });
    ack({ delivered: true });
  });

  socket.on("users", async (...args) => {
    const ack = ackOf(args);
    const room = text(args[0]).trim() || roomOf(socket);
    if (!room) return ack({ room, users: [] });
    const sockets = await fetchSockets([room]);
    const users = isSocketRoom(sockets, room) ? [] : sockets.map(nicknameOf).filter(Boolean).sort(byFoldedName);
    ack({ room, users });
  });

  // Still in its rooms while disconnecting: tell the room, free the nickname.
  socket.on("disconnecting", () => {
    const nickname = nicknameOf(socket);
    if (!nickname) return;
    socketIdByNickname.delete(fold(nickname));
    const room = roomOf(socket);
    socket.to(room).emit("stop typing", { nickname, room });
    socket.to(room).emit("user left", { nickname, room });
  });
});

httpServer.on("error", (error) => {
  console.error(`node-chat: cannot listen: ${error.message}`);
  process.exit(1);
});
httpServer.listen(options.port, options.host, () => {
  const { address, port } = httpServer.address();
  const shown = address.includes(":") ? `[${address}]` : address;
  console.log(`chat server listening on http://${shown}:${port}/`);
});

function stop() {
  setTimeout(() => process.exit(0), 1000).unref();
  io.close();
  Promise.allSettled([pubClient?.quit(), subClient?.quit()]).then(() => process.exit(0));
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
