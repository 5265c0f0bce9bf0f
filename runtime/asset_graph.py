"""The asset graph of a set of definitions: which definition produces each key, the dependencies
between keys, selections (with upstream/downstream closure) and the ordered steps that run them."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvalidSubsetError,
)
from assetlens.runtime.keys import DEFAULT_GROUP_NAME, AssetKey
from assetlens.runtime.source_assets import SourceAsset
from assetlens.runtime.specs import AssetSpec


@dataclass(frozen=True)
class Step:
    """One node execution: the (possibly subset) definition and the keys it materializes."""

    assets_def: AssetsDefinition
    keys: frozenset[AssetKey]

    @property
    def name(self) -> str:
        return self.assets_def.node_def.name


TABLE_NAME_METADATA_KEY = "dagster/table_name"


def _specs_of(item: AssetsDefinition | AssetSpec | SourceAsset) -> list[tuple[AssetKey, str | None, dict]]:
    if isinstance(item, AssetsDefinition):
        return [(spec.key, spec.group_name, spec.metadata) for spec in item.specs]
    return [(item.key, item.group_name or DEFAULT_GROUP_NAME, item.metadata)]


def resolve_assets_def_deps(assets: list[AssetsDefinition | AssetSpec | SourceAsset], strict: bool) -> list:
    """Dagster's `resolve_assets_def_deps`: a one-part dependency that names no asset is resolved to the
    asset of the same name in the same group (or with the same `dagster/table_name`); with `strict`, an
    argument input that still names nothing is an error, as in Dagster."""
    specs = [spec for item in assets for spec in _specs_of(item)]
    known = {key for key, _, _ in specs}
    by_group_and_name: dict[tuple[str | None, str], list[AssetKey]] = {}
    by_table: dict[object, list[AssetKey]] = {}
    for key, group, metadata in specs:
        if group is not None:
            by_group_and_name.setdefault((group, key.parts[-1]), []).append(key)
        table = metadata.get(TABLE_NAME_METADATA_KEY)
        if table is not None:
            by_table.setdefault(table, []).append(key)
    resolved = []
    for item in assets:
        if isinstance(item, SourceAsset):
            resolved.append(item)
            continue
        replacements: dict[AssetKey, AssetKey] = {}
        node_def = item.node_def if isinstance(item, AssetsDefinition) and item.is_executable else None
        inputs_by_key = (
            {key: name for name, key in item.node_keys_by_input_name.items()}
            if isinstance(item, AssetsDefinition)
            else {}
        )
        item_keys = set(item.keys) if isinstance(item, AssetsDefinition) else {item.key}
        for spec in item.specs if isinstance(item, AssetsDefinition) else [item]:
            for dep in spec.deps:
                if dep.asset_key in known:
                    continue
                matches = by_group_and_name.get((spec.group_name or DEFAULT_GROUP_NAME, dep.asset_key.parts[0]), [])
                if len(dep.asset_key.parts) == 1 and len(matches) == 1 and matches[0] not in item_keys:
                    replacements[dep.asset_key] = matches[0]
                    continue
                table_matches = (
                    by_table.get(dep.metadata.get(TABLE_NAME_METADATA_KEY), [])
                    if dep.metadata.get(TABLE_NAME_METADATA_KEY)
                    else []
                )
                if table_matches:
                    if len(table_matches) > 1:
                        raise DagsterInvalidDefinitionError(
                            f'Multiple upstream assets found with table name "{dep.metadata[TABLE_NAME_METADATA_KEY]}": '
                            f"{table_matches}. Unable to resolve dependency {dep.asset_key.to_string()} for asset "
                            f"{spec.key.to_string()}."
                        )
                    replacements[dep.asset_key] = table_matches[0]
                    continue
                input_name = inputs_by_key.get(dep.asset_key)
                if (
                    strict
                    and node_def
                    and input_name
                    and not node_def.input_def_named(input_name).dagster_type.is_nothing
                ):
                    raise DagsterInvalidDefinitionError(
                        f'Input asset "{dep.asset_key.to_string()}" is not produced by any of the provided asset ops '
                        "and is not one of the provided sources."
                    )
        if not replacements:
            resolved.append(item)
        elif isinstance(item, AssetSpec):
            resolved.append(
                item.replace_attributes(deps=[replacements.get(dep.asset_key, dep.asset_key) for dep in item.deps])
            )
        else:
            resolved.append(item.with_attributes(asset_key_replacements=replacements))
    return resolved


class AssetGraph:
    """Every key of a set of definitions and who produces it (dependencies resolved as Dagster does)."""

    def __init__(self, assets: Iterable[AssetsDefinition | AssetSpec | SourceAsset], *, strict: bool = False) -> None:
        unique: dict[int, AssetsDefinition | AssetSpec | SourceAsset] = {}
        for item in assets:
            unique.setdefault(id(item), item)
        assets = resolve_assets_def_deps(list(unique.values()), strict)
        self.assets_defs: list[AssetsDefinition] = []
        self.external: dict[AssetKey, AssetSpec | SourceAsset | AssetsDefinition] = {}
        self.producer: dict[AssetKey, AssetsDefinition] = {}
        seen: set[int] = set()
        for item in assets:
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, AssetsDefinition) and item.is_executable:
                for key in item.keys:
                    other = self.producer.get(key)
                    if other is not None and other is not item:
                        raise DagsterInvalidDefinitionError(
                            f"Asset key {key.to_user_string()} is defined multiple times. Definitions found: "
                            f"{other.node_def.name}, {item.node_def.name}."
                        )
                    self.producer[key] = item
                self.assets_defs.append(item)
            elif isinstance(item, AssetsDefinition):
                for key in item.keys:
                    self.external.setdefault(key, item)
            elif isinstance(item, (AssetSpec, SourceAsset)):
                self.external.setdefault(item.key, item)
            else:
                raise DagsterInvalidDefinitionError(f"Not an asset definition: {item!r}")
        self._upstream: dict[AssetKey, set[AssetKey]] = {}
        for assets_def in self.assets_defs:
            for key, deps in assets_def.asset_deps.items():
                if key in assets_def.keys:
                    self._upstream[key] = set(deps)
        self._downstream: dict[AssetKey, set[AssetKey]] = {}
        for key, deps in self._upstream.items():
            for dep in deps:
                self._downstream.setdefault(dep, set()).add(key)

    def group_of(self, key: AssetKey) -> str:
        producer = self.producer.get(key)
        if producer is not None:
            return producer.specs_by_key[key].group_name or DEFAULT_GROUP_NAME
        external = self.external.get(key)
        if isinstance(external, AssetsDefinition):
            return external.specs_by_key[key].group_name or DEFAULT_GROUP_NAME
        return getattr(external, "group_name", None) or DEFAULT_GROUP_NAME

    def tags_of(self, key: AssetKey) -> dict[str, str]:
        producer = self.producer.get(key) or self.external.get(key)
        if isinstance(producer, AssetsDefinition):
            return producer.specs_by_key[key].tags
        return dict(getattr(producer, "tags", {}) or {})

    @property
    def executable_keys(self) -> set[AssetKey]:
        return set(self.producer)

    @property
    def all_keys(self) -> set[AssetKey]:
        return set(self.producer) | set(self.external)

    def upstream(self, key: AssetKey) -> set[AssetKey]:
        return set(self._upstream.get(key, ()))

    def downstream(self, key: AssetKey) -> set[AssetKey]:
        return set(self._downstream.get(key, ()))

    def closure(self, keys: Iterable[AssetKey], *, upstream: bool = False, downstream: bool = False) -> set[AssetKey]:
        """The keys plus, transitively, their executable upstream and/or downstream keys."""
        result = set(keys)
        frontier = list(result)
        while frontier:
            key = frontier.pop()
            neighbours: set[AssetKey] = set()
            if upstream:
                neighbours |= self.upstream(key) & self.executable_keys
            if downstream:
                neighbours |= self.downstream(key)
            for neighbour in neighbours - result:
                result.add(neighbour)
                frontier.append(neighbour)
        return result

    def plan(self, selection: Iterable[AssetKey]) -> list[Step]:
        """The steps materializing `selection`, in dependency order (Dagster's subsetting rules)."""
        selected = set(selection)
        unknown = selected - self.executable_keys
        if unknown:
            names = ", ".join(sorted(key.to_user_string() for key in unknown))
            if unknown & set(self.external):
                raise DagsterInvalidSubsetError(f"cannot materialize {names}: not executable (a source asset or spec)")
            raise DagsterInvalidSubsetError(f"no loaded definition produces {names}")
        steps: dict[int, Step] = {}
        for assets_def in self.assets_defs:
            keys = frozenset(assets_def.keys & selected)
            if not keys:
                continue
            if keys != assets_def.keys and not assets_def.can_subset:
                missing = ", ".join(sorted(key.to_user_string() for key in assets_def.keys - keys))
                raise DagsterInvalidSubsetError(
                    f"Asset(s) {', '.join(sorted(key.to_user_string() for key in keys))} are part of the non-subsettable "
                    f"definition '{assets_def.node_def.name}', which also produces {missing}; select them all (or "
                    "set can_subset=True)."
                )
            step_def = assets_def if keys == assets_def.keys else assets_def.subset_for(keys)
            steps[id(assets_def)] = Step(step_def, keys)
        step_of_key = {key: step_id for step_id, step in steps.items() for key in step.keys}
        depends_on: dict[int, set[int]] = {step_id: set() for step_id in steps}
        for step_id, step in steps.items():
            for key in step.keys:
                for dep in self.upstream(key):
                    dep_step = step_of_key.get(dep)
                    if dep_step is not None and dep_step != step_id:
                        depends_on[step_id].add(dep_step)
        dependents: dict[int, list[int]] = {step_id: [] for step_id in steps}
        waiting = {step_id: len(deps) for step_id, deps in depends_on.items()}
        for step_id, deps in depends_on.items():
            for dep in deps:
                dependents[dep].append(step_id)
        ready = deque(step_id for step_id in steps if waiting[step_id] == 0)
        ordered: list[Step] = []
        while ready:
            step_id = ready.popleft()
            ordered.append(steps[step_id])
            for dependent in dependents[step_id]:
                waiting[dependent] -= 1
                if waiting[dependent] == 0:
                    ready.append(dependent)
        if len(ordered) < len(steps):
            cycle = ", ".join(step.name for step_id, step in steps.items() if waiting[step_id] > 0)
            raise DagsterInvalidDefinitionError(f"the selected assets form a dependency cycle between: {cycle}")
        return ordered
