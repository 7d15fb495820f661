// One Node.js server of the test cluster: socket.io 4.8 with @socket.io/redis-adapter 8.3 on the
// Redis at --redis-port. It speaks the contract cluster.test.mjs drives (the same as
// cluster-node.cpp): commands arrive as events from a socket.io-client and answer through acks.
// Prints "LISTENING <port>" once it listens, and one line per server-side event it receives.
import { createServer } from "node:http";
import { createClient } from "redis";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : fallback;
};
const port = Number(option("--port", "0"));
const redisPort = Number(option("--redis-port", "6379"));
const name = option("--name", "node");
// classic (createAdapter), sharded (createShardedAdapter) or streams (@socket.io/redis-streams-adapter)
const dialect = option("--adapter", "classic");
const recovery = args.includes("--recovery");
const streamCount = Number(option("--stream-count", "1"));
const subscriptionMode = option("--sharded-mode", "dynamic"); // static, dynamic or dynamic-private

const pubClient = createClient({ url: `redis://127.0.0.1:${redisPort}` });
const subClient = pubClient.duplicate();
pubClient.on("error", (error) => console.error(`redis: ${error.message}`));
subClient.on("error", (error) => console.error(`redis: ${error.message}`));
await Promise.all([pubClient.connect(), subClient.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, {
  adapter:
    dialect === "streams"
      ? createStreamsAdapter(pubClient, { streamCount })
      : dialect === "sharded"
        ? createShardedAdapter(pubClient, subClient, { subscriptionMode })
        : createAdapter(pubClient, subClient, { requestsTimeout: 2000 }),
  ...(recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 60000 } } : {}),
});

function target(spec = {}) {
  let op = io.of(spec.nsp ?? "/");
  if (spec.rooms?.length) op = op.to(spec.rooms);
  if (spec.except?.length) op = op.except(spec.except);
  if (spec.volatile) op = op.volatile;
  if (spec.local) op = op.local;
  if (spec.timeout !== undefined) op = op.timeout(spec.timeout);
  return op;
}

function serverSideHandlers(nsp) {
  nsp.on("ping-sse", (...sseArgs) => {
    const callback = typeof sseArgs.at(-1) === "function" ? sseArgs.pop() : null;
    console.log(`SSE ${nsp.name} ${JSON.stringify(sseArgs)}`);
    if (callback) callback(`pong from ${name}`);
  });
}

function contract(socket) {
  socket.on("whoami", (...whoamiArgs) =>
    whoamiArgs.at(-1)({ name, id: socket.id, recovered: socket.recovered, rooms: [...socket.rooms], data: socket.data }),
  );
  socket.on("join", (room, ack) => {
    socket.join(room);
    ack(true);
  });
  socket.on("leave", (room, ack) => {
    socket.leave(room);
    ack(true);
  });
  socket.on("set-data", (data, ack) => {
    socket.data = data;
    ack(true);
  });
  socket.on("emit-to", (spec, ack) => {
    target(spec).emit(spec.event, ...(spec.args ?? []));
    ack(true);
  });
  socket.on("fetch", async (spec, ack) => {
    try {
      const sockets = await target(spec).fetchSockets();
      ack({ sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, address: s.handshake.address })) });
    } catch (error) {
      ack({ error: error.message });
    }
  });
  socket.on("remote-emit", async (spec, ack) => {
    const sockets = await target(spec).fetchSockets();
    const found = sockets.find((s) => s.id === spec.id);
    if (found) found.emit(spec.event, ...(spec.args ?? []));
    ack(Boolean(found));
  });
  socket.on("sockets-join", (spec, ack) => {
    target(spec).socketsJoin(spec.join);
    ack(true);
  });
  socket.on("sockets-leave", (spec, ack) => {
    target(spec).socketsLeave(spec.leave);
    ack(true);
  });
  socket.on("disconnect-sockets", (spec, ack) => {
    target(spec).disconnectSockets(Boolean(spec.close));
    ack(true);
  });
  socket.on("sse", (spec, ack) => {
    const nsp = io.of(spec.nsp ?? "/");
    if (!spec.ack) {
      nsp.serverSideEmit(spec.event, ...(spec.args ?? []));
      ack(true);
      return;
    }
    nsp.serverSideEmit(spec.event, ...(spec.args ?? []), (error, responses) =>
      ack({ error: error ? error.message : null, responses }),
    );
  });
  socket.on("broadcast-ack", (spec, ack) => {
    target(spec).emit(spec.event, ...(spec.args ?? []), (error, responses) =>
      ack({ error: error ? error.message : null, responses }),
    );
  });
}

for (const nsp of [io.of("/"), io.of("/chat")]) {
  serverSideHandlers(nsp);
  nsp.on("connection", contract);
}

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});

process.on("SIGTERM", () => {
  io.close();
  Promise.allSettled([pubClient.quit(), subClient.quit()]).then(() => process.exit(0));
});
