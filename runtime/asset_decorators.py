"""The op-backed asset decorators, `@asset` and `@multi_asset`, with Dagster's rules for keys
(name/key/key_prefix), inputs (parameters, `ins`, `deps`, `non_argument_deps`), outputs (`outs`,
`specs`), internal dependencies and subsetting; and the helpers the graph-backed ones share."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.dagster_types import Any as AnyType
from assetlens.runtime.dagster_types import DagsterType, Nothing
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.fn_params import FunctionParams
from assetlens.runtime.keys import AssetKey, stringify_asset_key_to_input_name
from assetlens.runtime.nodes import In, OpDefinition, Out
from assetlens.runtime.results import DEFAULT_OUTPUT, NoValueSentinel
from assetlens.runtime.specs import (
    SYSTEM_METADATA_KEY_IO_MANAGER_KEY,
    AssetDep,
    AssetIn,
    AssetOut,
    AssetSpec,
    coerce_to_deps_and_check_duplicates,
)
from assetlens.runtime.tags import normalize_tags, tags_with_kinds

ASSET_SUBSET_INPUT_PREFIX = "__subset_input__"
_HIDDEN_PARAMS = {
    "asset": {"non_argument_deps", "auto_materialize_policy", "legacy_freshness_policy", "compute_kind"},
    "multi_asset": {"non_argument_deps", "compute_kind", "allow_arbitrary_check_specs"},
    "graph_asset": {"legacy_freshness_policy", "auto_materialize_policy"},
}


class NamedIn(NamedTuple):
    input_name: str
    input: In


class NamedOut(NamedTuple):
    output_name: str
    output: Out


def check_hidden_kwargs(decorator: str, kwargs: Mapping[str, Any]) -> None:
    for param in kwargs:
        if param not in _HIDDEN_PARAMS[decorator]:
            raise TypeError(f"{decorator} got an unexpected keyword argument '{param}'")
    for param in ("auto_materialize_policy", "legacy_freshness_policy"):
        if kwargs.get(param) is not None:
            raise UnsupportedByBuiltinEngine(f"{decorator}({param}=...)", "automation is not part of a run")


def refuse_unsupported(decorator: str, **values: Any) -> None:
    """Arguments whose behaviour the builtin engine does not have: refusing is better than ignoring."""
    details = {
        "partitions_def": "partitions",
        "hooks": "hooks",
        "backfill_policy": "backfills",
        "retry_policy": "retries",
        "check_specs": "asset checks on graph-backed assets",
        "io_manager_def": "custom IO managers",
        "freshness_policy": "freshness policies",
        "config": "graph config mappings",
    }
    for name, value in values.items():
        if value:
            raise UnsupportedByBuiltinEngine(f"@{decorator}({name}=...)", details.get(name, ""))


def check_automation_condition(value: Any) -> None:
    from assetlens.runtime.automation import AutomationCondition

    if value is not None and not isinstance(value, AutomationCondition):
        raise TypeError(f'Param "automation_condition" is not an AutomationCondition. Got {value!r}.')


def _validate_non_argument_deps(value: Any) -> set[Any] | None:
    if value is None:
        return None
    if not isinstance(value, set):
        raise DagsterInvariantViolationError("non_arguments_deps must be a set if not None")
    if not (all(isinstance(dep, str) for dep in value) or all(isinstance(dep, AssetKey) for dep in value)):
        raise DagsterInvariantViolationError("non_argument_deps must be all strings or all AssetKeys")
    return value


def _deps_to_asset_deps(
    deps: Iterable[Any] | None, non_argument_deps: set[Any] | None, decorator: str
) -> list[AssetDep] | None:
    if non_argument_deps is not None and deps is not None:
        raise DagsterInvalidDefinitionError(
            f"Cannot specify both deps and non_argument_deps to {decorator}. Use only deps instead."
        )
    if deps is not None:
        return coerce_to_deps_and_check_duplicates(deps, None)
    if non_argument_deps is not None:
        return coerce_to_deps_and_check_duplicates(non_argument_deps, None)
    return None


def resolve_asset_key_and_name(
    *, key: Any, key_prefix: Any, name: str | None, decorator_name: str, fn: Callable[..., Any]
) -> tuple[AssetKey, str]:
    """Dagster's `resolve_asset_key_and_name_for_decorator`."""
    if (name or key_prefix) and key:
        raise DagsterInvalidDefinitionError(
            f"Cannot specify a name or key prefix for {decorator_name} when the key argument is provided."
        )
    prefix = [key_prefix] if isinstance(key_prefix, str) else key_prefix
    assigned_name = name or fn.__name__
    if key:
        return AssetKey.from_coercible(key), assigned_name
    return AssetKey([part for part in [*(prefix or []), assigned_name] if part]), assigned_name


