"""`@graph_asset(check_specs=...)` / `@graph_multi_asset(check_specs=...)` (issue 11), as Dagster runs them:
the ops inside the graph return the checks' results, recorded like any check result; the asset is stored
whatever its checks say; a failing blocking ERROR check stops what is downstream (exit 1), WARN and
non-blocking ones do not; an op that feeds only a check and raises records the check as an error and fails
the run, its asset and what is downstream still run — the same with the builtin engine, `--engine dagster`
and plain `dagster.materialize`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from assetlens.runtime import RunStore

from tests.runtime.conftest import copy_fixture, keys, plain_dagster, run_worker, stored_values

SELECTION = (
    "checked", "after_checked", "blocked", "after_blocked", "broken_check", "after_broken_check",
    "first", "second", "after_second",
)

PLAIN = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import dagster as dg
from graph_checks.definitions import defs
result = dg.materialize(list(defs.assets), selection=[dg.AssetKey(k) for k in json.loads(sys.argv[1])], raise_on_error=False)
checks = sorted(
    ["/".join(e.asset_key.path), e.check_name, "passed" if e.passed else "failed", e.severity.value, e.blocking]
    for e in result.get_asset_check_evaluations()
)
done = sorted("/".join(e.asset_key.path) for e in result.get_asset_materialization_events())
print(json.dumps({"success": result.success, "checks": checks, "materialized": done}))
"""


def _checks(workspace: Path, run_id: str) -> list[list]:
    with RunStore.for_workspace(workspace) as store:
        return sorted(["/".join(c.key), c.check_name, c.status, c.severity, c.blocking] for c in store.checks_for_run(run_id))


@pytest.mark.slow
def test_graph_asset_checks_run_like_dagster_with_both_engines_and_plain_dagster(tmp_path: Path) -> None:
    seen = {}
    errors = {}
    for engine in ("builtin", "dagster"):
        workspace = copy_fixture("graph_checks", tmp_path / engine)
        outcome = run_worker(
            workspace, ("graph_checks.assets",), keys(*SELECTION), engine=engine, definitions="graph_checks.definitions"
        )
        checks = _checks(workspace, outcome.run_id)
        with RunStore.for_workspace(workspace) as store:
            errors[engine] = [c.error for c in store.checks_for_run(outcome.run_id) if c.status == "error"]
        seen[engine] = (outcome.status, sorted(outcome.materialized), stored_values(workspace), checks)
    assert seen["builtin"] == seen["dagster"]
    status, materialized, values, checks = seen["builtin"]
    assert status == "failure"
    assert ("after_blocked",) not in materialized, "nothing downstream of a failed blocking ERROR check runs"
    assert values["blocked.pkl"] == 5 and values["after_checked.pkl"] == 6 and values["after_second.pkl"] == 10
    assert values["after_broken_check.pkl"] == 6, "a check op that raised does not stop downstream"
    assert checks == [
        ["blocked", "small", "failed", "ERROR", True],
        ["broken_check", "raises", "error", "ERROR", False],
        ["checked", "positive", "passed", "ERROR", False],
        ["checked", "small", "failed", "ERROR", False],
        ["second", "soft", "failed", "WARN", True],
    ]
    assert all("cannot check 5" in error for engine in errors for error in errors[engine])
    plain = plain_dagster(["-c", PLAIN, json.dumps([list(k) for k in keys(*SELECTION)])], copy_fixture("graph_checks", tmp_path / "plain"))
    assert plain["success"] is False
    assert plain["checks"] == [c for c in checks if c[2] != "error"], "Dagster records no evaluation for a check that raised"
    assert sorted(tuple(k.split("/")) for k in plain["materialized"]) == materialized


def test_graph_asset_check_specs_must_target_its_assets() -> None:
    from assetlens.runtime.asset_checks import AssetCheckSpec
    from assetlens.runtime.errors import DagsterInvalidDefinitionError
    from assetlens.runtime.graph_asset_decorators import graph_asset

    with pytest.raises(DagsterInvalidDefinitionError, match="Invalid asset key .* in check spec c"):

        @graph_asset(check_specs=[AssetCheckSpec("c", asset="elsewhere")])
        def here():
            return None
