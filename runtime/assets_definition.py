"""`AssetsDefinition`: the asset keys a node (op or graph) produces, the keys its inputs come from, and
each key's spec; with Dagster's constructors `from_op`/`from_graph` and its attribute rewrites."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from assetlens.runtime import composition
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.graphs import GraphDefinition, validate_leaf_nodes_mapped
from assetlens.runtime.keys import DEFAULT_GROUP_NAME, AssetKey, normalize_group_name
from assetlens.runtime.nodes import NodeDefinition, OpDefinition, OutputDefinition
from assetlens.runtime.specs import AssetDep, AssetSpec
from assetlens.runtime.tags import validate_owner


def specs_from_attr_params(
    *,
    all_asset_keys: Iterable[AssetKey],
    keys_by_input_name: Mapping[str, AssetKey],
    deps_by_asset_key: Mapping[AssetKey, Iterable[AssetKey]] | None = None,
    group_names_by_key: Mapping[AssetKey, str] | None = None,
    metadata_by_key: Mapping[AssetKey, Mapping[str, Any]] | None = None,
    tags_by_key: Mapping[AssetKey, Mapping[str, str]] | None = None,
    code_versions_by_key: Mapping[AssetKey, str] | None = None,
    descriptions_by_key: Mapping[AssetKey, str] | None = None,
    owners_by_key: Mapping[AssetKey, Sequence[str]] | None = None,
    automation_conditions_by_key: Mapping[AssetKey, Any] | None = None,
) -> list[AssetSpec]:
    """Dagster's `_asset_specs_from_attr_key_params`."""
    input_deps = [AssetDep(key) for key in dict.fromkeys(keys_by_input_name.values())]
    specs = []
    for key in all_asset_keys:
        deps = [AssetDep(dep) for dep in deps_by_asset_key.get(key, [])] if deps_by_asset_key else input_deps
        specs.append(
            AssetSpec(
                key=key,
                deps=deps,
                description=(descriptions_by_key or {}).get(key),
                metadata=(metadata_by_key or {}).get(key),
                tags=(tags_by_key or {}).get(key),
                owners=(owners_by_key or {}).get(key),
                group_name=(group_names_by_key or {}).get(key),
                code_version=(code_versions_by_key or {}).get(key),
                automation_condition=(automation_conditions_by_key or {}).get(key),
            )
        )
    return specs


