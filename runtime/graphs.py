"""Graphs of ops: `GraphIn`, `GraphOut`, `GraphDefinition` and the `@graph` decorator (Dagster's
composition: the body is run once, at definition time, to record how ops are wired)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from assetlens.runtime import composition
from assetlens.runtime.composition import (
    InputMappingNode,
    InvokedNodeOutputHandle,
    NodeInvocation,
)
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.fn_params import FunctionParams, docstring_description
from assetlens.runtime.nodes import (
    InputDefinition,
    NodeDefinition,
    OpDefinition,
    Out,
    OutputDefinition,
    resolve_input_defs,
    resolve_output_defs,
)
from assetlens.runtime.results import DEFAULT_OUTPUT


class GraphIn:
    """Declares a graph input (mirrors `dagster.GraphIn`)."""

    def __init__(self, description: str | None = None) -> None:
        self.description = description

    def to_definition(self, name: str) -> InputDefinition:
        return InputDefinition(name, description=self.description)


class GraphOut:
    """Declares a graph output (mirrors `dagster.GraphOut`)."""

    def __init__(self, description: str | None = None) -> None:
        self.description = description

    def to_out(self) -> Out:
        return Out(description=self.description)


class GraphDefinition(NodeDefinition):
    """Ops wired together; its outputs are mapped from some of its nodes' outputs."""

    node_type_str = "graph"

    def __init__(
        self,
        name: str,
        description: str | None,
        input_defs: list[InputDefinition],
        output_defs: list[OutputDefinition],
        nodes: dict[str, NodeInvocation],
        input_mappings: dict[str, list[tuple[str, str]]],
        output_mappings: dict[str, tuple[str, str]],
        positional_inputs: list[str],
        config: Mapping[str, Any] | None,
        tags: Mapping[str, Any] | None,
    ) -> None:
        super().__init__(name, input_defs, output_defs, description, tags)
        self.nodes = nodes
        self.input_mappings = input_mappings
        self.output_mappings = output_mappings
        self._positional_inputs = positional_inputs
        self.config = dict(config or {})

    @property
    def node_defs(self) -> list[NodeDefinition]:
        return [invocation.node_def for invocation in self.nodes.values()]

    def resolve_input_name_at_position(self, index: int) -> str | None:
        return self._positional_inputs[index] if index < len(self._positional_inputs) else None

    def resolve_output_to_origin(self, output_name: str) -> tuple[OutputDefinition, str]:
        """The op output a graph output comes from (following nested graphs)."""
        node_name, node_output = self.output_mappings[output_name]
        node_def = self.nodes[node_name].node_def
        if isinstance(node_def, GraphDefinition):
            return node_def.resolve_output_to_origin(node_output)
        return node_def.output_def_named(node_output), node_name

    def iterate_op_defs(self) -> list[OpDefinition]:
        ops: list[OpDefinition] = []
        for node_def in self.node_defs:
            ops.extend(node_def.iterate_op_defs() if isinstance(node_def, GraphDefinition) else [node_def])  # type: ignore[list-item]
        return ops

    def downstream_nodes(self) -> dict[str, set[str]]:
        forward: dict[str, set[str]] = {name: set() for name in self.nodes}
        for name, invocation in self.nodes.items():
            for source in invocation.input_bindings.values():
                for item in source if isinstance(source, list) else [source]:
                    if isinstance(item, InvokedNodeOutputHandle):
                        forward[item.node_name].add(name)
        return forward

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if composition.is_in_composition():
            return composition.invoke_in_composition(self, None, args, kwargs)
        raise DagsterInvalidInvocationError(
            f"Attempted to call graph '{self.name}' outside of a composition function. Invoking graphs is only "
            "valid in a function decorated with @job or @graph."
        )

    def to_job(self, *args: Any, **kwargs: Any) -> Any:
        raise UnsupportedByBuiltinEngine("GraphDefinition.to_job", "jobs")

    def execute_in_process(self, *args: Any, **kwargs: Any) -> Any:
        raise UnsupportedByBuiltinEngine("GraphDefinition.execute_in_process", "jobs")


def _mapping_from_output(
    output: Any, output_defs: list[OutputDefinition], graph_name: str, decorator_name: str
) -> dict[str, tuple[str, str]] | None:
    """Dagster's `composite_mapping_from_output`."""
    if isinstance(output, InvokedNodeOutputHandle):
        if len(output_defs) == 1:
            return {output_defs[0].name: (output.node_name, output.output_name)}
        raise DagsterInvalidDefinitionError(
            f"Returned a single output ({output.node_name}.{output.output_name}) in {decorator_name} '{graph_name}' "
            f"but {len(output_defs)} outputs are defined. Return a dict to map defined outputs."
        )
    names = [output_def.name for output_def in output_defs]
    if isinstance(output, tuple) and all(isinstance(item, InvokedNodeOutputHandle) for item in output):
        return {name: (output[index].node_name, output[index].output_name) for index, name in enumerate(names)}
    if isinstance(output, dict):
        mapping = {}
        for name, handle in output.items():
            if name not in names:
                raise DagsterInvalidDefinitionError(
                    f"{decorator_name} '{graph_name}' referenced key {name} which does not match any defined outputs. "
                    f"Valid options are: {names}"
                )
            if not isinstance(handle, InvokedNodeOutputHandle):
                raise DagsterInvalidDefinitionError(
                    f"{decorator_name} '{graph_name}' returned problematic dict entry under key {name} of type "
                    f"{type(handle)}. Dict values must be outputs of invoked nodes"
                )
            mapping[name] = (handle.node_name, handle.output_name)
        return mapping
    if output is not None:
        raise DagsterInvalidDefinitionError(
            f"{decorator_name} '{graph_name}' returned problematic value of type {type(output)}. Expected return "
            "value from invoked node or dict mapping output name to return values from invoked nodes"
        )
    return None


