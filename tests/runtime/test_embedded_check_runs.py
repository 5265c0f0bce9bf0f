"""`check_specs=` on `@asset` / `@multi_asset` (issue 11): the asset yields or returns its
`AssetCheckResult`s (also inside `MaterializeResult(check_results=...)`), the results are recorded like
`@asset_check` results, a blocking check that fails with ERROR severity fails the step after its value is
stored (nothing downstream runs, exit 1), WARN lets downstream run, a missing result fails the step — the
same with the builtin engine, `--engine dagster` and plain `dagster.materialize`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from assetlens.runtime import RunStore
from assetlens.runtime.asset_checks import AssetCheckSpec
from assetlens.runtime.asset_decorators import asset
from assetlens.runtime.errors import DagsterInvalidDefinitionError

from tests.runtime.conftest import copy_fixture, keys, plain_dagster, run_worker, stored_values

SELECTION = ("orders", "after_orders", "raw", "after_raw", "warned", "after_warned", "left", "right", "forgetful")

PLAIN = """
import json, os, sys
sys.path.insert(0, os.getcwd())
import dagster as dg
from embedded_checks.definitions import defs
result = dg.materialize(list(defs.assets), selection=[dg.AssetKey(k) for k in json.loads(sys.argv[1])], raise_on_error=False)
checks = sorted(
    ["/".join(e.asset_key.path), e.check_name, "passed" if e.passed else "failed", e.severity.value, e.blocking,
     json.dumps({k: v.value for k, v in e.metadata.items()}, sort_keys=True)]
    for e in result.get_asset_check_evaluations()
)
done = sorted("/".join(e.asset_key.path) for e in result.get_asset_materialization_events())
print(json.dumps({"success": result.success, "checks": checks, "materialized": done}))
"""


def _checks(workspace: Path, run_id: str) -> list[list]:
    with RunStore.for_workspace(workspace) as store:
        return sorted(
            ["/".join(c.key), c.check_name, c.status, c.severity, c.blocking,
             json.dumps({k: v for k, v in c.metadata.items()}, sort_keys=True)]
            for c in store.checks_for_run(run_id)
        )


@pytest.mark.slow
def test_embedded_checks_run_like_dagster_with_both_engines_and_plain_dagster(tmp_path: Path) -> None:
    seen = {}
    for engine in ("builtin", "dagster"):
        workspace = copy_fixture("embedded_checks", tmp_path / engine)
        outcome = run_worker(
            workspace, ("embedded_checks.assets",), keys(*SELECTION), engine=engine, definitions="embedded_checks.definitions"
        )
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
    assert skipped == [("after_raw",)], "downstream of a failed blocking ERROR check does not run"
    assert ("raw",) in materialized and values["raw.pkl"] == -1, "the asset itself is stored before the step fails"
    assert values["after_warned.pkl"] == 6 and values["after_orders.pkl"] == 6
    assert values["forgetful.pkl"] == 7, "stored before the missing check result fails its step"
    assert [c[:5] for c in checks] == [
        ["left", "left_ok", "passed", "ERROR", False],
        ["orders", "has_rows", "passed", "ERROR", False],
        ["raw", "positive", "failed", "ERROR", True],
        ["right", "right_ok", "passed", "ERROR", False],
        ["right", "right_small", "failed", "WARN", False],
        ["warned", "soft", "failed", "WARN", True],
    ]
    plain = plain_dagster(["-c", PLAIN, json.dumps([list(k) for k in keys(*SELECTION)])], copy_fixture("embedded_checks", tmp_path / "plain"))
    assert plain["success"] is False
    assert [c[:5] for c in plain["checks"]] == [c[:5] for c in checks]
    assert sorted(tuple(k.split("/")) for k in plain["materialized"]) == materialized


def test_check_specs_must_target_the_asset() -> None:
    with pytest.raises(DagsterInvalidDefinitionError, match="Invalid asset key .* in check spec c"):

        @asset(check_specs=[AssetCheckSpec("c", asset="elsewhere")])
        def here() -> int:
            return 1


def _cases(dg):  # the same code, written against real Dagster or the builtin engine
    @dg.asset(check_specs=[dg.AssetCheckSpec("c", asset="returns_a_value")])
    def returns_a_value():
        return 7

    @dg.asset(check_specs=[dg.AssetCheckSpec("c", asset="result_without_checks")])
    def result_without_checks():
        return dg.MaterializeResult(value=3)

    @dg.asset(check_specs=[dg.AssetCheckSpec("c", asset="unknown_check")])
    def unknown_check():
        yield dg.Output(1)
        yield dg.AssetCheckResult(passed=True, check_name="other")

    @dg.asset(check_specs=[dg.AssetCheckSpec("c", asset="twice")])
    def twice():
        yield dg.Output(1)
        yield dg.AssetCheckResult(passed=True)
        yield dg.AssetCheckResult(passed=True)

    @dg.asset(check_specs=[dg.AssetCheckSpec("c", asset="returned_check_result", blocking=True)])
    def returned_check_result():
        return dg.MaterializeResult(value=2, check_results=[dg.AssetCheckResult(passed=False)])

    @dg.asset(check_specs=[dg.AssetCheckSpec("c1", asset="reads_context"), dg.AssetCheckSpec("c2", asset="reads_context")])
    def reads_context(context):
        selected = sorted((key.asset_key.path, key.name) for key in context.selected_asset_check_keys)
        yield dg.Output(selected)
        for _, name in selected:
            yield dg.AssetCheckResult(check_name=name, passed=True)

    return [returns_a_value, result_without_checks, unknown_check, twice, returned_check_result, reads_context]


def _dagster_outcome(dg, asset_def) -> tuple:
    result = dg.materialize([asset_def], raise_on_error=False)
    failures = [e for e in result.all_events if e.is_step_failure]
    message = failures[0].event_specific_data.error.message.strip() if failures else None
    message = message.split(" Check out the documentation")[0] if message else None  # links are not repeated
    value = result.asset_value(asset_def.key) if result.get_asset_materialization_events() else None
    checks = [(e.check_name, e.passed) for e in result.get_asset_check_evaluations()]
    return result.success, message, value, checks


def test_check_results_returned_or_misused_fail_like_dagster() -> None:
    import dagster as real

    from assetlens.runtime import dagster_api as builtin

    for real_def, builtin_def in zip(_cases(real), _cases(builtin)):
        run = builtin.materialize([builtin_def], raise_on_error=False)
        inner = run._result  # noqa: SLF001 - the builtin RunResult
        message = None
        if inner.failures:
            error = inner.failures[0].error
            message = f"dagster._core.errors.{type(error).__name__}: {error}"
        value = run.asset_value(builtin_def.key) if inner.materializations else None
        checks = [(c.check_name, c.status == "passed") for c in inner.checks]
        assert (run.success, message, value, checks) == _dagster_outcome(real, real_def), builtin_def.key
