"""Asset checks run with their assets, as Dagster runs them (issue 11): passing and failing results with
severity and metadata recorded, a failing blocking check stops what is downstream of its asset, a check
that raises fails the run, independent assets still run — the same with the builtin engine,
`--engine dagster` and plain `dagster.materialize`; the CLI exits 1 and `status` shows the results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.runtime import RunStore

from tests.runtime.conftest import copy_fixture, keys, plain_dagster, run_worker, stored_values

SELECTION = ("orders", "after_orders", "raw", "after_raw", "checked_by_a_broken_check", "independent")
PLAIN = Path(__file__).resolve().parent / "plain_dagster.py"


def _checks(workspace: Path, run_id: str) -> set[tuple]:
    with RunStore.for_workspace(workspace) as store:
        return {
            ("/".join(c.key), c.check_name, c.status, c.severity, c.blocking, json.dumps(c.metadata, sort_keys=True))
            for c in store.checks_for_run(run_id)
        }


@pytest.mark.slow
def test_checks_run_like_dagster_with_both_engines_and_plain_dagster(tmp_path: Path) -> None:
    seen = {}
    for engine in ("builtin", "dagster"):
        workspace = copy_fixture("checks", tmp_path / engine)
        outcome = run_worker(workspace, ("checks.assets",), keys(*SELECTION), engine=engine, definitions="checks.definitions")
        seen[engine] = (
            outcome.status,
            sorted(outcome.materialized),
            sorted(outcome.skipped),
            stored_values(workspace),
            _checks(workspace, outcome.run_id),
        )
    assert seen["builtin"] == seen["dagster"]
    status, materialized, skipped, values, checks = seen["builtin"]
    assert status == "failure"
    assert skipped == [("after_raw",)], "downstream of a failed blocking check does not run"
    assert ("independent",) in materialized and values["after_orders.pkl"] == 6
    assert {(c[0], c[1], c[2], c[4]) for c in checks} == {
        ("orders", "orders_has_rows", "passed", False),
        ("orders", "orders_small", "failed", False),
        ("raw", "raw_positive", "failed", True),
        ("checked_by_a_broken_check", "check_raises", "error", False),
    }
    plain = plain_dagster([str(PLAIN), "checks.definitions", json.dumps([list(k) for k in keys(*SELECTION)])], copy_fixture("checks", tmp_path / "plain"))
    assert plain["success"] is False


def test_the_cli_exits_1_on_a_failed_blocking_check_and_status_shows_checks(tmp_path: Path) -> None:
    workspace = copy_fixture("checks", tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "assetlens.cli", "materialize", "raw", "after_raw", "orders"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 1
    assert "✗ check raw_positive on raw: failed [ERROR] (blocking)" in completed.stderr
    assert "✓ check orders_has_rows on orders: passed" in completed.stderr
    assert "- after_raw skipped: upstream raw has a failed blocking check 'raw_positive'" in completed.stderr
    status = subprocess.run(
        [sys.executable, "-m", "assetlens.cli", "status", "raw", "orders", "--format", "json"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=300,
    )
    entries = {"/".join(entry["key"]): entry for entry in json.loads(status.stdout)}
    assert [(c["name"], c["status"], c["blocking"]) for c in entries["raw"]["checks"]] == [("raw_positive", "failed", True)]
    assert {c["name"]: c["status"] for c in entries["orders"]["checks"]} == {"orders_has_rows": "passed", "orders_small": "failed"}
