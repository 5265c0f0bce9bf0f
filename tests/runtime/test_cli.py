"""`assetlens materialize` and `assetlens status` end to end: the real analyzer picks the modules, the
real worker runs them, the store records them; then code edits make assets stale for the right reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.conftest import stored_values


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def status(cwd: Path) -> dict[str, dict]:
    completed = cli("status", "--format", "json", cwd=cwd)
    assert completed.returncode == 0, completed.stderr
    return {"/".join(entry["key"]): entry for entry in json.loads(completed.stdout)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_materialize_needs_upstream_values_or_upstream(workspace_factory) -> None:
    workspace = workspace_factory("project")
    completed = cli("materialize", "mart/summary", cwd=workspace)
    assert completed.returncode == 1
    assert "raw/orders, which has never been materialized" in completed.stderr and "--upstream" in completed.stderr
    assert stored_values(workspace) == {}


def test_materialize_and_status_through_code_changes(workspace_factory) -> None:
    workspace = workspace_factory("project")
    assert set(status(workspace)) == {"raw/orders", "left", "right", "mart/summary", "mart/headline"}
    assert all(entry["reasons"] == ["never materialized"] for entry in status(workspace).values())

    completed = cli("materialize", "mart/summary", "--upstream", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert "success (2 materialized)" in completed.stdout
    assert "✓ raw/orders" in completed.stderr and "✓ mart/summary" in completed.stderr
    assert stored_values(workspace) == {"raw/orders.pkl": [5, 7, 9], "mart/summary.pkl": {"count": 3, "total": 21}}
    entries = status(workspace)
    assert not entries["mart/summary"]["stale"] and entries["mart/summary"]["lastMaterialization"]["codeVersion"] == "1"

    # the stored upstream value is reused: only headline runs
    completed = cli("materialize", "mart/headline", "--format", "json", cwd=workspace)
    outcome = json.loads(completed.stdout)
    assert (
        completed.returncode == 0
        and outcome["status"] == "success"
        and outcome["materialized"] == [["mart", "headline"]]
    )
    assert stored_values(workspace)["mart/headline.pkl"] == "3 orders"

    edit(workspace / "pipeline/marts.py", 'code_version="1")\ndef summary', 'code_version="2")\ndef summary')
    assert status(workspace)["mart/summary"]["reasons"] == ["code version changed ('1' → '2')"]

    edit(workspace / "pipeline/ingest.py", "return [5, 7, 9]", "return [5, 7, 9, 11]")
    assert status(workspace)["raw/orders"]["reasons"] == [
        "code changed since the last materialization (code_version not bumped)"
    ]

    completed = cli("materialize", "raw/orders", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    entries = status(workspace)
    assert not entries["raw/orders"]["stale"]
    # as in Dagster: raw/orders kept its code version, so its data version is the same — summary stays
    # fresh (which is what AL004 warned about); only its code version's bump makes the downstream stale
    assert entries["mart/summary"]["reasons"] == ["code version changed ('1' → '2')"]
    edit(workspace / "pipeline/ingest.py", 'code_version="1"', 'code_version="2"')
    completed = cli("materialize", "raw/orders", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert "upstream raw/orders has a new data version" in status(workspace)["mart/summary"]["reasons"]

    completed = cli("materialize", "raw/orders", "--downstream", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert stored_values(workspace)["mart/headline.pkl"] == "4 orders"
    text = cli("status", cwd=workspace).stdout
    assert "fresh  mart/headline" in text


def test_a_non_subsettable_multi_asset_runs_whole(workspace_factory) -> None:
    workspace = workspace_factory("project")
    completed = cli("materialize", "left", "--upstream", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert {"left.pkl", "right.pkl"} <= set(stored_values(workspace))


def test_usage_errors_exit_2_with_a_hint(workspace_factory) -> None:
    workspace = workspace_factory("project")
    completed = cli("materialize", "mart/sumary", cwd=workspace)
    assert completed.returncode == 2
    assert "no asset mart/sumary" in completed.stderr and "did you mean mart/summary" in completed.stderr
    assert cli("status", "nope", cwd=workspace).returncode == 2
    assert cli("materialize", "raw/orders", "--path", str(workspace / "missing"), cwd=workspace).returncode == 2
    completed = cli("materialize", "raw/orders", "--python", str(workspace / "no-such-python"), cwd=workspace)
    assert completed.returncode == 2 and "cannot start" in completed.stderr and "Traceback" not in completed.stderr


def test_prefixes_from_load_assets_from_modules_and_resources_from_definitions(workspace_factory) -> None:
    workspace = workspace_factory("loaders")
    completed = cli("materialize", "team/shout", "--upstream", "--definitions", "loaders.defs:defs", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert stored_values(workspace)["team/shout.pkl"][-1] == "hi, you"
    # the same Definitions found through pyproject.toml's [tool.dagster] module_name
    completed = cli("materialize", "team/greetings", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    # the assets alone (no Definitions, no resource): refused before anything runs, naming the resource
    (workspace / "pyproject.toml").unlink()
    completed = cli("materialize", "team/greetings", cwd=workspace)
    assert completed.returncode == 1
    assert "resource with key 'greeter' required by op 'greetings' was not provided" in completed.stderr


@pytest.mark.slow
def test_the_dagster_engine_through_the_cli(workspace_factory) -> None:
    workspace = workspace_factory("project")
    completed = cli("materialize", "mart/headline", "--upstream", "--engine", "dagster", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert stored_values(workspace)["mart/headline.pkl"] == "3 orders"
    entries = status(workspace)
    assert not entries["mart/headline"]["stale"]
