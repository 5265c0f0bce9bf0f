"""End-to-end fixtures: the real server process (`python -m assetlens.server`) driven by pytest-lsp's
client with the recorded capabilities of VS Code, Neovim and Emacs, over a copy of a small project."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .harness import Harness

DATA = Path(__file__).parent / "data"
EDITORS = ["visual-studio-code", "neovim", "emacs"]
SERVER_COMMAND = [sys.executable, "-m", "assetlens.server", "--no-cache", "--jobs", "1"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "initialization_options(options): settings the client passes at initialize")
    config.addinivalue_line("markers", "configuration(settings): the client's answer to workspace/configuration")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the `shop` project."""
    target = tmp_path / "shop"
    shutil.copytree(DATA / "shop", target)
    return target


def initialize_params(editor: str, folders: list[Path], options: dict | None = None) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=client_capabilities(editor),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name=folder.name) for folder in folders],
        root_uri=folders[0].as_uri() if folders else None,
        initialization_options=options,
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), params=EDITORS)
async def client(request, lsp_client: LanguageClient, project: Path):
    """A client whose server indexed `project`; `@pytest.mark.initialization_options({...})` passes
    settings, `@pytest.mark.configuration({...})` answers `workspace/configuration` with them."""
    harness = Harness.attach(lsp_client, project)
    options = request.node.get_closest_marker("initialization_options")
    configuration = request.node.get_closest_marker("configuration")
    if configuration is not None:
        lsp_client.set_configuration(configuration.args[0], section="assetlens")
    result = await lsp_client.initialize_session(
        initialize_params(request.param, [project], options.args[0] if options is not None else None)
    )
    harness.initialized(result)
    await harness.until_ready()
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def harness(client: LanguageClient) -> Harness:
    return Harness.of(client)
