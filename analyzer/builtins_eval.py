"""Python's own operators, builtins and methods on values the static interpreter knows."""
from __future__ import annotations

import ast
import inspect
import operator
import re
from pathlib import PurePosixPath
from typing import Any

from assetlens.analyzer.values import BoundMethod, ClassValue, DagsterSymbol, ExternalSymbol, InstanceValue, KeyValue, Unknown

PLAIN = (str, int, float, bool, type(None), PurePosixPath)  # paths: pathlib names (stdlib_eval.py)
MAX_SIZE = 100_000  # the longest string or list the interpreter builds
MAX_INT_BITS = 4_096

# dagster resource base classes: a parameter annotated with a subclass is a resource, not an input
RESOURCE_BASES = frozenset(
    {
        "ConfigurableResource",
        "ConfigurableIOManager",
        "ConfigurableIOManagerFactory",
        "ConfigurableResourceFactory",
        "ConfigurableLegacyIOManagerAdapter",
        "IOManager",
        "ResourceDefinition",
        "IOManagerDefinition",
        "TreatAsResourceParam",
        "PipesClient",
        "PipesSubprocessClient",
        "ResourceParam",
    }
)


def hashable(value: Any) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, tuple):
        return all(hashable(item) for item in value)
    return False


def is_plain(value: Any) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(is_plain(k) and is_plain(v) for k, v in value.items())
    return False


def truth(value: Any) -> bool | None:
    if isinstance(value, (Unknown, ExternalSymbol)):  # a name from outside the project: any value
        return None
    if is_plain(value):
        return bool(value)
    return True  # an object: truthy


def iterate(value: Any, expected: int | None = None) -> list[Any] | None:
    kind = value.__class__
    if kind is list or kind is tuple:  # the common case, before the tests below
        return list(value)
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return list(value)
    if isinstance(value, dict):
        return list(value.keys())
    if isinstance(value, KeyValue):
        return list(value.parts)
    if isinstance(value, InstanceValue) and value.cls.tuple_like and value.cls.fields is not None:
        return [value.attributes.get(name) for name, _ in value.cls.fields]  # a NamedTuple
    return None


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.BitOr: operator.or_,
    ast.BitAnd: operator.and_,
}


def _is_loaded_assets(value: Any) -> bool:
    from assetlens.analyzer.values import LoadedAssets

    return isinstance(value, LoadedAssets)


def binary(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(left, Unknown):
        return left
    if isinstance(right, Unknown):
        return right
    function = _BINARY.get(type(op))
    if function is None:
        return Unknown("operator not evaluated statically")
    if isinstance(op, ast.Add) and (_is_loaded_assets(left) or _is_loaded_assets(right)):
        # `load_assets_from_modules(...) + [x]`: a list holding the loader's result (what a
        # code location's Definitions loads, assetlens.analyzer.loading)
        left = [left] if _is_loaded_assets(left) else left
        right = [right] if _is_loaded_assets(right) else right
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)) and isinstance(op, ast.Add):
        if len(left) + len(right) > MAX_SIZE:
            return Unknown("sequence too large to build statically")
        return type(left)([*left, *right]) if isinstance(left, tuple) else [*left, *right]
    if isinstance(op, ast.BitOr) and isinstance(left, dict) and isinstance(right, dict):
        return {**left, **right}
    if isinstance(op, ast.Mult) and isinstance(left, (list, str, tuple)) and isinstance(right, int):
        if len(left) * max(right, 0) > MAX_SIZE:
            return Unknown("sequence too large to build statically")
        return left * right
    if isinstance(op, ast.Mult) and isinstance(right, (list, str, tuple)) and isinstance(left, int):
        return binary(op, right, left)
    if isinstance(op, ast.Pow) and isinstance(left, (int, float)) and isinstance(right, (int, float)):
        if abs(right) > 1_000 or (isinstance(left, int) and abs(left).bit_length() * abs(right) > MAX_INT_BITS):
            return Unknown("number too large to compute statically")
    if isinstance(op, (ast.Add, ast.Mult)) and isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            return Unknown("number too large to compute statically")
    if isinstance(op, ast.Mod) and isinstance(left, str):
        if not is_plain(right):
            return Unknown("%-formatting with unknown values")
        try:
            return left % right
        except (TypeError, ValueError):
            return Unknown("%-formatting that fails")
    if isinstance(left, PLAIN) and isinstance(right, PLAIN):
        try:
            result = function(left, right)
        except Exception:  # noqa: BLE001 - any arithmetic error is simply not known
            return Unknown("arithmetic that fails")
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_SIZE:
            return Unknown("string too large to build statically")
        return result
    return Unknown("operator over values not known statically")


