"""Asset specifications and dependency declarations: `AssetSpec`, `AssetDep`, `AssetIn`, `AssetOut`,
and `map_asset_specs` (mirrors Dagster's, including how each coerces keys; source assets are in
`source_assets`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    from assetlens.runtime.assets_definition import AssetsDefinition

from assetlens.runtime.dagster_types import resolve_dagster_type
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    DagsterInvariantViolationError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.keys import (
    AssetKey,
    CoercibleToAssetKey,
    key_from_prefix_and_name,
    validate_group_name,
)
from assetlens.runtime.results import NoValueSentinel
from assetlens.runtime.source_assets import SourceAsset
from assetlens.runtime.tags import (
    KIND_PREFIX,
    normalize_tags,
    tags_with_kinds,
    validate_owner,
)

SYSTEM_METADATA_KEY_IO_MANAGER_KEY = "dagster/io_manager_key"
_UNSET: Any = ...


def _refuse(value: Any, feature: str, detail: str) -> None:
    if value is not None:
        raise UnsupportedByBuiltinEngine(feature, detail)


def _is_assets_definition(value: Any) -> TypeGuard[AssetsDefinition]:
    from assetlens.runtime.assets_definition import AssetsDefinition

    return isinstance(value, AssetsDefinition)


class AssetDep:
    """A dependency on an upstream asset that is not (necessarily) passed as an argument."""

    __slots__ = ("asset_key", "metadata", "partition_mapping")

    def __init__(self, asset: Any, *, partition_mapping: Any = None, metadata: Mapping[str, Any] | None = None) -> None:
        _refuse(partition_mapping, "AssetDep(partition_mapping=...)", "partitions")
        if isinstance(asset, list):
            if not all(isinstance(part, str) for part in asset):
                raise TypeError('Param "asset" is a list containing non-str items.')
        elif not isinstance(asset, (AssetKey, str, AssetSpec, SourceAsset)) and not _is_assets_definition(asset):
            raise TypeError(
                f'Param "asset" is not one of [AssetKey, str, AssetSpec, AssetsDefinition, SourceAsset]. Got {asset!r} '
                f"which is type {type(asset)}."
            )
        if _is_assets_definition(asset) and len(asset.keys) > 1:
            raise DagsterInvalidDefinitionError(
                "Cannot create an AssetDep from a multi_asset AssetsDefinition. Instead, specify dependencies on the "
                "assets created by the multi_asset via AssetKeys or strings. For the multi_asset "
                f"{asset.node_def.name}, the available keys are: {asset.keys}."
            )
        object.__setattr__(self, "asset_key", _key_of(asset))
        object.__setattr__(self, "partition_mapping", None)
        object.__setattr__(self, "metadata", dict(metadata or {}))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("AssetDep is immutable")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AssetDep) and (other.asset_key, other.metadata) == (self.asset_key, self.metadata)

    def __hash__(self) -> int:
        return hash(self.asset_key)

    def __repr__(self) -> str:
        return f"AssetDep(asset_key={self.asset_key!r})"

    @staticmethod
    def from_coercible(arg: Any) -> AssetDep:
        return arg if isinstance(arg, AssetDep) else AssetDep(asset=arg)


def _key_of(arg: Any) -> AssetKey:
    if isinstance(arg, (AssetSpec, SourceAsset)) or _is_assets_definition(arg):
        return arg.key
    if isinstance(arg, AssetDep):
        return arg.asset_key
    return AssetKey.from_coercible(arg)


def coerce_to_deps_and_check_duplicates(deps: Iterable[Any] | None, key: AssetKey | None) -> list[AssetDep]:
    """Dagster's `coerce_to_deps_and_check_duplicates` (multi-asset definitions expand to their keys)."""
    if not deps:
        return []
    expanded: list[Any] = []
    for dep in deps:
        if _is_assets_definition(dep) and len(dep.keys) > 1:
            expanded.extend(sorted(dep.keys))
        else:
            expanded.append(dep)
    by_key: dict[AssetKey, AssetDep] = {}
    for dep in expanded:
        asset_dep = AssetDep.from_coercible(dep)
        if asset_dep.asset_key in by_key and asset_dep != by_key[asset_dep.asset_key]:
            where = f"for spec {key}." if key else "per asset."
            raise DagsterInvariantViolationError(
                f"Cannot set a dependency on asset {asset_dep.asset_key} more than once {where}"
            )
        by_key[asset_dep.asset_key] = asset_dep
    return list(by_key.values())


