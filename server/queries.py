"""Questions the editor features ask of an analysed workspace, answered from its facts and graph.

Pure reads: nothing here knows LSP. Positions are the analyzer's (1-based lines, code-point columns).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, Range
    from assetlens.analyzer.workspace import Workspace

Role = Literal["definition", "reference"]


@dataclass(frozen=True, slots=True)
class Hit:
    """The asset key under the cursor and how it is written there."""

    key: AssetKeyParts
    role: Role
    range: Range  # the span under the cursor
    assets: tuple[AssetFact, ...]  # definition: the assets written there; reference: the downstream asset
    dep: DepRef | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One place where a key is used as an upstream dependency."""

    downstream: AssetFact
    dep: DepRef


def hit_at(assets: Iterable[AssetFact], line: int, col: int) -> Hit | None:
    """What the cursor at (line, col) points at among `assets` (the assets of one file).

    Dependency references are the narrowest spans, so they win over the definition around them; then
    the spelling of a key (function name, key literal); then the decorator."""
    assets = tuple(assets)
    for asset in assets:
        for dep in asset.deps:
            if dep.key is not None and dep.range is not None and dep.range.contains(line, col):
                return Hit(dep.key, "reference", dep.range, (asset,), dep)
    for attribute in ("key_range", "name_range", "decorator_range"):
        found = [
            asset
            for asset in assets
            if asset.key is not None and (span := getattr(asset, attribute)) is not None and span.contains(line, col)
        ]
        if found:
            chosen = _closest(found, attribute)
            same_span = tuple(asset for asset in found if getattr(asset, attribute) == getattr(chosen, attribute))
            assert chosen.key is not None
            return Hit(chosen.key, "definition", getattr(chosen, attribute), same_span)
    return None


def _closest(found: list[AssetFact], attribute: str) -> AssetFact:
    """The asset whose span is the smallest (nested definitions: the innermost)."""

    def size(asset: AssetFact) -> tuple[int, int]:
        span: Range = getattr(asset, attribute)
        return (span.end_line - span.line, span.end_col - span.col if span.end_line == span.line else 0)

    return min(found, key=size)


def definitions(workspace: Workspace, key: AssetKeyParts) -> list[AssetFact]:
    """Every asset that defines `key` (several when the key is defined twice)."""
    if key not in workspace.graph:
        return []
    return list(workspace.graph.nodes[key].get("assets", ()))


def references(workspace: Workspace, key: AssetKeyParts) -> list[Reference]:
    """Every place that depends on `key`, in file order."""
    if key not in workspace.graph:
        return []
    found: list[Reference] = []
    for attributes in workspace.graph[key].values():
        found.extend(Reference(downstream, dep) for downstream, dep in attributes.get("refs", ()))
    found.sort(key=lambda ref: (ref.downstream.file, _start(ref.dep.range)))
    return found


def _start(span: Range | None) -> tuple[int, int]:
    return (span.line, span.col) if span is not None else (0, 0)


def upstream_keys(workspace: Workspace, key: AssetKeyParts) -> list[AssetKeyParts]:
    if key not in workspace.graph:
        return []
    return sorted(key for key in workspace.graph.predecessors(key) if key is not None)


def downstream_keys(workspace: Workspace, key: AssetKeyParts) -> list[AssetKeyParts]:
    if key not in workspace.graph:
        return []
    return sorted(key for key in workspace.graph.successors(key) if key is not None)


def is_defined(workspace: Workspace, key: AssetKeyParts) -> bool:
    return bool(definitions(workspace, key))


def defined_keys(workspace: Workspace) -> Iterator[AssetKeyParts]:
    """Every key some asset, spec or source asset defines, each once, in workspace order."""
    seen: set[AssetKeyParts] = set()
    for asset in workspace.assets:
        if asset.key is not None and asset.key not in seen:
            seen.add(asset.key)
            yield asset.key


def nodes_in_file(assets: Iterable[AssetFact]) -> list[list[AssetFact]]:
    """The assets of one file grouped by the definition that writes them (a multi-asset's outputs
    together), in file order."""
    groups: dict[str, list[AssetFact]] = {}
    order: list[str] = []
    for index, asset in enumerate(assets):
        node = asset.node_id or f"#{index}"
        if node not in groups:
            groups[node] = []
            order.append(node)
        groups[node].append(asset)
    return [groups[node] for node in order]


def anchor(asset: AssetFact) -> Range | None:
    """Where an asset is best pointed at: its name, else the spelling of its key, else its decorator."""
    return asset.name_range or asset.key_range or asset.decorator_range or asset.def_range
