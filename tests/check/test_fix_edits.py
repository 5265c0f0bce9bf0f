"""The edits fixes are made of (libcst keeps quotes, prefixes and formatting) and how they are applied."""
from __future__ import annotations

import pytest

from assetlens.analyzer.facts import Diagnostic, Fix, Range, TextEdit
from assetlens.analyzer.fixes import SourceLines, apply_edits, apply_fixes
from assetlens.analyzer.rules.edits import (
    bump_version_edit,
    bumped_version,
    external_spec_edit,
    rename_parameter_edits,
    replace_string_edit,
)


@pytest.mark.parametrize(
    "old, new, safe",
    [("1", "2", True), ("v3", "v4", True), ("V9", "V10", True), ("1.9", "1.10", True), ("007", "008", True),
     ("2024-06-01", "2024-06-02", False), ("etl_7", "etl_8", False)],
)
def test_bumped_version(old, new, safe):
    assert bumped_version(old) == (new, safe)


def test_versions_without_a_number_are_not_bumped():
    assert bumped_version("abc") is None and bumped_version("") is None


def _range_of(text: str, needle: str) -> Range:
    offset = text.index(needle)
    lines = SourceLines(text)
    line, col = lines.position(offset)
    end_line, end_col = lines.position(offset + len(needle))
    return Range(line, col, end_line, end_col)


def test_bump_keeps_quote_style_and_prefix():
    text = "@asset(code_version='v3')\ndef a(): ...\n"
    edit, old, new, safe = bump_version_edit(text, "a.py", _range_of(text, "'v3'"))
    assert (edit.new_text, old, new, safe) == ("'v4'", "v3", "v4", True)
    text = '@asset(code_version=r"1")\n'
    assert bump_version_edit(text, "a.py", _range_of(text, 'r"1"'))[0].new_text == 'r"2"'


def test_bump_refuses_non_literals():
    text = "@asset(code_version=VERSION)\n"
    assert bump_version_edit(text, "a.py", _range_of(text, "VERSION")) is None
    text = '@asset(code_version=f"{V}1")\n'
    assert bump_version_edit(text, "a.py", _range_of(text, 'f"{V}1"')) is None


def test_replace_string_inside_an_asset_key_call():
    text = "@asset(deps=[AssetKey(['raw', 'order'])])\n"
    edit = replace_string_edit(text, "a.py", _range_of(text, "AssetKey(['raw', 'order'])"), "order", "orders")
    assert apply_edits(text, [edit]) == "@asset(deps=[AssetKey(['raw', 'orders'])])\n"
    ambiguous = "@asset(deps=[AssetKey(['order', 'order'])])\n"
    assert replace_string_edit(ambiguous, "a.py", _range_of(ambiguous, "AssetKey(['order', 'order'])"), "order", "x") is None


def test_replace_string_spanning_lines():
    text = 'x = AssetKey(\n    "raw_order",\n)\n'
    edit = replace_string_edit(text, "a.py", _range_of(text, 'AssetKey(\n    "raw_order",\n)'), "raw_order", "raw_orders")
    assert edit.range == Range(2, 4, 2, 15) and edit.new_text == '"raw_orders"'


RENAME = '''import dagster as dg


@dg.asset
def daily(context, raw_order):
    raw_order = [r for r in raw_order if r]
    helper = lambda: raw_order
    def nested(raw_order):  # shadows: untouched
        return raw_order
    return len(raw_order) + helper() + nested(1) + f(raw_order=1)
'''


def test_rename_parameter_renames_its_uses_in_scope_only():
    edits = rename_parameter_edits(RENAME, "a.py", _range_of(RENAME, "raw_order)"), "raw_order", "raw_orders")
    assert apply_edits(RENAME, edits) == (
        RENAME.replace("def daily(context, raw_order)", "def daily(context, raw_orders)")
        .replace("    raw_order = [r for r in raw_order if r]", "    raw_orders = [r for r in raw_orders if r]")
        .replace("lambda: raw_order", "lambda: raw_orders")
        .replace("return len(raw_order)", "return len(raw_orders)")
    )


def test_rename_parameter_refuses_a_name_already_in_use():
    text = "def daily(raw_order):\n    raw_orders = 1\n    return raw_order\n"
    assert rename_parameter_edits(text, "a.py", _range_of(text, "raw_order)"), "raw_order", "raw_orders") is None
    assert rename_parameter_edits(text, "a.py", _range_of(text, "raw_order)"), "raw_order", "class") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("import dagster as dg\n\n\n@dg.asset\ndef a(): ...\n", 'import dagster as dg\n\nraw_spec = dg.AssetSpec("raw")\n\n\n@dg.asset\ndef a(): ...\n'),
        ("from dagster import AssetSpec as S, asset\nx = 1\n", 'from dagster import AssetSpec as S, asset\n\nraw_spec = S("raw")\nx = 1\n'),
        ("from dagster import asset", 'from dagster import asset\n\nfrom dagster import AssetSpec\nraw_spec = AssetSpec("raw")\n'),
        ('"""Doc."""\nx = 1\n', '"""Doc."""\n\nfrom dagster import AssetSpec\nraw_spec = AssetSpec("raw")\nx = 1\n'),
    ],
)
def test_external_spec_declaration(text, expected):
    assert apply_edits(text, [external_spec_edit(text, "a.py", ("raw",))]) == expected


def test_external_spec_for_a_key_with_a_prefix_and_a_taken_name():
    text = "import dagster\nraw_orders_spec = 1\n"
    edit = external_spec_edit(text, "a.py", ("raw", "orders"))
    assert edit.new_text == '\nraw_orders_spec_2 = dagster.AssetSpec(["raw", "orders"])\n'


