"""One file's facts: read, parse (Python's `ast`), interpret, and turn drafts into `AssetFact`s.

`ModuleIndex` is the interpreter's view of the project: it maps dotted names to files and interprets
a module the first time another one imports from it (memoised, cycle-safe).
"""
from __future__ import annotations

import ast
import hashlib
import io
import re
import sys
import tokenize
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from assetlens.analyzer.asset_builder import AssetDraft, draft_from_external, is_external_spec
from assetlens.analyzer.facts import AssetFact, LoadAssetsCall, ModuleFacts, Range, SyntaxProblem
from assetlens.analyzer.interpreter import Interpreter, ModuleScope, walk_values
from assetlens.analyzer.loading import definitions_facts
from assetlens.analyzer.positions import LineIndex, source_lines
from assetlens.analyzer.project import alternative_names, module_name
from assetlens.analyzer.values import AssetsValue, LoadedAssets

RECURSION_LIMIT = 8_000
CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=]", re.MULTILINE)
SUPPRESSION = re.compile(r"#\s*assetlens:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def decode(data: bytes) -> tuple[str | None, SyntaxProblem | None]:
    """Text of a file, or the reason it is not readable as Python source (never raises). Like Python,
    honours a PEP 263 coding declaration (`# -*- coding: latin-1 -*-`); without one, UTF-8."""
    encoding = "utf-8"
    if CODING.search(data[:400]):
        try:
            encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        except SyntaxError as error:
            return None, SyntaxProblem(f"cannot read the file: {error}", Range(1, 0, 1, 0))
    try:
        text = data.decode(encoding)
    except LookupError:
        return None, SyntaxProblem(f"unknown source encoding {encoding!r}", Range(1, 0, 1, 0))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1)
        return None, SyntaxProblem(
            f"file is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); it was not analysed",
            Range(line, column, line, column + 1),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\0" in text:
        offset = text.index("\0")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1)
        return None, SyntaxProblem("source code cannot contain null bytes", Range(line, column, line, column + 1))
    return text, None


def parse(text: str, file: str) -> tuple[ast.Module | None, SyntaxProblem | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text, filename=file), None
    except SyntaxError as error:
        line = error.lineno or 1
        col = max((error.offset or 1) - 1, 0)
        end_line = error.end_lineno or line
        end_col = max((error.end_offset or (col + 2)) - 1, col + 1) if end_line == line else max((error.end_offset or 1) - 1, 0)
        message = error.msg or "invalid syntax"
        return None, SyntaxProblem(f"syntax error: {message}", Range(line, col, end_line, end_col))
    except (RecursionError, MemoryError):
        return None, SyntaxProblem("the file is nested too deeply to parse", Range(1, 0, 1, 0))
    except ValueError as error:  # e.g. source contains null bytes
        return None, SyntaxProblem(f"cannot parse: {error}", Range(1, 0, 1, 0))


