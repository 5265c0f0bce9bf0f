"""Ops and their inputs/outputs: `In`, `Out`, `OpDefinition` and the `@op` decorator, resolved from the
decorated function the way Dagster resolves them (explicit `ins`/`out` combined with annotations)."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any

from assetlens.runtime import composition
from assetlens.runtime.config import is_config_class, validate_config_schema
from assetlens.runtime.dagster_types import (
    DagsterType,
    Nothing,
    resolve_dagster_type,
    type_from_inferred_annotation,
)
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.fn_params import (
    FunctionParams,
    check_no_var_positional,
    docstring_description,
)
from assetlens.runtime.keys import check_valid_name
from assetlens.runtime.results import DEFAULT_OUTPUT, MaterializeResult, NoValueSentinel

DEFAULT_IO_MANAGER_KEY = "io_manager"


class In:
    """Declares an op input (mirrors `dagster.In`)."""

    def __init__(
        self,
        dagster_type: Any = NoValueSentinel,
        description: str | None = None,
        default_value: Any = NoValueSentinel,
        metadata: Mapping[str, Any] | None = None,
        asset_key: Any = None,
        asset_partitions: Any = None,
        input_manager_key: str | None = None,
    ) -> None:
        if asset_key is not None:
            raise UnsupportedByBuiltinEngine("In(asset_key=...)")
        if asset_partitions is not None:
            raise UnsupportedByBuiltinEngine("In(asset_partitions=...)", "partitions")
        if input_manager_key is not None:
            raise UnsupportedByBuiltinEngine("In(input_manager_key=...)", "custom input managers")
        self.dagster_type = dagster_type if dagster_type is NoValueSentinel else resolve_dagster_type(dagster_type)
        self.description = description
        self.default_value = default_value
        self.metadata = dict(metadata or {})

    def to_definition(self, name: str) -> InputDefinition:
        return InputDefinition(name, self.dagster_type, self.description, self.default_value, self.metadata)


class Out:
    """Declares an op output (mirrors `dagster.Out`)."""

    def __init__(
        self,
        dagster_type: Any = NoValueSentinel,
        description: str | None = None,
        is_required: bool = True,
        io_manager_key: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        code_version: str | None = None,
    ) -> None:
        self.dagster_type = dagster_type if dagster_type is NoValueSentinel else resolve_dagster_type(dagster_type)
        self.description = description
        self.is_required = is_required
        self.io_manager_key = io_manager_key or DEFAULT_IO_MANAGER_KEY
        self.metadata = dict(metadata or {})
        self.code_version = code_version

    def to_definition(
        self, annotation: Any, name: str, description: str | None, code_version: str | None
    ) -> OutputDefinition:
        dagster_type = (
            self.dagster_type
            if self.dagster_type is not NoValueSentinel
            else type_from_inferred_annotation(annotation, "return type annotation")
        )
        return OutputDefinition(
            name=name,
            dagster_type=dagster_type,
            description=self.description or description,
            is_required=self.is_required,
            io_manager_key=self.io_manager_key,
            metadata=self.metadata,
            code_version=self.code_version or code_version,
        )


class InputDefinition:
    def __init__(
        self,
        name: str,
        dagster_type: Any = NoValueSentinel,
        description: str | None = None,
        default_value: Any = NoValueSentinel,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = check_valid_name(name, allow_list=["config"])
        self._type_not_set = dagster_type is NoValueSentinel
        self.dagster_type: DagsterType = resolve_dagster_type(None if self._type_not_set else dagster_type)
        self.description = description
        self.default_value = default_value
        self.metadata = dict(metadata or {})

    @property
    def has_default_value(self) -> bool:
        return self.default_value is not NoValueSentinel

    def combine_with_inferred(self, annotation: Any, default: Any) -> InputDefinition:
        dagster_type: Any = self.dagster_type
        if self._type_not_set:
            dagster_type = type_from_inferred_annotation(annotation, f"type annotation for argument '{self.name}'")
        default_value = self.default_value if self.has_default_value else default
        return InputDefinition(self.name, dagster_type, self.description, default_value, self.metadata)


class OutputDefinition:
    def __init__(
        self,
        name: str = DEFAULT_OUTPUT,
        dagster_type: Any = None,
        description: str | None = None,
        is_required: bool = True,
        io_manager_key: str = DEFAULT_IO_MANAGER_KEY,
        metadata: Mapping[str, Any] | None = None,
        code_version: str | None = None,
    ) -> None:
        self.name = check_valid_name(name)
        self.dagster_type: DagsterType = resolve_dagster_type(dagster_type)
        self.description = description
        self.is_required = is_required
        self.io_manager_key = io_manager_key
        self.metadata = dict(metadata or {})
        self.code_version = code_version

    @property
    def optional(self) -> bool:
        return not self.is_required


class NodeDefinition:
    """What ops and graphs share: a name, input and output definitions, invocation in a graph body."""

    node_type_str = "node"

    def __init__(
        self,
        name: str,
        input_defs: list[InputDefinition],
        output_defs: list[OutputDefinition],
        description: str | None,
        tags: Mapping[str, Any] | None,
    ) -> None:
        self._name = check_valid_name(name)
        self.input_defs = input_defs
        self.output_defs = output_defs
        self.description = description
        self.tags = dict(tags or {})

    @property
    def name(self) -> str:
        return self._name

    @property
    def input_dict(self) -> dict[str, InputDefinition]:
        return {input_def.name: input_def for input_def in self.input_defs}

    @property
    def output_dict(self) -> dict[str, OutputDefinition]:
        return {output_def.name: output_def for output_def in self.output_defs}

    def input_def_named(self, name: str) -> InputDefinition:
        return self.input_dict[name]

    def output_def_named(self, name: str) -> OutputDefinition:
        return self.output_dict[name]

    def has_output(self, name: str) -> bool:
        return name in self.output_dict

    def resolve_input_name_at_position(self, index: int) -> str | None:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """In a graph body: record the invocation; elsewhere: what each kind of node does (see subclasses)."""
        raise NotImplementedError

    def describe_node(self) -> str:
        return f"{self.node_type_str} '{self.name}'"

    def alias(self, name: str) -> PendingNodeInvocation:
        return PendingNodeInvocation(self, check_valid_name(name))

    def tag(self, tags: Mapping[str, str] | None) -> PendingNodeInvocation:
        return PendingNodeInvocation(self, None)

    def with_hooks(self, hook_defs: Any) -> PendingNodeInvocation:
        raise UnsupportedByBuiltinEngine(f"{self.describe_node()}.with_hooks", "hooks")

    def with_retry_policy(self, retry_policy: Any) -> PendingNodeInvocation:
        raise UnsupportedByBuiltinEngine(
            f"{self.describe_node()}.with_retry_policy", "retry policies set in a graph body"
        )


class PendingNodeInvocation:
    """A node with an alias, waiting to be invoked in a graph body."""

    def __init__(self, node_def: NodeDefinition, given_alias: str | None) -> None:
        self.node_def = node_def
        self.given_alias = given_alias

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not composition.is_in_composition():
            return self.node_def(*args, **kwargs)
        return composition.invoke_in_composition(self.node_def, self.given_alias, args, kwargs)

    def alias(self, name: str) -> PendingNodeInvocation:
        return PendingNodeInvocation(self.node_def, check_valid_name(name))

    def tag(self, tags: Mapping[str, str] | None) -> PendingNodeInvocation:
        return self

    def describe_node(self) -> str:
        return f"{self.node_def.node_type_str} '{self.given_alias or self.node_def.name}'"


def _is_result_object_type(annotation: Any) -> bool:
    return annotation is MaterializeResult


def resolve_output_defs(
    params: FunctionParams | None, outs: Mapping[str, Out] | None, default_code_version: str | None
) -> list[OutputDefinition]:
    """Dagster's `_resolve_output_defs_from_outs`."""
    annotation = params.return_annotation if params is not None else inspect.Parameter.empty
    description = None
    if outs is None:
        return [Out().to_definition(annotation, DEFAULT_OUTPUT, description, default_code_version)]
    if len(outs) == 1:
        name, only_out = next(iter(outs.items()))
        return [only_out.to_definition(annotation, name, description, default_code_version)]
    if annotation is inspect.Parameter.empty:
        return [
            out.to_definition(inspect.Parameter.empty, name, None, default_code_version) for name, out in outs.items()
        ]
    if _is_result_object_type(annotation):
        return [out.to_definition(type(None), name, None, default_code_version) for name, out in outs.items()]
    if typing.get_origin(annotation) is not tuple:
        raise DagsterInvariantViolationError(
            "Expected Tuple annotation for multiple outputs, but received non-tuple annotation."
        )
    subtypes = typing.get_args(annotation)
    if subtypes and all(_is_result_object_type(t) for t in subtypes):
        return [out.to_definition(type(None), name, None, default_code_version) for name, out in outs.items()]
    if len(subtypes) != len(outs):
        raise DagsterInvariantViolationError(
            "Expected Tuple annotation to have number of entries matching the number of outputs for more than "
            f"one output. Expected {len(outs)} outputs but annotation has {len(subtypes)}."
        )
    return [
        out.to_definition(subtypes[index], name, None, default_code_version)
        for index, (name, out) in enumerate(outs.items())
    ]


