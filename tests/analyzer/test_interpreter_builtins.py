"""The static interpreter folds the constructs real code uses to build keys and specs (comprehensions,
str/dict/list methods, zip/enumerate/sorted/min/max/map/filter, pathlib and os.path), and a helper
whose result depends on a branch it cannot decide gives an unresolved value — never its first
`return`, never the last assignment."""
from __future__ import annotations

from pathlib import Path

import pytest

from .support import analyze, asset, dep_keys, keys, source


def key_of(expression: str, prelude: str = "") -> tuple[str, ...] | None:
    """The key Dagster would give `@asset(key=EXPRESSION)`, as the analyzer folds it."""
    facts = source(f"import os\nimport itertools\nimport vendor\nfrom pathlib import Path\nimport dagster as dg\n{prelude}\n@dg.asset(key={expression})\ndef target():\n    return 1\n")
    (fact,) = facts.assets
    return fact.key if fact.resolved else None


@pytest.mark.parametrize(
    "expression, expected",
    [
        ('"Raw.Orders ".strip().lower().split(".")', ("raw", "orders")),
        ('"a-b".replace("-", "_").upper()', ("A_B",)),
        ('"{}_{}".format("x", "y")', ("x_y",)),
        ('"{layer}/{name}".format(layer="l", name="n").split("/")', ("l", "n")),
        ('"stg_orders".removeprefix("stg_")', ("orders",)),
        ('"a.b.c".rsplit(".", 1)', ("a.b", "c")),
        ('list("x.y".partition("."))', ("x", ".", "y")),
        ('"/".join(["a", "b"])', ("a/b",)),
        ('[str(i) for i in sorted({3, 1, 3, 2})]', ("1", "2", "3")),
        ('[f"{i}{c}" for i, c in enumerate("ab", start=1)]', ("1a", "2b")),
        ('[a + b for a, b in zip("xy", "pq")]', ("xp", "yq")),
        ("list(reversed(['a', 'b']))", ("b", "a")),
        ("sorted(['ccc', 'a', 'bb'], key=len)", ("a", "bb", "ccc")),
        ("sorted(['ccc', 'a', 'bb'], key=lambda s: -len(s), reverse=True)", ("a", "bb", "ccc")),
        ("[max(['ab', 'c'], key=len), min('zy')]", ("ab", "y")),
        ("list(map(str.upper, ['a', 'b']))", ("A", "B")),
        ("list(filter(None, ['', 'a']))", ("a",)),
        ("[k for k, v in {'a': 1, 'b': 2}.items() if v > 1]", ("b",)),
        ("[{'a': 'x'}.get('b', 'fallback')]", ("fallback",)),
        ("list({n.split('_')[0]: n for n in ['s_a', 't_b']}.keys())", ("s", "t")),
        ("[str(sum([1, 2, 3])), str(int('7') + 1)]", ("6", "8")),
        ("['yes' if all([1, 'a']) and not any([0, '']) else 'no']", ("yes",)),
        ("['yes' if isinstance('a', str) and not isinstance(1, (str, list)) else 'no']", ("yes",)),
        ('[Path("models/staging/stg_orders.sql").stem]', ("stg_orders",)),
        ('[Path("models/staging/stg_orders.sql").parent.name]', ("staging",)),
        ('str(Path("a") / "b" / "c.sql").split("/")', ("a", "b", "c.sql")),
        ('[Path("a/b.sql").with_suffix(".csv").name]', ("b.csv",)),
        ('[os.path.splitext(os.path.basename("x/report.sql"))[0]]', ("report",)),
        ('os.path.join("a", "b").split("/")', ("a", "b")),
        ('["_".join(pair) for pair in __import__("itertools").product("ab", "c")]', None),
        ('[a + b for a, b in itertools.product("ab", "c")]', ("ac", "bc")),
        ('list(itertools.chain(["a"], ("b",), itertools.chain.from_iterable([["c"], []])))', ("a", "b", "c")),
    ],
)
def test_folded_constructs(expression: str, expected: tuple[str, ...]) -> None:
    assert key_of(expression) == expected


def test_lambdas_and_plain_classes_are_followed() -> None:
    prelude = """
class Naming:
    def __init__(self, prefix):
        self.prefix = prefix

    def key(self, name):
        return [self.prefix, name.lower()]

naming = Naming("lake")
"""
    assert key_of("naming.key('Orders')", prelude) == ("lake", "orders")
    assert key_of("(lambda n: [n, n])('x')") == ("x", "x")


def test_list_methods_mutate_as_python_does() -> None:
    prelude = """
parts = ["c", "a", "b"]
parts.sort()
parts.reverse()
parts.remove("b")
last = parts.pop()
parts.insert(0, last)
"""
    assert key_of("parts", prelude) == ("a", "c")


HELPERS = """
def by_argument(kind):
    if kind == "prod":
        return "orders"
    return "orders_dev"

def by_unknown(kind):
    if vendor.flag():
        return "orders"
    return "orders_dev"

def same_either_way():
    if vendor.flag():
        return "orders"
    else:
        return "orders"

def assigned_in_branches():
    if vendor.flag():
        name = "orders"
    else:
        name = "orders_dev"
    return name

def raises_otherwise(kind):
    if kind not in ("a", "b"):
        raise ValueError(kind)
    return kind

def early_return_in_loop(names):
    for name in names:
        if name.startswith("x"):
            return name
    return "none"

def loop_over_unknown():
    for name in vendor.names():
        return name
    return "empty"

def while_loop():
    while vendor.more():
        return "a"
    return "b"

def matched(env):
    match env:
        case "prod" | "production":
            return "orders"
        case "dev":
            return "orders_dev"
        case other:
            return "orders_" + other
"""