def build_graph(
    fn: Callable[..., Any],
    *,
    name: str,
    description: str | None,
    ins: Mapping[str, GraphIn] | None,
    out: GraphOut | Mapping[str, GraphOut] | None,
    config: Mapping[str, Any] | None,
    tags: Mapping[str, Any] | None,
    decorator_name: str = "@graph",
) -> GraphDefinition:
    """Dagster's `do_composition` + `GraphDefinition`."""
    params = FunctionParams(fn, takes_context=False)
    if out is None:
        explicit_outputs = False
        output_defs = resolve_output_defs(params, None, None)
    else:
        explicit_outputs = True
        outs = {DEFAULT_OUTPUT: out.to_out()} if isinstance(out, GraphOut) else {n: o.to_out() for n, o in out.items()}
        output_defs = resolve_output_defs(params if len(outs) == 1 else None, outs, None)
    explicit_inputs = [graph_in.to_definition(input_name) for input_name, graph_in in (ins or {}).items()]
    input_defs = resolve_input_defs(decorator_name, name, params, explicit_inputs, exclude_nothing=False)
    kwargs = {input_def.name: InputMappingNode(input_def.name) for input_def in input_defs}
    composition.enter_composition(name, decorator_name)
    try:
        returned = fn(**kwargs)
        output_mapping = _mapping_from_output(returned, output_defs, name, decorator_name)
    finally:
        context = composition.exit_composition()
    input_mappings: dict[str, list[tuple[str, str]]] = {}
    for node_name, invocation in context.invocations.items():
        for input_name, source in invocation.input_bindings.items():
            for item in source if isinstance(source, list) else [source]:
                if isinstance(item, InputMappingNode):
                    input_mappings.setdefault(item.graph_input_name, []).append((node_name, input_name))
    for input_def in input_defs:
        if input_def.name not in input_mappings:
            raise DagsterInvalidDefinitionError(
                f"{decorator_name} '{name}' has unmapped input '{input_def.name}'. Remove it or pass it to the "
                "appropriate op/graph invocation."
            )
    output_mapping = output_mapping or {}
    mapped_output_defs = []
    for output_def in output_defs:
        if output_def.name not in output_mapping:
            if not explicit_outputs:
                continue
            raise DagsterInvalidDefinitionError(
                f"{decorator_name} '{name}' has unmapped output '{output_def.name}'. Remove it or return a value from "
                "the appropriate op/graph invocation."
            )
        mapped_output_defs.append(output_def)
    return GraphDefinition(
        name=name,
        description=description,
        input_defs=input_defs,
        output_defs=mapped_output_defs,
        nodes=context.invocations,
        input_mappings=input_mappings,
        output_mappings={n: output_mapping[n] for n in (d.name for d in mapped_output_defs)},
        positional_inputs=params.positional_inputs,
        config=config,
        tags=tags,
    )


def graph(
    compose_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    input_defs: Any = None,
    output_defs: Any = None,
    ins: Mapping[str, GraphIn] | None = None,
    out: GraphOut | Mapping[str, GraphOut] | None = None,
    tags: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
) -> Any:
    """Dagster's `@graph`."""
    if input_defs is not None or output_defs is not None:
        raise UnsupportedByBuiltinEngine("graph(input_defs=/output_defs=)", "use ins=/out=")
    if config is not None and not isinstance(config, Mapping):
        raise UnsupportedByBuiltinEngine("graph(config=ConfigMapping(...))", "config mappings")

    def build(fn: Callable[..., Any]) -> GraphDefinition:
        graph_def = build_graph(
            fn,
            name=name or fn.__name__,
            description=description or docstring_description(fn),
            ins=ins,
            out=out,
            config=config,
            tags=tags,
        )
        functools.update_wrapper(graph_def, fn)  # type: ignore[arg-type]
        return graph_def

    if compose_fn is not None:
        return build(compose_fn)
    return build


def validate_leaf_nodes_mapped(graph_def: GraphDefinition, prefix: tuple[str, ...] = ()) -> None:
    """Dagster's `_validate_graph_def`: every leaf node of a graph-backed asset must produce an output."""
    for node_def in graph_def.node_defs:
        if isinstance(node_def, GraphDefinition):
            validate_leaf_nodes_mapped(node_def, (*prefix, graph_def.name))
    forward = graph_def.downstream_nodes()
    leaves = {node for node, downstream in forward.items() if not downstream}
    mapped = {node_name for node_name, _ in graph_def.output_mappings.values()}
    unmapped = {".".join([*prefix, node]) for node in leaves - mapped}
    if unmapped:
        raise DagsterInvalidDefinitionError(
            f"All leaf nodes within graph '{graph_def.name}' must generate outputs which are mapped to outputs of "
            f"the graph, and produce assets. The following leaf node(s) are non-asset producing ops: {unmapped}. "
            "This behavior is not currently supported because these ops are not required for the creation of "
            "the associated asset(s)."
        )
