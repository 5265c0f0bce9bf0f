"""Running a graph-backed asset: its ops in dependency order inside one step, values passed in memory,
only the nodes the selected outputs need, graph outputs yielded as soon as they exist."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from assetlens.runtime.composition import InputMappingNode, InvokedNodeOutputHandle
from assetlens.runtime.compute import OutputEvent
from assetlens.runtime.errors import UnsupportedByBuiltinEngine
from assetlens.runtime.graphs import GraphDefinition
from assetlens.runtime.nodes import OpDefinition

# (op_def, node path, inputs loader) -> output events; the caller builds the context and resolves config.
# The loader gives fresh inputs for each attempt (an op may be retried).
OpRunner = Callable[[OpDefinition, tuple[str, ...], Callable[[], dict[str, Any]]], Iterator[OutputEvent]]


def _needed_nodes(graph_def: GraphDefinition, outputs: set[str]) -> set[str]:
    needed: set[str] = set()
    frontier = [graph_def.output_mappings[name][0] for name in outputs]
    while frontier:
        node_name = frontier.pop()
        if node_name in needed:
            continue
        needed.add(node_name)
        for source in graph_def.nodes[node_name].input_bindings.values():
            for item in source if isinstance(source, list) else [source]:
                if isinstance(item, InvokedNodeOutputHandle):
                    frontier.append(item.node_name)
    return needed


def _topological(graph_def: GraphDefinition, needed: set[str]) -> list[str]:
    order: list[str] = []
    placed: set[str] = set()

    def visit(node_name: str, trail: tuple[str, ...]) -> None:
        if node_name in placed:
            return
        for source in graph_def.nodes[node_name].input_bindings.values():
            for item in source if isinstance(source, list) else [source]:
                if isinstance(item, InvokedNodeOutputHandle) and item.node_name not in trail:
                    visit(item.node_name, (*trail, node_name))
        placed.add(node_name)
        order.append(node_name)

    for node_name in graph_def.nodes:
        if node_name in needed:
            visit(node_name, ())
    return order


def run_graph(
    graph_def: GraphDefinition,
    graph_inputs: Mapping[str, Any],
    selected_outputs: set[str],
    path: tuple[str, ...],
    run_op: OpRunner,
    transfer: Callable[[Any], Callable[[], Any]] = lambda value: lambda: value,
) -> Iterator[OutputEvent]:
    """Yield an OutputEvent per selected graph output whose producing node ran and produced it.
    `transfer(value)` gives a function returning the value for each consumer (a fresh copy when the run
    passes values through a store, as Dagster's IO manager does between the ops of a graph)."""
    values: dict[tuple[str, str], OutputEvent] = {}
    loaders: dict[tuple[str, str], Callable[[], Any]] = {}
    pending = {name: graph_def.output_mappings[name] for name in selected_outputs}
    for node_name in _topological(graph_def, _needed_nodes(graph_def, selected_outputs)):
        invocation = graph_def.nodes[node_name]
        sources_ready = all(
            isinstance(item, InputMappingNode) or (item.node_name, item.output_name) in loaders
            for source in invocation.input_bindings.values()
            for item in (source if isinstance(source, list) else [source])
        )
        if not sources_ready:
            continue  # an upstream op did not produce an optional output: this node is skipped

        def load_inputs(invocation: Any = invocation) -> dict[str, Any]:
            inputs: dict[str, Any] = {}
            for input_name, source in invocation.input_bindings.items():
                resolved = [
                    graph_inputs[item.graph_input_name]
                    if isinstance(item, InputMappingNode)
                    else loaders[(item.node_name, item.output_name)]()
                    for item in (source if isinstance(source, list) else [source])
                ]
                inputs[input_name] = resolved if isinstance(source, list) else resolved[0]
            return inputs

        node_def = invocation.node_def
        node_path = (*path, node_name)
        if isinstance(node_def, GraphDefinition):
            produced = run_graph(
                node_def, load_inputs(), {d.name for d in node_def.output_defs}, node_path, run_op, transfer
            )
        else:
            produced = run_op(node_def, node_path, load_inputs)  # type: ignore[arg-type]
        for event in produced:
            if not isinstance(event, OutputEvent):  # an AssetCheckResult from an op inside a graph
                raise UnsupportedByBuiltinEngine(
                    f"an AssetCheckResult from op '{node_name}' inside a graph-backed asset", "asset checks in graphs"
                )
            values[(node_name, event.output_name)] = event
            loaders[(node_name, event.output_name)] = transfer(event.value)
            for graph_output, (source_node, source_output) in list(pending.items()):
                if (source_node, source_output) == (node_name, event.output_name):
                    del pending[graph_output]
                    yield OutputEvent(graph_output, event.value, dict(event.metadata))
