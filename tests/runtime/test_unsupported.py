"""A Dagster name or argument the builtin engine does not implement fails clearly — naming it and
pointing to `--engine dagster` — and before any asset runs: never a half-working run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from assetlens.runtime import asset
from assetlens.runtime.errors import UnsupportedByBuiltinEngine

from tests.runtime.conftest import run_records, run_worker, stored_values

HINT = "--engine dagster"


def test_an_unimplemented_import_fails_the_run_before_anything_runs(workspace_factory) -> None:
    workspace = workspace_factory("unsupported")
    outcome = run_worker(workspace, ["unsupported.imports_partitions"], [("partitioned",)])
    assert outcome.status == "failure"
    assert "dagster.DynamicPartitionsDefinition is not implemented" in outcome.error
    assert HINT in outcome.error
    assert run_records(workspace, outcome.run_id) == {}
    assert stored_values(workspace) == {}


def test_unimplemented_features_inside_function_bodies_are_found_before_running(workspace_factory) -> None:
    workspace = workspace_factory("unsupported")
    outcome = run_worker(workspace, ["unsupported.assets"], [("fine",)])
    assert outcome.status == "failure"
    assert "dagster.MetadataValue.table" in outcome.error
    assert "AssetExecutionContext.asset_partition_keys_for_output" in outcome.error
    source = (workspace / "unsupported" / "assets.py").read_text().splitlines()
    table = next(n for n, line in enumerate(source, 1) if "MetadataValue.table" in line)
    partition = next(n for n, line in enumerate(source, 1) if "context.asset_partition_keys_for_output" in line)
    assert f"unsupported/assets.py:{table}" in outcome.error and f"unsupported/assets.py:{partition}" in outcome.error
    assert "Traceback" not in outcome.error
    assert HINT in outcome.error
    assert run_records(workspace, outcome.run_id) == {}, "not even the fine asset ran"


@pytest.mark.slow
def test_the_dagster_engine_runs_what_the_builtin_engine_refuses(workspace_factory) -> None:
    workspace = workspace_factory("unsupported")
    outcome = run_worker(workspace, ["unsupported.assets"], [("fine",)], engine="dagster")
    assert outcome.status == "success", outcome.error
    assert stored_values(workspace) == {"fine.pkl": 1}


def _run_in_worker_like_process(code: str) -> subprocess.CompletedProcess:
    """User code importing `dagster` with the alias installed, as in a worker."""
    script = (
        "from assetlens.runtime.dagster_alias import install_dagster_alias\ninstall_dagster_alias()\n"
        + textwrap.dedent(code)
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("from dagster import FreshnessPolicy", "dagster.FreshnessPolicy"),
        ("import dagster as dg\ndg.BackfillPolicy", "dagster.BackfillPolicy"),
        ("import dagster._core.definitions", "the module dagster._core"),
        ("from dagster.components import Component", "the module dagster.components"),
        ("import dagster as dg\n@dg.asset(partitions_def=object())\ndef a(): ...", "@asset(partitions_def=...)"),
        ("import dagster as dg\ndg.AssetIn(partition_mapping=object())", "AssetIn(partition_mapping=...)"),
        ("import dagster as dg\ndg.SourceAsset('s', partitions_def=object())", "SourceAsset(partitions_def=...)"),
        ("import dagster as dg\n@dg.asset(hooks={1})\ndef a(): ...", "@asset(hooks=...)"),
    ],
)
def test_each_refusal_names_the_feature_and_the_dagster_engine(code: str, named: str) -> None:
    completed = _run_in_worker_like_process(code)
    assert completed.returncode != 0
    last = completed.stderr.strip().splitlines()[-1]
    assert "UnsupportedByBuiltinEngine" in last and named in last and HINT in last, completed.stderr


def test_the_project_namespace_refuses_unknown_names_the_same_way() -> None:
    with pytest.raises(UnsupportedByBuiltinEngine, match=r"assetlens\.runtime\.FreshnessPolicy"):
        from assetlens.runtime import FreshnessPolicy  # noqa: F401
    assert asset.__module__ == "assetlens.runtime.asset_decorators"


def test_the_real_dagster_is_never_mixed_in() -> None:
    completed = _run_in_worker_like_process(
        "import dagster, sys\nprint(dagster.__name__, 'dagster._core' in sys.modules)"
    )
    assert completed.stdout.split() == ["assetlens.runtime.dagster_api", "False"]
