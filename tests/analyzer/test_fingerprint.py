"""The fingerprint of an asset's computation: the normalised body, so comments, blank lines,
formatting and the docstring do not change it, and any change to what runs does (for a graph asset,
also a change to an op it calls, in this module or another)."""
from __future__ import annotations

from pathlib import Path

import pytest

from .support import analyze, asset, source

BASE = '''
from dagster import asset


@asset(deps=["raw"])
def orders(upstream):
    """Orders per day."""
    total = upstream + 1
    return {"total": total, "rows": [1, 2, 3]}
'''


def fingerprint(text: str, *key: str) -> str:
    value = asset(source(text), *(key or ("orders",))).fingerprint
    assert value
    return value


@pytest.mark.parametrize(
    "variant",
    [
        BASE.replace("    total = upstream + 1\n", "    # add one\n    total = upstream + 1  # inline\n"),
        BASE.replace("    total = upstream + 1\n", "\n\n    total = upstream + 1\n\n"),
        BASE.replace('{"total": total, "rows": [1, 2, 3]}', '{\n        "total": total,\n        "rows": [1, 2, 3],\n    }'),
        BASE.replace("upstream + 1", "(upstream+1)"),
        BASE.replace('"""Orders per day."""', '"""Orders per day, rewritten and longer.\n\n    With details.\n    """'),
        BASE.replace('    """Orders per day."""\n', ""),
        BASE.replace("\n", "\r\n"),
        BASE.replace('deps=["raw"]', 'deps=["raw"], group_name="moved"'),
        "# a header comment\nimport os\n" + BASE,
    ],
    ids=["comments", "blank-lines", "reformatted", "parentheses", "docstring", "no-docstring", "crlf", "decorator", "elsewhere"],
)
def test_unchanged_by_what_does_not_run(variant: str) -> None:
    assert fingerprint(variant) == fingerprint(BASE)


@pytest.mark.parametrize(
    "variant",
    [
        BASE.replace("upstream + 1", "upstream + 2"),
        BASE.replace('"rows": [1, 2, 3]', '"rows": [1, 2]'),
        BASE.replace("    return", "    print(total)\n    return"),
        BASE.replace("def orders(upstream):", "def orders(upstream, other):"),
        BASE.replace("def orders(upstream):", "def orders(upstream: int):"),
        BASE.replace("total = upstream + 1", "count = upstream + 1").replace('"total": total', '"total": count'),
    ],
    ids=["constant", "literal", "statement", "parameter", "annotation", "renamed-local"],
)
def test_changed_by_a_change_of_the_body(variant: str) -> None:
    assert fingerprint(variant) != fingerprint(BASE)


GRAPH = """
from dagster import graph_asset, op

@op
def clean(rows):
    return [row for row in rows if row]

@op
def unrelated():
    return 1

@graph_asset
def cleaned(raw_rows):
    return clean(raw_rows)
"""


def test_a_graph_asset_changes_when_an_op_it_calls_changes() -> None:
    before = fingerprint(GRAPH, "cleaned")
    assert fingerprint(GRAPH.replace("if row]", "if row is not None]"), "cleaned") != before
    assert fingerprint(GRAPH.replace("    return 1", "    return 2"), "cleaned") == before
    assert fingerprint(GRAPH.replace("    return [row", "    # keep truthy rows\n    return [row"), "cleaned") == before


def test_a_graph_asset_changes_when_an_op_in_another_module_changes(tmp_path: Path) -> None:
    files = {
        "ops.py": "from dagster import op\n\n@op\ndef clean(rows):\n    return rows\n",
        "assets.py": "from dagster import graph_asset\nfrom ops import clean\n\n@graph_asset\ndef cleaned(raw_rows):\n    return clean(raw_rows)\n",
    }
    before = asset(analyze(tmp_path, files), "cleaned").fingerprint
    (tmp_path / "ops.py").write_text(files["ops.py"].replace("return rows", "return rows[1:]"), encoding="utf-8")
    after = asset(analyze(tmp_path), "cleaned").fingerprint
    assert before and after and before != after


def test_every_output_of_a_multi_asset_shares_the_fingerprint_of_its_function() -> None:
    facts = source(
        """
        from dagster import AssetOut, multi_asset

        @multi_asset(outs={"a": AssetOut(), "b": AssetOut()})
        def split():
            return 1, 2
        """
    )
    assert asset(facts, "a").fingerprint == asset(facts, "b").fingerprint is not None
