"""Recording op/graph invocations inside a `@graph` body (Dagster's composition DSL): which node's
output feeds which input, and which graph input maps to which node input."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
)

if TYPE_CHECKING:
    from assetlens.runtime.nodes import NodeDefinition


@dataclass(frozen=True)
class InvokedNodeOutputHandle:
    """The output `output_name` of the invocation `node_name` (what an op call returns in a graph)."""

    node_name: str
    output_name: str
    node_type: str = "op"

    def alias(self, _: str) -> Any:
        raise DagsterInvalidInvocationError("alias() must be called on the op, not on its output")


@dataclass(frozen=True)
class InputMappingNode:
    """A graph input, as passed to the composition function."""

    graph_input_name: str


InputSource = Union[InvokedNodeOutputHandle, InputMappingNode, "list[InvokedNodeOutputHandle | InputMappingNode]"]


@dataclass
class NodeInvocation:
    """One node of a graph: its definition and where each of its inputs comes from."""

    node_name: str
    node_def: NodeDefinition
    input_bindings: dict[str, Any]


@dataclass
class _CompositionContext:
    name: str
    source: str
    invocations: dict[str, NodeInvocation] = field(default_factory=dict)
    collisions: dict[str, int] = field(default_factory=dict)

    def observe_invocation(self, given_alias: str | None, node_def: NodeDefinition, bindings: dict[str, Any]) -> str:
        if given_alias is None:
            node_name = node_def.name
            if self.collisions.get(node_name):
                self.collisions[node_name] += 1
                node_name = f"{node_name}_{self.collisions[node_name]}"
            else:
                self.collisions[node_name] = 1
        else:
            node_name = given_alias
        if node_name in self.invocations:
            raise DagsterInvalidDefinitionError(
                f"{self.source} {self.name} invoked the same node ({node_name}) twice without aliasing."
            )
        self.invocations[node_name] = NodeInvocation(node_name, node_def, bindings)
        return node_name


_STACK: list[_CompositionContext] = []


def is_in_composition() -> bool:
    return bool(_STACK)


def enter_composition(name: str, source: str) -> None:
    _STACK.append(_CompositionContext(name, source))


def exit_composition() -> _CompositionContext:
    return _STACK.pop()


def _bind_argument(
    node_name: str, node_type: str, value: Any, input_name: str, bindings: dict[str, Any], where: str
) -> None:
    from assetlens.runtime.nodes import NodeDefinition, PendingNodeInvocation

    context = _STACK[-1]
    if input_name in bindings:
        raise DagsterInvalidInvocationError(f"{node_type} {node_name} got multiple values for argument '{input_name}'")
    if isinstance(value, (InvokedNodeOutputHandle, InputMappingNode)):
        bindings[input_name] = value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if not isinstance(item, (InvokedNodeOutputHandle, InputMappingNode)):
                raise DagsterInvalidDefinitionError(
                    f"In {context.source} {context.name}, received a list containing an invalid type at index {index} "
                    f'for input "{input_name}" {where} in {node_type} invocation {node_name}. Lists can only contain '
                    f"the output from previous op invocations or input mappings, received {type(value)}"
                )
        bindings[input_name] = list(value)
    elif (
        isinstance(value, tuple)
        and hasattr(value, "_fields")
        and all(isinstance(item, InvokedNodeOutputHandle) for item in value)
    ):
        raise DagsterInvalidDefinitionError(
            f"In {context.source} {context.name}, received a tuple of multiple outputs for input "
            f'"{input_name}" {where} in {node_type} invocation {node_name}. Must pass individual output, '
            f"available from tuple: {getattr(value, '_fields', ())}"
        )
    elif isinstance(value, (NodeDefinition, PendingNodeInvocation)):
        raise DagsterInvalidDefinitionError(
            f"In {context.source} {context.name}, received an un-invoked {value.describe_node()}  for input "
            f'"{input_name}" {where} in {node_type} invocation "{node_name}". Did you forget parentheses?'
        )
    else:
        raise DagsterInvalidDefinitionError(
            f"In {context.source} {context.name}, received invalid type {type(value)} for input "
            f'"{input_name}" {where} in {node_type} invocation "{node_name}". Must pass the output from '
            "previous node invocations or inputs to the composition function as inputs when invoking nodes "
            "during composition."
        )


def invoke_in_composition(node_def: NodeDefinition, given_alias: str | None, args: tuple, kwargs: dict) -> Any:
    """Record `node_def(*args, **kwargs)` in the current graph body and return its output handle(s)."""
    context = _STACK[-1]
    node_name = given_alias or node_def.name
    node_type = node_def.node_type_str
    bindings: dict[str, Any] = {}
    for index, value in enumerate(args):
        if index >= len(node_def.input_defs):
            raise DagsterInvalidDefinitionError(
                f"In {context.source} {context.name}, received too many inputs for invocation {node_name}. "
                f"Only {len(node_def.input_defs)} defined, received {len(args)}"
            )
        input_name = node_def.resolve_input_name_at_position(index)
        if input_name is None:
            raise DagsterInvalidDefinitionError(
                f"In {context.source} {context.name}, could not resolve input based on position at index {index} "
                f"for invocation {node_name}. Use keyword args instead, available inputs are: "
                f"{[input_def.name for input_def in node_def.input_defs]}"
            )
        _bind_argument(node_name, node_type, value, input_name, bindings, f"(at position {index})")
    for input_name, value in kwargs.items():
        _bind_argument(node_name, node_type, value, input_name, bindings, "(passed by keyword)")
    resolved_name = context.observe_invocation(given_alias, node_def, bindings)
    outputs = node_def.output_defs
    if not outputs:
        return None
    if len(outputs) == 1:
        return InvokedNodeOutputHandle(resolved_name, outputs[0].name, node_type)
    handles = {output.name: InvokedNodeOutputHandle(resolved_name, output.name, node_type) for output in outputs}
    return namedtuple(f"_{node_def.name}_outputs", " ".join(handles))(**handles)
