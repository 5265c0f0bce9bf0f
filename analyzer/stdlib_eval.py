"""The few standard-library names that decide asset keys and decorators: `functools.wraps`,
`functools.update_wrapper`, decorators that keep the function (`functools.cache`, ...), and `pathlib`'s
pure path operations. Everything else from outside the project stays unknown.

Paths are `PurePosixPath` values (nothing touches the file system): `Path("a/b.sql").stem`,
`.name`, `.parent`, `.suffix`, `.parts`, `/`, `with_suffix(...)` fold like strings do.
"""
from __future__ import annotations

import itertools
import json
import posixpath
from pathlib import PurePosixPath
from typing import Any

from assetlens.analyzer.values import ExternalSymbol, FunctionValue, InstanceValue, Unknown, WrapsDecorator

NOT_HANDLED = object()

PATH_CLASSES = frozenset({"Path", "PurePath", "PurePosixPath", "PosixPath", "PureWindowsPath", "WindowsPath"})
# decorators that return a callable keeping the function's `__name__` and `__wrapped__` (update_wrapper)
KEEPING_DECORATORS = frozenset(
    {("functools", "cache"), ("functools", "lru_cache"), ("typing", "no_type_check"), ("typing", "final"),
     ("typing", "override"), ("typing_extensions", "override"), ("typing_extensions", "final")}
)
OS_PATH_FUNCTIONS = frozenset({"join", "basename", "dirname", "splitext", "split", "normpath"})
PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix", "suffixes", "parent", "parts", "anchor", "root"})
PATH_METHODS = frozenset({"with_suffix", "with_name", "with_stem", "joinpath", "as_posix", "relative_to", "is_relative_to", "match", "is_absolute", "resolve", "absolute"})


