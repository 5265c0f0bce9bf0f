"""What compute functions return or yield: `Output` and `MaterializeResult` (mirrors Dagster's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from assetlens.runtime.errors import UnsupportedByBuiltinEngine
from assetlens.runtime.keys import AssetKey, CoercibleToAssetKey
from assetlens.runtime.metadata import MetadataValue, normalize_metadata

T = TypeVar("T")
DEFAULT_OUTPUT = "result"


class NoValueSentinel:
    """Marks 'no value given' where None is a legitimate value."""


class Output(Generic[T]):
    """A value for one output of a compute function, with metadata."""

    def __init__(
        self,
        value: T,
        output_name: str = DEFAULT_OUTPUT,
        metadata: Mapping[str, Any] | None = None,
        data_version: Any = None,
        *,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        if data_version is not None:
            raise UnsupportedByBuiltinEngine("Output(data_version=...)", "assetlens records a hash of the stored value")
        if not isinstance(output_name, str):
            raise TypeError(f'Param "output_name" is not a str. Got {output_name!r}.')
        self._value = value
        self._output_name = output_name
        self._metadata = normalize_metadata(metadata)
        self._tags = dict(tags or {})

    @property
    def value(self) -> T:
        return self._value

    @property
    def output_name(self) -> str:
        return self._output_name

    @property
    def metadata(self) -> dict[str, MetadataValue]:
        return self._metadata

    @property
    def data_version(self) -> None:
        return None

    @property
    def tags(self) -> dict[str, str]:
        return self._tags

    def with_metadata(self, metadata: Mapping[str, Any]) -> Output[T]:
        return Output(self._value, self._output_name, metadata=metadata, tags=self._tags)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Output)
            and other.value == self.value
            and other.output_name == self.output_name
            and other.metadata == self.metadata
        )

    def __repr__(self) -> str:
        return f"Output(value={self._value!r}, output_name={self._output_name!r}, metadata={self._metadata!r})"


class MaterializeResult(Generic[T]):
    """Reports a materialization (optionally with its value) from an asset's compute function."""

    def __init__(
        self,
        asset_key: CoercibleToAssetKey | None = None,
        metadata: Mapping[str, Any] | None = None,
        check_results: Sequence[Any] | None = None,
        data_version: Any = None,
        tags: Mapping[str, str] | None = None,
        value: Any = NoValueSentinel,
    ) -> None:
        if data_version is not None:
            raise UnsupportedByBuiltinEngine(
                "MaterializeResult(data_version=...)", "assetlens records a hash of the stored value"
            )
        self.asset_key = AssetKey.from_coercible(asset_key) if asset_key is not None else None
        self.metadata = normalize_metadata(metadata)
        self.check_results: list[Any] = list(check_results or [])  # AssetCheckResults for the asset's check_specs
        self.data_version = None
        self.tags = dict(tags or {})
        self.value = value

    @property
    def has_value(self) -> bool:
        return self.value is not NoValueSentinel

    def __repr__(self) -> str:
        return f"MaterializeResult(asset_key={self.asset_key!r}, metadata={self.metadata!r})"
