"""Renaming an asset key everywhere it is written: the edits, computed with libcst (no editor types here).

A rename replaces the key's last part. Where the key is spelled decides the edit:
- a string literal (`name="orders"`, `AssetKey(["raw", "orders"])`, `deps=["orders"]`, `AssetIn(key=...)`,
  `AssetSpec("orders")`): its content, with prefix and quotes kept;
- the asset's function name: the `def` and every Python reference to the function — in its module and in
  every module importing it (`from pkg.mod import orders`, re-exports, `pkg.mod.orders`);
- a parameter of a downstream asset: the parameter and every use of it in the function body;
- a function passed in `deps=[orders]` follows the function (or needs no edit when the key is a literal).

Anything else — a key computed from constants or f-strings, an `ins` name that is also the parameter, a
multi-asset output whose body yields it by name — is refused with `RenameError`, naming the place, rather
than renamed halfway. The new name must be one Dagster accepts, a Python identifier where it becomes one,
and not a key that exists already.
"""
from __future__ import annotations

import keyword
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, Scope, ScopeProvider

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, Range, TextEdit
from assetlens.analyzer.keys import invalid_name_reason

if TYPE_CHECKING:
    from assetlens.analyzer.workspace import Workspace

_MULTI_KINDS = ("multi_asset", "graph_multi_asset")


class RenameError(Exception):
    """The key cannot be renamed safely; the message says why and where."""


@dataclass(frozen=True, slots=True)
class RenameTarget:
    key: AssetKeyParts
    name: str  # the part a rename replaces


# ------------------------------------------------------------------------------------------- sites


@dataclass(frozen=True, slots=True)
class _Literal:
    file: str
    range: Range
    where: str  # for messages
    in_multi_asset: bool = False


@dataclass(frozen=True, slots=True)
class _Function:
    file: str
    range: Range  # the function name
    module: str


@dataclass(frozen=True, slots=True)
class _Parameter:
    file: str
    range: Range  # the parameter name


_Site = _Literal | _Function | _Parameter


def _place(file: str, span: Range | None) -> str:
    return f"{file}:{span.line}" if span is not None else file


def _definitions(workspace: Workspace, key: AssetKeyParts) -> list[AssetFact]:
    if key not in workspace.graph:
        return []
    return list(workspace.graph.nodes[key].get("assets", ()))


def _references(workspace: Workspace, key: AssetKeyParts) -> list[tuple[AssetFact, DepRef]]:
    if key not in workspace.graph:
        return []
    found: list[tuple[AssetFact, DepRef]] = []
    for _, _, refs in workspace.graph.out_edges(key, data="refs", default=()):
        found.extend(refs)
    return found


def _sites(workspace: Workspace, key: AssetKeyParts) -> list[_Site]:
    user_key = "/".join(key)
    definitions = _definitions(workspace, key)
    if not definitions:
        raise RenameError(f"`{user_key}` is not defined in this workspace: rename its definition")
    sites: list[_Site] = []
    for asset in definitions:
        if asset.kind in _MULTI_KINDS and asset.output == key[-1]:
            raise RenameError(
                f"`{user_key}` is the name of an output of the multi-asset at "
                f"{_place(asset.file, asset.decorator_range or asset.name_range)} (its body yields or returns it by "
                "name): rename it by hand, or give the output an AssetOut(key=...)"
            )
        if not asset.key_renameable or asset.key_range is None:
            raise RenameError(
                f"the key `{user_key}` defined at {_place(asset.file, asset.decorator_range or asset.name_range)} "
                "is computed, not written as a literal or a function name: rename it by hand"
            )
        if asset.key_range == asset.name_range and asset.node == key[-1]:
            sites.append(_Function(asset.file, asset.key_range, asset.module))
        else:
            where = _place(asset.file, asset.key_range)
            sites.append(_Literal(asset.file, asset.key_range, where, asset.kind in _MULTI_KINDS))
    for downstream, dep in _references(workspace, key):
        if dep.range is None or not dep.renameable:
            raise RenameError(
                f"{_place(downstream.file, dep.range or downstream.decorator_range)} refers to `{user_key}` as "
                f"`{dep.text or dep.via}`, which the rename cannot rewrite: change it by hand first"
            )
        if dep.via == "param":
            sites.append(_Parameter(downstream.file, dep.range))
        else:
            sites.append(_Literal(downstream.file, dep.range, _place(downstream.file, dep.range)))
    return sites