def suppressions(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    if "assetlens:" not in text:
        return ()
    found = []
    for number, line in enumerate(source_lines(text), start=1):  # lines as ast numbers them
        if "assetlens:" not in line:
            continue
        match = SUPPRESSION.search(line)
        if match:
            codes = tuple(code.strip().upper() for code in (match.group(1) or "").split(",") if code.strip())
            found.append((number, codes))
    return tuple(found)


class ModuleIndex:
    """All files of a workspace by module name; interprets modules on demand.

    `read(relpath) -> bytes | None` supplies file contents (the disk, or an editor's buffers).
    """

    def __init__(self, root: Path, files: list[str], read: Callable[[str], bytes | None], environment: object = None) -> None:
        self.root = root
        self.read = read
        self.environment = environment  # assetlens.analyzer.environment.Environment: os.getenv & co.
        existing = set(files)
        self.names: dict[str, tuple[str, bool]] = {}
        self.by_module: dict[str, list[str]] = {}
        for path in files:
            name, is_package = module_name(root, path, existing)
            self.names[path] = (name, is_package)
            self.by_module.setdefault(name, []).append(path)
        for path in files:
            for alternative in alternative_names(path, self.names[path][0]):
                self.by_module.setdefault(alternative, []).append(path)
        self.namespaces = {name.rsplit(".", depth)[0] for name in self.by_module for depth in range(1, name.count(".") + 1)} - set(self.by_module)
        self.scopes: dict[str, ModuleScope | None] = {}  # None while in progress
        self.results: dict[str, ModuleFacts] = {}

    def invalidate(self, paths: Iterable[str]) -> None:
        """Forget what was learned from these files (they changed, or what they import did)."""
        for path in paths:
            self.scopes.pop(path, None)
            self.results.pop(path, None)

    # --- the interpreter's Project protocol
    def resolve_module(self, name: str, near: str | None = None) -> str | None:
        paths = self.by_module.get(name)
        if not paths:
            return None
        if len(paths) == 1 or near is None:
            return paths[0]
        # several code locations define a module of that name: the one nearest the importer, and
        # among those, the one whose own name it is
        folder = near.split("/")[:-1]

        def closeness(path: str) -> tuple[int, int]:
            parts = path.split("/")[:-1]
            common = 0
            for mine, theirs in zip(folder, parts):
                if mine != theirs:
                    break
                common += 1
            return (common, self.names[path][0] == name)

        return max(paths, key=closeness)

    def module_name_of(self, path: str) -> str:
        return self.names[path][0] if path in self.names else ""

    def is_namespace(self, name: str) -> bool:
        return name in self.namespaces

    def scope_of(self, path: str) -> ModuleScope | None:
        if path not in self.names:
            return None
        if path in self.scopes:
            return self.scopes[path]
        self.facts(path)
        return self.scopes.get(path)

    # --- facts
    def facts(self, path: str) -> ModuleFacts:
        if path in self.results:
            return self.results[path]
        module, is_package = self.names.get(path) or module_name(self.root, path)
        data = self.read(path)
        if data is None:
            facts = ModuleFacts(path, module, "", syntax_error=SyntaxProblem("file cannot be read", None))
            self.results[path] = facts
            return facts
        facts = analyze_bytes(data, path, module, is_package, self)
        self.results[path] = facts
        return facts


def analyze_bytes(data: bytes, path: str, module: str, is_package: bool, index: ModuleIndex | None) -> ModuleFacts:
    digest = content_hash(data)
    text, problem = decode(data)
    if text is None:
        if index is not None:
            index.scopes[path] = _empty_scope(module, path, is_package, digest)
        return ModuleFacts(path, module, digest, syntax_error=problem)
    line_count = text.count("\n") + 1
    tree, problem = parse(text, path)
    if tree is None:
        if index is not None:
            index.scopes[path] = _empty_scope(module, path, is_package, digest)
        return ModuleFacts(path, module, digest, syntax_error=problem, line_count=line_count, suppressions=suppressions(text))
    lines = source_lines(text)
    scope = ModuleScope(module, path, is_package, lines, LineIndex(text), content_hash=digest)
    if index is not None and getattr(index, "root", None) is not None:
        scope.path = (_resolved_root(index) / path).as_posix()  # `__file__`
    if index is not None:
        index.scopes[path] = None  # in progress: an import cycle sees "not yet defined"
    project = index if index is not None else _NoProject()
    interpreter = Interpreter(scope, project)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, RECURSION_LIMIT))  # what Python compiles, the interpreter can follow
    try:
        notes = interpreter.run_module(tree)
    finally:
        sys.setrecursionlimit(limit)
    assign_identities(scope)
    if index is not None:
        index.scopes[path] = scope
    assets = tuple(_facts_from_scope(scope))
    loads = tuple(
        LoadAssetsCall(call.modules, call.key_prefix, call.group_name, call.source_key_prefix, call.range, call.include_specs, call.recursive)
        for call in scope.load_calls
        if isinstance(call, LoadedAssets)
    )
    return ModuleFacts(
        path,
        module,
        digest,
        assets=assets,
        load_calls=loads,
        line_count=line_count,
        depends_on=tuple(sorted(scope.depends_on.items())),
        suppressions=suppressions(text),
        imported_assets=imported_asset_ids(scope),
        notes=tuple(notes),
        definitions=definitions_facts(scope),
    )


def _resolved_root(index: ModuleIndex) -> Path:
    """`Path(index.root).resolve()`, resolved once per root (a file system walk per file otherwise)."""
    known = getattr(index, "_resolved", None)
    if known is not None and known[0] == index.root:
        return known[1]
    root = Path(index.root)
    resolved = root.resolve()
    if root.is_absolute():  # a relative root depends on the current folder: resolved each time
        try:
            index._resolved = (index.root, resolved)  # type: ignore[attr-defined]
        except AttributeError:  # an index type without a __dict__
            pass
    return resolved


class _NoProject:
    def resolve_module(self, name: str, near: str | None = None) -> str | None:
        return None

    def module_name_of(self, path: str) -> str:
        return ""

    def is_namespace(self, name: str) -> bool:
        return False

    def scope_of(self, path: str) -> ModuleScope | None:
        return None


def _empty_scope(module: str, path: str, is_package: bool, digest: str) -> ModuleScope:
    scope = ModuleScope(module, path, is_package, [], LineIndex(""), content_hash=digest)
    scope.done = True
    return scope


def imported_asset_ids(scope: ModuleScope) -> tuple[str, ...]:
    """Node ids of assets created by other modules that this module binds at its top level (directly
    or in a list), which Dagster's module loaders load as this module's (`find_objects_in_module_of_types`)."""
    own = {id(value) for value in scope.created}
    found: dict[str, None] = {}
    for value in scope.globals.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, AssetsValue) and id(item) not in own and item.created_in:
                found[item.identity] = None
    return tuple(found)


