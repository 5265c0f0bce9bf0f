"""Where a function's parameter is read in its body: the uses of an asset's input, for hover, highlight
and references on them (the facts record the parameter itself, not its uses).

Only what is certain: a parameter that the function's own scope rebinds (assignment, `del`, `global`,
an import, a loop or `with` target, a walrus) gives no uses at all, and a nested function, lambda,
class or comprehension that binds the same name hides the uses inside it.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator

from assetlens.analyzer.facts import Range
from assetlens.analyzer.positions import LineIndex

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def parameter_uses(text: str, function_line: int, function_name: str, parameter: str) -> list[Range]:
    """The ranges of the reads of `parameter` in the body of the function `function_name` defined (its
    `def`) on line `function_line` (1-based); [] when the text does not parse or the name is rebound."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    function = next(
        (
            node
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function_name and node.lineno == function_line
        ),
        None,
    )
    if function is None or parameter not in _parameters(function.args):
        return []
    names: list[ast.Name] = []
    for statement in function.body:
        for node in _own_scope(statement, parameter):
            if isinstance(node, (ast.Global, ast.Nonlocal)) and parameter in node.names:
                return []
            if isinstance(node, ast.alias) and (node.asname or node.name.split(".")[0]) == parameter:
                return []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == parameter:
                return []
            if isinstance(node, ast.Name) and node.id == parameter:
                if not isinstance(node.ctx, ast.Load):
                    return []  # rebound in the function: which value a use reads is not certain
                names.append(node)
    lines = LineIndex(text)
    return [span for span in (lines.range(node) for node in names) if span is not None]


def _parameters(arguments: ast.arguments) -> set[str]:
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
    return {arg.arg for arg in every}


def _binds(scope: ast.AST, name: str) -> bool:
    """Whether the nested scope `scope` binds `name` itself (so the outer parameter is hidden inside)."""
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and name in _parameters(scope.args):
        return True
    if isinstance(scope, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return any(isinstance(target, ast.Name) and target.id == name for generator in scope.generators for target in ast.walk(generator.target))
    body = scope.body if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else []
    return any(
        isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load)
        for statement in body
        for node in ast.walk(statement)
    )


def _own_scope(node: ast.AST, name: str) -> Iterator[ast.AST]:
    """`node` and what is below it, skipping nested scopes that bind `name` (their defaults, decorators
    and first iterables, evaluated outside, are still walked)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _SCOPES) and current is not node and _binds(current, name):
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                stack.extend([*current.args.defaults, *(d for d in current.args.kw_defaults if d is not None)])
                stack.extend(getattr(current, "decorator_list", []))
            elif isinstance(current, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                stack.append(current.generators[0].iter)
            elif isinstance(current, ast.ClassDef):
                stack.extend([*current.bases, *current.decorator_list])
            continue
        yield current
        stack.extend(ast.iter_child_nodes(current))
