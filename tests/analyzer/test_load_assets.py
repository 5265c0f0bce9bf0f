"""`load_assets_from_modules` / `load_assets_from_package_module`: key prefixes, groups and source key
prefixes applied to the assets of the modules they load, exactly as Dagster's
`DagsterObjectsList.with_attributes` does (checked against dagster 1.13)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .support import analyze, asset, dep_keys

RAW = """
from dagster import AssetSpec, SourceAsset, asset

legacy = SourceAsset("legacy_feed")
vendor = AssetSpec("vendor_feed")

@asset
def raw_orders(legacy_feed):
    return legacy_feed

@asset(deps=[vendor, "not_loaded_here"])
def clean_orders(raw_orders):
    return raw_orders
"""
SALES = """
from dagster import AssetIn, asset

@asset(ins={"orders": AssetIn(key=["raw", "clean_orders"])})
def revenue(orders):
    return orders
"""
FINANCE = """
from dagster import asset

@asset
def margin(revenue):
    return revenue
"""


def project(definitions: str) -> dict[str, str]:
    return {
        "proj/__init__.py": "",
        "proj/raw.py": RAW,
        "proj/marts/__init__.py": "",
        "proj/marts/sales.py": SALES,
        "proj/marts/finance.py": FINANCE,
        "proj/definitions.py": definitions,
    }


def test_prefix_group_and_source_prefix_of_a_module_loader(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        project(
            """
            from dagster import Definitions, load_assets_from_modules, load_assets_from_package_module
            from proj import marts, raw

            raw_assets = load_assets_from_modules([raw], key_prefix="raw", group_name="ingest", source_key_prefix="src")
            mart_assets = load_assets_from_package_module(marts, group_name="marts")
            defs = Definitions(assets=[*raw_assets, *mart_assets])
            """
        ),
    )
    raw_orders = asset(workspace, "raw", "raw_orders")
    assert raw_orders.group == "ingest"
    # a dependency on a loaded source asset gets the source prefix
    assert dep_keys(raw_orders) == {("src", "legacy_feed")}
    legacy = asset(workspace, "src", "legacy_feed")
    assert (legacy.kind, legacy.group) == ("source", "ingest")
    clean = asset(workspace, "raw", "clean_orders")
    # deps on loaded assets are renamed; a dep on a key the loader does not load is left alone; without
    # include_specs the spec is not part of the loaded set
    assert dep_keys(clean) == {("raw", "raw_orders"), ("vendor_feed",), ("not_loaded_here",)}
    # a package loader covers every submodule
    assert asset(workspace, "revenue").group == "marts"
    assert asset(workspace, "margin").group == "marts"
    assert dep_keys(asset(workspace, "revenue")) == {("raw", "clean_orders")}
    # the facts of the loading module say what it loads
    calls = workspace.modules["proj/definitions.py"].load_calls
    assert [(call.modules, call.key_prefix, call.group_name, call.source_key_prefix, call.recursive) for call in calls] == [
        (("proj.raw",), ("raw",), "ingest", ("src",), False),
        (("proj.marts",), None, "marts", None, True),
    ]
    # a prefixed key is no longer spelled by the function name: a rename cannot rewrite it in place
    assert not raw_orders.key_renameable


def test_key_prefix_given_as_a_list_and_a_module_imported_with_import(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        project(
            """
            import proj.raw
            from dagster import load_assets_from_modules

            raw_assets = load_assets_from_modules(modules=[proj.raw], key_prefix=["lake", "raw"])
            """
        ),
    )
    assert dep_keys(asset(workspace, "lake", "raw", "clean_orders")) == {
        ("lake", "raw", "raw_orders"),
        ("vendor_feed",),
        ("not_loaded_here",),
    }
    # without source_key_prefix the source asset keeps its key
    assert asset(workspace, "legacy_feed").kind == "source"


def test_include_specs_renames_deps_on_specs_but_not_the_spec_itself(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        project(
            """
            from dagster import load_assets_from_modules
            from proj import raw

            raw_assets = load_assets_from_modules([raw], key_prefix="raw", include_specs=True)
            """
        ),
    )
    assert ("raw", "vendor_feed") in dep_keys(asset(workspace, "raw", "clean_orders"))
    assert asset(workspace, "vendor_feed").kind == "spec"


def test_include_specs_applies_group_and_source_prefix_to_specs(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        project(
            """
            from dagster import load_assets_from_modules
            from proj import raw

            raw_assets = load_assets_from_modules([raw], group_name="ingest", source_key_prefix="src", include_specs=True)
            """
        ),
    )
    spec = asset(workspace, "src", "vendor_feed")
    assert spec.group == "ingest"


def test_load_assets_from_current_module(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "single.py": """
            from dagster import asset, load_assets_from_current_module

            @asset
            def only():
                return 1

            everything = load_assets_from_current_module(group_name="here", key_prefix="p")
            """
        },
    )
    fact = asset(workspace, "p", "only")
    assert fact.group == "here"


def test_assets_made_inside_a_definitions_function(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "definitions.py": """
            import dagster as dg

            def make(name):
                @dg.asset(name=name, group_name="made")
                def _made():
                    return 1
                return _made

            @dg.definitions
            def defs():
                return dg.Definitions(assets=[make("inside_definitions")])
            """
        },
    )
    assert asset(workspace, "inside_definitions").group == "made"
