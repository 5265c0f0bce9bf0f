"""Resources as a run initializes them, the way Dagster does: `EnvVar` fields resolved from the
environment, run config (`resources: {key: {config: ...}}`) applied, nested `ConfigurableResource`s set
up before the resource that holds them, function resources (`@resource`, `ResourceDefinition`) called
with an `InitResourceContext` (generator resources torn down after the run), and every
`setup_for_execution`/`teardown_after_execution` hook called with that context."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping
from typing import Any

from assetlens.runtime.config import ConfigurableResource, check_config_against_schema
from assetlens.runtime.errors import DagsterInvalidConfigError, DagsterInvalidDefinitionError


class EnvVar(str):
    """A config value read from the environment when the run starts (mirrors `dagster.EnvVar`)."""

    @property
    def env_var_name(self) -> str:
        return str.__str__(self)

    def get_value(self, default: str | None = None) -> str | None:
        return os.getenv(self.env_var_name, default)

    def resolve(self, where: str) -> str:
        value = os.getenv(self.env_var_name)
        if value is None:
            raise DagsterInvalidConfigError(
                f'You have attempted to fetch the environment variable "{self.env_var_name}" which is not set '
                f"(config of {where}). In order for this execution to succeed it must be set in this environment."
            )
        return value

    def __repr__(self) -> str:
        return f"EnvVar({self.env_var_name!r})"


class InitResourceContext:
    """What a resource's function or `setup_for_execution` receives (mirrors Dagster's)."""

    def __init__(
        self,
        resource_config: Any = None,
        resources: Any = None,
        log: Any = None,
        dagster_run: Any = None,
        resource_def: Any = None,
    ) -> None:
        from assetlens.runtime.context import Resources

        self.resource_config = resource_config
        self.resources = resources if resources is not None else Resources({})
        self.log = log
        self.log_manager = log
        self.dagster_run = dagster_run
        self.resource_def = resource_def
        self.instance = None

    @property
    def run_id(self) -> str | None:
        return getattr(self.dagster_run, "run_id", None)

    @property
    def run(self) -> Any:
        return self.dagster_run


def build_init_resource_context(config: Any = None, resources: Mapping[str, Any] | None = None) -> InitResourceContext:
    from assetlens.runtime.context import Resources

    return InitResourceContext(resource_config=config, resources=Resources(dict(resources or {})))


class ResourceDefinition:
    """A resource made by a function of its `InitResourceContext` (mirrors `dagster.ResourceDefinition`)."""

    def __init__(
        self,
        resource_fn: Callable[..., Any],
        config_schema: Any = None,
        description: str | None = None,
        required_resource_keys: set[str] | None = None,
        version: str | None = None,
    ) -> None:
        self.resource_fn = resource_fn
        self.config_schema = config_schema
        self.description = description
        self.required_resource_keys = frozenset(required_resource_keys or ())
        self.version = version
        self._configured: Any = _UNSET

    def configured(self, config: Any, name: str | None = None) -> ResourceDefinition:
        copy = ResourceDefinition(
            self.resource_fn, self.config_schema, self.description, set(self.required_resource_keys), self.version
        )
        copy._configured = config
        return copy

    @staticmethod
    def hardcoded_resource(value: Any, description: str | None = None) -> ResourceDefinition:
        return ResourceDefinition(lambda _context: value, description=description)

    @staticmethod
    def none_resource(description: str | None = None) -> ResourceDefinition:
        return ResourceDefinition.hardcoded_resource(None, description)

    @staticmethod
    def string_resource(description: str | None = None) -> ResourceDefinition:
        return ResourceDefinition(lambda context: context.resource_config, config_schema=str, description=description)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Direct invocation, as in tests: `my_resource(build_init_resource_context(...))` or `my_resource()`."""
        if _takes_context(self.resource_fn):
            context = args[0] if args else kwargs.get("context", build_init_resource_context())
            return self.resource_fn(context)
        return self.resource_fn()


_UNSET = object()


def _takes_context(fn: Callable[..., Any]) -> bool:
    try:
        return len(inspect.signature(fn).parameters) > 0
    except (TypeError, ValueError):
        return True