class AssetSpec:
    """The attributes of an asset except the function that materializes it."""

    _FIELDS = ("key", "deps", "description", "metadata", "group_name", "skippable", "code_version", "owners", "tags")

    def __init__(
        self,
        key: CoercibleToAssetKey,
        *,
        deps: Iterable[Any] | None = None,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        skippable: bool = False,
        group_name: str | None = None,
        code_version: str | None = None,
        automation_condition: Any = None,
        owners: Sequence[str] | None = None,
        tags: Mapping[str, str] | None = None,
        kinds: set[str] | None = None,
        partitions_def: Any = None,
        freshness_policy: Any = None,
        is_virtual: bool = False,
        **kwargs: Any,
    ) -> None:
        unknown = set(kwargs) - {"legacy_freshness_policy", "auto_materialize_policy"}
        if unknown:
            raise TypeError(f"AssetSpec got unexpected keyword arguments {sorted(unknown)}")
        _refuse(partitions_def, "AssetSpec(partitions_def=...)", "partitions")
        key = AssetKey.from_coercible(key)
        validate_group_name(group_name)
        owners = list(owners or [])
        for owner in owners:
            validate_owner(owner, key)
        all_tags = tags_with_kinds(tags, kinds)
        self._set(
            key=key,
            deps=coerce_to_deps_and_check_duplicates(deps, key),
            description=description,
            metadata=dict(metadata or {}),
            skippable=bool(skippable),
            group_name=group_name,
            code_version=code_version,
            owners=owners,
            tags=all_tags,
        )
        self.__dict__["automation_condition"] = automation_condition
        self.__dict__["freshness_policy"] = freshness_policy
        self.__dict__["partitions_def"] = None
        self.__dict__["is_virtual"] = is_virtual

    def _set(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("AssetSpec is immutable")

    key: AssetKey
    deps: list[AssetDep]
    description: str | None
    metadata: dict[str, Any]
    group_name: str | None
    skippable: bool
    code_version: str | None
    owners: list[str]
    tags: dict[str, str]

    @property
    def kinds(self) -> set[str]:
        return {tag[len(KIND_PREFIX) :] for tag in self.tags if tag.startswith(KIND_PREFIX)}

    def _fields(self) -> tuple:
        return tuple(
            (name, tuple(getattr(self, name)) if name in ("deps", "owners") else getattr(self, name))
            for name in self._FIELDS
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AssetSpec) and other._fields() == self._fields()

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"AssetSpec(key={self.key!r}, deps={self.deps!r}, group_name={self.group_name!r}, code_version={self.code_version!r})"

    def _copy(self, **changes: Any) -> AssetSpec:
        new = object.__new__(AssetSpec)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def replace_attributes(
        self,
        *,
        key: Any = _UNSET,
        deps: Any = _UNSET,
        description: Any = _UNSET,
        metadata: Any = _UNSET,
        skippable: Any = _UNSET,
        group_name: Any = _UNSET,
        code_version: Any = _UNSET,
        automation_condition: Any = _UNSET,
        owners: Any = _UNSET,
        tags: Any = _UNSET,
        kinds: Any = _UNSET,
        partitions_def: Any = _UNSET,
        legacy_freshness_policy: Any = _UNSET,
        freshness_policy: Any = _UNSET,
        is_virtual: Any = _UNSET,
    ) -> AssetSpec:
        if partitions_def is not _UNSET:
            _refuse(partitions_def, "AssetSpec(partitions_def=...)", "partitions")
        tags_without_kinds = {k: v for k, v in self.tags.items() if not k.startswith(KIND_PREFIX)}
        return AssetSpec(
            key=self.key if key is _UNSET else key,
            deps=self.deps if deps is _UNSET else deps,
            description=self.description if description is _UNSET else description,
            metadata=self.metadata if metadata is _UNSET else metadata,
            skippable=self.skippable if skippable is _UNSET else skippable,
            group_name=self.group_name if group_name is _UNSET else group_name,
            code_version=self.code_version if code_version is _UNSET else code_version,
            automation_condition=self.__dict__["automation_condition"]
            if automation_condition is _UNSET
            else automation_condition,
            owners=self.owners if owners is _UNSET else owners,
            tags=tags_without_kinds if tags is _UNSET else tags,
            kinds=self.kinds if kinds is _UNSET else kinds,
            freshness_policy=self.__dict__["freshness_policy"] if freshness_policy is _UNSET else freshness_policy,
            is_virtual=self.__dict__["is_virtual"] if is_virtual is _UNSET else is_virtual,
        )

    def merge_attributes(
        self,
        *,
        deps: Any = _UNSET,
        metadata: Any = _UNSET,
        owners: Any = _UNSET,
        tags: Any = _UNSET,
        kinds: Any = _UNSET,
    ) -> AssetSpec:
        tags_without_kinds = {k: v for k, v in self.tags.items() if not k.startswith(KIND_PREFIX)}
        return self.replace_attributes(
            deps=[*self.deps, *(deps if deps is not _UNSET else [])],
            metadata={**self.metadata, **(metadata if metadata is not _UNSET else {})},
            owners=[*self.owners, *(owners if owners is not _UNSET else [])],
            tags={**tags_without_kinds, **(tags if tags is not _UNSET else {})},
            kinds={*self.kinds, *(kinds if kinds is not _UNSET else set())},
        )

    def with_io_manager_key(self, io_manager_key: str) -> AssetSpec:
        return self._copy(metadata={**self.metadata, SYSTEM_METADATA_KEY_IO_MANAGER_KEY: io_manager_key})


def map_asset_specs(func: Any, iterable: Iterable[Any]) -> list[Any]:
    """Dagster's `map_asset_specs` over specs and asset definitions."""
    return [obj.map_asset_specs(func) if _is_assets_definition(obj) else func(obj) for obj in iterable]


EMPTY_ASSET_KEY_SENTINEL = AssetKey([])


class AssetIn:
    """Maps a compute function parameter to an upstream asset key."""

    __slots__ = ("dagster_type", "input_manager_key", "key", "key_prefix", "metadata", "partition_mapping")

    def __init__(
        self,
        key: CoercibleToAssetKey | None = None,
        metadata: Mapping[str, Any] | None = None,
        key_prefix: str | Sequence[str] | None = None,
        input_manager_key: str | None = None,
        partition_mapping: Any = None,
        dagster_type: Any = NoValueSentinel,
    ) -> None:
        _refuse(input_manager_key, "AssetIn(input_manager_key=...)", "custom input managers")
        _refuse(partition_mapping, "AssetIn(partition_mapping=...)", "partitions")
        if isinstance(key_prefix, str):
            key_prefix = [key_prefix]
        if key and key_prefix:
            raise DagsterInvariantViolationError("key and key_prefix cannot both be set on AssetIn")
        object.__setattr__(self, "key", AssetKey.from_coercible(key) if key is not None else None)
        object.__setattr__(self, "metadata", dict(metadata) if metadata is not None else None)
        object.__setattr__(self, "key_prefix", list(key_prefix) if key_prefix is not None else [])
        object.__setattr__(self, "input_manager_key", None)
        object.__setattr__(self, "partition_mapping", None)
        object.__setattr__(
            self,
            "dagster_type",
            NoValueSentinel if dagster_type is NoValueSentinel else resolve_dagster_type(dagster_type),
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("AssetIn is immutable")

    def resolve_key(self, input_name: str) -> AssetKey:
        return self.key or AssetKey.from_coercible(input_name).with_prefix(self.key_prefix or [])

    def __repr__(self) -> str:
        return f"AssetIn(key={self.key!r}, key_prefix={self.key_prefix!r})"


class AssetOut:
    """One asset produced by a `@multi_asset` (or graph multi-asset)."""

    def __init__(
        self,
        key_prefix: str | Sequence[str] | None = None,
        key: CoercibleToAssetKey | None = None,
        dagster_type: Any = NoValueSentinel,
        description: str | None = None,
        is_required: bool = True,
        io_manager_key: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        group_name: str | None = None,
        code_version: str | None = None,
        automation_condition: Any = None,
        backfill_policy: Any = None,
        owners: Sequence[str] | None = None,
        tags: Mapping[str, str] | None = None,
        kinds: set[str] | None = None,
        freshness_policy: Any = None,
        is_virtual: bool = False,
        **kwargs: Any,
    ) -> None:
        spec = kwargs.pop("spec", None)
        unknown = set(kwargs) - {"legacy_freshness_policy", "auto_materialize_policy"}
        if unknown:
            raise TypeError(f"AssetOut got unexpected keyword arguments {sorted(unknown)}")
        if isinstance(key_prefix, str):
            key_prefix = [key_prefix]
        if key_prefix and key:
            raise DagsterInvariantViolationError("Only one of key_prefix and key should be provided")
        has_spec_args = any(
            [
                key,
                description,
                metadata,
                group_name,
                code_version,
                automation_condition,
                owners,
                tags,
                kinds,
                freshness_policy,
            ]
        )
        if has_spec_args and spec:
            raise DagsterInvariantViolationError(
                "Cannot provide both spec and spec-related arguments (key, description, metadata, etc.)"
            )
        self._spec: AssetSpec = spec or AssetSpec(
            key=AssetKey.from_coercible(key) if key is not None else EMPTY_ASSET_KEY_SENTINEL,
            description=description,
            metadata=metadata,
            group_name=group_name,
            code_version=code_version,
            automation_condition=automation_condition,
            owners=owners,
            tags=normalize_tags(tags or {}),
            kinds=kinds,
            freshness_policy=freshness_policy,
            is_virtual=is_virtual,
        )
        self.key_prefix = list(key_prefix) if key_prefix is not None else None
        self.dagster_type = dagster_type
        self.is_required = is_required
        self.io_manager_key = io_manager_key
        _refuse(backfill_policy, "AssetOut(backfill_policy=...)", "backfills")
        self.backfill_policy = None

    @property
    def key(self) -> AssetKey | None:
        return self._spec.key if self._spec.key != EMPTY_ASSET_KEY_SENTINEL else None

    @property
    def metadata(self) -> dict[str, Any] | None:
        return self._spec.metadata

    @property
    def description(self) -> str | None:
        return self._spec.description

    @property
    def group_name(self) -> str | None:
        return self._spec.group_name

    @property
    def code_version(self) -> str | None:
        return self._spec.code_version

    @property
    def owners(self) -> list[str]:
        return self._spec.owners

    @property
    def tags(self) -> dict[str, str]:
        return self._spec.tags

    @property
    def kinds(self) -> set[str]:
        return self._spec.kinds

    def to_out(self) -> Any:
        from assetlens.runtime.nodes import Out

        return Out(
            dagster_type=self.dagster_type,
            description=self.description,
            metadata=self.metadata,
            is_required=self.is_required,
            io_manager_key=self.io_manager_key,
            code_version=self.code_version,
        )

    def to_spec(
        self, key: AssetKey, deps: Sequence[AssetDep], additional_tags: Mapping[str, str] | None = None
    ) -> AssetSpec:
        additional = dict(additional_tags or {})
        return self._spec.replace_attributes(
            key=key,
            tags={**additional, **self.tags} if self.tags else additional,
            kinds=self.kinds,
            deps=[*self._spec.deps, *deps],
        )

    @staticmethod
    def from_spec(
        spec: AssetSpec,
        dagster_type: Any = NoValueSentinel,
        is_required: bool = True,
        io_manager_key: str | None = None,
        backfill_policy: Any = None,
    ) -> AssetOut:
        if spec.deps:
            raise DagsterInvalidDefinitionError("Currently, cannot build AssetOut from spec with deps")
        return AssetOut(
            spec=spec,
            dagster_type=dagster_type,
            is_required=is_required,
            io_manager_key=io_manager_key,
            backfill_policy=backfill_policy,
        )


def default_key(name: str, prefix: Sequence[str] | None) -> AssetKey:
    return key_from_prefix_and_name(prefix, name)
