"""Decorators are followed as Python applies them: `functools.wraps`/`update_wrapper` keep the wrapped
function's name, signature and docstring (Dagster reads those); pass-through and factory decorators,
stacked and class-based ones are interpreted; what cannot be followed leaves the asset unresolved —
never a key named after an inner function. An asset taking `*args` is refused by Dagster (AL005)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .support import analyze, asset, dep_keys, keys, source

WRAPS_DECORATOR = """
import functools
import dagster as dg

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper
"""


def test_wraps_keeps_the_wrapped_name_signature_and_docstring() -> None:
    facts = source(
        WRAPS_DECORATOR
        + '''
@dg.asset
@logged
def orders(customers, payments):
    """Orders joined with payments."""
    return 1

@dg.asset
@logged
def customers():
    return 1
'''
    )
    assert keys(facts) == {("orders",), ("customers",)}
    orders = asset(facts, "orders")
    assert dep_keys(orders) == {("customers",), ("payments",)}
    assert orders.description == "Orders joined with payments."
    assert orders.node == "orders"
    assert orders.resolved and not orders.problems


def test_a_hundred_wrapped_assets_are_a_hundred_keys_not_one_wrapper() -> None:
    body = "".join(f"\n@dg.asset\n@logged\ndef asset_{i}(asset_{i - 1}):\n    return 1\n" for i in range(1, 100))
    facts = source(WRAPS_DECORATOR + "\n@dg.asset\n@logged\ndef asset_0():\n    return 1\n" + body)
    assert keys(facts) == {(f"asset_{i}",) for i in range(100)}
    assert all(fact.resolved and not fact.problems for fact in facts.assets)


@pytest.mark.parametrize(
    "wrap",
    [
        "functools.update_wrapper(wrapper, fn)\n    return wrapper",
        "return functools.update_wrapper(wrapper, fn)",
        "wrapper.__name__ = fn.__name__\n    wrapper.__wrapped__ = fn\n    return wrapper",
    ],
)
def test_update_wrapper_and_hand_written_dunders(wrap: str) -> None:
    facts = source(
        f"""
import functools
import dagster as dg

