"""What an editor sends while someone types (issue 13 item 6, issue 12): a non-ASCII name in the
statement, `@asset(name="")` with auto-closed quotes, keys typed inside `AssetKey("…")` — the server
keeps answering and keeps re-analysing."""
from __future__ import annotations

import pytest
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


async def test_an_asset_is_never_offered_in_its_own_deps(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", 'import dagster as dg\n\n\n@dg.asset(deps=["fre"])\ndef fresh():\n    return 1\n\n\n@dg.asset\ndef freshest():\n    return 2\n')
    await harness.until_diagnostics(uri, lambda items: True)
    items = await complete(client, harness, uri, '"fre')
    assert [item.label for item in items] == ["freshest"]
    # while the text does not parse (the string is not closed yet)
    text = harness.texts[uri]
    start = harness.position_of(text, '"fre"', offset_in_needle=4)
    end = harness.position_of(text, '"fre"])', offset_in_needle=len('"fre"])'))
    harness.edit(uri, start, end, "")
    items = await complete(client, harness, uri, '"fre')
    assert [item.label for item in items] == ["freshest"]


async def test_keys_complete_inside_an_asset_key_string(client: LanguageClient, harness: Harness) -> None:
    for source in (
        'import dagster as dg\n\nKEY = dg.AssetKey("cus")\n',
        'import dagster as dg\n\n\n@dg.asset(deps=[dg.AssetKey("cus")])\ndef fresh():\n    return 1\n',
        'from dagster import AssetKey, AssetIn, asset\n\n\n@asset(ins={"c": AssetIn(key=AssetKey("cus',  # still being typed
    ):
        uri = harness.open("shop/new.py", source)
        items = await complete(client, harness, uri, 'AssetKey("cus')
        assert [item.label for item in items][:1] == ["customers"], source
        assert items[0].text_edit.new_text == "customers"


@pytest.mark.initialization_options([])
async def test_initialization_options_as_an_empty_list_are_empty_settings(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/typos.py")
    await harness.until_diagnostics(uri, lambda items: [item.code for item in items] == ["AL002"])
    assert not client.messages  # no "settings must be an object" warning


async def test_a_longer_key_typed_in_an_asset_key_string_becomes_its_parts(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/new.py", 'import dagster as dg\n\n\n@dg.asset(deps=[dg.AssetKey("fin")])\ndef fresh():\n    return 1\n')
    items = await complete(client, harness, uri, 'AssetKey("fin')
    by_label = {item.label: item for item in items}
    edit = types.WorkspaceEdit(changes={uri: [by_label["finance/payments"].text_edit]})
    assert 'deps=[dg.AssetKey(["finance", "payments"])]' in harness.apply_workspace_edit(edit)["shop/new.py"]
