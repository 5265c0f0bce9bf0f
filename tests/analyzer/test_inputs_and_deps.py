"""Upstream dependencies of an `@asset`: parameters, `ins={...: AssetIn(...)}`, `deps=[...]` in every
form, and the legacy `non_argument_deps` (checked against dagster 1.13)."""
from __future__ import annotations

import pytest

from .support import asset, dep_keys, source


def test_parameters_are_inputs_except_context_config_and_resources() -> None:
    facts = source(
        """
        from dagster import AssetExecutionContext, ConfigurableResource, ResourceParam, asset

        class Warehouse(ConfigurableResource):
            url: str

        class NestedWarehouse(Warehouse):
            pass

        @asset
        def orders(context: AssetExecutionContext, config, raw_orders, raw_items, warehouse: Warehouse,
                   nested: NestedWarehouse, token: ResourceParam[str]):
            return raw_orders
        """
    )
    fact = asset(facts, "orders")
    assert dep_keys(fact) == {("raw_orders",), ("raw_items",)}
    assert {(ref.via, ref.input_name) for ref in fact.deps} == {("param", "raw_orders"), ("param", "raw_items")}


@pytest.mark.parametrize("context_name", ["context", "_", "_context", "context_"])
def test_only_the_first_parameter_can_be_the_context(context_name: str) -> None:
    facts = source(
        f"""
        from dagster import asset

        @asset
        def orders({context_name}, upstream):
            return upstream
        """
    )
    assert dep_keys(asset(facts, "orders")) == {("upstream",)}


@pytest.mark.parametrize(
    "asset_in, expected",
    [
        ('AssetIn("raw_orders")', ("raw_orders",)),
        ('AssetIn(key="raw_orders")', ("raw_orders",)),
        ('AssetIn(key=["raw", "orders"])', ("raw", "orders")),
        ('AssetIn(key=AssetKey(["raw", "orders"]))', ("raw", "orders")),
        ('AssetIn(key=AssetKey.from_user_string("raw/orders"))', ("raw", "orders")),
        ('AssetIn(key_prefix="raw")', ("raw", "upstream")),
        ('AssetIn(key_prefix=["lake", "raw"])', ("lake", "raw", "upstream")),
        # a string prefix is ONE key part, even with a slash in it
        ('AssetIn(key_prefix="lake/raw")', ("lake/raw", "upstream")),
        ("AssetIn()", ("upstream",)),
    ],
)
def test_ins_forms(asset_in: str, expected: tuple[str, ...]) -> None:
    facts = source(
        f"""
        from dagster import AssetIn, AssetKey, asset

        @asset(ins={{"upstream": {asset_in}}})
        def orders(upstream):
            return upstream
        """
    )
    fact = asset(facts, "orders")
    assert [(ref.key, ref.via, ref.input_name) for ref in fact.deps] == [(expected, "ins", "upstream")]


def test_ins_cover_some_parameters_and_the_rest_are_inferred() -> None:
    facts = source(
        """
        from dagster import AssetIn, asset

        @asset(ins={"second": AssetIn(key_prefix="raw")})
        def orders(first, second):
            return first
        """
    )
    assert dep_keys(asset(facts, "orders")) == {("first",), ("raw", "second")}


def test_an_ins_name_that_is_no_parameter_is_a_problem() -> None:
    facts = source(
        """
        from dagster import AssetIn, asset

        @asset(ins={"typo": AssetIn("raw_orders")})
        def orders(upstream):
            return upstream
        """
    )
    fact = asset(facts, "orders")
    assert any(problem.code == "AL005" and "typo" in problem.message for problem in fact.problems)


def test_a_nothing_typed_asset_in_needs_no_parameter() -> None:
    facts = source(
        """
        from dagster import AssetIn, Nothing, asset

        @asset(ins={"trigger": AssetIn("raw_orders", dagster_type=Nothing)})
        def orders():
            return 1
        """
    )
    fact = asset(facts, "orders")
    assert dep_keys(fact) == {("raw_orders",)}
    assert fact.problems == ()


