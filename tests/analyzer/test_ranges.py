"""Source ranges in code points (Python `str` indices) on lines with emoji and CJK text, where `ast`'s
columns count UTF-8 bytes; and which references a rename may rewrite in place (`renameable`)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assetlens.analyzer import AssetFact, DepRef

from .support import analyze, asset, source, text_at

WIDE = textwrap.dedent(
    '''\
    from dagster import AssetIn, AssetKey, AssetOut, AssetSpec, asset, multi_asset
    UP = "上游"

    @asset(name="订单_orders", deps=["🎉_party", AssetKey("客户"), AssetKey(["a", "b"]), UP, f"{UP}x"], code_version="v1🎉")
    def ignored(日本, plain):  # 注释 🎉
        return 1

    @asset(ins={"renamed_in": AssetIn("上游_key")}, code_version=(
        "多行"
    ))
    def 🎉_free_name_line(renamed_in):
        return 1

    @multi_asset(outs={"出力": AssetOut(), "keyed": AssetOut(key=AssetKey("鍵"))})
    def multi():
        return 1, 2

    spec = AssetSpec("🎉spec", deps=["仕様"])
    '''
).replace("def 🎉_free_name_line", "def free_name")  # a function name must be an identifier


def ref(fact: AssetFact, key: tuple[str, ...]) -> DepRef:
    (found,) = [item for item in fact.deps if item.key == key]
    return found


@pytest.fixture(scope="module")
def wide_facts():
    return source(WIDE)


def test_decorator_name_and_key_ranges_on_a_line_with_wide_characters(wide_facts) -> None:
    fact = asset(wide_facts, "订单_orders")
    assert text_at(WIDE, fact.decorator_range).startswith('@asset(name="订单_orders"')
    assert text_at(WIDE, fact.decorator_range).endswith('code_version="v1🎉")')
    assert text_at(WIDE, fact.name_range) == "ignored"
    assert text_at(WIDE, fact.key_range) == '"订单_orders"'
    assert fact.key_renameable
    assert text_at(WIDE, fact.code_version_range) == '"v1🎉"'
    assert fact.def_range is not None and fact.def_range.line == 4 and fact.def_range.end_line == 6


def test_dependency_ranges_on_a_line_with_wide_characters(wide_facts) -> None:
    fact = asset(wide_facts, "订单_orders")
    assert text_at(WIDE, ref(fact, ("日本",)).range) == "日本"
    assert text_at(WIDE, ref(fact, ("plain",)).range) == "plain"
    assert text_at(WIDE, ref(fact, ("🎉_party",)).range) == '"🎉_party"'
    assert text_at(WIDE, ref(fact, ("客户",)).range) == '"客户"'
    assert text_at(WIDE, ref(fact, ("a", "b")).range) == 'AssetKey(["a", "b"])'
    assert text_at(WIDE, ref(fact, ("上游x",)).range) == 'f"{UP}x"'


def test_a_multi_line_decorator_and_a_code_version_on_its_own_line(wide_facts) -> None:
    fact = asset(wide_facts, "free_name")
    assert fact.decorator_range is not None
    assert (fact.decorator_range.line, fact.decorator_range.end_line) == (8, 10)
    assert text_at(WIDE, fact.decorator_range).startswith("@asset(ins=")
    assert text_at(WIDE, fact.code_version_range) == '"多行"'
    assert text_at(WIDE, fact.name_range) == "free_name"
    assert text_at(WIDE, ref(fact, ("上游_key",)).range) == '"上游_key"'


def test_multi_asset_outputs_and_specs_point_at_their_literals(wide_facts) -> None:
    out = asset(wide_facts, "出力")
    assert text_at(WIDE, out.name_range) == '"出力"'
    keyed = asset(wide_facts, "鍵")
    assert text_at(WIDE, keyed.name_range) == '"keyed"'
    assert text_at(WIDE, keyed.key_range) == '"鍵"'
    spec = asset(wide_facts, "🎉spec")
    assert text_at(WIDE, spec.key_range) == '"🎉spec"'
    assert text_at(WIDE, spec.decorator_range) == 'AssetSpec("🎉spec", deps=["仕様"])'
    assert text_at(WIDE, ref(spec, ("仕様",)).range) == '"仕様"'


def test_renameable_only_for_literals_and_parameters_written_in_the_file(wide_facts) -> None:
    fact = asset(wide_facts, "订单_orders")
    assert ref(fact, ("日本",)).renameable  # a parameter
    assert ref(fact, ("🎉_party",)).renameable  # a string literal
    assert ref(fact, ("客户",)).renameable  # AssetKey("...") of one literal part
    assert not ref(fact, ("a", "b")).renameable  # several parts: not one literal that spells the key
    assert not ref(fact, ("上游x",)).renameable  # an f-string
    assert not asset(wide_facts, "出力").key_renameable  # the out name is not the whole key's spelling


def test_nothing_made_by_a_factory_is_renameable(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "assets.py": """
            from dagster import asset

            def make(name, upstream):
                @asset(name=name, deps=[upstream, "literal_in_factory"])
                def _made(param_in_factory):
                    return 1
                return _made

            made = make("made", "passed_in")
            """,
        },
    )
    made = asset(workspace, "made")
    assert made.key_range is None and not made.key_renameable
    assert not any(item.renameable for item in made.deps)
    text = (tmp_path / "assets.py").read_text(encoding="utf-8")
    assert text_at(text, made.decorator_range) == 'make("made", "passed_in")'  # shown at the call site


def test_values_imported_from_another_module_have_no_range_in_the_importer(tmp_path: Path) -> None:
    workspace = analyze(
        tmp_path,
        {
            "names.py": 'NAME = "orders"\nVERSION = "1"\nUPSTREAM = "raw_orders"\n',
            "assets.py": """
            from dagster import AssetKey, asset
            from names import NAME, UPSTREAM, VERSION

            @asset(name=NAME, code_version=VERSION, deps=[UPSTREAM, AssetKey(UPSTREAM + "_v2")])
            def direct():
                return 1
            """,
        },
    )
    fact = asset(workspace, "orders")
    assert (fact.key_range, fact.key_renameable) == (None, False)
    assert fact.code_version_range is None
    assert not any(item.renameable for item in fact.deps)


def test_syntax_error_positions_count_code_points() -> None:
    text = 'name = "🎉🎉"; other = )\n'
    facts = source(text)
    assert facts.syntax_error is not None
    assert facts.syntax_error.range is not None
    assert text_at(text, facts.syntax_error.range) == ")"


def test_the_name_range_of_a_function_with_a_non_ascii_name() -> None:
    text = textwrap.dedent(
        """\
        from dagster import asset

        @asset(name="orders")
        def 注文():
            return 1
        """
    )
    assert text_at(text, asset(source(text), "orders").name_range) == "注文"


@pytest.mark.parametrize("separator", ["\x0c", "\u2028"])
def test_ranges_after_a_form_feed_or_line_separator(separator: str) -> None:
    text = (
        "from dagster import asset\n"
        f"# section{separator}break\n"
        '@asset(description="🎉🎉🎉", deps=["upstream"])\n'
        "def orders():\n"
        "    return 1\n"
    )
    fact = asset(source(text), "orders")
    assert text_at(text, fact.decorator_range) == '@asset(description="🎉🎉🎉", deps=["upstream"])'
    assert text_at(text, ref(fact, ("upstream",)).range) == '"upstream"'


def test_the_decorator_range_includes_the_at_sign_when_spaced() -> None:
    text = "from dagster import asset\n\n@ asset\ndef orders():\n    return 1\n"
    assert text_at(text, asset(source(text), "orders").decorator_range) == "@ asset"
