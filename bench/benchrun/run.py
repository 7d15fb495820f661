"""Running: the server and load generator processes, one run of a point (its record: the load
generator's JSON, the driver's RSS samples, status and why), and the rounds of the whole plan within
the time budget."""

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .aggregate import number
from .machine import pinning_setup, read_text
from .plan import LOADGEN_CPU_LIMIT, NODE_DIR, ROOMCHAT_P95_LIMIT_US, SERVER_WORKLOADS

SERVER_START_TIMEOUT = 20.0
SERVER_STOP_GRACE = 3.0


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
        self.loadgen_flags = set()
        self.counter = 0

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

    def start_server(self, server, tag):
        stdout_log = self.work_dir / f"{tag}.server.out"
        stderr_log = self.work_dir / f"{tag}.server.err"
        err = open(stderr_log, "wb")
        cmd = self.server_prefix + self.server_command(server) + ["--port", "0"]
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

        threading.Thread(target=reader, daemon=True).start()
        limit = min(SERVER_START_TIMEOUT, max(1.0, self.remaining()))
        ready.wait(limit)
        if "port" not in found:
            code = proc.poll()
            stop(proc)
            what = f"exited with {code}" if code is not None else f"no 'listening on <port>' within {limit:.0f} s"
            detail = tail(stderr_log, 5)
            return None, None, f"{server} {what}" + (f": {detail}" if detail else "")
        return proc, found["port"], None

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
        proc, port, error = self.start_server(server, tag)
        if error:
            record["reason"] = error
            record["wall_s"] = round(time.monotonic() - started, 2)
            return record
        lg = None
        try:
            time.sleep(0.2)
            baseline = rss_kb(proc.pid)
            json_path = self.work_dir / f"{tag}.json"
            timeout = min(point.estimate * 2 + 30, self.remaining())
            cmd = self.loadgen_prefix + [self.loadgen, "--url", f"http://127.0.0.1:{port}",
                                         "--workload", point.workload] + point.args
            if point.warmup is not None and "--warmup" in self.loadgen_flags:
                cmd += ["--warmup", point.warmup]
            if point.settle is not None and "--settle" in self.loadgen_flags:
                cmd += ["--settle", point.settle]
            if "--timeout" in self.loadgen_flags:
                cmd += ["--timeout", f"{max(5.0, timeout - 5):.0f}"]
            cmd += ["--server-pid", proc.pid, "--json", json_path]
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
                value = rss_kb(proc.pid)
                if value:
                    peak = max(peak, value)
                if server_died is None and proc.poll() is not None:
                    server_died = proc.returncode
                time.sleep(0.2)
            if timed_out:
                stop(lg, grace=2)
            else:
                with _children_lock:
                    _children.discard(lg)
            after = rss_kb(proc.pid)
            if server_died is None and proc.poll() is not None:
                server_died = proc.returncode
            record["driver"] = {"rss_start_kb": baseline, "rss_peak_kb": peak or None, "rss_end_kb": after}
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
                problems.append(f"server exited with {server_died} during the run: {tail(self.work_dir / f'{tag}.server.err', 3)}")
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
            how = stop(proc)
            record["server_stop"] = how
            record["wall_s"] = round(time.monotonic() - started, 2)
        return record


def check_setup(args, runner):
    problems = []
    if not runner.loadgen.exists():
        problems.append(f"load generator not found: {runner.loadgen} (build with ./scripts/build)")
    for server in args.server_list:
        if server in ("ours", "raw-qt", "ours-admin", "ours-qt", "ours-qml"):
            exe = runner.server_command(server)[0]
            if not Path(exe).exists():
                problems.append(f"{server}: {exe} not found (build with ./scripts/build)")
    if any(s in ("node", "raw-ws") for s in args.server_list):
        if not runner.node:
            problems.append("node is not on PATH (Node.js >= 20 is needed for the node and raw-ws servers)")
        for package in ("socket.io", "ws"):
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
