"""A project's `DagsterDbtTranslator` subclass evaluated statically, model by model.

Real translators are often a branch on `dbt_resource_props["resource_type"]` with an f-string key and a
`super().get_asset_key(...)` fallback, or a group read from `fqn`. Those method bodies are evaluated here
over the dbt resource's properties: `if`/`return`/simple assignments; names, constants, subscripts and
`.get` on the properties; `==`/`!=`/`in`, `and`/`or`/`not`; f-strings; common `str` methods;
`AssetKey(...)`, `.with_prefix(...)`, `super().get_asset_key(props)` / `super().get_group_name(props)`
(dagster-dbt's defaults). Anything else (`self.` state, helpers, other calls) raises `NotStatic`, and the
caller keeps the keys partly known — never a guess.
"""
from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

EVALUATED_METHODS = frozenset({"get_asset_key", "get_group_name"})
_STR_METHODS = frozenset({"replace", "lower", "upper", "strip", "split", "startswith", "endswith",
                          "removeprefix", "removesuffix", "title", "join"})
_MAX_STEPS = 2000


class NotStatic(Exception):
    """The method needs something that is not known statically."""


class _Key(tuple):
    """An `AssetKey` value (its path)."""


def _properties(node: Any) -> dict[str, Any]:
    """The dbt resource properties a translator reads (what the manifest holds for the node)."""
    props = {
        "unique_id": node.unique_id, "resource_type": node.resource_type, "name": node.name,
        "package_name": node.package, "fqn": list(node.fqn), "original_file_path": node.path,
        "config": node.config, "meta": node.meta, "tags": list(node.tags),
    }
    if node.source_name is not None:
        props["source_name"] = node.source_name
    if node.alias is not None:
        props["alias"] = node.alias
    return props


def make_translate(methods: dict[str, ast.FunctionDef], default_key: Callable[[Any], Any],
                   default_group: Callable[[Any], Any]) -> Callable[[Any, Any, Any], tuple[Any, Any, Any]]:
    """`translate(node, key, group) -> (key, group, None)` for `dbt_asset_facts`; raises NotStatic."""

    def translate(node: Any, key: Any, group: Any) -> tuple[Any, Any, Any]:
        props = _properties(node)
        defaults = {"get_asset_key": lambda: _Key(key), "get_group_name": lambda: group}
        if "get_asset_key" in methods:
            value = _Method(methods["get_asset_key"], props, defaults).run()
            if not isinstance(value, _Key) or not value or not all(isinstance(p, str) for p in value):
                raise NotStatic("get_asset_key does not return an AssetKey")
            key = tuple(value)
        if "get_group_name" in methods:
            value = _Method(methods["get_group_name"], props, defaults).run()
            if value is not None and not isinstance(value, str):
                raise NotStatic("get_group_name does not return a string")
            group = value
        return key, group, None

    return translate


