"""`assetlens.server.showValue` (docs/runtime.md): the preview of a stored value, made by the runtime in a
child process — only in a trusted workspace, never unpickled by the server."""
from __future__ import annotations

import asyncio
import pickle
import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .conftest import DATA
from .harness import Harness, plain


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "runs"
    shutil.copytree(DATA / "runs", target)
    return target


async def command(client: LanguageClient, name: str, argument: dict) -> dict:
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=name, arguments=[argument]))
    return plain(result)


async def test_an_untrusted_workspace_shows_nothing(client: LanguageClient, harness: Harness) -> None:
    with pytest.raises(JsonRpcException, match="workspace is not trusted"):
        await command(client, "assetlens.server.showValue", {"key": "numbers", "uri": harness.root.as_uri()})


class Planted:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.mark.initialization_options({"trusted": True})
async def test_show_value_after_a_run_and_refuse_a_tampered_one(client: LanguageClient, harness: Harness, tmp_path: Path) -> None:
    uri = harness.root.as_uri()
    with pytest.raises(JsonRpcException, match="never been materialized"):
        await command(client, "assetlens.server.showValue", {"key": "numbers", "uri": uri})
    result = await command(client, "assetlens.server.materialize", {"key": ["numbers"], "upstream": False})
    assert result["status"] == "success"
    preview = await command(client, "assetlens.server.showValue", {"key": "numbers", "uri": (harness.root / "pipeline" / "assets.py").as_uri()})
    assert preview == {"key": "numbers", "type": "list", "size": len(pickle.dumps([1, 2, 3], protocol=4)), "repr": "[1, 2, 3]", "table": None}
    marker = tmp_path / "unpickled"
    (harness.root / ".assetlens" / "storage" / "numbers.pkl").write_bytes(pickle.dumps(Planted(marker)))
    with pytest.raises(JsonRpcException, match="not the one recorded"):
        await command(client, "assetlens.server.showValue", {"key": ["numbers"], "uri": uri})
    assert not marker.exists()


async def hover_text(client: LanguageClient, harness: Harness, name: str) -> str:
    uri = harness.uri("pipeline/assets.py")
    text = (harness.root / "pipeline/assets.py").read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=harness.position_of(text, f"def {name}", offset_in_needle=5))
    )
    assert hover is not None
    return hover.contents.value


@pytest.mark.initialization_options({"trusted": True})
async def test_hover_shows_the_last_value_once_prepared_without_waiting(client: LanguageClient, harness: Harness) -> None:
    assert "Last value" not in await hover_text(client, harness, "numbers")  # never materialized
    result = await command(client, "assetlens.server.materialize", {"key": ["numbers"], "upstream": False})
    assert result["status"] == "success"
    # the preview is made in the background (after the run, or on this first hover): a hover never waits
    # for the child process; a later one shows the value of the current materialization
    loop = asyncio.get_running_loop()
    started = loop.time()
    first = await hover_text(client, harness, "numbers")
    assert loop.time() - started < 2.0
    assert "Last value (materialized just now)" in first
    formats = harness.client.capabilities.text_document.hover.content_format or []
    markdown = types.MarkupKind.Markdown in formats
    if markdown:
        assert "[Show value](command:assetlens.server.showValue?" in first
    else:
        assert "Show value: command assetlens.server.showValue" in first
    deadline = loop.time() + 30
    text = first
    while "[1, 2, 3]" not in text and loop.time() < deadline:
        await asyncio.sleep(0.1)
        text = await hover_text(client, harness, "numbers")
    assert "[1, 2, 3]" in text, text
    assert ("`list`" if markdown else "list") in text
    assert "Last value" not in await hover_text(client, harness, "total")  # never materialized
    # a new materialization: the preview of the old one is not shown for it
    result = await command(client, "assetlens.server.materialize", {"key": ["numbers"], "upstream": False})
    assert result["status"] == "success"
    assert "Last value (materialized just now)" in await hover_text(client, harness, "numbers")


async def test_an_untrusted_hover_never_mentions_a_value(client: LanguageClient, harness: Harness) -> None:
    (harness.root / ".assetlens").mkdir()
    assert "Last value" not in await hover_text(client, harness, "numbers")
