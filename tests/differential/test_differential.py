"""Differential tests: for every fixture code location (tests/fixtures/differential/*) and the example
project, the asset graph assetlens finds from source must equal the one real Dagster builds.

Dagster side: tests/differential/dagster_graph.py in a subprocess (one per location, run in parallel,
never cached). assetlens side: `analyze_workspace(folder, use_cache=False).to_json()`. Compared per
key: deps, kind (normalised, see graph_diff.py), group, code_version, and node/output for assets with
a computation.
"""
from __future__ import annotations

import pytest

from dagster_runs import Case, DagsterRuns, discover_cases
from graph_diff import diff_graphs, format_report

CASES = discover_cases()


def _case_id(case: Case) -> str:
    return case.name


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_fixture_loads_in_dagster(case: Case, dagster_runs: DagsterRuns) -> None:
    """A fixture Dagster rejects is a bug in the fixture, not in the analyzer."""
    run = dagster_runs.result(case)
    assert run.ok, run.failure()
    assert run.assets, f"dagster found no assets in {case.name}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_analyzer_matches_dagster(case: Case, dagster_runs: DagsterRuns) -> None:
    from assetlens.analyzer import analyze_workspace

    run = dagster_runs.result(case)
    if not run.ok:
        pytest.fail(f"no ground truth: {run.failure()}")
    ours = analyze_workspace(case.folder, use_cache=False).to_json()
    problems = diff_graphs(run.assets, ours["assets"])
    assert not problems, format_report(case.name, problems)
