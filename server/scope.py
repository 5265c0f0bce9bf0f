"""Which files' diagnostics an edit can change, so that only those are recomputed and republished.

An edit to one file changes the facts of the files `Workspace.update_file` reports. Beyond those, the
check rules look across files: a key that stops being defined makes its dependents' references
missing, a key defined twice is a duplicate in both files, and a new or broken cycle concerns every
asset on it. The affected files are therefore the changed files, the files that define or depend on a
key the changed files define or mention (before or after the edit), the files of every asset on a cycle
through such a key, and the files whose current diagnostics point into a changed file or at such a key.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from assetlens.server import queries

if TYPE_CHECKING:
    import networkx as nx

    from assetlens.analyzer.facts import AssetKeyParts, Diagnostic
    from assetlens.analyzer.workspace import Workspace


def keys_touching(workspace: Workspace, files: Iterable[str]) -> set[AssetKeyParts]:
    """The keys the assets of `files` define or depend on."""
    keys: set[AssetKeyParts] = set()
    for file in files:
        for asset in workspace.assets_in_file(file):
            if asset.key is not None:
                keys.add(asset.key)
            keys.update(dep.key for dep in asset.deps if dep.key is not None)
    return keys


def defined_in(workspace: Workspace, files: Iterable[str]) -> set[AssetKeyParts]:
    return {asset.key for file in files for asset in workspace.assets_in_file(file) if asset.key is not None}


def cycle_members(graph: nx.DiGraph, keys: Iterable[AssetKeyParts]) -> set[AssetKeyParts]:
    """The keys on some cycle through one of `keys`."""
    import networkx as nx

    sources = [key for key in keys if key in graph and graph.in_degree(key) and graph.out_degree(key)]
    if not sources:
        return set()
    members: set[AssetKeyParts] = set()
    for key in sources:
        if key in members:
            continue
        below = nx.descendants(graph, key)
        if not any(graph.has_edge(node, key) for node in below):
            continue  # nothing below leads back: no cycle through this key
        above = nx.ancestors(graph, key)
        on_cycle = below & above
        if on_cycle:
            members |= on_cycle | {key}
    return members


def affected_files(
    workspace: Workspace,
    changed: Iterable[str],
    keys_before: set[AssetKeyParts],
    previous: Mapping[str, tuple[Diagnostic, ...]],
) -> set[str]:
    """The files whose diagnostics may differ after `changed` were re-analysed.

    `keys_before` are the keys the changed files touched before the edit (`keys_touching`), `previous`
    the diagnostics computed before it, by file."""
    changed = set(changed)
    keys = keys_before | keys_touching(workspace, changed)
    files = set(changed)
    for key in keys:
        files.update(asset.file for asset in queries.definitions(workspace, key))
        files.update(ref.downstream.file for ref in queries.references(workspace, key))
    graph = workspace.graph
    on_cycles = cycle_members(graph, defined_in(workspace, changed) | keys)
    for key in on_cycles:
        files.update(asset.file for asset in queries.definitions(workspace, key))
        for downstream, attributes in graph[key].items():
            if downstream in on_cycles:
                files.update(asset.file for asset, _ in attributes.get("refs", ()))
    for file, diagnostics in previous.items():
        if file in files:
            continue
        for diagnostic in diagnostics:
            if diagnostic.key in keys or any(item.file in changed for item in diagnostic.related):
                files.add(file)
                break
    return files
