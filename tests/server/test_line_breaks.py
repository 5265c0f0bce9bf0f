"""Documents with characters that `str.splitlines` breaks lines at but LSP does not (form feed,
vertical tab, \\x1c-\\x1e, NEL, U+2028, U+2029): incremental edits land where the editor put them and the
rename and quick-fix edits computed afterwards are exactly right (issue 13: they used to corrupt files)."""
from __future__ import annotations

import ast

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness

ODD_BREAKS = ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def odd_source() -> str:
    """A module whose comments and strings hold every odd break, before the assets it defines."""
    comments = "".join(f"# before{index}{char}after{index}\n" for index, char in enumerate(ODD_BREAKS))
    return (
        "import dagster as dg\n"
        f"{comments}"
        "\f\n"
        '@dg.asset(description="a\\u2028b \u2028 c \x85 d \f e")\n'
        "def up():\n"
        '    """x\u2029y\v z"""\n'
        "    return 1\n"
        "\n\n"
        '@dg.asset(deps=["up"])  # \u2028 \x1c trailing\n'
        "def down():\n"
        "    return 2\n"
    )


async def test_incremental_edits_then_rename_after_odd_line_breaks(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/odd.py", odd_source())
    await harness.until_diagnostics(uri, lambda items: items == [])
    # edits after the odd breaks: each lands where the editor put it, or the server's copy drifts
    text = harness.texts[uri]
    at = harness.position_of(text, "def down():\n", offset_in_needle=len("def down():\n"))
    harness.edit(uri, at, at, '    """down \u2028 doc"""\n')
    text = harness.texts[uri]
    start = harness.position_of(text, '["up"]', offset_in_needle=1)
    harness.edit(uri, start, start, "")
    at = harness.position_of(text, "# before3", offset_in_needle=len("# before3"))
    harness.edit(uri, at, at, "\x85\u2028")
    text = harness.texts[uri]
    # ask for a definition of the dep: only a server whose copy is right finds `up` there
    position = harness.position_of(text, '"up"]', offset_in_needle=2)
    locations = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=position))
    assert locations and locations[0].range.start == harness.position_of(text, "up():")
    position = harness.position_of(text, "def up", offset_in_needle=5)
    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=position, new_name="upstream"))
    changed = harness.apply_workspace_edit(edit)
    expected = text.replace("def up():", "def upstream():").replace('deps=["up"]', 'deps=["upstream"]')
    assert changed["shop/odd.py"] == expected
    ast.parse(changed["shop/odd.py"])


async def test_quick_fix_after_odd_line_breaks(client: LanguageClient, harness: Harness) -> None:
    source = odd_source().replace('deps=["up"]', 'deps=["upp"]')
    uri = harness.open("shop/odd.py", source)
    diagnostics = await harness.until_diagnostics(uri, lambda items: any(item.code == "AL002" for item in items))
    text = harness.texts[uri]
    assert diagnostics[0].range.start == harness.position_of(text, '"upp"')
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix]),
        )
    )
    changed = harness.apply_workspace_edit(actions[0].edit)
    assert changed["shop/odd.py"] == text.replace('deps=["upp"]', 'deps=["up"]')


async def test_suppressions_and_crlf_after_odd_line_breaks(client: LanguageClient, harness: Harness) -> None:
    """A suppression comment counts on the line ast and LSP give it; CR and CRLF lines mixed in."""
    source = odd_source().replace('deps=["up"]', 'deps=["nope"]').replace("def down():\n", "def down():\r\n")
    source = source.replace("# \u2028 \x1c trailing", "# \u2028 \x1c assetlens: ignore[AL002]")
    source += '\r@dg.asset(deps=["gone"])\rdef last():\r    return 3\r'
    uri = harness.open("shop/odd.py", source)
    items = await harness.until_diagnostics(uri, lambda items: bool(items))
    assert [(item.code, item.range.start) for item in items] == [("AL002", harness.position_of(source, '"gone"'))]
    # an edit after the CR-only lines: the range is where the editor put it
    at = harness.position_of(source, '"gone"', offset_in_needle=1)
    end = harness.position_of(source, '"gone"', offset_in_needle=5)
    harness.edit(uri, at, end, "up")
    await harness.until_diagnostics(uri, lambda items: items == [])
