"""Pythonic config and resources, as far as they are simple: `Config` (fields from annotations, defaults —
plain or pydantic `Field(default=...)`/`Field(5)`/`Field(default_factory=...)` — required fields, nested
configs), `ConfigurableResource` (a `Config` that is a resource, with its setup/teardown hooks and
pydantic `PrivateAttr`s it may set there), `ResourceParam[T]`, and checking plain `config_schema` dicts
of Python types."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, TypeVar

from assetlens.runtime.errors import (
    DagsterInvalidConfigError,
    UnsupportedByBuiltinEngine,
)

RESOURCE_PARAM_METADATA = "resource_param"
T = TypeVar("T")
ResourceParam = Annotated[T, RESOURCE_PARAM_METADATA]
_MISSING = object()


def _is_classvar(annotation: object) -> bool:
    return (
        annotation is ClassVar
        or typing.get_origin(annotation) is ClassVar
        or (isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")))
    )


def _check_value(field: str, annotation: object, value: object) -> object:
    """Coerce nested configs and check simple field types the way Dagster's config system refuses them."""
    if isinstance(annotation, type) and issubclass(annotation, Config) and isinstance(value, Mapping):
        return annotation(**value)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union and type(None) in args:
        if value is None:
            return None
        inner = [arg for arg in args if arg is not type(None)]
        return _check_value(field, inner[0], value) if len(inner) == 1 else value
    expected = {int: int, float: (int, float), str: str, bool: bool, list: list, dict: dict}.get(
        origin or annotation  # type: ignore[arg-type]
    )
    if expected is not None and not (isinstance(value, expected) and not (expected is int and isinstance(value, bool))):
        raise DagsterInvalidConfigError(
            f'Invalid config value for field "{field}": expected {getattr(annotation, "__name__", annotation)}, '
            f"got {value!r}"
        )
    return value


class _Factory:
    """A field default made by calling a function (pydantic's `default_factory`)."""

    def __init__(self, make: Any) -> None:
        self.make = make


def _field_default(value: object) -> object:
    """A class attribute as a field default: pydantic's `FieldInfo` gives its default (or factory, or
    `_MISSING` when the field is required); anything else is the default itself."""
    if type(value).__name__ == "FieldInfo" and type(value).__module__.startswith("pydantic"):
        factory = getattr(value, "default_factory", None)
        if factory is not None:
            return _Factory(factory)
        default = getattr(value, "default", _MISSING)
        return _MISSING if type(default).__name__ == "PydanticUndefinedType" else default
    return value


def _private_defaults(cls: type) -> dict[str, object]:
    """pydantic `PrivateAttr(...)` class attributes: name -> default (`_MISSING` when it has none)."""
    found: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if name.startswith("_") and type(value).__name__ == "ModelPrivateAttr":
                try:
                    found[name] = value.get_default()  # type: ignore[attr-defined]
                except Exception:  # noqa: BLE001 - pydantic's "undefined": no default
                    found[name] = _MISSING
                if type(found[name]).__name__ == "PydanticUndefinedType":
                    found[name] = _MISSING
    return found


