"""`assetlens status` per partition (issue 11): after each step, the status of every partition of a static
and a daily partitioned asset (and of the unpartitioned assets around them) equals what Dagster's own
stale-status resolver reports per partition key, for the builtin engine and `--engine dagster` (through the
CLI) against plain `dagster.materialize` on one Dagster instance; the text output stays short."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.conftest import copy_fixture

REFERENCE = Path(__file__).resolve().parent / "dagster_partition_staleness.py"
STEPS = [
    [["rates", "sales", "sales_report"], "eu"],
    [["sales"], "us"],  # us: sales_report's us partition is missing
    [["sales"], "eu"],  # no code version: a new data version, so sales_report's eu partition is stale
    [["sales"], "asia"],
    [["all_sales"], None],  # reads every partition of sales
    [["sales"], "us"],  # all_sales is stale (a partition it read changed); sales_report eu still stale
    [["sales_report"], "eu"],
    [["visits", "visits_summary"], "2024-01-02"],
    [["visits"], "2024-01-02"],  # a code version and no inputs: the same data version, its summary stays fresh
    [["visits"], "2024-01-03"],
]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _statuses(entries: list[dict]) -> dict:
    seen: dict = {}
    for entry in entries:
        key = "/".join(entry["key"])
        partitions = entry.get("partitions")
        if partitions is None:
            seen[key] = "MISSING" if entry["status"] == "never" else "STALE" if entry["stale"] else "FRESH"
            continue
        seen[key] = {
            p: "MISSING" if p in partitions["missing"] else "STALE" if p in partitions["stale"] else "FRESH"
            for p in [*partitions["missing"], *partitions["materialized"]]
        }
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_partition_statuses_match_dagsters_resolver_after_each_step(engine: str, tmp_path: Path) -> None:
    reference_run = subprocess.run(
        [sys.executable, str(REFERENCE), "partition_status.assets", json.dumps(STEPS)],
        cwd=copy_fixture("partition_status", tmp_path / "reference"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert reference_run.returncode == 0, reference_run.stderr[-3000:]
    reference = json.loads(reference_run.stdout.splitlines()[-1])
    workspace = copy_fixture("partition_status", tmp_path / engine)
    for index, (keys, partition) in enumerate(STEPS):
        args = ["materialize", *keys, "--engine", engine] + (["--partition", partition] if partition else [])
        completed = cli(*args, cwd=workspace)
        assert completed.returncode == 0, completed.stderr
        status = cli("status", "--format", "json", cwd=workspace)
        assert status.returncode == 0, status.stderr
        seen = _statuses(json.loads(status.stdout))
        # a partitioned asset never materialized has no recorded partitions: Dagster's are all MISSING
        expected = {
            key: value
            for key, value in reference[index].items()
            if not (isinstance(value, dict) and not isinstance(seen.get(key), dict) and set(value.values()) == {"MISSING"})
        }
        assert {key: seen[key] for key in expected} == expected, (index, keys, partition)
    assert reference[2]["sales_report"]["eu"] == "STALE" and reference[5]["all_sales"] == "STALE"
    assert reference[8]["visits_summary"]["2024-01-02"] == "FRESH"
    text = cli("status", "sales", "sales_report", "visits", cwd=workspace).stdout
    assert "partitions: 3 of 3 materialized, 0 stale, 0 missing" in text
    assert "partitions: 2 of 4 materialized, 0 stale, 2 missing\n         missing: 2024-01-01, 2024-01-04" in text


VERSIONED = '''
import dagster as dg
regions = dg.StaticPartitionsDefinition(["eu", "us"])
@dg.asset(code_version="1")
def base():
    return 1
@dg.asset(partitions_def=regions, code_version="1")
def part(context, base):
    return context.partition_key
@dg.asset(partitions_def=regions, code_version="2")
def part2(part):
    return part
@dg.asset(code_version="3")
def total(part):
    return part
'''


@pytest.mark.slow
def test_partitioned_data_versions_equal_dagsters(tmp_path: Path) -> None:
    """Dagster's data version of a partitioned input (the hash of the partitions' versions it reads) makes
    the builtin engine's recorded data versions and provenance equal real Dagster's."""
    from assetlens.runtime import RunStore

    recorded = {}
    for engine in ("builtin", "dagster"):
        workspace = tmp_path / engine
        (workspace / "dvp").mkdir(parents=True)
        (workspace / "dvp" / "__init__.py").write_text("")
        (workspace / "dvp" / "assets.py").write_text(VERSIONED)
        for args in (["base", "part", "part2", "--partition", "eu"], ["part", "part2", "--partition", "us"], ["total"]):
            completed = cli("materialize", *args, "--engine", engine, cwd=workspace)
            assert completed.returncode == 0, completed.stderr
        with RunStore.for_workspace(workspace) as store:
            rows = [m for run in store.runs() for m in store.materializations_for_run(run.run_id)]
        recorded[engine] = sorted(
            (m.end_time, m.key, m.metadata.get("dagster/partition", {}).get("value"), m.logical_version, m.input_versions)
            for m in rows
        )
    assert [r[1:] for r in recorded["builtin"]] == [r[1:] for r in recorded["dagster"]]
    assert len(recorded["builtin"]) == 6
