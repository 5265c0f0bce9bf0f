"""Helpers for the runtime tests: fixture workspaces copied to a temporary folder, runs through the real
worker process (either engine), and what a run left in `.assetlens/`."""

from __future__ import annotations

import asyncio
import os
import pickle
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from assetlens.runtime import MaterializeRequest, RunEvent, RunOutcome, RunStore
from assetlens.runtime.host import start_run
from assetlens.runtime.layout import values_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PYTHON = sys.executable

# Every executable key of each run fixture, and the modules that define them.
RUN_FIXTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "basics": (
        ("basics.assets",),
        (
            "raw/orders",
            "raw/customers",
            "mart/order_count",
            "mart/revenue",
            "report",
            "legacy_after_report",
            "with_value",
            "maybe_nothing",
            "after_maybe",
            "returns_none",
            "annotated_none",
            "optional_value",
            "reads_materialize_result_value",
            "generator_asset",
            "pep604_optional",
        ),
    ),
    "multi": (
        ("multi.assets",),
        (
            "source_rows",
            "split/evens",
            "split/odd_numbers",
            "total",
            "first",
            "second",
            "table_a",
            "schema/table_b",
            "odd_sum",
        ),
    ),
    "graphs": (
        ("graphs.assets",),
        (
            "numbers",
            "sorted_scaled",
            "twice/doubled_twice",
            "small",
            "big/large",
            "nested/result",
            "stats/mn",
            "stats/mx",
            "total",
        ),
    ),
    "loaders": (("loaders.assets", "loaders.defs"), ("team/names", "team/greetings", "team/shout")),
    "failures": (
        ("failures.assets",),
        (
            "ok_first",
            "raises",
            "after_raises",
            "independent",
            "bad_type",
            "after_bad_type",
            "missing_output",
            "wrong_order_a",
            "wrong_order_b",
            "after_wrong_order",
            "flaky",
            "gives_up",
        ),
    ),
}


def keys(*texts: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(text.split("/")) for text in texts)


def copy_fixture(name: str, destination: Path) -> Path:
    workspace = destination / name
    shutil.copytree(FIXTURES / name, workspace, ignore=shutil.ignore_patterns("__pycache__", ".assetlens"))
    return workspace


def plain_dagster(arguments: Sequence[str], cwd: Path) -> dict[str, Any]:
    """Run a reference script of real Dagster (`[script path or "-c", code, *args]`) in `cwd`; what it
    printed as JSON on its last line."""
    import json
    import subprocess

    reference = subprocess.run(
        [sys.executable, *arguments], cwd=cwd, capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )
    assert reference.returncode == 0, reference.stderr[-2000:]
    return json.loads(reference.stdout.splitlines()[-1])


def run_worker(
    workspace: Path,
    modules: Sequence[str],
    selection: Iterable[tuple[str, ...]],
    *,
    engine: str = "builtin",
    interpreter: str | None = None,
    on_event: Callable[[RunEvent], None] | None = None,
    fingerprints: Sequence[tuple[tuple[str, ...], str]] = (),
    definitions: str | None = None,
    partition: str | None = None,
) -> RunOutcome:
    """A run through the real worker process (hash seed fixed, so pickles of sets compare across runs)."""
    request = MaterializeRequest(
        workspace=str(workspace),
        modules=tuple(modules),
        selection=tuple(selection),
        engine=engine,
        fingerprints=tuple(fingerprints),
        definitions=definitions,
        partition=partition,
    )

    async def main() -> RunOutcome:
        handle = await start_run(
            request, interpreter=interpreter, on_event=on_event, env={**os.environ, "PYTHONHASHSEED": "0"}
        )
        return await handle.wait()

    return asyncio.run(main())


def stored_values(workspace: Path) -> dict[str, Any]:
    root = values_dir(workspace)
    return (
        {path.relative_to(root).as_posix(): pickle.loads(path.read_bytes()) for path in sorted(root.rglob("*.pkl"))}
        if root.exists()
        else {}
    )


def run_records(workspace: Path, run_id: str) -> dict[tuple[str, ...], Any]:
    with RunStore.for_workspace(workspace) as store:
        return {record.key: record for record in store.materializations_for_run(run_id)}


@pytest.fixture
def workspace_factory(tmp_path: Path) -> Callable[[str], Path]:
    counter = iter(range(1000))

    def make(name: str) -> Path:
        return copy_fixture(name, tmp_path / f"copy{next(counter)}")

    return make
