"""The edit scope's cycle search: the same members as a search per key, in one linear pass."""
from __future__ import annotations

import random

import networkx as nx

from assetlens.server.scope import cycle_members


def by_definition(graph: nx.DiGraph, keys: list[int]) -> set[int]:
    """Keys on a cycle through one of `keys`: what is both below and above it (or itself, on a loop)."""
    members: set[int] = set()
    for key in keys:
        if key not in graph:
            continue
        on_cycle = nx.descendants(graph, key) & nx.ancestors(graph, key)
        if on_cycle or graph.has_edge(key, key):
            members |= on_cycle | {key}
    return members


def test_matches_the_definition_on_random_graphs() -> None:
    rng = random.Random(3)
    for _ in range(400):
        graph = nx.DiGraph()
        size = rng.randrange(1, 25)
        graph.add_nodes_from(range(size))
        graph.add_edges_from((rng.randrange(size), rng.randrange(size)) for _ in range(rng.randrange(40)))
        keys = rng.sample(range(size + 3), rng.randrange(size + 3))  # some keys the graph does not have
        assert cycle_members(graph, keys) == by_definition(graph, keys)


class CountingGraph(nx.DiGraph):
    """Counts how often an algorithm looks at a node's neighbours."""

    looks = 0

    @property
    def succ(self):  # type: ignore[override]
        return _Counting(super().succ, self)

    @property
    def pred(self):  # type: ignore[override]
        return _Counting(super().pred, self)


class _Counting:
    def __init__(self, mapping, graph: CountingGraph) -> None:
        self.mapping, self.graph = mapping, graph

    def __contains__(self, key) -> bool:
        return key in self.mapping

    def __getitem__(self, key):
        type(self.graph).looks += 1
        return self.mapping[key]


def test_work_is_linear_when_every_key_of_a_20k_chain_changed() -> None:
    """Opening a new 20,000-asset file changes every key: one search per key took two minutes."""
    counts = []
    for size in (2_000, 20_000):
        graph = CountingGraph()
        graph.add_edges_from((index, index + 1) for index in range(size))
        graph.add_edge(size, size - 500)  # a cycle through the last 500
        CountingGraph.looks = 0
        assert len(cycle_members(graph, list(range(size + 1)))) == 501
        counts.append(CountingGraph.looks)
    assert counts[0] > 0
    assert counts[1] <= 12 * counts[0]  # ten times the graph, about ten times the work (not a hundred)
    assert counts[1] <= 6 * 20_000
