"""A graph-backed multi-asset whose assets all come from one op output: real Dagster materializes only one
of them and fails what reads the others, so the builtin engine refuses it before anything runs, saying
how to fix it, instead of silently materializing both (issue 11)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CODE = """
import json, sys
if sys.argv[1] == "dagster":
    import dagster as dg
else:
    import assetlens.runtime as dg
@dg.op
def make():
    return 5
@dg.graph_multi_asset(outs={"first": dg.AssetOut(), "second": dg.AssetOut()})
def pair():
    value = make()
    return {"first": value, "second": value}
@dg.asset
def uses_first(first):
    return first
try:
    result = dg.materialize([pair, uses_first], raise_on_error=False)
    done = sorted(e.asset_key.to_user_string() for e in result.get_asset_materialization_events())
    print(json.dumps({"success": result.success, "materialized": done}))
except Exception as error:
    print(json.dumps({"error": str(error)}))
"""


def _run(engine: str) -> dict:
    completed = subprocess.run([sys.executable, "-c", CODE, engine], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout.splitlines()[-1])


@pytest.mark.slow
def test_assets_sharing_one_op_output_are_refused_where_dagster_fails() -> None:
    dagster = _run("dagster")
    assert dagster["success"] is False and len(dagster["materialized"]) == 1
    builtin = _run("builtin")
    assert "the run cannot start" in builtin["error"]
    assert "first, second of graph 'pair' all come from the output 'result' of its op 'make'" in builtin["error"]
    assert "give each asset an op output of its own" in builtin["error"]
