"""The fingerprint of an asset's computation: its function's body and parameters, normalised so that
comments, blank lines, formatting and the docstring do not count (the syntax tree without positions),
plus the ops a graph asset calls and, after `functools.wraps`, the wrapper that runs.

Computing it walks every node of every body — a sixth of a cold analysis — while only `check`'s
AL004 on changed files, `status`, `materialize` and the editor's staleness of materialized assets ever
read it. So extraction records a *recipe* instead (`deferred_fingerprint`): each function's own source
lines, plain picklable text; `fingerprint_from_recipe` parses that text when the fingerprint is first
asked for and gives exactly what `fingerprint_of` gives on the file's tree (tested on whole projects).
A function whose source lines are not known (a node the interpreter made) is fingerprinted at once.
Computed fingerprints are memoised in the process and in the workspace's cache folder (`keep_in`).
"""
from __future__ import annotations

import ast
import hashlib
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer.values import FunctionValue, OpValue

# (source, runs): a function's `def` through its last line (under `if 1:` when indented), and the
# recipe of the wrapper that runs instead of it (functools.wraps) or None
FunctionRecipe = tuple
# (function recipe, ((op name, function recipe), ...)): an asset's, with the ops its graph calls
Recipe = tuple

RECURSION_LIMIT = 8_000  # as extraction's (extract.RECURSION_LIMIT): the same walks succeed
_MEMO_LIMIT = 50_000
_FUNCTIONS: dict[FunctionRecipe, str] = {}
_ASSETS: dict[Recipe, str] = {}
# between processes: the workspace cache folder's memo, by recipe digest (`keep_in`)
_STORED: dict[str, Any] = {"folder": None, "memo": None, "added": set(), "at_exit": False}


def fingerprint_of(function: FunctionValue, extra: list[str] | None = None) -> str:
    """The computation, normalised: comments, blank lines, formatting and the docstring do not count
    (the syntax tree of the body and the parameters, without positions), plus `extra` (the ops a
    graph calls)."""
    runs = fingerprint_of(function.runs) if function.runs is not None else None
    return _combine(_body_digest(function.node), extra, runs)


def _combine(digest: Any, extra: list[str] | None, runs: str | None) -> str:
    for item in sorted(extra or []):
        digest.update(item.encode())
    if runs is not None:  # functools.wraps: the wrapper's body runs too
        digest.update(runs.encode())
    return digest.hexdigest()[:16]


def _body_digest(node: Any) -> Any:
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        body = body[1:]
    out: list[str] = []
    try:
        try:
            append = out.append
            for statement in body:
                _serialise_fast(statement, append)
            _serialise_fast(node.args, append)
        except AttributeError:  # a node missing a field (not from the parser): the general walk
            out.clear()
            for statement in body:
                _serialise(statement, out)
            _serialise(node.args, out)
    except RecursionError:
        out = [ast.dump(ast.Module(body=body, type_ignores=[]))] if len(body) < 50 else [str(len(body))]
    return hashlib.sha1("\x00".join(out).encode("utf-8", "surrogatepass"))


# ------------------------------------------------------------- deferred
def deferred_fingerprint(function: FunctionValue, ops: list[OpValue] | None = None) -> Recipe | None:
    """The recipe of `function`'s fingerprint with its graph's `ops` (each once), or None when a part
    has no source lines of its own (then `fingerprint_of` must be used now)."""
    own = function_recipe(function)
    if own is None:
        return None
    parts = []
    seen: set[int] = set()
    for op in ops or ():
        if id(op) in seen:
            continue
        seen.add(id(op))
        recipe = function_recipe(op.function)
        if recipe is None:
            return None
        parts.append((op.name, recipe))
    return (own, tuple(parts))


def function_recipe(function: FunctionValue) -> FunctionRecipe | None:
    source = _source(function)
    if source is None:
        return None
    runs = None
    if function.runs is not None:
        runs = function_recipe(function.runs)
        if runs is None:
            return None
    return (source, runs)


def _source(function: FunctionValue) -> str | None:
    """The function's own lines, from its `def` (decorators excluded: they are not the computation) to
    its last line, parseable on their own; None for a node that was not parsed from the file."""
    node = function.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    cached = node.__dict__.get("_assetlens_source")  # one text for every asset a factory makes
    if cached is not None:
        return cached
    lines = getattr(function.scope, "source_lines", None)
    start, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0)
    if not lines or not start or not end or end > len(lines) or start > end:
        return None
    first = lines[start - 1]
    stripped = first.lstrip(" \t\f")
    if not stripped.startswith(("def", "async")):
        return None
    text = "\n".join(lines[start - 1 : end]) + "\n"
    if stripped is not first:  # indented (a factory's inner function, a method): a block of its own
        text = "if 1:\n" + text
    node.__dict__["_assetlens_source"] = text
    return text


