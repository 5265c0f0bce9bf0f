"""The `{{ ... }}` templates of component YAML, evaluated statically on plain values.

Dagster renders attribute strings with Jinja against a scope (`context.project_root`, `env`, and per
asset `node`/`stream_definition`/`spec`). The expressions real `defs.yaml` files use are names with
attribute and item access, string literals, `~`/`+` concatenation, `env("X", "default")`, conditional
expressions (`a if c else b`) with `==`/`!=`/`in`/`and`/`or`/`not`, the common string methods
(`.replace`, `.lower`, `.upper`, `.split`, `.strip`, ...) and filters (`| lower`, `| replace(a, b)`, ...)
on known strings; those are evaluated here as Jinja does. Anything else (other filters, macros, calls into
Python, a name not in the scope) raises `TemplateUnknown`, and the caller reports what depends on it as
unresolved — never a guess.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any

_EXPRESSION = re.compile(r"{{(.*?)}}", re.S)


class TemplateUnknown(Exception):
    """The template needs something that is not known statically."""


class EnvScope:
    """`env.X` / `env("X", default)`: the location's environment as Dagster loads it (`.env`); an unset
    variable without a default is unknown (never guessed)."""

    def __init__(self, values: Mapping[str, str]) -> None:
        self.values = dict(values)

    def get(self, name: str, default: Any = None, has_default: bool = False) -> Any:
        if name in self.values:
            return self.values[name]
        if has_default:
            return default
        raise TemplateUnknown(f"environment variable {name} is not set in the location's .env")


def has_template(value: Any) -> bool:
    if isinstance(value, str):
        return "{{" in value
    if isinstance(value, dict):
        return any(has_template(v) for v in value.values())
    if isinstance(value, list):
        return any(has_template(v) for v in value)
    return False


def render(value: Any, scope: Mapping[str, Any]) -> Any:
    """`value` with every template rendered (dicts and lists recursively)."""
    if isinstance(value, str):
        return render_string(value, scope)
    if isinstance(value, dict):
        return {key: render(item, scope) for key, item in value.items()}
    if isinstance(value, list):
        return [render(item, scope) for item in value]
    return value


def render_string(text: str, scope: Mapping[str, Any]) -> Any:
    if "{{" not in text:
        return text
    whole = _EXPRESSION.fullmatch(text.strip())
    if whole is not None and "{{" not in whole.group(1) and "}}" not in whole.group(1):
        return evaluate(whole.group(1), scope)  # a lone expression keeps its type (Jinja native)
    return _EXPRESSION.sub(lambda match: _text(evaluate(match.group(1), scope)), text)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise TemplateUnknown("a mapping or list inside a string")
    return str(value)


def evaluate(expression: str, scope: Mapping[str, Any]) -> Any:
    source = expression.strip().replace(" ~ ", " + ")
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as error:
        raise TemplateUnknown(f"`{{{{ {expression.strip()} }}}}` is not an expression the analyzer reads") from error
    return _evaluate(tree, scope, expression.strip())


# str methods Jinja's sandbox allows, evaluated on known strings with known arguments
_STRING_METHODS = frozenset({
    "replace", "lower", "upper", "strip", "lstrip", "rstrip", "split", "rsplit", "title", "capitalize",
    "startswith", "endswith", "removeprefix", "removesuffix", "join",
})
# Jinja filters on a string: name -> the same operation in Python
_FILTERS = {
    "lower": lambda v: v.lower(),
    "upper": lambda v: v.upper(),
    "trim": lambda v: v.strip(),
    "title": lambda v: v.title(),
    "capitalize": lambda v: v.capitalize(),
    "string": str,
    "replace": lambda v, old, new: v.replace(old, new),
}


def _filter(node: ast.BinOp, scope: Mapping[str, Any], text: str) -> Any:
    """`value | name` / `value | name(args)`; Python reads `a ~ b | f` as `(a + b) | f` where Jinja's
    filter binds tighter, so a concatenation on the left is not guessed."""
    if isinstance(node.left, ast.BinOp) and not isinstance(node.left.op, ast.BitOr):
        raise TemplateUnknown(f"the Jinja filter in `{{{{ {text} }}}}`")
    value = _evaluate(node.left, scope, text)
    target, args = node.right, []
    if isinstance(target, ast.Call) and not target.keywords:
        args = [_evaluate(arg, scope, text) for arg in target.args]
        target = target.func
    if not isinstance(target, ast.Name) or target.id not in _FILTERS or not isinstance(value, str):
        raise TemplateUnknown(f"the Jinja filter in `{{{{ {text} }}}}`")
    if not all(isinstance(arg, str) for arg in args):
        raise TemplateUnknown(f"the Jinja filter in `{{{{ {text} }}}}`")
    try:
        return _FILTERS[target.id](value, *args)
    except TypeError as error:
        raise TemplateUnknown(f"the Jinja filter in `{{{{ {text} }}}}`") from error


def _method(node: ast.Call, scope: Mapping[str, Any], text: str) -> Any:
    assert isinstance(node.func, ast.Attribute)
    receiver = _evaluate(node.func.value, scope, text)
    args = [_evaluate(arg, scope, text) for arg in node.args]
    if (not isinstance(receiver, str) or node.keywords or node.func.attr not in _STRING_METHODS
            or not all(isinstance(arg, (str, int, list)) and not isinstance(arg, bool) for arg in args)):
        raise TemplateUnknown(f"`{{{{ {text} }}}}` is not evaluated statically")
    try:
        return getattr(receiver, node.func.attr)(*args)
    except (TypeError, ValueError) as error:
        raise TemplateUnknown(f"`{{{{ {text} }}}}` is not evaluated statically") from error


def _compare(node: ast.Compare, scope: Mapping[str, Any], text: str) -> bool:
    left = _evaluate(node.left, scope, text)
    for op, right_node in zip(node.ops, node.comparators):
        right = _evaluate(right_node, scope, text)
        if not all(isinstance(v, (str, int, float, bool, list, type(None))) for v in (left, right)):
            raise TemplateUnknown(f"`{{{{ {text} }}}}` is not evaluated statically")
        if isinstance(op, ast.Eq):
            result = left == right
        elif isinstance(op, ast.NotEq):
            result = left != right
        elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (str, list)) and (
                isinstance(left, str) or not isinstance(right, str)):
            result = (left in right) == isinstance(op, ast.In)
        else:
            raise TemplateUnknown(f"`{{{{ {text} }}}}` is not evaluated statically")
        if not result:
            return False
        left = right
    return True


def _evaluate(node: ast.AST, scope: Mapping[str, Any], text: str) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in scope:
            return scope[node.id]
        if node.id in ("true", "false", "none"):
            return {"true": True, "false": False, "none": None}[node.id]
        raise TemplateUnknown(f"`{node.id}` in `{{{{ {text} }}}}` is not known statically")
    if isinstance(node, ast.Attribute):
        return _member(_evaluate(node.value, scope, text), node.attr, text)
    if isinstance(node, ast.Subscript):
        container = _evaluate(node.value, scope, text)
        index = _evaluate(node.slice, scope, text)
        if isinstance(container, (list, tuple)) and isinstance(index, int):
            try:
                return container[index]
            except IndexError as error:
                raise TemplateUnknown(f"index {index} in `{{{{ {text} }}}}`") from error
        return _member(container, index, text)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _evaluate(node.left, scope, text), _evaluate(node.right, scope, text)
        if isinstance(left, str) or isinstance(right, str):
            return f"{left}{right}"
        if isinstance(left, list) and isinstance(right, list):
            return left + right
        raise TemplateUnknown(f"`{{{{ {text} }}}}`")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _filter(node, scope, text)
    if isinstance(node, ast.IfExp):
        chosen = node.body if _truth(_evaluate(node.test, scope, text), text) else node.orelse
        return _evaluate(chosen, scope, text)
    if isinstance(node, ast.Compare):
        return _compare(node, scope, text)
    if isinstance(node, ast.BoolOp):
        value: Any = None
        for operand in node.values:  # Jinja's and/or return the deciding operand, like Python's
            value = _evaluate(operand, scope, text)
            if _truth(value, text) == isinstance(node.op, ast.Or):
                return value
        return value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _evaluate(node.operand, scope, text)
        if isinstance(operand, int) and not isinstance(operand, bool):
            return -operand
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _truth(_evaluate(node.operand, scope, text), text)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return _method(node, scope, text)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_evaluate(item, scope, text) for item in node.elts]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "env":
        env = scope.get("env")
        args = [_evaluate(arg, scope, text) for arg in node.args]
        if isinstance(env, EnvScope) and args and isinstance(args[0], str) and not node.keywords:
            return env.get(args[0], args[1] if len(args) > 1 else None, has_default=len(args) > 1)
    raise TemplateUnknown(f"`{{{{ {text} }}}}` is not evaluated statically")


def _truth(value: Any, text: str) -> bool:
    if isinstance(value, (str, int, float, bool, list, dict, type(None))):
        return bool(value)
    raise TemplateUnknown(f"`{{{{ {text} }}}}` is not evaluated statically")


def _member(container: Any, name: Any, text: str) -> Any:
    if isinstance(container, EnvScope) and isinstance(name, str):
        return container.get(name)
    if isinstance(container, Mapping) and name in container:
        return container[name]
    raise TemplateUnknown(f"`{name}` in `{{{{ {text} }}}}` is not known statically")
