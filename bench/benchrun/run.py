"""Running: the server and load generator processes (and for a cluster, redis-server and a server
per node), one run of a point (its record: the load generator's JSON, the driver's RSS samples, what
Redis and the servers said, status and why), and the rounds of the whole plan within the time
budget."""

import datetime
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .aggregate import number
from .machine import pinning_setup, read_text
from .plan import LOADGEN_CPU_LIMIT, LOADGEN_WORKLOAD, NODE_DIR, ROOMCHAT_P95_LIMIT_US, SERVER_WORKLOADS

SERVER_START_TIMEOUT = 20.0
SERVER_STOP_GRACE = 3.0
REDIS_START_TIMEOUT = 10.0
# Until every server of a cluster has subscribed to Redis.
CLUSTER_READY_TIMEOUT = 15.0
# Both adapters (ours and @socket.io/redis-adapter) subscribe to this channel for namespace "/".
REQUEST_CHANNEL = "socket.io-request#/#"
# What the report keeps of Redis' INFO after a cluster run.
REDIS_INFO_KEYS = ("total_connections_received", "total_commands_processed", "used_cpu_sys", "used_cpu_user",
                   "client_recent_max_output_buffer", "connected_clients", "pubsub_patterns", "pubsub_channels")
# npm packages of bench/node: the servers, and what server.mjs needs to join a cluster.
NODE_PACKAGES = ("socket.io", "ws")
NODE_CLUSTER_PACKAGES = ("redis", "@socket.io/redis-adapter")


# ----------------------------------------------------------------------------------------------
# Process bookkeeping: every child runs in its own process group and is killed on the way out.

_children = set()
_children_lock = threading.Lock()


class Interrupted(Exception):
    pass


