"""The cold-run fast paths give exactly what the general code gives: fingerprints (stored by the
runtime's run store, so a changed value would mark every asset stale after an upgrade), ranges and
source lines."""
from __future__ import annotations

import ast
import dataclasses
import hashlib
import inspect
from pathlib import Path

import pytest

from assetlens.analyzer import asset_builder
from assetlens.analyzer.asset_builder import _serialise, _serialise_fast
from assetlens.analyzer.positions import LINE_BREAK, LineIndex, source_lines
from assetlens.analyzer.workspace import analyze_source

# every kind of statement and expression the serialisation meets; the fingerprints below were
# computed by the serialisation before the fast path existed (commit ce41ca8) and must never move
PINNED = '''
from dagster import asset, graph_asset, op
import functools


@asset(deps=["raw"])
def orders(upstream, *, limit: int = 3, **rest):
    """Orders per day."""
    total = upstream + 1
    rows = [r for r in range(limit) if r % 2 == 0]
    data = {"total": total, "rows": rows, **rest}
    name = f"orders-{total!r:>10}"
    async def inner(x, /, y=None):
        await x
        async with y as (a, b):
            pass
    try:
        x = data["total"][1:2, ...]
    except (KeyError, ValueError) as error:
        raise RuntimeError("bad") from error
    finally:
        del data
    match rows:
        case [1, *others] if others:
            pass
        case {"k": v, **kw}:
            pass
        case None | True:
            pass
    lam = lambda a, b=2, *c, d, **e: (a, b, c, d, e)
    global G
    z = not (1 < 2 <= 3) and -total or ~total
    y: "list[int]" = []
    yield from rows
    return {"total": total, "rows": [1, 2, 3], "é": b"bytes", "c": 1j, "e": ...}


@op
def step(x):
    return x * 2


@graph_asset
def doubled(orders):
    return step(orders)
'''


def test_fingerprints_are_the_ones_earlier_versions_stored() -> None:
    facts = analyze_source(PINNED, "pin.py", "pin")
    assert {asset.key: asset.fingerprint for asset in facts.assets} == {
        ("orders",): "785ca0f286728a64",
        ("doubled",): "38ea57e2f002c48f",
    }


def _functions(path: Path) -> list[ast.AST]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


SOURCES = [Path(asset_builder.__file__), Path(inspect.__file__), Path(dataclasses.__file__), Path(ast.__file__)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_fast_serialisation_equals_the_general_one(path: Path) -> None:
    for node in _functions(path):
        general: list[str] = []
        _serialise(node, general)
        fast: list[str] = []
        _serialise_fast(node, fast.append)
        assert fast == general, ast.unparse(node)[:200]


def test_hand_made_nodes_fall_back_to_the_general_serialisation() -> None:
    # a Name without its `id`, a Constant without `kind`: the fast path raises, the fingerprint is still made
    node = ast.FunctionDef(name="f", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]),
                           body=[ast.Expr(ast.Name(ctx=ast.Load())), ast.Return(ast.Constant(1))], decorator_list=[])
    with pytest.raises(AttributeError):
        _serialise_fast(node, [].append)

    class Function:
        pass

    function = Function()
    function.node, function.runs = node, None  # type: ignore[attr-defined]
    general: list[str] = []
    for statement in node.body:
        _serialise(statement, general)
    _serialise(node.args, general)
    expected = hashlib.sha1("\x00".join(general).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    assert asset_builder.fingerprint_of(function) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["x = 1\ny = 'a'\n", "é = 'ü'\nx = f(é, 'ü')\n", "x = 1\r\ny = 2\rz = 3\n", "x = '\u2028'\n\fy = 2\n", ""],
)
def test_source_lines_and_ranges_equal_the_general_conversion(text: str) -> None:
    assert source_lines(text) == LINE_BREAK.split(text)
    index = LineIndex(text)
    lines = LINE_BREAK.split(text)

    def column(line: int, byte_col: int) -> int:
        return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    for node in ast.walk(ast.parse(text)):
        if not hasattr(node, "lineno"):
            assert index.range(node) is None
            continue
        found = index.range(node)
        assert found == (node.lineno, column(node.lineno, node.col_offset), node.end_lineno, column(node.end_lineno, node.end_col_offset))
        assert type(found).__name__ == "Range" and found.contains(node.lineno, found.col)


def test_ranges_of_hand_made_nodes() -> None:
    index = LineIndex("x = 1\n")
    assert index.range(ast.Name("x", ast.Load())) is None  # no position at all
    assert index.range(ast.Assign(targets=[], value=ast.Constant(1), lineno=2, col_offset=4)) == (2, 4, 2, 4)
