"""Pure reads of an analysed workspace: what is under the cursor, which files an edit affects, which part
of the graph the lineage view shows, how workspace symbols match, where key hints go."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from assetlens.analyzer import analyze_workspace
from assetlens.server import queries
from assetlens.server.convert import LineIndex
from assetlens.server.features.inlay_hints import hint_place
from assetlens.server.features.workspace_symbols import matcher
from assetlens.server.graph_view import neighbourhood, whole
from assetlens.analyzer.facts import Diagnostic
from assetlens.server.scope import affected_files, cycle_members, footprint

FILES = {
    "a.py": 'import dagster as dg\n\n\n@dg.asset\ndef up():\n    return 1\n\n\n@dg.asset(key_prefix="p")\ndef mid(up):\n    return up\n',
    "b.py": 'import dagster as dg\n\n\n@dg.asset(deps=[dg.AssetKey(["p", "mid"])])\ndef down():\n    return 2\n',
    "c.py": "import dagster as dg\n\n\n@dg.asset\ndef lonely():\n    return 3\n",
}


def workspace_of(tmp_path: Path, files: dict[str, str] = FILES):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return analyze_workspace(tmp_path, use_cache=False)


def test_the_cursor_on_a_reference_wins_over_the_definition_around_it(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path)
    assets = workspace.assets_in_file("a.py")
    reference = queries.hit_at(assets, 10, 9)  # the parameter `up` of mid
    assert (reference.key, reference.role) == (("up",), "reference")
    definition = queries.hit_at(assets, 10, 5)  # the name `mid`
    assert (definition.key, definition.role) == (("p", "mid"), "definition")
    assert queries.hit_at(assets, 9, 2).key == ("p", "mid")  # the decorator
    assert queries.hit_at(assets, 6, 6) is None  # the body


def test_references_definitions_and_lineage(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path)
    assert [ref.downstream.file for ref in queries.references(workspace, ("p", "mid"))] == ["b.py"]
    assert [asset.file for asset in queries.definitions(workspace, ("up",))] == ["a.py"]
    assert queries.upstream_keys(workspace, ("p", "mid")) == [("up",)]
    assert queries.downstream_keys(workspace, ("p", "mid")) == [("down",)]
    assert queries.definitions(workspace, ("nope",)) == [] and queries.references(workspace, ("nope",)) == []


def edit(workspace, file: str, text: str, previous=None) -> set[str]:
    before = footprint(workspace, [file])
    changed = workspace.update_file(file, text)
    return affected_files(workspace, changed, [file], before, footprint(workspace, [file]), previous or {})


def test_an_edit_affects_the_files_reading_or_defining_its_keys_and_no_others(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path)
    assert edit(workspace, "a.py", FILES["a.py"].replace("return up", "return up + 1")) == {"a.py"}
    assert edit(workspace, "a.py", FILES["a.py"].replace("def mid(up)", "def middle(up)")) == {"a.py", "b.py"}


def test_a_cycle_through_an_edit_reaches_every_file_on_it(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path)
    affected = edit(workspace, "a.py", FILES["a.py"].replace("@dg.asset\ndef up", '@dg.asset(deps=["down"])\ndef up'))
    assert cycle_members(workspace.graph, [("up",)]) == {("up",), ("p", "mid"), ("down",)}
    assert affected == {"a.py", "b.py"}
    assert cycle_members(workspace.graph, [("lonely",)]) == set()


def test_new_keys_reach_every_missing_upstream_suggestion(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path)
    previous = {"c.py": (Diagnostic("AL002", "missing-upstream", "did you mean", "c.py", None),)}
    assert "c.py" in edit(workspace, "a.py", FILES["a.py"] + "\n\n@dg.asset\ndef extra():\n    return 4\n", previous)
    assert "c.py" not in edit(workspace, "a.py", FILES["a.py"] + "\n\n@dg.asset\ndef extra():\n    return 5\n", previous)


def test_neighbourhoods_go_both_ways_to_a_depth() -> None:
    graph = nx.DiGraph([(("a",), ("b",)), (("b",), ("c",)), (("c",), ("d",)), (("x",), ("c",))])
    selection = neighbourhood(graph, [("c",)], 1)
    assert set(selection.keys) == {("b",), ("c",), ("d",), ("x",)} and selection.focus == {("c",)}
    assert selection.keys[0] == ("c",)
    assert set(neighbourhood(graph, [("c",)], 5).keys) == set(graph.nodes)
    capped = neighbourhood(graph, [("c",)], 5, limit=2)
    assert capped.truncated and len(capped.keys) == 2
    assert whole(graph, limit=10).keys == sorted(graph.nodes)
    assert neighbourhood(graph, [("missing",)], 2).keys == []


def test_workspace_symbol_queries_match_fragments_in_order() -> None:
    score = matcher("ord/dai")
    assert score("orders/daily") is not None
    assert score("daily/orders") is None
    exact = matcher("orders")
    assert exact("raw/orders") < exact("orders_by_day")
    assert matcher("")("anything") == 0


def test_key_hints_only_where_the_key_reads_differently(tmp_path: Path) -> None:
    workspace = workspace_of(tmp_path)
    lines = LineIndex(workspace.file_text("a.py"))
    by_key = {asset.key: asset for asset in workspace.assets_in_file("a.py")}
    assert hint_place(by_key[("up",)], lines) is None
    assert hint_place(by_key[("p", "mid")], lines) == by_key[("p", "mid")].name_range
