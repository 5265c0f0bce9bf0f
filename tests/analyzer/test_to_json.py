"""`Workspace.to_json`: the public `assetlens graph --format json` schema of issue 2 (deps sorted and
unique, file relative to the root, 1-based line, resolved), and syntax errors as AL000 diagnostics."""
from __future__ import annotations

import json
from pathlib import Path

from .support import analyze

FIELDS = {"key", "deps", "kind", "node", "output", "code_version", "group", "file", "line", "resolved", "location"}


def test_every_asset_has_exactly_the_documented_fields(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/assets.py": """
            from dagster import AssetOut, AssetSpec, asset, multi_asset

            external = AssetSpec(["erp", "orders"])

            @asset(
                key_prefix="mart",
                deps=["zeta", ["erp", "orders"], "alpha"],  # alpha is also a parameter: one dependency
                code_version="2",
                group_name="marts",
            )
            def orders(alpha, beta):
                return alpha

            @multi_asset(outs={"left": AssetOut(), "right": AssetOut(key_prefix="x")})
            def split():
                return 1, 2
            """,
        },
    )
    document = workspace.to_json()
    assert set(document) == {"assets", "diagnostics"}
    assert json.loads(json.dumps(document)) == document  # plain JSON values only
    by_key = {tuple(entry["key"]): entry for entry in document["assets"]}
    assert set(by_key) == {("erp", "orders"), ("mart", "orders"), ("left",), ("x", "right")}
    for entry in document["assets"]:
        assert set(entry) == FIELDS
        assert entry["resolved"] is True
        assert entry["file"] == "pkg/assets.py"
        assert entry["deps"] == sorted(entry["deps"])
        assert len({tuple(dep) for dep in entry["deps"]}) == len(entry["deps"])

    orders = by_key[("mart", "orders")]
    assert orders["deps"] == [["alpha"], ["beta"], ["erp", "orders"], ["zeta"]]
    assert (orders["kind"], orders["node"], orders["output"]) == ("asset", "mart__orders", "result")
    assert (orders["code_version"], orders["group"], orders["line"]) == ("2", "marts", 12)

    right = by_key[("x", "right")]
    assert (right["kind"], right["node"], right["output"], right["code_version"]) == ("multi_asset", "split", "right", None)
    assert right["group"] == "default"

    spec = by_key[("erp", "orders")]
    assert (spec["kind"], spec["node"], spec["line"]) == ("spec", None, 4)


def test_unresolved_assets_say_why_and_syntax_errors_are_diagnostics(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "dynamic.py": """
            import os
            from dagster import asset

            @asset(name=os.environ["NAME"], deps=[os.environ["UP"]])
            def dynamic():
                return 1
            """,
            "zz_broken.py": "def broken(:\n",
        },
    )
    document = workspace.to_json()
    (entry,) = document["assets"]
    assert entry["key"] is None
    assert entry["resolved"] is False
    assert entry["deps"] == []  # unknown dependencies are not invented
    assert entry["unresolved"] and "name" in entry["unresolved"]
    assert entry["file"] == "dynamic.py" and entry["line"] == 6
    (diagnostic,) = document["diagnostics"]
    assert diagnostic["code"] == "AL000"
    assert diagnostic["file"] == "zz_broken.py"
    assert (diagnostic["line"], diagnostic["column"]) == (1, 12)
    assert diagnostic["message"]
