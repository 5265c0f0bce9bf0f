"""Renaming asset keys (analyzer/rename.py): applying the edits gives a workspace whose graph is the same
graph with the key renamed — and where that cannot be guaranteed, the rename is refused, saying where."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from assetlens.analyzer import analyze_workspace
from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.fixes import apply_edits
from assetlens.analyzer.rename import RenameError, check_renameable, rename_edits, spelling_range

PROJECT = {
    "pkg/__init__.py": "from pkg.raw import customers\n",
    "pkg/raw.py": (
        "import dagster as dg\n\n\n"
        "@dg.asset\n"
        "def customers():\n"
        "    return ['ada']\n\n\n"
        '@dg.asset(name="orders_table", key_prefix=["raw"])\n'
        "def orders():\n"
        "    return [1]\n"
    ),
    "pkg/marts.py": (
        "import dagster as dg\n"
        "from dagster import AssetIn, AssetKey\n\n"
        "from pkg import raw\n"
        "from pkg.raw import customers as clients_asset\n\n\n"
        "@dg.asset\n"
        "def daily(customers):\n"
        "    total = [c.upper() for c in customers]\n"
        "    return total\n\n\n"
        '@dg.asset(ins={"people": AssetIn(key="customers")})\n'
        "def people_count(people):\n"
        "    return len(people)\n\n\n"
        '@dg.asset(deps=[AssetKey("customers"), "daily", raw.customers, clients_asset])\n'
        "def report():\n"
        "    return None\n"
    ),
    "pkg/defs.py": "import dagster as dg\n\nimport pkg\n\ndefs = dg.Definitions(assets=[pkg.customers])\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def graph_edges(workspace) -> set[tuple]:
    return set(workspace.graph.edges)


def renamed(workspace, key, new):
    edits = rename_edits(workspace, key, new)
    by_file = defaultdict(list)
    for edit in edits:
        by_file[edit.file].append(edit)
    for file, file_edits in by_file.items():
        (workspace.root / file).write_text(apply_edits(workspace.file_text(file), file_edits), encoding="utf-8")
    return analyze_workspace(workspace.root, use_cache=False), by_file


def test_a_function_named_asset_is_renamed_everywhere_it_is_used(tmp_path: Path) -> None:
    workspace = analyze_workspace(write(tmp_path, PROJECT), use_cache=False)
    assert check_renameable(workspace, ("customers",)).name == "customers"
    before = graph_edges(workspace)
    after, by_file = renamed(workspace, ("customers",), "clients")
    rename = {("customers",): ("clients",)}
    assert graph_edges(after) == {(rename.get(a, a), rename.get(b, b)) for a, b in before}
    assert run_rules(after) == []
    marts = (tmp_path / "pkg/marts.py").read_text()
    assert "def daily(clients):" in marts and "for c in clients]" in marts  # the parameter and its use
    assert 'AssetIn(key="clients")' in marts and 'AssetKey("clients")' in marts
    assert "raw.clients" in marts and "from pkg.raw import clients as clients_asset" in marts
    assert "clients_asset])" in marts  # an alias keeps its own name
    assert "from pkg.raw import clients\n" == (tmp_path / "pkg/__init__.py").read_text()  # a re-export...
    assert "pkg.clients" in (tmp_path / "pkg/defs.py").read_text()  # ...and its users


def test_a_key_spelled_by_name_renames_the_literal_not_the_function(tmp_path: Path) -> None:
    files = dict(PROJECT)
    files["pkg/marts.py"] += '\n\n@dg.asset(deps=[AssetKey(["raw", "orders_table"])])\ndef uses_orders():\n    return 1\n'
    workspace = analyze_workspace(write(tmp_path, files), use_cache=False)
    with pytest.raises(RenameError, match="marts.py"):
        rename_edits(workspace, ("raw", "orders_table"), "orders_v2")  # a list literal: refused, named
    files["pkg/marts.py"] = PROJECT["pkg/marts.py"]
    (tmp_path / "pkg/marts.py").write_text(files["pkg/marts.py"])
    workspace = analyze_workspace(tmp_path, use_cache=False)
    after, _ = renamed(workspace, ("raw", "orders_table"), "orders_v2")
    assert ("raw", "orders_v2") in after.graph
    assert "def orders():" in (tmp_path / "pkg/raw.py").read_text()


def test_refusals_name_the_reason(tmp_path: Path) -> None:
    workspace = analyze_workspace(write(tmp_path, PROJECT), use_cache=False)
    with pytest.raises(RenameError, match="already exists"):
        rename_edits(workspace, ("customers",), "daily")
    with pytest.raises(RenameError, match="letters, digits and underscores"):
        rename_edits(workspace, ("customers",), "bad-name")
    with pytest.raises(RenameError, match="not a valid one"):
        rename_edits(workspace, ("customers",), "1st_customers")
    with pytest.raises(RenameError, match="not defined"):
        rename_edits(workspace, ("nothing",), "x")
    assert rename_edits(workspace, ("customers",), "customers") == []


def test_a_parameter_rename_that_would_capture_a_name_is_refused(tmp_path: Path) -> None:
    files = dict(PROJECT)
    files["pkg/marts.py"] = files["pkg/marts.py"].replace("    total = [c.upper() for c in customers]", "    total = [c for c in customers] + shoppers")
    workspace = analyze_workspace(write(tmp_path, files), use_cache=False)
    with pytest.raises(RenameError, match="`shoppers` is already used"):
        rename_edits(workspace, ("customers",), "shoppers")


def test_computed_keys_and_multi_asset_outputs_are_refused(tmp_path: Path) -> None:
    files = {
        "m.py": (
            "import dagster as dg\n\nPREFIX = 'x'\n\n\n"
            "@dg.asset(name=f'{PREFIX}_computed')\ndef computed():\n    return 1\n\n\n"
            '@dg.multi_asset(outs={"a": dg.AssetOut(), "b": dg.AssetOut(key="bee")})\n'
            "def both():\n    yield dg.Output(1, output_name='a')\n    yield dg.Output(2, output_name='b')\n"
        )
    }
    workspace = analyze_workspace(write(tmp_path, files), use_cache=False)
    with pytest.raises(RenameError, match="computed"):
        rename_edits(workspace, ("x_computed",), "y")
    with pytest.raises(RenameError, match="an output of the multi-asset"):
        rename_edits(workspace, ("a",), "aa")
    after, _ = renamed(workspace, ("bee",), "bea")  # AssetOut(key=...): the key, not the output name
    assert ("bea",) in after.graph and ("bee",) not in after.graph


def test_the_spelling_range_is_the_name_inside_the_reference(tmp_path: Path) -> None:
    workspace = analyze_workspace(write(tmp_path, PROJECT), use_cache=False)
    report = next(asset for asset in workspace.assets_in_file("pkg/marts.py") if asset.node == "report")
    reference = next(dep for dep in report.deps if dep.key == ("customers",))
    span = spelling_range(workspace, "pkg/marts.py", reference.range, "customers")
    line = workspace.file_text("pkg/marts.py").split("\n")[span.line - 1]
    assert line[span.col : span.end_col] == "customers"
    assert line[span.col - 1] == '"'
