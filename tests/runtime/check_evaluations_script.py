"""`python check_evaluations_script.py builtin|dagster`: the same user code — assets with `@asset_check`s,
`@multi_asset_check`, `check_specs=` results, a blocking check, a check that raises, a missing embedded result,
a selection — materialized in process with `dagster.materialize` / `materialize_to_memory`, either real
Dagster or the builtin engine (as `import dagster` inside a run), printing each result's
`get_asset_check_evaluations()` as JSON for the differential test to compare."""

from __future__ import annotations

import json
import sys

if sys.argv[1] == "builtin":
    from assetlens.runtime.dagster_alias import install_dagster_alias

    install_dagster_alias()

import dagster as dg  # noqa: E402


@dg.asset(
    check_specs=[
        dg.AssetCheckSpec("positive", asset="numbers", description="all above zero"),
        dg.AssetCheckSpec("short", asset="numbers", blocking=True),
    ]
)
def numbers():
    yield dg.Output([1, 2, 3])
    yield dg.AssetCheckResult(check_name="positive", passed=True, metadata={"n": 3, "label": "three"})
    yield dg.AssetCheckResult(check_name="short", passed=False, severity=dg.AssetCheckSeverity.WARN, description="too long")


@dg.asset
def total(numbers):
    return sum(numbers)


@dg.asset_check(asset=total, description="non-zero")
def total_nonzero(total):
    return dg.AssetCheckResult(passed=total != 0, metadata={"total": total, "ratio": 0.5})


@dg.asset_check(asset=total)
def total_raises(total):
    raise ValueError("boom")


@dg.multi_asset_check(specs=[dg.AssetCheckSpec("small", asset="total"), dg.AssetCheckSpec("even", asset="total", blocking=True)])
def total_shape(context):
    yield dg.AssetCheckResult(check_name="small", passed=True, asset_key="total")
    yield dg.AssetCheckResult(check_name="even", passed=True, asset_key="total", severity=dg.AssetCheckSeverity.WARN)


@dg.asset_check(asset=numbers, blocking=True)
def numbers_blocking(numbers):
    return dg.AssetCheckResult(passed=len(numbers) > 5, description=f"{len(numbers)} numbers")


@dg.asset
def after(total):
    return total


@dg.asset(check_specs=[dg.AssetCheckSpec("given", asset="partial"), dg.AssetCheckSpec("absent", asset="partial")])
def partial():
    yield dg.Output(1)
    yield dg.AssetCheckResult(check_name="given", passed=True)


def evaluations(result) -> list[dict]:
    rows = []
    for evaluation in result.get_asset_check_evaluations():
        target = evaluation.target_materialization_data
        rows.append(
            {
                "asset_key": evaluation.asset_key.to_user_string(),
                "check_name": evaluation.check_name,
                "check_key": [evaluation.asset_check_key.asset_key.to_user_string(), evaluation.asset_check_key.name],
                "passed": evaluation.passed,
                "severity": evaluation.severity.value,
                "description": evaluation.description,
                "blocking": evaluation.blocking,
                "partition": evaluation.partition,
                "metadata": {label: value.value for label, value in evaluation.metadata.items()},
                "target": None if target is None else {"run_id": target.run_id == result.run_id, "timestamp": type(target.timestamp).__name__},
            }
        )
    return rows


cases = {
    "all": dg.materialize([numbers, total, total_nonzero, total_raises, total_shape, after], raise_on_error=False),
    "blocking": dg.materialize([numbers, total, total_nonzero, numbers_blocking, after], raise_on_error=False),
    "missing_result": dg.materialize([partial], raise_on_error=False),
    "selection": dg.materialize([numbers, total, total_nonzero, total_shape, partial], selection=["numbers", "partial"], raise_on_error=False),
    "in_memory": dg.materialize_to_memory([numbers, total, total_nonzero]),
    "no_checks": dg.materialize([numbers, total, total_nonzero], selection=["numbers"], raise_on_error=False),
}
print(json.dumps({name: {"success": result.success, "evaluations": evaluations(result)} for name, result in cases.items()}))
