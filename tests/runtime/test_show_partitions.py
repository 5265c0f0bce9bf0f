"""`assetlens show KEY --partition P` (issue 11): one partition's stored value of a partitioned asset (each
partition is stored on its own), with either engine's store; without `--partition` the stored partitions
are listed with how to pick one (exit 2, nothing unpickled); a partition never stored says so."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.runtime.host_preview import PreviewError, preview_value

from tests.runtime.conftest import copy_fixture


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_show_one_partition_and_list_the_stored_ones(engine: str, tmp_path: Path) -> None:
    workspace = copy_fixture("partitions_builtin", tmp_path)
    for args in (["rates", "sales", "--partition", "eu"], ["sales", "--partition", "us"]):
        completed = cli("materialize", *args, "--engine", engine, cwd=workspace)
        assert completed.returncode == 0, completed.stderr
    shown = cli("show", "sales", "--partition", "us", "--format", "json", cwd=workspace)
    assert shown.returncode == 0, shown.stderr
    value = json.loads(shown.stdout)
    assert value["key"] == "sales" and value["partition"] == "us" and value["type"] == "dict"
    assert "'key': 'us'" in value["repr"] and "'value': 30" in value["repr"]
    text = cli("show", "sales", "--partition", "eu", cwd=workspace)
    assert text.stdout.startswith("sales [partition eu]: dict (") and "'value': 20" in text.stdout
    listed = cli("show", "sales", cwd=workspace)
    assert listed.returncode == 2 and listed.stdout == ""
    assert "sales is partitioned" in listed.stderr
    assert "its stored partitions (2): eu, us — pick one with --partition KEY" in listed.stderr
    never = cli("show", "sales", "--partition", "asia", cwd=workspace)
    assert never.returncode == 2 and "partition asia of sales has never been materialized" in never.stderr
    assert "eu, us" in never.stderr and "Traceback" not in never.stderr
    unpartitioned = cli("show", "rates", "--partition", "eu", cwd=workspace)
    assert unpartitioned.returncode == 2 and "rates is not partitioned" in unpartitioned.stderr
    assert cli("show", "rates", cwd=workspace).returncode == 0
    with pytest.raises(PreviewError) as refused:
        preview_value(workspace, ("sales",))
    assert refused.value.usage
    assert preview_value(workspace, ("sales",), partition="eu")["partition"] == "eu"