def check_renameable(workspace: Workspace, key: AssetKeyParts) -> RenameTarget:
    """The part a rename of `key` replaces; RenameError when the key cannot be renamed everywhere."""
    _sites(workspace, key)
    return RenameTarget(key, key[-1])


def rename_edits(workspace: Workspace, key: AssetKeyParts, new_name: str) -> list[TextEdit]:
    """The edits renaming the last part of `key` to `new_name` wherever the workspace writes the key."""
    old = key[-1]
    if new_name == old:
        return []
    reason = invalid_name_reason(new_name)
    if reason:
        raise RenameError(f"cannot rename to {new_name!r}: {reason}")
    new_key = (*key[:-1], new_name)
    if _definitions(workspace, new_key):
        existing = _definitions(workspace, new_key)[0]
        raise RenameError(f"`{'/'.join(new_key)}` already exists ({_place(existing.file, existing.name_range or existing.key_range)})")
    sites = _sites(workspace, key)
    if any(isinstance(site, (_Function, _Parameter)) for site in sites) and (
        not new_name.isidentifier() or keyword.iskeyword(new_name)
    ):
        raise RenameError(f"cannot rename to {new_name!r}: the key is also a Python name here, and {new_name!r} is not a valid one")
    edits: dict[tuple[str, int, int, int, int], TextEdit] = {}

    def add(edit: TextEdit) -> None:
        span = edit.range
        edits[(edit.file, span.line, span.col, span.end_line, span.end_col)] = edit

    files: dict[str, _ParsedFile] = {}

    def parsed(file: str) -> _ParsedFile:
        if file not in files:
            files[file] = _ParsedFile.parse(file, workspace.file_text(file))
        return files[file]

    functions: list[_Function] = []
    for site in sites:
        source = parsed(site.file)
        if isinstance(site, _Literal):
            for edit in source.literal_edits(site, old, new_name):
                add(edit)
        elif isinstance(site, _Parameter):
            for edit in source.parameter_edits(site.range, old, new_name):
                add(edit)
        else:
            functions.append(site)
    for function in functions:
        for edit in _function_edits(workspace, function, old, new_name, parsed):
            add(edit)
    return sorted(edits.values(), key=lambda edit: (edit.file, edit.range.line, edit.range.col))


def spelling_range(workspace: Workspace, file: str, span: Range, name: str) -> Range | None:
    """Within `span` of `file`, the exact range of the text a rename of `name` replaces (the content of
    the string literal, or the identifier) — what an editor selects for the rename."""
    source = _ParsedFile.parse(file, workspace.file_text(file))
    literal = source.string_in(span, name)
    if literal is not None:
        return source.content_range(literal)
    identifier = source.name_in(span, name)
    return source.range_of(identifier) if identifier is not None else None


# ---------------------------------------------------------------------------------------- one file


