"""Drawing the asset graph: Mermaid flowcharts and Graphviz dot, grouped by asset group.

Defined assets are boxes inside one subgraph per group (inside one subgraph per code location when
the graph holds several locations); specs and source assets (external) are drawn
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


def _locations(first: dict[AssetKeyParts, AssetFact]) -> list[str | None]:
    """The code locations to draw as clusters (none when there is at most one)."""
    found = sorted({asset.location for asset in first.values() if asset.location is not None})
    return list(found) if len(found) > 1 else []


def _by_location(groups: dict[str, list[AssetKeyParts]], first: dict[AssetKeyParts, AssetFact], location: str) -> dict[str, list[AssetKeyParts]]:
    result: dict[str, list[AssetKeyParts]] = {}
    for group, keys in groups.items():
        mine = [key for key in keys if first[key].location == location]
        if mine:
            result[group] = mine
    return result


def location_subgraph(graph: nx.DiGraph, location: str) -> nx.DiGraph:
    """The keys one code location defines (only its own definitions kept on each node) and the keys
    they depend on (drawn as undefined/external when the location does not define them)."""
    own = {key for key, data in graph.nodes(data=True) if any(a.location == location for a in data.get("assets") or ())}
    keep = own | {upstream for key in own for upstream in graph.predecessors(key)}
    sub = nx.DiGraph()
    for key in keep:
        assets = [a for a in graph.nodes[key].get("assets") or () if a.location == location]
        sub.add_node(key, assets=assets)
    for key in own:
        for upstream in graph.predecessors(key):
            sub.add_edge(upstream, key, **graph.edges[upstream, key])
    return sub


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
    locations = _locations(first)
    if locations:
        number = 0
        for index, location in enumerate(locations):
            lines.append(f'  subgraph location{index}["location: {text(str(location))}"]')
            for group, keys in _by_location(groups, first, str(location)).items():
                lines.append(f'    subgraph group{number}["{text(group)}"]')
                lines.extend(f"      {node(key)}" for key in keys)
                lines.append("    end")
                number += 1
            lines.append("  end")
        loose = [key for keys in groups.values() for key in keys if first[key].location is None]
        lines.extend(f"  {node(key)}" for key in loose)
    for number, (group, keys) in enumerate(groups.items() if not locations else ()):
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

    def cluster(number: int, group: str, keys: list[AssetKeyParts], indent: str) -> None:
        lines.append(f"{indent}subgraph cluster_{number} {{")
        lines.append(f"{indent}  label={_dot_string(group)};")
        for key in keys:
            style = ' [shape=box, style="rounded,dashed"]' if first[key].kind in EXTERNAL_KINDS else ""
            if not style and first[key].origin in ORIGIN_COLOURS:
                origin = first[key].origin
                style = f' [style=filled, fillcolor="{ORIGIN_COLOURS[origin]}", tooltip="{origin}"]'
            lines.append(f"{indent}  {_dot_string(_label(key))}{style};")
        lines.append(f"{indent}}}")

    locations = _locations(first)
    number = 0
    for index, location in enumerate(locations):
        lines.append(f"  subgraph cluster_location_{index} {{")
        lines.append(f"    label={_dot_string('location: ' + str(location))};")
        lines.append("    style=bold;")
        for group, keys in _by_location(groups, first, str(location)).items():
            cluster(number, group, keys, "    ")
            number += 1
        lines.append("  }")
    if not locations:
        for number, (group, keys) in enumerate(groups.items()):
            cluster(number, group, keys, "  ")
    else:
        for key in (key for keys in groups.values() for key in keys if first[key].location is None):
            lines.append(f"  {_dot_string(_label(key))};")
    for key in undefined:
        lines.append(f'  {_dot_string(_label(key))} [style=dashed, color="#aa0000"];')
    for a, b in _edges(graph):
        lines.append(f"  {_dot_string(_label(a))} -> {_dot_string(_label(b))};")
    skipped = [a for a in unresolved if a.key is None]
    if skipped:
        lines.append(f"  // {len(skipped)} asset(s) with unresolved keys not drawn")
    lines.append("}")
    return "\n".join(lines) + "\n"
