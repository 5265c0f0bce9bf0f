"""Which files' diagnostics an edit can change, so that only those are recomputed and republished.

An edit to one file changes the facts of the files `Workspace.update_file` reports. Beyond those, the
check rules look across files: a key that stops (or starts) being defined changes its dependents'
"missing upstream" and the "duplicate key" of its other definitions, a new or removed reference can
close or break a cycle that concerns every asset on it, and any change to the set of defined keys can
change the "did you mean" suggestions of every missing-upstream diagnostic. So the affected files are:
the changed files; the files that define or depend on a key the edit defined or undefined (for the
edited files, the difference of their footprints before and after; for other changed files, every key
they touch); the files of every asset on a cycle through a key whose definitions or references changed;
the files whose current diagnostics point into a changed file or at such a key; and, when the defined
keys changed, the files with a missing-upstream diagnostic.
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


Footprint = tuple[frozenset[tuple[str, "AssetKeyParts"]], frozenset[tuple[str, "AssetKeyParts"]]]
"""(file, key) pairs of what some files define, and of what they depend on."""

CYCLE = "AL001"
MISSING_UPSTREAM = "AL002"


def footprint(workspace: Workspace, files: Iterable[str]) -> Footprint:
    defined: set[tuple[str, AssetKeyParts]] = set()
    referenced: set[tuple[str, AssetKeyParts]] = set()
    for file in files:
        for asset in workspace.assets_in_file(file):
            if asset.key is not None:
                defined.add((file, asset.key))
            referenced.update((file, dep.key) for dep in asset.deps if dep.key is not None)
    return frozenset(defined), frozenset(referenced)


def defined_in(workspace: Workspace, files: Iterable[str]) -> set[AssetKeyParts]:
    return {asset.key for file in files for asset in workspace.assets_in_file(file) if asset.key is not None}


def cycle_members(graph: nx.DiGraph, keys: Iterable[AssetKeyParts]) -> set[AssetKeyParts]:
    """The keys on some cycle through one of `keys` (a key that depends on itself included).

    Linear in the part of the graph reachable from `keys`: the keys on a cycle through `k` are the
    strongly connected component of `k`, and every such component lies inside what `keys` reach; so one
    forward search from all of them, then Kosaraju's two passes over what it found (never a search per
    key: with 20,000 changed keys that was quadratic, and opening a 20k-asset file took two minutes)."""
    succ, pred = graph.succ, graph.pred
    sources = [key for key in set(keys) if key in succ and succ[key] and pred[key]]
    if not sources:
        return set()
    # 1. depth-first over what the sources reach, recording each key when its search finishes
    reached: set[AssetKeyParts] = set()
    finished: list[AssetKeyParts] = []
    for source in sources:
        if source in reached:
            continue
        reached.add(source)
        stack = [(source, iter(succ[source]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in reached:
                    reached.add(child)
                    stack.append((child, iter(succ[child])))
                    break
            else:
                stack.pop()
                finished.append(node)
    # 2. backwards over the reached part, latest finished first: each search is one component
    component_of: dict[AssetKeyParts, int] = {}
    components: list[list[AssetKeyParts]] = []
    for root in reversed(finished):
        if root in component_of:
            continue
        index = len(components)
        component_of[root] = index
        members, stack = [root], [root]
        while stack:
            node = stack.pop()
            for parent in pred[node]:
                if parent in reached and parent not in component_of:
                    component_of[parent] = index
                    members.append(parent)
                    stack.append(parent)
        components.append(members)
    result: set[AssetKeyParts] = set()
    for index in {component_of[source] for source in sources}:
        members = components[index]
        if len(members) > 1 or members[0] in succ[members[0]]:
            result.update(members)
    return result


def affected_files(
    workspace: Workspace,
    changed: Iterable[str],
    edited: Iterable[str],
    before: Footprint,
    after: Footprint,
    previous: Mapping[str, tuple[Diagnostic, ...]],
) -> set[str]:
    """The files whose diagnostics may differ after `edited` were given new text and `changed` (the
    files whose facts that changed) re-analysed. `before` and `after` are the edited files' footprints,
    `previous` the diagnostics computed before the edit, by file."""
    changed = set(changed)
    # a key defined or undefined concerns its definitions (duplicates) and its readers (missing)
    defined_changes = {key for _, key in before[0] ^ after[0]} | keys_touching(workspace, changed - set(edited))
    # a reference added or removed concerns only its own file — and the cycles it closes or breaks
    keys = defined_changes | {key for _, key in before[1] ^ after[1]}
    files = set(changed)
    for key in defined_changes:
        files.update(asset.file for asset in queries.definitions(workspace, key))
        files.update(ref.downstream.file for ref in queries.references(workspace, key))
    graph = workspace.graph
    on_cycles = cycle_members(graph, keys)
    for key in on_cycles:
        files.update(asset.file for asset in queries.definitions(workspace, key))
        for downstream, attributes in graph[key].items():
            if downstream in on_cycles:
                files.update(asset.file for asset, _ in attributes.get("refs", ()))
    for file, diagnostics in previous.items():
        if file in files:
            continue
        for diagnostic in diagnostics:
            if (
                diagnostic.key in keys
                or any(item.file in changed for item in diagnostic.related)
                or (defined_changes and diagnostic.code == MISSING_UPSTREAM)
            ):
                files.add(file)
                break
    return files