class AssetsDefinition:
    """A set of assets produced by the same op or graph (or, without a node, external assets)."""

    def __init__(
        self,
        *,
        keys_by_input_name: Mapping[str, AssetKey] | None = None,
        keys_by_output_name: Mapping[str, AssetKey] | None = None,
        node_def: NodeDefinition | None = None,
        partitions_def: Any = None,
        partition_mappings: Any = None,
        asset_deps: Mapping[AssetKey, Iterable[AssetKey]] | None = None,
        selected_asset_keys: Iterable[AssetKey] | None = None,
        can_subset: bool = False,
        resource_defs: Mapping[str, Any] | None = None,
        group_names_by_key: Mapping[AssetKey, str] | None = None,
        metadata_by_key: Mapping[AssetKey, Mapping[str, Any]] | None = None,
        tags_by_key: Mapping[AssetKey, Mapping[str, str]] | None = None,
        backfill_policy: Any = None,
        descriptions_by_key: Mapping[AssetKey, str] | None = None,
        check_specs_by_output_name: Any = None,
        selected_asset_check_keys: Any = None,
        is_subset: bool = False,
        owners_by_key: Mapping[AssetKey, Sequence[str]] | None = None,
        specs: Sequence[AssetSpec] | None = None,
        execution_type: Any = None,
        hook_defs: Any = None,
        check_specs: Sequence[Any] | None = None,
        **unsupported: Any,
    ) -> None:
        from assetlens.runtime.partitions import PartitionsDefinition

        if partitions_def is not None and not isinstance(partitions_def, PartitionsDefinition):
            raise UnsupportedByBuiltinEngine(f"AssetsDefinition(partitions_def={partitions_def!r})", "partitions")
        for name, value in {
            "partition_mappings": partition_mappings,
            "backfill_policy": backfill_policy,
            "check_specs_by_output_name": check_specs_by_output_name,
            "hook_defs": hook_defs,
            **unsupported,
        }.items():
            if value:
                raise UnsupportedByBuiltinEngine(f"AssetsDefinition({name}=...)")
        if isinstance(node_def, GraphDefinition):
            validate_leaf_nodes_mapped(node_def)
        self._node_def = node_def
        self._partitions_def = partitions_def
        self._check_specs = tuple(check_specs or ())  # the decorator's check_specs= (results come from the asset)
        self._keys_by_input_name = dict(keys_by_input_name or {})
        self._keys_by_output_name = dict(keys_by_output_name or {})
        self._can_subset = bool(can_subset)
        self._is_subset = bool(is_subset)
        self._resource_defs = dict(resource_defs or {})
        if node_def is None and (self._keys_by_input_name or self._keys_by_output_name or can_subset):
            raise DagsterInvariantViolationError(
                "node_def is None, so keys_by_input_name/keys_by_output_name must be empty and can_subset False"
            )
        if specs is None:
            if node_def is None:
                raise DagsterInvariantViolationError("If specs are not provided, a node_def must be provided")
            all_keys = list(dict.fromkeys(self._keys_by_output_name.values()))
            if asset_deps and set(asset_deps) != set(all_keys):
                raise DagsterInvariantViolationError(
                    "The set of asset keys with dependencies specified in the asset_deps argument must equal the set "
                    f"of asset keys produced by this AssetsDefinition. \nasset_deps keys: {set(asset_deps)} \n"
                    f"expected keys: {set(all_keys)}"
                )
            specs = specs_from_attr_params(
                all_asset_keys=all_keys,
                keys_by_input_name=self._keys_by_input_name,
                deps_by_asset_key=asset_deps,
                group_names_by_key=group_names_by_key,
                metadata_by_key=metadata_by_key,
                tags_by_key=tags_by_key,
                descriptions_by_key=descriptions_by_key,
                owners_by_key=owners_by_key,
            )
        all_spec_keys = [spec.key for spec in specs]
        if node_def is not None:
            self._selected_keys = (
                frozenset(selected_asset_keys) if selected_asset_keys is not None else frozenset(all_spec_keys)
            )
        else:
            self._selected_keys = frozenset(all_spec_keys)
        self._specs_by_key: dict[AssetKey, AssetSpec] = {}
        output_names_by_key = {key: name for name, key in self._keys_by_output_name.items()}
        for spec in specs:
            for owner in spec.owners:
                validate_owner(owner, spec.key)
            group_name = normalize_group_name(spec.group_name)
            if node_def is not None:
                output_def = _output_origin(node_def, output_names_by_key[spec.key])
                metadata = {**output_def.metadata, **spec.metadata}
                description = spec.description or output_def.description or node_def.description
                code_version = spec.code_version or output_def.code_version
                skippable = not output_def.is_required
            else:
                metadata, description, code_version, skippable = (
                    spec.metadata,
                    spec.description,
                    spec.code_version,
                    False,
                )
            normalized = spec._copy(
                group_name=group_name,
                code_version=code_version,
                metadata=metadata,
                description=description,
                skippable=skippable,
            )
            if spec.key in self._specs_by_key and self._specs_by_key[spec.key] != normalized:
                raise DagsterInvalidDefinitionError(
                    f"Received conflicting AssetSpecs with the same key:\n{self._specs_by_key[spec.key]}\n{normalized}\n"
                )
            self._specs_by_key[spec.key] = normalized
        for spec in self._specs_by_key.values():
            for dep in spec.deps:
                if dep.asset_key == spec.key:
                    raise DagsterInvalidDefinitionError(
                        f'Asset "{spec.key.to_user_string()}" depends on itself. Assets can only depend on themselves '
                        "if they are:\n(a) time-partitioned and each partition depends on earlier partitions\n(b) "
                        "multipartitioned, with one time dimension that depends on earlier time partitions"
                    )

    # -- construction from nodes -------------------------------------------------------------------

    @staticmethod
    def from_graph(
        graph_def: GraphDefinition,
        *,
        keys_by_input_name: Mapping[str, AssetKey] | None = None,
        keys_by_output_name: Mapping[str, AssetKey] | None = None,
        key_prefix: str | Sequence[str] | None = None,
        internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
        partitions_def: Any = None,
        partition_mappings: Any = None,
        resource_defs: Mapping[str, Any] | None = None,
        group_name: str | None = None,
        group_names_by_output_name: Mapping[str, str | None] | None = None,
        descriptions_by_output_name: Mapping[str, str] | None = None,
        metadata_by_output_name: Mapping[str, Mapping[str, Any] | None] | None = None,
        tags_by_output_name: Mapping[str, Mapping[str, str] | None] | None = None,
        automation_conditions_by_output_name: Any = None,
        backfill_policy: Any = None,
        can_subset: bool = False,
        check_specs: Any = None,
        owners_by_output_name: Mapping[str, Sequence[str]] | None = None,
        code_versions_by_output_name: Mapping[str, str | None] | None = None,
        auto_materialize_policies_by_output_name: Any = None,
        hook_defs: Any = None,
    ) -> AssetsDefinition:
        return AssetsDefinition._from_node(
            **{k: v for k, v in locals().items() if k != "graph_def"}, node_def=graph_def
        )

    @staticmethod
    def from_op(
        op_def: OpDefinition,
        *,
        keys_by_input_name: Mapping[str, AssetKey] | None = None,
        keys_by_output_name: Mapping[str, AssetKey] | None = None,
        key_prefix: str | Sequence[str] | None = None,
        internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
        partitions_def: Any = None,
        partition_mappings: Any = None,
        group_name: str | None = None,
        group_names_by_output_name: Mapping[str, str | None] | None = None,
        descriptions_by_output_name: Mapping[str, str] | None = None,
        metadata_by_output_name: Mapping[str, Mapping[str, Any] | None] | None = None,
        tags_by_output_name: Mapping[str, Mapping[str, str] | None] | None = None,
        automation_conditions_by_output_name: Any = None,
        backfill_policy: Any = None,
        can_subset: bool = False,
        auto_materialize_policies_by_output_name: Any = None,
        hook_defs: Any = None,
    ) -> AssetsDefinition:
        return AssetsDefinition._from_node(**{k: v for k, v in locals().items() if k != "op_def"}, node_def=op_def)

    @staticmethod
    def _from_node(
        node_def: NodeDefinition,
        *,
        keys_by_input_name: Mapping[str, AssetKey] | None = None,
        keys_by_output_name: Mapping[str, AssetKey] | None = None,
        key_prefix: str | Sequence[str] | None = None,
        internal_asset_deps: Mapping[str, set[AssetKey]] | None = None,
        resource_defs: Mapping[str, Any] | None = None,
        group_name: str | None = None,
        group_names_by_output_name: Mapping[str, str | None] | None = None,
        descriptions_by_output_name: Mapping[str, str] | None = None,
        metadata_by_output_name: Mapping[str, Mapping[str, Any] | None] | None = None,
        tags_by_output_name: Mapping[str, Mapping[str, str] | None] | None = None,
        code_versions_by_output_name: Mapping[str, str | None] | None = None,
        owners_by_output_name: Mapping[str, Sequence[str]] | None = None,
        automation_conditions_by_output_name: Mapping[str, Any] | None = None,
        can_subset: bool = False,
        check_specs: Any = None,
        **unsupported: Any,
    ) -> AssetsDefinition:
        for name, value in unsupported.items():
            if value:
                raise UnsupportedByBuiltinEngine(f"AssetsDefinition.from_op/from_graph({name}=...)")
        # as Dagster's from_graph: each check spec has a graph output of its own (`<asset>_<check>`)
        check_outputs = {f"{spec.asset_key.to_python_identifier()}_{spec.name}" for spec in check_specs or ()}
        input_names = [input_def.name for input_def in node_def.input_defs]
        if keys_by_input_name and set(keys_by_input_name) != set(input_names):
            raise DagsterInvariantViolationError(
                "The set of input names keys specified in the keys_by_input_name argument must equal the set of "
                f"asset keys inputted by '{node_def.name}'. \nkeys_by_input_name keys: {set(keys_by_input_name)} \n"
                f"expected keys: {input_names}"
            )
        resolved_inputs = {name: (keys_by_input_name or {}).get(name, AssetKey([name])) for name in input_names}
        output_names = [output_def.name for output_def in node_def.output_defs if output_def.name not in check_outputs]
        keys_by_output_name = dict(keys_by_output_name or {})
        if keys_by_output_name and set(keys_by_output_name) != set(output_names):
            raise DagsterInvariantViolationError(
                "The union of the set of output names keys specified in the keys_by_output_name and "
                "check_specs_by_output_name arguments must equal the set of asset keys outputted by "
                f"{node_def.name}. union keys: {set(keys_by_output_name)} \nexpected keys: {set(output_names)}"
            )
        if len(output_names) == 1 and output_names[0] not in keys_by_output_name and output_names[0] == "result":
            keys_by_output_name[output_names[0]] = AssetKey([node_def.name])
        for output_name in output_names:
            keys_by_output_name.setdefault(output_name, AssetKey([output_name]))
        transformed_deps: dict[AssetKey, set[AssetKey]] = {}
        for output_name, asset_keys in (internal_asset_deps or {}).items():
            if output_name not in keys_by_output_name:
                raise DagsterInvariantViolationError(
                    f"output_name {output_name} specified in internal_asset_deps does not exist in the decorated "
                    f"function. Output names: {list(keys_by_output_name)}."
                )
            transformed_deps[keys_by_output_name[output_name]] = set(asset_keys)
        prefix = [key_prefix] if isinstance(key_prefix, str) else list(key_prefix or [])
        with_prefix = {
            name: AssetKey([part for part in [*prefix, *key.parts] if part])
            for name, key in keys_by_output_name.items()
        }

        def by_key(attr: Mapping[str, Any] | None) -> dict[AssetKey, Any] | None:
            if not attr:
                return None
            return {with_prefix[name]: value for name, value in attr.items() if value is not None}

        if group_name is not None and group_names_by_output_name is not None:
            raise DagsterInvariantViolationError("Cannot use both group_name and group_names_by_output_name")
        group_names_by_key = (
            {key: group_name for key in with_prefix.values()}
            if group_name is not None
            else by_key(group_names_by_output_name)
        )
        specs = specs_from_attr_params(
            all_asset_keys=list(with_prefix.values()),
            keys_by_input_name=resolved_inputs,
            deps_by_asset_key=transformed_deps or None,
            tags_by_key=by_key(tags_by_output_name),
            owners_by_key=by_key(owners_by_output_name),
            group_names_by_key=group_names_by_key,
            metadata_by_key=by_key(metadata_by_output_name),
            descriptions_by_key=by_key(descriptions_by_output_name),
            code_versions_by_key=by_key(code_versions_by_output_name),
            automation_conditions_by_key=by_key(automation_conditions_by_output_name),
        )
        return AssetsDefinition(
            keys_by_input_name=resolved_inputs,
            keys_by_output_name=with_prefix,
            node_def=node_def,
            resource_defs=resource_defs,
            can_subset=can_subset,
            specs=specs,
            check_specs=check_specs,
        )

    # -- what it defines ---------------------------------------------------------------------------

    @property
    def node_def(self) -> NodeDefinition:
        if self._node_def is None:
            raise DagsterInvariantViolationError("This AssetsDefinition has no node_def")
        return self._node_def

    @property
    def op(self) -> OpDefinition:
        if not isinstance(self._node_def, OpDefinition):
            raise DagsterInvariantViolationError(
                "The NodeDefinition for this AssetsDefinition is not of type OpDefinition."
            )
        return self._node_def

    @property
    def is_executable(self) -> bool:
        return self._node_def is not None

    is_materializable = is_executable

    @property
    def is_graph_backed(self) -> bool:
        return isinstance(self._node_def, GraphDefinition)

    @property
    def can_subset(self) -> bool:
        return self._can_subset

    @property
    def is_subset(self) -> bool:
        return self._is_subset

    @property
    def keys(self) -> frozenset[AssetKey]:
        return self._selected_keys

    @property
    def key(self) -> AssetKey:
        if len(self.keys) != 1:
            raise DagsterInvariantViolationError(
                "Tried to retrieve asset key from an assets definition with multiple asset keys: "
                + ", ".join(key.to_string() for key in sorted(self.keys))
            )
        return next(iter(self.keys))

    @property
    def has_keys(self) -> bool:
        return bool(self.keys)

    @property
    def specs(self) -> Iterable[AssetSpec]:
        return self._specs_by_key.values()

    @property
    def specs_by_key(self) -> dict[AssetKey, AssetSpec]:
        return dict(self._specs_by_key)

    def get_asset_spec(self, key: AssetKey | None = None) -> AssetSpec:
        return self._specs_by_key[key or self.key]

    @property
    def node_keys_by_output_name(self) -> dict[str, AssetKey]:
        return dict(self._keys_by_output_name)

    @property
    def node_keys_by_input_name(self) -> dict[str, AssetKey]:
        return dict(self._keys_by_input_name)

    @property
    def keys_by_output_name(self) -> dict[str, AssetKey]:
        return {name: key for name, key in self._keys_by_output_name.items() if key in self.keys}

    @property
    def keys_by_input_name(self) -> dict[str, AssetKey]:
        upstream = {dep.asset_key for key in self.keys for dep in self._specs_by_key[key].deps}
        return {name: key for name, key in self._keys_by_input_name.items() if key in upstream}

    @property
    def asset_deps(self) -> dict[AssetKey, set[AssetKey]]:
        return {key: {dep.asset_key for dep in spec.deps} for key, spec in self._specs_by_key.items()}

    @property
    def dependency_keys(self) -> set[AssetKey]:
        return {dep.asset_key for key in self.keys for dep in self._specs_by_key[key].deps}

    @property
    def group_names_by_key(self) -> dict[AssetKey, str]:
        return {key: spec.group_name or DEFAULT_GROUP_NAME for key, spec in self._specs_by_key.items()}

    @property
    def descriptions_by_key(self) -> dict[AssetKey, str]:
        return {key: spec.description for key, spec in self._specs_by_key.items() if spec.description is not None}

    @property
    def metadata_by_key(self) -> dict[AssetKey, dict[str, Any]]:
        return {key: spec.metadata for key, spec in self._specs_by_key.items()}

    @property
    def tags_by_key(self) -> dict[AssetKey, dict[str, str]]:
        return {key: spec.tags for key, spec in self._specs_by_key.items()}

    @property
    def code_versions_by_key(self) -> dict[AssetKey, str | None]:
        return {key: spec.code_version for key, spec in self._specs_by_key.items()}

    @property
    def owners_by_key(self) -> dict[AssetKey, list[str]]:
        return {key: spec.owners for key, spec in self._specs_by_key.items()}

    @property
    def resource_defs(self) -> dict[str, Any]:
        return dict(self._resource_defs)

    @property
    def required_resource_keys(self) -> set[str]:
        if self._node_def is None:
            return set()
        ops = self._node_def.iterate_op_defs() if isinstance(self._node_def, GraphDefinition) else [self._node_def]
        return {key for op_def in ops for key in op_def.required_resource_keys}  # type: ignore[attr-defined]

    @property
    def check_specs(self) -> list[Any]:
        return list(self._check_specs)

    @property
    def check_keys(self) -> set[Any]:
        return {spec.key for spec in self._check_specs}

    @property
    def check_specs_by_output_name(self) -> dict[str, Any]:
        """The output each check spec has in Dagster (`<asset key>_<check name>`; a graph-backed asset's
        graph has these outputs, fed by the ops that return the checks' results)."""
        return {f"{spec.asset_key.to_python_identifier()}_{spec.name}": spec for spec in self._check_specs}

    @property
    def partitions_def(self) -> Any:
        return self._partitions_def

    def get_output_name_for_asset_key(self, key: AssetKey) -> str:
        for output_name, asset_key in self._keys_by_output_name.items():
            if key == asset_key:
                return output_name
        raise DagsterInvariantViolationError(f"Asset key {key.to_user_string()} not found in AssetsDefinition")

    def has_output_for_asset_key(self, key: AssetKey) -> bool:
        return key in self._keys_by_output_name.values()

    def get_io_manager_key_for_asset_key(self, key: AssetKey) -> str:
        if self._node_def is None:
            return self._specs_by_key[key].metadata.get("dagster/io_manager_key", "io_manager")
        return _output_origin(self._node_def, self.get_output_name_for_asset_key(key)).io_manager_key

    # -- rewrites ----------------------------------------------------------------------------------

    def _replaced(self, **changes: Any) -> AssetsDefinition:
        attributes: dict[str, Any] = dict(
            keys_by_input_name=self._keys_by_input_name,
            keys_by_output_name=self._keys_by_output_name,
            node_def=self._node_def,
            selected_asset_keys=self._selected_keys if self._node_def is not None else None,
            can_subset=self._can_subset,
            resource_defs=self._resource_defs,
            is_subset=self._is_subset,
            specs=list(self._specs_by_key.values()),
            check_specs=self._check_specs,
            partitions_def=self._partitions_def,
        )
        attributes.update(changes)
        return AssetsDefinition(**attributes)

    def with_attributes(
        self,
        *,
        asset_key_replacements: Mapping[AssetKey, AssetKey] | None = None,
        group_names_by_key: Mapping[AssetKey, str] | None = None,
        tags_by_key: Mapping[AssetKey, Mapping[str, str]] | None = None,
        legacy_freshness_policy: Any = None,
        automation_condition: Any = None,
        backfill_policy: Any = None,
        hook_defs: Any = None,
        metadata_by_key: Mapping[AssetKey, Mapping[str, Any]] | None = None,
    ) -> AssetsDefinition:
        """Dagster's `AssetsDefinition.with_attributes` (key replacements also rewrite deps and inputs)."""
        for name, value in {
            "legacy_freshness_policy": legacy_freshness_policy,
            "automation_condition": automation_condition,
            "backfill_policy": backfill_policy,
            "hook_defs": hook_defs,
        }.items():
            if value:
                raise UnsupportedByBuiltinEngine(f"AssetsDefinition.with_attributes({name}=...)")
        replacements = dict(asset_key_replacements or {})
        conflicts: dict[str, set[AssetKey]] = {}
        specs = []
        for key, spec in self._specs_by_key.items():
            changes: dict[str, Any] = {}
            for attr, new_values, default in (
                ("tags", tags_by_key, None),
                ("group_name", group_names_by_key, DEFAULT_GROUP_NAME),
            ):
                if new_values and key in new_values:
                    changes[attr] = new_values[key]
                    old = getattr(spec, attr)
                    if old and old != default:
                        conflicts.setdefault(attr, set()).add(key)
            if metadata_by_key and key in metadata_by_key:
                changes["metadata"] = dict(metadata_by_key[key])
            if key in replacements:
                changes["key"] = replacements[key]
            if replacements:
                changes["deps"] = [
                    dep
                    if dep.asset_key not in replacements
                    else AssetDep(replacements[dep.asset_key], metadata=dep.metadata)
                    for dep in spec.deps
                ]
            specs.append(spec._copy(**changes))
        for attr, keys in conflicts.items():
            raise DagsterInvalidDefinitionError(
                f"{attr} already exists on assets {', '.join(key.to_user_string() for key in sorted(keys))}"
            )
        return self._replaced(
            keys_by_input_name={name: replacements.get(key, key) for name, key in self._keys_by_input_name.items()},
            keys_by_output_name={name: replacements.get(key, key) for name, key in self._keys_by_output_name.items()},
            selected_asset_keys={replacements.get(key, key) for key in self.keys}
            if self._node_def is not None
            else None,
            specs=specs,
            check_specs=[
                dataclasses.replace(spec, asset=replacements[spec.asset_key]) if spec.asset_key in replacements else spec
                for spec in self._check_specs
            ],
        )

    def map_asset_specs(self, fn: Callable[[AssetSpec], AssetSpec]) -> AssetsDefinition:
        mapped = []
        for spec in self.specs:
            new_spec = fn(spec)
            if new_spec.key != spec.key:
                raise DagsterInvalidDefinitionError(
                    f"Asset key {spec.key.to_user_string()} was changed to {new_spec.key.to_user_string()}. "
                    "Mapping function must not change keys."
                )
            mapped.append(new_spec)
        old_deps = {dep.asset_key for spec in self.specs for dep in spec.deps}
        new_deps = {dep.asset_key for spec in mapped for dep in spec.deps}
        if self.is_executable and old_deps != new_deps:
            raise UnsupportedByBuiltinEngine("map_asset_specs that changes an executable asset's deps")
        return self._replaced(specs=mapped)

    def subset_for(
        self, selected_asset_keys: Iterable[AssetKey], selected_asset_check_keys: Any = None
    ) -> AssetsDefinition:
        selected = set(selected_asset_keys)
        checks = [spec for spec in self._check_specs if spec.asset_key in selected]
        return self._replaced(selected_asset_keys=selected, is_subset=True, check_specs=checks)

    def with_resources(self, resource_defs: Mapping[str, Any]) -> AssetsDefinition:
        return self._replaced(resource_defs={**resource_defs, **self._resource_defs})

    def to_source_assets(self) -> list[Any]:
        from assetlens.runtime.source_assets import SourceAsset

        return [
            SourceAsset(key=key, metadata=spec.metadata, description=spec.description, group_name=spec.group_name)
            for key, spec in self._specs_by_key.items()
        ]

    def to_source_asset(self, key: Any = None) -> Any:
        sources = {source.key: source for source in self.to_source_assets()}
        return sources[AssetKey.from_coercible(key) if key is not None else self.key]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_graph_backed or composition.is_in_composition():
            return self.node_def(*args, **kwargs)
        from assetlens.runtime.invocation import invoke_op_directly

        return invoke_op_directly(self.op, self, args, kwargs)

    def __repr__(self) -> str:
        keys = ", ".join(key.to_user_string() for key in sorted(self.keys))
        return f"AssetsDefinition(keys=[{keys}])"


def _output_origin(node_def: NodeDefinition, output_name: str) -> OutputDefinition:
    if isinstance(node_def, GraphDefinition):
        return node_def.resolve_output_to_origin(output_name)[0]
    return node_def.output_def_named(output_name)
