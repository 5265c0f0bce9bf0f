"""The language server's value preview of real data frames (issue 11): after a Materialize from the editor,
`assetlens.server.showValue` answers the table (columns, their types, the first rows, the shape) that the
VS Code table view draws, and the hover names the frame's shape — made by the runtime in a child process of
the interpreter, never in the server."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .harness import Harness, plain

ASSETS = '''\
import dagster as dg
import pandas as pd
import pyarrow as pa


@dg.asset
def orders() -> pd.DataFrame:
    return pd.DataFrame({"id": range(1, 26), "amount": [i * 2.5 for i in range(25)]})


@dg.asset
def order_table(orders: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(orders, preserve_index=False)
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "frames"
    (root / "pipeline").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "pipeline"\nversion = "0.1.0"\n')
    (root / "pipeline" / "__init__.py").write_text("")
    (root / "pipeline" / "assets.py").write_text(ASSETS)
    return root


async def command(client: LanguageClient, name: str, argument: dict) -> dict:
    return plain(await client.workspace_execute_command_async(types.ExecuteCommandParams(command=name, arguments=[argument])))


async def hover_text(client: LanguageClient, harness: Harness, name: str) -> str:
    text = (harness.root / "pipeline/assets.py").read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=harness.uri("pipeline/assets.py")),
            position=harness.position_of(text, f"def {name}", offset_in_needle=5),
        )
    )
    assert hover is not None
    return hover.contents.value


@pytest.mark.initialization_options({"trusted": True})
async def test_show_value_and_hover_of_a_pandas_frame_and_a_pyarrow_table(client: LanguageClient, harness: Harness) -> None:
    result = await command(client, "assetlens.server.materialize", {"key": ["order_table"], "upstream": True})
    assert result["status"] == "success", result
    uri = harness.root.as_uri()

    frame = await command(client, "assetlens.server.showValue", {"key": "orders", "uri": uri})
    assert frame["type"] == "pandas.DataFrame"
    assert frame["size"] == (harness.root / ".assetlens" / "storage" / "orders.pkl").stat().st_size
    assert frame["table"]["columns"] == ["id", "amount"] and frame["table"]["dtypes"] == ["int64", "float64"]
    assert frame["table"]["rows"][:3] == [[1, 0.0], [2, 2.5], [3, 5.0]] and len(frame["table"]["rows"]) == 20
    assert (frame["table"]["total_rows"], frame["table"]["total_columns"], frame["table"]["index_columns"]) == (25, 2, 0)

    arrow = await command(client, "assetlens.server.showValue", {"key": ["order_table"], "uri": uri})
    assert arrow["type"].endswith(".Table") and arrow["type"].startswith("pyarrow")
    assert arrow["table"]["columns"] == ["id", "amount"] and arrow["table"]["dtypes"] == ["int64", "double"]
    assert arrow["table"]["rows"][24 - 5 :] == [[20, 47.5]] and arrow["table"]["total_rows"] == 25

    # the hover: the preview made in the background for this materialization, with the frame's shape
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    text = await hover_text(client, harness, "order_table")
    while "25 rows × 2 columns" not in text and loop.time() < deadline:
        await asyncio.sleep(0.1)
        text = await hover_text(client, harness, "order_table")
    assert "25 rows × 2 columns" in text, text
    assert "Last value (materialized" in text and "amount" in text  # the repr head: pyarrow's schema and rows
