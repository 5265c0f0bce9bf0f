"""Staleness after each step equals what Dagster's own stale-status resolver reports (issue 11): the same
steps materialized with the builtin engine, with `--engine dagster` (both through the CLI, statuses from
`assetlens status`), and with plain `dagster.materialize` on one Dagster instance."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.conftest import copy_fixture

pytestmark = pytest.mark.slow
REFERENCE = Path(__file__).resolve().parent / "dagster_staleness.py"
STEPS = [
    ["versioned", "unversioned", "after_unversioned", "after_versioned", "uses_external"],
    ["versioned"],  # same code version, no inputs: same data version — nothing downstream is stale
    ["unversioned"],  # no code version: a new data version every run — its downstream is stale
    ["after_unversioned"],
    ["versioned", "unversioned"],
]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def dagster_reference(workspace: Path) -> list[dict[str, str]]:
    completed = subprocess.run(
        [sys.executable, str(REFERENCE), "versions.assets", json.dumps(STEPS)],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.splitlines()[-1])


@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_stale_statuses_match_dagsters_resolver_after_each_step(engine: str, tmp_path: Path) -> None:
    reference = dagster_reference(copy_fixture("versions", tmp_path / "reference"))
    workspace = copy_fixture("versions", tmp_path / engine)
    seen = []
    for step in STEPS:
        completed = cli("materialize", *step, "--engine", engine, cwd=workspace)
        assert completed.returncode == 0, completed.stderr
        entries = json.loads(cli("status", "--format", "json", cwd=workspace).stdout)
        seen.append({"/".join(entry["key"]): "STALE" if entry["stale"] else "FRESH" for entry in entries})
    assert seen == reference
    assert reference[2]["after_unversioned"] == "STALE" and reference[1]["after_versioned"] == "FRESH"
