"""The language server on a project with YAML components, dbt and Sling: go to definition from a Python
dependency to the dbt model's `.sql` file and to the Sling stream in its replication YAML, and hover
that says what produces the key. The real server process, driven by pytest-lsp's client."""
from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.integrations.support import COMPONENTS, copy_tree
from tests.server.conftest import client, harness  # noqa: F401 - the end-to-end fixtures, over `project` below
from tests.server.harness import Harness, plain

REPORTS = "src/shop_project/defs/reports.py"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_tree(COMPONENTS, tmp_path / "components_project")


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_definition_hover_lineage_and_diagnostics_reach_integration_files(client: LanguageClient, harness: Harness) -> None:  # noqa: F811
    text = (harness.root / REPORTS).read_text()
    uri = harness.uri(REPORTS)
    model = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=harness.position_of(text, '"revenue"', offset_in_needle=2)))
    assert model and model[0].uri == harness.uri("dbt_shop/models/marts/revenue.sql")
    assert model[0].range.start == types.Position(line=0, character=0)
    stream = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=harness.position_of(text, '"accounts"', offset_in_needle=2)))
    replication = "src/shop_project/defs/ingest/replication.yaml"
    assert stream and stream[0].uri == harness.uri(replication)
    yaml_text = (harness.root / replication).read_text()
    assert stream[0].range.start == harness.position_of(yaml_text, "public.accounts:")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=harness.position_of(text, '"revenue"', offset_in_needle=2)))
    assert "dbt" in hover.contents.value and "revenue" in hover.contents.value
    assert "dbt_shop/models/marts/revenue.sql" in hover.contents.value
    result = plain(await client.protocol.send_request_async("assetlens/graph", {"key": ["revenue_report"], "depth": 1}))
    nodes = {node["id"]: node for node in result["nodes"]}
    assert nodes["model/revenue"]["origin"] == "dbt"
    assert nodes["model/revenue"]["uri"] == harness.uri("dbt_shop/models/marts/revenue.sql")
    assert nodes["ingest/target/public/accounts"]["origin"] == "sling"
    assert nodes["revenue_report"]["origin"] is None
    uri = harness.uri("src/shop_project/defs/custom/defs.yaml")
    found = await harness.until_diagnostics(uri, lambda diagnostics: any(d.code == "AL006" for d in diagnostics))
    unknown = [d for d in found if d.code == "AL006"]
    assert "shop_project.components.AuditLog" in unknown[0].message
    assert unknown[0].range.start == types.Position(line=0, character=len("type: "))


async def test_editing_a_defs_yaml_on_disk_updates_the_graph(client: LanguageClient, harness: Harness) -> None:  # noqa: F811
    defs_yaml = harness.root / "src/shop_project/defs/warehouse/defs.yaml"
    defs_yaml.write_text(defs_yaml.read_text().replace('key: "{{ node.resource_type }}/{{ node.name }}"', 'key: "dbt/{{ node.name }}"'))
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=defs_yaml.as_uri(), type=types.FileChangeType.Changed)]))
    reports = harness.uri(REPORTS)
    harness.open(REPORTS)
    found = await harness.until_diagnostics(reports, lambda diagnostics: any("model/revenue" in d.message for d in diagnostics))
    missing = [d for d in found if "model/revenue" in d.message]
    assert missing and "dbt/revenue" in missing[0].message  # the new key is suggested