def test_apply_fixes_keeps_crlf_and_refuses_edits_that_break_the_file(tmp_path):
    (tmp_path / "a.py").write_bytes(b'x = "1"\r\ny = 2\r\n')
    good = Diagnostic("AL004", "n", "m", "a.py", Range(1, 4, 1, 7), fixes=(Fix("bump", (TextEdit("a.py", Range(1, 4, 1, 7), '"2"'),)),))
    result = apply_fixes(tmp_path, [good])
    assert len(result.applied) == 1 and (tmp_path / "a.py").read_bytes() == b'x = "2"\r\ny = 2\r\n'
    bad = Diagnostic("AL004", "n", "m", "a.py", Range(2, 0, 2, 1), fixes=(Fix("break", (TextEdit("a.py", Range(2, 0, 2, 1), "def"),)),))
    result = apply_fixes(tmp_path, [bad])
    assert not result.applied and "fix not applied" in result.skipped[0][1]
    assert (tmp_path / "a.py").read_bytes() == b'x = "2"\r\ny = 2\r\n'


def test_overlapping_fixes_wait_for_the_next_round_and_unsafe_ones_need_asking(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    first = Diagnostic("A", "n", "m", "a.py", None, fixes=(Fix("one", (TextEdit("a.py", Range(1, 4, 1, 5), "2"),)),))
    second = Diagnostic("A", "n", "m", "a.py", None, fixes=(Fix("two", (TextEdit("a.py", Range(1, 0, 1, 5), "y = 3"),)),))
    unsafe = Diagnostic("A", "n", "m", "a.py", None, fixes=(Fix("u", (TextEdit("a.py", Range(1, 0, 1, 0), "# hi\n"),), safe=False),))
    result = apply_fixes(tmp_path, [first, second, unsafe])
    assert [a.fix.title for a in result.applied] == ["one"]
    assert (tmp_path / "a.py").read_text() == "x = 2\n"
    assert [a.fix.title for a in apply_fixes(tmp_path, [unsafe], unsafe=True).applied] == ["u"]
    assert (tmp_path / "a.py").read_text() == "# hi\nx = 2\n"


_BODIES = [
    "    return raw\n",
    "    raw = [r for r in raw if r]\n    return raw\n",
    "    helper = lambda: raw\n    return helper()\n",
    "    def nested(raw):\n        return raw\n    return raw + nested(1)\n",
    "    def nested():\n        return raw\n    return nested()\n",
    "    x = [raw for raw in range(3)]\n    return raw\n",
    "    global raw\n    return raw\n",
    "    for raw in raw:\n        pass\n    return raw\n",
    "    with open(raw) as raw:\n        return raw\n",
    "    class K:\n        y = raw\n    return K\n",
    "    class K:\n        raw = 1\n    return raw\n",
    "    return f(raw=raw) + x.raw + raw.x\n",
    "    import raw\n    return raw\n",
    "    del raw\n",
    "    if (raw := 3):\n        return raw\n",
    "    try:\n        pass\n    except E as raw:\n        return raw\n",
    "    raws = 1\n    return raw + raws\n",
    "    return {k: raw for k in z}\n",
    "    def inner(a=raw):\n        return a\n    return inner\n",
    "    raw += 1\n    return raw\n",
    "    return 'raws' + raw\n",
]
_HEADS = ["def f(raw):\n", "def f(a, raw, *, b=raw):\n", "@deco(raws)\ndef f(raw):\n", "async def f(ctx, raw):\n", "def f(é, raw):\n"]


@pytest.mark.parametrize("head", _HEADS)
def test_the_fast_parameter_rename_gives_libcsts_edits_or_defers_to_it(head):
    """`_SimpleRenames` (ast, for large files) answers only when sure, and then exactly as libcst's
    scope analysis does; otherwise libcst decides."""
    from assetlens.analyzer.rules.edits import _UNSURE, _Scopes, _SimpleRenames

    decided = 0
    for body in _BODIES:
        for new in ("raws", "other"):
            text = "x = 1\n" + head + body
            line = text[: text.index("def f")].count("\n") + 1
            line_text = text.splitlines()[line - 1]
            col = line_text.index("raw", line_text.index("("))
            fast = _SimpleRenames(text).rename("a.py", line, col, "raw", new)
            if fast is _UNSURE:
                continue
            decided += 1
            assert fast == _Scopes(text).rename("a.py", line, col, "raw", new), (text, new)
    assert decided >= len(_BODIES) // 2


def test_choosing_fixes_by_bisection_agrees_with_comparing_every_pair():
    import random

    from assetlens.analyzer.facts import Diagnostic, Fix, TextEdit
    from assetlens.analyzer.fixes import _overlaps, choose_fixes

    rng = random.Random(3)
    for _ in range(300):
        diagnostics = []
        for i in range(rng.randint(1, 12)):
            edits = []
            for _ in range(rng.randint(1, 2)):
                line = rng.randint(1, 6)
                col = rng.randint(0, 6)
                end_line = line + rng.choice((0, 0, 0, 1, 2))
                end_col = rng.randint(0, 8) if end_line > line else col + rng.randint(0, 3)
                edits.append(TextEdit(rng.choice(("a.py", "b.py")), Range(line, col, end_line, end_col), str(i)))
            diagnostics.append(Diagnostic("AL002", "x", str(i), "a.py", None, fixes=(Fix(f"f{i}", tuple(edits)),)))
        expected, taken = [], []
        for diagnostic in diagnostics:  # the quadratic definition
            fix = diagnostic.fixes[0]
            if any(e.file == t.file and _overlaps(e.range, t.range) for e in fix.edits for t in taken):
                continue
            expected.append((diagnostic, fix))
            taken.extend(fix.edits)
        assert choose_fixes(diagnostics) == expected
