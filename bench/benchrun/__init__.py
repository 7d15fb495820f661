"""The benchmark driver behind bench/run (see bench/README.md).

plan       the command line, the parameter points of every workload, the time budget
machine    CPU, memory, versions, pinning, open-files limit
run        server and load generator processes, one run, the rounds of the plan
aggregate  the numbers of each run, medians over repeats, ratios, saturation and capacity
report     the Markdown report, the raw JSON, the chart, where the files go
"""

import shutil
import tempfile
import time
from pathlib import Path

from .aggregate import Results, expand_stages, report_points
from .machine import machine_facts, raise_fd_limit, read_text
from .plan import REPORT_MARGIN, SERVER_WORKLOADS, WORKLOADS, make_plan, parse_args, planned_runs, print_plan, time_budget
from .report import TITLES, output_paths, write_chart, write_raw_json, write_report
from .run import Runner, check_setup, log, run_rounds


def main(argv):
    args = parse_args(argv)
    start = time.monotonic()
    build_dir = Path(args.build_dir).resolve()
    plan, timing = make_plan(args.quick, args.repeats, args.workload_list, args.max_clients)

    planned = planned_runs(plan, args.server_list)
    estimate = sum(p.estimate for _, p, _ in planned)
    budget = time_budget(args, planned)

    if args.dry_run:
        print_plan(planned, estimate, budget)
        return 0

    work_dir = Path(tempfile.mkdtemp(prefix="bench-run-"))
    deadline = start + budget - (REPORT_MARGIN if not args.quick else 10.0)
    runner = Runner(args, build_dir, work_dir, deadline)
    problems = check_setup(args, runner)
    if problems:
        for problem in problems:
            log(problem)
        log("cannot run the benchmark")
        return 1
    runner.probe_loadgen()
    report_path, json_path, png_path = output_paths(args)

    notes = []
    if not runner.server_prefix:
        notes.append(f"Processes ran **{runner.pinning}**: server and load generator compete for the same cores.")
    fd_limit = raise_fd_limit()
    biggest = max((p.params.get("clients", 0) for p in plan), default=0)
    if fd_limit < biggest + 100:
        notes.append(f"The open-files limit is {fd_limit}, below the {biggest:,} clients of the biggest point.")
    reduced = [p for p in plan if p.repeats < max(q.repeats for q in plan)]
    if reduced:
        notes.append("Fewer repeats to fit the time budget: " +
                     ", ".join(f"{p.workload} {p.label} ×{p.repeats}" for p in reduced) + ".")
    missing_flags = {"--warmup", "--settle", "--timeout"} - runner.loadgen_flags
    if missing_flags:
        notes.append("The load generator does not advertise " + ", ".join(sorted(missing_flags)) +
                     "; its defaults were used.")
    facts = machine_facts(build_dir, runner.pinning)
    if facts["build_type"] and facts["build_type"] not in ("Release", "RelWithDebInfo", "MinSizeRel"):
        notes.append(f"The build directory is a **{facts['build_type']}** build: ours is not measured optimised.")

    log(f"{len(planned)} runs planned, at most about {estimate:.0f} s, budget {budget:.0f} s; {runner.pinning}")
    log(f"logs in {work_dir}")

    records, interrupted = run_rounds(args, plan, runner, deadline, len(planned))

    over_budget = [r for r in records if r["status"] == "skipped" and r["reason"].startswith("budget")]
    if over_budget:
        more = sum(r.get("estimate_s", 0) for r in over_budget)
        notes.append(f"{len(over_budget)} planned runs did not fit in the {budget:.0f} s budget (about {more:.0f} s "
                     f"more); `--budget {budget + more + 60:.0f}` runs them all.")

    elapsed = time.monotonic() - start
    write_raw_json(json_path, args, facts, timing, budget, elapsed, interrupted, plan, records)

    chart_note = None
    png_name = None
    shown_plan = report_points(plan)
    shown_records = expand_stages(plan, records)
    if not set(WORKLOADS) & set(args.workload_list):
        chart_note = "the chart shows the default workloads, none of which ran"
    elif records and any(r["status"] == "ok" for r in records):
        chart_note = write_chart(Results(shown_plan, args.server_list, shown_records), png_path, work_dir)
        if chart_note is None:
            png_name = png_path.name
    else:
        chart_note = "no valid run"
    if chart_note:
        log(f"no chart: {chart_note}")
    # The report shows a row per rate of a ramp; the header counts the server runs themselves.
    write_report(report_path, args, facts, shown_plan, timing, shown_records, notes, chart_note, png_name,
                 json_path.name, elapsed, interrupted, len(records))

    failed = [r for r in records if r["status"] == "failed"]
    skipped = [r for r in records if r["status"] == "skipped"]
    text = read_text(report_path)
    missing_tables = [w for w in args.workload_list if f"## {TITLES[w]} (`{w}`)" not in text]
    log(f"report: {report_path}")
    log(f"raw JSON: {json_path}" + (f", chart: {png_path}" if png_name else ""))
    log(f"{len(records)} runs: {sum(r['status'] == 'ok' for r in records)} valid, "
        f"{sum(r['status'] == 'invalid' for r in records)} invalid, {len(failed)} failed, {len(skipped)} skipped "
        f"in {elapsed:.0f} s")
    if interrupted:
        return 130 if interrupted == "SIGINT" else 143
    empty = [f"{s}/{w}" for w in args.workload_list for s in args.server_list
             if w in SERVER_WORKLOADS[s] and not any(r["server"] == s and r["workload"] == w and r["json"]
                                                     for r in records)]
    if empty:
        log("no result at all for " + ", ".join(empty))
    if missing_tables or failed:
        if failed:
            log(f"{len(failed)} runs failed (see the report and the logs in {work_dir})")
        if missing_tables:
            log("tables missing from the report: " + ", ".join(missing_tables))
        return 1
    shutil.rmtree(work_dir, ignore_errors=True)
    return 0

