"""Aggregation: the numbers of each run, medians and spans over the repeats of a server and point,
ratios, fan-out saturation and room-chat capacity; a fan-out ramp becomes one point per rate."""

import math
import statistics

from .plan import FANOUT_LOSS_LIMIT, FANOUT_P99_LIMIT_MS, ROOMCHAT_P95_LIMIT_US, Point, stage_label


def number(value):
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    return None


def report_points(plan):
    """The points the report shows: a ramp point becomes one point per rate."""
    out = []
    for point in plan:
        if not point.stages:
            out.append(point)
            continue
        for rate in point.stages:
            params = {k: v for k, v in point.params.items() if k != "rates"}
            params["rate"] = rate
            out.append(Point(point.workload, f"{point.id}/{rate}", stage_label(point.workload, params, rate),
                             point.args, point.repeats, point.estimate, params, warmup=point.warmup,
                             cluster=point.cluster))
    return out


def expand_stages(plan, records):
    """Each run of a ramp point becomes one record per rate: the numbers of that stage (valid unless
    the load generator could not keep up), or skipped for the rates after the one that ended the ramp."""
    ramps = {p.id: p for p in plan if p.stages}
    out = []
    for record in records:
        point = ramps.get(record["point"])
        if point is None:
            out.append(record)
            continue
        data = record.get("json") or {}
        stages = {number(s.get("rate")): s for s in data.get("stages") or [] if isinstance(s, dict)}
        # Invalid for a reason outside the stages (timeout, exit code, server died): all of it is.
        whole_invalid = record["status"] == "invalid" and data.get("valid") is not False
        for rate in point.stages:
            rec = dict(record)
            rec["point"] = f"{point.id}/{rate}"
            rec["params"] = {k: v for k, v in point.params.items() if k != "rates"}
            rec["params"]["rate"] = rate
            rec["label"] = stage_label(point.workload, rec["params"], rate)
            stage = stages.get(float(rate))
            if record["status"] in ("skipped", "failed") or whole_invalid:
                pass
            elif stage is None:
                rec["status"] = "skipped"
                rec["reason"] = f"saturated: {data.get('stopped_by') or 'the ramp ended before this rate'}"
                rec["json"] = None
            else:
                rec["json"] = dict(stage, workload=record["workload"], clients=data.get("clients"),
                                   size=data.get("size"), errors=data.get("errors"))
                failed_by = str(stage.get("failed_by") or "")
                if "loadgen" in failed_by:
                    rec["status"], rec["reason"] = "invalid", f"loadgen: {failed_by}"
                else:
                    rec["status"], rec["reason"] = "ok", ""
            out.append(rec)
    return out


def metrics_of(record):
    """The numbers of one run: the load generator's JSON plus derived fallbacks."""
    data = dict(record.get("json") or {})
    out = {}
    for key, value in data.items():
        num = number(value)
        if num is not None:
            out[key] = num
        elif isinstance(value, list):  # e.g. server_cpu_each: one number per server of a cluster
            for i, item in enumerate(value):
                if number(item) is not None:
                    out[f"{key}_{i}"] = number(item)
    if record["workload"] == "idle" and not out.get("rss_per_conn_bytes"):
        drv = record.get("driver") or {}
        clients = record["params"]["clients"]
        if drv.get("rss_peak_kb") and drv.get("rss_start_kb") and clients:
            out["rss_per_conn_bytes"] = (drv["rss_peak_kb"] - drv["rss_start_kb"]) * 1024.0 / clients
            out["_rss_from_driver"] = 1.0
    return out


class Cell:
    def __init__(self, runs):
        self.runs = [r for r in runs if r["status"] != "skipped"]  # every run of this server x point
        self.skipped = [r for r in runs if r["status"] == "skipped"]
        self.valid = [r for r in runs if r["status"] == "ok"]
        self.values = {}
        for record in self.valid:
            for key, value in metrics_of(record).items():
                self.values.setdefault(key, []).append(value)

    def median(self, key):
        vals = self.values.get(key)
        return statistics.median(vals) if vals else None

    def span(self, key):
        vals = self.values.get(key)
        return (min(vals), max(vals)) if vals else None

    def count(self):
        return f"{len(self.valid)}/{len(self.runs)}"


