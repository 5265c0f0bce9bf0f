"""Bad input gives facts or a clear problem, never an exception or a hang, and never stops the rest of
the workspace from being analysed: syntax errors, bytes that are not UTF-8, null bytes, a huge
generated module, deep nesting, import cycles, endless recursion and loops, runaway arithmetic."""
from __future__ import annotations

from pathlib import Path

import pytest

from assetlens.analyzer import analyze_source

from .support import analyze, analyze_isolated, asset, keys, source

GOOD = """
from dagster import asset

@asset
def good():
    return 1
"""


def test_a_syntax_error_is_reported_with_its_position_and_the_rest_is_analysed(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {"good.py": GOOD, "broken.py": "from dagster import asset\n\n@asset\ndef broken(:\n    return 1\n"},
    )
    broken = workspace.modules["broken.py"]
    assert broken.assets == ()
    assert broken.syntax_error is not None
    assert "syntax" in broken.syntax_error.message
    assert broken.syntax_error.range is not None and broken.syntax_error.range.line == 4
    assert keys(workspace) == {("good",)}
    diagnostics = workspace.to_json()["diagnostics"]
    assert [(d["code"], d["file"], d["line"]) for d in diagnostics] == [("AL000", "broken.py", 4)]
    assert diagnostics[0]["column"] >= 1


def test_a_file_that_is_not_utf8_is_reported_and_the_rest_is_analysed(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {"good.py": GOOD, "latin.py": b'NAME = "caf\xe9"\n'})
    problem = workspace.modules["latin.py"].syntax_error
    assert problem is not None and "UTF-8" in problem.message
    assert problem.range is not None and (problem.range.line, problem.range.col) == (1, 11)
    assert keys(workspace) == {("good",)}


def test_null_bytes_are_reported_not_raised() -> None:
    facts = source(b"from dagster import asset\nX = 1\x00\n")
    assert facts.syntax_error is not None
    assert "null" in facts.syntax_error.message


def test_a_null_byte_is_reported_where_it_is() -> None:
    facts = source(b"from dagster import asset\nX = 1\x00\n")
    assert facts.syntax_error is not None and facts.syntax_error.range is not None
    assert (facts.syntax_error.range.line, facts.syntax_error.range.col) == (2, 5)


def test_a_byte_order_mark_is_not_an_error() -> None:
    facts = source(b"\xef\xbb\xbf" + GOOD.encode())
    assert facts.syntax_error is None
    assert keys(facts) == {("good",)}


def test_a_declared_source_encoding_is_honoured() -> None:
    facts = source(b'# -*- coding: latin-1 -*-\nfrom dagster import asset\n\n@asset(description="caf\xe9")\ndef menu():\n    return 1\n')
    assert facts.syntax_error is None
    assert asset(facts, "menu").description == "caf\u00e9"


def test_a_fifty_thousand_line_generated_module_is_analysed() -> None:
    lines = ["from dagster import asset"]
    index = 0
    while len(lines) < 50_000:
        upstream = f"asset_{index - 1}" if index else "seed"
        lines += ["", "", f'@asset(group_name="g{index % 5}", code_version="{index}")', f"def asset_{index}({upstream}):"]
        lines += [f'    """Generated asset {index}.', "", *(f"    Column {column}: generated." for column in range(18)), '    """']
        lines += [f"    value_{step} = {upstream} + {step}" for step in range(5)]
        lines += ["    return value_0"]
        index += 1
    facts = analyze_source("\n".join(lines) + "\n", "generated.py", "generated")
    assert facts.syntax_error is None
    assert facts.line_count >= 50_000
    assert len(facts.assets) == index
    last = asset(facts, f"asset_{index - 1}")
    assert {ref.key for ref in last.deps} == {(f"asset_{index - 2}",)}
    assert last.code_version == str(index - 1)


@pytest.mark.parametrize(
    "expression",
    ["(" * 5000 + "1" + ")" * 5000, "[" * 5000 + "]" * 5000, "1" + " + 1" * 100_000, "-" * 100_000 + "1"],
    ids=["parentheses", "lists", "long-sum", "unary-chain"],
)
def test_expressions_nested_beyond_what_python_parses_are_a_syntax_problem(tmp_path: Path, expression: str) -> None:
    workspace = analyze(tmp_path, {"good.py": GOOD, "deep.py": f"VALUE = {expression}\n"})
    assert workspace.modules["deep.py"].syntax_error is not None
    assert keys(workspace) == {("good",)}


def test_an_asset_with_a_deep_decorator_expression_is_kept_unresolved_or_resolved() -> None:
    description = " + ".join(['"a"'] * 1000)
    text = f"from dagster import asset\n\n@asset(description={description})\ndef deep():\n    return 1\n"
    compile(text, "deep.py", "exec")  # Python (and so Dagster) accepts it
    facts = source(text)
    assert len(facts.assets) == 1


