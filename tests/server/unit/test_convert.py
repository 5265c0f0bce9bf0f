"""The conversion module: columns in every position encoding, clamping, line breaks, URIs, edits."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from assetlens.analyzer.facts import Diagnostic, Range, Related, TextEdit
from assetlens.server.convert import (
    UTF8,
    UTF16,
    UTF32,
    Converter,
    FileView,
    LineIndex,
    column_to_units,
    key_from_wire,
    path_to_uri,
    plain,
    relative_file,
    split_lines,
    units_to_column,
    uri_to_path,
)

LINE = 'x = "注文 🎉 done"'  # CJK (one UTF-16 unit each, three UTF-8 bytes) and an emoji (two units, four bytes)


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [(UTF16, [0, 5, 6, 7, 8, 10, 11]), (UTF8, [0, 5, 8, 11, 12, 16, 17]), (UTF32, [0, 5, 6, 7, 8, 9, 10])],
)
def test_columns_round_trip_in_every_encoding(encoding: str, expected: list[int]) -> None:
    columns = [0, 5, 6, 7, 8, 9, 10]
    assert [column_to_units(LINE, column, encoding) for column in columns] == expected
    assert [units_to_column(LINE, units, encoding) for units in expected] == columns


def test_a_column_inside_a_surrogate_pair_is_the_character_start() -> None:
    emoji_at = LINE.index("🎉")
    assert units_to_column(LINE, column_to_units(LINE, emoji_at, UTF16) + 1, UTF16) == emoji_at
    assert units_to_column(LINE, column_to_units(LINE, emoji_at, UTF8) + 3, UTF8) == emoji_at


def test_columns_past_the_line_end_are_the_line_end() -> None:
    assert units_to_column(LINE, 500, UTF16) == len(LINE)
    assert column_to_units(LINE, 500, UTF16) == column_to_units(LINE, len(LINE), UTF16)
    assert units_to_column(LINE, -3, UTF16) == 0


def test_lines_break_where_lsp_and_python_break_them() -> None:
    text = "a\r\nb\rc\nd\x0ce\u2028f\x1cg\n"
    assert split_lines(text) == ["a", "b", "c", "d\x0ce\u2028f\x1cg", ""]
    index = LineIndex(text)
    assert [index.line_start(i) for i in range(index.line_count)] == [0, 3, 5, 7, len(text)]


def test_analyzer_ranges_become_lsp_ranges_clamped_to_the_text() -> None:
    converter = Converter(UTF16)
    lines = LineIndex(f"import dagster\n{LINE}\n")
    start = LINE.index("🎉")
    lsp = converter.range(lines, Range(2, start, 2, start + 1))
    assert lsp == types.Range(start=types.Position(line=1, character=8), end=types.Position(line=1, character=10))
    beyond = converter.range(lines, Range(40, 2, 41, 0))
    assert beyond.start.line == beyond.end.line == 2  # the empty last line
    assert converter.range(lines, None) == types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
    reversed_range = converter.range(lines, Range(2, 5, 1, 0))
    assert reversed_range.end == reversed_range.start


def test_lsp_positions_become_analyzer_cursors_clamped_to_the_text() -> None:
    converter = Converter(UTF16)
    lines = LineIndex(f"a\n{LINE}")
    assert converter.cursor(lines, types.Position(line=1, character=10)) == (2, LINE.index("🎉") + 1)
    assert converter.cursor(lines, types.Position(line=9, character=0)) == (2, len(LINE))
    assert converter.cursor(lines, types.Position(line=0, character=99)) == (1, 1)


def test_offsets_count_code_points_and_line_terminators() -> None:
    text = "ab\r\n🎉c\nd"
    converter = Converter(UTF16)
    lines = LineIndex(text)
    assert converter.offset(lines, types.Position(line=1, character=2)) == text.index("c")
    assert converter.offset(lines, types.Position(line=2, character=1)) == len(text)


def test_an_unknown_encoding_falls_back_to_utf16() -> None:
    assert Converter("utf-7").encoding == UTF16


def test_diagnostics_carry_code_severity_related_information_and_key() -> None:
    converter = Converter(UTF16)
    view = FileView("file:///w/a.py", LineIndex("x = 1\n"), 3)
    other = FileView("file:///w/b.py", LineIndex("🎉y = 2\n"), None)
    diagnostic = Diagnostic(
        code="AL002",
        name="missing-upstream",
        message="missing",
        file="a.py",
        range=Range(1, 0, 1, 1),
        severity="warning",
        related=(Related("b.py", Range(1, 1, 1, 2), "defined here"),),
        key=("raw", "orders"),
    )
    lsp = converter.diagnostic(diagnostic, view, lambda file: other)
    assert lsp.code == "AL002" and lsp.source == "assetlens"
    assert lsp.severity == types.DiagnosticSeverity.Warning
    assert lsp.related_information[0].location.uri == "file:///w/b.py"
    assert lsp.related_information[0].location.range.start.character == 2
    assert lsp.data == {"name": "missing-upstream", "key": ["raw", "orders"]}


def test_a_diagnostic_sent_to_the_client_is_bounded_whatever_the_analyzer_says() -> None:
    """A cycle through 500 assets named all 500 in each diagnostic: 50 MB for one keystroke (issue 13)."""
    from assetlens.server.convert import MAX_MESSAGE, MAX_RELATED

    converter = Converter(UTF16)
    view = FileView("file:///w/a.py", LineIndex("x = 1\n"), 3)
    diagnostic = Diagnostic(
        code="AL001",
        name="cycle",
        message="cycle: " + " -> ".join(f"asset_{index}" for index in range(500)),
        file="a.py",
        range=Range(1, 0, 1, 1),
        related=tuple(Related("a.py", Range(1, 0, 1, 1), f"asset_{index} " * 100) for index in range(500)),
    )
    lsp = converter.diagnostic(diagnostic, view, lambda file: view)
    assert len(lsp.related_information) == MAX_RELATED
    assert all(len(item.message) <= 300 for item in lsp.related_information)
    assert lsp.message.startswith("cycle: asset_0 -> asset_1")
    assert lsp.message.endswith(f"({500 - MAX_RELATED} more related locations not shown)")
    assert len(lsp.message) < MAX_MESSAGE + 60


def test_workspace_edits_are_versioned_document_changes_or_a_change_map() -> None:
    converter = Converter(UTF16)
    views = {"a.py": FileView("file:///w/a.py", LineIndex("🎉 = 1\n"), 7), "b.py": FileView("file:///w/b.py", LineIndex("b\n"))}
    edits = [TextEdit("a.py", Range(1, 0, 1, 1), "x"), TextEdit("b.py", Range(1, 0, 1, 1), "y")]
    versioned = converter.workspace_edit(edits, views.__getitem__, document_changes=True)
    first = versioned.document_changes[0]
    assert first.text_document.version == 7
    assert first.edits[0].range.end.character == 2
    assert versioned.document_changes[1].text_document.version is None
    mapping = converter.workspace_edit(edits, views.__getitem__, document_changes=False)
    assert set(mapping.changes) == {"file:///w/a.py", "file:///w/b.py"}


def test_uris_and_relative_files(tmp_path: Path) -> None:
    path = tmp_path / "a b" / "é#x.py"
    uri = path_to_uri(path)
    assert uri_to_path(uri) == path
    assert uri_to_path("untitled:Untitled-1") is None
    assert uri_to_path(42) is None  # type: ignore[arg-type]
    assert relative_file(tmp_path, path) == "a b/é#x.py"
    assert relative_file(tmp_path / "a b", tmp_path / "c.py") is None


def test_keys_from_the_wire() -> None:
    assert key_from_wire(["raw", "orders"]) == ("raw", "orders")
    assert key_from_wire("raw/orders") == ("raw", "orders")
    assert key_from_wire([]) is None
    assert key_from_wire([1]) is None
    assert key_from_wire(None) is None


def test_plain_turns_pygls_namedtuples_into_json_values() -> None:
    from collections import namedtuple

    Inner = namedtuple("Object", ["depth"])
    Outer = namedtuple("Object", ["key", "inner"])
    assert plain(Outer(["a"], Inner(2))) == {"key": ["a"], "inner": {"depth": 2}}
