"""Hover, highlight and references on the uses of an asset's input inside its function body, and
prepareRename on an `AssetSpec` (issue 12)."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_hover_highlight_and_references_on_a_use_in_the_body(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    use = harness.position_of(text, "in raw_orders)", offset_in_needle=5)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=use))
    assert hover is not None and "raw_orders" in hover.contents.value
    assert hover.range.start == harness.position_of(text, "raw_orders)")
    highlights = await client.text_document_document_highlight_async(types.DocumentHighlightParams(text_document=doc(uri), position=use))
    starts = sorted((item.range.start.line, item.range.start.character) for item in highlights)
    expected = sorted(
        (position.line, position.character)
        for position in (
            harness.position_of(text, "raw_orders, customers"),  # the parameter
            harness.position_of(text, "raw_orders)"),  # its use in the body
            harness.position_of(text, '"raw_orders"'),  # AssetIn(key="raw_orders") of another asset
            harness.position_of(text, "orders)", 2),  # and that asset's use of its input
        )
    )
    assert starts == expected
    locations = await client.text_document_references_async(
        types.ReferenceParams(text_document=doc(uri), position=use, context=types.ReferenceContext(include_declaration=True))
    )
    assert harness.uri("shop/raw.py") in {location.uri for location in locations}
    # a name in the body that is not an input answers nothing
    other = harness.position_of(text, "total = ", offset_in_needle=1)
    assert await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=other)) is None


async def test_an_ins_input_used_in_the_body(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    use = harness.position_of(text, "len(orders)", offset_in_needle=5)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=use))
    assert hover is not None and "raw_orders" in hover.contents.value


async def test_prepare_rename_on_an_asset_spec_selects_the_name(client: LanguageClient, harness: Harness) -> None:
    if not harness.supports("text_document.rename.prepare_support"):
        return
    uri = harness.open(
        "shop/specs.py",
        'import dagster as dg\n\nexternal = dg.AssetSpec("external_table", group_name="raw")\n'
        'other = dg.AssetSpec(key="other_table")\nthird = dg.AssetSpec(key=dg.AssetKey("third_table"), deps=["other_table"])\n',
    )
    await harness.until_diagnostics(uri, lambda items: True)
    text = harness.texts[uri]
    for name in ("other_table", "third_table"):
        anchor = f'AssetSpec(key="{name}' if name == "other_table" else "AssetSpec(key=dg.AssetKey"
        prepared = await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc(uri), position=harness.position_of(text, anchor, offset_in_needle=2))
        )
        assert prepared is not None and prepared.placeholder == name
        assert prepared.range.start == harness.position_of(text, name)
    for position in (harness.position_of(text, "AssetSpec", offset_in_needle=2), harness.position_of(text, "external_table", offset_in_needle=3)):
        prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc(uri), position=position))
        assert prepared is not None and prepared.placeholder == "external_table"
        assert prepared.range.start == harness.position_of(text, "external_table")
        assert prepared.range.end == harness.position_of(text, "external_table", offset_in_needle=len("external_table"))
