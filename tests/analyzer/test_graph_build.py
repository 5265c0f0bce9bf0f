"""The fast paths of a graph build give what the plain ones give: `replaced`/`relocated` copy an asset
as `dataclasses.replace` does, and `AssetGraph.add_files` builds the networkx graph `add_nodes_from`/`add_edges_from`
would build (same nodes, edges, attributes, and order), in one go or file by file."""
from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import networkx as nx
import pytest

from assetlens.analyzer.facts import AssetFact, _asset_from_values, evolve, relocated, replaced
from assetlens.analyzer.graph import AssetGraph

from .support import analyze

PROJECT = {
    "shop/a.py": """
        from dagster import AssetKey, asset, multi_asset, AssetOut

        @asset(deps=["later", "never_defined", AssetKey(["x", "y"])])
        def first(): ...

        @asset
        def twice(first): ...

        @asset(deps=["first", "first"])
        def fan(first, twice): ...

        @multi_asset(outs={"m1": AssetOut(), "m2": AssetOut()}, deps=["first"])
        def both(): ...
        """,
    "shop/b.py": """
        from dagster import asset

        @asset
        def later(never_defined): ...

        @asset(name="twice")
        def twice_again(later): ...

        @asset(deps=["m1", "later", "also_missing"])
        def last(fan): ...
        """,
    "shop/c.py": """
        from dagster import asset

        @asset(key_prefix="deep", deps=["last", "also_missing"])
        def tail(): ...
        """,
}


def _graph_the_plain_way(files: dict[str, list[AssetFact]]) -> nx.DiGraph:
    """The graph as the networkx API builds it (what `AssetGraph` did before its fast paths)."""
    graph = nx.DiGraph()
    nodes: dict = {}
    edges: dict = {}
    for facts in files.values():
        for asset in facts:
            if asset.key is None:
                continue
            nodes.setdefault(asset.key, []).append(asset)
            for ref in asset.deps:
                if ref.key is not None:
                    edges.setdefault((ref.key, asset.key), []).append((asset, ref))
    for upstream, _ in edges:
        nodes.setdefault(upstream, [])
    graph.add_nodes_from((key, {"assets": assets}) for key, assets in nodes.items())
    graph.add_edges_from((upstream, key, {"refs": refs}) for (upstream, key), refs in edges.items())
    return graph


def _shape(graph: nx.DiGraph) -> tuple:
    """Everything a reader of the graph may see, in order."""
    return (
        list(graph.nodes(data=True)),
        list(graph.edges(data=True)),
        [(node, list(graph.pred[node].items())) for node in graph],
        [(node, list(graph.succ[node].items())) for node in graph],
    )


@pytest.fixture(scope="module")
def by_file(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[AssetFact]]:
    workspace = analyze(tmp_path_factory.mktemp("graph_build"), PROJECT)
    return {file: list(workspace._graph.by_file[file]) for file in sorted(workspace._graph.by_file)}


def test_a_build_in_one_go_is_the_networkx_graph(by_file: dict[str, list[AssetFact]]) -> None:
    built = AssetGraph()
    built.add_files(by_file)
    expected = _graph_the_plain_way(by_file)
    assert _shape(built.graph) == _shape(expected)
    assert ("never_defined",) in built.graph and built.graph.nodes["never_defined",]["assets"] == []
    assert len(built.graph.nodes["twice",]["assets"]) == 2


def test_file_by_file_and_after_a_removal_the_graph_is_the_same(by_file: dict[str, list[AssetFact]]) -> None:
    stepwise = AssetGraph()
    for file, facts in by_file.items():
        stepwise.add_files({file: list(facts)})
    whole = AssetGraph()
    whole.add_files(by_file)
    assert sorted(stepwise.graph.edges) == sorted(whole.graph.edges)
    assert {n: d["assets"] for n, d in stepwise.graph.nodes(data=True)} == {n: d["assets"] for n, d in whole.graph.nodes(data=True)}
    # the edit path: a file out and back in gives the same edges and definitions
    file = next(iter(by_file))
    stepwise.remove_file(file)
    stepwise.add_files({file: list(by_file[file])})
    assert sorted(stepwise.graph.edges) == sorted(whole.graph.edges)
    assert {n: sorted(map(repr, d["assets"])) for n, d in stepwise.graph.nodes(data=True)} == {
        n: sorted(map(repr, d["assets"])) for n, d in whole.graph.nodes(data=True)
    }


