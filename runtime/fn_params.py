"""How Dagster reads a compute function's signature: the `context` parameter, the `config` parameter,
resource parameters (by annotation), input parameters, and type hints."""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from assetlens.runtime.config import is_resource_annotation
from assetlens.runtime.errors import DagsterInvalidDefinitionError

CONTEXT_NAMES = frozenset({"_", "context", "_context", "context_"})
POSITIONAL_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY)


def get_type_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """Resolved annotations, failing like Dagster when a string annotation names something unknown."""
    target = fn.func if hasattr(fn, "func") and not inspect.isfunction(fn) else fn  # functools.partial
    if not inspect.isfunction(target) and callable(target):
        target = target.__call__  # a callable object: its __call__ carries the annotations
    try:
        return typing.get_type_hints(target, include_extras=True)
    except NameError as error:
        match = re.search(r"'(\w+)'", str(error))
        annotation = match[1] if match else str(error)
        raise DagsterInvalidDefinitionError(
            f'Failed to resolve type annotation "{annotation}" in function {getattr(target, "__name__", target)}. '
            "This can occur when the parameter has a string annotation that references either: (1) a type "
            "defined in a local scope (2) a type that is defined or imported in an `if TYPE_CHECKING` block."
        ) from None


class FunctionParams:
    """The parameters of a decorated function, classified the way Dagster classifies them. One instance
    per (function, takes_context): a decorator asks several times, the signature is read once."""

    _cache: dict[tuple[Callable[..., Any], bool], FunctionParams] = {}

    def __new__(cls, fn: Callable[..., Any], takes_context: bool = True) -> FunctionParams:
        try:
            return cls._cache[(fn, takes_context)]
        except (KeyError, TypeError):  # TypeError: an unhashable callable, not cached
            pass
        instance = super().__new__(cls)
        instance.fn = fn
        instance.takes_context = takes_context  # False for graph composition functions
        try:
            cls._cache[(fn, takes_context)] = instance
        except TypeError:
            pass
        return instance

    fn: Callable[..., Any]
    takes_context: bool

    def __repr__(self) -> str:
        return f"FunctionParams({getattr(self.fn, '__qualname__', self.fn)!r})"

    @cached_property
    def params(self) -> list[inspect.Parameter]:
        return list(inspect.signature(self.fn).parameters.values())

    @cached_property
    def type_hints(self) -> dict[str, Any]:
        return get_type_hints(self.fn)

    @property
    def has_context(self) -> bool:
        return self.takes_context and bool(self.params) and self.params[0].name in CONTEXT_NAMES

    @property
    def context_param(self) -> inspect.Parameter | None:
        return self.params[0] if self.has_context else None

    @property
    def has_config(self) -> bool:
        return any(param.name == "config" for param in self.params)

    @property
    def config_annotation(self) -> Any:
        for param in self.params:
            if param.name == "config":
                return self.type_hints.get("config", param.annotation)
        return inspect.Parameter.empty

    @cached_property
    def resource_params(self) -> list[inspect.Parameter]:
        hints = self.type_hints
        return [param for param in self.params if is_resource_annotation(hints.get(param.name))]

    @cached_property
    def input_params(self) -> list[inspect.Parameter]:
        """Parameters that are inputs: not context, not `config`, not resources."""
        params = self.params[1:] if self.has_context else self.params
        resource_names = {param.name for param in self.resource_params}
        return [param for param in params if param.name != "config" and param.name not in resource_names]

    @property
    def positional_inputs(self) -> list[str]:
        return [param.name for param in self.input_params if param.kind in POSITIONAL_KINDS]

    @property
    def has_var_kwargs(self) -> bool:
        return bool(self.params) and self.params[-1].kind == inspect.Parameter.VAR_KEYWORD

    def annotation_of(self, name: str) -> Any:
        for param in self.params:
            if param.name == name:
                return self.type_hints.get(name, param.annotation)
        return inspect.Parameter.empty

    @cached_property
    def return_annotation(self) -> Any:
        """Dagster ignores the return annotation of generator functions."""
        if inspect.isgeneratorfunction(self.fn) or "return" not in self.type_hints:
            return inspect.Parameter.empty
        return self.type_hints["return"]


def docstring_description(fn: Callable[..., Any]) -> str | None:
    doc = inspect.getdoc(fn)
    return doc if doc else None


def check_no_var_positional(params: Sequence[inspect.Parameter], decorator_name: str, fn_name: str) -> None:
    for param in params:
        if param.kind == inspect.Parameter.VAR_POSITIONAL:
            raise DagsterInvalidDefinitionError(
                f"{decorator_name} '{fn_name}' decorated function has positional vararg parameter '{param}'. "
                f"{decorator_name} decorated functions should only have keyword arguments that match input "
                "names and, if system information is required, a first positional parameter named 'context'."
            )
