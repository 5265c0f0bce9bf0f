"""Assets produced outside the code base: `SourceAsset`, `@observable_source_asset` (its observation
function is kept, never called by a run) and `DataVersion`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assetlens.runtime.errors import UnsupportedByBuiltinEngine
from assetlens.runtime.keys import AssetKey, CoercibleToAssetKey, normalize_group_name
from assetlens.runtime.tags import normalize_tags

_UNSET: Any = ...


def _refuse(value: Any, feature: str, detail: str) -> None:
    if value is not None:
        raise UnsupportedByBuiltinEngine(feature, detail)


class SourceAsset:
    """An asset that is produced outside this code base (its stored value may be loaded)."""

    def __init__(
        self,
        key: CoercibleToAssetKey,
        metadata: Mapping[str, Any] | None = None,
        io_manager_key: str | None = None,
        io_manager_def: Any = None,
        description: str | None = None,
        partitions_def: Any = None,
        group_name: str | None = None,
        resource_defs: Mapping[str, Any] | None = None,
        observe_fn: Any = None,
        op_tags: Mapping[str, Any] | None = None,
        *,
        auto_observe_interval_minutes: float | None = None,
        legacy_freshness_policy: Any = None,
        automation_condition: Any = None,
        tags: Mapping[str, str] | None = None,
        _required_resource_keys: Any = None,
    ) -> None:
        _refuse(partitions_def, "SourceAsset(partitions_def=...)", "partitions")
        _refuse(io_manager_def, "SourceAsset(io_manager_def=...)", "custom IO managers")
        self.key = AssetKey.from_coercible(key)
        self.observe_fn = observe_fn  # kept, never called: runs materialize, they do not observe
        self.raw_metadata = dict(metadata or {})
        self.metadata = dict(metadata or {})
        self.io_manager_key = io_manager_key
        self.description = description
        self.group_name = normalize_group_name(group_name)
        self.resource_defs = dict(resource_defs or {})
        self.op_tags = dict(op_tags or {})
        self.tags = normalize_tags(tags or {})

    @property
    def is_executable(self) -> bool:
        return False

    @property
    def is_observable(self) -> bool:
        return self.observe_fn is not None

    def with_attributes(self, key: Any = _UNSET, group_name: Any = _UNSET) -> SourceAsset:
        return SourceAsset(
            key=self.key if key is _UNSET else key,
            observe_fn=self.observe_fn,
            metadata=self.raw_metadata,
            io_manager_key=self.io_manager_key,
            description=self.description,
            group_name=self.group_name if group_name is _UNSET or group_name is None else group_name,
            resource_defs=self.resource_defs,
            op_tags=self.op_tags,
            tags=self.tags,
        )

    def __repr__(self) -> str:
        return f"SourceAsset(key={self.key!r})"


class DataVersion:
    """A version of an asset's data, as an observation function reports it (mirrors `dagster.DataVersion`)."""

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f'Param "value" is not a str. Got {value!r}.')
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataVersion) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"DataVersion({self.value!r})"


def observable_source_asset(
    observe_fn: Any = None,
    *,
    key: CoercibleToAssetKey | None = None,
    name: str | None = None,
    key_prefix: str | Sequence[str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    io_manager_key: str | None = None,
    io_manager_def: Any = None,
    description: str | None = None,
    group_name: str | None = None,
    required_resource_keys: Any = None,
    resource_defs: Mapping[str, Any] | None = None,
    partitions_def: Any = None,
    automation_condition: Any = None,
    op_tags: Mapping[str, Any] | None = None,
    tags: Mapping[str, str] | None = None,
) -> Any:
    """Dagster's `@observable_source_asset`: a source asset with an observation function. A run (which
    materializes) never calls it; depending on the asset works as on any source asset."""

    def build(fn: Any) -> SourceAsset:
        from assetlens.runtime.asset_decorators import resolve_asset_key_and_name

        asset_key, _ = resolve_asset_key_and_name(
            key=key, key_prefix=key_prefix, name=name, decorator_name="@observable_source_asset", fn=fn
        )
        return SourceAsset(
            key=asset_key,
            metadata=metadata,
            io_manager_key=io_manager_key,
            io_manager_def=io_manager_def,
            description=description or fn.__doc__,
            partitions_def=partitions_def,
            group_name=group_name,
            resource_defs=resource_defs,
            observe_fn=fn,
            op_tags=op_tags,
            automation_condition=automation_condition,
            tags=tags,
        )

    if observe_fn is not None:
        return build(observe_fn)
    return build
