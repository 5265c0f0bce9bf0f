"""Adds the integrations' assets to a workspace, location by location.

For each code location with a defs folder (`Location.defs_folder`), the YAML components under it; for
the implicit location (no configuration found), every `defs.yaml`/`component.yaml` under the project
root. The facts go through `Workspace.add_external_assets`, so the graph, the rules, the JSON output and
the language server treat them as any other asset of that location.
"""
from __future__ import annotations

from typing import Any

from assetlens.analyzer.facts import AssetFact
from assetlens.analyzer.integrations.components import load_components

SOURCE = "components"


def location_facts(workspace: Any, location: Any) -> list[AssetFact]:
    """The component assets of one location (empty when it has no defs folder with components)."""
    read = getattr(workspace, "overrides", {}).get
    env = dict(getattr(location, "env", {}) or {})
    roots = tuple(getattr(location, "import_roots", ("",)) or ("",))
    if getattr(location, "defs_folder", None):
        result = load_components(workspace.root, location.defs_folder, project_root=location.root or "",
                                 env=env, import_roots=roots, read=read)
        return result.assets
    if getattr(location, "implicit", False):
        result = load_components(workspace.root, location.root or "", project_root=location.root or "",
                                 env=env, import_roots=roots, read=read, python_instances=False)
        return result.assets
    return []


def attach_integrations(workspace: Any) -> int:
    """Add every location's component assets to `workspace`; returns how many were added."""
    add = getattr(workspace, "add_external_assets", None)
    if add is None:
        return 0
    total = 0
    for location in getattr(workspace, "locations", ()):
        facts = location_facts(workspace, location)
        if facts or SOURCE in getattr(workspace, "external", {}).get(location.name, {}):
            add(location.name, SOURCE, facts)
            total += len(facts)
    return total