def call(symbol: ExternalSymbol, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """A call of a standard-library name, or NOT_HANDLED."""
    module, name = symbol.module, symbol.name
    if module == "functools" and name == "wraps":
        wrapped = args[0] if args else kwargs.get("wrapped")
        return WrapsDecorator(wrapped)
    if module == "functools" and name == "update_wrapper":
        wrapper = args[0] if args else kwargs.get("wrapper")
        wrapped = args[1] if len(args) > 1 else kwargs.get("wrapped")
        return apply_wraps(wrapped, wrapper)
    if module == "itertools" and name in ("chain", "chain.from_iterable", "product") and not (kwargs and name != "product"):
        return _itertools(name, args, kwargs)
    if module == "functools" and name == "partial" and args:
        return Partial(args[0], tuple(args[1:]), dict(kwargs))
    if (module, name) in KEEPING_DECORATORS:
        if len(args) == 1 and not kwargs and isinstance(args[0], FunctionValue):
            return args[0]  # `functools.cache(fn)`
        return KeepingDecorator(f"{module}.{name}")  # `functools.lru_cache(maxsize=...)`
    if module == "json" and name == "loads" and len(args) == 1 and not kwargs and isinstance(args[0], str):
        try:  # a literal JSON text: pure data
            return json.loads(str(args[0]))
        except (ValueError, RecursionError):
            return Unknown("`json.loads(...)` of text that is not valid JSON")
    if module.startswith("pathlib") or module in ("os.path", "posixpath") or (module == "os" and name.startswith("path.")):
        return path_call(module, name, args, kwargs)
    return NOT_HANDLED


def _itertools(name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    from assetlens.analyzer.builtins_eval import MAX_SIZE, iterate

    sources = args
    if name == "chain.from_iterable":
        outer = iterate(args[0]) if len(args) == 1 else None
        sources = outer if outer is not None else [None]
    groups = [iterate(arg) for arg in sources]
    if any(group is None for group in groups) or set(kwargs) - {"repeat"}:
        return Unknown(f"itertools.{name} of values not known statically")
    if name == "product":
        repeat = kwargs.get("repeat", 1)
        if not isinstance(repeat, int) or repeat < 0:
            return Unknown("itertools.product with an unknown repeat")
        size = 1
        for group in groups:
            size *= len(group)  # type: ignore[arg-type]
        if size ** repeat > MAX_SIZE:
            return Unknown("itertools.product too large to build statically")
        return list(itertools.product(*groups, repeat=repeat))  # type: ignore[arg-type]
    return [item for group in groups for item in group]  # type: ignore[union-attr]


class Partial:
    """`functools.partial(fn, *args, **kwargs)` — e.g. `sales_asset = partial(dg.asset, group_name="sales")`."""

    def __init__(self, function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        self.function, self.args, self.kwargs = function, args, kwargs


class KeepingDecorator:
    """`functools.lru_cache(maxsize=8)`: a decorator that keeps the function's name and signature."""

    def __init__(self, name: str) -> None:
        self.name = name


def keeps_function(value: Any) -> bool:
    """Whether applying `value` as a decorator leaves the function as Dagster sees it."""
    if isinstance(value, KeepingDecorator):
        return True
    return isinstance(value, ExternalSymbol) and (value.module, value.name) in KEEPING_DECORATORS


def apply_wraps(wrapped: Any, wrapper: Any) -> Any:
    """`functools.update_wrapper(wrapper, wrapped)`: the wrapper takes the wrapped function's
    `__name__`, `__doc__` and (through `__wrapped__`) signature. Changed in place, as Python does."""
    if isinstance(wrapper, InstanceValue):
        if isinstance(wrapped, FunctionValue):
            wrapper.wrapped = wrapped
        return wrapper
    if not isinstance(wrapper, FunctionValue):
        return Unknown("functools.wraps applied to a value that is not a function")
    if not isinstance(wrapped, FunctionValue):
        wrapper.unresolved = "functools.wraps of a value that is not known statically"
        return wrapper
    runs = FunctionValue(wrapper.node, wrapper.scope, wrapper.closure, wrapper.runs, wrapper.name_as, wrapper.unresolved)
    wrapper.node, wrapper.scope, wrapper.closure = wrapped.node, wrapped.scope, wrapped.closure
    wrapper.name_as = wrapped.name_as
    wrapper.unresolved = wrapped.unresolved
    wrapper.runs = runs
    return wrapper


def function_attribute(function: FunctionValue, name: str) -> Any:
    """`fn.__name__`, `fn.__qualname__`, `fn.__doc__`, `fn.__module__`."""
    import ast

    if name in ("__name__", "__qualname__"):
        return function.name
    if name == "__doc__":
        if not isinstance(function.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None  # a lambda has no docstring
        return ast.get_docstring(function.node, clean=False)
    if name == "__module__":
        return function.scope.module
    if name == "__wrapped__" and function.runs is not None:
        return FunctionValue(function.node, function.scope, function.closure)
    return Unknown(f"attribute `{name}` of function `{function.name}` is not known statically")


def set_function_attribute(function: FunctionValue, name: str, value: Any) -> None:
    """`wrapper.__name__ = fn.__name__` and the like, written by hand."""
    if name in ("__name__", "__qualname__"):
        if name == "__name__":
            if isinstance(value, str):
                function.name_as = str(value)
            else:
                function.unresolved = "its `__name__` is set to a value not known statically"
    elif name == "__wrapped__":
        if isinstance(value, FunctionValue):
            # inspect.signature follows __wrapped__; the name stays the wrapper's own
            own = function.name
            apply_wraps(value, function)
            function.name_as = own
        else:
            function.unresolved = "its `__wrapped__` is set to a value not known statically"
    elif name == "__signature__":
        function.unresolved = "its `__signature__` is set by hand"


# ------------------------------------------------------------------ paths
def path_call(module: str, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if kwargs or not all(isinstance(arg, (str, PurePosixPath)) for arg in args):
        return Unknown(f"`{module}.{name}(...)` of values not known statically")
    if module.startswith("pathlib") and name in PATH_CLASSES:
        return PurePosixPath(*args)
    function = name.removeprefix("path.") if module == "os" else name
    if (module in ("os.path", "posixpath") or name.startswith("path.")) and function in OS_PATH_FUNCTIONS:
        try:
            result = getattr(posixpath, function)(*[str(arg) for arg in args])
        except (TypeError, ValueError):
            return Unknown(f"`os.path.{function}(...)` that fails")
        return result
    return Unknown(f"`{module}.{name}(...)` is not known statically")


def path_attribute(path: PurePosixPath, name: str) -> Any:
    if name in PATH_ATTRIBUTES:
        return getattr(path, name)
    return NOT_HANDLED


def path_method(path: PurePosixPath, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    if name in ("resolve", "absolute") and not args and not kwargs:
        # only an absolute path (built from `__file__`) is independent of the working directory
        return PurePosixPath(posixpath.normpath(str(path))) if path.is_absolute() else Unknown(f"Path.{name}() of a relative path depends on the working directory")
    if not all(isinstance(arg, (str, PurePosixPath)) for arg in [*args, *kwargs.values()]):
        return Unknown(f"Path.{name} of values not known statically")
    try:
        return getattr(path, name)(*args, **kwargs)
    except (TypeError, ValueError):
        return Unknown(f"Path.{name} that fails")