def ratio(a, b):
    if a is None or b is None:
        return None
    if b == 0:
        return math.inf if a > 0 else None
    return a / b


class Results:
    def __init__(self, plan, servers, records):
        self.plan = plan
        self.servers = servers
        self.records = records
        self.cells = {}
        for point in plan:
            for server in servers:
                runs = [r for r in records if r["point"] == point.id and r["server"] == server]
                if runs:
                    self.cells[(point.id, server)] = Cell(runs)

    def cell(self, point_id, server):
        return self.cells.get((point_id, server))

    def value(self, point_id, server, key):
        cell = self.cell(point_id, server)
        return cell.median(key) if cell else None

    def points(self, workload):
        return [p for p in self.plan if p.workload == workload]

    def within_fanout_bound(self, point_id, server):
        p99 = self.value(point_id, server, "p99_us")
        loss = self.value(point_id, server, "loss")
        return p99 is not None and p99 <= FANOUT_P99_LIMIT_MS * 1000 and (loss or 0) <= FANOUT_LOSS_LIMIT

    def ramp(self, workload, key, value):
        """The points of one ramp (one per rate), rising: those of `workload` whose params[key] is value."""
        return sorted((p for p in self.points(workload) if p.params[key] == value), key=lambda p: p.params["rate"])

    def saturation(self, points, server):
        """(highest median delivered/s over the points (rates) whose median p99 is within the bound
        without loss, the rate, that point's id)."""
        best = None
        for point in points:
            if not self.within_fanout_bound(point.id, server):
                continue
            value = self.value(point.id, server, "delivered_per_s")
            if value is not None and (best is None or value > best[0]):
                best = (value, point.params["rate"], point.id)
        return best

    def fanout_saturation(self, size, server):
        return self.saturation(self.ramp("fanout", "size", size), server)

    def cluster_saturation(self, clients, server):
        return self.saturation(self.ramp("cluster-fanout", "clients", clients), server)

    def common_rate(self, points, servers):
        """The highest rate of a ramp at which every one of `servers` kept within the bound: its point,
        or None."""
        passing = [p for p in points if all(self.within_fanout_bound(p.id, s) for s in servers)]
        return passing[-1] if passing else None

    def fanout_limit(self, size, server, rate):
        return self.ramp_limit(self.ramp("fanout", "size", size), server, rate)

    def ramp_limit(self, points, server, rate):
        """What is known about the next rate after the saturation point: why it is not the saturation."""
        higher = [p for p in points if p.params["rate"] > rate]
        if not higher:
            return "highest rate tested (a lower bound)"
        nxt = higher[0].id
        higher = [p.params["rate"] for p in higher]
        cell = self.cell(nxt, server)
        if cell is not None and cell.valid:
            p99 = cell.median("p99_us")
            loss = cell.median("loss") or 0
            parts = []
            if p99 is not None and p99 > FANOUT_P99_LIMIT_MS * 1000:
                parts.append(f"p99 {p99 / 1e6:.1f} s")
            if loss > FANOUT_LOSS_LIMIT:
                parts.append(f"loss {loss * 100:.1f}%")
            if parts:
                return " and ".join(parts) + f" at {higher[0]:,}/s"
        if cell is not None and cell.runs and not cell.valid:
            return f"load generator at {higher[0]:,}/s (a lower bound)"
        return f"{higher[0]:,}/s not measured"

    def roomchat_capacity(self, server):
        """(largest client count whose median p95 < 20 ms or 0, whether it is the largest tested, tested any)."""
        points = sorted(self.points("roomchat"), key=lambda p: p.params["clients"])
        tested = [p for p in points if self.value(p.id, server, "p95_us") is not None]
        if not tested:
            return None
        passing = [p for p in tested if self.value(p.id, server, "p95_us") < ROOMCHAT_P95_LIMIT_US]
        if not passing:
            return (0, False, tested[0].params["clients"])
        best = passing[-1].params["clients"]
        return (best, best == points[-1].params["clients"], tested[0].params["clients"])

    def idle_point_for_target(self):
        """The largest idle point measured for both ours and Node."""
        best = None
        for point in self.points("idle"):
            if self.value(point.id, "ours", "rss_per_conn_bytes") and self.value(point.id, "node", "rss_per_conn_bytes"):
                if best is None or point.params["clients"] > best.params["clients"]:
                    best = point
        return best