def unary(op: ast.unaryop, value: Any) -> Any:
    if isinstance(op, ast.Not):
        known = truth(value)
        return Unknown("negation of an unknown value") if known is None else not known
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return -value if isinstance(op, ast.USub) else value
    return Unknown("unary operator over an unknown value")


def compare(op: ast.cmpop, left: Any, right: Any) -> Any:
    if isinstance(op, (ast.Is, ast.IsNot)) and (left is None or right is None):
        other = right if left is None else left
        if not isinstance(other, (Unknown, ExternalSymbol)):  # `fn is None` for a function, a spec, ...: decided
            return (other is None) == isinstance(op, ast.Is)
    if not (is_plain(left) and is_plain(right)):
        return Unknown("comparison of values not known statically")
    try:
        if isinstance(op, ast.Eq):
            return left == right
        if isinstance(op, ast.NotEq):
            return left != right
        if isinstance(op, ast.In):
            return left in right
        if isinstance(op, ast.NotIn):
            return left not in right
        if isinstance(op, ast.Is):
            return left is right if left is None or right is None else left == right
        if isinstance(op, ast.IsNot):
            return left is not right if left is None or right is None else left != right
        if isinstance(op, ast.Lt):
            return left < right
        if isinstance(op, ast.LtE):
            return left <= right
        if isinstance(op, ast.Gt):
            return left > right
        if isinstance(op, ast.GtE):
            return left >= right
    except TypeError:
        return Unknown("comparison that fails")
    return Unknown("comparison not evaluated")


def format_value(value: Any, conversion: int, spec: Any) -> str | Unknown:
    if isinstance(value, KeyValue):
        value = f'AssetKey({list(value.parts)!r})'
    if not is_plain(value) or not isinstance(spec, str):
        return Unknown("unknown value")
    if spec and any(len(number) > 5 for number in _NUMBERS.findall(spec)):  # (most specs are empty)
        return Unknown("format width too large to compute statically")
    if conversion == ord("r"):
        value = repr(value)
    elif conversion == ord("a"):
        value = ascii(value)
    try:
        return format(value, spec)
    except (TypeError, ValueError):
        return Unknown("format that fails")


_NUMBERS = re.compile(r"\d+")


def subscript(container: Any, key: Any) -> Any:
    if isinstance(container, Unknown):
        return container
    if isinstance(container, DagsterSymbol):
        return container  # a type annotation like ResourceParam[str]
    if isinstance(container, dict):
        if hashable(key) and key in container:
            return container[key]
        return Unknown("dictionary lookup not known statically")
    if isinstance(container, (list, tuple, str)) and isinstance(key, int) and not isinstance(key, bool):
        if -len(container) <= key < len(container):
            return container[key]
    if isinstance(container, KeyValue) and isinstance(key, int) and -len(container.parts) <= key < len(container.parts):
        return container.parts[key]
    if isinstance(container, InstanceValue) and isinstance(key, int):
        items = iterate(container)  # a NamedTuple
        if items is not None and -len(items) <= key < len(items):
            return items[key]
    return Unknown("subscript not known statically")


def slice_value(container: Any, lower: Any, upper: Any, step: Any) -> Any:
    if isinstance(container, (list, tuple, str)) and all(v is None or isinstance(v, int) for v in (lower, upper, step)):
        return container[lower:upper:step]
    return Unknown("slice not known statically")