def resolve_input_defs(
    decorator_name: str,
    fn_name: str,
    params: FunctionParams,
    explicit: list[InputDefinition],
    exclude_nothing: bool,
) -> list[InputDefinition]:
    """Dagster's `resolve_checked_op_fn_inputs`."""
    if exclude_nothing:
        explicit_names = {d.name for d in explicit if not d.dagster_type.is_nothing}
        nothing_names = {d.name for d in explicit if d.dagster_type.is_nothing}
    else:
        explicit_names = {d.name for d in explicit}
        nothing_names = set()
    resource_names = {param.name for param in params.resource_params}
    explicit_names -= resource_names
    input_params = params.input_params
    check_no_var_positional(input_params, decorator_name, fn_name)
    used, to_infer, has_kwargs = set(), [], False
    for param in input_params:
        if param.kind == inspect.Parameter.VAR_KEYWORD:
            has_kwargs = True
        elif param.name not in explicit_names:
            if param.name in nothing_names:
                raise DagsterInvalidDefinitionError(
                    f"{decorator_name} '{fn_name}' decorated function has parameter '{param.name}' that is one of "
                    "the input_defs of type 'Nothing' which should not be included since no data will be passed for it. "
                )
            to_infer.append(param)
        else:
            used.add(param.name)
    undeclared = explicit_names - used
    if not has_kwargs and undeclared:
        exemption = (
            ", except for Ins that have the Nothing dagster_type"
            if decorator_name not in {"@graph", "@graph_asset"}
            else ""
        )
        raise DagsterInvalidDefinitionError(
            f"{decorator_name} '{fn_name}' decorated function does not have argument(s) '{', '.join(sorted(undeclared))}'. "
            f"{decorator_name}-decorated functions should have an argument for each of their Ins{exemption}. "
            "Alternatively, they can accept **kwargs."
        )
    by_name = {param.name: param for param in input_params}
    resolved = []
    for input_def in explicit:
        param = by_name.get(input_def.name)
        if param is not None:
            resolved.append(
                input_def.combine_with_inferred(
                    params.annotation_of(param.name),
                    param.default if param.default is not inspect.Parameter.empty else NoValueSentinel,
                )
            )
        else:
            resolved.append(input_def)
    for param in to_infer:
        annotation = params.annotation_of(param.name)
        dagster_type = type_from_inferred_annotation(annotation, f"type annotation for argument '{param.name}'")
        if exclude_nothing and dagster_type.is_nothing:
            raise DagsterInvalidDefinitionError(
                f"Input parameter {param.name} is annotated with {dagster_type.display_name} which is a type that "
                f"represents passing no data. This type must be used via In() and no parameter should be included in "
                f"the {decorator_name} decorated function."
            )
        default = param.default if param.default is not inspect.Parameter.empty else NoValueSentinel
        resolved.append(InputDefinition(param.name, dagster_type, None, default))
    return resolved


