"""Metadata values (`dagster.MetadataValue`) and Dagster's normalisation of raw metadata, plus the JSON
form the run store records."""

from __future__ import annotations

import builtins
import datetime
import os
from collections.abc import Mapping
from typing import Any

from assetlens.runtime.errors import DagsterError
from assetlens.runtime.keys import AssetKey


class DagsterInvalidMetadata(DagsterError):
    """A metadata value has a type Dagster cannot record."""


class MetadataValue:
    """One typed metadata value; build them with the static constructors, as in Dagster."""

    __slots__ = ("_value", "kind")

    def __init__(self, kind: str, value: Any) -> None:
        self.kind = kind
        self._value = value

    @property
    def value(self) -> Any:
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MetadataValue) and (other.kind, other._value) == (self.kind, self._value)

    def __hash__(self) -> int:
        return hash((self.kind, repr(self._value)))

    def __repr__(self) -> str:
        return f"MetadataValue.{self.kind}({self._value!r})"

    @staticmethod
    def text(text: str) -> MetadataValue:
        return MetadataValue("text", str(text))

    @staticmethod
    def url(url: str) -> MetadataValue:
        return MetadataValue("url", str(url))

    @staticmethod
    def path(path: str | os.PathLike) -> MetadataValue:
        return MetadataValue("path", os.fspath(path))

    @staticmethod
    def notebook(path: str | os.PathLike) -> MetadataValue:
        return MetadataValue("notebook", os.fspath(path))

    @staticmethod
    def json(data: Any) -> MetadataValue:
        return MetadataValue("json", data)

    @staticmethod
    def md(data: str) -> MetadataValue:
        return MetadataValue("md", str(data))

    @staticmethod
    def float(value: builtins.float) -> MetadataValue:
        return MetadataValue("float", builtins.float(value))

    @staticmethod
    def int(value: builtins.int) -> MetadataValue:
        return MetadataValue("int", value)

    @staticmethod
    def bool(value: builtins.bool) -> MetadataValue:
        return MetadataValue("bool", builtins.bool(value))

    @staticmethod
    def timestamp(value: builtins.float | datetime.datetime) -> MetadataValue:
        if isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                raise DagsterInvalidMetadata("Datetime values provided to MetadataValue.timestamp must have timezones")
            value = value.timestamp()
        return MetadataValue("timestamp", builtins.float(value))

    @staticmethod
    def dagster_run(run_id: str) -> MetadataValue:
        return MetadataValue("dagster_run", run_id)

    @staticmethod
    def asset(asset_key: AssetKey) -> MetadataValue:
        return MetadataValue("asset", asset_key)

    @staticmethod
    def null() -> MetadataValue:
        return MetadataValue("null", None)


def normalize_metadata_value(raw: Any) -> MetadataValue:
    """Dagster's `normalize_metadata_value`."""
    if isinstance(raw, MetadataValue):
        return raw
    if isinstance(raw, str):
        return MetadataValue.text(raw)
    if isinstance(raw, builtins.float):
        return MetadataValue.float(raw)
    if isinstance(raw, builtins.bool):
        return MetadataValue.bool(raw)
    if isinstance(raw, builtins.int):
        return MetadataValue.int(raw)
    if isinstance(raw, (list, dict)):
        return MetadataValue.json(raw)
    if isinstance(raw, os.PathLike):
        return MetadataValue.path(raw)
    if isinstance(raw, AssetKey):
        return MetadataValue.asset(raw)
    if raw is None:
        return MetadataValue.null()
    raise DagsterInvalidMetadata(
        f"Its type was {type(raw)}. Consider wrapping the value with the appropriate MetadataValue type."
    )


def normalize_metadata(metadata: Mapping[str, Any] | None) -> dict[str, MetadataValue]:
    normalized = {}
    for label, raw in (metadata or {}).items():
        try:
            normalized[label] = normalize_metadata_value(raw)
        except DagsterInvalidMetadata as error:
            raise DagsterInvalidMetadata(
                f'Could not resolve the metadata value for "{label}" to a known type. {error}'
            ) from None
    return normalized


def _jsonable(value: Any) -> Any:
    if isinstance(value, AssetKey):
        return list(value.parts)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, builtins.int, builtins.float, builtins.bool)):
        return value
    return repr(value)


def metadata_to_json(metadata: Mapping[str, MetadataValue]) -> dict[str, dict[str, Any]]:
    """The run store's form: `{label: {"type": kind, "value": json}}`."""
    return {label: {"type": value.kind, "value": _jsonable(value.value)} for label, value in metadata.items()}
