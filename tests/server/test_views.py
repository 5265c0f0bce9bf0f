"""Code lenses, document and workspace symbols, inlay hints and the `assetlens/graph` request."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness, plain


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_code_lenses_count_lineage_and_offer_materialize(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc(uri)))
    daily_line = harness.position_of(text, "@dg.asset\ndef daily_orders").line
    daily = [lens for lens in lenses if lens.range.start.line == daily_line]
    assert [lens.command.title for lens in daily] == [
        "↑ 2 upstream · ↓ 1 downstream",
        "▶ Materialize",
        "▶ Materialize with upstream",
        "never materialized",
    ]
    assert daily[0].command.command == "assetlens.showLineage"
    assert list(daily[0].command.arguments) == [{"key": ["daily_orders"]}]
    assert daily[1].command.command == "assetlens.server.materialize"
    assert list(daily[1].command.arguments) == [{"key": ["daily_orders"], "upstream": False}]
    assert list(daily[2].command.arguments) == [{"key": ["daily_orders"], "upstream": True}]
    assert daily[3].command.command == "assetlens.showStatus"
    assert list(daily[3].command.arguments) == [{"key": ["daily_orders"]}]
    assert len(lenses) == 3 * 4  # three assets in the file
    # every lens runs in any LSP editor: its command is one the server advertises and executes
    advertised = set(harness.server_capabilities.execute_command_provider.commands)
    assert {lens.command.command for lens in lenses} <= advertised


async def test_document_symbols_are_the_assets(client: LanguageClient, harness: Harness) -> None:
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc(harness.uri("shop/raw.py")))
    )
    assert [symbol.name for symbol in symbols] == ["raw_orders", "customers", "finance/payments"]
    assert all(symbol.kind == types.SymbolKind.Function for symbol in symbols)


async def test_workspace_symbols_match_keys(client: LanguageClient, harness: Harness) -> None:
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="fin/pay"))
    assert [symbol.name for symbol in found] == ["finance/payments"]
    everything = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert len(everything) == 9
    orders = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="orders"))
    assert [symbol.name for symbol in orders][:2] == ["raw_orders", "daily_orders"]


async def test_inlay_hints_show_keys_that_differ_from_the_function_name(client: LanguageClient, harness: Harness) -> None:
    if not harness.supports("text_document.inlay_hint"):
        return  # VS Code 1.65's recorded capabilities predate inlay hints
    uri = harness.uri("shop/raw.py")
    text = (harness.root / "shop/raw.py").read_text()
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=doc(uri), range=types.Range(start=types.Position(0, 0), end=types.Position(len(text.splitlines()), 0))
        )
    )
    assert [hint.label for hint in hints] == ["→ finance/payments"]
    assert hints[0].position == harness.position_of(text, "def payments", offset_in_needle=len("def payments"))


async def graph(client: LanguageClient, params: dict) -> dict:
    return plain(await client.protocol.send_request_async("assetlens/graph", params))


async def test_graph_request_neighbourhood_file_and_whole(client: LanguageClient, harness: Harness) -> None:
    result = await graph(client, {"key": ["daily_orders"], "depth": 1})
    nodes = {node["id"]: node for node in result["nodes"]}
    assert set(nodes) == {"daily_orders", "raw_orders", "customers", "report"}
    assert nodes["daily_orders"]["focus"] is True and nodes["report"]["focus"] is False
    assert nodes["raw_orders"]["codeVersion"] == "1" and nodes["raw_orders"]["group"] == "raw"
    assert nodes["raw_orders"]["uri"] == harness.uri("shop/raw.py")
    raw_text = (harness.root / "shop/raw.py").read_text()
    start = harness.position_of(raw_text, "def raw_orders", offset_in_needle=4)
    assert nodes["raw_orders"]["range"]["start"] == {"line": start.line, "character": start.character}
    edges = {(edge["source"], edge["target"]) for edge in result["edges"]}
    assert edges == {("raw_orders", "daily_orders"), ("customers", "daily_orders"), ("daily_orders", "report")}
    assert result["totalAssets"] == 9 and result["truncated"] is False
    whole = await graph(client, {})
    assert len(whole["nodes"]) == 11  # nine assets, and the undefined `missing_upstream` and `raw_order`
    assert {node["kind"] for node in whole["nodes"] if node["uri"] is None} == {"undefined"}
    by_file = await graph(client, {"uri": harness.uri("shop/raw.py"), "depth": 0})
    assert sorted(node["id"] for node in by_file["nodes"]) == ["customers", "finance/payments", "raw_orders"]
    assert all(node["focus"] for node in by_file["nodes"])


async def test_graph_request_rejects_bad_params(client: LanguageClient, harness: Harness) -> None:
    import pytest
    from pygls.exceptions import JsonRpcException

    with pytest.raises(JsonRpcException):
        await client.protocol.send_request_async("assetlens/graph", {"key": [1, 2]})
    with pytest.raises(JsonRpcException):
        await client.protocol.send_request_async("assetlens/graph", {"depth": "far"})
