"""The README's Helix and Zed configurations start a working server: the command and options they give
are run (as Helix would: `config` as initializationOptions) and answer diagnostics and code lenses
whose commands the server advertises. (Neovim and Emacs are driven for real in their own tests.)"""
from __future__ import annotations

import json
import re
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.server.harness import Harness

from .conftest import SHOP

README = Path(__file__).parents[2] / "README.md"


def readme_block(label: str, language: str) -> str:
    """The first ```language block after the paragraph that starts with **label**."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"**{label}**")
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(text, start)
    assert match is not None, f"no {language} block for {label} in README.md"
    return match.group(1)


HELIX = tomllib.loads(readme_block("Helix", "toml"))
SERVER = HELIX["language-server"]["assetlens"]


def resolved(command: str) -> str:
    """The README's command, found beside this interpreter (the test environment's scripts)."""
    beside = Path(sys.executable).with_name(command)
    return str(beside) if beside.exists() else (shutil.which(command) or command)


def test_the_zed_settings_give_the_same_command_and_options() -> None:
    zed = json.loads(readme_block("Zed", "json"))["lsp"]["assetlens"]
    assert zed["binary"] == {"path": SERVER["command"], "arguments": SERVER["args"]}
    assert zed["initialization_options"] == SERVER["config"]
    assert "assetlens" in {server for language in HELIX["language"] for server in language["language-servers"]}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(SHOP, target)
    return target


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[resolved(SERVER["command"]), *SERVER["args"], "--no-cache"]))
async def client(lsp_client: LanguageClient, project: Path):
    harness = Harness.attach(lsp_client, project)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim"),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="shop")],
            initialization_options=SERVER["config"],
        )
    )
    harness.initialized(result)
    await harness.until_ready()
    yield
    await lsp_client.shutdown_session()


async def test_the_helix_configuration_starts_a_working_server(client: LanguageClient) -> None:
    harness = Harness.of(client)
    assert not client.messages  # the options are valid settings
    uri = harness.open("shop/typos.py")
    items = await harness.until_diagnostics(uri, lambda items: bool(items))
    assert [item.code for item in items] == ["AL002"]
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=harness.uri("shop/marts.py")))
    )
    assert lenses and {lens.command.command for lens in lenses} <= set(harness.server_capabilities.execute_command_provider.commands)
