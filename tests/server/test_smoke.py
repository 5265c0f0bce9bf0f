"""A first end-to-end pass: the index is built and diagnostics arrive."""
from __future__ import annotations

from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness


async def test_index_and_diagnostics(client: LanguageClient, harness: Harness) -> None:
    status = harness.statuses[-1]
    assert status["state"] == "ready"
    assert status["files"] == 5
    uri = harness.uri("shop/intl.py")
    diagnostics = await harness.until_diagnostics(uri, lambda items: any(item.code == "AL002" for item in items))
    assert diagnostics
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=harness.uri("shop/marts.py")),
            position=types.Position(line=5, character=20),
        )
    )
    assert hover is not None
    print(hover.contents.value)
