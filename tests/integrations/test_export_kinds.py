"""Mermaid and dot mark each node's kind: dbt models, Sling streams and component assets have their own
style; Python assets keep the plain one."""
from __future__ import annotations

import pytest

from assetlens.analyzer.export import to_dot, to_mermaid
from assetlens.analyzer.workspace import Workspace, analyze_workspace
from tests.integrations.support import COMPONENTS

pytestmark = pytest.mark.skipif(not hasattr(Workspace, "add_external_assets"), reason="needs code locations (issue 9)")


def test_kinds_are_drawn() -> None:
    workspace = analyze_workspace(COMPONENTS, use_cache=False)
    mermaid = to_mermaid(workspace.graph)
    assert '["model/revenue"]:::dbt' in mermaid
    assert '["ingest/app/users"]:::sling' in mermaid
    assert '["scripts/refreshed"]:::component' in mermaid
    assert '["revenue_report"]\n' in mermaid  # Python: unchanged
    for origin in ("dbt", "sling", "component"):
        assert f"classDef {origin} fill:" in mermaid
    dot = to_dot(workspace.graph)
    assert '"model/revenue" [style=filled, fillcolor="#fde8d7", tooltip="dbt"];' in dot
    assert '"revenue_report";' in dot


def test_graph_json_says_what_made_each_asset() -> None:
    assets = analyze_workspace(COMPONENTS, use_cache=False).to_json()["assets"]
    by_key = {"/".join(asset["key"]) if asset["key"] else asset["node"]: asset for asset in assets}
    assert by_key["model/revenue"]["origin"] == "dbt" and by_key["model/revenue"]["file"] == "dbt_shop/models/marts/revenue.sql"
    assert by_key["ingest/app/users"]["origin"] == "sling" and by_key["ingest/app/users"]["known_name"] == "public.users"
    assert "origin" not in by_key["revenue_report"]
    partial = by_key["prefixed_shop"]
    assert partial["key"] is None and partial["known_name"] == "stg_orders" and not partial["resolved"]
