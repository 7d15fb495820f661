"""The machine: CPU, memory, kernel and OS, the versions of Qt, Node and the npm packages, the commit,
which cores the server and the load generator are pinned to, and the open-files limit."""

import json
import os
import platform
import re
import resource
import shutil
import subprocess
from pathlib import Path

from .plan import NODE_DIR, REPO


def read_text(path, default=""):
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return default


def run_quiet(cmd, timeout=10):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_facts(build_dir, pinning):
    facts = {}
    facts["nproc"] = os.cpu_count()
    try:
        facts["cpus_allowed"] = len(os.sched_getaffinity(0))
    except AttributeError:
        facts["cpus_allowed"] = facts["nproc"]
    model = ""
    for line in read_text("/proc/cpuinfo").splitlines():
        if line.lower().startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    facts["cpu_model"] = model or platform.processor() or "unknown"
    mem = re.search(r"MemTotal:\s+(\d+)", read_text("/proc/meminfo"))
    facts["mem_total_mb"] = int(mem.group(1)) // 1024 if mem else None
    facts["kernel"] = platform.release()
    facts["os"] = ""
    for line in read_text("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            facts["os"] = line.split("=", 1)[1].strip().strip('"')
    facts["python"] = platform.python_version()

    cache = read_text(Path(build_dir) / "CMakeCache.txt")
    build_type = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", cache, re.M)
    facts["build_type"] = build_type.group(1).strip() if build_type else ""
    qt = ""
    qt_dir = re.search(r"^Qt6Core_DIR:\w+=(.*)$", cache, re.M) or re.search(r"^Qt6_DIR:\w+=(.*)$", cache, re.M)
    if qt_dir:
        base = Path(qt_dir.group(1).strip())
        for candidate in (base / "Qt6CoreConfigVersionImpl.cmake", base / "Qt6CoreConfigVersion.cmake",
                          base / "Qt6ConfigVersionImpl.cmake", base / "Qt6ConfigVersion.cmake"):
            found = re.search(r'set\(PACKAGE_VERSION\s+"([^"]+)"\)', read_text(candidate))
            if found:
                qt = found.group(1)
                break
    facts["qt"] = qt or "unknown"

    node = shutil.which("node")
    facts["node"] = run_quiet([node, "--version"]) if node else "not found"
    versions = {}
    try:
        lock = json.loads(read_text(NODE_DIR / "package-lock.json", "{}"))
        for name in ("socket.io", "ws"):
            entry = lock.get("packages", {}).get(f"node_modules/{name}") or lock.get("dependencies", {}).get(name)
            if entry and entry.get("version"):
                versions[name] = entry["version"]
    except ValueError:
        pass
    facts["socket.io"] = versions.get("socket.io", "unknown")
    facts["ws"] = versions.get("ws", "unknown")
    commit = run_quiet(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    facts["commit"] = commit or "unknown"
    facts["pinning"] = pinning
    return facts


def pinning_setup():
    """Returns (server prefix, loadgen prefix, description)."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        cpus = list(range(os.cpu_count() or 1))
    taskset = shutil.which("taskset")
    if not taskset:
        return [], [], "unpinned: taskset is missing (package util-linux)"
    if len(cpus) < 2:
        return [], [], f"unpinned: only {len(cpus)} core available"
    server_cpu, loadgen_cpu = cpus[0], cpus[1]
    return ([taskset, "-c", str(server_cpu)], [taskset, "-c", str(loadgen_cpu)],
            f"server pinned to CPU {server_cpu}, load generator to CPU {loadgen_cpu} (taskset)")


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 1 << 20
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]