class Config:
    """Base class for structured config: declare fields as annotated class attributes."""

    _fields: ClassVar[dict[str, tuple[object, object]]] = {}
    _private: ClassVar[dict[str, object]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, tuple[object, object]] = {}
        for klass in reversed(cls.__mro__):
            try:
                hints = typing.get_type_hints(klass) if klass is not object else {}
            except Exception:  # unresolvable annotations: keep the raw ones
                hints = dict(getattr(klass, "__annotations__", {}))
            for name in getattr(klass, "__annotations__", {}):
                if name.startswith("_") or _is_classvar(hints.get(name)):
                    continue
                if name in klass.__dict__:
                    default = _field_default(klass.__dict__[name])
                else:
                    default = fields.get(name, (None, _MISSING))[1]
                fields[name] = (hints.get(name), default)
        cls._fields = fields
        cls._private = _private_defaults(cls)
        for name in cls._private:  # the descriptor-less pydantic object must not shadow instance values
            if name in cls.__dict__:
                delattr(cls, name)

    @classmethod
    def static_defaults(cls) -> dict[str, Any]:
        """The defaults Dagster's config schema carries (not factories): what `context.op_config` shows
        for fields the run config leaves out."""
        return {
            name: default
            for name, (_, default) in cls._fields.items()
            if default is not _MISSING and not isinstance(default, _Factory)
        }

    def __init__(self, **config: Any) -> None:
        unknown = set(config) - set(self._fields)
        if unknown:
            raise DagsterInvalidConfigError(
                f"Received unexpected config entries {sorted(unknown)} for {type(self).__name__}; "
                f"expected fields: {sorted(self._fields)}"
            )
        for name, (annotation, default) in self._fields.items():
            if name in config:
                value = _check_value(name, annotation, config[name])
            elif isinstance(default, _Factory):
                value = default.make()
            elif default is not _MISSING:
                value = default
            elif typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation):
                value = None
            else:
                raise DagsterInvalidConfigError(f'Missing required config entry "{name}" for {type(self).__name__}.')
            object.__setattr__(self, name, value)
        for name, default in self._private.items():
            if default is not _MISSING:
                object.__setattr__(self, name, default)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):  # private attributes (pydantic's PrivateAttr) may be set, as in Dagster
            object.__setattr__(self, name, value)
            return
        raise DagsterInvalidConfigError(f"'{type(self).__name__}' is a frozen config object; cannot set {name}")

    def _field_values(self) -> dict[str, Any]:
        return {name: self.__dict__.get(name) for name in self._fields}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._field_values() == self._field_values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted((k, repr(v)) for k, v in self._field_values().items()))))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def model_dump(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._fields}

    @classmethod
    def from_op_config(cls, op_config: Mapping[str, Any] | None) -> Config:
        return cls(**dict(op_config or {}))


class ConfigurableResource(Config):
    """A resource configured like a `Config`; its instance is what assets receive."""

    def setup_for_execution(self, context: Any) -> None:
        """Called once per run before the first asset that needs the resource."""

    def teardown_after_execution(self, context: Any) -> None:
        """Called once per run after the last asset."""

    def get_resource_definition(self) -> ConfigurableResource:
        return self


class TreatAsResourceParam:
    """Marker: parameters annotated with a subclass are resources (mirrors Dagster's)."""


def is_resource_annotation(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, (ConfigurableResource, TreatAsResourceParam)):
        return True
    return getattr(annotation, "__metadata__", None) == (RESOURCE_PARAM_METADATA,)


def is_config_class(annotation: object) -> bool:
    return (
        isinstance(annotation, type)
        and issubclass(annotation, Config)
        and not issubclass(annotation, ConfigurableResource)
    )


def check_config_against_schema(schema: object, value: object, where: str) -> object:
    """Plain `config_schema` values: a Python type, or a dict of field name -> Python type."""
    if schema is None:
        return value
    if isinstance(schema, Mapping):
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            raise DagsterInvalidConfigError(f"Config for {where} must be a dict, got {value!r}")
        missing = [name for name in schema if name not in value]
        if missing:
            raise DagsterInvalidConfigError(f"Missing required config entries {missing} for {where}")
        extra = [name for name in value if name not in schema]
        if extra:
            raise DagsterInvalidConfigError(f"Received unexpected config entries {extra} for {where}")
        return {name: check_config_against_schema(schema[name], value[name], f"{where}.{name}") for name in schema}
    if schema in (int, float, str, bool, list, dict):
        if value is None:
            raise DagsterInvalidConfigError(f"Missing required config for {where}")
        return _check_value(where, schema, value)
    if schema is Any or schema is object:
        return value
    raise UnsupportedByBuiltinEngine(f"config_schema={schema!r} (of {where})", "only Python types and dicts of them")


def validate_config_schema(schema: object, where: str) -> None:
    """Refuse, at definition time, the config schemas the builtin engine cannot check."""
    if schema is None or schema is Any or schema is object or schema in (int, float, str, bool, list, dict):
        return
    if isinstance(schema, Mapping):
        for name, field in schema.items():
            validate_config_schema(field, f"{where}.{name}")
        return
    raise UnsupportedByBuiltinEngine(f"config_schema={schema!r} (of {where})", "only Python types and dicts of them")
