"""Values that are not literals but known from the module alone: constants, f-strings,
concatenation, string methods, loops and comprehensions over literal lists, factories called with
literal arguments, `globals()[name] = ...`, and the last definition of a name winning."""
from __future__ import annotations

import pytest

from .support import asset, dep_keys, keys, source


def test_module_constants_f_strings_concatenation_and_string_methods() -> None:
    facts = source(
        """
        from dagster import AssetKey, asset

        PREFIX = "raw"
        DOMAIN: str = "sales"
        VERSION = 2
        SEP = "_"
        PARTS = ("lake", PREFIX)

        @asset(name=f"{DOMAIN}_orders_v{VERSION}", key_prefix=PREFIX, group_name=DOMAIN + SEP + "core")
        def orders():
            return 1

        @asset(key=AssetKey([*PARTS, "items".upper().lower()]), deps=[PREFIX + "_" + "x"])
        def items():
            return 1

        @asset(name="{}_{}".format(DOMAIN, "customers"), deps=[SEP.join(["a", "b"]), "%s_c" % DOMAIN])
        def customers():
            return 1
        """
    )
    orders = asset(facts, "raw", "sales_orders_v2")
    assert orders.group == "sales_core"
    assert orders.resolved
    assert dep_keys(asset(facts, "lake", "raw", "items")) == {("raw_x",)}
    assert dep_keys(asset(facts, "sales_customers")) == {("a_b",), ("sales_c",)}


def test_augmented_assignment_and_conditions_on_constants() -> None:
    facts = source(
        """
        from dagster import asset

        ENV = "prod"
        NAME = "orders"
        NAME += "_daily"
        if ENV == "prod":
            GROUP = "production"
        else:
            GROUP = "development"

        @asset(name=NAME, group_name=GROUP)
        def orders():
            return 1
        """
    )
    assert asset(facts, "orders_daily").group == "production"


def test_for_loops_over_literal_lists_define_one_asset_per_item() -> None:
    facts = source(
        """
        from dagster import asset

        TABLES = ["orders", "items"]
        defined = []
        for table in TABLES:
            @asset(name=f"raw_{table}", deps=[table])
            def load():
                return 1
            defined.append(load)

        for index, region in enumerate(("eu", "us")):
            @asset(name=region, code_version=str(index))
            def regional():
                return 1
            defined.append(regional)
        """
    )
    assert keys(facts) == {("raw_orders",), ("raw_items",), ("eu",), ("us",)}
    assert dep_keys(asset(facts, "raw_orders")) == {("orders",)}
    assert asset(facts, "us").code_version == "1"


def test_comprehensions_and_dict_comprehensions() -> None:
    facts = source(
        """
        from dagster import AssetSpec, asset

        SOURCES = {"erp": ["orders", "items"], "crm": ["contacts"]}
        specs = [AssetSpec([system, table]) for system, tables in SOURCES.items() for table in tables if table != "items"]
        by_name = [AssetSpec(["by_name", name]) for name in sorted({"b": 1, "a": 2})]

        @asset(deps=[spec.key for spec in specs])
        def everything():
            return 1
        """
    )
    assert keys(facts) == {("erp", "orders"), ("crm", "contacts"), ("by_name", "a"), ("by_name", "b"), ("everything",)}
    assert dep_keys(asset(facts, "everything")) == {("erp", "orders"), ("crm", "contacts")}


def test_factories_in_the_module_with_positional_keyword_and_default_arguments() -> None:
    facts = source(
        """
        from dagster import asset

        DEFAULT_GROUP = "made"

        def make(name, upstream=(), *, group=DEFAULT_GROUP, **options):
            @asset(name=name, deps=list(upstream), group_name=group, **options)
            def _made():
                return 1
            return _made

        first = make("first")
        second = make("second", ["first"], group="custom", code_version="4")
        """
    )
    first = asset(facts, "first")
    assert (first.group, first.node, first.resolved) == ("made", "first", True)
    second = asset(facts, "second")
    assert dep_keys(second) == {("first",)}
    assert (second.group, second.code_version) == ("custom", "4")


def test_factories_returning_lists_and_nested_factories() -> None:
    facts = source(
        """
        from dagster import asset

        def layer(prefix, names):
            result = []
            for name in names:
                result.append(single(prefix, name))
            return result

        def single(prefix, name):
            @asset(key=[prefix, name])
            def _single():
                return 1
            return _single

        bronze = layer("bronze", ["a", "b"])
        silver = [single("silver", name) for name in ["a"]]
        """
    )
    assert keys(facts) == {("bronze", "a"), ("bronze", "b"), ("silver", "a")}


def test_assets_bound_through_globals() -> None:
    facts = source(
        """
        from dagster import asset

        def make(name):
            @asset(name=name)
            def _inner():
                return 1
            return _inner

        for name in ["alpha", "beta"]:
            globals()[f"asset_{name}"] = make(name)
        """
    )
    assert keys(facts) == {("alpha",), ("beta",)}


def test_the_last_definition_of_a_name_wins() -> None:
    facts = source(
        """
        from dagster import asset

        @asset
        def orders():
            return "first"

        @asset(group_name="second")
        def orders():
            return "second"

        @asset
        def replaced_by_a_plain_function():
            return 1

        def replaced_by_a_plain_function():
            return 2

        @asset
        def deleted():
            return 1

        del deleted
        """
    )
    assert keys(facts) == {("orders",)}
    assert asset(facts, "orders").group == "second"


def test_an_asset_kept_in_a_list_survives_the_rebinding_of_its_name() -> None:
    facts = source(
        """
        from dagster import Definitions, asset

        @asset
        def orders():
            return 1

        kept = [orders]

        @asset(name="other")
        def orders():
            return 2

        defs = Definitions(assets=kept + [orders])
        """
    )
    assert keys(facts) == {("orders",), ("other",)}


@pytest.mark.xfail(
    strict=True,
    reason="bug: extract._facts_from_scope walks dicts, tuples, nested and mixed lists (walk_values); "
    "Dagster's module loaders (module_loaders/utils.py find_objects_in_module_of_types) only take a "
    "module attribute that is an asset or a list made only of assets, so these are never loaded",
)
def test_only_module_attributes_and_plain_lists_of_assets_are_what_dagster_loads() -> None:
    facts = source(
        """
        from dagster import asset

        def make(name):
            @asset(name=name)
            def _made():
                return 1
            return _made

        in_list = [make("in_list")]
        in_dict = {"x": make("in_dict")}
        in_tuple = (make("in_tuple"),)
        in_mixed_list = [make("in_mixed_list"), "text"]
        in_nested_list = [[make("in_nested_list")]]
        """
    )
    assert keys(facts) == {("in_list",)}