def logged(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    {wrap}

@dg.asset
@logged
def orders(customers):
    return 1
"""
    )
    orders = asset(facts, "orders")
    assert dep_keys(orders) == {("customers",)}
    assert orders.resolved and not orders.problems


def test_the_wrapper_body_counts_in_the_fingerprint() -> None:
    def fingerprint(wrapper_body: str) -> str | None:
        text = f"""
import functools
import dagster as dg

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        {wrapper_body}
    return wrapper

@dg.asset
@logged
def orders():
    return 1
"""
        return asset(source(text), "orders").fingerprint

    assert fingerprint("return fn(*args, **kwargs)") != fingerprint("return 2 * fn(*args, **kwargs)")


def test_without_wraps_dagster_sees_the_inner_function() -> None:
    # real Dagster: key `wrapper`, and a positional vararg is refused
    facts = source(
        """
import dagster as dg

def plain(fn):
    def wrapper(**kwargs):
        return fn(**kwargs)
    return wrapper

def plain_args(fn):
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner

@dg.asset
@plain
def orders():
    return 1

@dg.asset
@plain_args
def customers():
    return 1
"""
    )
    assert keys(facts) == {("wrapper",), ("inner",)}
    inner = asset(facts, "inner")
    assert [problem.code for problem in inner.problems] == ["AL005"]
    assert "positional vararg parameter '*args'" in inner.problems[0].message


def test_an_asset_with_star_args_is_invalid() -> None:
    text = """
import dagster as dg

@dg.asset
def orders(context, *rows):
    return 1

@dg.multi_asset(outs={"a": dg.AssetOut(), "b": dg.AssetOut()})
def both(*parts):
    return 1, 2

@dg.op
def one():
    return 1

@dg.graph_asset
def graphed(*parts):
    return one()
"""
    facts = source(text)
    orders = asset(facts, "orders")
    assert [problem.code for problem in orders.problems] == ["AL005"]
    assert orders.problems[0].range is not None
    line = text.split("\n")[orders.problems[0].range.line - 1]
    assert line[orders.problems[0].range.col : orders.problems[0].range.end_col] == "rows"
    assert sum(len(fact.problems) for fact in facts.assets if fact.node == "both") == 1
    (graphed,) = [fact for fact in facts.assets if fact.key == ("graphed",)]
    assert [problem.message.split(" '")[0] for problem in graphed.problems] == ["@graph"]


def test_pass_through_and_stacked_decorators() -> None:
    facts = source(
        WRAPS_DECORATOR
        + """
def registered(fn):
    return fn

def timed(fn):
    @functools.wraps(fn)
    def timer(*args, **kwargs):
        return fn(*args, **kwargs)
    return timer

@dg.asset(group_name="sales")
@registered
@logged
@timed
@functools.lru_cache(maxsize=None)
def orders(customers):
    return 1

@registered
@dg.asset
def customers():
    return 1
"""
    )
    orders = asset(facts, "orders")
    assert (orders.group, dep_keys(orders), orders.resolved) == ("sales", {("customers",)}, True)
    assert asset(facts, "customers").resolved


def test_decorator_factories_apply_dagster_decorators_with_their_arguments() -> None:
    facts = source(
        """
import functools
import dagster as dg

def sales_asset(**kwargs):
    def decorate(fn):
        return dg.asset(group_name="sales", **kwargs)(fn)
    return decorate

def tracked_asset(prefix, owners=()):
    def decorate(fn):
        @dg.asset(key_prefix=[prefix], owners=list(owners), name=fn.__name__ + "_v2")
        @functools.wraps(fn)
        def run(context, *args, **kwargs):
            return fn(*args, **kwargs)
        return run
    return decorate

def multi(*names):
    def decorate(fn):
        return dg.multi_asset(outs={name: dg.AssetOut() for name in names}, name=fn.__name__)(fn)
    return decorate

@sales_asset(code_version="3")
def orders(customers):
    return 1

@tracked_asset("lake", owners=["team:data"])
def customers(raw):
    return 1

@multi("left", "right")
def split(orders):
    return 1, 2
"""
    )
    orders = asset(facts, "orders")
    assert (orders.group, orders.code_version, dep_keys(orders)) == ("sales", "3", {("customers",)})
    customers = asset(facts, "lake", "customers_v2")
    assert dep_keys(customers) == {("raw",)}
    assert customers.owners == ("team:data",)
    assert keys(facts) >= {("left",), ("right",)}
    assert all(fact.resolved for fact in facts.assets)


def test_class_based_decorators() -> None:
    facts = source(
        """
import functools
import dagster as dg

class traced:
    def __init__(self, fn):
        functools.update_wrapper(self, fn)
        self.fn = fn

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

class grouped:
    def __init__(self, group):
        self.group = group

    def __call__(self, fn):
        return dg.asset(group_name=self.group)(fn)

@dg.asset
@traced
def orders(customers):
    return 1

@grouped("crm")
def customers():
    return 1
"""
    )
    assert dep_keys(asset(facts, "orders")) == {("customers",)}
    assert asset(facts, "customers").group == "crm"
    assert all(fact.resolved for fact in facts.assets)


@pytest.mark.parametrize(
    "decorator, mentioned",
    [
        ("@vendor.retry(times=3)", "vendor.retry"),
        ("@mystery", "mystery"),
        ("@opaque", "opaque"),
    ],
)
def test_a_decorator_that_cannot_be_followed_leaves_the_asset_unresolved(decorator: str, mentioned: str) -> None:
    facts = source(
        f"""
import vendor
import dagster as dg
from vendor import mystery

def opaque(fn):
    return vendor.wrap(fn)

@dg.asset
{decorator}
def orders(customers):
    return 1
"""
    )
    (orders,) = facts.assets
    assert orders.key == ("orders",)  # what a functools.wraps decorator would keep, and no more
    assert not orders.resolved
    assert orders.unresolved_reason and mentioned in orders.unresolved_reason


def test_an_asset_over_a_value_no_decorator_explains_is_kept_unresolved() -> None:
    facts = source(
        """
import dagster as dg

class Registry:
    def add(self, fn):
        return fn

registry = Registry()

@dg.asset
@registry.add
def orders():
    return 1
"""
    )
    (orders,) = facts.assets
    assert orders.resolved  # a plain class's method is followed
    facts = source(
        """
import dagster as dg

def returns_nothing(fn):
    pass

@dg.asset
@returns_nothing
def orders():
    return 1
"""
    )
    (orders,) = facts.assets
    assert not orders.resolved and orders.key == ("orders",)


def test_decorators_imported_from_another_module(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "project/__init__.py": "",
            "project/decorators.py": WRAPS_DECORATOR
            + """
def team_asset(team):
    def decorate(fn):
        return dg.asset(owners=[f"team:{team}"], group_name=team)(logged(fn))
    return decorate
""",
            "project/assets.py": """
import dagster as dg
from project.decorators import logged, team_asset

@dg.asset
@logged
def orders(customers):
    return 1

@team_asset("crm")
def customers():
    return 1
""",
        },
    )
    assert dep_keys(asset(workspace, "orders")) == {("customers",)}
    customers = asset(workspace, "customers")
    assert (customers.group, customers.owners) == ("crm", ("team:crm",))
    assert all(fact.resolved for fact in workspace.assets)


def test_partial_of_a_dagster_decorator() -> None:
    facts = source(
        """
import functools
import dagster as dg

sales_asset = functools.partial(dg.asset, group_name="sales")

@sales_asset
def orders(customers):
    return 1

@sales_asset(code_version="2")
def refunds():
    return 1
"""
    )
    orders = asset(facts, "orders")
    assert (orders.group, dep_keys(orders), orders.resolved) == ("sales", {("customers",)}, True)
    refunds = asset(facts, "refunds")
    assert (refunds.group, refunds.code_version) == ("sales", "2")


def test_a_decorator_that_defines_an_asset_but_returns_an_unknown_value_keeps_it_unresolved() -> None:
    facts = source(
        """
import vendor
import dagster as dg

def maybe(fn):
    if vendor.flag():
        return dg.asset(fn)
    return fn

@maybe
def customers():
    return 1
"""
    )
    (customers,) = facts.assets
    assert customers.key == ("customers",) and not customers.resolved
    assert "maybe" in (customers.unresolved_reason or "")


def test_a_factory_decorated_function_keeps_its_name_and_parameters_in_the_editor() -> None:
    from .support import text_at

    text = """import functools
import dagster as dg

def team_asset(team):
    def decorate(fn):
        @dg.asset(group_name=team)
        @functools.wraps(fn)
        def run(*args, **kwargs):
            return fn(*args, **kwargs)
        return run
    return decorate

@team_asset("crm")
def customers(raw_accounts):
    return 1
"""
    facts = source(text)
    customers = asset(facts, "customers")
    assert customers.group == "crm"
    assert text_at(text, customers.name_range) == "customers"
    assert text_at(text, customers.decorator_range) == 'team_asset("crm")'
    assert customers.key_renameable
    (ref,) = customers.deps
    assert text_at(text, ref.range) == "raw_accounts" and ref.renameable


def test_dual_use_decorators() -> None:
    facts = source(
        """
import dagster as dg

def team_asset(fn=None, **kwargs):
    if fn is None:
        return lambda f: team_asset(f, **kwargs)
    return dg.asset(group_name="team", **kwargs)(fn)

def flexible(name_or_fn):
    if callable(name_or_fn):
        return dg.asset(name_or_fn)
    def decorate(fn):
        return dg.asset(name=name_or_fn)(fn)
    return decorate

@team_asset
def a():
    return 1

@team_asset(code_version="1")
def b(a):
    return 1

@flexible
def c(b):
    return 1

@flexible("dee")
def d(c):
    return 1
"""
    )
    assert keys(facts) == {("a",), ("b",), ("c",), ("dee",)}
    assert (asset(facts, "b").group, asset(facts, "b").code_version) == ("team", "1")
    assert dep_keys(asset(facts, "dee")) == {("c",)}
    assert all(fact.resolved for fact in facts.assets)


@pytest.mark.parametrize(
    "other_way, resolved",
    [("def wrapper(context):\n            return fn()", True), ("def wrapper(context, upstream):\n            return fn()", False)],
)
def test_a_wrapper_defined_on_both_ways_of_an_undecided_branch(other_way: str, resolved: bool) -> None:
    facts = source(
        f"""
import inspect
import dagster as dg

def facade(fn):
    if inspect.iscoroutinefunction(fn):
        async def wrapper(context):
            return await fn()
    else:
        {other_way}
    wrapper.__name__ = fn.__name__
    return dg.asset(wrapper)

@facade
def orders():
    return 1
"""
    )
    (orders,) = facts.assets
    assert orders.key == ("orders",)
    assert orders.resolved is resolved