def spawn(cmd, **kwargs):
    proc = subprocess.Popen([str(c) for c in cmd], start_new_session=True, **kwargs)
    with _children_lock:
        _children.add(proc)
    return proc


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop(proc, grace=SERVER_STOP_GRACE):
    """SIGTERM, then SIGKILL after `grace` seconds; returns how it ended."""
    how = "exited"
    if proc.poll() is None:
        how = "terminated"
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            how = "killed"
            _signal_group(proc, signal.SIGKILL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
    # Whatever the leader left behind in its group goes too.
    _signal_group(proc, signal.SIGKILL)
    with _children_lock:
        _children.discard(proc)
    return how


def kill_all():
    with _children_lock:
        procs = list(_children)
    for proc in procs:
        _signal_group(proc, signal.SIGKILL)
        try:
            proc.wait(timeout=2)
        except Exception:
            pass
    with _children_lock:
        _children.clear()


def _on_signal(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


# ----------------------------------------------------------------------------------------------
# Small helpers


def log(message):
    print(f"bench/run: {message}", file=sys.stderr, flush=True)


def tail(path, lines=8):
    text = read_text(path).strip().splitlines()
    return "\n".join(text[-lines:])


def free_port():
    """A port nobody listens on at the moment (a small race, as for any free-port pick)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_reply(stream):
    line = stream.readline()
    if not line.endswith(b"\r\n"):
        raise ValueError("truncated reply")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest
    if kind == b"-":
        raise ValueError(rest.decode(errors="replace"))
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else stream.read(size + 2)[:-2]
    if kind == b"*":
        count = int(rest)
        return None if count < 0 else [_read_reply(stream) for _ in range(count)]
    raise ValueError(f"unknown reply {line[:20]!r}")


def redis_request(sock, *args):
    """One command on a connected socket to Redis (RESP2); the reply as bytes, int or list. Raises
    OSError or ValueError."""
    request = [f"*{len(args)}\r\n".encode()]
    for arg in args:
        arg = arg if isinstance(arg, bytes) else str(arg).encode()
        request.append(f"${len(arg)}\r\n".encode() + arg + b"\r\n")
    sock.sendall(b"".join(request))
    with sock.makefile("rb") as stream:
        return _read_reply(stream)


def rss_kb(pid):
    for line in read_text(f"/proc/{pid}/status").splitlines():
        if line.startswith("VmRSS:"):
            try:
                return int(line.split()[1])
            except (IndexError, ValueError):
                return None
    return None


# ----------------------------------------------------------------------------------------------
# One run


class Runner:
    def __init__(self, args, build_dir, work_dir, deadline):
        self.args = args
        self.build_dir = build_dir
        self.work_dir = work_dir
        self.deadline = deadline
        self.server_prefix, self.loadgen_prefix, self.pinning = pinning_setup()
        self.loadgen = build_dir / "bench" / "loadgen" / "loadgen"
        self.node = shutil.which("node")
        self.redis_server = shutil.which("redis-server")
        self.loadgen_flags = set()
        self.counter = 0
        self.redis_probes = 0  # connections the driver made to the Redis of the current run

    def server_command(self, server):
        if server == "ours":
            return [self.build_dir / "bench" / "server" / "bench-server"]
        if server == "ours-admin":
            return [self.build_dir / "bench" / "server" / "bench-server", "--admin"]
        if server == "ours-qt":
            return [self.build_dir / "bench" / "server" / "bench-server", "--qt-dispatcher"]
        if server == "ours-qml":
            return [self.build_dir / "bench" / "qml-server" / "bench-qml-server"]
        if server == "raw-qt":
            return [self.build_dir / "bench" / "raw-qt" / "raw-qt-server"]
        if server == "node":
            return [self.node or "node", NODE_DIR / "server.mjs"]
        if server == "raw-ws":
            return [self.node or "node", NODE_DIR / "raw-ws.mjs"]
        raise ValueError(server)

    def probe_loadgen(self):
        """The options the load generator advertises beyond the contract (--warmup, --settle, --timeout)."""
        try:
            out = subprocess.run([str(self.loadgen), "--help"], capture_output=True, text=True, timeout=10)
            text = out.stdout + out.stderr
        except (OSError, subprocess.SubprocessError):
            text = ""
        self.loadgen_flags = {flag for flag in ("--warmup", "--settle", "--timeout") if flag in text}

    def remaining(self):
        return self.deadline - time.monotonic()

    def start_server(self, server, tag, extra=()):
        stdout_log = self.work_dir / f"{tag}.server.out"
        stderr_log = self.work_dir / f"{tag}.server.err"
        err = open(stderr_log, "wb")
        cmd = self.server_prefix + self.server_command(server) + ["--port", "0"] + [str(a) for a in extra]
        cwd = NODE_DIR if server in ("node", "raw-ws") else None
        try:
            proc = spawn(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
        except OSError as e:
            return None, None, f"cannot start {server}: {e}"
        finally:
            err.close()
        found = {}
        ready = threading.Event()

        def reader():
            with open(stdout_log, "wb") as out:
                for raw in iter(proc.stdout.readline, b""):
                    out.write(raw)
                    out.flush()
                    if "port" not in found:
                        match = re.match(rb"\s*listening on (\d+)\s*$", raw)
                        if match:
                            found["port"] = int(match.group(1))
                            ready.set()
            ready.set()

        proc.reader = threading.Thread(target=reader, daemon=True)
        proc.reader.start()
        limit = min(SERVER_START_TIMEOUT, max(1.0, self.remaining()))
        ready.wait(limit)
        if "port" not in found:
            code = proc.poll()
            stop(proc)
            what = f"exited with {code}" if code is not None else f"no 'listening on <port>' within {limit:.0f} s"
            detail = tail(stderr_log, 5)
            return None, None, f"{server} {what}" + (f": {detail}" if detail else "")
        return proc, found["port"], None

    def redis(self, port, *args, timeout=2.0):
        """One command to the Redis at 127.0.0.1:port on a connection of its own, counted (the report
        tells the servers' reconnects from these)."""
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            self.redis_probes += 1
            return redis_request(sock, *args)

    def start_redis(self, tag):
        """redis-server on a free loopback port, without persistence, pinned with the servers.
        Returns (process, port, error)."""
        port = free_port()
        log_path = self.work_dir / f"{tag}.redis.log"
        cmd = self.server_prefix + [self.redis_server or "redis-server", "--port", port, "--bind", "127.0.0.1",
                                    "--save", "", "--appendonly", "no", "--dir", self.work_dir]
        try:
            with open(log_path, "wb") as out:
                proc = spawn(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as e:
            return None, None, f"cannot start redis-server: {e}"
        end = time.monotonic() + min(REDIS_START_TIMEOUT, max(1.0, self.remaining()))
        while time.monotonic() < end:
            if proc.poll() is not None:
                break
            try:
                if self.redis(port, "PING", timeout=0.5) == b"PONG":
                    return proc, port, None
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        code = proc.poll()
        stop(proc)
        what = f"exited with {code}" if code is not None else "did not answer PING"
        return None, None, f"redis-server {what}: {tail(log_path, 3)}"

    def wait_subscribed(self, port, count):
        """Waits until `count` servers have subscribed to the request channel of namespace "/"; returns
        an error or None."""
        end = time.monotonic() + min(CLUSTER_READY_TIMEOUT, max(1.0, self.remaining()))
        subscribers = None
        while time.monotonic() < end:
            try:
                reply = self.redis(port, "PUBSUB", "NUMSUB", REQUEST_CHANNEL)
                subscribers = reply[1] if isinstance(reply, list) and len(reply) == 2 else None
                if isinstance(subscribers, int) and subscribers >= count:
                    return None
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        return f"{subscribers or 0} of {count} servers subscribed to Redis within {CLUSTER_READY_TIMEOUT:.0f} s"

    def redis_info(self, port):
        """The numbers of REDIS_INFO_KEYS from INFO, {} when Redis does not answer."""
        try:
            text = self.redis(port, "INFO", "all").decode(errors="replace")
        except (OSError, ValueError, AttributeError):
            return {}
        info = {}
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key in REDIS_INFO_KEYS:
                try:
                    info[key] = float(value) if "." in value else int(value)
                except ValueError:
                    pass
        return info

    def start_processes(self, server, point, tag):
        """The servers of a run (one, or a cluster with its redis-server): ([(process, port)], redis
        process or None, redis port, error). On error what did start is left to the caller to stop."""
        if not point.cluster:
            proc, port, error = self.start_server(server, tag)
            return ([(proc, port)] if proc else []), None, None, error
        redis, redis_port, error = self.start_redis(tag)
        servers = []
        if error:
            return servers, None, None, error
        for i in range(point.cluster):
            proc, port, error = self.start_server(server, f"{tag}.{chr(ord('a') + i)}", ["--redis-port", redis_port])
            if error:
                return servers, redis, redis_port, error
            servers.append((proc, port))
        return servers, redis, redis_port, self.wait_subscribed(redis_port, point.cluster)

    def run(self, server, point, repeat):
        self.counter += 1
        tag = f"{self.counter:03d}-{server}-{point.id.replace('/', '-')}-r{repeat}"
        record = {
            "server": server,
            "workload": point.workload,
            "point": point.id,
            "label": point.label,
            "params": point.params,
            "repeat": repeat,
            "status": "failed",
            "reason": "",
            "json": None,
            "driver": {},
        }
        started = time.monotonic()
        record["started"] = datetime.datetime.now().isoformat(timespec="seconds")
        self.redis_probes = 0
        servers, redis, redis_port, lg = [], None, None, None

        def server_rss():
            values = [rss_kb(proc.pid) for proc, _ in servers]
            return sum(values) if values and all(values) else None

        try:
            servers, redis, redis_port, error = self.start_processes(server, point, tag)
            if error:
                record["reason"] = error
                return record
            time.sleep(0.2)
            baseline = server_rss()
            json_path = self.work_dir / f"{tag}.json"
            timeout = min(point.estimate * 2 + 30, self.remaining())
            cmd = self.loadgen_prefix + [self.loadgen]
            for _, port in servers:
                cmd += ["--url", f"http://127.0.0.1:{port}"]
            cmd += ["--workload", LOADGEN_WORKLOAD.get(point.workload, point.workload)] + point.args
            if point.warmup is not None and "--warmup" in self.loadgen_flags:
                cmd += ["--warmup", point.warmup]
            if point.settle is not None and "--settle" in self.loadgen_flags:
                cmd += ["--settle", point.settle]
            if "--timeout" in self.loadgen_flags:
                cmd += ["--timeout", f"{max(5.0, timeout - 5):.0f}"]
            for proc, _ in servers:
                cmd += ["--server-pid", proc.pid]
            if redis is not None:
                cmd += ["--redis-pid", redis.pid]
            cmd += ["--json", json_path]
            record["command"] = " ".join(str(c) for c in cmd)
            with open(self.work_dir / f"{tag}.loadgen.out", "wb") as out, \
                    open(self.work_dir / f"{tag}.loadgen.err", "wb") as err:
                lg = spawn(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            peak = baseline or 0
            end = time.monotonic() + timeout
            timed_out = False
            server_died = None
            while lg.poll() is None:
                if time.monotonic() >= end:
                    timed_out = True
                    break
                value = server_rss()
                if value:
                    peak = max(peak, value)
                if server_died is None:
                    server_died = next((proc.returncode for proc, _ in servers if proc.poll() is not None), None)
                time.sleep(0.2)
            if timed_out:
                stop(lg, grace=2)
            else:
                with _children_lock:
                    _children.discard(lg)
            after = server_rss()
            if server_died is None:
                server_died = next((proc.returncode for proc, _ in servers if proc.poll() is not None), None)
            record["driver"] = {"rss_start_kb": baseline, "rss_peak_kb": peak or None, "rss_end_kb": after}
            if redis is not None:
                record["driver"]["redis"] = self.redis_info(redis_port)
            record["loadgen_exit"] = lg.returncode
            data = None
            text = read_text(json_path)
            if not text.strip():
                # Fall back on the last JSON object the load generator printed.
                for line in reversed(read_text(self.work_dir / f"{tag}.loadgen.out").splitlines()):
                    if line.strip().startswith("{"):
                        text = line
                        break
            try:
                data = json.loads(text) if text.strip() else None
            except ValueError:
                data = None
            if data is not None and not isinstance(data, dict):
                data = None
            record["json"] = data
            problems = []
            if timed_out:
                problems.append(f"load generator killed after {timeout:.0f} s")
            if server_died is not None:
                err_logs = sorted(self.work_dir.glob(f"{tag}*.server.err"))
                detail = " | ".join(t for t in (tail(p, 3) for p in err_logs) if t)
                problems.append(f"server exited with {server_died} during the run: {detail}")
            if data is None:
                if not problems:
                    problems.append(f"load generator exited with {lg.returncode} without JSON: "
                                    f"{tail(self.work_dir / f'{tag}.loadgen.err', 5)}")
                record["status"] = "failed"
                record["reason"] = "; ".join(problems)
            else:
                invalid = []
                cpu = number(data.get("loadgen_cpu"))
                if data.get("valid") is False:
                    invalid.append("loadgen: " + str(data.get("invalid_reason") or "marked invalid"))
                if cpu is not None and cpu > LOADGEN_CPU_LIMIT and "loadgen_cpu" not in str(data.get("invalid_reason")):
                    invalid.append(f"loadgen CPU {cpu:.2f} > {LOADGEN_CPU_LIMIT}")
                if lg.returncode not in (0, None):
                    invalid.append(f"loadgen exit {lg.returncode}")
                invalid += problems
                record["status"] = "invalid" if invalid else "ok"
                record["reason"] = "; ".join(invalid)
        finally:
            if lg is not None and lg.poll() is None:
                stop(lg, grace=1)
            hows = [stop(proc) for proc, _ in servers]
            if hows:
                record["server_stop"] = hows[0] if len(hows) == 1 else ",".join(hows)
            if point.cluster:
                record.setdefault("driver", {})["cluster"] = self.cluster_logs(tag, servers, redis)
            if redis is not None:
                stop(redis)
            record["wall_s"] = round(time.monotonic() - started, 2)
        return record

    def cluster_logs(self, tag, servers, redis):
        """What the servers and Redis said during a cluster run, for the report: each server's stderr
        (its first lines and how many), the commands our adapter dropped, the connections Redis took
        besides the driver's own probes, and Redis' log lines about subscribers it dropped."""
        out = {"driver_redis_connections": self.redis_probes, "servers": []}
        for i, (proc, port) in enumerate(servers):
            reader = getattr(proc, "reader", None)
            if reader is not None:
                reader.join(timeout=2)
            name = f"{tag}.{chr(ord('a') + i)}"
            err_lines = [line for line in read_text(self.work_dir / f"{name}.server.err").splitlines() if line.strip()]
            entry = {"port": port, "stderr_lines": len(err_lines), "stderr_head": err_lines[:5]}
            for line in read_text(self.work_dir / f"{name}.server.out").splitlines():
                found = re.match(r"redis adapter: (\d+) commands dropped, (\w+) at exit", line)
                if found:
                    entry["dropped_commands"] = int(found.group(1))
                    entry["redis_at_exit"] = found.group(2)
            out["servers"].append(entry)
        if redis is not None:
            lines = read_text(self.work_dir / f"{tag}.redis.log").splitlines()
            out["redis_buffer_limit_closes"] = sum("output buffer limits" in line for line in lines)
        return out


def check_setup(args, runner):
    problems = []
    if not runner.loadgen.exists():
        problems.append(f"load generator not found: {runner.loadgen} (build with ./scripts/build)")
    for server in args.server_list:
        if server in ("ours", "raw-qt", "ours-admin", "ours-qt", "ours-qml"):
            exe = runner.server_command(server)[0]
            if not Path(exe).exists():
                problems.append(f"{server}: {exe} not found (build with ./scripts/build)")
    cluster = "cluster-fanout" in args.workload_list and any(
        "cluster-fanout" in SERVER_WORKLOADS[s] for s in args.server_list)
    if cluster and not runner.redis_server:
        problems.append("redis-server is not on PATH (Debian package redis-server; ./scripts/install-deps) "
                        "for cluster-fanout")
    if any(s in ("node", "raw-ws") for s in args.server_list):
        if not runner.node:
            problems.append("node is not on PATH (Node.js >= 20 is needed for the node and raw-ws servers)")
        packages = NODE_PACKAGES + (NODE_CLUSTER_PACKAGES if cluster and "node" in args.server_list else ())
        for package in packages:
            if not (NODE_DIR / "node_modules" / package / "package.json").exists():
                problems.append(f"npm package {package} is missing in bench/node (run ./scripts/install-deps)")
    return problems


# ----------------------------------------------------------------------------------------------
# The rounds


def run_rounds(args, plan, runner, deadline, total):
    """Every run of the plan, round by round, skipping what would not fit before `deadline` and the
    larger values of a sweep once a smaller one is past its limit. Returns (records, interrupted):
    interrupted is the name of the signal that stopped it, or None."""
    rounds = max((p.repeats for p in plan), default=0)
    records = []
    measured = {}  # (server, point id) -> longest wall time seen: the estimate of its next run
    saturated = {}  # (server, sweep group, repeat) -> smallest value whose run was invalid or failed
    interrupted = None
    old_handlers = {}
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        old_handlers[sig] = signal.signal(sig, _on_signal)

    def cost(server, point):
        return measured.get((server, point.id), point.estimate)

    def skip(server, point, repeat, reason):
        records.append({"server": server, "workload": point.workload, "point": point.id, "label": point.label,
                        "params": point.params, "repeat": repeat, "status": "skipped", "reason": reason,
                        "json": None, "driver": {}, "estimate_s": round(cost(server, point), 1)})

    index = 0
    try:
        for repeat in range(1, rounds + 1):
            runs = [(server, point) for point in plan if repeat <= point.repeats for server in args.server_list
                    if point.workload in SERVER_WORKLOADS[server]]
            if repeat > 1:
                # Later rounds go cheapest workload first (as measured), so that a tight budget
                # still repeats as many points as it can; a sweep keeps its rising order.
                totals = {}
                for server, point in runs:
                    totals[point.workload] = totals.get(point.workload, 0.0) + cost(server, point)
                runs.sort(key=lambda run: totals[run[1].workload])
            for server, point in runs:
                index += 1
                if point.sweep:
                    group, value = point.sweep
                    limit = saturated.get((server, group, repeat))
                    if limit is not None and value > limit:
                        skip(server, point, repeat, f"saturated: the run at {limit:,} was over the limit, invalid or failed")
                        continue
                left = deadline - time.monotonic()
                if cost(server, point) > left:
                    skip(server, point, repeat, f"budget: {max(left, 0):.0f} s left, ~{cost(server, point):.0f} s needed")
                    continue
                record = runner.run(server, point, repeat)
                records.append(record)
                measured[(server, point.id)] = max(measured.get((server, point.id), 0.0), record.get("wall_s", 0.0))
                past = record["status"] in ("invalid", "failed")
                if point.workload == "roomchat" and record["status"] == "ok":
                    p95 = number((record.get("json") or {}).get("p95_us"))
                    past = p95 is not None and p95 >= ROOMCHAT_P95_LIMIT_US
                if point.sweep and past:
                    key = (server, point.sweep[0], repeat)
                    saturated[key] = min(saturated.get(key, point.sweep[1]), point.sweep[1])
                detail = record["reason"] if record["status"] != "ok" else ""
                log(f"[{index}/{total}] {server} {point.id} r{repeat}: {record['status']} "
                    f"({record.get('wall_s', 0):.1f} s){' — ' + detail if detail else ''}")
    except KeyboardInterrupt:
        interrupted = "SIGINT"
    except Interrupted as e:
        interrupted = str(e)
    finally:
        kill_all()
    for sig, handler in old_handlers.items():
        signal.signal(sig, handler)
    # From here on a second Ctrl-C still leaves no process behind: none is running.
    return records, interrupted