def test_copies_are_ordinary_frozen_asset_facts(by_file: dict[str, list[AssetFact]]) -> None:
    asset = next(a for facts in by_file.values() for a in facts if a.deps)
    moved = relocated(asset, "elsewhere")
    assert type(moved) is AssetFact
    assert moved == evolve(asset, location="elsewhere") == dataclasses.replace(asset, location="elsewhere")
    assert hash(moved) == hash(dataclasses.replace(asset, location="elsewhere"))
    assert pickle.loads(pickle.dumps(moved)) == moved
    changes = {"location": "x", "key": ("p", *asset.key), "group": "g", "key_renameable": False, "deps": asset.deps[:1]}
    assert replaced(asset, changes) == dataclasses.replace(asset, **changes)
    assert replaced(asset, {"group": "g"}) == dataclasses.replace(asset, group="g")
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.group = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        replaced(asset, {"no_such_field": 1})
    # the original is untouched; unpickling makes the same fact
    assert asset.location != "elsewhere" and asset == pickle.loads(pickle.dumps(asset))
    values = tuple(getattr(asset, field.name) for field in dataclasses.fields(AssetFact))
    assert _asset_from_values(values) == AssetFact(*values) and type(_asset_from_values(values)) is AssetFact


def test_the_workspace_graph_is_the_plain_one(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, PROJECT)
    expected = _graph_the_plain_way({file: workspace._graph.by_file[file] for file in workspace._graph.by_file})
    assert _shape(workspace.graph) == _shape(expected)


def test_name_resolver_counts_a_definition_given_twice_once(by_file: dict[str, list[AssetFact]]) -> None:
    from assetlens.analyzer.graph import NameResolver

    asset = next(a for facts in by_file.values() for a in facts if a.key == ("later",))
    resolver = NameResolver([asset, asset])
    assert ("later",) in resolver.defined
    resolver.update([asset], [])  # the one definition is gone
    assert ("later",) not in resolver.defined
    resolver.update([], [asset, asset])
    assert ("later",) in resolver.defined