def build_and_validate_named_ins(
    fn: Callable[..., Any],
    deps: Iterable[AssetDep] | None,
    passed_asset_ins: Mapping[str, AssetIn],
    takes_context: bool = True,
) -> dict[AssetKey, NamedIn]:
    """Dagster's `build_and_validate_named_ins`: asset key -> (input name, In)."""
    deps = list(deps or [])
    params = FunctionParams(fn, takes_context=takes_context).input_params
    single_names = {param.name for param in params if param.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD}
    has_var_kwargs = any(param.kind == inspect.Parameter.VAR_KEYWORD for param in params)
    for input_name, asset_in in passed_asset_ins.items():
        nothing_typed = isinstance(asset_in.dagster_type, DagsterType) and asset_in.dagster_type.is_nothing
        if not (has_var_kwargs or input_name in single_names or nothing_typed):
            raise DagsterInvalidDefinitionError(
                f"Key '{input_name}' in provided ins dict does not correspond to any of the names of the arguments "
                "to the decorated function"
            )
    ins_by_key = {asset_in.resolve_key(input_name): asset_in for input_name, asset_in in passed_asset_ins.items()}
    for dep in deps:
        if dep.asset_key in ins_by_key:
            asset_in = ins_by_key[dep.asset_key]
            if asset_in.metadata or asset_in.key_prefix or asset_in.dagster_type is not NoValueSentinel:
                raise DagsterInvalidDefinitionError(
                    f"Asset key '{dep.asset_key.to_user_string()}' is used as both an input (via AssetIn) and a "
                    "dependency (via AssetDep). If an asset key is used as an input and also set as a dependency, the "
                    "input should only define the relationship between the asset key and the input name, or "
                    "optionally set the input_manager_key. Any other properties should either not be set, or should "
                    "be set on the dependency."
                )
    ins_by_name: dict[str, AssetIn] = {
        **{name: AssetIn() for name in [p.name for p in params if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]},
        **passed_asset_ins,
    }
    in_keys = {asset_in.resolve_key(input_name) for input_name, asset_in in ins_by_name.items()}
    for dep in deps:
        if dep.asset_key not in in_keys:
            ins_by_name[stringify_asset_key_to_input_name(dep.asset_key)] = AssetIn(
                key=dep.asset_key, dagster_type=Nothing
            )
    return {
        asset_in.resolve_key(input_name): NamedIn(
            input_name.replace("-", "_"), In(metadata=asset_in.metadata, dagster_type=asset_in.dagster_type)
        )
        for input_name, asset_in in ins_by_name.items()
    }


def build_named_outs(asset_outs: Mapping[str, AssetOut]) -> dict[AssetKey, NamedOut]:
    named: dict[AssetKey, NamedOut] = {}
    for output_name, asset_out in asset_outs.items():
        key = asset_out.key or AssetKey([part for part in [*(asset_out.key_prefix or []), output_name] if part])
        named[key] = NamedOut(output_name.replace("-", "_"), asset_out.to_out())
    return named