@pytest.mark.parametrize(
    "call, expected",
    [
        ('by_argument("prod")', ("orders",)),
        ('by_argument("dev")', ("orders_dev",)),
        ("by_unknown('prod')", None),
        ("same_either_way()", ("orders",)),
        ("assigned_in_branches()", None),
        ('raises_otherwise("a")', ("a",)),
        ("raises_otherwise(vendor.KIND)", None),
        ('early_return_in_loop(["ab", "xy"])', ("xy",)),
        ('early_return_in_loop(["ab"])', ("none",)),
        ("loop_over_unknown()", None),
        ("while_loop()", None),
        ('matched("production")', ("orders",)),
        ('matched("dev")', ("orders_dev",)),
        ('matched("qa")', ("orders_qa",)),
        ("matched(vendor.ENV)", None),
    ],
)
def test_a_branch_that_cannot_be_decided_makes_the_value_unresolved(call: str, expected: tuple[str, ...] | None) -> None:
    assert key_of(call, HELPERS) == expected


def test_the_unresolved_asset_says_why() -> None:
    facts = source(
        """
import vendor
import dagster as dg

def table():
    if vendor.production():
        return "orders"
    return "orders_dev"

@dg.asset(key=table())
def orders():
    return 1
"""
    )
    (orders,) = facts.assets
    assert orders.key is None and not orders.resolved
    assert "condition that cannot be decided statically" in (orders.unresolved_reason or "")


def test_module_level_branches_that_cannot_be_decided() -> None:
    facts = source(
        """
import vendor
import dagster as dg

if vendor.production():
    PREFIX = "prod"
    SHARED = "lake"
else:
    PREFIX = "dev"
    SHARED = "lake"

@dg.asset(key_prefix=[SHARED])
def orders():
    return 1

@dg.asset(key_prefix=[PREFIX])
def customers():
    return 1
"""
    )
    assert asset(facts, "lake", "orders").resolved
    customers = next(fact for fact in facts.assets if fact.node == "customers")
    assert not customers.resolved


def test_specs_over_an_unknown_collection_are_reported_not_dropped() -> None:
    facts = source(
        """
import vendor
import dagster as dg

specs = {name.split(".")[1]: dg.AssetSpec(key=name.split(".")) for name in vendor.TABLES}
more = [dg.AssetSpec(key=name) for name in vendor.NAMES]
made = [dg.asset(name=name)(lambda: 1) for name in vendor.NAMES]

defs = dg.Definitions(assets=[*specs.values(), *more])
"""
    )
    unresolved = [fact for fact in facts.assets if not fact.resolved]
    assert len(unresolved) == 2
    assert all(fact.key is None and fact.kind == "spec" for fact in unresolved)


def test_module_level_dicts_imported_from_another_module(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "project/__init__.py": "",
            "project/constants.py": """
TABLES = {"salesforce.accounts": "crm", "stripe.charges": "billing"}
""",
            "project/assets.py": """
import dagster as dg
from project.constants import TABLES
from project import constants

specs = {name.split(".")[1]: dg.AssetSpec(key=name.split("."), group_name=group) for name, group in TABLES.items()}

@dg.asset(deps=[specs["accounts"], constants.TABLES and ["stripe", "charges"]])
def summary():
    return 1
""",
        },
    )
    assert keys(workspace) == {("salesforce", "accounts"), ("stripe", "charges"), ("summary",)}
    assert asset(workspace, "salesforce", "accounts").group == "crm"
    assert dep_keys(asset(workspace, "summary")) == {("salesforce", "accounts"), ("stripe", "charges")}


def test_records_and_class_constants() -> None:
    prelude = """
from dataclasses import dataclass, field
from typing import NamedTuple

class Layer:
    RAW = "raw"
    STAGING = RAW + "_staging"

@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    tags: list = field(default_factory=list)

    def key(self):
        return [self.schema, self.name, str(len(self.tags))]

class Source(NamedTuple):
    system: str
    table: str = "t"

SOURCE = Source("sf")
"""
    assert key_of("Table(Layer.STAGING, name='orders').key()", prelude) == ("raw_staging", "orders", "0")
    assert key_of("[SOURCE[0], SOURCE.table, *[s for s in SOURCE]]", prelude) == ("sf", "t", "sf", "t")
    assert key_of("Table('only_schema').key()", prelude) is None  # a missing field: not guessed


def test_a_helper_returning_a_spec_or_an_asset_on_an_undecided_branch() -> None:
    facts = source(
        """
import vendor
import dagster as dg

class Proto:
    def __init__(self, key, external):
        self.key = key
        self.external = external

def assetify(proto):
    if proto.external:
        return dg.AssetSpec(key=proto.key)

    @dg.asset(key=proto.key)
    def wrapped(context):
        return 1

    return wrapped

known = [assetify(Proto("a", True)), assetify(Proto("b", False))]
unknown = [assetify(Proto("c", vendor.FLAG))]
"""
    )
    assert asset(facts, "a").kind == "spec" and asset(facts, "b").kind == "asset"
    (conditional,) = [fact for fact in facts.assets if fact.key is None]
    assert not conditional.resolved and "condition" in (conditional.unresolved_reason or "")
    assert keys(facts) == {("a",), ("b",), None}  # `c` is never guessed as a spec or an asset


def test_an_asset_defined_on_one_way_of_an_undecided_module_branch_is_unresolved() -> None:
    facts = source(
        """
import sys
import dagster as dg

if sys.platform == "linux":
    @dg.asset
    def linux_only():
        return 1

@dg.asset
def everywhere():
    return 1
"""
    )
    assert not asset(facts, "linux_only").resolved
    assert "condition" in (asset(facts, "linux_only").unresolved_reason or "")
    assert asset(facts, "everywhere").resolved
