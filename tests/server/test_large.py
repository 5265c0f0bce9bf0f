"""Pathological sizes (issue 13): a 20,000-asset file opened in the editor is analysed in linear time,
and a keystroke that closes a 500-asset cycle publishes a bounded message (it used to be 50 MB)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import SERVER_COMMAND
from .harness import Harness

ASSETS = 20_000
CYCLE = 500


def chain_module(count: int) -> str:
    parts = ["import dagster as dg\n\n\n@dg.asset\ndef a0():\n    return 0\n"]
    parts.extend(f'\n\n@dg.asset(deps=["a{index - 1}"])\ndef a{index}():\n    return {index}\n' for index in range(1, count))
    return "".join(parts)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "big"
    (root / "big").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "big"\n')
    (root / "big" / "__init__.py").write_text("")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND))
async def client(lsp_client: LanguageClient, project: Path):
    harness = Harness.attach(lsp_client, project)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="big")],
        )
    )
    harness.initialized(result)
    await harness.until_ready()
    yield
    await lsp_client.shutdown_session()


def published_bytes(params: types.PublishDiagnosticsParams, client: LanguageClient) -> int:
    return len(json.dumps(client.protocol._converter.unstructure(params)).encode())


@pytest.mark.slow
async def test_a_20k_asset_file_opens_and_a_cycle_keystroke_publishes_a_bounded_message(client: LanguageClient) -> None:
    harness = Harness.of(client)
    harness.pull = False  # pushed diagnostics: their size is what is measured
    # a new, unsaved file with 20,000 assets: every key is new (the scope check used to search the graph
    # once per key — two minutes — and now does one linear pass; the harness times out after a minute)
    uri = harness.open("big/chain.py", chain_module(ASSETS))
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=harness.position_of(harness.texts[uri], "def a19999", offset_in_needle=5))
    )
    assert hover is not None and "a19999" in str(hover.contents)
    # one keystroke closes a cycle through 500 assets
    text = harness.texts[uri]
    at = harness.position_of(text, f'deps=["a{ASSETS - CYCLE - 1}"]', offset_in_needle=len(f'deps=["a{ASSETS - CYCLE - 1}"'))
    harness.publishes.clear()
    harness.edit(uri, at, at, f', "a{ASSETS - 1}"')
    items = await harness.until_diagnostics(uri, lambda items: any(item.code == "AL001" for item in items))
    cycle = [item for item in items if item.code == "AL001"]
    assert all(len(item.related_information or ()) <= 20 for item in cycle)
    assert all(len(item.message) <= 2100 for item in cycle)
    sizes = [published_bytes(params, client) for params in harness.publishes if params.uri == uri]
    assert sizes and max(sizes) < 1_500_000, sizes


@pytest.mark.slow
async def test_a_file_with_thousands_of_diagnostics_publishes_a_bounded_message(client: LanguageClient) -> None:
    harness = Harness.of(client)
    harness.pull = False
    count = 8_000
    source = "import dagster as dg\n" + "".join(
        f'\n\n@dg.asset(deps=["nowhere_{index}"])\ndef asset_{index}():\n    return {index}\n' for index in range(count)
    )
    uri = harness.open("big/missing.py", source)
    items = await harness.until_diagnostics(uri, lambda items: len(items) > 1)
    shown = [item for item in items if item.code == "AL002"]
    assert 1000 < len(shown) < count  # as many as fit, then one line that says how many more
    assert items[-1].severity == types.DiagnosticSeverity.Information
    assert items[-1].message.startswith(f"{count - len(shown)} more assetlens diagnostics in this file not shown")
    sizes = [published_bytes(params, client) for params in harness.publishes if params.uri == uri]
    assert max(sizes) < 1_500_000, sizes
