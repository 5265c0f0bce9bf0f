"""An unknown partition key (issue 11): `materialize(..., partition_key=...)` raises Dagster's
`DagsterUnknownPartitionError` with Dagster's message before anything runs (even with
`raise_on_error=False`), as real `dagster.materialize` does; through the CLI both engines refuse the run
with that message, the partitions the selection has, and exit status 2 (a usage error), storing nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.runtime import RunStore

from tests.runtime.conftest import copy_fixture, stored_values

# (partitions definition, key) cases: not a static key, before a daily start, not a date at all
CASES = [
    ("static", "zz"),
    ("daily", "2023-12-31"),
    ("daily", "bogus"),
]

PROBE = """
import json, sys
if sys.argv[1] == "dagster":
    import dagster as dg
else:
    import assetlens.runtime as dg
ran = []
static = dg.StaticPartitionsDefinition(["eu", "us"])
daily = dg.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-05")
@dg.asset(partitions_def=static)
def by_region(context):
    ran.append(context.partition_key)
    return 1
@dg.asset(partitions_def=daily)
def by_day(context):
    ran.append(context.partition_key)
    return 1
out = []
for kind, key in json.loads(sys.argv[2]):
    for raise_on_error in (True, False):
        try:
            result = dg.materialize([by_region if kind == "static" else by_day], partition_key=key, raise_on_error=raise_on_error)
            out.append(["no error", result.success])
        except Exception as error:
            out.append([type(error).__name__, str(error)])
print(json.dumps({"outcomes": out, "ran": ran}))
"""


def _probe(engine: str) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, engine, json.dumps(CASES)], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.splitlines()[-1])


def test_materialize_raises_dagsters_unknown_partition_error_before_anything_runs() -> None:
    builtin, dagster = _probe("builtin"), _probe("dagster")
    assert builtin == dagster
    assert builtin["ran"] == []
    assert builtin["outcomes"][0] == ["DagsterUnknownPartitionError", "Could not find a partition with key `zz`."]
    assert {name for name, _ in builtin["outcomes"]} == {"DagsterUnknownPartitionError"}


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_the_cli_refuses_an_unknown_partition_with_exit_2_and_the_keys_to_pick_from(engine: str, tmp_path: Path) -> None:
    workspace = copy_fixture("partitions_builtin", tmp_path)
    static = cli("materialize", "rates", "sales", "--partition", "zz", "--engine", engine, cwd=workspace)
    assert static.returncode == 2, static.stderr
    assert "Could not find a partition with key `zz`." in static.stderr
    assert "sales has 2 partitions: eu, us; pick one with --partition KEY." in static.stderr
    assert "Traceback" not in static.stderr and "dagster/_core" not in static.stderr
    daily = cli("materialize", "visits", "--partition", "2023-12-31", "--engine", engine, cwd=workspace)
    assert daily.returncode == 2, daily.stderr
    assert "visits has 4 partitions: 2024-01-01, 2024-01-02, 2024-01-03, 2024-01-04" in daily.stderr
    assert stored_values(workspace) == {}
    with RunStore.for_workspace(workspace) as store:
        assert all(not store.materializations_for_run(run.run_id) for run in store.runs())