class _ParsedFile:
    """One file's syntax tree with positions and scopes (parsed only for the files a rename touches)."""

    def __init__(self, file: str, wrapper: MetadataWrapper) -> None:
        self.file = file
        self.wrapper = wrapper
        self.module = wrapper.module
        self.positions = wrapper.resolve(PositionProvider)
        self.scopes = wrapper.resolve(ScopeProvider)

    @classmethod
    def parse(cls, file: str, text: str) -> _ParsedFile:
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as error:
            raise RenameError(f"{file} does not parse ({error.message}): fix it before renaming") from None
        return cls(file, MetadataWrapper(module, unsafe_skip_copy=True))

    def range_of(self, node: cst.CSTNode) -> Range:
        where = self.positions[node]
        return Range(where.start.line, where.start.column, where.end.line, where.end.column)

    def _nodes_within(self, span: Range, kind: type) -> list:
        found = []
        for node, where in self.positions.items():
            if not isinstance(node, kind):
                continue
            if (span.line, span.col) <= (where.start.line, where.start.column) and (where.end.line, where.end.column) <= (span.end_line, span.end_col):
                found.append(node)
        found.sort(key=lambda node: (self.positions[node].start.line, self.positions[node].start.column))
        return found

    def string_in(self, span: Range, value: str) -> cst.SimpleString | None:
        """The last plain string literal within `span` whose value is `value`."""
        matches = [node for node in self._nodes_within(span, cst.SimpleString) if _string_value(node) == value]
        return matches[-1] if matches else None

    def name_in(self, span: Range, value: str) -> cst.Name | None:
        matches = [node for node in self._nodes_within(span, cst.Name) if node.value == value]
        return matches[0] if matches else None

    def content_range(self, literal: cst.SimpleString) -> Range:
        where = self.positions[literal]
        opening = len(literal.prefix) + len(literal.quote)
        return Range(where.start.line, where.start.column + opening, where.end.line, where.end.column - len(literal.quote))

    def literal_edits(self, site: _Literal, old: str, new: str) -> list[TextEdit]:
        literal = self.string_in(site.range, old)
        if literal is None:
            if self.name_in(site.range, old) is not None:
                return []  # a function passed in deps=[...]: it follows the function (or the key literal)
            raise RenameError(f"{site.where}: the key is not written as a plain string literal here: rename it by hand")
        if site.in_multi_asset and not self._inside_call(literal, ("AssetOut",)):
            raise RenameError(
                f"{site.where}: this multi-asset output is named by this string (its body yields or returns it by "
                "name): rename it by hand, or give the output an AssetOut(key=...)"
            )
        if "b" in literal.prefix.lower() or "\\" in new:
            raise RenameError(f"{site.where}: the key literal cannot be rewritten")
        return [TextEdit(self.file, self.content_range(literal), new)]

    def _inside_call(self, node: cst.CSTNode, names: tuple[str, ...]) -> bool:
        where = self.positions[node]
        for call in self._calls_named(names):
            span = self.positions[call]
            if (span.start.line, span.start.column) <= (where.start.line, where.start.column) and (
                where.end.line,
                where.end.column,
            ) <= (span.end.line, span.end.column):
                return True
        return False

    def _calls_named(self, names: tuple[str, ...]) -> Iterable[cst.Call]:
        for node in self.positions:
            if isinstance(node, cst.Call):
                func = node.func
                name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
                if name in names:
                    yield node

    def parameter_edits(self, span: Range, old: str, new: str) -> list[TextEdit]:
        """Rename the parameter written at `span` and its uses in the function."""
        for node in self.positions:
            if isinstance(node, cst.Param) and node.name.value == old and self.range_of(node.name) == span:
                scope = self.scopes.get(node.name)
                return self._binding_edits(scope, old, new, node.name, f"{self.file}:{span.line}")
        raise RenameError(f"{self.file}:{span.line}: cannot find the parameter `{old}` to rename")

    def _binding_edits(self, scope: Scope | None, old: str, new: str, declaration: cst.CSTNode, where: str) -> list[TextEdit]:
        """Rename the name `old` bound in `scope` at `declaration`, and every use of that binding."""
        if scope is None:
            raise RenameError(f"{where}: cannot tell where `{old}` is used")
        if scope.assignments[new] or scope.accesses[new]:
            raise RenameError(f"{where}: `{new}` is already used there; renaming would change what it refers to")
        edits = [TextEdit(self.file, self.range_of(declaration), new)]
        for assignment in scope.assignments[old]:
            for access in assignment.references:
                if isinstance(access.node, cst.Name):
                    edits.append(TextEdit(self.file, self.range_of(access.node), new))
        return edits

    def function_definition(self, span: Range, name: str) -> cst.FunctionDef | None:
        for node in self.positions:
            if isinstance(node, cst.FunctionDef) and node.name.value == name and self.range_of(node.name) == span:
                return node
        return None


# ------------------------------------------------------------------------------ function references


