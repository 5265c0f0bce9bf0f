"""Asset keys in every form Dagster accepts, through every way of importing its decorators.

Expected values were checked against dagster 1.13 (`AssetKey("a/b")` is one part, only
`AssetKey.from_user_string` splits on `/`, a prefix on an asset does not prefix its inputs).
"""
from __future__ import annotations

import pytest

from .support import asset, dep_keys, keys, source


@pytest.mark.parametrize(
    "header, decorator",
    [
        ("from dagster import asset", "@asset"),
        ("from dagster import asset", "@asset()"),
        ("import dagster as dg", "@dg.asset"),
        ("import dagster as dg", "@dg.asset()"),
        ("import dagster", "@dagster.asset"),
        ("from dagster import asset as a", "@a"),
        ("from dagster import *", "@asset"),
    ],
)
def test_every_import_form_of_the_decorator_defines_the_asset(header: str, decorator: str) -> None:
    facts = source(f"{header}\n\n{decorator}\ndef orders():\n    return 1\n")

    fact = asset(facts, "orders")
    assert fact.kind == "asset"
    assert fact.node == "orders"
    assert fact.output == "result"
    assert fact.group == "default"
    assert fact.resolved


def test_a_function_that_is_not_decorated_by_dagster_is_no_asset() -> None:
    facts = source(
        """
        import functools
        from dagster import op

        @functools.lru_cache
        def helper():
            return 1

        @op
        def step():
            return 1
        """
    )
    assert facts.assets == ()


@pytest.mark.parametrize(
    "arguments, expected",
    [
        ('name="renamed"', ("renamed",)),
        ('key="orders_v2"', ("orders_v2",)),
        ('key=["mart", "orders"]', ("mart", "orders")),
        ('key=("mart", "orders")', ("mart", "orders")),
        ('key=AssetKey("orders_v2")', ("orders_v2",)),
        ('key=AssetKey(["mart", "orders"])', ("mart", "orders")),
        ('key=AssetKey.from_user_string("mart/orders")', ("mart", "orders")),
        ('key=AssetKey(["orders"]).with_prefix("mart")', ("mart", "orders")),
        ('key=AssetKey("orders").with_prefix(["a", "b"])', ("a", "b", "orders")),
        ('key_prefix="mart"', ("mart", "orders")),
        ('key_prefix=["warehouse", "mart"]', ("warehouse", "mart", "orders")),
        ('key_prefix=["warehouse", "mart"], name="renamed"', ("warehouse", "mart", "renamed")),
        ('key_prefix=[]', ("orders",)),
    ],
)
def test_key_forms(arguments: str, expected: tuple[str, ...]) -> None:
    facts = source(
        f"""
        from dagster import AssetKey, asset

        @asset({arguments})
        def orders():
            return 1
        """
    )
    assert keys(facts) == {expected}
    assert asset(facts, *expected).resolved


def test_a_slash_in_an_asset_key_constructor_is_one_part_but_from_user_string_splits() -> None:
    facts = source(
        """
        from dagster import AssetKey, AssetSpec

        one_part = AssetSpec(AssetKey("raw/orders"))
        two_parts = AssetSpec(AssetKey.from_user_string("raw/customers"))
        string_key = AssetSpec("raw/items")
        """
    )
    assert keys(facts) == {("raw/orders",), ("raw", "customers"), ("raw/items",)}


def test_the_node_of_a_prefixed_asset_is_its_key_as_an_identifier() -> None:
    facts = source(
        """
        import dagster as dg

        @dg.asset(key_prefix=["mart", "eu-west"])
        def orders():
            return 1

        @dg.asset(key=["mart", "customers"], op_name="load_customers")
        def customers():
            return 1
        """
    )
    assert asset(facts, "mart", "eu-west", "orders").node == "mart__eu_west__orders"
    assert asset(facts, "mart", "customers").node == "load_customers"


def test_a_key_prefix_on_the_asset_does_not_prefix_its_inputs() -> None:
    facts = source(
        """
        from dagster import asset

        @asset(key_prefix="mart")
        def orders(raw_orders, raw_customers):
            return raw_orders
        """
    )
    assert dep_keys(asset(facts, "mart", "orders")) == {("raw_orders",), ("raw_customers",)}


def test_key_together_with_name_is_reported_as_dagster_rejects_it() -> None:
    facts = source(
        """
        from dagster import asset

        @asset(key="orders", name="other")
        def orders():
            return 1
        """
    )
    fact = asset(facts, "orders")
    assert [problem.code for problem in fact.problems] == ["AL005"]
    assert "key" in fact.problems[0].message


@pytest.mark.parametrize("name", ["config", "with space"])
def test_a_name_dagster_refuses_is_a_problem_not_an_error(name: str) -> None:
    facts = source(
        f"""
        from dagster import asset

        @asset(name={name!r})
        def orders():
            return 1
        """
    )
    fact = asset(facts, name)
    assert any(problem.code == "AL005" and name in problem.message for problem in fact.problems)


@pytest.mark.parametrize("arguments", ['name="eu-orders"', 'name="orders.v2"', 'key_prefix="eu-west"'])
def test_names_dagster_accepts_are_no_problem(arguments: str) -> None:
    facts = source(
        f"""
        from dagster import asset

        @asset({arguments})
        def orders():
            return 1
        """
    )
    assert [fact.problems for fact in facts.assets] == [()]


def test_attributes_written_as_literals() -> None:
    facts = source(
        '''
        from dagster import asset

        @asset(
            group_name="sales",
            code_version="3",
            owners=["team:data", "ana@example.com"],
            tags={"tier": "gold"},
            kinds={"python", "snowflake"},
            metadata={"rows": 10, "source": "erp"},
        )
        def orders():
            """The docstring is not the description when one is given."""
            return 1

        @asset
        def customers():
            """All customers."""
            return 1
        '''
    )
    orders = asset(facts, "orders")
    assert orders.group == "sales"
    assert orders.code_version == "3"
    assert orders.owners == ("team:data", "ana@example.com")
    assert orders.tags == (("tier", "gold"),)
    assert set(orders.kinds) == {"python", "snowflake"}
    assert dict(orders.metadata) == {"rows": 10, "source": "erp"}
    assert orders.description == "The docstring is not the description when one is given."
    customers = asset(facts, "customers")
    assert customers.description == "All customers."
    assert customers.group == "default"
    assert customers.code_version is None


def test_async_assets_and_assets_defined_in_if_and_try_blocks() -> None:
    facts = source(
        """
        import dagster as dg

        @dg.asset
        async def fetched():
            return 1

        try:
            import pandas
        except ImportError:
            pandas = None

        if True:
            @dg.asset
            def in_if():
                return 1

        if __name__ == "__main__":
            @dg.asset
            def only_when_run_as_script():
                return 1
        """
    )
    assert keys(facts) == {("fetched",), ("in_if",)}


def test_a_decorator_applied_by_hand() -> None:
    facts = source(
        """
        import dagster as dg

        def compute():
            return 1

        by_hand = dg.asset(name="by_hand", group_name="manual")(compute)
        plain = dg.asset(compute)
        """
    )
    assert keys(facts) == {("by_hand",), ("compute",)}
    assert asset(facts, "by_hand").group == "manual"