def assign_identities(scope: ModuleScope) -> None:
    """Name every definition the module created `FILE:NODE#N` (the N-th node of that name, in
    creation order): unlike a line number, it survives edits elsewhere in the file."""
    counts: dict[str, int] = {}
    for value in scope.created:
        value.created_in = scope.file
        node = next((draft.node for draft in value.drafts if draft.node), None) or "asset"
        counts[node] = counts.get(node, 0) + 1
        value.identity = f"{scope.file}:{node}#{counts[node]}"


def _facts_from_scope(scope: ModuleScope) -> list[AssetFact]:
    """The assets a module defines: those its namespace (or its Definitions) holds at the end, as
    Dagster's module loaders see them — a name redefined later in the module is the last one."""
    reachable: list[object] = []
    seen: set[int] = set()
    roots = list(scope.globals.values()) + list(scope.definitions)
    order = {id(value): index for index, value in enumerate(scope.created)}
    for root in roots:
        for value in walk_values(root, seen):
            # only what this module's own top level created: an asset imported from another module
            # (the usual definitions.py) is that module's (recorded in `imported_asset_ids`)
            if isinstance(value, AssetsValue) and id(value) in order:
                reachable.append(value)
            elif is_external_spec(value) and getattr(value, "created_in", None) == scope.file:
                reachable.append(value)
    ranked: list[tuple[tuple[int, int, int], AssetDraft, str]] = []
    specs = 0
    for value in reachable:
        creation = order.get(id(value), len(order))
        if isinstance(value, AssetsValue):
            drafts, identity = value.drafts, value.identity
        else:
            specs += 1
            drafts, identity = [draft_from_external(_SpecContext(scope), value)], f"{scope.file}:spec#{specs}"  # type: ignore[arg-type]
        for draft in drafts:
            where = draft.decorator_range
            ranked.append(((where.line if where else 0, where.col if where else 0, creation), draft, identity))
    ranked.sort(key=lambda item: item[0])
    return [_to_fact(draft, scope, identity) for _, draft, identity in ranked]


class _SpecContext:
    """What `draft_from_external` needs of an interpreter once the module is done."""

    def __init__(self, scope: ModuleScope) -> None:
        self.root = scope


def _to_fact(draft: AssetDraft, scope: ModuleScope, identity: str) -> AssetFact:
    unresolved = list(draft.unresolved)
    if draft.key is None and not unresolved:
        unresolved.append("key not known statically")
    for ref in draft.deps:
        if ref.key is None:
            unresolved.append(f"dependency: {ref.text}")
    return AssetFact(
        key=draft.key,
        kind=draft.kind,  # type: ignore[arg-type]
        file=scope.file,
        module=scope.module,
        node=draft.node,
        output=draft.output,
        deps=tuple(draft.deps),
        group=draft.group,
        code_version=draft.code_version,
        code_version_range=draft.code_version_range,
        description=draft.description,
        owners=draft.owners,
        tags=draft.tags,
        kinds=draft.kinds,
        metadata=draft.metadata,
        decorator_range=draft.decorator_range,
        name_range=draft.name_range,
        def_range=draft.def_range,
        key_range=draft.key_range,
        key_renameable=draft.key_renameable,
        fingerprint_value=draft.fingerprint if isinstance(draft.fingerprint, str) else None,
        fingerprint_recipe=draft.fingerprint if isinstance(draft.fingerprint, tuple) else None,
        resolved=not unresolved,
        unresolved_reason="; ".join(dict.fromkeys(unresolved)) or None,
        problems=tuple(dict.fromkeys(draft.problems)),
        node_id=identity,
        can_subset=draft.can_subset,
        is_executable=draft.is_executable,
        key_prefixable=draft.key_prefixable,
        origin=draft.origin,
        known_name=draft.known_name,
        source_file=draft.source_file,
        source_range=draft.source_range,
    )


def module_names(root: Path, files: list[str]) -> set[str]:
    """Every dotted name the workspace's files can be imported by (for cache invalidation)."""
    existing = set(files)
    names: set[str] = set()
    for path in files:
        canonical, _ = module_name(root, path, existing)
        names.add(canonical)
        names.update(alternative_names(path, canonical))
    return names


def analyze_text(text: str | bytes, file: str, module: str, is_package: bool = False, files: Mapping[str, bytes] | None = None) -> ModuleFacts:
    """Facts of a single file (optionally with other files' contents for cross-module names)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if files:
        contents = {**files, file: data}
        index = ModuleIndex(Path("."), list(contents), contents.get)
        return index.facts(file)
    return analyze_bytes(data, file, module, is_package, None)
