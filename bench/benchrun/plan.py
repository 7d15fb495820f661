"""The plan: which servers and workloads run, at which parameter points, how often and within which
time budget; the command line that chooses them, and the bounds that decide validity and saturation."""

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
NODE_DIR = REPO / "bench" / "node"

WORKLOADS = ["idle", "fanout", "inbound", "echo", "roomchat", "storm"]
# Run only when asked for (--workloads stalled,cluster-fanout): stalled takes a minute per point;
# cluster-fanout needs redis-server and starts two servers per run.
OPT_IN_WORKLOADS = ["stalled", "cluster-fanout"]
ALL_WORKLOADS = WORKLOADS + OPT_IN_WORKLOADS
SERVERS = ["ours", "node", "raw-qt", "raw-ws", "ours-admin", "ours-qt", "ours-qml"]
# Run only when named (--servers ...,ours-admin): what the admin instrumentation costs; the
# application kinds (ours-qt, ours-qml): what a server gets without EpollEventDispatcher.
OPT_IN_SERVERS = ["ours-admin", "ours-qt", "ours-qml"]
SERVER_LABELS = {
    "ours": "ours (bench-server)",
    "node": "Node socket.io",
    "raw-qt": "raw-qt (QWebSocketServer)",
    "raw-ws": "raw-ws (Node ws)",
    "ours-admin": "ours instrumented for admin consoles, none connected",
    "ours-qt": "ours on Qt's own event dispatcher (QCoreApplication as the README writes it)",
    "ours-qml": "ours as a QML SocketIoServer in a QGuiApplication (offscreen)",
}
# The raw servers speak only the subset these workloads need; a cluster is two servers of the same
# kind on one Redis (bench-server and server.mjs take --redis-port).
SERVER_WORKLOADS = {
    "ours": set(ALL_WORKLOADS),
    "node": set(ALL_WORKLOADS),
    "raw-qt": {"fanout", "echo"},
    "raw-ws": {"fanout", "echo"},
    "ours-admin": {"fanout", "inbound"},
    "ours-qt": {"idle", "echo", "fanout"},
    "ours-qml": {"idle", "echo", "fanout"},
}

# Bench workloads the load generator runs under another name (with several --url).
LOADGEN_WORKLOAD = {"cluster-fanout": "fanout"}
CLUSTER_SIZE = 2  # servers in a cluster-fanout run

LOADGEN_CPU_LIMIT = 0.9
ROOMCHAT_P95_LIMIT_US = 20000
# Fan-out saturation: the highest delivered rate whose p99 stays within this bound without loss.
FANOUT_P99_LIMIT_MS = 1000
FANOUT_LOSS_LIMIT = 0.001
REPORT_MARGIN = 25.0  # seconds kept free at the end of the budget for the report and chart


def size_label(size):
    return "1 KB" if size == 1024 else f"{size} B"


def stage_label(workload, params, rate):
    """The report's label of one rate of a ramp."""
    if workload == "cluster-fanout":
        return f"{params['clients']:,} receivers, {size_label(params['size'])} @ {rate:,}/s"
    return f"{size_label(params['size'])} @ {rate:,}/s"


# ----------------------------------------------------------------------------------------------
# Parameter points per workload


class Point:
    def __init__(self, workload, pid, label, args, repeats, estimate, params, warmup=None, settle=None,
                 sweep=None, stages=None, cluster=0):
        self.workload = workload
        self.id = pid  # unique across the plan, e.g. "fanout/100/200"
        self.label = label
        self.args = args  # load generator options (contract flags only)
        self.repeats = repeats
        self.estimate = estimate  # seconds for one run, server start and stop included
        self.params = params  # numbers the report groups by
        self.warmup = warmup  # --warmup / --settle, passed when the load generator advertises them
        self.settle = settle
        # (group, value) of a rising sweep: once a run of the group is invalid or failed, the
        # larger values of that group are skipped for that server and repeat.
        self.sweep = sweep
        # fanout: the rising rates one run of the load generator ramps through, a stage each;
        # the report shows one point per rate (report_points, expand_stages).
        self.stages = stages
        # cluster-fanout: this many servers of one kind on one redis-server, the load generator's
        # receivers spread over them and its sender on the first.
        self.cluster = cluster


