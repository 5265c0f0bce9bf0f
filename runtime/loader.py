"""Importing the user's modules in a worker and collecting their definitions: module-level asset
definitions, lists of them (what `load_assets_from_modules` returns), and `Definitions` objects (whose
assets win over the others for the same key, and whose resources a run uses). Works with the builtin
engine's classes or real Dagster's, given the `dagster` module to take them from."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from assetlens.runtime.protocol import LoadTransform

PRIORITY_DEFINITIONS, PRIORITY_LIST, PRIORITY_MODULE = 2, 1, 0


@dataclass
class LoadedCode:
    """What the worker found: the assets to build a graph from, and the resources of `Definitions`."""

    assets: list[Any] = field(default_factory=list)
    resources: dict[str, Any] = field(default_factory=dict)
    definitions: list[Any] = field(default_factory=list)
    checks: list[Any] = field(default_factory=list)  # asset check definitions (module attributes, Definitions)


def prepend_sys_path(entries: Sequence[str]) -> None:
    for entry in reversed(list(entries)):
        if entry in sys.path:
            sys.path.remove(entry)
        sys.path.insert(0, entry)


def import_modules(names: Iterable[str]) -> list[ModuleType]:
    return [importlib.import_module(name) for name in dict.fromkeys(names)]


def _keys_of(item: Any, api: Any) -> list[Any]:
    if isinstance(item, api.AssetsDefinition):
        return list(item.keys)
    return [item.key]


def _as_definitions(value: Any, api: Any) -> Any | None:
    """A `Definitions`, or what a `@definitions` function builds; None for anything else."""
    if isinstance(value, api.Definitions):
        return value
    lazy = getattr(api, "LazyDefinitions", None)
    if lazy is None:
        try:
            from dagster.components.definitions import (
                LazyDefinitions as lazy,  # real Dagster keeps it there
            )
        except ImportError:
            return None
    if isinstance(value, lazy) and not value.has_context_arg:
        return value()
    return None


def _definitions_in(module: ModuleType, attr: str | None, api: Any) -> list[Any]:
    if attr is not None:
        defs = _as_definitions(getattr(module, attr, None), api)
        if defs is None:
            raise TypeError(f"{module.__name__}:{attr} is not a Definitions object (or @definitions function)")
        return [defs]
    found = [_as_definitions(value, api) for value in vars(module).values()]
    return [defs for defs in found if defs is not None]


def apply_load_transform(transform: LoadTransform, api: Any) -> list[Any]:
    """The engine's own `load_assets_from_modules` over the transform's modules, then the prefixes of
    keys defined in the call's other (not imported) modules applied to dependencies as well."""
    modules = [sys.modules[name] for name in transform.modules if name in sys.modules]
    loaded = api.load_assets_from_modules(
        modules,
        group_name=transform.group_name,
        key_prefix=list(transform.key_prefix) if transform.key_prefix else None,
        source_key_prefix=list(transform.source_key_prefix) if transform.source_key_prefix else None,
        include_specs=transform.include_specs,
    )
    replacements = {}
    if transform.key_prefix:
        replacements.update({key: (*transform.key_prefix, *key) for key in transform.renamed})
    if transform.source_key_prefix:
        replacements.update({key: (*transform.source_key_prefix, *key) for key in transform.renamed_sources})
    if not replacements:
        return list(loaded)
    result = []
    for item in loaded:
        if isinstance(item, api.AssetsDefinition):
            own = {tuple(key.path) for key in item.keys}
            extra = {
                dep: api.AssetKey(list(replacements[tuple(dep.path)]))
                for spec in item.specs
                for dep in (d.asset_key for d in spec.deps)
                if tuple(dep.path) in replacements
                and tuple(dep.path) not in own
                and tuple(replacements[tuple(dep.path)]) not in own
            }
            item = item.with_attributes(asset_key_replacements=extra) if extra else item
        result.append(item)
    return result


def collect(
    modules: Iterable[ModuleType],
    api: Any,
    definitions_modules: Iterable[tuple[ModuleType, str | None]] = (),
    transforms: Iterable[LoadTransform] = (),
) -> LoadedCode:
    """Pick one definition per key: a `Definitions` object's beats a module loader's beats a module
    attribute's."""
    asset_types = (api.AssetsDefinition, api.SourceAsset, api.AssetSpec)
    check_type = api.AssetChecksDefinition
    candidates: list[tuple[int, Any]] = []
    for transform in transforms:
        candidates.extend((PRIORITY_LIST, item) for item in apply_load_transform(transform, api))
    loaded = LoadedCode()
    for module, attr in definitions_modules:
        for defs in _definitions_in(module, attr, api):
            loaded.definitions.append(defs)
    for module in modules:
        for defs in _definitions_in(module, None, api):
            if all(defs is not known for known in loaded.definitions):
                loaded.definitions.append(defs)
        for value in vars(module).values():
            if isinstance(value, check_type):  # before assets: Dagster's is an AssetsDefinition too
                _add_check(loaded, value)
            elif isinstance(value, asset_types):
                candidates.append((PRIORITY_MODULE, value))
            elif isinstance(value, list) and value and all(isinstance(item, asset_types) for item in value):
                candidates.extend((PRIORITY_LIST, item) for item in value)
    for defs in loaded.definitions:
        for item in getattr(defs, "asset_checks", None) or []:
            if isinstance(item, check_type):
                _add_check(loaded, item)
        for item in defs.assets or []:
            if isinstance(item, asset_types):
                candidates.append((PRIORITY_DEFINITIONS, item))
        for name, value in dict(defs.resources or {}).items():
            loaded.resources.setdefault(name, value)
    best: dict[Any, tuple[int, list[Any]]] = {}
    for priority, item in candidates:
        for key in _keys_of(item, api):
            current = best.get(key)
            if current is None or priority > current[0]:
                best[key] = (priority, [item])
            elif priority == current[0] and all(item is not other for other in current[1]):
                current[1].append(item)
    chosen: dict[int, Any] = {}
    for key, (_, items) in best.items():
        executable = [item for item in items if isinstance(item, api.AssetsDefinition) and item.is_executable]
        if len(executable) > 1:
            raise ValueError(
                f"asset key {key.to_user_string()} is defined more than once in the loaded modules "
                f"({', '.join(item.node_def.name for item in executable)})"
            )
        for item in executable or items[:1]:
            chosen[id(item)] = item
    loaded.assets = list(chosen.values())
    return loaded


def _check_names(check: Any) -> set[Any]:
    keys = getattr(check, "check_keys", None) or set()
    return {(tuple(key.asset_key.path), key.name) for key in keys}


def _add_check(loaded: LoadedCode, check: Any) -> None:
    """Once per check key (a Definitions' copy of a module's check is the same check)."""
    names = _check_names(check)
    if all(check is not known and not (names & _check_names(known)) for known in loaded.checks):
        loaded.checks.append(check)


def parse_definitions_ref(ref: str | None) -> tuple[str, str | None] | None:
    if not ref:
        return None
    module, _, attr = ref.partition(":")
    return module, attr or None
