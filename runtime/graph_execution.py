"""Running a graph-backed asset: its ops in dependency order inside one step, values passed in memory,
only the nodes the selected outputs need, graph outputs yielded as soon as they exist. The asset's check
specs (`@graph_asset(check_specs=...)`) are graph outputs too: the AssetCheckResults the ops feeding them
return pass through as `CheckResultEvent`s, and an op that feeds only checks and raises gives a
`CheckErrorEvent` (in Dagster it is a step of its own, whose failure fails the run but not the asset)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from assetlens.runtime.composition import InputMappingNode, InvokedNodeOutputHandle
from dataclasses import dataclass

from assetlens.runtime.compute import CheckResultEvent, OutputEvent
from assetlens.runtime.errors import UnsupportedByBuiltinEngine
from assetlens.runtime.graphs import GraphDefinition
from assetlens.runtime.nodes import OpDefinition

# (op_def, node path, inputs loader, {check key: op output feeding it}) -> output (and check result) events;
# the caller builds the context and resolves config. The loader gives fresh inputs for each attempt (an op
# may be retried).
OpRunner = Callable[
    [OpDefinition, tuple[str, ...], Callable[[], dict[str, Any]], Mapping[Any, str] | None], Iterator[Any]
]


@dataclass
class CheckErrorEvent:
    """An op that feeds only check outputs raised: those checks' results are errors."""

    specs: list[Any]
    error: BaseException


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
    check_specs_by_output_name: Mapping[str, Any] | None = None,
) -> Iterator[Any]:
    """Yield an OutputEvent per selected graph output whose producing node ran and produced it (and the
    check events of `check_specs_by_output_name`, the asset's check outputs, for those selected).
    `transfer(value)` gives a function returning the value for each consumer (a fresh copy when the run
    passes values through a store, as Dagster's IO manager does between the ops of a graph)."""
    checks = {name: spec for name, spec in (check_specs_by_output_name or {}).items() if name in selected_outputs}
    check_only = _check_only_nodes(graph_def, checks)
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
            feeds = {
                spec.key: graph_def.output_mappings[name][1]
                for name, spec in checks.items()
                if graph_def.output_mappings[name][0] == node_name
            }
            produced = run_op(node_def, node_path, load_inputs, feeds if checks else None)  # type: ignore[arg-type]
        if node_name in check_only:
            produced = _errors_as_check_results(produced, check_only[node_name])
        for event in produced:
            if isinstance(event, (CheckResultEvent, CheckErrorEvent)):
                yield event
                continue
            if not isinstance(event, OutputEvent):  # an AssetCheckResult from an op inside a graph
                raise UnsupportedByBuiltinEngine(
                    f"an AssetCheckResult from op '{node_name}' inside a graph-backed asset without check_specs",
                    "asset checks in graphs",
                )
            values[(node_name, event.output_name)] = event
            loaders[(node_name, event.output_name)] = transfer(event.value)
            for graph_output, (source_node, source_output) in list(pending.items()):
                if (source_node, source_output) == (node_name, event.output_name):
                    del pending[graph_output]
                    yield OutputEvent(graph_output, event.value, dict(event.metadata))


def _check_only_nodes(graph_def: GraphDefinition, checks: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Nodes whose outputs feed nothing but check outputs (no other node, no asset output): node -> specs."""
    consumed = {
        item.node_name
        for invocation in graph_def.nodes.values()
        for source in invocation.input_bindings.values()
        for item in (source if isinstance(source, list) else [source])
        if isinstance(item, InvokedNodeOutputHandle)
    }
    feeding: dict[str, list[Any]] = {}
    for name, (node_name, _) in graph_def.output_mappings.items():
        if name in checks:
            feeding.setdefault(node_name, []).append(checks[name])
    assets = {node_name for name, (node_name, _) in graph_def.output_mappings.items() if name not in checks}
    return {node: specs for node, specs in feeding.items() if node not in consumed and node not in assets}


def _errors_as_check_results(events: Iterator[Any], specs: list[Any]) -> Iterator[Any]:
    evaluated: set[Any] = set()
    try:
        for event in events:
            if isinstance(event, CheckResultEvent):
                evaluated.add(event.spec.key)
            yield event
    except Exception as error:  # noqa: BLE001 - the user's check op raised: its checks' results are errors
        yield CheckErrorEvent([spec for spec in specs if spec.key not in evaluated] or specs, error)
