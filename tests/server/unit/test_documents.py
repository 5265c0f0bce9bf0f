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


ODD_BREAKS = "\f\v\x1c\x1d\x1e\x85\u2028\u2029"


def test_pygls_own_copy_follows_lsp_lines_too() -> None:
    """pygls keeps a copy of each open document as well; after `follow_lsp_lines` its lines are LSP's."""
    from pygls.workspace import Workspace

    from assetlens.server.documents import LspTextDocument, follow_lsp_lines

    workspace = Workspace("file:///w", types.TextDocumentSyncKind.Incremental)
    follow_lsp_lines(workspace)
    text = f"# a{ODD_BREAKS}b\r\nc = 1\rd = 2\n"
    workspace.put_text_document(types.TextDocumentItem(uri="file:///w/a.py", language_id="python", version=1, text=text))
    document = workspace.get_text_document("file:///w/a.py")
    assert isinstance(document, LspTextDocument)
    assert document.lines == (f"# a{ODD_BREAKS}b\r\n", "c = 1\r", "d = 2\n")
    workspace.update_text_document(
        types.VersionedTextDocumentIdentifier(uri="file:///w/a.py", version=2), change((2, 0), (2, 1), "e")
    )
    assert document.source == f"# a{ODD_BREAKS}b\r\nc = 1\re = 2\n"
    assert document.offset_at_position(types.Position(1, 2)) == len(f"# a{ODD_BREAKS}b\r\nc ")


def test_random_edits_over_odd_line_breaks_match_a_reference() -> None:
    """Seeded random edits over text full of odd breaks: the server's copy equals the editor's."""
    import random
    import re

    rng = random.Random(13)
    pieces = ["a", "é", "🎉", "\n", "\r\n", "\r", *ODD_BREAKS]
    documents = Documents(Converter(UTF16))
    text = "".join(rng.choice(pieces) for _ in range(200))
    documents.open("file:///a.py", 1, text)
    for version in range(2, 400):
        starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        offsets = sorted(rng.randrange(len(text) + 1) for _ in range(2))
        offsets = [o - 1 if 0 < o < len(text) and text[o - 1 : o + 1] == "\r\n" else o for o in offsets]

        def position(offset: int) -> types.Position:
            line = max(index for index, start in enumerate(starts) if start <= offset)
            return types.Position(line, len(text[starts[line] : offset].encode("utf-16-le")) // 2)

        new_text = "".join(rng.choice(pieces) for _ in range(rng.randrange(4)))
        edit = types.TextDocumentContentChangePartial(
            range=types.Range(start=position(offsets[0]), end=position(offsets[1])), text=new_text
        )
        text = text[: offsets[0]] + new_text + text[offsets[1] :]
        assert documents.change("file:///a.py", version, [edit]).text == text
