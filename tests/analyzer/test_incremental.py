"""`Workspace.update_file`: after any sequence of edits the workspace has the same assets and graph as a
fresh `analyze_workspace` of the final state, and it returns the relpaths whose facts changed."""
from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

from assetlens.analyzer import Workspace

from .support import analyze, asset, dep_keys, graph_summary, write_files

BASE = {
    "settings.py": 'PREFIX = "raw"\n',
    "ingest.py": """
    from dagster import asset
    from settings import PREFIX

    @asset(key_prefix=PREFIX, group_name="ingest")
    def orders():
        return 1
    """,
    "marts.py": """
    from dagster import AssetIn, asset

    @asset(ins={"orders": AssetIn(key_prefix="raw")}, group_name="marts")
    def revenue(orders):
        return orders
    """,
}


def edit(workspace: Workspace, root: Path, file: str, text: str | None) -> set[str]:
    """Apply one edit to the workspace and to the disk (so a fresh analysis sees the same state)."""
    if text is None:
        (root / file).unlink()
        return workspace.update_file(file, None)
    text = textwrap.dedent(text)
    write_files(root, {file: text})
    return workspace.update_file(file, text)


def assert_same_as_fresh(workspace: Workspace, root: Path) -> None:
    assert graph_summary(workspace) == graph_summary(analyze(root))


def start(root: Path, files: Mapping[str, str] = BASE) -> Workspace:
    return analyze(root, dict(files))


