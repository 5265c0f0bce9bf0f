"""`@dbt_assets`/`DbtProject`/`get_asset_key_for_model`/`@sling_assets` written in Python: the analyzer's
keys and dependencies equal real Dagster's for the module (paths built from `__file__`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from assetlens.analyzer.workspace import analyze_workspace
from tests.integrations.support import DBT_SHOP, FIXTURES, copy_tree, dbt_parse, run_json, summary

pytestmark = pytest.mark.slow  # dbt parse and a Dagster process: ~20 s

REAL = r"""
import importlib.util, json, sys, warnings
warnings.filterwarnings("ignore")
import dagster as dg
spec = importlib.util.spec_from_file_location("definitions", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
graph = module.defs.resolve_asset_graph()
out = {}
for key in graph.get_all_asset_keys():
    node = graph.get(key)
    if node.is_materializable:
        out["/".join(key.path)] = {"deps": sorted("/".join(p.path) for p in node.parent_keys), "group": node.group_name}
print(json.dumps(out))
"""


def test_python_integration_assets_equal_real_dagster(tmp_path: Path) -> None:
    copy_tree(FIXTURES / "python_project", tmp_path / "python_project")
    copy_tree(DBT_SHOP, tmp_path / "dbt_shop")
    dbt_parse(tmp_path / "dbt_shop")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # the `dbt` executable
    real = run_json(REAL, str(tmp_path / "python_project" / "definitions.py"), cwd=tmp_path / "python_project", env={"PATH": path})
    assert "finance/revenue" in real  # the translator's `super().get_asset_key(...).with_prefix("finance")`
    expected = real
    for reading in ("manifest", "sources"):
        if reading == "sources":
            for built in (tmp_path / "dbt_shop" / "target").iterdir():
                built.unlink()  # now the analyzer reads the project's own files
        workspace = analyze_workspace(tmp_path, use_cache=False)
        assets = [asset for asset in workspace.assets if asset.file == "python_project/definitions.py"]
        # both translator subclasses are evaluated (dbt_translator): no partly known key left
        assert not [asset for asset in assets if asset.key is None], reading
        ours = summary(assets)
        # a translator that only overrides get_group_name: keys the defaults, the group evaluated
        assert expected["orders_snapshot"]["group"] == "dbt_snapshot"
        assert ours == expected, reading
        sources = {asset.known_name: asset.source_file for asset in assets if asset.origin == "dbt"}
        assert sources["customers"] == "dbt_shop/models/marts/customers.sql"