class _Builder:
    """Dagster's `DecoratorAssetsDefinitionBuilder`: from named ins/outs to an op and its specs."""

    def __init__(
        self,
        *,
        fn: Callable[..., Any],
        op_name: str,
        named_ins: dict[AssetKey, NamedIn],
        named_outs: dict[AssetKey, NamedOut],
        internal_deps: dict[AssetKey, set[AssetKey]],
        can_subset: bool,
        group_name: str | None,
        specs: Sequence[AssetSpec] | None,
        asset_out_map: Mapping[str, AssetOut],
        asset_deps: Mapping[str, set[AssetKey]],
        upstream_asset_deps: Sequence[AssetDep] | None,
        op_kwargs: dict[str, Any],
        resource_defs: Mapping[str, Any],
    ) -> None:
        if can_subset and internal_deps:
            potential = set().union(*internal_deps.values()) - set(named_ins)
            named_ins = {
                **named_ins,
                **{
                    key: NamedIn(f"{ASSET_SUBSET_INPUT_PREFIX}{name}", In(Nothing))
                    for key, (name, _) in named_outs.items()
                    if key in potential
                },
            }
        self.fn, self.op_name, self.named_ins, self.named_outs = fn, op_name, named_ins, named_outs
        self.can_subset, self.group_name, self.passed_specs = can_subset, group_name, specs
        self.asset_out_map, self.asset_deps, self.upstream_asset_deps = asset_out_map, asset_deps, upstream_asset_deps
        self.op_kwargs, self.resource_defs = op_kwargs, resource_defs

    @property
    def keys_by_input_name(self) -> dict[str, AssetKey]:
        return {named.input_name: key for key, named in self.named_ins.items()}

    @property
    def keys_by_output_name(self) -> dict[str, AssetKey]:
        return {named.output_name: key for key, named in self.named_outs.items()}

    def specs(self) -> list[AssetSpec]:
        if self.passed_specs:
            specs = list(self.passed_specs)
        else:
            metadata_by_dep = {dep.asset_key: dep.metadata for dep in self.upstream_asset_deps or []}
            input_deps_by_key = {
                key: AssetDep(key, metadata=metadata_by_dep.get(key)) for key in self.keys_by_input_name.values()
            }
            specs = []
            for output_name, asset_out in self.asset_out_map.items():
                key = self.keys_by_output_name[output_name.replace("-", "_")]
                if self.asset_deps:
                    deps = [
                        input_deps_by_key.get(dep_key, AssetDep(dep_key))
                        for dep_key in self.asset_deps.get(output_name, [])
                    ]
                else:
                    deps = list(input_deps_by_key.values())
                specs.append(asset_out.to_spec(key, deps=deps))
        if self.group_name and any(
            spec.group_name is not None and spec.group_name != self.group_name for spec in specs
        ):
            raise DagsterInvariantViolationError(
                "Cannot set group_name parameter on multi_asset if one or more of the AssetSpecs/AssetOuts supplied "
                "to this multi_asset have a group_name defined."
            )
        if not self.group_name:
            return specs
        return [spec.replace_attributes(group_name=spec.group_name or self.group_name) for spec in specs]

    def build(self) -> AssetsDefinition:
        op_def = OpDefinition(
            compute_fn=self.fn,
            name=self.op_name,
            ins={named.input_name: named.input for named in self.named_ins.values()},
            outs={named.output_name: named.output for named in self.named_outs.values()},
            **self.op_kwargs,
        )
        import functools

        functools.update_wrapper(op_def, self.fn)  # type: ignore[arg-type]
        return AssetsDefinition(
            keys_by_input_name=self.keys_by_input_name,
            keys_by_output_name=self.keys_by_output_name,
            node_def=op_def,
            can_subset=self.can_subset,
            resource_defs=self.resource_defs,
            specs=self.specs(),
        )


