"""`@graph_asset`, `@graph_multi_asset`, `AssetsDefinition.from_graph` and `from_op`: the graph's
inputs are the upstream assets, the ops called inside decide code versions and which inputs reach
which output (checked against dagster 1.13)."""
from __future__ import annotations

import pytest

from .support import asset, dep_keys, keys, source


def test_graph_asset_inputs_are_upstream_assets_and_the_node_is_the_key() -> None:
    facts = source(
        """
        from dagster import AssetIn, graph_asset, op

        @op
        def clean(rows):
            return rows

        @op(code_version="5")
        def publish(rows, lookup):
            return rows

        @graph_asset(key_prefix="mart", ins={"lookup": AssetIn(key_prefix="ref")}, group_name="marts")
        def orders(raw_orders, lookup):
            return publish(clean(raw_orders), lookup)
        """
    )
    fact = asset(facts, "mart", "orders")
    assert fact.kind == "graph_asset"
    assert fact.node == "mart__orders"
    assert fact.group == "marts"
    assert dep_keys(fact) == {("raw_orders",), ("ref", "lookup")}
    # the code version of the op whose output the graph returns
    assert fact.code_version == "5"


def test_graph_asset_code_version_given_on_the_decorator_wins() -> None:
    facts = source(
        """
        from dagster import graph_asset, op

        @op(code_version="5")
        def step():
            return 1

        @graph_asset(code_version="9")
        def pinned():
            return step()

        @graph_asset
        def inherited():
            return step()
        """
    )
    assert asset(facts, "pinned").code_version == "9"
    assert asset(facts, "inherited").code_version == "5"


def test_graph_multi_asset_outputs_and_groups() -> None:
    facts = source(
        """
        from dagster import AssetOut, Out, graph_multi_asset, op

        @op(out={"left": Out(code_version="L"), "right": Out()})
        def split(rows):
            return rows, rows

        @graph_multi_asset(
            name="splitting",
            outs={"left": AssetOut(key_prefix="parts"), "right": AssetOut(group_name="ignored")},
            group_name="halves",
        )
        def halves(raw_rows):
            left, right = split(raw_rows)
            return {"left": left, "right": right}
        """
    )
    assert keys(facts) == {("parts", "left"), ("right",)}
    for fact in facts.assets:
        assert fact.kind == "graph_multi_asset"
        assert fact.node == "splitting"
        assert fact.group == "halves"  # AssetOut(group_name=) does not count on a graph_multi_asset
        assert dep_keys(fact) == {("raw_rows",)}
    assert asset(facts, "parts", "left").code_version == "L"
    assert asset(facts, "right").code_version is None


def test_nested_graphs_are_followed_to_their_ops() -> None:
    facts = source(
        """
        from dagster import graph, graph_asset, op

        @op(code_version="inner")
        def leaf(rows):
            return rows

        @graph
        def middle(rows):
            return leaf(rows)

        @graph_asset
        def outer(raw_rows):
            return middle(raw_rows)
        """
    )
    fact = asset(facts, "outer")
    assert fact.code_version == "inner"
    assert dep_keys(fact) == {("raw_rows",)}


def test_from_graph_with_keys_by_input_and_output_name() -> None:
    facts = source(
        """
        from dagster import AssetKey, AssetsDefinition, GraphOut, Out, graph, op

        @op(out={"a": Out(), "b": Out()})
        def fan_out(first, second):
            return first, second

        @graph(out={"a": GraphOut(), "b": GraphOut()})
        def fan(first, second):
            a, b = fan_out(first, second)
            return {"a": a, "b": b}

        fanned = AssetsDefinition.from_graph(
            fan,
            keys_by_input_name={"first": AssetKey(["raw", "first"]), "second": AssetKey("second_source")},
            keys_by_output_name={"a": AssetKey(["mart", "a"]), "b": AssetKey("b")},
            group_name="fanned",
        )
        """
    )
    assert keys(facts) == {("mart", "a"), ("b",)}
    for fact in facts.assets:
        assert fact.kind == "graph_multi_asset"
        assert fact.node == "fan"
        assert fact.group == "fanned"
        assert dep_keys(fact) == {("raw", "first"), ("second_source",)}
        assert {ref.via for ref in fact.deps} == {"keys_by_input_name"}


def test_from_graph_outputs_depend_on_every_graph_input_whatever_the_wiring() -> None:
    facts = source(
        """
        from dagster import AssetsDefinition, GraphOut, graph, op

        @op
        def passthrough(rows):
            return rows

        @graph(out={"a": GraphOut(), "b": GraphOut()})
        def wired(first, second):
            return {"a": passthrough(first), "b": passthrough(second)}

        wired_assets = AssetsDefinition.from_graph(wired)
        """
    )
    assert dep_keys(asset(facts, "a")) == {("first",), ("second",)}
    assert dep_keys(asset(facts, "b")) == {("first",), ("second",)}


def test_from_graph_of_a_single_output_graph_is_named_after_the_graph() -> None:
    facts = source(
        """
        from dagster import AssetsDefinition, graph, op

        @op
        def load(source_rows):
            return source_rows

        @graph
        def loaded(source_rows):
            return load(source_rows)

        loaded_asset = AssetsDefinition.from_graph(loaded, key_prefix="lake")
        """
    )
    fact = asset(facts, "lake", "loaded")
    assert (fact.kind, fact.node, fact.output) == ("graph_asset", "loaded", "result")
    assert dep_keys(fact) == {("source_rows",)}


def test_from_op_uses_the_op_name_and_its_code_version() -> None:
    facts = source(
        """
        from dagster import AssetKey, AssetsDefinition, op

        @op(name="compute_totals", code_version="3")
        def totals(context, orders):
            return orders

        totals_asset = AssetsDefinition.from_op(
            totals,
            keys_by_input_name={"orders": AssetKey(["mart", "orders"])},
            keys_by_output_name={"result": AssetKey(["mart", "totals"])},
        )
        """
    )
    fact = asset(facts, "mart", "totals")
    assert (fact.kind, fact.node, fact.output) == ("asset", "compute_totals", "result")
    assert fact.code_version == "3"
    assert dep_keys(fact) == {("mart", "orders")}


def test_an_op_alone_defines_no_asset() -> None:
    facts = source(
        """
        from dagster import graph, job, op

        @op
        def step():
            return 1

        @graph
        def pipeline():
            step()

        @job
        def run_it():
            step()
        """
    )
    assert facts.assets == ()
