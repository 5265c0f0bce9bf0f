"""The language server on `@dbt_assets` written in Python: go to definition reaches the model's `.sql`
file, and a changed dbt file re-reads the module's dbt assets. The real server, driven by pytest-lsp."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.integrations.support import DBT_SHOP, FIXTURES, copy_tree
from tests.server.conftest import client, harness  # noqa: F401 - the end-to-end fixtures, over `project` below
from tests.server.harness import Harness, plain

DEFINITIONS = "python_project/definitions.py"
pytestmark = pytest.mark.slow  # three editors, each a server indexing a dbt project: ~25 s


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    copy_tree(FIXTURES / "python_project", root / "python_project")
    copy_tree(DBT_SHOP, root / "dbt_shop")
    return root


async def graph_ids(client: LanguageClient) -> set[str]:  # noqa: F811
    result = plain(await client.protocol.send_request_async("assetlens/graph", {}))
    return {node["id"] for node in result["nodes"]}


async def test_python_dbt_assets_open_their_sql_and_follow_dbt_edits(client: LanguageClient, harness: Harness) -> None:  # noqa: F811
    text = (harness.root / DEFINITIONS).read_text() + (
        '\n\n@dg.asset(deps=[dg.AssetKey(["mart", "customers"])])\ndef churn() -> None: ...\n')
    uri = harness.open(DEFINITIONS, text)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=harness.position_of(text, '["mart", "customers"]', offset_in_needle=3)))
    assert found and found[0].uri == harness.uri("dbt_shop/models/marts/customers.sql")
    ids = await graph_ids(client)
    assert "mart/customers" in ids and "revenue" not in ids  # `select="+customers"`
    customers = harness.root / "dbt_shop/models/marts/customers.sql"
    customers.write_text(customers.read_text() + "-- and {{ ref('revenue') }}\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=customers.as_uri(), type=types.FileChangeType.Changed)]))
    for _ in range(100):
        if "revenue" in await graph_ids(client):
            break
        await asyncio.sleep(0.1)
    assert "revenue" in await graph_ids(client)  # now an ancestor of customers: selected