def asset(
    compute_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    key_prefix: str | Sequence[str] | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    deps: Iterable[Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    description: str | None = None,
    config_schema: Any = None,
    required_resource_keys: set[str] | None = None,
    resource_defs: Mapping[str, object] | None = None,
    hooks: Any = None,
    io_manager_def: Any = None,
    io_manager_key: str | None = None,
    dagster_type: Any = None,
    partitions_def: Any = None,
    op_tags: Mapping[str, Any] | None = None,
    group_name: str | None = None,
    output_required: bool = True,
    automation_condition: Any = None,
    freshness_policy: Any = None,
    backfill_policy: Any = None,
    retry_policy: Any = None,
    code_version: str | None = None,
    key: Any = None,
    check_specs: Any = None,
    owners: Sequence[str] | None = None,
    kinds: set[str] | None = None,
    pool: str | None = None,
    is_virtual: bool = False,
    **kwargs: Any,
) -> Any:
    """Dagster's `@asset`."""
    check_hidden_kwargs("asset", kwargs)
    check_partitions_def("@asset", partitions_def)
    refuse_unsupported(
        "asset",
        hooks=hooks,
        backfill_policy=backfill_policy,
        io_manager_def=io_manager_def,
        freshness_policy=freshness_policy,
    )
    check_automation_condition(automation_condition)
    compute_kind = kwargs.get("compute_kind")
    upstream_deps = _deps_to_asset_deps(deps, _validate_non_argument_deps(kwargs.get("non_argument_deps")), "@asset")
    if compute_kind and kinds:
        raise DagsterInvalidDefinitionError("Cannot specify compute_kind and kinds on the @asset decorator.")
    all_tags = tags_with_kinds(tags, kinds)

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        out_key, _ = resolve_asset_key_and_name(
            key=key, key_prefix=key_prefix, name=name, decorator_name="@asset", fn=fn
        )
        asset_out = AssetOut(
            key=out_key,
            metadata=metadata,
            description=description,
            is_required=output_required,
            io_manager_key=io_manager_key or "io_manager",
            dagster_type=dagster_type if dagster_type else NoValueSentinel,
            group_name=group_name,
            code_version=code_version,
            owners=owners,
            tags=normalize_tags(all_tags),
            automation_condition=automation_condition,
        )
        named_ins = build_and_validate_named_ins(fn, upstream_deps or [], dict(ins or {}))
        built = _Builder(
            fn=fn,
            op_name=out_key.to_python_identifier(),
            named_ins=named_ins,
            named_outs=build_named_outs({DEFAULT_OUTPUT: asset_out}),
            internal_deps={},
            can_subset=False,
            group_name=group_name,
            specs=None,
            asset_out_map={DEFAULT_OUTPUT: asset_out},
            asset_deps={},
            upstream_asset_deps=upstream_deps,
            op_kwargs=dict(
                description=description,
                config_schema=config_schema,
                required_resource_keys=_required_keys(required_resource_keys, resource_defs, fn, "@asset"),
                tags={**({"kind": compute_kind} if compute_kind else {}), **(op_tags or {})},
                code_version=code_version,
                pool=pool,
                retry_policy=retry_policy,
            ),
            resource_defs=dict(resource_defs or {}),
        ).build()
        return with_check_specs(built._replaced(partitions_def=partitions_def), check_specs)

    if compute_fn is not None:
        return build(compute_fn)
    return build


def check_partitions_def(decorator: str, partitions_def: Any) -> None:
    """Static and time-window partitions run in the builtin engine; other kinds are refused."""
    from assetlens.runtime.partitions import PartitionsDefinition

    if partitions_def is not None and not isinstance(partitions_def, PartitionsDefinition):
        raise UnsupportedByBuiltinEngine(
            f"{decorator}(partitions_def=...) with a {type(partitions_def).__name__}",
            "only static and time-window partitions",
        )


def with_check_specs(assets_def: AssetsDefinition, check_specs: Any) -> AssetsDefinition:
    """Attach a decorator's `check_specs=` (validated as Dagster does); the asset yields their results."""
    from assetlens.runtime.asset_checks import AssetCheckSpec

    specs = list(check_specs or [])
    if not specs:
        return assets_def
    for spec in specs:
        if not isinstance(spec, AssetCheckSpec):
            raise TypeError(f'Param "check_specs" must be a sequence of AssetCheckSpec; got {spec!r}')
    seen: set[Any] = set()
    duplicates = {spec.key for spec in specs if spec.key in seen or seen.add(spec.key)}  # type: ignore[func-returns-value]
    if duplicates:
        raise DagsterInvalidDefinitionError(f"Duplicate check specs: {duplicates}")
    valid = list(assets_def.keys)
    for spec in specs:
        if spec.asset_key not in valid:
            raise DagsterInvalidDefinitionError(
                f"Invalid asset key {spec.asset_key} in check spec {spec.name}. Must be one of {valid}"
            )
    return assets_def._replaced(check_specs=specs)


def _required_keys(
    required: set[str] | None, resource_defs: Mapping[str, Any] | None, fn: Callable[..., Any], decorator: str
) -> set[str]:
    """Dagster's `compute_required_resource_keys` (resource parameters are added by the op itself)."""
    bare = set(required or ())
    arg_keys = {param.name for param in FunctionParams(fn).resource_params}
    if bare and arg_keys:
        raise DagsterInvalidDefinitionError(
            f"Cannot specify resource requirements in both {decorator} decorator and as arguments to the decorated function"
        )
    return (bare | set(resource_defs or {})) - arg_keys


def multi_asset(
    *,
    outs: Mapping[str, AssetOut] | None = None,
    name: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    deps: Iterable[Any] | None = None,
    description: str | None = None,
    config_schema: Any = None,
    required_resource_keys: set[str] | None = None,
    internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
    partitions_def: Any = None,
    hooks: Any = None,
    backfill_policy: Any = None,
    op_tags: Mapping[str, Any] | None = None,
    can_subset: bool = False,
    resource_defs: Mapping[str, object] | None = None,
    group_name: str | None = None,
    retry_policy: Any = None,
    code_version: str | None = None,
    specs: Sequence[AssetSpec] | None = None,
    check_specs: Any = None,
    pool: str | None = None,
    **kwargs: Any,
) -> Callable[[Callable[..., Any]], AssetsDefinition]:
    """Dagster's `@multi_asset`."""
    check_hidden_kwargs("multi_asset", kwargs)
    check_partitions_def("@multi_asset", partitions_def)
    refuse_unsupported(
        "multi_asset",
        hooks=hooks,
        backfill_policy=backfill_policy,
    )
    for out_name, out in (outs or {}).items():
        if not isinstance(out, AssetOut):
            raise TypeError(f'Param "outs" must be a mapping of str to AssetOut; got {out!r} for "{out_name}"')
    specs = list(specs or [])
    upstream_deps = _deps_to_asset_deps(deps, _validate_non_argument_deps(kwargs.get("non_argument_deps")), "@asset")
    asset_deps = dict(internal_asset_deps or {})
    compute_kind = kwargs.get("compute_kind")

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        op_name = name or fn.__name__
        if outs and specs:
            raise DagsterInvalidDefinitionError("Must specify only outs or specs but not both.")
        if compute_kind and specs and any(spec.kinds for spec in specs):
            raise DagsterInvalidDefinitionError(
                "Can not specify compute_kind on both the @multi_asset and kinds on AssetSpecs."
            )
        if specs:
            if upstream_deps:
                raise DagsterInvalidDefinitionError(
                    "Can not pass deps and specs to @multi_asset, specify deps on the AssetSpecs directly."
                )
            if asset_deps:
                raise DagsterInvalidDefinitionError(
                    "Can not pass internal_asset_deps and specs to @multi_asset, specify deps on the AssetSpecs directly."
                )
            named_outs, named_ins, internal = _from_specs(fn, specs, can_subset, dict(ins or {}))
        else:
            named_ins = build_and_validate_named_ins(fn, upstream_deps or [], dict(ins or {}))
            named_outs = build_named_outs(dict(outs or {}))
            internal = _validate_internal_deps(op_name, named_ins, named_outs, dict(outs or {}), asset_deps)
        built = _Builder(
            fn=fn,
            op_name=op_name,
            named_ins=named_ins,
            named_outs=named_outs,
            internal_deps=internal,
            can_subset=can_subset,
            group_name=group_name,
            specs=specs or None,
            asset_out_map=dict(outs or {}),
            asset_deps=asset_deps,
            upstream_asset_deps=upstream_deps,
            op_kwargs=dict(
                description=description,
                config_schema=config_schema,
                required_resource_keys=_required_keys(required_resource_keys, resource_defs, fn, "@multi_asset"),
                tags={**({"kind": compute_kind} if compute_kind else {}), **(op_tags or {})},
                code_version=code_version,
                pool=pool,
                retry_policy=retry_policy,
            ),
            resource_defs=dict(resource_defs or {}),
        ).build()
        return with_check_specs(built._replaced(partitions_def=partitions_def), check_specs)

    return build


def _from_specs(
    fn: Callable[..., Any], specs: Sequence[AssetSpec], can_subset: bool, ins: dict[str, AssetIn]
) -> tuple[dict[AssetKey, NamedOut], dict[AssetKey, NamedIn], dict[AssetKey, set[AssetKey]]]:
    named_outs: dict[AssetKey, NamedOut] = {}
    for spec in specs:
        if spec.metadata.get(SYSTEM_METADATA_KEY_IO_MANAGER_KEY):
            dagster_type: DagsterType = AnyType
        else:
            dagster_type = Nothing
        named_outs[spec.key] = NamedOut(
            spec.key.to_python_identifier(),
            Out(
                dagster_type=dagster_type,
                is_required=not (can_subset or spec.skippable),
                description=spec.description,
                code_version=spec.code_version,
                metadata=spec.metadata,
                io_manager_key=spec.metadata.get(SYSTEM_METADATA_KEY_IO_MANAGER_KEY),
            ),
        )
    upstream: dict[AssetKey, AssetDep] = {}
    for spec in specs:
        for dep in spec.deps:
            if dep.asset_key not in named_outs:
                upstream[dep.asset_key] = dep
    named_ins = build_and_validate_named_ins(fn, upstream.values(), ins)
    invalid = set(named_ins) - set(upstream)
    if invalid:
        raise DagsterInvalidDefinitionError(
            f"Invalid asset dependencies: `{invalid}` specified as AssetIns, but are not specified as `AssetDep` "
            "objects on any constituent AssetSpec objects. Asset inputs must be associated with an output produced "
            "by the asset."
        )
    internal = {spec.key: {dep.asset_key for dep in spec.deps} for spec in specs}
    return named_outs, named_ins, internal


def _validate_internal_deps(
    op_name: str,
    named_ins: dict[AssetKey, NamedIn],
    named_outs: dict[AssetKey, NamedOut],
    outs: Mapping[str, AssetOut],
    asset_deps: Mapping[str, set[AssetKey]],
) -> dict[AssetKey, set[AssetKey]]:
    upstream_internal = set().union(*asset_deps.values()) if asset_deps else set()
    in_keys = set(named_ins)
    if asset_deps and not in_keys.issubset(upstream_internal):
        raise DagsterInvariantViolationError(
            f"Invalid asset dependencies: `{in_keys - upstream_internal}` specified as asset inputs, but are not "
            "specified in `internal_asset_deps`. Asset inputs must be associated with an output produced by the asset."
        )
    valid = in_keys | set(named_outs)
    for out_name, keys in asset_deps.items():
        if outs and out_name not in outs:
            raise DagsterInvariantViolationError(
                f"Invalid out key '{out_name}' supplied to `internal_asset_deps` argument for multi-asset {op_name}. "
                f"Must be one of the outs for this multi-asset {list(outs)[:20]}."
            )
        invalid = set(keys) - valid
        if invalid:
            raise DagsterInvariantViolationError(
                f"Invalid asset dependencies: {invalid} specified in `internal_asset_deps` argument for multi-asset "
                f"'{op_name}' on key '{out_name}'. Each specified asset key must be associated with an input to the "
                f"asset or produced by this asset. Valid keys: {list(valid)[:20]}"
            )
    keys_by_output_name = {named.output_name: key for key, named in named_outs.items()}
    return {keys_by_output_name[name]: set(keys) for name, keys in asset_deps.items()}
