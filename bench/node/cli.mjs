// The command line every benchmark server takes: --port N (0 = a free one), --host ADDRESS; and,
// for the servers that can join a cluster (options.redis), --redis-port N (0 = alone).
export function parseArgs(name, argv, options = {}) {
  const usage = (message) => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(2);
  };
  const opts = { port: 3000, host: "127.0.0.1", redisPort: 0 };
  const args = [...argv];
  while (args.length > 0) {
    const flag = args.shift();
    if (args.length === 0) usage(`${flag} needs a value`);
    const value = args.shift();
    switch (flag) {
      case "--port": {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port: not a port: ${value}`);
        opts.port = port;
        break;
      }
      case "--host": opts.host = value; break;
      case "--redis-port": {
        const port = Number(value);
        if (!options.redis) usage(`unknown flag: ${flag}`);
        if (!Number.isInteger(port) || port <= 0 || port > 65535) usage(`--redis-port: not a port: ${value}`);
        opts.redisPort = port;
        break;
      }
      default: usage(`unknown flag: ${flag}`);
    }
  }
  return opts;
}
