"""Hover, definition, references, document highlight and call hierarchy, end to end."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_hover_over_a_parameter_describes_the_upstream_asset(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=harness.position_of(text, "raw_orders, customers", offset_in_needle=3))
    )
    value = hover.contents.value
    assert "raw_orders" in value and "code version" in value and "raw" in value
    assert "Every order, as the shop's database has it." in value
    assert "daily_orders" in value and "order_count" in value  # downstream
    start = harness.position_of(text, "raw_orders, customers")
    assert hover.range.start == start


async def test_hover_over_a_definition_lists_its_lineage(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=harness.position_of(text, "def daily_orders", offset_in_needle=6))
    )
    value = hover.contents.value
    assert "daily_orders" in value
    assert "upstream" in value and "customers" in value and "raw_orders" in value
    assert "report" in value  # downstream through deps=["daily_orders"]


async def test_hover_away_from_assets_is_empty(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=harness.position_of(text, "sum(order"))
    )
    assert hover is None


async def test_definition_of_references_across_files(client: LanguageClient, harness: Harness) -> None:
    marts = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    raw_text = (harness.root / "shop/raw.py").read_text()
    for needle in ("raw_orders, customers", '"raw_orders")', "payments"):
        locations = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc(marts), position=harness.position_of(text, needle, offset_in_needle=2))
        )
        assert locations, needle
        target = locations[0]
        assert target.uri == harness.uri("shop/raw.py")
        name = needle.strip('"').split(",")[0].split('"')[0]
        assert target.range.start == harness.position_of(raw_text, f"def {name}", offset_in_needle=4)


async def test_references_list_every_dependent_and_the_definition(client: LanguageClient, harness: Harness) -> None:
    raw = harness.uri("shop/raw.py")
    raw_text = (harness.root / "shop/raw.py").read_text()
    locations = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(raw),
            position=harness.position_of(raw_text, "def raw_orders", offset_in_needle=5),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    files = sorted(location.uri.rsplit("/", 1)[-1] for location in locations)
    assert files == ["intl.py", "marts.py", "marts.py", "raw.py"]
    without = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(raw),
            position=harness.position_of(raw_text, "def raw_orders", offset_in_needle=5),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert len(without) == 3


async def test_document_highlight_marks_definition_and_uses_in_the_file(client: LanguageClient, harness: Harness) -> None:
    marts = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    highlights = await client.text_document_document_highlight_async(
        types.DocumentHighlightParams(text_document=doc(marts), position=harness.position_of(text, "def daily_orders", offset_in_needle=5))
    )
    kinds = sorted(highlight.kind for highlight in highlights)
    assert kinds == [types.DocumentHighlightKind.Read, types.DocumentHighlightKind.Write]


async def test_call_hierarchy_is_lineage(client: LanguageClient, harness: Harness) -> None:
    if not harness.supports("text_document.call_hierarchy"):
        return  # Emacs' recorded capabilities have no call hierarchy
    marts = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    items = await client.text_document_prepare_call_hierarchy_async(
        types.CallHierarchyPrepareParams(text_document=doc(marts), position=harness.position_of(text, "def daily_orders", offset_in_needle=5))
    )
    assert [item.name for item in items] == ["daily_orders"]
    outgoing = await client.call_hierarchy_outgoing_calls_async(types.CallHierarchyOutgoingCallsParams(item=items[0]))
    assert sorted(call.to.name for call in outgoing) == ["customers", "raw_orders"]
    assert all(len(call.from_ranges) == 1 for call in outgoing)
    incoming = await client.call_hierarchy_incoming_calls_async(types.CallHierarchyIncomingCallsParams(item=items[0]))
    assert [call.from_.name for call in incoming] == ["report"]
    assert incoming[0].from_ranges[0].start == harness.position_of(text, '"daily_orders"')
