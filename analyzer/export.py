"""Drawing the asset graph: Mermaid flowcharts and Graphviz dot, grouped by asset group.

Defined assets are boxes inside one subgraph per group; specs and source assets (external) are drawn
rounded/dashed; keys that are referenced but defined nowhere are drawn outside every group with a
dashed outline. Assets whose key could not be resolved are left out (listed in a comment).
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from assetlens.analyzer.facts import AssetFact, AssetKeyParts

EXTERNAL_KINDS = ("spec", "source")


def _layout(graph: nx.DiGraph) -> tuple[dict[str, list[AssetKeyParts]], list[AssetKeyParts], dict[AssetKeyParts, AssetFact]]:
    groups: dict[str, list[AssetKeyParts]] = {}
    undefined: list[AssetKeyParts] = []
    first: dict[AssetKeyParts, AssetFact] = {}
    for key in sorted(graph.nodes):
        assets = graph.nodes[key].get("assets") or []
        if not assets:
            undefined.append(key)
            continue
        first[key] = assets[0]
        groups.setdefault(assets[0].group, []).append(key)
    return dict(sorted(groups.items())), undefined, first


def _edges(graph: nx.DiGraph) -> list[tuple[AssetKeyParts, AssetKeyParts]]:
    return sorted(graph.edges)


def _label(key: AssetKeyParts) -> str:
    return "/".join(key)


# what produced an asset, when not a Python decorator (AssetFact.origin): drawn in its own colour
ORIGIN_COLOURS = {"dbt": "#fde8d7", "sling": "#dff1fb", "component": "#e8f5e0"}


def to_mermaid(graph: nx.DiGraph, unresolved: Iterable[AssetFact] = ()) -> str:
    """A Mermaid `flowchart LR`, one subgraph per group."""
    groups, undefined, first = _layout(graph)
    ids = {key: f"n{number}" for number, key in enumerate(sorted(graph.nodes))}

    def text(value: str) -> str:
        return value.replace('"', "#quot;")

    def node(key: AssetKeyParts) -> str:
        label = text(_label(key))
        asset = first.get(key)
        if asset is None:
            return f'{ids[key]}["{label}"]:::undefined'
        if asset.kind in EXTERNAL_KINDS:
            return f'{ids[key]}(["{label}"]):::external'
        if asset.origin in ORIGIN_COLOURS:
            return f'{ids[key]}["{label}"]:::{asset.origin}'
        return f'{ids[key]}["{label}"]'

    lines = ["flowchart LR"]
    for number, (group, keys) in enumerate(groups.items()):
        lines.append(f'  subgraph group{number}["{text(group)}"]')
        lines.extend(f"    {node(key)}" for key in keys)
        lines.append("  end")
    lines.extend(f"  {node(key)}" for key in undefined)
    lines.extend(f"  {ids[a]} --> {ids[b]}" for a, b in _edges(graph))
    lines.append("  classDef external stroke-dasharray: 4 2")
    lines.append("  classDef undefined stroke-dasharray: 2 2,color:#a00")
    origins = sorted({asset.origin for asset in first.values() if asset.origin in ORIGIN_COLOURS})
    lines.extend(f"  classDef {origin} fill:{ORIGIN_COLOURS[origin]}" for origin in origins)
    skipped = [a for a in unresolved if a.key is None]
    if skipped:
        lines.append(f"  %% {len(skipped)} asset(s) with unresolved keys not drawn")
    return "\n".join(lines) + "\n"


def _dot_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: nx.DiGraph, unresolved: Iterable[AssetFact] = ()) -> str:
    """A Graphviz digraph, one `cluster_` subgraph per group."""
    groups, undefined, first = _layout(graph)
    lines = ["digraph assets {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for number, (group, keys) in enumerate(groups.items()):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f"    label={_dot_string(group)};")
        for key in keys:
            style = ' [shape=box, style="rounded,dashed"]' if first[key].kind in EXTERNAL_KINDS else ""
            if not style and first[key].origin in ORIGIN_COLOURS:
                origin = first[key].origin
                style = f' [style=filled, fillcolor="{ORIGIN_COLOURS[origin]}", tooltip="{origin}"]'
            lines.append(f"    {_dot_string(_label(key))}{style};")
        lines.append("  }")
    for key in undefined:
        lines.append(f'  {_dot_string(_label(key))} [style=dashed, color="#aa0000"];')
    for a, b in _edges(graph):
        lines.append(f"  {_dot_string(_label(a))} -> {_dot_string(_label(b))};")
    skipped = [a for a in unresolved if a.key is None]
    if skipped:
        lines.append(f"  // {len(skipped)} asset(s) with unresolved keys not drawn")
    lines.append("}")
    return "\n".join(lines) + "\n"