STR_METHODS = frozenset(
    "upper lower title capitalize casefold swapcase strip lstrip rstrip replace format join split rsplit "
    "splitlines partition rpartition startswith endswith removeprefix removesuffix zfill center ljust rjust "
    "count find rfind index rindex isdigit isalpha isalnum isidentifier islower isupper isspace isnumeric "
    "isdecimal istitle".split()
)
DICT_METHODS = frozenset("items keys values get copy pop setdefault update".split())
LIST_METHODS = frozenset("append extend insert copy index count pop remove reverse sort".split())


def attribute(target: Any, name: str) -> Any:
    if isinstance(target, PurePosixPath):
        from assetlens.analyzer import stdlib_eval

        value = stdlib_eval.path_attribute(target, name)
        if value is not stdlib_eval.NOT_HANDLED:
            return value
        if name in stdlib_eval.PATH_METHODS:
            return BoundMethod(target, name)
        return Unknown(f"`Path.{name}` is not known statically (only pure path operations are)")
    if isinstance(target, str) and name in STR_METHODS:
        return BoundMethod(target, name)
    if target is _str and name in STR_METHODS:
        return unbound_str_method(name)
    if isinstance(target, dict) and name in DICT_METHODS:
        return BoundMethod(target, name)
    if isinstance(target, list) and name in LIST_METHODS:
        return BoundMethod(target, name)
    if isinstance(target, Unknown):
        return target
    return Unknown(f"attribute `{name}` not known statically")


