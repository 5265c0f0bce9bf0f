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
