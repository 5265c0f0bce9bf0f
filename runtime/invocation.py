"""Calling an op or asset directly (`my_asset(1)` in a unit test), and the contexts tests build for it
(`build_asset_context`, `build_op_context`)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assetlens.runtime.compute import (
    build_kwargs,
    invoke,
    type_check_input,
    type_check_output,
)
from assetlens.runtime.context import (
    AssetExecutionContext,
    DagsterLogManager,
    DagsterRun,
    OpExecutionContext,
    StepState,
)
from assetlens.runtime.errors import (
    DagsterInvalidInvocationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.results import MaterializeResult, Output

if TYPE_CHECKING:
    from assetlens.runtime.assets_definition import AssetsDefinition
    from assetlens.runtime.nodes import OpDefinition


def _stderr_sink(level: str, message: str) -> None:
    print(f"{level} - {message}", file=sys.stderr)


def _state(resources: Mapping[str, Any] | None, config: Any, partition_key: str | None, instance: Any) -> StepState:
    if partition_key is not None:
        raise UnsupportedByBuiltinEngine("build_asset_context(partition_key=...)", "partitions")
    if instance is not None:
        raise UnsupportedByBuiltinEngine("build_asset_context(instance=...)", "Dagster instances")
    return StepState(
        run=DagsterRun(run_id="EPHEMERAL"),
        op_def=None,  # type: ignore[arg-type] - bound when the context is passed to an op
        assets_def=None,
        node_name="",
        log=DagsterLogManager(_stderr_sink),
        resources=dict(resources or {}),
        op_config=config,
        selected_output_names=set(),
    )


def build_asset_context(
    resources: Mapping[str, Any] | None = None,
    resources_config: Mapping[str, Any] | None = None,
    asset_config: Any = None,
    instance: Any = None,
    partition_key: str | None = None,
    partition_key_range: Any = None,
    run_tags: Mapping[str, str] | None = None,
    event_loop: Any = None,
) -> AssetExecutionContext:
    return AssetExecutionContext(_state(resources, asset_config, partition_key, instance))


def build_op_context(
    resources: Mapping[str, Any] | None = None,
    op_config: Any = None,
    resources_config: Mapping[str, Any] | None = None,
    instance: Any = None,
    config: Any = None,
    partition_key: str | None = None,
    partition_key_range: Any = None,
    mapping_key: str | None = None,
    run_tags: Mapping[str, str] | None = None,
    event_loop: Any = None,
) -> OpExecutionContext:
    return OpExecutionContext(
        _state(resources, op_config if op_config is not None else config, partition_key, instance)
    )


def invoke_op_directly(op_def: OpDefinition, assets_def: AssetsDefinition | None, args: tuple, kwargs: dict) -> Any:
    """Dagster's direct invocation: check the context and inputs, call the function, check a plain result."""
    args = tuple(args)
    context: OpExecutionContext | None = None
    params = op_def.params
    if params.has_context:
        context_name = params.params[0].name
        given = args[0] if args else kwargs.get(context_name)
        if not isinstance(given, OpExecutionContext):
            raise DagsterInvalidInvocationError(
                f"Decorated function '{op_def.name}' has context argument, but no context was provided when invoking."
            )
        context = given
        if args and args[0] is given:
            args = args[1:]
        else:
            kwargs.pop(context_name)
        state = given._state
        state.op_def = op_def
        state.assets_def = assets_def
        state.node_name = op_def.name
        state.selected_output_names = {d.name for d in op_def.output_defs}
    elif args and isinstance(args[0], OpExecutionContext):
        raise DagsterInvalidInvocationError(
            f"Decorated function '{op_def.name}' has no context argument, but context was provided when invoking."
        )
    positional = params.positional_inputs
    if len(args) > len(positional):
        raise DagsterInvalidInvocationError(
            f"Too many input arguments were provided for op '{op_def.name}'. This may be because an argument was "
            "provided for the context parameter, but no context parameter was defined for the op."
        )
    inputs = dict(zip(positional, args))
    for name, value in kwargs.items():
        if name in inputs:
            raise DagsterInvalidInvocationError(f"op {op_def.name} got multiple values for argument '{name}'")
        inputs[name] = value
    for input_def in op_def.input_defs:
        if input_def.dagster_type.is_nothing:
            continue
        if input_def.name not in inputs:
            if input_def.has_default_value:
                inputs[input_def.name] = input_def.default_value
                continue
            raise DagsterInvalidInvocationError(f'No value provided for required input "{input_def.name}".')
        type_check_input(op_def, input_def.name, inputs[input_def.name], f'op "{op_def.name}"')
    resources = context._state.resources.original_resource_dict if context is not None else {}
    missing = [name for name in (p.name for p in params.resource_params) if name not in resources]
    if missing:
        raise DagsterInvalidInvocationError(f"Resource(s) {missing} required by op '{op_def.name}' were not provided.")
    op_config = context.op_config if context is not None else None
    result = invoke(op_def, context, build_kwargs(op_def, inputs, resources, op_config))
    if (
        len(op_def.output_defs) == 1
        and not isinstance(result, (Output, MaterializeResult))
        and not hasattr(result, "__next__")
    ):
        type_check_output(op_def.output_defs[0], result, f'op "{op_def.name}"')
    return result
