"""The ground truth checked by hand: the real-Dagster loader's JSON for a few fixtures equals JSON
written from reading Dagster's source, the loader fails cleanly on bad code locations, and the graph
comparison reports differences precisely."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from dagster_runs import FIXTURES, Case, run_dagster_graph
from graph_diff import diff_graphs, normalise_kind, show_key

EXPECTED = Path(__file__).with_name("expected")


@pytest.mark.parametrize("expected_file", sorted(EXPECTED.glob("*.json")), ids=lambda p: p.stem)
def test_loader_output_equals_hand_written_expectation(expected_file: Path) -> None:
    run = run_dagster_graph(Case(expected_file.stem, FIXTURES / expected_file.stem))
    assert run.ok, run.failure()
    assert run.data == json.loads(expected_file.read_text())


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def test_loader_reports_a_definition_dagster_rejects_without_a_traceback(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "broken",
        {
            "definitions.py": """
                import dagster as dg

                @dg.asset
                def orders_summary(ordrs):
                    return ordrs

                defs = dg.Definitions(assets=[orders_summary])
            """
        },
    )
    run = run_dagster_graph(Case("broken", folder))
    assert run.returncode == 1
    assert run.data is None
    assert "is not produced by any of the provided asset ops" in run.stderr
    assert "Traceback" not in run.stderr


def test_loader_reports_an_import_error_with_its_location(tmp_path: Path) -> None:
    folder = _write(tmp_path / "broken", {"assets.py": "import dagster as dg\n\nraise RuntimeError('boom')\n"})
    run = run_dagster_graph(Case("broken", folder))
    assert run.returncode == 1
    assert "importing assets: RuntimeError: boom (at assets.py:3)" in run.stderr


def test_loader_rejects_a_missing_folder(tmp_path: Path) -> None:
    run = run_dagster_graph(Case("missing", tmp_path / "nope"))
    assert run.returncode == 1
    assert "is not a folder" in run.stderr


def test_loader_imports_a_folder_that_is_a_package_as_that_package(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "petshop",
        {
            "__init__.py": "",
            "assets.py": """
                import dagster as dg

                from .names import PETS

                @dg.asset(name=PETS)
                def pets():
                    return []
            """,
            "names.py": "PETS = 'pets_table'\n",
            "definitions.py": """
                import dagster as dg

                from . import assets

                defs = dg.Definitions(assets=dg.load_assets_from_modules([assets]))
            """,
        },
    )
    run = run_dagster_graph(Case("petshop", folder))
    assert run.ok, run.failure()
    assert run.data is not None and run.data["entry"] == "petshop.definitions.defs"
    assert [a["key"] for a in run.assets] == [["pets_table"]]


def test_loader_refuses_to_guess_between_several_definitions(tmp_path: Path) -> None:
    one = "import dagster as dg\n\n@dg.asset\ndef {0}():\n    return 1\n\ndefs = dg.Definitions(assets=[{0}])\n"
    folder = _write(tmp_path / "two", {"a.py": one.format("a"), "b.py": one.format("b")})
    run = run_dagster_graph(Case("two", folder))
    assert run.returncode == 1
    assert "several Definitions objects (a.defs, b.defs)" in run.stderr


def _asset(key: list[str], **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "key": key,
        "deps": [],
        "kind": "asset",
        "node": "_".join(key),
        "output": "result",
        "code_version": None,
        "group": "default",
        "node_asset_count": 1,
    }
    return {**base, **fields}


def test_diff_is_empty_for_equal_graphs_whatever_the_order() -> None:
    graph = [_asset(["a"]), _asset(["b"], deps=[["a"], ["c"]])]
    reordered = [_asset(["b"], deps=[["c"], ["a"]]), _asset(["a"])]
    assert diff_graphs(graph, reordered) == []


def test_diff_names_every_kind_of_difference() -> None:
    dagster = [
        _asset(["raw", "orders"]),
        _asset(["summary"], deps=[["raw", "orders"]], group="marts", code_version="2"),
        _asset(["only_dagster"]),
    ]
    assetlens = [
        _asset(["raw", "orders"], node="orders"),
        _asset(["summary"], deps=[["orders"]], group="default", code_version=None),
        _asset(["only_assetlens"], kind="multi_asset"),
        {"key": None, "kind": "asset", "node": "mystery", "file": "x.py", "line": 3},
    ]
    assert diff_graphs(dagster, assetlens) == [
        "assetlens has an asset whose key it could not resolve (node 'mystery' at x.py:3)",
        "only in dagster:   only_dagster (asset)",
        "only in assetlens: only_assetlens (multi_asset)",
        'raw/orders: node is "orders" in assetlens, "raw_orders" in dagster',
        "summary: deps is [orders] in assetlens, [raw/orders] in dagster",
        'summary: group is "default" in assetlens, "marts" in dagster',
        'summary: code_version is null in assetlens, "2" in dagster',
    ]


def test_single_output_multi_assets_compare_as_their_single_kind() -> None:
    assert normalise_kind("multi_asset", 1) == "asset"
    assert normalise_kind("graph_multi_asset", 1) == "graph_asset"
    assert normalise_kind("multi_asset", 2) == "multi_asset"
    dagster = [_asset(["forecast"], kind="asset", node_asset_count=1)]
    assert diff_graphs(dagster, [_asset(["forecast"], kind="multi_asset")]) == []
    assert diff_graphs(dagster, [_asset(["forecast"], kind="graph_multi_asset")]) == [
        'forecast: kind is "graph_asset" in assetlens, "asset" in dagster'
    ]


def test_specs_and_sources_are_not_compared_on_node_or_output() -> None:
    dagster = [_asset(["ext"], kind="spec", node=None, output=None)]
    assert diff_graphs(dagster, [_asset(["ext"], kind="spec", node="ext", output="result")]) == []


def test_keys_with_a_slash_inside_a_part_are_shown_unambiguously() -> None:
    assert show_key(["s3/landing", "clicks"]) == '["s3/landing", "clicks"]'
    assert show_key(["s3", "landing", "clicks"]) == "s3/landing/clicks"


def test_a_key_listed_twice_names_both_places() -> None:
    dagster = [_asset(["page_views"])]
    assetlens = [
        _asset(["page_views"], file="assets.py", line=6),
        _asset(["page_views"], file="definitions.py", line=3),
    ]
    assert diff_graphs(dagster, assetlens) == ["assetlens lists page_views 2 times (assets.py:6, definitions.py:3)"]
