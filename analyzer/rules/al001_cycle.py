"""AL001 cycle: assets that depend on themselves through some path of dependencies."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import networkx as nx

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, Diagnostic, Related, Severity
from assetlens.analyzer.positions import source_lines
from assetlens.analyzer.rules.context import RuleContext, definition_range

CODE = "AL001"
NAME = "cycle"
SEVERITY: Severity = "error"
SUMMARY = "Assets depend on themselves through a cycle of dependencies"
EXPLANATION = """\
Dagster's asset graph must be acyclic: a set of assets that depend on each other in a loop cannot be
loaded ("circular dependency") and none of them could ever be materialized first. The message names the
whole cycle in the direction data flows (`a -> b -> c -> a`: `b` reads `a`, ...) and each edge's
reference is attached as related information. Every asset on the cycle gets the diagnostic, at the
reference to its upstream on the cycle. Break the loop by removing one of the references. An asset that
depends on itself is reported too, unless the reference carries a `partition_mapping` (Dagster allows a
time-partitioned asset to read its own earlier partitions).
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


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    graph: nx.DiGraph = ctx.workspace.graph
    suspects = _not_acyclic(graph)
    if not suspects:
        return
    for component in nx.strongly_connected_components(graph.subgraph(suspects)):
        if len(component) == 1:
            (node,) = component
            if not graph.has_edge(node, node):
                continue
        for node in sorted(component):
            for asset in graph.nodes[node].get("assets", ()):
                if not ctx.in_scope(asset.file):
                    continue
                cycle = _shortest_cycle(graph, node, component)
                if cycle is None or (len(cycle) == 2 and _self_dependency_allowed(ctx, asset)):
                    continue
                yield _diagnostic(graph, asset, cycle)


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


def _shortest_cycle(graph: nx.DiGraph, start: AssetKeyParts, component: set) -> list[AssetKeyParts] | None:
    """The shortest cycle from `start` back to itself, following edges downstream, inside `component`:
    [start, ..., start]."""
    if graph.has_edge(start, start):
        return [start, start]
    parents: dict[AssetKeyParts, AssetKeyParts] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph.successors(node)):
            if successor not in component:
                continue
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if successor not in parents:
                parents[successor] = node
                queue.append(successor)
    return None


def _refs(graph: nx.DiGraph, upstream: AssetKeyParts, downstream: AssetKeyParts) -> list[tuple[AssetFact, DepRef]]:
    return list(graph.edges[upstream, downstream].get("refs", ()))


def _diagnostic(graph: nx.DiGraph, asset: AssetFact, cycle: list[AssetKeyParts]) -> Diagnostic:
    names = " -> ".join("/".join(key) for key in cycle)
    related: list[Related] = []
    for upstream, downstream in zip(cycle, cycle[1:]):
        for downstream_asset, ref in _refs(graph, upstream, downstream):
            related.append(
                Related(
                    file=downstream_asset.file,
                    range=ref.range or definition_range(downstream_asset),
                    message=f"`{'/'.join(downstream)}` depends on `{'/'.join(upstream)}` here",
                )
            )
    # the diagnostic sits on this asset's reference to its upstream on the cycle
    own_refs = [ref for a, ref in _refs(graph, cycle[-2], cycle[-1]) if a is asset or a == asset]
    location = next((ref.range for ref in own_refs if ref.range is not None), None) or definition_range(asset)
    if len(cycle) == 2:
        message = f"`{'/'.join(cycle[0])}` depends on itself"
        related = [r for r in related if (r.file, r.range) != (asset.file, location)]
    else:
        message = f"dependency cycle: {names}"
    return Diagnostic(
        code=CODE,
        name=NAME,
        message=message,
        file=asset.file,
        range=location,
        severity=SEVERITY,
        related=tuple(related),
        key=asset.key,
        data=(("cycle", tuple(cycle)),),
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
