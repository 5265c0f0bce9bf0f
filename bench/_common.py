"""Shared helpers of the benchmark scripts: paths, size presets, child-process measurement, formatting.

Every measurement runs in a fresh child process (so peak memory is that of the measured work alone, and
nothing is warm in memory that would not be warm for a user). The child prints one JSON object on its
last stdout line; the parent adds wall time and the peak memory it sampled from /proc.
"""
from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
GENERATED = BENCH_DIR / "generated"
PACKAGE = "acme_data"  # the generated code location's top-level package
MANIFEST = "bench-manifest.json"  # the generator's record of the graph it wrote (at the workspace root)


@dataclass(frozen=True)
class Size:
    """A preset workspace size: how many asset keys over how many asset modules."""

    name: str
    assets: int
    modules: int


SIZES: dict[str, Size] = {
    "100": Size("100", 100, 10),
    "1k": Size("1k", 1_000, 100),
    "10k": Size("10k", 10_000, 1_000),
}


def python_executable() -> str:
    """The interpreter of the project's virtual environment (dagster and assetlens live there)."""
    venv_python = REPO / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


def workspace_for(size: str) -> Path:
    return GENERATED / size


def _process_tree(pid: int) -> list[int]:
    """pid and all its descendants (Linux /proc)."""
    result: list[int] = []
    stack = [pid]
    while stack:
        current = stack.pop()
        result.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        stack.extend(int(child) for child in children)
    return result


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) once it is gone. PSS shares copy-on-write pages
    fairly between forked workers, so the sum over a process tree is the memory really used."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    rss = pss = 0
    for line in text.splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


class TreeMemorySampler:
    """Samples the summed RSS and PSS of a process tree every `interval` seconds, keeping the peaks."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            for pid in _process_tree(self.pid):
                one_rss, one_pss = _memory_kb(pid)
                rss += one_rss
                pss += one_pss
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self._stop.wait(self.interval)


@dataclass
class Measured:
    """One process run: its exit status, output, and what it cost."""

    returncode: int
    wall_s: float  # from spawning the process to its exit (interpreter start and imports included)
    cpu_s: float  # user + system CPU of the process and its descendants (less disturbed by other load)
    peak_tree_rss_mb: float  # sampled: the process and its workers, summed
    peak_tree_pss_mb: float  # sampled: the same, shared pages counted once
    stdout: str
    stderr: str


def run_measured(argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
                 timeout: float = 900.0, sample_memory: bool = True) -> Measured:
    """Run `argv` to completion, sampling its memory unless `sample_memory` is False; CPU time comes
    from RUSAGE_CHILDREN (the benchmark runs one child at a time, and a child's reaped workers are
    accounted to it).

    Sampling slows what it measures: reading /proc/PID/smaps_rollup walks the process's page tables
    under its memory-map lock every 20 ms, in each of its processes, while their allocations fault
    pages in (a cold 10k analysis took 0.4-0.9 s longer sampled). Time a run unsampled, and take the
    memory from another run."""
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONHASHSEED", "0")
    if env:
        full_env.update(env)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    sampler = TreeMemorySampler(process.pid)
    with sampler if sample_memory else contextlib.nullcontext():
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
            stderr += f"\n(timed out after {timeout:.0f} s)"
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(process.returncode, wall, cpu, sampler.peak_rss_kb / 1024, sampler.peak_pss_kb / 1024,
                    stdout, stderr)


@dataclass
class ChildResult:
    """What one measured child process reported, plus what the parent observed."""

    ok: bool
    returncode: int
    wall_s: float
    cpu_s: float
    peak_tree_rss_mb: float
    peak_tree_pss_mb: float
    report: dict[str, Any]  # the child's JSON report ({} when it printed none)
    stderr_tail: str


def run_child(argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
              timeout: float = 900.0, sample_memory: bool = True) -> ChildResult:
    """Run a measuring child script and parse the JSON object on its last stdout line."""
    measured = run_measured(argv, cwd=cwd, env=env, timeout=timeout, sample_memory=sample_memory)
    report: dict[str, Any] = {}
    lines = [line for line in measured.stdout.strip().splitlines() if line.strip()]
    if lines:
        try:
            parsed = json.loads(lines[-1])
            if isinstance(parsed, dict):
                report = parsed
        except json.JSONDecodeError:
            pass
    return ChildResult(
        ok=measured.returncode == 0 and bool(report) and not report.get("error"),
        returncode=measured.returncode,
        wall_s=measured.wall_s,
        cpu_s=measured.cpu_s,
        peak_tree_rss_mb=measured.peak_tree_rss_mb,
        peak_tree_pss_mb=measured.peak_tree_pss_mb,
        report=report,
        stderr_tail="\n".join(measured.stderr.strip().splitlines()[-15:]),
    )


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
