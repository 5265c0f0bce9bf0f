"""Names that come from other modules of the project: constants, re-exports of Dagster's API and of
the project's own values, factories defined in one module and called in another, star imports."""
from __future__ import annotations

from pathlib import Path

import pytest

from .support import analyze, asset, dep_keys, keys


def test_constants_imported_in_every_form(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "proj/__init__.py": "from proj.settings import GROUP as GROUP\n",
            "proj/settings.py": 'GROUP = "core"\nPREFIX = "raw"\nTABLES = ["orders", "items"]\n',
            "proj/shared/__init__.py": "",
            "proj/shared/names.py": 'SUFFIX = "_v2"\n',
            "proj/assets/__init__.py": "",
            "proj/assets/orders.py": """
            import proj.settings
            from dagster import asset
            from proj import GROUP
            from proj import settings as conf
            from .. import settings
            from ..shared.names import SUFFIX
            from proj.settings import TABLES as ALL_TABLES

            @asset(name="orders" + SUFFIX, key_prefix=conf.PREFIX, group_name=GROUP)
            def orders():
                return 1

            @asset(key_prefix=settings.PREFIX, deps=[proj.settings.PREFIX + "_" + t for t in ALL_TABLES])
            def combined():
                return 1
            """,
        },
    )
    orders = asset(workspace, "raw", "orders_v2")
    assert orders.group == "core"
    assert orders.resolved
    assert dep_keys(asset(workspace, "raw", "combined")) == {("raw_orders",), ("raw_items",)}
    depends_on = dict(workspace.modules["proj/assets/orders.py"].depends_on)
    assert {"proj/settings.py", "proj/__init__.py", "proj/shared/names.py"} <= set(depends_on)
    assert depends_on["proj/settings.py"] == workspace.modules["proj/settings.py"].content_hash


def test_dagster_names_re_exported_by_a_project_module(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "proj/__init__.py": "",
            "proj/dagster_facade.py": """
            import dagster as dg
            from dagster import AssetIn
            from dagster import asset as asset
            multi = dg.multi_asset
            Out = dg.AssetOut
            """,
            "proj/assets.py": """
            from proj.dagster_facade import AssetIn, Out, asset, multi
            from proj import dagster_facade as facade

            @asset(ins={"up": AssetIn(key_prefix="raw")})
            def down(up):
                return up

            @multi(outs={"a": Out(), "b": Out(key_prefix="x")})
            def pair():
                return 1, 2

            @facade.asset
            def through_module_attribute():
                return 1
            """,
        },
    )
    assert keys(workspace) == {("down",), ("a",), ("x", "b"), ("through_module_attribute",)}
    assert dep_keys(asset(workspace, "down")) == {("raw", "up")}
    assert asset(workspace, "a").kind == "multi_asset"


def test_a_factory_defined_in_another_module(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "factories.py": """
            import dagster as dg

            LAYER_GROUP = "layers"

            def make_layer(layer, tables, upstream_layer=None):
                made = []
                for table in tables:
                    @dg.asset(
                        key=[layer, table],
                        deps=[dg.AssetKey([upstream_layer, table])] if upstream_layer else [],
                        group_name=LAYER_GROUP,
                    )
                    def _table():
                        return 1
                    made.append(_table)
                return made
            """,
            "layers.py": """
            from factories import make_layer

            TABLES = ["orders", "items"]
            bronze = make_layer("bronze", TABLES)
            silver = make_layer("silver", TABLES, upstream_layer="bronze")
            """,
        },
    )
    assert keys(workspace) == {("bronze", "orders"), ("bronze", "items"), ("silver", "orders"), ("silver", "items")}
    silver = asset(workspace, "silver", "items")
    assert dep_keys(silver) == {("bronze", "items")}
    assert silver.group == "layers"
    # the assets belong to the module that calls the factory; the factory module defines none
    assert {fact.file for fact in workspace.assets} == {"layers.py"}
    assert "factories.py" in dict(workspace.modules["layers.py"].depends_on)


def test_star_import_from_a_project_module_honours_all(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "names.py": '__all__ = ["PUBLIC"]\nPUBLIC = "public_name"\nHIDDEN = "hidden_name"\n',
            "assets.py": """
            from dagster import asset
            from names import *

            HIDDEN = "local_name"

            @asset(name=PUBLIC)
            def first():
                return 1

            @asset(name=HIDDEN)
            def second():
                return 1
            """,
        },
    )
    assert keys(workspace) == {("public_name",), ("local_name",)}


def test_assets_imported_into_a_definitions_module_are_defined_once(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "proj/__init__.py": "from proj.assets import orders\n",
            "proj/assets.py": """
            from dagster import asset

            @asset
            def orders():
                return 1

            @asset
            def customers(orders):
                return orders
            """,
            "proj/definitions.py": """
            from dagster import Definitions
            from .assets import customers, orders

            defs = Definitions(assets=[orders, customers])
            """,
        },
    )
    assert sorted((fact.key, fact.file) for fact in workspace.assets) == [
        (("customers",), "proj/assets.py"),
        (("orders",), "proj/assets.py"),
    ]


def test_namespace_package_modules_can_be_imported_and_loaded(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "pkg/orders.py": """
            from dagster import asset

            @asset
            def orders():
                return 1
            """,
            "pkg/names.py": 'GROUP = "namespaced"\n',
            "definitions.py": """
            from dagster import load_assets_from_modules
            from pkg import orders
            from pkg.names import GROUP

            loaded = load_assets_from_modules([orders], key_prefix="ns", group_name=GROUP)
            """,
        },
    )
    assert asset(workspace, "ns", "orders").group == "namespaced"


def test_two_flat_code_locations_each_import_their_own_sibling_module(tmp_path: Path) -> None:
    location = """
    from dagster import asset
    from constants import PREFIX

    @asset(key_prefix=PREFIX)
    def {name}():
        return 1
    """
    workspace = analyze(
        tmp_path,
        {
            "proj_a/constants.py": 'PREFIX = "a"\n',
            "proj_a/assets.py": location.format(name="x"),
            "proj_b/constants.py": 'PREFIX = "b"\n',
            "proj_b/assets.py": location.format(name="y"),
        },
    )
    assert keys(workspace) == {("a", "x"), ("b", "y")}
