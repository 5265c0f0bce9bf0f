"""Dagster's asset selection syntax for `materialize` and `status` (issue 11): each selection resolves to
the keys Dagster's own `AssetSelection.from_string` gives on the same definitions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.analyzer import analyze_workspace
from assetlens.server.asset_selection import SelectionSyntaxError, looks_like_selection, select

from tests.runtime.conftest import FIXTURES

SELECTIONS = [
    "key:report",
    "+key:user_orders",
    "key:raw_orders+",
    "2+key:report",
    "key:raw_orders+2",
    "group:ingest",
    "tag:tier=gold",
    "tag:tier",
    "tag:slow",
    "kind:duckdb",
    "group:marts and not kind:duckdb",
    "(group:ingest or group:reports) and not tag:slow",
    "key:raw_*",
    "not group:marts",
    "+group:marts",
    'key:"orders_clean"',
]

DAGSTER = """
import json, sys, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, ".")
import dagster as dg
from selection import assets
graph = dg.Definitions(assets=dg.load_assets_from_modules([assets])).resolve_asset_graph()
print(json.dumps({text: sorted("/".join(k.path) for k in dg.AssetSelection.from_string(text).resolve(graph)) for text in json.loads(sys.argv[1])}))
"""


def test_selections_resolve_as_dagster_resolves_them() -> None:
    workspace_root = FIXTURES / "selection"
    completed = subprocess.run(
        [sys.executable, "-c", DAGSTER, json.dumps(SELECTIONS)], cwd=workspace_root, capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    reference = json.loads(completed.stdout.splitlines()[-1])
    workspace = analyze_workspace(workspace_root)
    ours = {text: sorted("/".join(key) for key in select(workspace, text)) for text in SELECTIONS}
    assert ours == reference
    assert all(looks_like_selection(text) for text in SELECTIONS) and not looks_like_selection("raw/orders")


@pytest.mark.parametrize("text", ["key:", "group:a and", "(group:a", "nope:x", 'key:"open'])
def test_invalid_selections_say_where(text: str) -> None:
    workspace = analyze_workspace(FIXTURES / "selection")
    with pytest.raises(SelectionSyntaxError):
        select(workspace, text)


def test_materialize_and_status_take_selections_and_all(tmp_path: Path) -> None:
    import shutil

    workspace = tmp_path / "selection"
    shutil.copytree(FIXTURES / "selection", workspace)

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=workspace, capture_output=True, text=True, timeout=300)

    completed = cli("materialize", "+key:orders_clean", "--format", "json")
    assert completed.returncode == 0, completed.stderr
    assert sorted(json.loads(completed.stdout)["materialized"]) == [["orders_clean"], ["raw_orders"]]
    status = json.loads(cli("status", "group:ingest", "--format", "json").stdout)
    assert sorted("/".join(entry["key"]) for entry in status) == ["raw_orders", "raw_users"]
    everything = cli("materialize", "--all", "--format", "json")
    assert everything.returncode == 0 and len(json.loads(everything.stdout)["materialized"]) == 5
    bad = cli("materialize", "group:nothing_here")
    assert bad.returncode == 2 and "matches no asset" in bad.stderr
    nothing = cli("materialize")
    assert nothing.returncode == 2 and "--all" in nothing.stderr
