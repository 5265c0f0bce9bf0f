"""Extraction in worker processes (large workspaces) gives exactly the facts of extraction in one
process: there is one extraction, whichever way it is scheduled."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assetlens.analyzer.workspace import PARALLEL_THRESHOLD

from .support import analyze, graph_summary, write_files


def _chain_workspace(tmp_path: Path, count: int) -> None:
    files = {
        "settings.py": 'PREFIX = "raw"\n',
        "factories.py": """
        import dagster as dg
        from settings import PREFIX

        def make(name, deps=()):
            @dg.asset(key=[PREFIX, name], deps=list(deps), group_name="chain")
            def _made():
                return 1
            return _made
        """,
    }
    for number in range(count):
        upstream = f"from m{number + 1:03d} import NAME as NEXT\n" if number + 1 < count else 'NEXT = "end"\n'
        files[f"m{number:03d}.py"] = f'from factories import make\n{upstream}NAME = "n{number}"\nmade = make(NAME, deps=[NEXT])\n'
    write_files(tmp_path, files)


@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_parallel_and_serial_extraction_agree(tmp_path: Path, jobs: int) -> None:
    count = PARALLEL_THRESHOLD + 20
    _chain_workspace(tmp_path, count)
    serial = analyze(tmp_path, jobs=1)
    parallel = analyze(tmp_path, jobs=jobs)  # regions, chunks, idle workers taking over others' chunks
    assert parallel.modules == serial.modules
    assert graph_summary(parallel) == graph_summary(serial)
    assert len(serial.assets) == count
    assert all(fact.resolved for fact in serial.assets)


def test_workers_are_spawned_in_a_process_with_threads(tmp_path: Path) -> None:
    """The language server has threads: its workers are spawned, not forked, with the same result."""
    _chain_workspace(tmp_path, PARALLEL_THRESHOLD + 5)
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    try:
        parallel = analyze(tmp_path, jobs=2)
    finally:
        release.set()
    assert parallel.modules == analyze(tmp_path, jobs=1).modules
