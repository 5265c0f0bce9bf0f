"""AL001 cycle: assets that depend on themselves through some path of dependencies."""
from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, Diagnostic, Related, Severity
from assetlens.analyzer.positions import source_lines
from assetlens.analyzer.rules.context import RuleContext, definition_range

if TYPE_CHECKING:
    import networkx as nx

CODE = "AL001"
NAME = "cycle"
SEVERITY: Severity = "error"
SUMMARY = "Assets depend on themselves through a cycle of dependencies"
EXPLANATION = """\
Dagster's asset graph must be acyclic: a set of assets that depend on each other in a loop cannot be
loaded ("circular dependency") and none of them could ever be materialized first. The message names the
whole cycle in the direction data flows (`a -> b -> c -> a`: `b` reads `a`, ...; a cycle of more than
8 assets by its first and last ones) and the references of its first edges are attached as related
information. Each file on the cycle gets the diagnostic once, at its first asset's reference to its
upstream on the cycle. Break the loop by removing one of the references. An asset that
depends on itself is reported too, unless the reference carries a `partition_mapping` (Dagster allows a
time-partitioned asset to read its own earlier partitions). A cycle that only closes through an
unresolved definition (its key only probable, e.g. behind a decorator that cannot be followed) is
information, never an error.
"""
WRONG = """\
import dagster as dg


@dg.asset
def orders(refunds):
    return refunds


@dg.asset
def refunds(orders):
    return orders
"""
RIGHT = """\
import dagster as dg


@dg.asset
def orders():
    return [1, 2, 3]


@dg.asset
def refunds(orders):
    return [o for o in orders if o < 0]
"""


# a cycle longer than this is named by its first and last keys ("a -> b -> c -> ... -> y -> z -> a")
MAX_SHOWN_KEYS = 8
HEAD_KEYS, TAIL_KEYS = 4, 3
MAX_RELATED = 8  # edges attached as related information


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    """One diagnostic per file on each cycle (at the first asset of the file on it): linear in the
    graph, and each message and its related information bounded whatever the cycle's length. With
    several code locations, per location: each loads on its own, so dependencies through another
    location's assets close no cycle in Dagster."""
    graph: nx.DiGraph = ctx.workspace.graph
    if len(getattr(ctx.workspace, "locations", ())) > 1:
        for location in sorted({a.location for _, data in graph.nodes(data=True) for a in data.get("assets", ()) if a.location}):
            yield from _check_certain(ctx, _filtered_graph(graph, lambda asset, location=location: asset.location == location))
        return
    yield from _check_certain(ctx, graph)


def _check_certain(ctx: RuleContext, graph: nx.DiGraph) -> Iterator[Diagnostic]:
    """Cycles made of certain dependencies are errors; a cycle that needs a dependency of an
    unresolved definition (its key only probable, e.g. behind a decorator that cannot be followed)
    is at most information."""
    if all(asset.resolved for _, data in graph.nodes(data=True) for asset in data.get("assets", ())):
        yield from _check_graph(ctx, graph)
        return
    reported: set[AssetKeyParts] = set()
    yield from _check_graph(ctx, _filtered_graph(graph, lambda asset: asset.resolved), reported=reported)
    yield from _check_graph(ctx, graph, skip=reported, uncertain=True)


def _filtered_graph(graph: nx.DiGraph, keep) -> nx.DiGraph:
    """The edges that kept definitions make, with only the kept definitions on the nodes (one code
    location's, or the resolved ones)."""
    import networkx as nx  # only when the rule runs: a warm `check` never imports it

    located = nx.DiGraph()
    for upstream, downstream, data in graph.edges(data=True):
        refs = [(asset, ref) for asset, ref in data.get("refs", ()) if keep(asset)]
        if refs:
            located.add_edge(upstream, downstream, refs=refs)
    for node in located:
        located.nodes[node]["assets"] = [a for a in graph.nodes[node].get("assets", ()) if keep(a)]
    return located


