"""The results: the Markdown report (tables, targets, invalid and missing runs), the raw JSON of every
run, the PNG chart drawn by gnuplot from bench/chart.gp, and where these files go."""

import datetime
import json
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .aggregate import Results, number, ratio
from .plan import (ALL_WORKLOADS, CLUSTER_SIZE, FANOUT_P99_LIMIT_MS, LOADGEN_CPU_LIMIT, REPO, SERVER_WORKLOADS,
                   reproduce_command, size_label)

TITLES = {
    "idle": "Idle memory",
    "fanout": "Fan-out",
    "inbound": "Inbound",
    "echo": "Echo with ack",
    "roomchat": "Room chat",
    "storm": "Connection storm",
    "stalled": "Clients that stop reading",
    "cluster-fanout": "Fan-out through Redis",
}

# metric key -> (column label, format, lower is better)
METRICS = {
    "idle": [
        ("rss_per_conn_bytes", "RSS/conn (B)", "int", True),
        ("connect_s", "connect (s)", "f2", True),
        ("failures", "failures", "int", True),
        ("rss_return_ratio", "RSS return", "f2", True),
        ("server_cpu", "server CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
    "fanout": [
        ("delivered_per_s", "delivered/s", "int", False),
        ("p50_us", "p50 (ms)", "ms", True),
        ("p99_us", "p99 (ms)", "ms", True),
        ("loss", "loss", "pct1", True),
        ("server_cpu", "server CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
    "inbound": [
        ("events_per_s", "events/s", "int", False),
        ("handled", "handled", "int", False),
        ("server_cpu", "server CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
    "echo": [
        ("p99_us", "p99 (ms)", "ms", True),
        ("p50_us", "p50 (ms)", "ms", True),
        ("acks_per_s", "acks/s", "int", False),
        ("server_cpu", "server CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
    "roomchat": [
        ("p95_us", "p95 (ms)", "ms", True),
        ("p50_us", "p50 (ms)", "ms", True),
        ("p99_us", "p99 (ms)", "ms", True),
        ("delivered_per_s", "delivered/s", "int", False),
        ("server_cpu", "server CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
    "stalled": [
        ("rss_growth_kb", "peak RSS growth (MiB)", "mib", True),
        ("delivered_per_s", "bcast/s to healthy", "f1", False),
        ("p50_us", "healthy p50 (ms)", "ms", True),
        ("p99_us", "healthy p99 (ms)", "ms", True),
        ("worst_second_p99_us", "worst-second p99 (ms)", "ms", True),
        ("server_cpu", "server CPU", "pct", True),
        ("healthy_lost", "healthy lost", "int", True),
    ],
    "cluster-fanout": [
        ("delivered_per_s", "delivered/s", "int", False),
        ("p50_us", "p50 (ms)", "ms", True),
        ("p99_us", "p99 (ms)", "ms", True),
        ("remote_p99_us", "p99 via Redis (ms)", "ms", True),
        ("loss", "loss", "pct1", True),
        ("server_cpu", "CPU of both servers", "pct", True),
        ("redis_cpu", "Redis CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
    "storm": [
        ("connections_per_s", "connections/s", "int", False),
        ("failures", "failures", "int", True),
        ("elapsed_s", "elapsed (s)", "f2", True),
        ("server_cpu", "server CPU", "pct", True),
        ("errors", "errors", "int", True),
    ],
}


def fmt_int(value):
    return f"{int(round(value)):,}"


def fmt(value, kind):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "int":
        return fmt_int(value)
    if kind == "f2":
        return f"{value:.2f}"
    if kind == "f1":
        return f"{value:.1f}"
    if kind == "mib":
        return f"{value / 1024.0:,.1f}"
    if kind == "ms":
        ms = value / 1000.0
        if ms >= 100:
            return f"{ms:,.0f}"
        if ms >= 10:
            return f"{ms:.1f}"
        return f"{ms:.2f}"
    if kind == "pct":
        return f"{value * 100:.0f}%"
    if kind == "pct1":
        return f"{value * 100:.1f}%"
    return f"{value:.4g}"


def fmt_ratio(value, prefix=""):
    if value is None:
        return "–"
    if value == math.inf:
        return "∞"
    return f"{prefix}{value:.2f}×"


def md_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c) for c in row) + " |")
    return "\n".join(lines)


def workload_table(res, workload):
    metrics = METRICS[workload]
    head_key, head_label, head_fmt, _ = metrics[0]
    has_raw = workload in ("fanout", "echo") and "raw-qt" in res.servers
    header = ["point", "server", "valid/runs", f"{head_label} median", "min–max"]
    header += [label for _, label, _, _ in metrics[1:]]
    header += ["ours/Node"]
    if has_raw:
        header += ["ours/raw-qt"]
    rows = []
    driver_rss = False
    for point in res.points(workload):
        for server in res.servers:
            if workload not in SERVER_WORKLOADS[server]:
                continue
            cell = res.cell(point.id, server)
            if cell is None or not cell.runs:
                why = "not run"
                if cell is not None and cell.skipped:
                    why = "skipped (" + cell.skipped[0]["reason"].split(":")[0] + ")"
                rows.append([point.label, server, "0/0", why] + [""] * (len(header) - 4))
                continue
            span = cell.span(head_key)
            row = [point.label, server, cell.count(), fmt(cell.median(head_key), head_fmt),
                   f"{fmt(span[0], head_fmt)}–{fmt(span[1], head_fmt)}" if span else "–"]
            if workload == "idle" and cell.values.get("_rss_from_driver"):
                row[3] += " ¹"
                driver_rss = True
            row += [fmt(cell.median(key), kind) for key, _, kind, _ in metrics[1:]]
            if server == "ours":
                row.append(fmt_ratio(ratio(cell.median(head_key), res.value(point.id, "node", head_key))))
                if has_raw:
                    row.append(fmt_ratio(ratio(cell.median(head_key), res.value(point.id, "raw-qt", head_key))))
            else:
                row += [""] * (2 if has_raw else 1)
            rows.append(row)
    text = md_table(header, rows)
    if driver_rss:
        text += ("\n\n¹ the load generator reported no RSS per connection; (peak − start) VmRSS sampled "
                 "by bench/run every 0.2 s, divided by the clients.")
    return text


def stalled_drops_table(res):
    rows = []
    for point in res.points("stalled"):
        for server in res.servers:
            cell = res.cell(point.id, server)
            if cell is None or not cell.valid:
                continue
            data = cell.valid[0].get("json") or {}
            reasons = ((data.get("server_counts") or {}).get("disconnects")) or {}
            parts = []
            for reason, entry in sorted(reasons.items()):
                if not isinstance(entry, dict):
                    continue
                parts.append(f"{reason} × {entry.get('count', 0):,} at {entry.get('first_s', 0):.1f}–"
                             f"{entry.get('last_s', 0):.1f} s")
            rows.append([point.label, server, "; ".join(parts) or "none in the window"])
    return md_table(["point", "server", "dropped by"], rows)


def fanout_saturation_table(res):
    sizes = sorted({p.params["size"] for p in res.points("fanout")})
    rows = []
    for size in sizes:
        ours = res.fanout_saturation(size, "ours")
        for server in res.servers:
            if "fanout" not in SERVER_WORKLOADS[server]:
                continue
            sat = res.fanout_saturation(size, server)
            if sat is None:
                rows.append([size_label(size), server, f"no rate within p99 ≤ {FANOUT_P99_LIMIT_MS / 1000:g} s", "", "", "",
                             "", "", ""])
                continue
            value, rate, pid = sat
            cpu = res.value(pid, server, "server_cpu")
            p99 = res.value(pid, server, "p99_us")
            r_node = r_raw = ""
            if server == "ours":
                node = res.fanout_saturation(size, "node")
                raw = res.fanout_saturation(size, "raw-qt")
                r_node = fmt_ratio(ratio(ours[0], node[0] if node else None))
                r_raw = fmt_ratio(ratio(ours[0], raw[0] if raw else None))
            bound = res.fanout_limit(size, server, rate)
            rows.append([size_label(size), server, fmt_int(value), f"{rate:,}/s", fmt(p99, "ms"), fmt(cpu, "pct"),
                         bound, r_node, r_raw])
    header = ["payload", "server", f"saturation (delivered/s, p99 ≤ {FANOUT_P99_LIMIT_MS / 1000:g} s)", "at rate",
              "p99 (ms) there", "server CPU there", "next rate", "ours/Node", "ours/raw-qt"]
    return md_table(header, rows)


def cluster_pinning_text(facts):
    """How the two servers, redis-server and the load generator share the cores."""
    found = re.search(r"server pinned to CPU (\d+), load generator to CPU (\d+)", facts.get("pinning") or "")
    if not found:
        return (f"Pinning: none ({facts.get('pinning')}); the {CLUSTER_SIZE} servers, redis-server and the load "
                "generator share every core.")
    return (f"Pinning: the {CLUSTER_SIZE} servers and redis-server share CPU {found.group(1)}, the core a single "
            f"server gets in `fanout`; the load generator has CPU {found.group(2)} to itself (taskset). The cluster "
            "is measured on the same one core as one server, so the figures are what clustering costs, not what it "
            "adds: on more cores each server would get its own.")


def cluster_saturation_table(res):
    """Per receiver count and server: saturation of the cluster, where, and the ratio ours/Node."""
    rows = []
    for clients in sorted({p.params["clients"] for p in res.points("cluster-fanout")}):
        points = res.ramp("cluster-fanout", "clients", clients)
        ours = res.cluster_saturation(clients, "ours")
        for server in res.servers:
            if "cluster-fanout" not in SERVER_WORKLOADS[server]:
                continue
            sat = res.cluster_saturation(clients, server)
            if sat is None:
                rows.append([f"{clients:,}", server, f"no rate within p99 ≤ {FANOUT_P99_LIMIT_MS / 1000:g} s"]
                            + [""] * 7)
                continue
            value, rate, pid = sat
            each = [res.value(pid, server, f"server_cpu_each_{i}") for i in range(CLUSTER_SIZE)]
            cpu = fmt(res.value(pid, server, "server_cpu"), "pct")
            if all(v is not None for v in each):
                cpu += " (" + " + ".join(fmt(v, "pct") for v in each) + ")"
            r_node = ""
            if server == "ours":
                node = res.cluster_saturation(clients, "node")
                r_node = fmt_ratio(ratio(ours[0], node[0] if node else None))
            rows.append([f"{clients:,}", server, fmt_int(value), f"{rate:,}/s", fmt(res.value(pid, server, "p99_us"), "ms"),
                         fmt(res.value(pid, server, "remote_p99_us"), "ms"), cpu,
                         fmt(res.value(pid, server, "redis_cpu"), "pct"), res.ramp_limit(points, server, rate), r_node])
    header = ["receivers", "server", f"saturation (delivered/s, p99 ≤ {FANOUT_P99_LIMIT_MS / 1000:g} s)", "at rate",
              "p99 (ms) there", "p99 via Redis (ms) there", "CPU of both servers there (sender's + other)",
              "Redis CPU there", "next rate", "ours/Node"]
    return md_table(header, rows)


def cluster_common_table(res):
    """At the highest rate both ours and Node kept within the bound: the same load, side by side."""
    rows = []
    for clients in sorted({p.params["clients"] for p in res.points("cluster-fanout")}):
        point = res.common_rate(res.ramp("cluster-fanout", "clients", clients), ("ours", "node"))
        if point is None:
            rows.append([f"{clients:,}", "none"] + [""] * 7)
            continue

        def v(server, key):
            return res.value(point.id, server, key)

        rows.append([f"{clients:,}", f"{point.params['rate']:,}/s", fmt(v("ours", "delivered_per_s"), "int"),
                     fmt(v("node", "delivered_per_s"), "int"),
                     fmt_ratio(ratio(v("ours", "delivered_per_s"), v("node", "delivered_per_s"))),
                     fmt(v("ours", "p99_us"), "ms"), fmt(v("node", "p99_us"), "ms"),
                     fmt(v("ours", "server_cpu"), "pct"), fmt(v("node", "server_cpu"), "pct")])
    header = ["receivers", "highest rate both kept within the bound", "delivered/s ours", "Node", "ours/Node",
              "p99 ours (ms)", "p99 Node (ms)", "CPU of both servers, ours", "Node"]
    return md_table(header, rows)


def cluster_logs_table(records, servers):
    """What Redis and the servers reported over the cluster runs (every run, not only the valid)."""
    runs = {}
    for r in records:
        if r["workload"] != "cluster-fanout" or r["status"] == "skipped":
            continue
        cluster = (r.get("driver") or {}).get("cluster")
        if cluster is None:
            continue
        runs[(r["server"], r["params"].get("clients"), r["repeat"])] = r
    groups = {}
    order = {server: i for i, server in enumerate(servers)}
    for (server, clients, _), r in sorted(runs.items(), key=lambda kv: (kv[0][1] or 0, order.get(kv[0][0], 0), kv[0][2])):
        groups.setdefault((clients, server), []).append(r)
    rows = []
    for (clients, server), group in groups.items():
        reconnects = dropped = closes = lines = 0
        known_reconnects = False
        first_line = ""
        for r in group:
            driver = r.get("driver") or {}
            cluster = driver.get("cluster") or {}
            info = driver.get("redis") or {}
            if "total_connections_received" in info:
                known_reconnects = True
                reconnects += max(0, info["total_connections_received"] - cluster.get("driver_redis_connections", 0)
                                  - 2 * CLUSTER_SIZE)
            closes += cluster.get("redis_buffer_limit_closes", 0) or 0
            for entry in cluster.get("servers", []):
                dropped += entry.get("dropped_commands", 0) or 0
                lines += entry.get("stderr_lines", 0) or 0
                if not first_line and entry.get("stderr_head"):
                    first_line = entry["stderr_head"][0][:160].replace("|", "\\|")
        rows.append([f"{clients:,}", server, len(group), fmt_int(reconnects) if known_reconnects else "–",
                     fmt_int(closes), fmt_int(dropped) if server == "ours" else "n/a", fmt_int(lines),
                     f"`{first_line}`" if first_line else ""])
    header = ["receivers", "server", "runs", "Redis connections beyond the servers' own 4",
              "subscribers Redis closed (output buffer limit)", "commands the adapter dropped",
              "server stderr lines", "first of them"]
    return md_table(header, rows) if rows else "No cluster run got as far as its servers."


def roomchat_capacity_text(cap, points):
    if cap is None:
        return "no valid run"
    value, at_top, smallest = cap
    if value == 0:
        return f"< {smallest:,} (p95 ≥ 20 ms everywhere)"
    return f"≥ {value:,} (largest tested)" if at_top else f"{value:,}"


def roomchat_capacity_table(res):
    rows = []
    for server in res.servers:
        if "roomchat" not in SERVER_WORKLOADS[server]:
            continue
        cap = res.roomchat_capacity(server)
        r = ""
        if server == "ours":
            r = capacity_ratio_text(res)[0]
        rows.append([server, roomchat_capacity_text(cap, res.points("roomchat")), r])
    return md_table(["server", "clients with p95 < 20 ms (largest)", "ours/Node"], rows)


def capacity_ratio_text(res):
    """(text, ratio or None, 'exact' | 'lower' | None) for ours/Node room-chat capacity."""
    ours = res.roomchat_capacity("ours")
    node = res.roomchat_capacity("node")
    if ours is None or node is None:
        return "–", None, None
    o_val, o_top, _ = ours
    n_val, n_top, n_smallest = node
    if o_val == 0:
        return "0×" if n_val else "–", (0.0 if n_val else None), "exact"
    if n_val == 0:
        r = o_val / n_smallest
        return f"> {r:.2f}×", r, "lower"
    r = o_val / n_val
    if o_top and n_top:
        return f"≥ 1× (both ≥ {o_val:,})", r, "both-top"
    if o_top:
        return f"≥ {r:.2f}×", r, "lower"
    if n_top:  # ours is below the top, Node is at or above it
        return f"≤ {r:.2f}×", r, "upper"
    return f"{r:.2f}×", r, "exact"


def targets(res):
    """Rows: (target, measure, ratio text, goal text, verdict)."""
    rows = []

    def verdict(r, goal, higher):
        if r is None:
            return "n/a (no valid data)"
        ok = r >= goal if higher else r <= goal
        return "met" if ok else "not met"

    idle = res.idle_point_for_target()
    if idle is not None:
        r = ratio(res.value(idle.id, "ours", "rss_per_conn_bytes"), res.value(idle.id, "node", "rss_per_conn_bytes"))
        rows.append(("memory per connection ≤ 1/3 of Node's", f"RSS/conn at {idle.label}", fmt_ratio(r), "≤ 0.33×",
                     verdict(r, 1 / 3, False)))
    else:
        rows.append(("memory per connection ≤ 1/3 of Node's", "RSS/conn", "–", "≤ 0.33×", verdict(None, 0, False)))

    sizes = sorted({p.params["size"] for p in res.points("fanout")}) or [100]
    for size in sizes:
        ours = res.fanout_saturation(size, "ours")
        node = res.fanout_saturation(size, "node")
        r = ratio(ours[0] if ours else None, node[0] if node else None)
        rows.append((f"fan-out ≥ 3× Node's ({size_label(size)})", "saturation delivered/s", fmt_ratio(r), "≥ 3×",
                     verdict(r, 3, True)))

    inbound = res.points("inbound")
    r = ratio(res.value(inbound[0].id, "ours", "events_per_s"), res.value(inbound[0].id, "node", "events_per_s")) \
        if inbound else None
    rows.append(("inbound ≥ 3× Node's", "events/s handled", fmt_ratio(r), "≥ 3×", verdict(r, 3, True)))

    echo = res.points("echo")
    r = ratio(res.value(echo[0].id, "ours", "p99_us"), res.value(echo[0].id, "node", "p99_us")) if echo else None
    rows.append(("ack p99 ≤ 1/2 of Node's", "echo p99", fmt_ratio(r), "≤ 0.5×", verdict(r, 0.5, False)))

    text, r, kind = capacity_ratio_text(res) if res.points("roomchat") else ("–", None, None)
    if r is None:
        v = verdict(None, 3, True)
    elif kind == "exact":
        v = verdict(r, 3, True)
    elif kind == "lower":
        v = "met" if r >= 3 else "undetermined (larger sizes needed)"
    elif kind == "upper":
        v = "not met" if r < 3 else "undetermined"
    else:
        v = "undetermined (both pass every size)"
    rows.append(("room-chat capacity ≥ 3× Node's", "clients with p95 < 20 ms", text, "≥ 3×", v))

    storm = res.points("storm")
    r = ratio(res.value(storm[0].id, "ours", "connections_per_s"), res.value(storm[0].id, "node", "connections_per_s")) \
        if storm else None
    rows.append(("connection storm ≥ 2× Node's", "connections/s", fmt_ratio(r), "≥ 2×", verdict(r, 2, True)))

    for size in sizes:
        ours = res.fanout_saturation(size, "ours")
        raw = res.fanout_saturation(size, "raw-qt")
        r = ratio(ours[0] if ours else None, raw[0] if raw else None)
        rows.append((f"fan-out ≥ 80% of the bare QWebSocketServer ({size_label(size)})", "saturation, ours/raw-qt",
                     fmt_ratio(r), "≥ 0.8×", verdict(r, 0.8, True)))

    measure = (f"delivered/s at the highest rate within p99 ≤ {FANOUT_P99_LIMIT_MS / 1000:g} s, {CLUSTER_SIZE} "
               "servers on one Redis")
    cluster = sorted({p.params["clients"] for p in res.points("cluster-fanout")})
    for clients in cluster:
        ours = res.cluster_saturation(clients, "ours")
        node = res.cluster_saturation(clients, "node")
        r = ratio(ours[0] if ours else None, node[0] if node else None)
        rows.append((f"fan-out through Redis ≥ 3× Node's ({clients:,} receivers)", measure, fmt_ratio(r), "≥ 3×",
                     verdict(r, 3, True)))
    if not cluster:
        rows.append(("fan-out through Redis ≥ 3× Node's", measure + " (`--workloads cluster-fanout`)", "–", "≥ 3×",
                     verdict(None, 3, True)))
    return rows


def admin_cost_table(res):
    """Instrumented (no admin client) against plain: fan-out saturation per size, inbound events/s."""
    rows = []
    for size in sorted({p.params["size"] for p in res.points("fanout")}):
        plain = res.fanout_saturation(size, "ours")
        inst = res.fanout_saturation(size, "ours-admin")
        rows.append([f"fan-out saturation, {size_label(size)}", fmt_int(plain[0]) if plain else "–",
                     fmt_int(inst[0]) if inst else "–", fmt_ratio(ratio(inst[0] if inst else None,
                                                                       plain[0] if plain else None))])
    for point in res.points("inbound"):
        plain = res.value(point.id, "ours", "events_per_s")
        inst = res.value(point.id, "ours-admin", "events_per_s")
        rows.append([f"inbound events/s, {point.label}", fmt_int(plain), fmt_int(inst), fmt_ratio(ratio(inst, plain))])
    return md_table(["measure", "ours", "ours-admin", "ours-admin/ours"], rows)


def admin_cost_targets(res):
    rows = []
    for size in sorted({p.params["size"] for p in res.points("fanout")}):
        plain = res.fanout_saturation(size, "ours")
        inst = res.fanout_saturation(size, "ours-admin")
        r = ratio(inst[0] if inst else None, plain[0] if plain else None)
        rows.append((f"instrumented fan-out within 5% ({size_label(size)})", "saturation, ours-admin/ours",
                     fmt_ratio(r), "≥ 0.95×", "n/a (no valid data)" if r is None else ("met" if r >= 0.95 else "not met")))
    inbound = res.points("inbound")
    r = ratio(res.value(inbound[0].id, "ours-admin", "events_per_s"), res.value(inbound[0].id, "ours", "events_per_s")) \
        if inbound else None
    rows.append(("instrumented inbound within 5%", "events/s, ours-admin/ours", fmt_ratio(r), "≥ 0.95×",
                 "n/a (no valid data)" if r is None else ("met" if r >= 0.95 else "not met")))
    return rows


APP_KINDS = (("ours-qt", "(a) QCoreApplication, Qt's dispatcher"),
             ("ours", "(b) with EpollEventDispatcher"),
             ("ours-qml", "(c) QML SocketIoServer, QGuiApplication"))


def app_kinds_table(res):
    """The three application kinds side by side: idle CPU and memory per connection, echo latency,
    fan-out saturation; each with its ratio to (b), the server on EpollEventDispatcher."""
    kinds = [(server, label) for server, label in APP_KINDS if server in res.servers]
    measures = []
    for point in res.points("idle"):
        measures.append((f"idle server CPU, {point.label}", point.id, "server_cpu", "pct"))
        measures.append((f"idle RSS/conn (B), {point.label}", point.id, "rss_per_conn_bytes", "int"))
    for point in res.points("echo"):
        measures.append((f"echo p50 (ms), {point.label}", point.id, "p50_us", "ms"))
        measures.append((f"echo p99 (ms), {point.label}", point.id, "p99_us", "ms"))
    rows = []
    for label, pid, key, kind in measures:
        base = res.value(pid, "ours", key)
        row = [label]
        for server, _ in kinds:
            v = res.value(pid, server, key)
            if v is None:
                row.append("–")
            elif kind == "pct":
                row.append(f"{v * 100:.1f} %")
            elif kind == "ms":
                row.append(f"{v / 1000:.3f}")
            else:
                row.append(fmt_int(v))
            if server != "ours":
                row[-1] += f" ({fmt_ratio(ratio(v, base))})" if v is not None and base else ""
        rows.append(row)
    for size in sorted({p.params["size"] for p in res.points("fanout")}):
        base = res.fanout_saturation(size, "ours")
        row = [f"fan-out saturation (delivered/s), {size_label(size)}"]
        for server, _ in kinds:
            sat = res.fanout_saturation(size, server)
            row.append(fmt_int(sat[0]) if sat else "–")
            if server != "ours" and sat and base:
                row[-1] += f" ({fmt_ratio(ratio(sat[0], base[0]))})"
        rows.append(row)
    return md_table(["measure"] + [label for _, label in kinds], rows)


def advantage_rows(res):
    """For the chart: (label, how many times ours beats the reference (higher is better), target)."""
    out = []
    idle = res.idle_point_for_target()
    if idle is not None:
        r = ratio(res.value(idle.id, "node", "rss_per_conn_bytes"), res.value(idle.id, "ours", "rss_per_conn_bytes"))
        out.append(("memory/conn\\n(Node/ours)", r, 3))
    for size in sorted({p.params["size"] for p in res.points("fanout")}):
        ours = res.fanout_saturation(size, "ours")
        node = res.fanout_saturation(size, "node")
        out.append((f"fan-out {size_label(size)}", ratio(ours[0] if ours else None, node[0] if node else None), 3))
    for workload, key, label, target, inverse in (("inbound", "events_per_s", "inbound", 3, False),
                                                   ("echo", "p99_us", "ack p99\\n(Node/ours)", 2, True)):
        pts = res.points(workload)
        if pts:
            a, b = res.value(pts[0].id, "ours", key), res.value(pts[0].id, "node", key)
            out.append((label, ratio(b, a) if inverse else ratio(a, b), target))
    if res.points("roomchat"):
        out.append(("room-chat\\ncapacity", capacity_ratio_text(res)[1], 3))
    pts = res.points("storm")
    if pts:
        out.append(("storm", ratio(res.value(pts[0].id, "ours", "connections_per_s"),
                                   res.value(pts[0].id, "node", "connections_per_s")), 2))
    for size in sorted({p.params["size"] for p in res.points("fanout")}):
        ours = res.fanout_saturation(size, "ours")
        raw = res.fanout_saturation(size, "raw-qt")
        out.append((f"fan-out {size_label(size)}\\n(ours/raw-qt)", ratio(ours[0] if ours else None, raw[0] if raw else None), 0.8))
    for clients in sorted({p.params["clients"] for p in res.points("cluster-fanout")}):
        ours = res.cluster_saturation(clients, "ours")
        node = res.cluster_saturation(clients, "node")
        out.append((f"fan-out via Redis\\n{clients:,} receivers", ratio(ours[0] if ours else None,
                                                                     node[0] if node else None), 3))
    return out


def write_chart(res, png, work_dir):
    """Returns None on success, else why there is no chart."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "gnuplot is not installed (Debian package gnuplot-nox)"
    script = REPO / "bench" / "chart.gp"
    if not script.exists():
        return f"{script} is missing"

    def val(v):
        return "NaN" if v is None or v == math.inf or (isinstance(v, float) and math.isnan(v)) else f"{v:.6g}"

    files = {}
    rows = [r for r in advantage_rows(res) if r[1] is not None and r[1] != math.inf]
    path = work_dir / "chart-ratios.dat"
    path.write_text("".join(f'"{label}" {val(r)} {t}\n' for label, r, t in rows))
    files["ratios"] = (path, len(rows))
    rmax = max([max(r, t) for _, r, t in rows] + [1.0])

    def series(workload, key, x_key, filter_fn, scale=1.0):
        servers = [s for s in res.servers if workload in SERVER_WORKLOADS[s]]
        points = sorted((p for p in res.points(workload) if filter_fn(p)), key=lambda p: p.params[x_key])
        lines = ["x " + " ".join(servers)]
        count = 0
        for p in points:
            vals = []
            for s in servers:
                v = res.value(p.id, s, key)
                if v is not None:
                    count += 1
                    v = v * scale
                vals.append(val(v))
            lines.append(f"{p.params[x_key]} " + " ".join(vals))
        return "\n".join(lines) + "\n", len(servers), count

    sizes = sorted({p.params["size"] for p in res.points("fanout")})
    size = sizes[0] if sizes else 100
    for name, args in (("fanout", ("fanout", "delivered_per_s", "rate", lambda p: p.params["size"] == size)),
                       ("roomchat", ("roomchat", "p95_us", "clients", lambda p: True, 0.001)),
                       ("idle", ("idle", "rss_per_conn_bytes", "clients", lambda p: True, 1 / 1024))):
        text, columns, count = series(*args)
        path = work_dir / f"chart-{name}.dat"
        path.write_text(text)
        files[name] = (path, count, columns)

    def q(s):
        return "'" + str(s).replace("'", "''") + "'"

    expr = [f"out={q(png)}", f"title={q('QtSocketIo vs Node socket.io — ' + datetime.date.today().isoformat())}",
            f"ratios={q(files['ratios'][0])}", f"nratios={files['ratios'][1]}", f"rmax={rmax:.6g}",
            f"fanout={q(files['fanout'][0])}", f"nfanout={files['fanout'][1]}", f"cfanout={files['fanout'][2]}",
            f"fanout_size={size}",
            f"roomchat={q(files['roomchat'][0])}", f"nroomchat={files['roomchat'][1]}",
            f"croomchat={files['roomchat'][2]}",
            f"idle={q(files['idle'][0])}", f"nidle={files['idle'][1]}", f"cidle={files['idle'][2]}"]
    try:
        out = subprocess.run([gnuplot, "-e", "; ".join(expr), str(script)], capture_output=True, text=True,
                             timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        return f"gnuplot failed: {e}"
    if out.returncode != 0 or not Path(png).exists() or Path(png).stat().st_size == 0:
        return f"gnuplot failed ({out.returncode}): {out.stderr.strip()[-300:]}"
    return None


def write_report(path, args, facts, plan, timing, records, notes, chart_note, png_name, json_name, elapsed,
                 interrupted, run_count):
    res = Results(plan, args.server_list, records)
    out = []
    today = datetime.datetime.now()
    out.append(f"# QtSocketIo benchmark — {today.strftime('%Y-%m-%d')}")
    out.append("")
    if interrupted:
        out.append(f"**Interrupted ({interrupted}): partial results.**")
        out.append("")
    mode = "quick" if args.quick else "default"
    out.append(f"Run {today.strftime('%Y-%m-%d %H:%M')} ({mode} mode), {elapsed:.0f} s wall time, "
               f"{run_count} runs. Servers: {', '.join(args.server_list)}; workloads: "
               f"{', '.join(args.workload_list)}. Raw JSON of every run: `{json_name}`.")
    out.append("")
    out.append("## Machine")
    out.append("")
    mem = f"{facts['mem_total_mb']:,} MB" if facts.get("mem_total_mb") else "unknown"
    out.append(md_table(["", ""], [
        ["CPU", facts["cpu_model"]],
        ["cores (nproc)", f"{facts['nproc']} ({facts['cpus_allowed']} allowed)"],
        ["memory", mem],
        ["kernel", facts["kernel"]],
        ["OS", facts["os"] or "unknown"],
        ["Qt", facts["qt"]],
        ["build type", facts["build_type"] or "unknown"],
        ["Node", facts["node"]],
        ["socket.io (npm)", facts["socket.io"]],
        ["ws (npm)", facts["ws"]],
        ["commit", facts["commit"]],
        ["pinning", facts["pinning"]],
    ]))
    out.append("")
    out.append("## How to reproduce")
    out.append("")
    out.append("```sh")
    out.append("./scripts/install-deps && ./scripts/build")
    out.append(reproduce_command(args))
    out.append("```")
    out.append("")
    out.append(f"Each cell is the median over the valid repeats (up to {max((p.repeats for p in plan), default=0)} "
               "per point), with min–max of the first metric. "
               f"Measured windows: {timing['duration']} s after {timing['warmup']} s of warm-up where the load "
               f"generator supports it. A run is invalid when the load generator used more than "
               f"{LOADGEN_CPU_LIMIT:.0%} of its core (or marked itself invalid); invalid runs are listed at the "
               "end and excluded from medians. Latencies are in ms, send to receive, on 127.0.0.1. "
               "Ratios are ours/Node (and ours/raw-qt, the bare QWebSocketServer ceiling).")
    out.append("")
    if notes:
        out.append("Notes:")
        out.append("")
        for note in notes:
            out.append(f"- {note}")
        out.append("")
    if png_name:
        out.append(f"![chart]({png_name})")
        out.append("")
    elif chart_note:
        out.append(f"No chart: {chart_note}.")
        out.append("")

    out.append("## Targets")
    out.append("")
    target_rows = targets(res) + (admin_cost_targets(res) if "ours-admin" in res.servers else [])
    out.append(md_table(["target", "measure", "measured (ours/reference)", "goal", "result"], target_rows))
    out.append("")

    descriptions = {
        "idle": "Clients connected and pinging every second (5% over long-polling), then 3 waves of "
                "disconnecting and reconnecting everyone. RSS per connection = (first plateau − baseline) / "
                "clients; RSS return = last plateau / first plateau (memory given back after the waves).",
        "fanout": "Clients in one room; one extra client emits `bcast`, the server emits it to the room. "
                  "Delivered/s counts messages received by all clients. One run of the load generator per "
                  "server and payload ramps through the rates, each a stage with its own warm-up, window and "
                  f"drain; the first stage whose p99 exceeds {FANOUT_P99_LIMIT_MS / 1000:g} s or that loses "
                  "messages ends the ramp (the higher rates show as skipped). Saturation is the highest "
                  "delivered rate within that bound.",
        "inbound": "Clients emit `inbound` as fast as the transport accepts; events/s handled by the server.",
        "echo": "Every client `emitWithAck(\"echo\", {t})` at the given interval; round-trip latency.",
        "roomchat": "Rooms of 6; every client emits `chat` every 200 ms to its room (sender excepted); "
                    "delivery latency.",
        "storm": "Clients connect as fast as they can (polling handshake, then upgrade to WebSocket).",
        "stalled": "Clients in one room; one extra client emits `bcast` at the rate, the server emits it "
                   "to the room. After 2 s the stalled share stops reading (sockets left unread: no pongs "
                   "either; a 64 KiB receive buffer from the start, as a remote client's buffer is not the "
                   "server machine's memory) for a 60 s window (10 s with --quick). Peak RSS growth of the server over the window; latency of the "
                   "healthy clients, overall and the worst one-second p99; bcast/s to healthy = broadcasts "
                   "a healthy client received per second. Points without stalled clients are baselines.",
        "cluster-fanout": f"{CLUSTER_SIZE} servers of the same kind (ours: bench-server `--redis-port`, "
                          "`SocketIo::redisAdapter`; Node: server.mjs `--redis-port`, `@socket.io/redis-adapter` "
                          "8.3 on the `redis` 4.7 client) on one redis-server (loopback, no persistence), started "
                          "per run. The receivers join `fanout`, spread evenly over the servers; the sender is on "
                          "the first, which emits to the room: its own half of the receivers directly, the other "
                          "half through Redis (one PUBLISH per broadcast, which the second server decodes and "
                          "emits to its sockets). 100 B payloads; each receiver count ramps through the rates as "
                          "`fanout` does (a stage over the p99 bound or with loss ends it). \"p99 via Redis\" is "
                          "the p99 of the receivers on the second server alone; CPU of both servers is summed "
                          "(shares of one core); Redis CPU is redis-server's own.",
    }
    for workload in ALL_WORKLOADS:
        if workload not in args.workload_list:
            continue
        out.append(f"## {TITLES[workload]} (`{workload}`)")
        out.append("")
        out.append(descriptions[workload])
        out.append("")
        out.append(workload_table(res, workload))
        out.append("")
        if workload == "fanout":
            out.append("Saturation throughput: the highest median delivered/s over the rates whose median p99 "
                       "stays within the bound without loss; \"next rate\" says what ended the ramp there.")
            out.append("")
            out.append(fanout_saturation_table(res))
            out.append("")
        if workload == "cluster-fanout":
            out.append(cluster_pinning_text(facts))
            out.append("")
            out.append("Saturation throughput of the cluster: the highest median delivered/s over the rates whose "
                       f"median p99 (over all receivers) stays within {FANOUT_P99_LIMIT_MS / 1000:g} s without loss; "
                       "the same bound for both, so the ratio compares delivered/s at equal p99. \"next rate\" says "
                       "what ended the ramp there.")
            out.append("")
            out.append(cluster_saturation_table(res))
            out.append("")
            out.append("The same load on both: at the highest rate that ours and Node both kept within the bound "
                       "(delivered/s is then the offered load for both; the latency and CPU show the difference).")
            out.append("")
            out.append(cluster_common_table(res))
            out.append("")
            out.append("What Redis and the servers reported over the runs (all runs of the point): connections Redis "
                       "accepted besides the servers' first ones and the driver's own probes (reconnects), "
                       "subscribers it closed for exceeding the pub/sub output buffer limit, commands our adapter "
                       "dropped (it prints the count at exit), and what the servers wrote on stderr.")
            out.append("")
            out.append(cluster_logs_table(records, res.servers))
            out.append("")
        if workload == "stalled":
            out.append("How the server dropped the stalled clients (its own disconnect reasons, with the first "
                       "and last time in seconds after the stall began; first valid run of each point):")
            out.append("")
            out.append(stalled_drops_table(res))
            out.append("")
        if workload == "roomchat":
            out.append("Capacity: the largest client count whose median p95 is below 20 ms.")
            out.append("")
            out.append(roomchat_capacity_table(res))
            out.append("")

    if "ours-admin" in res.servers:
        out.append("## What the admin instrumentation costs when nobody watches")
        out.append("")
        out.append("`ours-admin` is bench-server with `--admin`: instrumented with SocketIo::Admin (no auth), "
                   "no admin client connected. Same workloads, same run.")
        out.append("")
        out.append(admin_cost_table(res))
        out.append("")

    if "ours-qt" in res.servers or "ours-qml" in res.servers:
        out.append("## Application kinds")
        out.append("")
        out.append("The same handlers in (a) a plain QCoreApplication on Qt's own event dispatcher (bench-server "
                   "`--qt-dispatcher`, glib's on Debian), (b) bench-server on `SocketIo::EpollEventDispatcher`, "
                   "(c) a QML `SocketIoServer` in a QGuiApplication (offscreen platform, Qt's dispatcher, "
                   "handlers in JavaScript). In brackets: the ratio to (b).")
        out.append("")
        out.append(app_kinds_table(res))
        out.append("")

    invalid = [r for r in records if r["status"] == "invalid"]
    failed = [r for r in records if r["status"] == "failed"]
    skipped = [r for r in records if r["status"] == "skipped"]
    out.append("## Invalid runs (excluded from medians)")
    out.append("")
    if invalid:
        rows = []
        for r in invalid:
            cpu = number((r.get("json") or {}).get("loadgen_cpu"))
            rows.append([r["server"], r["workload"], r["label"], r["repeat"], fmt(cpu, "f2"), r["reason"]])
        out.append(md_table(["server", "workload", "point", "repeat", "loadgen CPU", "why"], rows))
    else:
        out.append("None.")
    out.append("")
    budget_skips = [r for r in skipped if r["reason"].startswith("budget")]
    other = failed + [r for r in skipped if not r["reason"].startswith("budget")]
    if other or budget_skips:
        out.append("## Runs without a result")
        out.append("")
    if other:
        rows = [[r["server"], r["workload"], r["label"], r["repeat"], r["status"],
                 r["reason"].replace("|", "\\|").replace("\n", " ")] for r in other]
        out.append(md_table(["server", "workload", "point", "repeat", "status", "why"], rows))
        out.append("")
    if budget_skips:
        grouped = {}
        for r in budget_skips:
            grouped.setdefault((r["workload"], r["label"]), []).append(f"{r['server']} r{r['repeat']}")
        out.append("Not run for the time budget:")
        out.append("")
        out.append(md_table(["workload", "point", "runs"], [[w, label, ", ".join(runs)]
                                                            for (w, label), runs in grouped.items()]))
        out.append("")
    Path(path).write_text("\n".join(out))
    return res


def write_raw_json(path, args, facts, timing, budget, elapsed, interrupted, plan, records):
    """The raw results: the plan, the machine and every run as the driver recorded it."""
    raw = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "default",
        "command": reproduce_command(args),
        "machine": facts,
        "timing": timing,
        "budget_s": budget,
        "elapsed_s": round(elapsed, 1),
        "interrupted": interrupted,
        "plan": [{"point": p.id, "workload": p.workload, "label": p.label, "params": p.params,
                  "loadgen_args": [str(a) for a in p.args], "repeats": p.repeats} for p in plan],
        "runs": records,
    }
    path.write_text(json.dumps(raw, indent=1, default=str) + "\n")


def output_paths(args):
    stem = datetime.date.today().isoformat()
    if args.out:
        out = Path(args.out).resolve()
        if out.suffix == ".md":
            out.parent.mkdir(parents=True, exist_ok=True)
            return out, out.with_suffix(".json"), out.with_suffix(".png")
        directory = out
    elif args.quick:
        directory = Path(tempfile.mkdtemp(prefix="bench-quick-"))
    else:
        directory = REPO / "bench" / "results"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{stem}.md", directory / f"{stem}.json", directory / f"{stem}.png"
