// The server under test as a child process: spawned on an ephemeral port,
// its stdout event lines collected, stopped (and checked for crashes) when
// the test ends. Shared by the interop suites; Node built-ins only.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export const HOST = "127.0.0.1";

const STARTUP_TIMEOUT_MS = 5000;
const STOP_TIMEOUT_MS = 2000;

/**
 * A running server process. `lines` collects every stdout line (the
 * `LISTENING` line included); `waitForLine` resolves with the first (past or
 * future) line matching a pattern.
 */
export class ServerProcess {
  #child;
  #waiters = new Set();
  #cancels = new Set();
  #cleanups = [];
  #stdoutBuffer = "";
  #stderr = "";
  #exited;
  #signalled = false;

  lines = [];
  port = 0;
  secure = false;

  constructor(child, secure = false) {
    this.#child = child;
    this.secure = secure;
    this.#exited = once(child, "exit");
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => this.#onStdout(chunk));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      this.#stderr += chunk;
    });
  }

  /** The server's process id (for its memory and descriptor limits). */
  get pid() {
    return this.#child.pid;
  }

  get url() {
    return `${this.secure ? "https" : "http"}://${HOST}:${this.port}`;
  }

  #onStdout(chunk) {
    this.#stdoutBuffer += chunk;
    let newline;
    while ((newline = this.#stdoutBuffer.indexOf("\n")) !== -1) {
      const line = this.#stdoutBuffer.slice(0, newline).replace(/\r$/, "");
      this.#stdoutBuffer = this.#stdoutBuffer.slice(newline + 1);
      this.lines.push(line);
      for (const waiter of this.#waiters) waiter(line);
    }
  }

  /** Resolves with the first line matching `pattern` (RegExp or exact string). */
  waitForLine(pattern, timeoutMs = 3000) {
    const matches = (line) =>
      typeof pattern === "string" ? line === pattern : pattern.test(line);
    const existing = this.lines.find(matches);
    if (existing !== undefined) return Promise.resolve(existing);

    return new Promise((resolvePromise, reject) => {
      const onExit = () => finish(new Error(`server exited while waiting for ${pattern}`));
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `timed out after ${timeoutMs} ms waiting for server line ${pattern}; ` +
                `lines so far: ${JSON.stringify(this.lines)}`,
            ),
          ),
        timeoutMs,
      );
      const waiter = (line) => {
        if (matches(line)) finish(null, line);
      };
      const finish = (error, line) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        this.#cancels.delete(cancel);
        this.#child.off("exit", onExit);
        if (error) reject(error);
        else resolvePromise(line);
      };
      const cancel = () => finish(new Error(`server stopped while waiting for ${pattern}`));
      this.#waiters.add(waiter);
      this.#cancels.add(cancel);
      this.#child.once("exit", onExit);
    });
  }

  /**
   * Event lines about one socket or engine connection: the lines whose word
   * after the event name (or after the namespace) is `id`, e.g.
   * linesFor(id) → ["CONNECT / id", "DISCONNECTING / id transport close", ...].
   */
  linesFor(id) {
    return this.lines.filter((line) => {
      const words = line.split(" ");
      return words[1] === id || (words[1]?.startsWith("/") && words[2] === id);
    });
  }

  /** Number of lines seen so far that match `pattern`. */
  count(pattern) {
    return this.lines.filter((line) => (typeof pattern === "string" ? line === pattern : pattern.test(line))).length;
  }

  /** Signals the server's whole process group (the server and anything it started). */
  #signalGroup(signal) {
    try {
      process.kill(-this.#child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL after a grace period). Throws if
   * the server had died on its own: a crash is a failure even when the test's
   * own assertions passed.
   */
  async stop() {
    // Clients first, while the server still runs, newest first.
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch {
        // A client that is already gone.
      }
    }
    const { exitCode, signalCode } = this.#child;
    const diedOnItsOwn = !this.#signalled && (exitCode !== null || signalCode !== null);
    this.#signalled = true;
    if (exitCode === null && signalCode === null && this.#child.pid !== undefined) {
      this.#signalGroup("SIGTERM");
      const killTimer = setTimeout(() => this.#signalGroup("SIGKILL"), STOP_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(killTimer);
    }
    for (const cancel of this.#cancels) cancel();
    // Do not let a leftover grandchild holding the pipes keep the test alive.
    this.#signalGroup("SIGKILL");
    this.#child.stdout.destroy();
    this.#child.stderr.destroy();
    if (diedOnItsOwn) {
      throw new Error(
        `the server exited during the test (code ${exitCode}, signal ${signalCode}); ` +
          `stderr:\n${this.#stderr.slice(-4000)}`,
      );
    }
  }

  /** Registers `fn` (a client close) to run when the server stops, before it is signalled. */
  onStop(fn) {
    this.#cleanups.push(fn);
  }

  /** Sends SIGTERM and resolves with { code, signal, elapsedMs } once it exits. */
  async terminate() {
    this.#signalled = true;
    const started = Date.now();
    this.#child.kill("SIGTERM");
    const [code, signal] = await this.#exited;
    return { code, signal, elapsedMs: Date.now() - started };
  }

  async started() {
    const line = await this.waitForLine(/^LISTENING \d+$/, STARTUP_TIMEOUT_MS).catch((error) => {
      throw new Error(`${error.message}\nserver stderr:\n${this.#stderr}`);
    });
    this.port = Number(line.split(" ")[1]);
    return this;
  }
}

/**
 * The command for the server under test named by environment variable
 * `envVar` (an executable, or a .mjs file run with node). Throws when unset:
 * an interop test without its server fails, it never skips.
 */
export function serverCommand(envVar, example) {
  const configured = process.env[envVar];
  if (!configured) {
    throw new Error(`${envVar} is not set: point it at the server under test, e.g. ${envVar}=${example}`);
  }
  const executable = resolve(process.cwd(), configured);
  return executable.endsWith(".mjs")
    ? { command: process.execPath, prefix: [executable] }
    : { command: executable, prefix: [] };
}

/**
 * Starts the server under test (see serverCommand) with `flags` on an
 * ephemeral port; stopped automatically when the test `t` ends.
 */
export async function startServerProcess(t, { envVar, example, flags = [], secure = false }) {
  const { command, prefix } = serverCommand(envVar, example);
  const args = [...prefix, "--port", "0", ...flags];
  // Its own process group, so that stop() also reaches anything it spawned.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  const server = new ServerProcess(child, secure);
  t.after(() => server.stop());
  const spawnError = once(child, "error").then(([error]) => {
    throw new Error(`cannot start ${command}: ${error.message}`);
  });
  spawnError.catch(() => {});
  await Promise.race([server.started(), spawnError]);
  return server;
}

// Generic waiting helpers

/** Resolves when `predicate()` holds, polling every 10 ms, or throws after timeoutMs. */
export async function waitUntil(predicate, timeoutMs, description) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${description}`);
    await delay(10);
  }
}

/** Rejects after timeoutMs unless `promise` settles first. */
export function withTimeout(promise, timeoutMs, description) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms: ${description}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
