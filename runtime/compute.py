"""Calling one op's compute function and turning what it returns or yields into outputs, with Dagster's
rules (tuples for several outputs, `Output` objects, `MaterializeResult`, generators, required outputs,
type checks)."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assetlens.runtime.config import is_config_class
from assetlens.runtime.errors import (
    DagsterInvariantViolationError,
    DagsterStepOutputNotFoundError,
    DagsterTypeCheckDidNotPass,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.metadata import MetadataValue
from assetlens.runtime.nodes import OpDefinition, OutputDefinition
from assetlens.runtime.results import MaterializeResult, NoValueSentinel, Output

if TYPE_CHECKING:
    from assetlens.runtime.assets_definition import AssetsDefinition


@dataclass
class CheckResultEvent:
    """An `AssetCheckResult` the compute function yielded or returned, with the `AssetCheckSpec` it is for."""

    result: Any
    spec: Any


def _check_output_name(spec: Any) -> str:
    """The name Dagster gives the op output of a check spec."""
    return f"{spec.asset_key.to_python_identifier()}_{spec.name}"


@dataclass
class OutputEvent:
    """One output of a compute function: its value (or NoValueSentinel) and metadata."""

    output_name: str
    value: Any
    metadata: dict[str, MetadataValue] = field(default_factory=dict)
    from_asset_result: bool = False


def build_kwargs(
    op_def: OpDefinition, inputs: Mapping[str, Any], resources: Mapping[str, Any], op_config: Any
) -> dict[str, Any]:
    """The keyword arguments of the compute function: non-Nothing inputs, `config`, resource parameters."""
    kwargs = {d.name: inputs[d.name] for d in op_def.input_defs if not d.dagster_type.is_nothing and d.name in inputs}
    params = op_def.params
    if params.has_config:
        annotation = params.config_annotation
        kwargs["config"] = annotation.from_op_config(op_config) if is_config_class(annotation) else op_config
    for param in params.resource_params:
        kwargs[param.name] = resources[param.name]
    return kwargs


def invoke(op_def: OpDefinition, context: Any, kwargs: dict[str, Any]) -> Any:
    fn = op_def.compute_fn
    if inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn):
        raise UnsupportedByBuiltinEngine(f"async compute function {op_def.name!r}")
    return fn(context, **kwargs) if op_def.params.has_context else fn(**kwargs)


def _annotation_for_position(op_def: OpDefinition, position: int) -> Any:
    annotation = op_def.params.return_annotation
    if len(op_def.output_defs) > 1:
        items = typing.get_args(annotation)
        return items[position] if len(items) == len(op_def.output_defs) else inspect.Parameter.empty
    return annotation


def _is_output_annotation(annotation: Any) -> bool:
    return annotation is Output or typing.get_origin(annotation) is Output


def coerce_result(op_def: OpDefinition, result: Any, label: str, check_outputs: int = 0) -> Iterator[Any]:
    """Dagster's `validate_and_coerce_op_result_to_iterator` for a returned (not yielded) result; an asset's
    `check_specs` count as outputs (less those whose results come inside a returned MaterializeResult)."""
    output_defs = op_def.output_defs
    if inspect.isgenerator(result):
        yield from result
        return
    from assetlens.runtime.asset_checks import AssetCheckResult

    if isinstance(result, AssetCheckResult):  # as Dagster's compute generator: passed through as an event
        yield result
        return
    if result is not None and not output_defs:
        raise DagsterInvariantViolationError(
            f"Error in {label}: Unexpectedly returned output of type {type(result)}. Op is explicitly defined to "
            "return no results."
        )
    if not output_defs:
        return
    if check_outputs:
        returned = result if isinstance(result, tuple) else (result,)
        embedded = sum(len(item.check_results) for item in returned if isinstance(item, MaterializeResult))
        expected = len(output_defs) + check_outputs - embedded
        if expected > len(output_defs):
            if isinstance(result, MaterializeResult):  # a NamedTuple of 6 fields in Dagster
                raise DagsterInvariantViolationError(
                    f"Length mismatch between returned tuple of outputs and number of output defs on {label}. Output "
                    f"tuple has 6 outputs, while op has {expected} outputs."
                )
            if not isinstance(result, tuple):
                raise DagsterInvariantViolationError(
                    f"{label} has multiple outputs, but only one output was returned of type {type(result)}. When "
                    "using multiple outputs, either yield each output, or return a tuple containing a value for "
                    "each output."
                )
            if len(result) != expected:
                raise DagsterInvariantViolationError(
                    f"Length mismatch between returned tuple of outputs and number of output defs on {label}. Output "
                    f"tuple has {len(result)} outputs, while op has {expected} outputs."
                )
            raise UnsupportedByBuiltinEngine(
                f"{label} returning a tuple of outputs and check results", "yield them, or use --engine dagster"
            )
    if len(output_defs) > 1:
        if result is None and all(d.dagster_type.is_nothing and d.is_required for d in output_defs):
            result = tuple(None for _ in output_defs)
        if not isinstance(result, tuple):
            raise DagsterInvariantViolationError(
                f"{label} has multiple outputs, but only one output was returned of type {type(result)}. When using "
                "multiple outputs, either yield each output, or return a tuple containing a value for each output."
            )
        if len(result) != len(output_defs):
            raise DagsterInvariantViolationError(
                f"Length mismatch between returned tuple of outputs and number of output defs on {label}. Output "
                f"tuple has {len(result)} outputs, while op has {len(output_defs)} outputs."
            )
        elements = list(zip(output_defs, result))
    else:
        elements = [(output_defs[0], result)]
    for position, (output_def, element) in enumerate(elements):
        annotation = _annotation_for_position(op_def, position)
        if isinstance(element, MaterializeResult):
            yield element
        elif isinstance(element, Output):
            if annotation is not inspect.Parameter.empty and not _is_output_annotation(annotation):
                raise DagsterInvariantViolationError(
                    f"Error with output for {label}: received Output object for output '{output_def.name}' which does "
                    f"not have an Output annotation. Annotation has type {annotation}."
                )
            if element.output_name not in ("result", output_def.name):
                raise DagsterInvariantViolationError(
                    f"Bad state: Output was explicitly named '{element.output_name}', which does not match the output "
                    f"definition specified for position {position}: '{output_def.name}'."
                )
            yield OutputEvent(output_def.name, element.value, dict(element.metadata))
        else:
            if _is_output_annotation(annotation):
                raise DagsterInvariantViolationError(
                    f"Error with output for {label}: output '{output_def.name}' has generic output annotation, but did "
                    f"not receive an Output object for this output. Received instead an object of type {type(element)}."
                )
            yield OutputEvent(output_def.name, element)


def to_output_event(item: Any, assets_def: AssetsDefinition | None, label: str) -> OutputEvent:
    """A yielded/returned item as an output event (MaterializeResult -> the output of its asset)."""
    if isinstance(item, OutputEvent):
        return item
    if isinstance(item, Output):
        return OutputEvent(item.output_name, item.value, dict(item.metadata))
    if isinstance(item, MaterializeResult):
        if assets_def is None:
            raise DagsterInvariantViolationError(
                "MaterializeResult is only valid within asset computations, no backing AssetsDefinition found."
            )
        if item.asset_key is not None:
            key = item.asset_key
        elif len(assets_def.keys) == 1:
            key = assets_def.key
        else:
            raise DagsterInvariantViolationError(
                "MaterializeResult did not include asset_key and it can not be inferred. Specify which asset_key, "
                f"options are: {sorted(assets_def.keys)}."
            )
        return OutputEvent(assets_def.get_output_name_for_asset_key(key), item.value, dict(item.metadata), True)
    raise DagsterInvariantViolationError(
        f"Compute function for {label} yielded a value of type {type(item)} rather than an instance of Output, "
        "MaterializeResult, or AssetMaterialization."
    )


def type_check_output(output_def: OutputDefinition, value: Any, label: str) -> None:
    if value is NoValueSentinel:
        value = None
    ok, description = output_def.dagster_type.type_check(value)
    if not ok:
        raise DagsterTypeCheckDidNotPass(
            f'Type check failed for step output "{output_def.name}" - expected type '
            f'"{output_def.dagster_type.display_name}". Description: {description}'
        )


def type_check_input(op_def: OpDefinition, input_name: str, value: Any, label: str) -> None:
    input_def = op_def.input_def_named(input_name)
    ok, description = input_def.dagster_type.type_check(value)
    if not ok:
        raise DagsterTypeCheckDidNotPass(
            f'Type check failed for step input "{input_name}" - expected type '
            f'"{input_def.dagster_type.display_name}". Description: {description}'
        )


def _check_topological_yield(assets_def: AssetsDefinition, output_name: str, seen: set[str]) -> None:
    """Dagster refuses a multi-asset output yielded after an asset of the same step that depends on it."""
    key = assets_def.node_keys_by_output_name.get(output_name)
    if key is None or key not in assets_def.keys:
        return
    deps = assets_def.asset_deps
    for dependent in assets_def.keys:
        if dependent == key or key not in deps.get(dependent, ()) or dependent in deps.get(key, ()):
            continue
        if assets_def.get_output_name_for_asset_key(dependent) in seen:
            raise DagsterInvariantViolationError(
                f'Asset "{dependent.to_user_string()}" was yielded before its dependency "{key.to_user_string()}".'
                "Multiassets yielding multiple asset outputs must yield them in topological order."
            )


def checked_outputs(
    op_def: OpDefinition,
    events: Iterator[Any],
    selected_outputs: set[str],
    assets_def: AssetsDefinition | None,
    label: str,
    check_specs: Sequence[Any] = (),
    check_outputs: Mapping[Any, str] | None = None,
) -> Iterator[OutputEvent | CheckResultEvent]:
    """Dagster's `_step_output_error_checked_user_event_sequence`: output names exist, are selected, appear
    once; afterwards, a required output that never came is an error (a Nothing output is implied). The
    results of the step's `check_specs` are required outputs too. For an op inside a graph-backed asset
    (`check_outputs`: check key -> the op output that feeds that check's graph output), an AssetCheckResult
    resolves against the asset's checks and is followed by `Output(None)` on that op output, as in Dagster."""
    from assetlens.runtime.asset_checks import AssetCheckResult

    seen: set[str] = set()
    checks_seen: set[Any] = set()

    def check_event(result: Any) -> CheckResultEvent:
        spec = _resolve_check(result, check_specs)
        if spec.key in checks_seen:
            raise DagsterInvariantViolationError(
                f'Compute for {label} returned an output "{_check_output_name(spec)}" multiple times'
            )
        checks_seen.add(spec.key)
        return CheckResultEvent(result, spec)

    for item in events:
        if isinstance(item, AssetCheckResult):
            event = check_event(item)
            output_name = (check_outputs or {}).get(event.spec.key)
            if output_name is not None and output_name not in seen:
                seen.add(output_name)
                yield OutputEvent(output_name, None)
            yield event
            continue
        event = to_output_event(item, assets_def, label)
        if not op_def.has_output(event.output_name):
            raise DagsterInvariantViolationError(
                f'Core compute for {label} returned an output "{event.output_name}" that does not exist. The '
                f"available outputs are {[d.name for d in op_def.output_defs]}"
            )
        if event.output_name not in selected_outputs:
            raise DagsterInvariantViolationError(
                f'Core compute for {label} returned an output "{event.output_name}" that is not selected. This is '
                "likely because you are using a multi-asset with can_subset=True: yield only the selected outputs "
                "(context.selected_output_names)."
            )
        if event.output_name in seen:
            raise DagsterInvariantViolationError(
                f'Compute for {label} returned an output "{event.output_name}" multiple times'
            )
        if assets_def is not None and assets_def.node_def is op_def:
            _check_topological_yield(assets_def, event.output_name, seen)
        seen.add(event.output_name)
        type_check_output(op_def.output_def_named(event.output_name), event.value, label)
        yield event
        for check_result in getattr(item, "check_results", None) or []:  # MaterializeResult(check_results=...)
            yield check_event(check_result)
    for output_def in op_def.output_defs:
        if output_def.name in seen or not output_def.is_required:
            continue
        if output_def.dagster_type.is_nothing:
            if output_def.name in selected_outputs:
                yield OutputEvent(output_def.name, None)
        else:
            raise DagsterStepOutputNotFoundError(
                f'Core compute for {label} did not return an output for non-optional output "{output_def.name}"'
            )
    for spec in check_specs if check_outputs is None else ():
        if spec.key not in checks_seen:
            raise DagsterStepOutputNotFoundError(
                f'Core compute for {label} did not return an output for non-optional output "{_check_output_name(spec)}"'
            )


def _resolve_check(result: Any, check_specs: Sequence[Any]) -> Any:
    from assetlens.runtime.check_execution import resolve_target_check_key

    names_by_key: dict[Any, list[str]] = {}
    for spec in check_specs:
        names_by_key.setdefault(spec.asset_key, []).append(spec.name)
    key = resolve_target_check_key(result, names_by_key)
    return next(spec for spec in check_specs if spec.key == key)


def run_compute(
    op_def: OpDefinition,
    context: Any,
    inputs: Mapping[str, Any],
    resources: Mapping[str, Any],
    op_config: Any,
    selected_outputs: set[str],
    assets_def: AssetsDefinition | None,
    label: str,
    check_outputs: Mapping[Any, str] | None = None,
) -> Iterator[OutputEvent | CheckResultEvent]:
    """Run one op: check inputs, call it, yield its checked outputs as they come (`check_outputs`: for an op
    inside a graph-backed asset with check specs, see `checked_outputs`)."""
    for input_name, value in inputs.items():
        if not op_def.input_def_named(input_name).dagster_type.is_nothing:
            type_check_input(op_def, input_name, value, label)
    kwargs = build_kwargs(op_def, inputs, resources, op_config)
    check_specs: list[Any] = []
    if assets_def is not None and assets_def.node_def is op_def:
        selected_keys = {assets_def.node_keys_by_output_name[name] for name in selected_outputs}
        check_specs = [spec for spec in assets_def.check_specs if spec.asset_key in selected_keys]
    elif assets_def is not None and check_outputs is not None:
        check_specs = list(assets_def.check_specs)  # resolved against all of the asset's checks, as Dagster does
    if inspect.isgeneratorfunction(op_def.compute_fn):
        events: Iterator[Any] = invoke(op_def, context, kwargs)
    else:
        events = coerce_result(
            op_def, invoke(op_def, context, kwargs), label, len(check_specs) if check_outputs is None else 0
        )
    yield from checked_outputs(op_def, events, selected_outputs, assets_def, label, check_specs, check_outputs)