def _function_edits(workspace: Workspace, site: _Function, old: str, new: str, parsed) -> list[TextEdit]:
    """Rename the function at `site` and every Python reference to it across the workspace."""
    source: _ParsedFile = parsed(site.file)
    definition = source.function_definition(site.range, old)
    if definition is None:
        raise RenameError(f"{site.file}:{site.range.line}: cannot find the function `{old}` to rename")
    scope = source.scopes.get(definition)
    edits = source._binding_edits(scope, old, new, definition.name, f"{site.file}:{site.range.line}")
    if not _is_module_scope(scope):
        return edits  # a nested function: nothing outside its scope can import it
    exporters = {site.module} if site.module else set()
    done: dict[str, list[TextEdit]] = {}
    while True:
        added = False
        for file, facts in workspace.modules.items():
            if file == site.file or file in done or not facts.module and not exporters:
                continue
            text = workspace.file_text(file)
            if old not in text:
                continue
            module_edits, reexports = _import_edits(parsed, file, facts.module, exporters, old, new)
            if module_edits is None:
                continue
            done[file] = module_edits
            if reexports and facts.module and facts.module not in exporters:
                exporters.add(facts.module)
                added = True
        if not added:
            break
    for module_edits in done.values():
        edits.extend(module_edits)
    return edits


def _is_module_scope(scope: Scope | None) -> bool:
    from libcst.metadata import GlobalScope

    return isinstance(scope, GlobalScope)


def _absolute_module(importer: str, is_package: bool, level: int, module: str | None) -> str | None:
    if level == 0:
        return module
    parts = importer.split(".") if importer else []
    if not is_package:
        parts = parts[:-1]
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, *([module] if module else [])])


def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head is not None else None
    return None


def _import_edits(parsed, file: str, module: str, exporters: set[str], old: str, new: str) -> tuple[list[TextEdit] | None, bool]:
    """In `file`: the edits for imports of `old` from an exporter module and their uses; and whether the
    module re-exports the name (imports it under its own name)."""
    source: _ParsedFile = parsed(file)
    is_package = file.endswith("__init__.py")
    edits: list[TextEdit] = []
    reexports = False
    module_aliases: dict[str, str] = {}  # local dotted name -> exporter module
    for node in list(source.positions):
        if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            level = len(node.relative)
            target = _absolute_module(module, is_package, level, _dotted(node.module) if node.module else None)
            for alias in node.names:  # `from pkg import mod`: `mod.<name>` reads the exporter
                if isinstance(alias.name, cst.Name) and target and f"{target}.{alias.name.value}" in exporters:
                    local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else alias.name.value
                    module_aliases[local] = f"{target}.{alias.name.value}"
            if target not in exporters:
                continue
            for alias in node.names:
                if not isinstance(alias.name, cst.Name) or alias.name.value != old:
                    continue
                edits.append(TextEdit(file, source.range_of(alias.name), new))
                if alias.asname is None:
                    reexports = True
                    scope = source.scopes.get(node)
                    if scope is not None:
                        if scope.assignments[new] or scope.accesses[new]:
                            raise RenameError(f"{file}: `{new}` is already used there; renaming would change what it refers to")
                        for assignment in scope.assignments[old]:
                            if getattr(assignment, "node", None) is node:
                                for access in assignment.references:
                                    if isinstance(access.node, cst.Name):
                                        edits.append(TextEdit(file, source.range_of(access.node), new))
        elif isinstance(node, cst.Import):
            for alias in node.names:
                name = _dotted(alias.name)
                if name in exporters:
                    local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else name
                    module_aliases[local] = name
    if module_aliases:
        for node in source.positions:
            if isinstance(node, cst.Attribute) and node.attr.value == old and _dotted(node.value) in module_aliases:
                edits.append(TextEdit(file, source.range_of(node.attr), new))
    return (edits or None), reexports


def _string_value(node: cst.SimpleString) -> str | None:
    try:
        value = node.evaluated_value
    except Exception:  # an invalid escape
        return None
    return value if isinstance(value, str) else None
