"""Which part of the asset graph the lineage view shows (the `assetlens/graph` request): the
neighbourhood of some assets up to a depth upstream and downstream, or the whole graph, capped."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from assetlens.analyzer.facts import AssetKeyParts

MAX_NODES = 5000


@dataclass(frozen=True, slots=True)
class Selection:
    keys: list[AssetKeyParts]  # in a stable order: focus first, then by distance, then by key
    focus: frozenset[AssetKeyParts]
    truncated: bool


def neighbourhood(graph: nx.DiGraph, focus: Iterable[AssetKeyParts], depth: int, limit: int = MAX_NODES) -> Selection:
    """`focus` and every key within `depth` edges upstream or downstream of it."""
    focus_keys = [key for key in dict.fromkeys(focus) if key in graph]
    distance: dict[AssetKeyParts, int] = {key: 0 for key in focus_keys}
    for step in (graph.predecessors, graph.successors):
        seen = {key: 0 for key in focus_keys}
        queue = deque(focus_keys)
        while queue:
            key = queue.popleft()
            if seen[key] >= depth:
                continue
            for neighbour in step(key):
                if neighbour not in seen:
                    seen[neighbour] = seen[key] + 1
                    queue.append(neighbour)
        for key, hops in seen.items():
            distance[key] = min(hops, distance.get(key, hops))
    ordered = sorted(distance, key=lambda key: (distance[key], key))
    return Selection(ordered[:limit], frozenset(focus_keys), len(ordered) > limit)


def whole(graph: nx.DiGraph, limit: int = MAX_NODES) -> Selection:
    keys = sorted(graph.nodes)
    return Selection(keys[:limit], frozenset(), len(keys) > limit)
