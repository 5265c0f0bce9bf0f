"""When only asset checks fail a step (its assets succeeded), `assetlens materialize` names the checks —
`✗ check positive on raw failed:` — not an empty list of assets (issue 11), with either engine, for
`check_specs=` on `@asset` and on `@graph_asset`; exit status 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.conftest import copy_fixture


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_a_step_failed_by_its_checks_names_them(engine: str, tmp_path: Path) -> None:
    workspace = copy_fixture("embedded_checks", tmp_path / "embedded")
    completed = cli(
        "materialize", "raw", "after_raw", "--engine", engine, "--definitions", "embedded_checks.definitions", cwd=workspace
    )
    assert completed.returncode == 1, completed.stderr
    assert "✓ raw in " in completed.stderr
    assert "\n✗ check positive on raw failed:\n" in completed.stderr
    assert "✗  failed" not in completed.stderr and " failed:\n" in completed.stderr
    assert "DagsterAssetCheckFailedError: 1 blocking asset check failed with ERROR severity" in completed.stderr
    assert "dagster._core" not in completed.stderr


def test_a_graph_asset_step_failed_by_its_check_names_it(tmp_path: Path) -> None:
    workspace = copy_fixture("graph_checks", tmp_path)
    completed = cli("materialize", "blocked", "after_blocked", cwd=workspace)
    assert completed.returncode == 1, completed.stderr
    assert "\n✗ check small on blocked failed:\n" in completed.stderr and "✗  failed" not in completed.stderr
    assert "- after_blocked skipped: upstream blocked has a failed blocking check 'small'" in completed.stderr
