"""Positions in source with CJK and emoji, in the position encoding each editor negotiated (VS Code:
UTF-16, Neovim 0.10: UTF-8, Emacs: UTF-32)."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_diagnostic_ranges_after_emoji_and_cjk(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/intl.py")
    text = (harness.root / "shop/intl.py").read_text(encoding="utf-8")
    items = await harness.until_diagnostics(uri, lambda items: bool(items))
    assert items[0].range.start == harness.position_of(text, '"missing_upstream"')
    assert items[0].range.end == harness.position_of(text, '"missing_upstream"', offset_in_needle=len('"missing_upstream"'))


async def test_definition_and_hover_from_after_emoji(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/intl.py")
    text = (harness.root / "shop/intl.py").read_text(encoding="utf-8")
    position = harness.position_of(text, '"raw_orders"', offset_in_needle=4)
    locations = await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=position))
    assert [location.uri for location in locations] == [harness.uri("shop/raw.py")]
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert hover.range.start == harness.position_of(text, '"raw_orders"')
    assert hover.range.end == harness.position_of(text, '"raw_orders"', offset_in_needle=len('"raw_orders"'))


async def test_incremental_edits_between_emoji_keep_positions_right(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/intl.py")
    text = harness.texts[uri]
    # insert more emoji and CJK right before the reference, on its line
    at = harness.position_of(text, 'deps=["missing_upstream"]')
    harness.edit(uri, at, at, "tags={'🎉': '注文'}, ")
    text = harness.texts[uri]
    items = await harness.until_diagnostics(
        uri, lambda items: bool(items) and items[0].range.start == harness.position_of(harness.texts[uri], '"missing_upstream"')
    )
    assert items[0].range.end == harness.position_of(text, '"missing_upstream"', offset_in_needle=len('"missing_upstream"'))
    # and replace the reference through a range that ends after an astral character
    start = harness.position_of(text, "missing_upstream")
    end = harness.position_of(text, "missing_upstream", offset_in_needle=len("missing_upstream"))
    harness.edit(uri, start, end, "raw_orders")
    await harness.until_diagnostics(uri, lambda items: items == [])
    assert "raw_orders" in harness.texts[uri]