def test_a_deeply_nested_value_built_by_a_loop_does_not_raise() -> None:
    facts = source(
        """
        from dagster import asset

        nested = []
        for _ in range(5000):
            nested = [nested]

        @asset
        def after():
            return 1
        """
    )
    assert keys(facts) == {("after",)}


def test_modules_that_import_themselves_or_each_other(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "selfish.py": """
            import selfish
            from dagster import asset
            from selfish import LATER

            LATER = "later"

            @asset(name=selfish.LATER)
            def own():
                return 1

            @asset
            def plain_selfish():
                return 1
            """,
            "left.py": """
            from dagster import asset
            from right import RIGHT_NAME
            LEFT_NAME = "from_left"

            @asset(name=RIGHT_NAME)
            def left():
                return 1
            """,
            "right.py": """
            from dagster import asset
            from left import LEFT_NAME
            RIGHT_NAME = "from_right"

            @asset(name=LEFT_NAME)
            def right():
                return 1
            """,
        },
    )
    assert ("plain_selfish",) in keys(workspace)
    # a name read before the other side of the cycle defines it is unresolved, with the reason
    assert len([fact for fact in workspace.assets if fact.file in ("left.py", "right.py")]) == 2
    unresolved = [fact for fact in workspace.assets if not fact.resolved]
    assert unresolved and all(fact.unresolved_reason for fact in unresolved)
    assert any("cycle" in (fact.unresolved_reason or "") for fact in unresolved)


def test_a_factory_that_recurses_forever_and_a_huge_loop() -> None:
    facts = source(
        """
        from dagster import asset

        def forever(name):
            return forever(name + "x")

        def mutual_a(n):
            return mutual_b(n)

        def mutual_b(n):
            return mutual_a(n)

        never = forever("a")
        also_never = mutual_a(1)

        for index in range(10**9):
            @asset(name=f"looped_{index}")
            def looped():
                return 1

        @asset
        def after():
            return 1
        """
    )
    assert ("after",) in keys(facts)
    looped = [fact for fact in facts.assets if fact.key != ("after",)]
    assert len(looped) == 1 and not looped[0].resolved


def test_assets_after_a_statement_that_exhausts_the_budget_are_not_lost() -> None:
    facts = source(
        """
        from dagster import asset

        total = 0
        for i in range(1000):
            for j in range(1000):
                total += 1

        @asset
        def after():
            return 1
        """
    )
    assert len(facts.assets) == 1


def test_runaway_computation_is_bounded() -> None:
    cases = [
        "PAIRS = [(a, b) for a in range(10_000) for b in range(10_000)]\n",
        "BIG = 7 ** 10 ** 9\n",
    ]
    texts = [f"from dagster import asset\n{case}\n@asset\ndef after():\n    return 1\n" for case in cases]
    results = analyze_isolated(texts, timeout=6)
    assert results == [{"keys": [["after"]], "syntax_error": None}] * len(cases)


def test_runaway_string_building_is_bounded() -> None:
    cases = [
        'BLOCK = ("a" * 10_000) * 10_000\nHUGE = BLOCK * 10_000\n',
        'WIDE = f"{1:>2000000000}"\n',
        'PADDED = "1".zfill(2_000_000_000)\n',
    ]
    texts = [f"from dagster import asset\n{case}\n@asset\ndef after():\n    return 1\n" for case in cases]
    results = analyze_isolated(texts, timeout=20, memory_mb=1024)
    assert results == [{"keys": [["after"]], "syntax_error": None}] * len(cases)


def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    workspace = analyze(tmp_path, {"empty.py": "", "blank.py": "\n\n   \n", "good.py": GOOD})
    assert workspace.modules["empty.py"].syntax_error is None
    assert workspace.modules["blank.py"].assets == ()
    assert keys(workspace) == {("good",)}


def test_only_regular_files_are_discovered_and_a_huge_one_is_reported_unread(tmp_path: Path) -> None:
    import os

    from assetlens.analyzer import analyze_workspace
    from assetlens.analyzer.files import MAX_FILE_BYTES
    from assetlens.analyzer.project import discover_files

    (tmp_path / "good.py").write_text(GOOD)
    os.mkfifo(tmp_path / "fifo.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    (tmp_path / "huge.py").write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert discover_files(tmp_path) == ["good.py", "huge.py"]
    workspace = analyze_workspace(tmp_path, use_cache=False)
    assert keys(workspace) == {("good",)}
    problem = workspace.modules["huge.py"].syntax_error
    assert problem is not None and problem.message.startswith("file too large to analyse (")