@pytest.mark.parametrize(
    "dep, expected",
    [
        ("raw_orders", ("raw_orders",)),
        ('"raw_orders"', ("raw_orders",)),
        ('AssetKey("raw_orders")', ("raw_orders",)),
        ('AssetKey(["lake", "orders"])', ("lake", "orders")),
        ('AssetKey.from_user_string("lake/orders")', ("lake", "orders")),
        ('AssetSpec("external_orders")', ("external_orders",)),
        ('AssetSpec(["lake", "orders"])', ("lake", "orders")),
        ('AssetDep("raw_orders")', ("raw_orders",)),
        ("AssetDep(raw_orders)", ("raw_orders",)),
        ('AssetDep(AssetKey(["lake", "orders"]))', ("lake", "orders")),
        ('SourceAsset("legacy_orders")', ("legacy_orders",)),
        ("prefixed", ("mart", "prefixed")),
    ],
)
def test_deps_forms(dep: str, expected: tuple[str, ...]) -> None:
    facts = source(
        f"""
        from dagster import AssetDep, AssetKey, AssetSpec, SourceAsset, asset

        @asset
        def raw_orders():
            return 1

        @asset(key_prefix="mart")
        def prefixed():
            return 1

        @asset(deps=[{dep}])
        def report():
            return 1
        """
    )
    fact = asset(facts, "report")
    assert [(ref.key, ref.via) for ref in fact.deps] == [(expected, "deps")]
    assert fact.resolved


def test_deps_on_a_multi_asset_depend_on_every_key_it_produces() -> None:
    facts = source(
        """
        from dagster import AssetOut, asset, multi_asset

        @multi_asset(outs={"left": AssetOut(), "right": AssetOut(key_prefix="x")})
        def split():
            return 1, 2

        @asset(deps=[split])
        def joined():
            return 1
        """
    )
    assert dep_keys(asset(facts, "joined")) == {("left",), ("x", "right")}


def test_deps_given_as_a_tuple_a_set_or_a_generator() -> None:
    facts = source(
        """
        from dagster import asset

        @asset(deps=("a", "b"))
        def from_tuple():
            return 1

        @asset(deps={"c"})
        def from_set():
            return 1

        @asset(deps=(name for name in ["d", "e"]))
        def from_generator():
            return 1
        """
    )
    assert dep_keys(asset(facts, "from_tuple")) == {("a",), ("b",)}
    assert dep_keys(asset(facts, "from_set")) == {("c",)}
    assert dep_keys(asset(facts, "from_generator")) == {("d",), ("e",)}


def test_a_key_both_in_deps_and_a_parameter_is_one_dependency() -> None:
    facts = source(
        """
        from dagster import asset

        @asset(deps=["raw_orders", "raw_items"])
        def orders(raw_orders):
            return raw_orders
        """
    )
    fact = asset(facts, "orders")
    assert sorted(ref.key for ref in fact.deps) == [("raw_items",), ("raw_orders",)]
    assert [ref.via for ref in fact.deps if ref.key == ("raw_orders",)] == ["param"]


@pytest.mark.parametrize("legacy", ['{"raw_orders", "raw_items"}', '["raw_orders", AssetKey("raw_items")]'])
def test_legacy_non_argument_deps(legacy: str) -> None:
    facts = source(
        f"""
        from dagster import AssetKey, asset

        @asset(non_argument_deps={legacy})
        def orders():
            return 1
        """
    )
    fact = asset(facts, "orders")
    assert dep_keys(fact) == {("raw_orders",), ("raw_items",)}
    assert {ref.via for ref in fact.deps} == {"non_argument_deps"}


def test_dependencies_on_keys_defined_nowhere_are_kept_as_edges() -> None:
    facts = source(
        """
        from dagster import asset

        @asset(deps=["somewhere_else"])
        def orders(also_missing):
            return also_missing
        """
    )
    assert dep_keys(asset(facts, "orders")) == {("somewhere_else",), ("also_missing",)}