def call_method(method: BoundMethod, args: list[Any], kwargs: dict[str, Any]) -> Any:
    target, name = method.target, method.name
    if isinstance(target, list):
        if name == "append" and len(args) == 1:
            target.append(args[0])
            return None
        if name == "extend" and len(args) == 1:
            items = iterate(args[0])
            if items is None:
                target.append(Unknown("extend with an unknown iterable"))
            else:
                target.extend(items)
            return None
        if name == "insert" and len(args) == 2 and isinstance(args[0], int):
            target.insert(args[0], args[1])
            return None
        if name == "copy":
            return list(target)
        if name in ("index", "count") and len(args) == 1 and is_plain(args[0]) and _known(*target):
            try:
                return getattr(target, name)(args[0])
            except ValueError:
                return Unknown(f"list.{name} that fails")
        if name == "pop" and len(args) <= 1 and all(isinstance(a, int) for a in args) and target:
            try:
                return target.pop(*args)
            except IndexError:
                return Unknown("list.pop that fails")
        if name == "remove" and len(args) == 1 and is_plain(args[0]) and _known(*target) and args[0] in target:
            target.remove(args[0])
            return None
        if name == "reverse" and not args:
            target.reverse()
            return None
        if name == "sort" and not args and set(kwargs) <= {"reverse"} and _known(*target):
            try:
                target.sort(reverse=bool(kwargs.get("reverse")))
            except TypeError:
                return Unknown("list.sort of mixed values")
            return None
    if isinstance(target, dict):
        if name == "items":
            return [(k, v) for k, v in target.items()]
        if name == "keys":
            return list(target.keys())
        if name == "values":
            return list(target.values())
        if name == "copy":
            return dict(target)
        if name == "get" and args and hashable(args[0]):
            return target.get(args[0], args[1] if len(args) > 1 else None)
        if name == "pop" and args and hashable(args[0]) and (args[0] in target or len(args) > 1):
            return target.pop(args[0], *args[1:2])
        if name == "setdefault" and args and hashable(args[0]):
            return target.setdefault(args[0], args[1] if len(args) > 1 else None)
        if name == "update" and len(args) <= 1:
            other = _dict(*args, **kwargs)
            if isinstance(other, Unknown):
                return other
            target.update(other)
            return None
    if isinstance(target, PurePosixPath):
        from assetlens.analyzer import stdlib_eval

        return stdlib_eval.path_method(target, name, args, kwargs)
    if isinstance(target, str) and name == "format" and any(len(number) > 5 for number in _NUMBERS.findall(target)):
        return Unknown("str.format with a width too large to compute statically")
    if isinstance(target, str) and any(isinstance(a, int) and not isinstance(a, bool) and a > MAX_SIZE for a in [*args, *kwargs.values()]):
        return Unknown(f"str.{name} with a size too large to compute statically")
    if isinstance(target, str) and all(is_plain(a) for a in args) and all(is_plain(v) for v in kwargs.values()):
        if name == "join":
            items = iterate(args[0]) if args else None
            if items is None or not all(isinstance(item, str) for item in items):
                return Unknown("join over values not known statically")
            return str(target).join(str(item) for item in items)
        try:
            result = getattr(str(target), name)(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a failing call is just not known
            return Unknown(f"str.{name} that fails")
        return list(result) if isinstance(result, list) else result
    return Unknown(f"`.{name}(...)` not known statically")


def _static(function: Any) -> Any:
    function._static_builtin = True
    return function


def _known(*values: Any) -> bool:
    return all(is_plain(value) for value in values)


@_static
def _str(value: Any = "") -> Any:
    if isinstance(value, KeyValue):
        return f"AssetKey({list(value.parts)!r})"
    return str(value) if _known(value) else Unknown("str() of an unknown value")


@_static
def _list(value: Any = ()) -> Any:
    items = iterate(value)
    return Unknown("list() of an unknown value") if items is None else items


@_static
def _tuple(value: Any = ()) -> Any:
    items = iterate(value)
    return Unknown("tuple() of an unknown value") if items is None else tuple(items)


@_static
def _set(value: Any = ()) -> Any:
    items = iterate(value)
    if items is None:
        return Unknown("set() of an unknown value")
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return unique


@_static
def _dict(value: Any = None, **kwargs: Any) -> Any:
    result: dict[Any, Any] = {}
    if isinstance(value, dict):
        result.update(value)
    elif value is not None:
        items = iterate(value)
        if items is None:
            return Unknown("dict() of an unknown value")
        for pair in items:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2 or not hashable(pair[0]):
                return Unknown("dict() of unknown pairs")
            result[pair[0]] = pair[1]
    result.update(kwargs)
    return result


@_static
def _range(*args: Any) -> Any:
    if not all(isinstance(a, int) for a in args) or not 1 <= len(args) <= 3:
        return Unknown("range() of unknown bounds")
    values = range(*args)
    return list(values) if len(values) <= 10_000 else Unknown("range too large")


@_static
def _len(value: Any) -> Any:
    items = iterate(value)
    return Unknown("len() of an unknown value") if items is None else len(items)


def _calls_back(function: Any) -> Any:
    """A builtin that calls a value of the program (`sorted(key=...)`, `map`): the interpreter passes
    it a `call(callee, *args)` first."""
    function._static_builtin = True
    function._calls_back = True
    return function


def _keys_of(call: Any, key: Any, items: list[Any]) -> list[Any] | Unknown:
    if key is None:
        return items if _known(*items) else Unknown("values not known statically")
    keys = [call(key, item) for item in items]
    return keys if _known(*keys) else Unknown("key function results not known statically")


@_calls_back
def _sorted(call: Any, value: Any, key: Any = None, reverse: Any = False) -> Any:
    items = iterate(value)
    if items is None:
        return Unknown("sorted() of unknown values")
    keys = _keys_of(call, key, items)
    if isinstance(keys, Unknown) or not isinstance(reverse, bool):
        return Unknown("sorted() of unknown values")
    try:
        order = sorted(range(len(items)), key=lambda index: keys[index], reverse=reverse)
    except TypeError:
        return Unknown("sorted() of mixed values")
    return [items[index] for index in order]


def _extreme(pick: Any, name: str) -> Any:
    @_calls_back
    def extreme(call: Any, *values: Any, key: Any = None, default: Any = _MISSING) -> Any:
        items = iterate(values[0]) if len(values) == 1 else list(values)
        if items is None:
            return Unknown(f"{name}() of unknown values")
        if not items:
            return default if default is not _MISSING else Unknown(f"{name}() of an empty sequence")
        keys = _keys_of(call, key, items)
        if isinstance(keys, Unknown):
            return Unknown(f"{name}() of unknown values")
        try:
            return items[pick(range(len(items)), key=lambda index: keys[index])]
        except TypeError:
            return Unknown(f"{name}() of mixed values")

    return extreme


_MISSING = object()


@_calls_back
def _map(call: Any, function: Any, *values: Any) -> Any:
    lists = [iterate(value) for value in values]
    if not lists or any(items is None for items in lists):
        return Unknown("map() over unknown values")
    return [call(function, *group) for group in zip(*lists)]  # type: ignore[arg-type]


@_calls_back
def _filter(call: Any, function: Any, value: Any) -> Any:
    items = iterate(value)
    if items is None:
        return Unknown("filter() over unknown values")
    kept: list[Any] = []
    for item in items:
        verdict = truth(item if function is None else call(function, item))
        if verdict is None:
            return Unknown("filter() with a condition not known statically")
        if verdict:
            kept.append(item)
    return kept


@_static
def _any(value: Any) -> Any:
    items = iterate(value)
    verdicts = [truth(item) for item in items] if items is not None else [None]
    if True in verdicts:
        return True
    return False if None not in verdicts else Unknown("any() of values not known statically")


@_static
def _all(value: Any) -> Any:
    items = iterate(value)
    verdicts = [truth(item) for item in items] if items is not None else [None]
    if False in verdicts:
        return False
    return True if None not in verdicts else Unknown("all() of values not known statically")


@_static
def _sum(value: Any, start: Any = 0) -> Any:
    items = iterate(value)
    if items is None:
        return Unknown("sum() of unknown values")
    total = start
    for item in items:
        total = binary(ast.Add(), total, item)
        if isinstance(total, Unknown):
            return total
    return total


def _convert(kind: type, name: str) -> Any:
    @_static
    def convert(*args: Any) -> Any:
        if not _known(*args) or any(isinstance(arg, PurePosixPath) for arg in args):
            return Unknown(f"{name}() of an unknown value")
        if kind is int and args and isinstance(args[0], str) and len(args[0]) > 100:
            return Unknown("int() of a long string")
        try:
            return kind(*args)
        except (TypeError, ValueError, OverflowError):
            return Unknown(f"{name}() that fails")

    return convert


@_static
def _abs(value: Any) -> Any:
    return abs(value) if isinstance(value, (int, float)) else Unknown("abs() of an unknown value")


@_static
def _repr(value: Any) -> Any:
    if isinstance(value, str):
        return repr(str(value))
    return repr(value) if _known(value) else Unknown("repr() of an unknown value")


@_static
def _callable(value: Any) -> Any:
    from assetlens.analyzer.values import AssetsValue, BoundFunction, DecoratorValue, FunctionValue, OpValue

    if isinstance(value, Unknown):
        return Unknown("callable() of an unknown value")
    if isinstance(value, InstanceValue):
        return "__call__" in value.cls.methods or value.wrapped is not None
    if isinstance(value, (FunctionValue, BoundFunction, BoundMethod, ClassValue, DecoratorValue, OpValue, AssetsValue, DagsterSymbol)):
        return True
    if is_plain(value):
        return bool(callable(value)) and not isinstance(value, PurePosixPath)
    return bool(getattr(value, "_static_builtin", False)) or Unknown("callable() not known statically")


@_static
def _isinstance(value: Any, classes: Any) -> Any:
    wanted = classes if isinstance(classes, tuple) else (classes,)
    types = [_TYPES.get(id(item)) for item in wanted]
    if any(kind is None for kind in types) or isinstance(value, Unknown):
        return Unknown("isinstance() not known statically")
    if isinstance(value, bool) and int in types and bool not in types:
        return True
    return any(type(value) is kind or (kind is str and isinstance(value, str)) for kind in types)


@_static
def _enumerate(value: Any, start: Any = 0) -> Any:
    items = iterate(value)
    return Unknown("enumerate() of an unknown value") if items is None else [(start + i, v) for i, v in enumerate(items)]


@_static
def _zip(*values: Any, strict: Any = False) -> Any:
    lists = [iterate(value) for value in values]
    if any(items is None for items in lists):
        return Unknown("zip() of unknown values")
    checked = truth(strict)
    if checked is None:
        return Unknown("zip(strict=...) not known statically")
    if checked and len({len(items) for items in lists}) > 1:  # type: ignore[arg-type]
        return Unknown("zip(strict=True) of iterables of different lengths (it raises)")
    return [tuple(group) for group in zip(*lists)]  # type: ignore[arg-type]


def call_static(function: Any, args: list[Any], kwargs: dict[str, Any], call_back: Any) -> Any:
    """A builtin the interpreter folds (`len`, `sorted`, ...) called with evaluated arguments; one
    called with arguments it does not take (a keyword this version does not model, too many values)
    is not known statically — never an exception that stops the file's analysis."""
    try:
        if getattr(function, "_calls_back", False):
            return function(call_back, *args, **kwargs)
        return function(*args, **kwargs)
    except TypeError:
        target = getattr(function, "__wrapped__", function)
        try:
            signature = inspect.signature(target)
            if getattr(function, "_calls_back", False):
                signature.bind(call_back, *args, **kwargs)
            else:
                signature.bind(*args, **kwargs)
        except TypeError:
            name = next((name for name, known in BUILTINS.items() if known is function), getattr(function, "__name__", "builtin").lstrip("_"))
            return Unknown(f"`{name}(...)` is called with arguments it does not take statically")
        except ValueError:  # no signature to check against
            pass
        raise


@_static
def _reversed(value: Any) -> Any:
    items = iterate(value)
    return Unknown("reversed() of an unknown value") if items is None else list(reversed(items))


@_static
def _print(*args: Any, **kwargs: Any) -> None:
    return None


_int = _convert(int, "int")
_float = _convert(float, "float")
_bool = _convert(bool, "bool")
# builtin classes as isinstance() sees them (sets are lists here, so `set` is not among them)
_TYPES = {id(_str): str, id(_list): list, id(_tuple): tuple, id(_dict): dict, id(_int): int, id(_float): float, id(_bool): bool}


def unbound_str_method(name: str) -> Any:
    """`str.upper` used as a function (`map(str.upper, names)`)."""

    @_static
    def method(target: Any, *args: Any) -> Any:
        if not isinstance(target, str):
            return Unknown(f"str.{name} of a value that is not a string")
        return call_method(BoundMethod(target, name), list(args), {})

    return method


BUILTINS: dict[str, Any] = {
    "str": _str,
    "list": _list,
    "tuple": _tuple,
    "set": _set,
    "frozenset": _set,
    "dict": _dict,
    "range": _range,
    "len": _len,
    "sorted": _sorted,
    "enumerate": _enumerate,
    "zip": _zip,
    "reversed": _reversed,
    "print": _print,
    "min": _extreme(min, "min"),
    "max": _extreme(max, "max"),
    "map": _map,
    "filter": _filter,
    "any": _any,
    "all": _all,
    "sum": _sum,
    "int": _int,
    "float": _float,
    "bool": _bool,
    "abs": _abs,
    "repr": _repr,
    "isinstance": _isinstance,
    "callable": _callable,
    "True": True,
    "False": False,
    "None": None,
}


def is_resource_class(bases: list[Any]) -> bool:
    for base in bases:
        if isinstance(base, DagsterSymbol) and base.name.split(".")[-1] in RESOURCE_BASES:
            return True
        if isinstance(base, ClassValue) and base.is_resource:
            return True
        if isinstance(base, Unknown) and "dagster" in base.reason and "Resource" in base.reason:
            return True
    return False