def test_without_same_slot_drafts_copies_are_dataclasses_replace(
    by_file: dict[str, list[AssetFact]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assetlens.analyzer import facts

    monkeypatch.setattr(facts, "_DRAFTS_WORK", False)
    monkeypatch.setattr(facts, "_COPIERS", {})
    asset = next(a for facts in by_file.values() for a in facts)
    assert replaced(asset, {"group": "g", "location": "x"}) == dataclasses.replace(asset, group="g", location="x")


def _remove_the_plain_way(graph: nx.DiGraph, facts: list[AssetFact]) -> None:
    """`AssetGraph.remove_file` through the networkx API (what it did before writing the dicts itself)."""
    touched = set()
    for asset in facts:
        if asset.key is None or asset.key not in graph:
            continue
        graph.nodes[asset.key]["assets"] = [a for a in graph.nodes[asset.key]["assets"] if a is not asset]
        touched.add(asset.key)
        for ref in asset.deps:
            if ref.key is None or not graph.has_edge(ref.key, asset.key):
                continue
            refs = [(a, r) for a, r in graph.edges[ref.key, asset.key]["refs"] if a is not asset]
            if refs:
                graph.edges[ref.key, asset.key]["refs"] = refs
            else:
                graph.remove_edge(ref.key, asset.key)
            touched.add(ref.key)
    for key in touched:
        if key in graph and not graph.nodes[key]["assets"] and graph.degree(key) == 0:
            graph.remove_node(key)


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_removing_files_one_by_one_is_the_networkx_removal(by_file: dict[str, list[AssetFact]], order: str) -> None:
    graph = AssetGraph()
    graph.add_files(by_file)
    expected = _graph_the_plain_way(by_file)
    files = list(by_file) if order == "forward" else list(reversed(by_file))
    for file in files:
        graph.remove_file(file)
        _remove_the_plain_way(expected, by_file[file])
        assert _shape(graph.graph) == _shape(expected)
    assert graph.graph.number_of_nodes() == 0


def test_random_edits_under_prefixing_loaders_match_a_fresh_analysis(tmp_path: Path) -> None:
    """Seeded: modules of loaders with a key prefix (and a source key prefix) gain and lose assets that
    depend on each other's keys, so the set of keys a loader renames changes with most edits; after every
    edit the workspace is what a fresh analysis of the final state gives (only the assets whose key or
    dependency is renamed differently are redone)."""
    import random
    import textwrap

    from .support import graph_summary, write_files

    rng = random.Random(5)
    names = ["orders", "customers", "payments", "report", "summary", "refunds"]

    def module_text() -> str:
        lines = ["import dagster as dg", ""]
        for name in rng.sample(names, rng.randint(0, 4)):
            # one-part names (resolved by name when undefined) and two-part keys (never)
            deps = [n if rng.random() < 0.5 else ["a", n] for n in rng.sample([n for n in names if n != name], rng.randint(0, 3))]
            options = [f"deps={deps!r}"] if deps else []
            if rng.random() < 0.5:
                options.append("key_prefix='a'")
            if rng.random() < 0.3:
                options.append(f"group_name={rng.choice(['core', 'marts'])!r}")
            lines += [f"@dg.asset({', '.join(options)})", f"def {name}():", "    return 1", ""]
        if rng.random() < 0.4:
            lines += [f"src_{rng.choice(names)} = dg.SourceAsset(key={rng.choice(names)!r})", ""]
        return "\n".join(lines) + "\n"

    files = {f"m{index}.py": module_text() for index in range(4)}
    files["definitions.py"] = (
        "import dagster as dg\nimport m0, m1, m2, m3\n\n"
        "defs = dg.Definitions(assets=[*dg.load_assets_from_modules([m0, m1], key_prefix='lake'),"
        " *dg.load_assets_from_modules([m2], key_prefix=['wh', 'eu'], source_key_prefix='src', group_name='loaded'),"
        " *dg.load_assets_from_modules([m3])])\n"
    )
    workspace = analyze(tmp_path, files)
    for _ in range(30):
        file = rng.choice(["m0.py", "m1.py", "m2.py", "m3.py"])
        text = module_text()
        write_files(tmp_path, {file: textwrap.dedent(text)})
        workspace.update_file(file, text)
        assert graph_summary(workspace) == graph_summary(analyze(tmp_path))


def test_a_key_a_prefixing_loader_starts_or_stops_renaming_redoes_the_assets_depending_on_it(tmp_path: Path) -> None:
    """m1's asset depends on the two-part key a/orders (never resolved by name). When m0, loaded by the
    same prefixing loader, starts defining a/orders, the loader renames it and m1's dependency with it;
    when m0 stops, the dependency is a/orders again. m1 itself is not edited."""
    import textwrap

    from .support import graph_summary, write_files

    files = {
        "m0.py": "import dagster as dg\n\n@dg.asset\ndef other():\n    return 1\n",
        "m1.py": "import dagster as dg\n\n@dg.asset(deps=[['a', 'orders']])\ndef report():\n    return 1\n",
        "definitions.py": (
            "import dagster as dg\nimport m0, m1\n\n"
            "defs = dg.Definitions(assets=dg.load_assets_from_modules([m0, m1], key_prefix='lake'))\n"
        ),
    }
    workspace = analyze(tmp_path, files)
    assert (("a", "orders"), ("lake", "report")) in workspace.graph.edges
    with_orders = files["m0.py"] + "\n@dg.asset(key_prefix='a')\ndef orders():\n    return 1\n"
    for text in (with_orders, files["m0.py"], with_orders):
        write_files(tmp_path, {"m0.py": textwrap.dedent(text)})
        workspace.update_file("m0.py", text)
        assert graph_summary(workspace) == graph_summary(analyze(tmp_path))
    assert (("lake", "a", "orders"), ("lake", "report")) in workspace.graph.edges