def fingerprint_from_recipe(recipe: Recipe) -> str:
    """What `fingerprint_of` gives for the function and ops the recipe was made from."""
    found = _ASSETS.get(recipe)
    if found is None:
        stored = _stored_memo()
        digest = _digest(recipe) if stored is not None else ""
        found = stored.get(digest) if stored is not None else None
        if found is None:
            own, ops = recipe
            extra = [f"{name}:{_function_fingerprint(part)}" for name, part in ops]
            found = _function_fingerprint(own, extra)
            if stored is not None:
                stored[digest] = found
                _STORED["added"].add(digest)
        if len(_ASSETS) >= _MEMO_LIMIT:
            _ASSETS.clear()
        _ASSETS[recipe] = found
    return found


def keep_in(cache_dir: Path | None) -> None:
    """Keep the fingerprints computed from now on in `cache_dir` (the analysed workspace's cache folder;
    None: nowhere), and look them up there first: a new process — `assetlens status`, the language
    server started again — does not parse every body again. Written by `save` and at exit."""
    if _STORED["folder"] == cache_dir:
        return
    save()
    _STORED.update(folder=cache_dir, memo=None, added=set())
    if cache_dir is not None and not _STORED["at_exit"]:
        import atexit

        atexit.register(save)
        _STORED["at_exit"] = True


def save() -> None:
    """Write the fingerprints computed since the last save to the cache folder's memo (if any)."""
    folder, memo, added = _STORED["folder"], _STORED["memo"], _STORED["added"]
    if folder is None or memo is None or not added:
        return
    from assetlens.analyzer import cache

    if len(memo) > _MEMO_LIMIT:  # keep what this process used
        memo = {digest: memo[digest] for digest in added}
    cache.save_fingerprints(folder, memo)
    _STORED["added"] = set()


def _stored_memo() -> dict[str, str] | None:
    if _STORED["folder"] is None:
        return None
    if _STORED["memo"] is None:
        from assetlens.analyzer import cache

        _STORED["memo"] = cache.read_fingerprints(_STORED["folder"])
    return _STORED["memo"]


def _digest(recipe: Recipe) -> str:
    return hashlib.blake2b(repr(recipe).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _function_fingerprint(recipe: FunctionRecipe, extra: list[str] | None = None) -> str:
    if not extra:
        found = _FUNCTIONS.get(recipe)
        if found is not None:
            return found
    source, runs = recipe
    runs_print = _function_fingerprint(runs) if runs is not None else None
    node = _parse_function(source)
    if node is None:  # cannot happen for lines Python parsed as part of their file; never raise
        digest = hashlib.sha1(b"source\x00" + source.encode("utf-8", "surrogatepass"))
    else:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
        try:
            digest = _body_digest(node)
        finally:
            sys.setrecursionlimit(limit)
    found = _combine(digest, extra, runs_print)
    if not extra:
        if len(_FUNCTIONS) >= _MEMO_LIMIT:
            _FUNCTIONS.clear()
        _FUNCTIONS[recipe] = found
    return found


def _parse_function(source: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings were the file's to report, not ours
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    node = tree.body[0] if tree.body else None
    if isinstance(node, ast.If):
        node = node.body[0]
    return node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


# ------------------------------------------------------------- serialisation
_CONTEXTS = (ast.Load, ast.Store, ast.Del)


def _serialise(node: ast.AST, out: list[str]) -> None:
    """A position-free serialisation of a syntax tree (what `ast.dump` gives, 2-3 times faster)."""
    out.append(node.__class__.__name__)
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, list):
            out.append("[")
            for item in value:
                if isinstance(item, ast.AST):
                    _serialise(item, out)
                else:
                    out.append(repr(item))
            out.append("]")
        elif isinstance(value, ast.AST):
            if not isinstance(value, _CONTEXTS):
                _serialise(value, out)
        else:
            out.append(repr(value))


def _serialise_fast(  # noqa: PLR0912 - one loop, kept flat: it runs for every node of every asset body
    node: ast.AST,
    append: Any,
    isinstance: Any = isinstance,
    getattr: Any = getattr,
    repr: Any = repr,
    AST: type = ast.AST,
    CONTEXTS: tuple = _CONTEXTS,
    Name: type = ast.Name,
    Constant: type = ast.Constant,
) -> None:
    """`_serialise`, the same strings ~15% faster: the names and constants that are most of a body's
    leaves are written in place instead of by a call each (builtins bound as locals). A parsed tree
    always has their fields; a hand-made node without them raises AttributeError (the caller then
    uses `_serialise`)."""
    append(node.__class__.__name__)
    for name in node._fields:
        value = getattr(node, name, None)
        kind = value.__class__
        if kind is Name:
            append("Name")
            append(repr(value.id))
        elif kind is Constant:
            append("Constant")
            append(repr(value.value))
            append(repr(value.kind))
        elif isinstance(value, AST):
            if not isinstance(value, CONTEXTS):
                _serialise_fast(value, append)
        elif isinstance(value, list):
            append("[")
            for item in value:
                kind = item.__class__
                if kind is Name:
                    append("Name")
                    append(repr(item.id))
                elif kind is Constant:
                    append("Constant")
                    append(repr(item.value))
                    append(repr(item.kind))
                elif isinstance(item, AST):
                    _serialise_fast(item, append)
                else:
                    append(repr(item))
            append("]")
        else:
            append(repr(value))