def resource(
    config_schema: Any = None,
    description: str | None = None,
    required_resource_keys: set[str] | None = None,
    version: str | None = None,
) -> Any:
    """`@resource` or `@resource(config_schema=..., required_resource_keys=...)`."""
    if callable(config_schema) and not isinstance(config_schema, type) and not isinstance(config_schema, Mapping):
        return ResourceDefinition(config_schema)

    def decorate(fn: Callable[..., Any]) -> ResourceDefinition:
        return ResourceDefinition(fn, config_schema, description or fn.__doc__, required_resource_keys, version)

    return decorate


class InitializedResources:
    """The run's resources initialized (in place in the mapping given) and how to tear them down."""

    def __init__(
        self,
        resources: dict[str, Any],
        run_config: Mapping[str, Any],
        run: Any,
        log: Any,
        available: Mapping[str, Any] | None = None,
    ) -> None:
        self.resources = resources
        self.run_config = run_config
        self.run = run
        self.log = log
        self._teardowns: list[Callable[[], None]] = []
        self._done: set[str] = set()
        self._active: set[str] = set()
        self._originals = {**dict(available or {}), **dict(resources)}  # what resources may require of others

    def _config_of(self, name: str) -> Any:
        entry = (self.run_config.get("resources") or {}).get(name)
        if isinstance(entry, Mapping):
            return entry.get("config", _UNSET)
        return _UNSET

    def initialize_all(self) -> None:
        for name in list(self.resources):
            self.initialize(name)

    def initialize(self, name: str) -> Any:
        if name in self._done:
            return self.resources[name]
        if name not in self._originals:
            raise DagsterInvalidDefinitionError(f"resource '{name}' required by a resource was not provided")
        if name in self._active:
            raise DagsterInvalidDefinitionError(f"resource '{name}' depends on itself through required_resource_keys")
        self._active.add(name)
        value = self._originals[name]
        if isinstance(value, ResourceDefinition):
            value = self._call(name, value)
        elif isinstance(value, ConfigurableResource):
            value = self._configurable(name, value, self._config_of(name))
        self.resources[name] = value
        self._active.discard(name)
        self._done.add(name)
        return value

    def _context(self, config: Any, required: frozenset[str] | set[str], resource_def: Any) -> InitResourceContext:
        from assetlens.runtime.context import Resources

        missing = [key for key in required if key not in self._originals]
        if missing:
            raise DagsterInvalidDefinitionError(f"resource(s) {sorted(missing)} required by a resource were not provided")
        return InitResourceContext(
            resource_config=config,
            resources=Resources({key: self.initialize(key) for key in required}),
            log=self.log,
            dagster_run=self.run,
            resource_def=resource_def,
        )

    def _call(self, name: str, definition: ResourceDefinition) -> Any:
        config = self._config_of(name)
        if config is _UNSET:
            config = definition._configured if definition._configured is not _UNSET else None
        if definition.config_schema is not None:
            config = check_config_against_schema(definition.config_schema, config, f"resource '{name}'")
        context = self._context(config, definition.required_resource_keys, definition)
        result = definition.resource_fn(context) if _takes_context(definition.resource_fn) else definition.resource_fn()
        if inspect.isgenerator(result):
            generator = result
            value = next(generator)

            def finish() -> None:
                try:
                    next(generator)
                except StopIteration:
                    pass

            self._teardowns.append(finish)
            return value
        return result

    def _configurable(self, name: str, value: ConfigurableResource, override: Any) -> ConfigurableResource:
        fields: dict[str, Any] = {field: value.__dict__[field] for field in value._fields if field in value.__dict__}
        if isinstance(override, Mapping):
            fields.update(override)
        resolved = {}
        for field, item in fields.items():
            if isinstance(item, EnvVar):
                item = item.resolve(f"resource '{name}'")
            elif isinstance(item, ConfigurableResource):
                item = self._configurable(f"{name}.{field}", item, _UNSET)
            resolved[field] = item
        fresh = type(value)(**resolved)
        for attribute, item in value.__dict__.items():  # private attributes set before the run
            if attribute.startswith("_") and attribute not in fresh.__dict__:
                object.__setattr__(fresh, attribute, item)
        context = self._context(override if isinstance(override, Mapping) else resolved, set(), fresh)
        fresh.setup_for_execution(context)
        self._teardowns.append(lambda: fresh.teardown_after_execution(context))
        return fresh

    def teardown(self) -> None:
        while self._teardowns:
            self._teardowns.pop()()
