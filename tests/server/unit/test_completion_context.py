"""Recognising, in text being typed, where an asset key is wanted."""
from __future__ import annotations

import pytest

from assetlens.server.completion_context import completion_context


def context_at_end(source: str):
    lines = source.split("\n")
    return completion_context(lines, len(lines), len(lines[-1]))


def test_a_string_in_deps_wants_a_one_part_key() -> None:
    context = context_at_end('@asset(deps=["ra')
    assert (context.kind, context.in_string, context.typed, context.start, context.quote) == ("deps", True, "ra", 14, '"')


def test_outside_a_string_in_deps_wants_a_key_expression() -> None:
    context = context_at_end("@dg.asset(deps=[ra")
    assert (context.kind, context.in_string, context.typed, context.start) == ("deps", False, "ra", 16)


@pytest.mark.parametrize(
    "source",
    [
        "x = AssetKey('",
        '@asset(ins={"x": AssetIn(key="',
        '@asset(ins={"x": dg.AssetIn("',
        '@asset(deps=[AssetDep("',
        '@asset(deps=[AssetDep(asset="',
    ],
)
def test_values_coerced_to_a_key_want_a_key(source: str) -> None:
    context = context_at_end(source)
    assert context is not None and context.kind == "key" and context.in_string


def test_parts_already_written_in_an_asset_key_list_are_known() -> None:
    context = context_at_end('@asset(deps=[AssetKey(["raw", "or')
    assert (context.kind, context.in_list, context.parts_before, context.typed) == ("key", True, ("raw",), "or")


@pytest.mark.parametrize(
    "source",
    [
        '@asset(ins={"x": AssetIn(key_prefix="',
        'print("',
        "x = foo(",
        '@asset(group_name="',
        "# deps=[\"",
        'x = """\ndeps=["',
    ],
)
def test_elsewhere_nothing_is_wanted(source: str) -> None:
    assert context_at_end(source) is None


def test_parameters_of_a_function_want_upstream_names() -> None:
    context = context_at_end("@asset\ndef report(context, dai")
    assert (context.kind, context.function, context.typed, context.existing_parameters) == (
        "parameter",
        "report",
        "dai",
        ("context",),
    )


@pytest.mark.parametrize("source", ["@asset\ndef f(a: int", "@asset\ndef f(a=", "@asset\ndef f(*args, **kw"])
def test_annotations_defaults_and_star_parameters_want_nothing(source: str) -> None:
    assert context_at_end(source) is None


def test_comments_and_finished_strings_do_not_confuse_the_scan() -> None:
    source = '@asset(\n    deps=[\n        "a",  # a comment with deps=["\n        "b'
    context = context_at_end(source)
    assert context.kind == "deps" and context.typed == "b"


def test_the_scan_starts_at_the_statement_even_far_below_other_code() -> None:
    source = "\n".join(['x = AssetKey("'] + ["y = 1"] * 50 + ["@asset(deps=[", '    "q'])
    context = context_at_end(source)
    assert context.kind == "deps" and context.typed == "q"


def test_positions_outside_the_text_want_nothing() -> None:
    assert completion_context(["x"], 5, 0) is None
    assert completion_context([], 1, 0) is None
