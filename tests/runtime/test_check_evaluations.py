"""`materialize(...).get_asset_check_evaluations()` (issue 11): the in-process result lists the evaluated
asset checks as Dagster's `ExecuteInProcessResult` does — the same user code run in process by real Dagster
and by the builtin engine gives the same evaluations (asset, check, passed, severity, description, blocking,
partition, metadata, a target materialization of this run): `@asset_check`, `@multi_asset_check` and
`check_specs=` results; none for a check that raised or a result an asset did not give; none for the
checks of assets a selection leaves out; and the checks given in the assets list run at all (the builtin
`materialize()` used to fail on them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "check_evaluations_script.py"


def evaluations(engine: str) -> dict:
    completed = subprocess.run([sys.executable, str(SCRIPT), engine], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.splitlines()[-1])


def by_check(case: dict) -> dict:
    return {"success": case["success"], "evaluations": sorted(case["evaluations"], key=lambda row: (row["asset_key"], row["check_name"]))}


def test_check_evaluations_match_dagsters() -> None:
    builtin, dagster = evaluations("builtin"), evaluations("dagster")
    assert builtin.keys() == dagster.keys()
    for name in dagster:
        # Dagster orders check steps of one level by op name; the builtin engine runs each check right after
        # its asset: the same evaluations, the order of checks on different steps may differ
        assert by_check(builtin[name]) == by_check(dagster[name]), name
    names = {name: [(row["asset_key"], row["check_name"], row["passed"]) for row in case["evaluations"]] for name, case in builtin.items()}
    assert names["blocking"] == [("numbers", "positive", True), ("numbers", "short", False), ("numbers", "numbers_blocking", False)]
    assert names["missing_result"] == [("partial", "given", True)] and not builtin["missing_result"]["success"]
    assert ("total", "total_raises") not in {row[:2] for row in names["all"]} and not builtin["all"]["success"]
    assert {row[:2] for row in names["all"]} >= {("total", "total_nonzero"), ("total", "small"), ("total", "even")}
    assert names["no_checks"] == [("numbers", "positive", True), ("numbers", "short", False)]
    assert builtin["in_memory"]["success"] and len(names["in_memory"]) == 3
    short = next(row for row in builtin["blocking"]["evaluations"] if row["check_name"] == "short")
    assert (short["severity"], short["description"], short["blocking"]) == ("WARN", "too long", True)
    assert builtin["all"]["evaluations"][0]["metadata"] == {"n": 3, "label": "three"}
    assert all(row["target"] == {"run_id": True, "timestamp": "float"} for case in builtin.values() for row in case["evaluations"])
