"""`assetlens.server.showValue` (docs/runtime.md): the preview of a stored value, made by the runtime in a
child process — only in a trusted workspace, never unpickled by the server."""
from __future__ import annotations

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
