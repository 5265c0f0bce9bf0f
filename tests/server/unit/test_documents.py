"""The server's copy of open documents, kept in step with incremental edits."""
from __future__ import annotations

from lsprotocol import types

from assetlens.server.convert import UTF8, UTF16, Converter
from assetlens.server.documents import Documents


def change(start: tuple[int, int], end: tuple[int, int], text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=text
    )


def test_incremental_edits_after_form_feeds_and_line_separators_land_where_lsp_says() -> None:
    documents = Documents(Converter(UTF16))
    documents.open("file:///a.py", 1, 'x = "\u2028"\n\x0cy = 1\nz = 2\n')
    document = documents.change("file:///a.py", 2, [change((2, 0), (2, 1), "w")])
    assert document.text == 'x = "\u2028"\n\x0cy = 1\nw = 2\n'
    assert document.version == 2


def test_edits_count_columns_in_the_negotiated_encoding() -> None:
    documents = Documents(Converter(UTF8))
    documents.open("file:///a.py", 1, "s = '🎉'; t = 1\n")
    document = documents.change("file:///a.py", 2, [change((0, 12), (0, 13), "u")])
    assert document.text == "s = '🎉'; u = 1\n"


def test_several_changes_apply_in_order_and_full_changes_replace() -> None:
    documents = Documents(Converter(UTF16))
    documents.open("file:///a.py", 1, "a\nb\n")
    document = documents.change(
        "file:///a.py",
        2,
        [change((0, 0), (0, 1), "A"), change((1, 0), (1, 1), "B\nC"), types.TextDocumentContentChangeWholeDocument(text="new")],
    )
    assert document.text == "new"
    document = documents.change("file:///a.py", 3, [change((0, 3), (0, 3), "\r\nx"), change((1, 1), (1, 1), "y")])
    assert document.text == "new\r\nxy"


def test_out_of_range_edits_are_clamped_and_unknown_documents_ignored() -> None:
    documents = Documents(Converter(UTF16))
    documents.open("file:///a.py", 1, "abc\n")
    document = documents.change("file:///a.py", 2, [change((7, 3), (9, 9), "!"), change((0, 99), (0, 2), "?")])
    assert document.text == "abc?\n!"
    assert documents.change("file:///never-opened.py", 1, [change((0, 0), (0, 0), "x")]) is None
    assert documents.close("file:///never-opened.py") is None
