"""Adds the integrations' assets to a workspace, location by location.

For each code location with a defs folder (`Location.defs_folder`), the YAML components under it; for
the implicit location (no configuration found), the top-most folders named `defs` that hold Python
files. The facts go through `Workspace.add_external_assets`, so the graph, the rules, the JSON output and
the language server treat them as any other asset of that location.
"""
from __future__ import annotations

from typing import Any

from assetlens.analyzer.facts import AssetFact
from assetlens.analyzer.files import is_regular_file
from assetlens.analyzer.integrations.components import load_components

SOURCE = "components"


def location_facts(workspace: Any, location: Any) -> list[AssetFact]:
    """The component assets of one location (empty when it has no defs folder with components)."""
    read = getattr(workspace, "overrides", {}).get
    env = dict(getattr(location, "env", {}) or {})
    roots = tuple(getattr(location, "import_roots", ("",)) or ("",))
    if getattr(location, "defs_folder", None):
        project_root = enclosing_project_root(workspace.root, location.defs_folder, location.root or "")
        result = load_components(workspace.root, location.defs_folder, project_root=project_root,
                                 env=env, import_roots=roots, read=read)
        return result.assets
    if getattr(location, "implicit", False):
        facts: list[AssetFact] = []
        for folder in implicit_defs_folders(getattr(workspace, "files", ())):
            project_root = enclosing_project_root(workspace.root, folder, location.root or "")
            facts.extend(load_components(workspace.root, folder, project_root=project_root,
                                         env=env, import_roots=roots, read=read, python_instances=False).assets)
        return facts
    return []


def enclosing_project_root(workspace_root: Any, defs_folder: str, fallback: str) -> str:
    """The project root Dagster gives components (`{{ project_root }}`, `context.project_root`): the
    nearest folder at or above the defs folder holding a pyproject.toml or setup.py (`get_project_root`
    in dagster.components.core.load_defs), not a workspace.yaml `working_directory`; else `fallback`."""
    parts = [part for part in defs_folder.split("/") if part]
    for depth in range(len(parts), -1, -1):
        folder = "/".join(parts[:depth])
        if any(is_regular_file(workspace_root / folder / name) for name in ("pyproject.toml", "setup.py")):
            return folder
    return fallback


def implicit_defs_folders(files: Any) -> list[str]:
    """Without a configured location: the top-most folders named `defs` that hold Python files (the
    layout `dg` creates), so that a large project is not walked folder by folder."""
    found: set[str] = set()
    for file in files:
        parts = file.split("/")[:-1]
        for index, part in enumerate(parts):
            if part == "defs":
                found.add("/".join(parts[: index + 1]))
                break
    return sorted(folder for folder in found if not any(folder.startswith(other + "/") for other in found))


def attach_integrations(workspace: Any) -> int:
    """Add every location's component assets to `workspace`; returns how many were added."""
    add = getattr(workspace, "add_external_assets", None)
    if add is None:
        return 0
    total = 0
    added = False
    for location in getattr(workspace, "locations", ()):
        facts = location_facts(workspace, location)
        if facts or SOURCE in getattr(workspace, "external", {}).get(location.name, {}):
            add(location.name, SOURCE, facts, rebuild=False)
            added = True
            total += len(facts)
    if added:
        workspace.rebuild()  # once for all locations (the graph is built from every location's facts)
    return total


def analysed_files(workspace: Any) -> set[str]:
    """The Python modules, and the non-Python files integrations define assets in (a dbt model's .sql,
    a defs.yaml, a Sling replication): the files whose diagnostics are reported."""
    files = set(workspace.modules)
    for sources in getattr(workspace, "external", {}).values():
        for facts in sources.values():
            files.update(fact.file for fact in facts)
    return files