def _check_graph(
    ctx: RuleContext, graph: nx.DiGraph, reported: set[AssetKeyParts] | None = None,
    skip: set[AssetKeyParts] = frozenset(), uncertain: bool = False,  # type: ignore[assignment]
) -> Iterator[Diagnostic]:
    suspects = _not_acyclic(graph)
    if not suspects:
        return
    import networkx as nx

    for component in nx.strongly_connected_components(graph.subgraph(suspects)):
        if component & skip:
            continue  # its certain cycle is reported already
        if reported is not None:
            reported.update(component)
        if len(component) == 1:
            (node,) = component
            if not graph.has_edge(node, node):
                continue
        cycles = _Cycles(graph, component)
        first_in_file: dict[str, tuple[AssetKeyParts, AssetFact]] = {}
        for node in sorted(component):
            for asset in graph.nodes[node].get("assets", ()):
                if ctx.in_scope(asset.file) and asset.file not in first_in_file:
                    if graph.has_edge(node, node) and len(component) == 1 and _self_dependency_allowed(ctx, asset):
                        continue
                    first_in_file[asset.file] = (node, asset)
        for file in sorted(first_in_file):
            node, asset = first_in_file[file]
            self_loop = graph.has_edge(node, node) and not _self_dependency_allowed(ctx, asset)
            diagnostic = _diagnostic(graph, asset, cycles.through(node, self_loop), len(component))
            yield _uncertain(graph, diagnostic, component) if uncertain else diagnostic


class _Cycles:
    """Cycles through the members of one strongly connected component, in linear time overall for the
    usual shapes: a breadth-first tree from the smallest member `r` each way gives, for any member `m`,
    a closed walk m => r => m, shortened to a simple cycle; members of a cycle already found reuse it
    (rotated), so a ring of any length is walked once."""

    def __init__(self, graph: nx.DiGraph, component: set[AssetKeyParts]) -> None:
        self.graph = graph
        self.component = component
        self.root = min(component)
        self.parent = self._bfs(graph.succ)  # node -> its parent on a shortest path root => node
        self.toward = self._bfs(graph.pred)  # node -> the next node on a shortest path node => root
        self.found: list[list[AssetKeyParts]] = []  # cycles, each [start, ..., start]
        self.position: dict[AssetKeyParts, tuple[int, int]] = {}  # node -> (cycle index, offset)

    def _bfs(self, neighbours) -> dict[AssetKeyParts, AssetKeyParts]:
        seen = {self.root: self.root}
        queue = deque([self.root])
        while queue:
            node = queue.popleft()
            for other in sorted(neighbours[node]):
                if other in self.component and other not in seen:
                    seen[other] = node
                    queue.append(other)
        return seen

    def through(self, node: AssetKeyParts, self_loop: bool) -> _Cycle:
        if self_loop:
            return _Cycle([node, node], 0)
        if node not in self.position:
            self._register(self._simple_cycle(node))
        index, offset = self.position[node]
        return _Cycle(self.found[index], offset)

    def _register(self, cycle: list[AssetKeyParts]) -> None:
        index = len(self.found)
        self.found.append(cycle)
        for offset, node in enumerate(cycle[:-1]):
            self.position.setdefault(node, (index, offset))

    def _simple_cycle(self, node: AssetKeyParts) -> list[AssetKeyParts]:
        root = self.root
        if node == root:  # the shortest way back to the root: through the nearest of its upstreams
            upstreams = [p for p in self.graph.pred[root] if p in self.component and p != root]
            if not upstreams:
                return [root, root]
            depth = self._depths()
            nearest = min(upstreams, key=lambda p: (depth[p], p))
            return [*self._from_root(nearest), root]
        to_root = [node]  # node => root
        while to_root[-1] != root:
            to_root.append(self.toward[to_root[-1]])
        from_root = self._from_root(node)  # root => node
        where = {key: i for i, key in enumerate(from_root)}
        # the first node after `node` on the way to the root that the way back also passes: the walk
        # node => it => node is then a simple cycle
        for i, key in enumerate(to_root[1:], start=1):
            if key in where:
                return [*to_root[: i + 1], *from_root[where[key] + 1 :]]
        raise AssertionError("the root is on both paths")

    def _from_root(self, node: AssetKeyParts) -> list[AssetKeyParts]:
        path = [node]
        while path[-1] != self.root:
            path.append(self.parent[path[-1]])
        return path[::-1]

    def _depths(self) -> dict[AssetKeyParts, int]:
        depth = {self.root: 0}
        for key, parent in self.parent.items():  # filled in breadth-first order: parents come first
            if key != self.root:
                depth[key] = depth[parent] + 1
        return depth