class _Method:
    def __init__(self, function: ast.FunctionDef, props: dict[str, Any], defaults: dict[str, Callable[[], Any]]) -> None:
        arguments = function.args
        if len(arguments.args) != 2 or arguments.vararg or arguments.kwarg or arguments.kwonlyargs:
            raise NotStatic("an unexpected signature")
        self.function = function
        self.locals: dict[str, Any] = {arguments.args[1].arg: props}
        self.self_name = arguments.args[0].arg
        self.defaults = defaults
        self.steps = 0

    def run(self) -> Any:
        done, value = self.block(self.function.body)
        if not done:
            return None  # falls off the end: None, as Python does
        return value

    def block(self, statements: list[ast.stmt]) -> tuple[bool, Any]:
        for statement in statements:
            self.steps += 1
            if self.steps > _MAX_STEPS:
                raise NotStatic("too long")
            if isinstance(statement, ast.Return):
                return True, self.eval(statement.value) if statement.value is not None else None
            if isinstance(statement, ast.If):
                done, value = self.block(statement.body if _truth(self.eval(statement.test)) else statement.orelse)
                if done:
                    return True, value
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
                self.locals[statement.targets[0].id] = self.eval(statement.value)
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                continue  # a docstring
            elif isinstance(statement, ast.Pass):
                continue
            else:
                raise NotStatic(f"a `{type(statement).__name__}` statement")
        return False, None

    def eval(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.locals:
                return self.locals[node.id]
            raise NotStatic(f"`{node.id}`")
        if isinstance(node, ast.Subscript):
            container, index = self.eval(node.value), self.eval(node.slice)
            try:
                if isinstance(container, dict) and isinstance(index, str):
                    return _plain(container[index])
                if isinstance(container, (list, tuple, str)) and isinstance(index, int) and not isinstance(index, bool):
                    return container[index]
            except (KeyError, IndexError) as error:
                raise NotStatic("a missing property") from error
            raise NotStatic("a subscript")
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value))
                elif isinstance(value, ast.FormattedValue) and value.conversion == -1 and value.format_spec is None:
                    part = self.eval(value.value)
                    if not isinstance(part, (str, int)) or isinstance(part, bool):
                        raise NotStatic("an f-string part")
                    parts.append(str(part))
                else:
                    raise NotStatic("an f-string format")
            return "".join(parts)
        if isinstance(node, ast.Compare):
            left = self.eval(node.left)
            for op, right_node in zip(node.ops, node.comparators):
                right = self.eval(right_node)
                if isinstance(op, ast.Eq):
                    result = left == right
                elif isinstance(op, ast.NotEq):
                    result = left != right
                elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (str, list, tuple, dict)):
                    result = (left in right) == isinstance(op, ast.In)
                else:
                    raise NotStatic("a comparison")
                if not result:
                    return False
                left = right
            return True
        if isinstance(node, ast.BoolOp):
            value: Any = None
            for operand in node.values:
                value = self.eval(operand)
                if _truth(value) == isinstance(node.op, ast.Or):
                    return value
            return value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not _truth(self.eval(node.operand))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            operand = self.eval(node.operand)
            if isinstance(operand, int) and not isinstance(operand, bool):
                return -operand
        if isinstance(node, ast.IfExp):
            return self.eval(node.body if _truth(self.eval(node.test)) else node.orelse)
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.eval(item) for item in node.elts]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.eval(node.left), self.eval(node.right)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            if isinstance(left, list) and isinstance(right, list):
                return left + right
            raise NotStatic("an addition")
        if isinstance(node, ast.Call):
            return self.call(node)
        raise NotStatic(f"a `{type(node).__name__}` expression")

    def call(self, node: ast.Call) -> Any:
        func = node.func
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise NotStatic("keyword arguments")
        # AssetKey(...) / dg.AssetKey(...)
        if (isinstance(func, ast.Name) and func.id == "AssetKey") or (
                isinstance(func, ast.Attribute) and func.attr == "AssetKey" and isinstance(func.value, ast.Name)):
            if len(node.args) != 1:
                raise NotStatic("AssetKey(...) arguments")
            path = self.eval(node.args[0])
            if isinstance(path, str):
                return _Key((path,))
            if isinstance(path, list) and path and all(isinstance(p, str) for p in path):
                return _Key(path)
            raise NotStatic("AssetKey(...) of an unknown path")
        if not isinstance(func, ast.Attribute):
            raise NotStatic("a call")
        # super().get_asset_key(props) / super().get_group_name(props)
        if (isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super"
                and not func.value.args and func.attr in self.defaults and len(node.args) == 1
                and self.eval(node.args[0]) is self.locals[self.function.args.args[1].arg]):
            return self.defaults[func.attr]()
        receiver = self.eval(func.value)
        args = [self.eval(arg) for arg in node.args]
        if isinstance(receiver, _Key) and func.attr == "with_prefix" and len(args) == 1:
            prefix = [args[0]] if isinstance(args[0], str) else args[0]
            if isinstance(prefix, list) and all(isinstance(p, str) for p in prefix):
                return _Key([*prefix, *receiver])
            raise NotStatic("with_prefix of an unknown prefix")
        if isinstance(receiver, dict) and func.attr == "get" and 1 <= len(args) <= 2 and isinstance(args[0], str):
            return _plain(receiver.get(args[0], args[1] if len(args) > 1 else None))
        if isinstance(receiver, str) and func.attr in _STR_METHODS and not isinstance(receiver, _Key):
            try:
                return getattr(receiver, func.attr)(*args)
            except (TypeError, ValueError) as error:
                raise NotStatic("a str method") from error
        raise NotStatic(f"`.{func.attr}(...)`")


def _plain(value: Any) -> Any:
    """A property value as the manifest has it; a Jinja-hidden part is not known."""
    if isinstance(value, (str, int, float, bool, type(None), list, dict)):
        return value
    if isinstance(value, tuple):
        return list(value)
    raise NotStatic("a property hidden by Jinja")


def _truth(value: Any) -> bool:
    if isinstance(value, (str, int, float, bool, list, dict, tuple, type(None))):
        return bool(value)
    raise NotStatic("a condition")
