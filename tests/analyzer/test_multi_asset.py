"""`@multi_asset`: outs (AssetOut key/key_prefix/group/code_version), specs, internal_asset_deps,
can_subset, and the node and output names Dagster gives them (checked against dagster 1.13)."""
from __future__ import annotations

import pytest

from .support import asset, dep_keys, keys, source


def test_outs_keys_groups_and_code_versions() -> None:
    facts = source(
        """
        from dagster import AssetOut, multi_asset

        @multi_asset(
            outs={
                "plain": AssetOut(),
                "positional_prefix": AssetOut("lake"),
                "listed_prefix": AssetOut(key_prefix=["lake", "raw"]),
                "explicit": AssetOut(key=["mart", "explicit_key"]),
                "string_key": AssetOut(key="flat_key"),
                "own_version": AssetOut(code_version="7"),
            },
            group_name="split",
            code_version="1",
        )
        def splitter(upstream):
            return 1, 2, 3, 4, 5, 6

        @multi_asset(outs={"own_group": AssetOut(group_name="special"), "no_group": AssetOut()})
        def grouped():
            return 1, 2
        """
    )
    assert keys(facts) == {
        ("plain",),
        ("lake", "positional_prefix"),
        ("lake", "raw", "listed_prefix"),
        ("mart", "explicit_key"),
        ("flat_key",),
        ("own_version",),
        ("own_group",),
        ("no_group",),
    }
    for fact in facts.assets:
        if fact.node == "grouped":
            continue
        assert fact.kind == "multi_asset"
        assert fact.node == "splitter"
        assert dep_keys(fact) == {("upstream",)}
    assert asset(facts, "mart", "explicit_key").output == "explicit"
    assert asset(facts, "plain").group == "split"
    assert asset(facts, "plain").code_version == "1"
    assert asset(facts, "own_version").code_version == "7"
    assert asset(facts, "own_group").group == "special"
    assert asset(facts, "no_group").group == "default"
    # every output of one node shares the node id; another node has another
    assert len({fact.node_id for fact in facts.assets}) == 2
    assert asset(facts, "own_group").node_id == asset(facts, "no_group").node_id


def test_group_name_on_both_the_multi_asset_and_an_out_is_a_problem() -> None:
    facts = source(
        """
        from dagster import AssetOut, multi_asset

        @multi_asset(outs={"a": AssetOut(group_name="special"), "b": AssetOut()}, group_name="split")
        def both():
            return 1, 2
        """
    )
    assert any(problem.code == "AL005" for fact in facts.assets for problem in fact.problems)


def test_name_sets_the_node_and_outs_can_be_generated() -> None:
    facts = source(
        """
        from dagster import AssetOut, multi_asset

        TABLES = ["orders", "items"]

        @multi_asset(name="load_tables", outs={table: AssetOut(key_prefix="raw") for table in TABLES})
        def loader():
            return 1, 2
        """
    )
    assert keys(facts) == {("raw", "orders"), ("raw", "items")}
    assert {fact.node for fact in facts.assets} == {"load_tables"}
    assert {fact.output for fact in facts.assets} == {"orders", "items"}


def test_specs_with_deps_groups_and_output_names() -> None:
    facts = source(
        """
        from dagster import AssetSpec, multi_asset

        @multi_asset(
            specs=[
                AssetSpec(["mart", "orders"], deps=["raw_orders"], code_version="2"),
                AssetSpec("items", deps=[AssetSpec(["lake", "items"])]),
            ],
            group_name="marts",
        )
        def build_marts():
            pass
        """
    )
    orders = asset(facts, "mart", "orders")
    assert orders.output == "mart__orders"
    assert orders.node == "build_marts"
    assert orders.group == "marts"
    assert orders.code_version == "2"
    assert dep_keys(orders) == {("raw_orders",)}
    assert {ref.via for ref in orders.deps} == {"spec_deps"}
    assert dep_keys(asset(facts, "items")) == {("lake", "items")}
    # the AssetSpecs a multi_asset consumes are not external assets of their own
    assert {fact.kind for fact in facts.assets} == {"multi_asset"}


def test_internal_asset_deps_narrow_each_outputs_dependencies() -> None:
    facts = source(
        """
        from dagster import AssetKey, AssetOut, multi_asset

        @multi_asset(
            outs={"a": AssetOut(), "b": AssetOut(), "c": AssetOut()},
            internal_asset_deps={
                "a": {AssetKey("up1")},
                "b": {AssetKey("up2"), AssetKey("a")},
            },
            can_subset=True,
        )
        def three(up1, up2):
            pass
        """
    )
    assert dep_keys(asset(facts, "a")) == {("up1",)}
    assert dep_keys(asset(facts, "b")) == {("up2",), ("a",)}
    assert dep_keys(asset(facts, "c")) == set()
    assert all(fact.can_subset for fact in facts.assets)


def test_a_one_output_multi_asset_still_is_a_multi_asset_fact() -> None:
    facts = source(
        """
        from dagster import AssetOut, multi_asset

        @multi_asset(outs={"only": AssetOut()})
        def single(upstream):
            return 1
        """
    )
    fact = asset(facts, "only")
    assert (fact.kind, fact.node, fact.output) == ("multi_asset", "single", "only")
    assert dep_keys(fact) == {("upstream",)}


def test_outs_that_cannot_be_known_leave_an_unresolved_asset() -> None:
    facts = source(
        """
        import os
        from dagster import multi_asset

        @multi_asset(outs=os.environ["OUTS"])
        def dynamic():
            pass
        """
    )
    assert len(facts.assets) == 1
    fact = facts.assets[0]
    assert fact.key is None
    assert not fact.resolved
    assert fact.unresolved_reason and "outs" in fact.unresolved_reason