def test_a_body_change_updates_one_file(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    before = asset(workspace, "revenue").fingerprint
    changed = edit(workspace, tmp_path, "marts.py", BASE["marts.py"].replace("return orders", "return orders * 2"))
    assert changed == {"marts.py"}
    assert asset(workspace, "revenue").fingerprint != before
    assert_same_as_fresh(workspace, tmp_path)


def test_the_same_text_again_changes_nothing(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    assert edit(workspace, tmp_path, "marts.py", BASE["marts.py"]) == set()
    assert_same_as_fresh(workspace, tmp_path)


def test_editor_text_that_is_not_saved_is_analysed(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    unsaved = textwrap.dedent(BASE["marts.py"]).replace("def revenue", "def margin")
    assert workspace.update_file("marts.py", unsaved) == {"marts.py"}
    assert ("margin",) in workspace.graph
    assert ("revenue",) not in workspace.graph
    assert workspace.file_text("marts.py") == unsaved
    assert graph_summary(workspace) == graph_summary(analyze(tmp_path, overrides={"marts.py": unsaved}))


def test_a_new_file_and_a_deleted_file(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    changed = edit(workspace, tmp_path, "finance.py", "from dagster import asset\n\n@asset\ndef margin(revenue):\n    return revenue\n")
    assert changed == {"finance.py"}
    assert "finance.py" in workspace.files
    assert workspace.graph.has_edge(("revenue",), ("margin",))
    assert_same_as_fresh(workspace, tmp_path)

    assert edit(workspace, tmp_path, "marts.py", None) == {"marts.py"}
    assert "marts.py" not in workspace.files and "marts.py" not in workspace.modules
    # `revenue` is now only referenced: a node without definitions, still upstream of margin
    assert workspace.graph.nodes[("revenue",)]["assets"] == []
    assert_same_as_fresh(workspace, tmp_path)

    assert edit(workspace, tmp_path, "finance.py", None) == {"finance.py"}
    assert ("revenue",) not in workspace.graph
    assert_same_as_fresh(workspace, tmp_path)


def test_a_change_in_an_imported_module_updates_its_importers(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    changed = edit(workspace, tmp_path, "settings.py", 'PREFIX = "bronze"\n')
    assert changed == {"settings.py", "ingest.py"}
    assert asset(workspace, "bronze", "orders").group == "ingest"
    assert_same_as_fresh(workspace, tmp_path)


def test_a_group_change_that_flips_name_resolution(tmp_path: Path) -> None:
    files = {
        "up.py": """
        from dagster import asset

        @asset(key_prefix="lake", group_name="shared")
        def orders():
            return 1
        """,
        "down.py": """
        from dagster import asset

        @asset(group_name="shared")
        def report(orders):
            return orders
        """,
    }
    workspace = start(tmp_path, files)
    # Dagster resolves the one-part `orders` to the one `.../orders` of the same group
    assert dep_keys(asset(workspace, "report")) == {("lake", "orders")}
    edit(workspace, tmp_path, "up.py", textwrap.dedent(files["up.py"]).replace('group_name="shared"', 'group_name="other"'))
    assert dep_keys(asset(workspace, "report")) == {("orders",)}
    assert_same_as_fresh(workspace, tmp_path)
    edit(workspace, tmp_path, "up.py", files["up.py"])
    assert dep_keys(asset(workspace, "report")) == {("lake", "orders")}
    assert_same_as_fresh(workspace, tmp_path)


def test_a_module_loader_prefix_change_rekeys_the_loaded_module(tmp_path: Path) -> None:
    files = {
        **BASE,
        "definitions.py": """
        import ingest
        from dagster import load_assets_from_modules

        loaded = load_assets_from_modules([ingest], key_prefix="v1")
        """,
    }
    workspace = start(tmp_path, files)
    assert asset(workspace, "v1", "raw", "orders")
    changed = edit(workspace, tmp_path, "definitions.py", files["definitions.py"].replace('"v1"', '["v2", "eu"]'))
    assert "definitions.py" in changed
    assert asset(workspace, "v2", "eu", "raw", "orders").file == "ingest.py"
    assert ("v1", "raw", "orders") not in workspace.graph
    assert_same_as_fresh(workspace, tmp_path)
    edit(workspace, tmp_path, "definitions.py", None)
    assert asset(workspace, "raw", "orders")
    assert_same_as_fresh(workspace, tmp_path)


def test_a_syntax_error_and_its_fix(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    changed = edit(workspace, tmp_path, "marts.py", "from dagster import asset\n\n@asset\ndef revenue(:\n")
    assert changed == {"marts.py"}
    assert workspace.modules["marts.py"].syntax_error is not None
    assert ("revenue",) not in workspace.graph
    assert_same_as_fresh(workspace, tmp_path)
    edit(workspace, tmp_path, "marts.py", BASE["marts.py"])
    assert dep_keys(asset(workspace, "revenue")) == {("raw", "orders")}
    assert_same_as_fresh(workspace, tmp_path)


def test_a_new_module_resolves_an_import_that_was_unresolved(tmp_path: Path) -> None:
    workspace = start(tmp_path, {"ingest.py": BASE["ingest.py"]})
    assert not workspace.assets[0].resolved
    edit(workspace, tmp_path, "settings.py", BASE["settings.py"])
    assert_same_as_fresh(workspace, tmp_path)


def test_removing_the_exact_key_makes_the_dependency_resolve_by_name(tmp_path: Path) -> None:
    files = {
        "down.py": """
        from dagster import asset

        @asset(group_name="shared")
        def report(orders):
            return orders
        """,
        "up.py": """
        from dagster import asset

        @asset(group_name="shared")
        def orders():
            return 1

        @asset(key_prefix="lake", name="orders", group_name="shared")
        def lake_orders():
            return 1
        """,
    }
    workspace = start(tmp_path, files)
    assert dep_keys(asset(workspace, "report")) == {("orders",)}
    edit(workspace, tmp_path, "up.py", textwrap.dedent(files["up.py"]).split("@asset(group_name")[0] + textwrap.dedent(files["up.py"]).split("return 1\n", 1)[1])
    assert dep_keys(asset(workspace, "report")) == {("lake", "orders")}
    assert_same_as_fresh(workspace, tmp_path)


def test_adding_an_init_file_renames_the_modules_of_its_folder(tmp_path: Path) -> None:
    files = {
        "proj/__init__.py": "",
        "proj/settings.py": 'PREFIX = "raw"\n',
        "proj/sub/orders.py": """
        from dagster import asset
        from ..settings import PREFIX

        @asset(key_prefix=PREFIX)
        def orders():
            return 1
        """,
    }
    workspace = start(tmp_path, files)
    # proj/sub/__init__.py makes the file `proj.sub.orders`, whose relative import then resolves
    edit(workspace, tmp_path, "proj/sub/__init__.py", "")
    assert workspace.modules["proj/sub/orders.py"].module == "proj.sub.orders"
    assert_same_as_fresh(workspace, tmp_path)


def test_random_asset_edits_match_a_fresh_analysis(tmp_path: Path) -> None:
    """Seeded: modules gaining and losing assets whose one-part dependencies resolve by name within a
    group or by table name, one module regrouped by its loader — after every edit, as a fresh analysis."""
    import random

    rng = random.Random(11)
    names = ["orders", "customers", "payments", "report", "summary"]

    def module_text() -> str:
        lines = ["import dagster as dg", ""]
        for name in rng.sample(names, rng.randint(0, 3)):
            options = []
            if rng.random() < 0.5:
                options.append(f"key_prefix={rng.choice(['lake', 'warehouse'])!r}")
            options.append(f"group_name={rng.choice(['core', 'marts'])!r}")
            if rng.random() < 0.3:
                options.append(f"metadata={{'dagster/table_name': {rng.choice(['db.t1', 'db.t2'])!r}}}")
            deps = rng.sample([n for n in names if n != name], rng.randint(0, 2))
            if deps:
                options.append(f"deps={deps!r}")
            lines += [f"@dg.asset({', '.join(options)})", f"def {name}():", "    return 1", ""]
        return "\n".join(lines) + "\n"

    files = {f"m{index}.py": module_text() for index in range(3)}
    files["definitions.py"] = (
        "import dagster as dg\nimport m0, m1, m2\n\n"
        "defs = dg.Definitions(assets=[*dg.load_assets_from_modules([m0, m1]),"
        " *dg.load_assets_from_modules([m2], group_name='loaded')])\n"
    )
    workspace = start(tmp_path, files)
    for _ in range(30):
        file = rng.choice(["m0.py", "m1.py", "m2.py"])
        edit(workspace, tmp_path, file, module_text())
        assert_same_as_fresh(workspace, tmp_path)
