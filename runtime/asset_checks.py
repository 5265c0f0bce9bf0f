"""Asset checks as definitions: `@asset_check`, `@multi_asset_check`, `AssetCheckSpec`, `AssetCheckResult`,
`load_asset_checks_from_modules`. A run executes the checks of the assets it materializes (see
`check_execution`); calling a check directly is not supported."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assetlens.runtime.errors import UnsupportedByBuiltinEngine
from assetlens.runtime.keys import AssetKey


class AssetCheckSeverity(enum.Enum):
    WARN = "WARN"
    ERROR = "ERROR"


@dataclass(frozen=True)
class AssetCheckKey:
    asset_key: AssetKey
    name: str


@dataclass(frozen=True)
class AssetCheckSpec:
    """`AssetCheckSpec(name, asset=..., ...)`: a check a multi-asset or multi_asset_check declares."""

    name: str
    asset: Any
    description: str | None = None
    additional_deps: Sequence[Any] | None = None
    blocking: bool = False
    metadata: Mapping[str, Any] | None = None

    @property
    def asset_key(self) -> AssetKey:
        return _asset_key_of(self.asset)

    @property
    def key(self) -> AssetCheckKey:
        return AssetCheckKey(self.asset_key, self.name)


@dataclass(frozen=True)
class AssetCheckResult:
    """What a check function returns (kept as data; the builtin engine runs no check)."""

    passed: bool
    asset_key: Any = None
    check_name: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    severity: AssetCheckSeverity = AssetCheckSeverity.ERROR
    description: str | None = None


@dataclass(frozen=True)
class AssetChecksDefinition:
    """An `@asset_check` (or `@multi_asset_check`): which checks, on which assets, computed by `fn`."""

    name: str
    specs: tuple[AssetCheckSpec, ...]
    fn: Callable[..., Any]

    @property
    def check_keys(self) -> set[AssetCheckKey]:
        return {spec.key for spec in self.specs}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise UnsupportedByBuiltinEngine("running an asset check", "materialize its assets instead")


def _asset_key_of(asset: Any) -> AssetKey:
    key = getattr(asset, "key", None)
    if isinstance(key, AssetKey):
        return key
    return AssetKey.from_coercible(asset)


def asset_check(
    *,
    asset: Any,
    name: str | None = None,
    description: str | None = None,
    blocking: bool = False,
    additional_deps: Sequence[Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
    **_options: Any,
) -> Callable[[Callable[..., Any]], AssetChecksDefinition]:
    def build(fn: Callable[..., Any]) -> AssetChecksDefinition:
        check_name = name or fn.__name__
        spec = AssetCheckSpec(check_name, asset, description or fn.__doc__, additional_deps, blocking, metadata)
        return AssetChecksDefinition(check_name, (spec,), fn)

    return build


def multi_asset_check(
    *, specs: Sequence[AssetCheckSpec], name: str | None = None, **_options: Any
) -> Callable[[Callable[..., Any]], AssetChecksDefinition]:
    def build(fn: Callable[..., Any]) -> AssetChecksDefinition:
        return AssetChecksDefinition(name or fn.__name__, tuple(specs), fn)

    return build


def load_asset_checks_from_modules(modules: Sequence[Any], asset_key_prefix: Any = None) -> list[AssetChecksDefinition]:
    """The check definitions that are attributes of the modules (mirrors Dagster's)."""
    if asset_key_prefix is not None:
        raise UnsupportedByBuiltinEngine("load_asset_checks_from_modules(asset_key_prefix=...)")
    found: list[AssetChecksDefinition] = []
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, AssetChecksDefinition) and all(value is not known for known in found):
                found.append(value)
    return found