def validate_context_annotation(params: FunctionParams) -> None:
    """Dagster compares the raw annotation (so a string annotation is refused, as Dagster does)."""
    from assetlens.runtime.context import AssetExecutionContext, OpExecutionContext

    context_param = params.context_param
    if context_param is not None and context_param.annotation not in (
        AssetExecutionContext,
        OpExecutionContext,
        inspect.Parameter.empty,
    ):
        raise DagsterInvalidDefinitionError(
            f"Cannot annotate `context` parameter with type {context_param.annotation}. `context` must be "
            "annotated with AssetExecutionContext, AssetCheckExecutionContext, OpExecutionContext, or left blank."
        )


class OpDefinition(NodeDefinition):
    """An op: a compute function with typed inputs and outputs."""

    node_type_str = "op"

    def __init__(
        self,
        compute_fn: Callable[..., Any],
        name: str,
        ins: Mapping[str, In] | None = None,
        outs: Mapping[str, Out] | None = None,
        description: str | None = None,
        config_schema: Any = None,
        required_resource_keys: set[str] | None = None,
        tags: Mapping[str, Any] | None = None,
        code_version: str | None = None,
        retry_policy: Any = None,
        pool: str | None = None,
        decorator_takes_context: bool = True,
    ) -> None:
        from assetlens.runtime.retries import RetryPolicy

        if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
            raise TypeError(f'Param "retry_policy" is not a RetryPolicy. Got {retry_policy!r}.')
        self.retry_policy = retry_policy
        self.compute_fn = compute_fn
        self.params = FunctionParams(compute_fn, takes_context=decorator_takes_context)
        validate_context_annotation(self.params)
        explicit = [in_.to_definition(in_name) for in_name, in_ in sorted((ins or {}).items())]
        input_defs = resolve_input_defs("@op", name, self.params, explicit, exclude_nothing=True)
        output_defs = resolve_output_defs(self.params, outs, code_version)
        super().__init__(name, input_defs, output_defs, description, tags)
        if self.params.has_config:
            if config_schema not in (None, {}):
                raise DagsterInvalidDefinitionError("If the @op has a config arg, you cannot specify a config schema")
            config_schema = self.params.config_annotation
            if not is_config_class(config_schema):
                validate_config_schema(None if config_schema is inspect.Parameter.empty else config_schema, name)
        else:
            validate_config_schema(config_schema, name)
        self.config_schema = config_schema
        arg_resource_keys = {param.name for param in self.params.resource_params}
        decorator_keys = set(required_resource_keys or ())
        if decorator_keys and arg_resource_keys:
            raise DagsterInvalidDefinitionError(
                "Cannot specify resource requirements in both @op decorator and as arguments to the decorated function"
            )
        self.required_resource_keys = decorator_keys | arg_resource_keys
        self.code_version = code_version
        self.pool = pool

    @property
    def version(self) -> str | None:
        return self.code_version

    def resolve_input_name_at_position(self, index: int) -> str | None:
        names = self.params.positional_inputs
        return names[index] if index < len(names) else None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if composition.is_in_composition():
            return composition.invoke_in_composition(self, None, args, kwargs)
        from assetlens.runtime.invocation import invoke_op_directly

        return invoke_op_directly(self, None, args, kwargs)


def op(
    compute_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    ins: Mapping[str, In] | None = None,
    out: Out | Mapping[str, Out] | None = None,
    config_schema: Any = None,
    required_resource_keys: set[str] | None = None,
    tags: Mapping[str, Any] | None = None,
    version: str | None = None,
    retry_policy: Any = None,
    code_version: str | None = None,
    pool: str | None = None,
) -> Any:
    """Dagster's `@op`."""
    code_version = code_version or version

    def build(fn: Callable[..., Any]) -> OpDefinition:
        outs = {DEFAULT_OUTPUT: out} if isinstance(out, Out) else (dict(out) if out is not None else None)
        op_def = OpDefinition(
            compute_fn=fn,
            name=name or fn.__name__,
            ins=ins,
            outs=outs,
            description=description or docstring_description(fn),
            config_schema=config_schema,
            required_resource_keys=required_resource_keys,
            tags=tags,
            code_version=code_version,
            retry_policy=retry_policy,
            pool=pool,
        )
        functools.update_wrapper(op_def, fn)  # type: ignore[arg-type]
        return op_def

    if compute_fn is not None:
        return build(compute_fn)
    return build


__all__ = ["In", "Nothing", "OpDefinition", "Out", "op"]
