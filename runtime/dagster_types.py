"""Dagster's runtime type checks of inputs and outputs, resolved from Python annotations the way Dagster
resolves them (`resolve_dagster_type`): builtins, `None`/`Nothing`, `Optional`, `List`, `Dict`, `Set`,
`Tuple`, `Mapping`, `Sequence`, `Any`, `Output[T]`, classes. Annotations Dagster refuses (unions,
literals, callables...) are refused with the same error at definition time."""

from __future__ import annotations

import collections.abc
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any as TypingAny

from assetlens.runtime.errors import DagsterInvalidDefinitionError

TypeCheckResult = "tuple[bool, str | None]"


class DagsterType:
    """A named runtime check (`type_check(value) -> (ok, description)`)."""

    def __init__(
        self,
        display_name: str,
        check: Callable[[object], tuple[bool, str | None]],
        *,
        is_nothing: bool = False,
        is_any: bool = False,
    ) -> None:
        self.display_name = display_name
        self._check = check
        self.is_nothing = is_nothing
        self.is_any = is_any

    @property
    def name(self) -> str:
        return self.display_name

    def type_check(self, value: object) -> tuple[bool, str | None]:
        return self._check(value)

    def __repr__(self) -> str:
        return f"DagsterType({self.display_name})"


def _ok(_: object) -> tuple[bool, str | None]:
    return True, None


def _instance_check(py_type: type | tuple[type, ...], type_name: str) -> Callable[[object], tuple[bool, str | None]]:
    def check(value: object) -> tuple[bool, str | None]:
        if isinstance(value, py_type):
            return True, None
        return False, f'Value "{value}" of python type "{type(value).__name__}" must be a {type_name}.'

    return check


def _nothing_check(value: object) -> tuple[bool, str | None]:
    if value is None:
        return True, None
    return False, f"Value must be None or unset, got a {type(value)}"


Any = DagsterType("Any", _ok, is_any=True)
Nothing = DagsterType("Nothing", _nothing_check, is_nothing=True)
Int = DagsterType("Int", _instance_check(int, "int"))
Float = DagsterType("Float", _instance_check(float, "float"))
Bool = DagsterType("Bool", _instance_check(bool, "bool"))
String = DagsterType("String", _instance_check(str, "string"))


def _python_object(py_type: type, name: str | None = None) -> DagsterType:
    display = name or py_type.__name__

    def check(value: object) -> tuple[bool, str | None]:
        if isinstance(value, py_type):
            return True, None
        return (
            False,
            f"Value of type {type(value)} failed type check for Dagster type {display}, expected value to be of Python type {py_type.__name__}.",
        )

    return DagsterType(display, check)


PythonDict = _python_object(dict)
PythonSet = _python_object(set)
PythonTuple = _python_object(tuple)


def List(inner: DagsterType) -> DagsterType:  # noqa: N802 - Dagster's name
    def check(value: object) -> tuple[bool, str | None]:
        if not isinstance(value, list):
            return False, f"Value must be a list, got {value}"
        for item in value:
            ok, description = inner.type_check(item)
            if not ok:
                return False, description
        return True, None

    return DagsterType(f"[{inner.display_name}]", check)


def OptionalOf(inner: DagsterType) -> DagsterType:  # noqa: N802
    def check(value: object) -> tuple[bool, str | None]:
        return (True, None) if value is None else inner.type_check(value)

    return DagsterType(f"{inner.display_name}?", check)


def _set_of(inner: DagsterType) -> DagsterType:
    def check(value: object) -> tuple[bool, str | None]:
        if not isinstance(value, set):
            return False, f"Value should be a set, got a {type(value)}"
        for item in value:
            ok, description = inner.type_check(item)
            if not ok:
                return False, description
        return True, None

    return DagsterType(f"Set[{inner.display_name}]", check)


def _dict_of(key_type: DagsterType, value_type: DagsterType) -> DagsterType:
    def check(value: object) -> tuple[bool, str | None]:
        if not isinstance(value, dict):
            return False, f"Value should be a dict, got a {type(value)}"
        for key, item in value.items():
            for dagster_type, checked in ((key_type, key), (value_type, item)):
                ok, description = dagster_type.type_check(checked)
                if not ok:
                    return False, description
        return True, None

    return DagsterType(f"Dict[{key_type.display_name},{value_type.display_name}]", check)


