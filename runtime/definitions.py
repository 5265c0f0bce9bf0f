"""`Definitions` and the module loaders (`load_assets_from_modules` and friends), with Dagster's rules:
objects found in module attributes (and in lists), collisions, key prefixes that also rewrite the deps
between loaded assets, source key prefixes, group names."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any

from assetlens.runtime.assets_definition import AssetsDefinition
from assetlens.runtime.errors import (
    DagsterInvalidDefinitionError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.keys import (
    DEFAULT_GROUP_NAME,
    AssetKey,
    opt_key_prefix,
    validate_group_name,
)
from assetlens.runtime.source_assets import SourceAsset
from assetlens.runtime.specs import AssetSpec


class Definitions:
    """The definitions of a code location (assets and resources matter to a run; the rest is kept)."""

    def __init__(
        self,
        assets: Iterable[Any] | None = None,
        schedules: Iterable[Any] | None = None,
        sensors: Iterable[Any] | None = None,
        jobs: Iterable[Any] | None = None,
        resources: Mapping[str, Any] | None = None,
        executor: Any = None,
        loggers: Mapping[str, Any] | None = None,
        asset_checks: Iterable[Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        component_tree: Any = None,
    ) -> None:
        self.assets = list(assets or [])
        self.schedules = list(schedules or [])
        self.sensors = list(sensors or [])
        self.jobs = list(jobs or [])
        self.resources = dict(resources or {})
        self.executor = executor
        self.loggers = dict(loggers or {})
        self.asset_checks = list(asset_checks or [])
        self.metadata = dict(metadata or {})
        for item in self.assets:
            if not isinstance(item, (AssetsDefinition, AssetSpec, SourceAsset)):
                raise DagsterInvalidDefinitionError(
                    f"Definitions(assets=...) got {item!r}; expected AssetsDefinition, AssetSpec or SourceAsset"
                )

    @staticmethod
    def merge(*def_sets: Definitions) -> Definitions:
        resources: dict[str, Any] = {}
        for defs in def_sets:
            for name, value in defs.resources.items():
                if name in resources and resources[name] is not value:
                    raise DagsterInvalidDefinitionError(
                        f"Definitions objects 0 and 1 have different resources with same key '{name}'"
                    )
                resources[name] = value
        return Definitions(
            assets=[a for d in def_sets for a in d.assets],
            schedules=[s for d in def_sets for s in d.schedules],
            sensors=[s for d in def_sets for s in d.sensors],
            jobs=[j for d in def_sets for j in d.jobs],
            resources=resources,
            asset_checks=[c for d in def_sets for c in d.asset_checks],
            metadata={k: v for d in def_sets for k, v in d.metadata.items()},
        )

    def get_assets_def(self, key: Any) -> AssetsDefinition:
        asset_key = AssetKey.from_coercible(key)
        for item in self.assets:
            if isinstance(item, AssetsDefinition) and asset_key in item.keys:
                return item
        raise DagsterInvalidDefinitionError(f"Could not find asset {asset_key.to_user_string()}")

    def get_all_asset_specs(self) -> list[AssetSpec]:
        specs: list[AssetSpec] = []
        for item in self.assets:
            if isinstance(item, AssetsDefinition):
                specs.extend(item.specs)
            elif isinstance(item, AssetSpec):
                specs.append(item)
        return specs

    resolve_all_asset_specs = get_all_asset_specs

    def get_job_def(self, name: str) -> Any:
        raise UnsupportedByBuiltinEngine("Definitions.get_job_def", "jobs")


class LazyDefinitions:
    """What `@definitions` returns: a function that builds the code location's `Definitions` when called."""

    def __init__(self, load_fn: Any, has_context_arg: bool) -> None:
        self.load_fn = load_fn
        self.has_context_arg = has_context_arg

    def __call__(self, context: Any = None) -> Definitions:
        if self.has_context_arg:
            if context is None:
                raise UnsupportedByBuiltinEngine(
                    "@definitions functions that take a ComponentLoadContext", "components"
                )
            result = self.load_fn(context)
        else:
            result = self.load_fn()
        if not isinstance(result, Definitions):
            raise DagsterInvalidDefinitionError("Function must return a Definitions or RepositoryDefinition object")
        return result


def definitions(fn: Any) -> LazyDefinitions:
    """Dagster's `@definitions`: mark a function that returns the code location's `Definitions`."""
    import inspect

    params = list(inspect.signature(fn).parameters.values())
    if len(params) > 1:
        raise DagsterInvalidDefinitionError(
            "Function must accept either no parameters or exactly one ComponentLoadContext parameter"
        )
    return LazyDefinitions(fn, bool(params))


def _objects_in_module(module: ModuleType, types: tuple[type, ...]) -> list[Any]:
    found = []
    for attr in dir(module):
        value = getattr(module, attr)
        if isinstance(value, types):
            found.append(value)
        elif isinstance(value, list) and all(isinstance(item, types) for item in value):
            found.extend(value)
    return found


def _keys_of(item: Any) -> Iterable[AssetKey]:
    return item.keys if isinstance(item, AssetsDefinition) else [item.key]


def _replace_keys(item: Any, replacements: Mapping[AssetKey, AssetKey]) -> Any:
    if isinstance(item, SourceAsset):
        return item.with_attributes(key=replacements.get(item.key, item.key))
    if isinstance(item, AssetSpec):
        return item.replace_attributes(key=replacements.get(item.key, item.key))
    return item.with_attributes(asset_key_replacements=replacements)


