"""The graph-backed asset decorators: `@graph_asset` and `@graph_multi_asset` (a graph of ops whose
outputs are assets), built the way Dagster builds them, through `AssetsDefinition.from_graph`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from assetlens.runtime.asset_decorators import (
    build_and_validate_named_ins,
    build_named_outs,
    check_automation_condition,
    check_hidden_kwargs,
    refuse_unsupported,
    resolve_asset_key_and_name,
)
from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.fn_params import docstring_description
from assetlens.runtime.graphs import GraphIn, GraphOut, build_graph
from assetlens.runtime.results import DEFAULT_OUTPUT
from assetlens.runtime.specs import AssetIn, AssetOut
from assetlens.runtime.tags import tags_with_kinds


def _check_outs(check_specs: Any, asset_keys: Sequence[Any]) -> dict[str, GraphOut]:
    """Dagster's `validate_and_assign_output_names_to_check_specs`: each check spec of a graph-backed asset
    is a graph output of its own (`<asset>_<check>`), which the op returning its AssetCheckResult feeds."""
    from assetlens.runtime.asset_checks import AssetCheckSpec
    from assetlens.runtime.errors import DagsterInvalidDefinitionError

    specs = list(check_specs or [])
    for spec in specs:
        if not isinstance(spec, AssetCheckSpec):
            raise TypeError(f'Param "check_specs" must be a sequence of AssetCheckSpec; got {spec!r}')
        if spec.asset_key not in asset_keys:
            raise DagsterInvalidDefinitionError(
                f"Invalid asset key {spec.asset_key} in check spec {spec.name}. Must be one of {list(asset_keys)}"
            )
    names = [f"{spec.asset_key.to_python_identifier()}_{spec.name}" for spec in specs]
    if len(set(names)) != len(names):
        from collections import Counter

        counts = Counter((spec.asset_key, spec.name) for spec in specs)
        raise DagsterInvalidDefinitionError(f"Duplicate check specs: { {item: n for item, n in counts.items() if n > 1} }")
    return {name: GraphOut() for name in names}


def graph_asset(
    compose_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    config: Any = None,
    key_prefix: str | Sequence[str] | None = None,
    group_name: str | None = None,
    partitions_def: Any = None,
    hooks: Any = None,
    metadata: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
    owners: Sequence[str] | None = None,
    automation_condition: Any = None,
    backfill_policy: Any = None,
    resource_defs: Mapping[str, Any] | None = None,
    check_specs: Any = None,
    code_version: str | None = None,
    key: Any = None,
    kinds: set[str] | None = None,
    **kwargs: Any,
) -> Any:
    """Dagster's `@graph_asset`."""
    check_hidden_kwargs("graph_asset", kwargs)
    refuse_unsupported(
        "graph_asset",
        partitions_def=partitions_def,
        hooks=hooks,
        backfill_policy=backfill_policy,
        config=config,
    )
    check_automation_condition(automation_condition)

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        named_ins = build_and_validate_named_ins(fn, set(), dict(ins or {}))
        out_key, _ = resolve_asset_key_and_name(
            key=key, key_prefix=key_prefix, name=name, decorator_name="@graph_asset", fn=fn
        )
        check_outs = _check_outs(check_specs, [out_key])
        all_tags = tags_with_kinds(tags, kinds)
        op_graph = build_graph(
            fn,
            name=out_key.to_python_identifier(),
            description=description or docstring_description(fn),
            ins={named.input_name: GraphIn() for named in named_ins.values()},
            out={DEFAULT_OUTPUT: GraphOut(), **check_outs},
            config=None,
            tags=None,
            decorator_name="@graph_asset",
        )
        return AssetsDefinition.from_graph(
            op_graph,
            keys_by_input_name={named.input_name: asset_key for asset_key, named in named_ins.items()},
            keys_by_output_name={DEFAULT_OUTPUT: out_key},
            group_name=group_name,
            metadata_by_output_name={DEFAULT_OUTPUT: metadata} if metadata else None,
            tags_by_output_name={DEFAULT_OUTPUT: all_tags} if all_tags else None,
            descriptions_by_output_name={DEFAULT_OUTPUT: description} if description else None,
            resource_defs=resource_defs,
            owners_by_output_name={DEFAULT_OUTPUT: owners} if owners else None,
            code_versions_by_output_name={DEFAULT_OUTPUT: code_version} if code_version else None,
            automation_conditions_by_output_name={DEFAULT_OUTPUT: automation_condition}
            if automation_condition
            else None,
            check_specs=check_specs,
        )

    if compose_fn is not None:
        return build(compose_fn)
    return build


def graph_multi_asset(
    *,
    outs: Mapping[str, AssetOut],
    name: str | None = None,
    ins: Mapping[str, AssetIn] | None = None,
    partitions_def: Any = None,
    hooks: Any = None,
    backfill_policy: Any = None,
    group_name: str | None = None,
    can_subset: bool = False,
    resource_defs: Mapping[str, Any] | None = None,
    check_specs: Any = None,
    config: Any = None,
) -> Callable[[Callable[..., Any]], AssetsDefinition]:
    """Dagster's `@graph_multi_asset`."""
    refuse_unsupported(
        "graph_multi_asset",
        partitions_def=partitions_def,
        hooks=hooks,
        backfill_policy=backfill_policy,
        config=config,
    )

    def build(fn: Callable[..., Any]) -> AssetsDefinition:
        named_ins = build_and_validate_named_ins(fn, set(), dict(ins or {}))
        named_outs = build_named_outs(outs)
        check_outs = _check_outs(check_specs, list(named_outs))
        op_graph = build_graph(
            fn,
            name=name or fn.__name__,
            description=None,
            ins={named.input_name: GraphIn() for named in named_ins.values()},
            out={**{named.output_name: GraphOut() for named in named_outs.values()}, **check_outs},
            config=None,
            tags=None,
        )

        def attr(getter: Callable[[AssetOut], Any]) -> dict[str, Any]:
            return {out_name: getter(out) for out_name, out in outs.items() if getter(out) is not None}

        return AssetsDefinition.from_graph(
            op_graph,
            keys_by_input_name={named.input_name: asset_key for asset_key, named in named_ins.items()},
            keys_by_output_name={named.output_name: asset_key for asset_key, named in named_outs.items()},
            group_name=group_name,
            can_subset=can_subset,
            metadata_by_output_name=attr(lambda out: out.metadata),
            descriptions_by_output_name=attr(lambda out: out.description),
            resource_defs=resource_defs,
            code_versions_by_output_name=attr(lambda out: out.code_version),
            tags_by_output_name=attr(lambda out: out.tags),
            owners_by_output_name=attr(lambda out: out.owners),
            check_specs=check_specs,
        )

    return build
