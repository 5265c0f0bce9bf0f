"""Run the real-Dagster loader (dagster_graph.py) over code locations, one subprocess per location,
several at a time, and keep each result with its wall time.

Nothing is cached between sessions: every test session loads every selected fixture with Dagster
again, so the ground truth always comes from the installed Dagster.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LOADER = Path(__file__).with_name("dagster_graph.py")
FIXTURES = REPO / "tests" / "fixtures" / "differential"
EXAMPLE_LOCATIONS = (REPO / "examples" / "shop",)
LOAD_TIMEOUT_S = 180


@dataclass(frozen=True)
class Case:
    """One code location to compare: a fixture folder or an example project."""

    name: str
    folder: Path


def discover_cases() -> list[Case]:
    cases = [
        Case(entry.name, entry)
        for entry in sorted(FIXTURES.iterdir())
        if entry.is_dir() and not entry.name.startswith((".", "_"))
    ]
    cases += [Case(f"examples/{folder.name}", folder) for folder in EXAMPLE_LOCATIONS if folder.is_dir()]
    return cases


@dataclass
class DagsterRun:
    """The outcome of loading one code location with Dagster."""

    case: Case
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    data: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.data is not None

    @property
    def assets(self) -> list[dict[str, Any]]:
        return list((self.data or {}).get("assets", []))

    def failure(self) -> str:
        detail = self.stderr.strip() or self.stdout.strip() or "(no output)"
        return f"dagster could not load {self.case.name} (exit {self.returncode}): {detail}"


def run_dagster_graph(case: Case, python: str = sys.executable) -> DagsterRun:
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [python, str(LOADER), str(case.folder)],
            capture_output=True,
            text=True,
            timeout=LOAD_TIMEOUT_S,
            cwd=REPO,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    except subprocess.TimeoutExpired:
        return DagsterRun(case, -1, "", f"timed out after {LOAD_TIMEOUT_S}s", time.perf_counter() - started)
    run = DagsterRun(case, proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started)
    if proc.returncode == 0:
        try:
            run.data = json.loads(proc.stdout)
        except json.JSONDecodeError as exc:
            run.stderr += f"\nloader printed invalid JSON: {exc}"
    return run


@dataclass
class DagsterRuns:
    """Loads started together on a thread pool (each thread waits on its own subprocess)."""

    jobs: int = field(default_factory=lambda: int(os.environ.get("ASSETLENS_DIFF_JOBS", os.cpu_count() or 2)))
    _pool: ThreadPoolExecutor | None = None
    _futures: dict[Case, Future[DagsterRun]] = field(default_factory=dict)
    wall_started: float = 0.0
    wall_finished: float = 0.0

    def start(self, cases: Iterable[Case]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=max(1, self.jobs), thread_name_prefix="dagster-load")
            self.wall_started = time.perf_counter()
        for case in cases:
            if case not in self._futures:
                self._futures[case] = self._pool.submit(run_dagster_graph, case)

    def result(self, case: Case) -> DagsterRun:
        self.start([case])
        run = self._futures[case].result()
        if all(f.done() for f in self._futures.values()):
            self.wall_finished = self.wall_finished or time.perf_counter()
        return run

    def finished_runs(self) -> list[DagsterRun]:
        return [f.result() for f in self._futures.values() if f.done() and not f.cancelled()]

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def summary(self) -> str:
        runs = self.finished_runs()
        if not runs:
            return ""
        wall = (self.wall_finished or time.perf_counter()) - self.wall_started
        slowest = max(runs, key=lambda r: r.seconds)
        failed = [r.case.name for r in runs if not r.ok]
        lines = [
            f"dagster loads: {len(runs)} code locations, {wall:.1f} s wall on {self.jobs} workers,"
            f" {sum(r.seconds for r in runs):.1f} s summed, slowest {slowest.case.name} {slowest.seconds:.1f} s",
        ]
        if failed:
            lines.append(f"dagster could not load: {', '.join(failed)}")
        return "\n".join(lines)