class _Cycle:
    """A cycle [start, ..., start] read from `offset` on (a rotation, without copying it)."""

    def __init__(self, keys: list[AssetKeyParts], offset: int) -> None:
        self.keys = keys
        self.offset = offset
        self.length = len(keys) - 1  # distinct keys

    def key(self, i: int) -> AssetKeyParts:
        """The i-th key from the start (i may be up to `length`: the start again)."""
        return self.keys[(self.offset + i) % self.length] if self.length else self.keys[0]

    def shown(self) -> str:
        """`a -> b -> c -> a`, abbreviated past MAX_SHOWN_KEYS keys."""
        n = self.length
        if n <= MAX_SHOWN_KEYS:
            indices = list(range(n + 1))
            return " -> ".join("/".join(self.key(i)) for i in indices)
        head = " -> ".join("/".join(self.key(i)) for i in range(HEAD_KEYS))
        tail = " -> ".join("/".join(self.key(i)) for i in range(n - TAIL_KEYS + 1, n + 1))
        return f"{head} -> … ({n - HEAD_KEYS - TAIL_KEYS + 1} more) … -> {tail}"

    def edges(self, limit: int) -> Iterator[tuple[AssetKeyParts, AssetKeyParts]]:
        for i in range(min(self.length, limit)):
            yield self.key(i), self.key(i + 1)


def _not_acyclic(graph: nx.DiGraph) -> list[AssetKeyParts]:
    """Nodes left after peeling off, in topological order, every node all of whose upstreams were
    peeled: the nodes on cycles and downstream of them (none for a DAG). A few times cheaper than
    strongly connected components over the whole graph, which then run on this remainder only."""
    in_degree = {node: len(upstream) for node, upstream in graph.pred.items()}
    ready = [node for node, degree in in_degree.items() if degree == 0]
    successors = graph.succ
    while ready:
        node = ready.pop()
        for successor in successors[node]:
            in_degree[successor] -= 1
            if in_degree[successor] == 0:
                ready.append(successor)
    return [node for node, degree in in_degree.items() if degree > 0]


def _refs(graph: nx.DiGraph, upstream: AssetKeyParts, downstream: AssetKeyParts) -> list[tuple[AssetFact, DepRef]]:
    return list(graph.edges[upstream, downstream].get("refs", ()))


def _diagnostic(graph: nx.DiGraph, asset: AssetFact, cycle: _Cycle, members: int) -> Diagnostic:
    start = cycle.key(0)
    related: list[Related] = []
    for upstream, downstream in cycle.edges(MAX_RELATED):
        for downstream_asset, ref in _refs(graph, upstream, downstream)[:2]:
            related.append(
                Related(
                    file=downstream_asset.file,
                    range=ref.range or definition_range(downstream_asset),
                    message=f"`{'/'.join(downstream)}` depends on `{'/'.join(upstream)}` here",
                )
            )
    related = related[:MAX_RELATED]
    # the diagnostic sits on this asset's reference to its upstream on the cycle
    own_refs = [ref for a, ref in _refs(graph, cycle.key(cycle.length - 1), start) if a is asset or a == asset]
    location = next((ref.range for ref in own_refs if ref.range is not None), None) or definition_range(asset)
    if cycle.length == 1:
        message = f"`{'/'.join(start)}` depends on itself"
        related = [r for r in related if (r.file, r.range) != (asset.file, location)]
    elif cycle.length <= MAX_SHOWN_KEYS:
        message = f"dependency cycle: {cycle.shown()}"
    else:
        message = f"dependency cycle of {cycle.length} assets: {cycle.shown()}"
    if members > cycle.length and cycle.length > 1:
        message += f" ({members} assets depend on each other in loops)"
    return Diagnostic(
        code=CODE,
        name=NAME,
        message=message,
        file=asset.file,
        range=location,
        severity=SEVERITY,
        related=tuple(related),
        key=asset.key,
        data=(("cycle_length", cycle.length),),
    )


def _self_dependency_allowed(ctx: RuleContext, asset: AssetFact) -> bool:
    """Dagster accepts a self-dependency whose AssetIn/AssetDep carries a time-window partition mapping;
    the facts do not model partition mappings, so a `partition_mapping` in the decorator is trusted."""
    span = asset.decorator_range or asset.def_range
    if span is None:
        return False
    try:
        text = ctx.workspace.file_text(asset.file)
    except (OSError, KeyError):
        return False
    lines = source_lines(text)[span.line - 1 : span.end_line]  # lines as ast numbers them
    return "partition_mapping" in "\n".join(lines)


def _uncertain(graph: nx.DiGraph, diagnostic: Diagnostic, component: set[AssetKeyParts]) -> Diagnostic:
    """Information only: the cycle closes through a definition whose key and dependencies are not
    known for certain."""
    unresolved = sorted({a.node or a.user_key for node in component for a in graph.nodes[node].get("assets", ()) if not a.resolved})
    names = ", ".join(f"`{name}`" for name in unresolved[:3]) + (f" and {len(unresolved) - 3} more" if len(unresolved) > 3 else "")
    return dataclasses.replace(
        diagnostic,
        severity="info",
        message=f"possible {diagnostic.message} (it depends on {names}, an unresolved definition whose key and dependencies are not known for certain)",
    )
