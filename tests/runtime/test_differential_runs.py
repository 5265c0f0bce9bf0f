"""Differential runs: every run fixture is materialized by the builtin engine and by real Dagster (in the
worker process of each engine) into two copies of the workspace; the stored values, the keys, and what the
run store recorded (status, code version, data version, metadata) must be equal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runtime.conftest import (
    RUN_FIXTURES,
    keys,
    run_records,
    run_worker,
    stored_values,
)

pytestmark = pytest.mark.slow


def _record_view(record) -> tuple:
    return (record.status, record.code_version, record.data_version, json.dumps(record.metadata, sort_keys=True))


@pytest.mark.parametrize("fixture", sorted(RUN_FIXTURES))
def test_both_engines_store_and_record_the_same(fixture: str, workspace_factory) -> None:
    modules, selection = RUN_FIXTURES[fixture]
    outcomes, values, records = {}, {}, {}
    for engine in ("builtin", "dagster"):
        workspace: Path = workspace_factory(fixture)
        outcome = run_worker(workspace, modules, keys(*selection), engine=engine)
        outcomes[engine] = outcome
        values[engine] = stored_values(workspace)
        records[engine] = {key: _record_view(record) for key, record in run_records(workspace, outcome.run_id).items()}

    assert outcomes["builtin"].status == outcomes["dagster"].status
    assert values["builtin"] == values["dagster"]
    assert records["builtin"] == records["dagster"]
    assert set(records["builtin"]) == set(keys(*selection)), "every selected key has an outcome"
    assert sorted(outcomes["builtin"].materialized) == sorted(outcomes["dagster"].materialized)
    assert values["builtin"], "the fixture stored something"
