"""`--partition` with `--engine dagster` (the builtin engine refuses partitions before anything runs), and an
AssetSpec used as an input: as in Dagster the step fails and independent assets still run (issue 11)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.runtime import RunStore

from tests.runtime.conftest import copy_fixture, keys, run_worker, stored_values


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_one_partition_with_either_engine_and_a_clear_refusal_of_a_range_without_dagster(tmp_path: Path) -> None:
    builtin = copy_fixture("partitioned", tmp_path / "builtin")
    refused = cli("materialize", "paint", "--partition", "red...blue", cwd=builtin)
    assert refused.returncode != 0 and "--engine dagster" in refused.stderr and "Traceback" not in refused.stderr
    ran = cli("materialize", "paint", "dried", "--partition", "red", cwd=builtin)
    assert ran.returncode == 0, ran.stderr
    workspace = copy_fixture("partitioned", tmp_path / "dagster")
    completed = cli("materialize", "paint", "dried", "--engine", "dagster", "--partition", "red", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    values = stored_values(workspace)
    assert values == {"paint/%00partition%3Dred.pkl": "RED", "dried/%00partition%3Dred.pkl": "RED dried (red)"}
    assert stored_values(builtin) == values
    blue = cli("materialize", "paint", "--engine", "dagster", "--partition", "blue", cwd=workspace)
    assert blue.returncode == 0, blue.stderr
    assert stored_values(workspace)["paint/%00partition%3Dred.pkl"] == "RED", "partitions never overwrite each other"
    assert stored_values(workspace)["paint/%00partition%3Dblue.pkl"] == "BLUE"


@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_an_asset_spec_as_input_fails_its_step_and_independent_assets_still_run(engine: str, tmp_path: Path) -> None:
    workspace = copy_fixture("spec_input", tmp_path)
    outcome = run_worker(workspace, ("spec_input.assets",), keys("reads_spec", "after_reads_spec", "independent"), engine=engine)
    assert outcome.status == "failure"
    assert outcome.materialized == (("independent",),)
    assert outcome.skipped == (("after_reads_spec",),)
    with RunStore.for_workspace(workspace) as store:
        failed = {m.key: m for m in store.materializations_for_run(outcome.run_id)}[("reads_spec",)]
    assert failed.status == "failure"
    if engine == "builtin":
        assert "warehouse_table" in failed.error and "external asset" in failed.error
        assert "--upstream" not in failed.error and "Traceback" not in failed.error


def test_the_cli_gives_no_upstream_advice_for_an_external_asset(tmp_path: Path) -> None:
    workspace = copy_fixture("spec_input", tmp_path)
    completed = cli("materialize", "reads_spec", "independent", cwd=workspace)
    assert completed.returncode == 1
    assert "external asset" in completed.stderr and "--upstream" not in completed.stderr
    assert "✓ independent" in completed.stderr


def test_output_data_version_is_listed_before_the_first_asset_runs(tmp_path: Path) -> None:
    """Today's fix for a run that stopped halfway at the first `Output(data_version=...)`."""
    workspace = tmp_path / "dv"
    (workspace / "dv").mkdir(parents=True)
    (workspace / "dv" / "__init__.py").write_text("")
    (workspace / "dv" / "assets.py").write_text(
        "import dagster as dg\nfrom dagster import MaterializeResult\n\n\n@dg.asset\ndef first():\n    return 1\n\n\n"
        "@dg.asset\ndef second(first):\n    return dg.Output(first, data_version=dg.DataVersion('x'))\n\n\n"
        "@dg.asset\ndef third():\n    return MaterializeResult(data_version=dg.DataVersion('y'))\n"
    )
    outcome = run_worker(workspace, ("dv.assets",), keys("first", "second", "third"))
    assert outcome.status == "failure" and outcome.materialized == ()
    assert "dv/assets.py:12: Output(data_version=...)" in outcome.error
    assert "dv/assets.py:17: MaterializeResult(data_version=...)" in outcome.error


def test_the_dagster_engine_reports_a_missing_upstream_value_without_internal_frames(tmp_path: Path) -> None:
    workspace = copy_fixture("failures", tmp_path)
    outcome = run_worker(workspace, ("failures.assets",), keys("raises"), engine="dagster")
    with RunStore.for_workspace(workspace) as store:
        error = {m.key: m for m in store.materializations_for_run(outcome.run_id)}[("raises",)].error
    assert error.startswith("no stored value of ok_first to read"), error
    assert "value_store.py" not in error and "dagster_runner.py" not in error and "Traceback" not in error