def make_plan(quick, repeats_opt, workloads, max_clients=0):
    repeats = repeats_opt if repeats_opt is not None else (1 if quick else 3)
    # The big idle points take long (10,000 connections, 3 waves): one run each unless --repeats says.
    big_idle_repeats = repeats_opt if repeats_opt is not None else 1
    if quick:
        t = {"duration": 1.5, "warmup": 0.5, "idle_duration": 1.0, "settle": 1.0, "waves": 1,
             "inbound_warmup": 0.0, "stage": 1.0, "stage_warmup": 0.3}
        idle_points = [(1000, repeats)]
        fan_clients, fan_sizes, fan_rates = 200, [100], [200, 1000]
        cluster_clients, cluster_rates = [200], [200, 1000]
        inbound = (10, 5000)
        echo = (200, 200)
        room_counts = [150, 300]
        storm = 500
    else:
        t = {"duration": 2.0, "warmup": 0.5, "idle_duration": 1.5, "settle": 1.0, "waves": 3,
             "inbound_warmup": 0.5, "stage": 1.5, "stage_warmup": 0.5}
        idle_points = [(1000, repeats), (5000, big_idle_repeats), (10000, big_idle_repeats)]
        # steps of at most 1.5x, so that a saturation is found within 50%
        fan_clients, fan_sizes = 1000, [100, 1024]
        fan_rates = [50, 75, 100, 150, 200, 300, 400, 500, 700, 1000, 1400, 2000, 2800, 4000]
        cluster_clients, cluster_rates = [200, 1000], fan_rates
        inbound = (10, 50000)
        echo = (1000, 200)
        room_counts = [300, 600, 1200, 2400, 4800]
        storm = 5000
    waves = t["waves"]
    overhead = 2.0  # server start and stop, load generator start, joins, graceful disconnect

    def connect_s(clients, polling=0.0):
        # About a thousand handshakes a second on a loaded core; long-polling ones cost more.
        return 0.3 + clients / 1000.0 + clients * polling / 500.0

    window = t["warmup"] + t["duration"]
    plan = []
    if "idle" in workloads:
        for clients, reps in idle_points:
            est = overhead + connect_s(clients, 0.05) * (1 + waves) + t["warmup"] + t["idle_duration"] \
                + waves * (t["settle"] + 1.5)
            plan.append(Point("idle", f"idle/{clients}", f"{clients:,} clients",
                              ["--clients", clients, "--polling-share", "0.05", "--waves", waves,
                               "--duration", t["idle_duration"]],
                              reps, est, {"clients": clients}, warmup=t["warmup"], settle=t["settle"]))
        if max_clients:
            # The largest point: WebSocket clients that only answer Engine.IO's heartbeat, over a
            # window longer than the ping interval (25 s), spread over one local address per
            # 25,000 connections (one port range each).
            sources = max(1, -(-max_clients // 25000))
            est = overhead + connect_s(max_clients) + 1.0 + 30.0
            plan.append(Point("idle", f"idle-max/{max_clients}", f"{max_clients:,} clients, heartbeats only",
                              ["--clients", max_clients, "--polling-share", "0", "--emit-rate", "0",
                               "--sources", sources, "--waves", 0, "--duration", 30],
                              1, est, {"clients": max_clients}, warmup=1.0, settle=t["settle"]))
    if "fanout" in workloads:
        for size in fan_sizes:
            # One run ramps through the rates; a stage over the p99 bound (or with loss) ends it,
            # after a drain of at most the bound. The estimate assumes every stage runs.
            stage = t["stage_warmup"] + t["stage"] + 0.4
            est = overhead + connect_s(fan_clients) + len(fan_rates) * stage + FANOUT_P99_LIMIT_MS / 1000.0
            plan.append(Point("fanout", f"fanout/{size}", f"{size_label(size)}, {fan_rates[0]:,} to {fan_rates[-1]:,}/s",
                              ["--clients", fan_clients, "--size", size, "--rate", ",".join(map(str, fan_rates)),
                               "--max-p99", FANOUT_P99_LIMIT_MS, "--duration", t["stage"]],
                              repeats, est, {"clients": fan_clients, "size": size, "rates": fan_rates},
                              warmup=t["stage_warmup"], stages=fan_rates))
    if "cluster-fanout" in workloads:
        # Two servers of one kind on one redis-server: the receivers are spread over both, the
        # sender is on the first, so every broadcast reaches half of them through Redis. 100 B.
        size = 100
        for clients in cluster_clients:
            stage = t["stage_warmup"] + t["stage"] + 0.4
            # redis-server and a second server to start, both subscribed before the load generator
            est = overhead + 2.0 + connect_s(clients) + len(cluster_rates) * stage + FANOUT_P99_LIMIT_MS / 1000.0
            plan.append(Point("cluster-fanout", f"cluster-fanout/{clients}",
                              f"{clients:,} receivers, {size_label(size)}, {cluster_rates[0]:,} to {cluster_rates[-1]:,}/s",
                              ["--clients", clients, "--size", size, "--rate", ",".join(map(str, cluster_rates)),
                               "--max-p99", FANOUT_P99_LIMIT_MS, "--duration", t["stage"]],
                              repeats, est, {"clients": clients, "size": size, "rates": cluster_rates},
                              warmup=t["stage_warmup"], stages=cluster_rates, cluster=CLUSTER_SIZE))
    if "inbound" in workloads:
        clients, events = inbound
        est = overhead + connect_s(clients) + clients * events / 50000.0 + (6.0 if t["inbound_warmup"] else 0.0)
        plan.append(Point("inbound", f"inbound/{clients}x{events}", f"{clients} × {events:,} events",
                          ["--clients", clients, "--events", events],
                          repeats, est, {"clients": clients, "events": events}, warmup=t["inbound_warmup"]))
    if "echo" in workloads:
        clients, interval = echo
        est = overhead + connect_s(clients) + window + 0.5
        plan.append(Point("echo", f"echo/{clients}", f"{clients:,} clients / {interval} ms",
                          ["--clients", clients, "--interval", interval, "--duration", t["duration"]],
                          repeats, est, {"clients": clients, "interval": interval}, warmup=t["warmup"]))
    if "roomchat" in workloads:
        for clients in room_counts:
            est = overhead + connect_s(clients) + window + 0.5
            plan.append(Point("roomchat", f"roomchat/{clients}", f"{clients:,} clients",
                              ["--clients", clients, "--room-size", 6, "--interval", 200,
                               "--duration", t["duration"]],
                              repeats, est, {"clients": clients, "room_size": 6, "interval": 200},
                              warmup=t["warmup"], sweep=("roomchat", clients)))
    if "storm" in workloads:
        est = overhead + storm / 700.0
        plan.append(Point("storm", f"storm/{storm}", f"{storm:,} clients",
                          ["--clients", storm], repeats, est, {"clients": storm}))
    if "stalled" in workloads:
        # (receivers, stalled ones, bcast/s, bytes): a room where part of the clients freeze. The
        # points without stalled clients are the healthy baselines of the same healthy counts.
        if quick:
            stalled_points, stalled_s = [(200, 50, 200, 1000), (150, 0, 200, 1000)], 10.0
        else:
            stalled_points = [(1000, 100, 200, 1000), (1000, 500, 500, 1000), (1000, 500, 500, 16000),
                              (600, 500, 200, 1000), (900, 0, 200, 1000), (500, 0, 500, 1000),
                              (100, 0, 200, 1000)]
            stalled_s = 60.0
        stalled_repeats = repeats_opt if repeats_opt is not None else 1
        for clients, stalled, rate, size in stalled_points:
            est = overhead + connect_s(clients) + 2.0 + stalled_s + 1.0
            label = f"{clients - stalled:,} + {stalled:,} stalled, {rate}/s × {size_label(size)}"
            plan.append(Point("stalled", f"stalled/{clients}/{stalled}/{rate}/{size}", label,
                              ["--clients", clients, "--stalled-share", f"{stalled / clients:.6f}",
                               "--rate", rate, "--size", size, "--duration", stalled_s],
                              stalled_repeats, est,
                              {"clients": clients, "stalled": stalled, "rate": rate, "size": size},
                              warmup=2.0))
    return plan, t


def planned_runs(plan, servers):
    """(server, point, repeat) of every run, round by round: the first repeat of every point, then the
    second, and so on; a server only runs the workloads it speaks."""
    rounds = max((p.repeats for p in plan), default=0)
    return [(server, point, repeat) for repeat in range(1, rounds + 1) for point in plan
            if repeat <= point.repeats for server in servers
            if point.workload in SERVER_WORKLOADS[server]]


def time_budget(args, planned):
    """The global deadline in seconds: --budget, else 600 (quick 120) plus what the opt-in workloads
    of the plan need."""
    budget = args.budget if args.budget is not None else (120.0 if args.quick else 600.0)
    if args.budget is None:
        # The opt-in workloads take what they need on top of the default budget.
        budget += sum(p.estimate for _, p, _ in planned if p.workload in OPT_IN_WORKLOADS)
    return budget


def print_plan(planned, estimate, budget):
    """--dry-run: one line per run, then the count and the time estimate."""
    for server, point, repeat in planned:
        extra = []
        if point.warmup is not None:
            extra += ["--warmup", point.warmup]
        if point.settle is not None:
            extra += ["--settle", point.settle]
        print(f"{repeat}  {server:7} {point.id:22} ~{point.estimate:5.1f} s  loadgen "
              f"{' '.join(map(str, point.args + extra))}")
    print(f"{len(planned)} runs, at most about {estimate:.0f} s (budget {budget:.0f} s); the larger rates and "
          "sizes of a sweep are skipped once a smaller one is invalid")


# ----------------------------------------------------------------------------------------------
# Command line


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Runs the QtSocketIo benchmark (bench/README.md) and writes a Markdown report, "
                    "the raw JSON of every run and a PNG chart.")
    parser.add_argument("--build-dir", default=str(REPO / "build"),
                        help="build directory with bench/loadgen/loadgen, bench/server/bench-server and "
                             "bench/raw-qt/raw-qt-server (default: ./build of the repository)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer sizes, shorter phases, one repeat: under 2 minutes; writes into a "
                             "temporary directory unless --out is given")
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per server and parameter point (default 3, quick 1; without it the "
                             "5,000 and 10,000-client idle points run once)")
    parser.add_argument("--servers", default=None,
                        help=f"comma list among {','.join(SERVERS)} (default: all but "
                             f"{','.join(OPT_IN_SERVERS)}, which runs only when named)")
    parser.add_argument("--workloads", default=None,
                        help=f"comma list among {','.join(ALL_WORKLOADS)} (default: all but "
                             f"{' and '.join(OPT_IN_WORKLOADS)}, which run only when named; cluster-fanout "
                             "needs redis-server)")
    parser.add_argument("--out", default=None,
                        help="a directory (the files are named <YYYY-MM-DD>.md/.json/.png in it) or a "
                             "report path ending in .md (default: bench/results/<YYYY-MM-DD>.md)")
    parser.add_argument("--budget", type=float, default=None,
                        help="global deadline in seconds (default 600, quick 120); runs that would not "
                             "fit are skipped and listed")
    parser.add_argument("--max-clients", type=int, default=0,
                        help="idle: also one point with this many WebSocket clients that only answer "
                             "Engine.IO's heartbeat, over 30 s (RSS per connection, heartbeat CPU, connect "
                             "time); needs an open-files limit above it for the server and the load generator")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and its time estimate, run nothing")
    args = parser.parse_args(argv)

    def split(text, allowed, what):
        items = [x.strip() for x in text.split(",") if x.strip()]
        bad = [x for x in items if x not in allowed]
        if bad or not items:
            parser.error(f"--{what}: unknown {', '.join(bad) or '(empty)'}; choose among {','.join(allowed)}")
        return [x for x in allowed if x in items]

    args.servers_given = args.servers is not None
    args.workloads_given = args.workloads is not None
    args.server_list = split(args.servers, SERVERS, "servers") if args.servers else \
        [s for s in SERVERS if s not in OPT_IN_SERVERS]
    args.workload_list = split(args.workloads, ALL_WORKLOADS, "workloads") if args.workloads else list(WORKLOADS)
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.budget is not None and args.budget < 10:
        parser.error("--budget must be at least 10 seconds")
    return args


def reproduce_command(args):
    cmd = ["bench/run"]
    if Path(args.build_dir).resolve() != (REPO / "build").resolve():
        cmd += ["--build-dir", str(args.build_dir)]
    if args.quick:
        cmd.append("--quick")
    if args.repeats is not None:
        cmd += ["--repeats", str(args.repeats)]
    if args.servers_given:
        cmd += ["--servers", ",".join(args.server_list)]
    if args.workloads_given:
        cmd += ["--workloads", ",".join(args.workload_list)]
    if args.budget is not None:
        cmd += ["--budget", str(args.budget)]
    if args.max_clients:
        cmd += ["--max-clients", str(args.max_clients)]
    return " ".join(cmd)