def _group_mapper(group_name: str | None, automation_condition: Any = None):
    def mapper(spec: AssetSpec) -> AssetSpec:
        if (
            group_name is not None
            and spec.group_name is not None
            and group_name != spec.group_name
            and spec.group_name != DEFAULT_GROUP_NAME
        ):
            raise DagsterInvalidDefinitionError(
                f"Asset spec {spec.key.to_user_string()} has group name {spec.group_name}, which conflicts with the "
                f"group name {group_name} provided in load_assets_from_modules."
            )
        if automation_condition is not None:
            spec = spec.replace_attributes(automation_condition=automation_condition)
        if group_name:
            validate_group_name(group_name)
            spec = spec._copy(group_name=group_name)  # nothing else to validate again
        return spec

    return mapper


def load_assets_from_modules(
    modules: Iterable[ModuleType],
    group_name: str | None = None,
    key_prefix: str | Sequence[str] | None = None,
    *,
    automation_condition: Any = None,
    backfill_policy: Any = None,
    source_key_prefix: str | Sequence[str] | None = None,
    include_specs: bool = False,
    **kwargs: Any,
) -> list[Any]:
    """Dagster's `load_assets_from_modules`."""
    for name, value in {
        "automation_condition": automation_condition,
        "backfill_policy": backfill_policy,
        **kwargs,
    }.items():
        if value is not None:
            raise UnsupportedByBuiltinEngine(f"load_assets_from_modules({name}=...)")
    types: tuple[type, ...] = (
        (AssetsDefinition, SourceAsset, AssetSpec) if include_specs else (AssetsDefinition, SourceAsset)
    )
    per_module = {module.__name__: _objects_in_module(module, types) for module in modules}
    by_key: dict[AssetKey, list[tuple[str, Any]]] = {}
    for module_name, objects in per_module.items():
        for obj in objects:
            for key in _keys_of(obj):
                by_key.setdefault(key, []).append((module_name, obj))
    for key, entries in by_key.items():
        objects = [obj for _, obj in entries]
        if all(isinstance(obj, AssetSpec) for obj in objects):
            distinct = 1 + sum(1 for obj in objects if obj != objects[0])
        else:
            distinct = len({id(obj) for obj in objects})
        if len(objects) > 1 and distinct > 1:
            raise DagsterInvalidDefinitionError(
                f"Asset key {key.to_user_string()} is defined multiple times. Definitions found in modules: "
                f"{', '.join(sorted({module_name for module_name, _ in entries}))}."
            )
    loaded = list({id(obj): obj for objects in per_module.values() for obj in objects}.values())
    prefix = opt_key_prefix(key_prefix, "key_prefix")
    if prefix:
        all_keys = {
            k
            for obj in loaded
            if (isinstance(obj, AssetsDefinition) and obj.keys) or isinstance(obj, AssetSpec)
            for k in _keys_of(obj)
        }
        replacements = {key: key.with_prefix(prefix) for key in all_keys}
        loaded = [_replace_keys(obj, replacements) if isinstance(obj, AssetsDefinition) else obj for obj in loaded]
    source_prefix = opt_key_prefix(source_key_prefix, "source_key_prefix")
    if source_prefix:
        sources = [obj for obj in loaded if isinstance(obj, (SourceAsset, AssetSpec))]
        replacements = {obj.key: obj.key.with_prefix(source_prefix) for obj in sources}
        loaded = [_replace_keys(obj, replacements) for obj in loaded]
    result = []
    mapper = _group_mapper(group_name, automation_condition)
    for obj in loaded:
        if isinstance(obj, AssetsDefinition):
            result.append(obj.map_asset_specs(mapper))
        elif isinstance(obj, SourceAsset):
            result.append(obj.with_attributes(group_name=group_name))
        else:
            result.append(mapper(obj))
    return result


def _modules_in_package(package: ModuleType) -> list[ModuleType]:
    if not getattr(package, "__file__", None):
        raise ValueError(f"Tried to find modules in package {package}, but its __file__ is None")
    modules = [package]
    for _, name, is_pkg in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        submodule = importlib.import_module(name)
        modules.extend(_modules_in_package(submodule) if is_pkg else [submodule])
    return modules


def load_assets_from_package_module(
    package_module: ModuleType,
    group_name: str | None = None,
    key_prefix: str | Sequence[str] | None = None,
    **kwargs: Any,
) -> list[Any]:
    return load_assets_from_modules(_modules_in_package(package_module), group_name, key_prefix, **kwargs)


def load_assets_from_package_name(
    package_name: str, group_name: str | None = None, key_prefix: str | Sequence[str] | None = None, **kwargs: Any
) -> list[Any]:
    return load_assets_from_package_module(importlib.import_module(package_name), group_name, key_prefix, **kwargs)


def load_assets_from_current_module(
    group_name: str | None = None, key_prefix: str | Sequence[str] | None = None, **kwargs: Any
) -> list[Any]:
    caller = sys._getframe(1).f_globals.get("__name__")
    module = sys.modules.get(caller or "")
    if module is None:
        raise DagsterInvalidDefinitionError("Could not find a module for the caller")
    return load_assets_from_modules([module], group_name, key_prefix, **kwargs)