def _tuple_of(inner: list[DagsterType]) -> DagsterType:
    def check(value: object) -> tuple[bool, str | None]:
        if not isinstance(value, tuple):
            return False, f"Value should be a tuple, got a {type(value)}"
        if len(value) != len(inner):
            return False, f"Tuple with key {value} has incorrect length. Expected {len(inner)}, got {len(value)}"
        for dagster_type, item in zip(inner, value):
            ok, description = dagster_type.type_check(item)
            if not ok:
                return False, description
        return True, None

    return DagsterType(f"Tuple[{','.join(t.display_name for t in inner)}]", check)


_BUILTINS: dict[object, DagsterType] = {
    int: Int,
    float: Float,
    bool: Bool,
    str: String,
    list: List(Any),
    tuple: PythonTuple,
    set: PythonSet,
    dict: PythonDict,
}


def _typing_origin(annotation: object) -> object:
    return typing.get_origin(annotation)


def _transform_typing(annotation: object) -> DagsterType | None:
    """Dagster's `transform_typing_type` for closed typing generics; None when not a typing type."""
    if annotation is list or annotation is typing.Sequence:
        return List(Any)
    if annotation is set:
        return PythonSet
    if annotation is tuple:
        return PythonTuple
    if annotation is dict or annotation is typing.Mapping:
        return PythonDict
    origin = _typing_origin(annotation)
    args = typing.get_args(annotation)
    if origin is None or not args:
        return None
    if origin is list:
        return List(_resolve_inner(args[0]))
    if origin is set:
        return _set_of(_resolve_inner(args[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            raise DagsterInvalidDefinitionError(f"Dagster cannot resolve the type {annotation}.")
        return _tuple_of([_resolve_inner(arg) for arg in args])
    if origin is dict or origin is collections.abc.Mapping:
        return _dict_of(_resolve_inner(args[0]), _resolve_inner(args[1]))
    if origin is collections.abc.Sequence:
        return List(_resolve_inner(args[0]))
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        return OptionalOf(_resolve_inner(inner))
    return None


def _resolve_inner(annotation: object) -> DagsterType:
    transformed = _transform_typing(annotation)
    if transformed is not None:
        return transformed
    return resolve_dagster_type(annotation)


_RESOLVED: dict[object, DagsterType] = {}


def resolve_dagster_type(annotation: object) -> DagsterType:
    """The Dagster type of an annotation or explicit `dagster_type`; raises like Dagster when it has none.
    (Memoised: a large code location annotates thousands of parameters with the same few types.)"""
    if isinstance(annotation, DagsterType):
        return annotation
    try:
        return _RESOLVED[annotation]
    except KeyError:
        resolved = _resolve_uncached(annotation)
        _RESOLVED[annotation] = resolved
        return resolved
    except TypeError:  # unhashable: resolve (and refuse) without the cache
        return _resolve_uncached(annotation)


def _resolve_uncached(annotation: object) -> DagsterType:
    from assetlens.runtime.results import MaterializeResult, Output

    if (
        annotation is Output
        or _typing_origin(annotation) is Output
        or annotation is MaterializeResult
        or _typing_origin(annotation) is MaterializeResult
    ):
        args = typing.get_args(annotation)
        annotation = args[0] if len(args) == 1 else TypingAny
    if annotation is TypingAny or annotation is None:
        return Any
    transformed = _transform_typing(annotation)
    if transformed is not None:
        return transformed
    try:
        hash(annotation)
    except TypeError:
        raise DagsterInvalidDefinitionError(
            f"Invalid type: dagster_type must be an instance of DagsterType or a Python type: got {annotation}, "
            "which isn't hashable. Did you pass an instance of a type instead of the type?"
        ) from None
    if annotation in _BUILTINS:
        return _BUILTINS[annotation]
    if annotation is type(None):
        return Nothing
    if isinstance(annotation, type) and _typing_origin(annotation) is None:
        return _python_object(typing.cast(type, annotation))
    raise DagsterInvalidDefinitionError(
        f"Invalid type: dagster_type must be an instance of DagsterType or a Python type: got {annotation}."
    )


def type_from_inferred_annotation(annotation: object, what: str) -> DagsterType:
    """Dagster's `_checked_inferred_type`: empty -> Any, explicit `None` -> Nothing."""
    try:
        if annotation is inspect.Parameter.empty:
            return Any
        if annotation is None:
            return Nothing
        return resolve_dagster_type(annotation)
    except DagsterInvalidDefinitionError as error:
        raise DagsterInvalidDefinitionError(
            f"Problem using type '{annotation}' from {what}, correct the issue or explicitly set the dagster_type."
        ) from error
