"""What an editor sends while someone types (issue 13 item 6, issue 12): a non-ASCII name in the
statement, `@asset(name="")` with auto-closed quotes, keys typed inside `AssetKey("…")` — the server
keeps answering and keeps re-analysing."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def complete(client: LanguageClient, harness: Harness, uri: str, needle_end: str, occurrence: int = 0) -> list[types.CompletionItem]:
    text = harness.texts[uri]
    position = harness.position_of(text, needle_end, occurrence, offset_in_needle=len(needle_end))
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=position))
    assert result is not None
    return result.items if isinstance(result, types.CompletionList) else result


async def test_completion_with_non_ascii_identifiers_in_the_statement(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open(
        "shop/new.py",
        'import dagster as dg\n\nnaïve = "x"\n\n\n@dg.asset(deps=[naïve, "cus"], tags={"注文": 注文})\ndef données(raw_):\n    return 1\n',
    )
    items = await complete(client, harness, uri, '"cus')
    assert [item.label for item in items][:1] == ["customers"]
    items = await complete(client, harness, uri, "def données(raw_")
    assert [item.label for item in items] == ["raw_orders"]
    assert items[0].text_edit.range.start == harness.position_of(harness.texts[uri], "raw_)")


async def test_an_empty_asset_name_being_typed_does_not_stop_reanalysis(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", 'import dagster as dg\n\n\n@dg.asset(deps=["raw_order"])\ndef fresh():\n    return 1\n')
    await harness.until_diagnostics(uri, lambda items: [item.code for item in items] == ["AL002"])
    text = harness.texts[uri]
    at = harness.position_of(text, "@dg.asset(", offset_in_needle=len("@dg.asset("))
    harness.edit(uri, at, at, 'name="", ')  # what the editor shows right after `name=` with auto-closed quotes
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=harness.position_of(harness.texts[uri], '"raw_order"', offset_in_needle=2))
    )
    del hover  # any answer (or none) will do: the server is alive
    # further edits are still analysed: fix the typo, then type the name
    text = harness.texts[uri]
    start = harness.position_of(text, '"raw_order"', offset_in_needle=1)
    end = harness.position_of(text, '"raw_order"', offset_in_needle=10)
    harness.edit(uri, start, end, "raw_orders")
    await harness.until_diagnostics(uri, lambda items: "AL002" not in [item.code for item in items])
    text = harness.texts[uri]
    at = harness.position_of(text, 'name=""', offset_in_needle=6)
    harness.edit(uri, at, at, "renamed")
    await harness.until_diagnostics(uri, lambda items: "AL002" not in [item.code for item in items])
    symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="renamed"))
    assert [symbol.name for symbol in symbols or []] == ["renamed"]
