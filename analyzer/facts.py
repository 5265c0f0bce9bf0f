"""Plain, picklable facts about a workspace's assets.

Everything the analyzer learns from one file is a `ModuleFacts`; the cross-file asset graph, the check
rules, the language server and the runtime read these values only (never syntax trees).

Positions: `line` is 1-based, `col` is 0-based and counts Unicode code points (Python `str` indices).
Conversion to LSP's UTF-16 columns happens in the server, in one place.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from typing import Any, Literal, NamedTuple

AssetKeyParts = tuple[str, ...]

Kind = Literal["asset", "multi_asset", "graph_asset", "graph_multi_asset", "spec", "source"]
Severity = Literal["error", "warning", "info", "hint"]


class Range(NamedTuple):
    """A span of source text: 1-based lines, 0-based code-point columns, end exclusive.
    (A NamedTuple, like the other small facts: the cache unpickles tens of thousands of them.)"""

    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        if (line, col) < (self.line, self.col):
            return False
        return (line, col) <= (self.end_line, self.end_col)


class DepRef(NamedTuple):
    """One upstream dependency of an asset, as written in the source.

    `key` is None when the analyzer could not determine it statically (then `text` shows what was
    written). `via` says where it came from: "param", "ins", "deps", "non_argument_deps",
    "internal_asset_deps", "graph_input", "spec_deps", "keys_by_input_name".
    `range` covers the reference itself (the parameter name, the string literal, the AssetKey call, the
    function name in `deps=[fn]`), which is what go-to-definition and rename work on.
    """

    key: AssetKeyParts | None
    via: str
    range: Range | None
    input_name: str | None = None
    text: str = ""
    # True when the reference is a plain string/name whose text equals the last key part, so a
    # rename can rewrite it in place (a parameter name, "orders" in deps, AssetKey("orders")).
    renameable: bool = False
    # AssetDep(..., metadata={"dagster/table_name": T}): Dagster resolves an undefined key through it
    table_name: str | None = None


class Problem(NamedTuple):
    """Something wrong with a definition that only the source shows (an `ins` name that is not a
    parameter, a key part Dagster refuses, ...). Reported by the rule whose code it carries."""

    code: str
    message: str
    range: Range | None


@dataclass(frozen=True, slots=True)
class AssetFact:
    """One asset key defined in the workspace (a multi-asset contributes one per output)."""

    key: AssetKeyParts | None
    kind: Kind
    file: str  # posix path relative to the workspace root
    module: str  # dotted module name ("" when the file is not importable as a module)
    node: str | None  # compute function, op or graph name
    output: str  # output name ("result" for single-output assets)
    deps: tuple[DepRef, ...]
    group: str = "default"
    code_version: str | None = None
    code_version_range: Range | None = None  # the literal, for the bump fix
    description: str | None = None
    owners: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    kinds: tuple[str, ...] = ()
    metadata: tuple[tuple[str, Any], ...] = ()
    # where it is written
    decorator_range: Range | None = None  # the decorator (or the AssetSpec/SourceAsset call)
    name_range: Range | None = None  # the function name (or the spec's key literal)
    def_range: Range | None = None  # the whole definition
    key_range: Range | None = None  # the literal that spells the key, when there is one
    key_renameable: bool = False  # key comes from a literal/function name a rename can rewrite
    # the computation, normalised (comments, blank lines, formatting, docstrings do not count): see
    # the `fingerprint` property; extraction leaves a recipe, computed when first asked for
    fingerprint_value: str | None = None
    fingerprint_recipe: tuple | None = None
    resolved: bool = True
    unresolved_reason: str | None = None
    problems: tuple[Problem, ...] = ()
    # multi-assets: the other outputs of the same node share `node_id`
    node_id: str = ""
    can_subset: bool = False
    # the code location that loads it (set by the workspace; None: no location loads it)
    location: str | None = None
    is_executable: bool = True
    key_prefixable: bool = True  # load_assets_from_modules(key_prefix=...) prefixes it (not specs/sources)
    # produced by an integration rather than a Python decorator: "dbt", "sling" or "component"
    # (`file`/`name_range` then point into the .sql/.csv/.yml/defs.yaml file that defines it)
    origin: str | None = None
    # a partly known key (custom translator, component subclass): the dbt model / Sling stream name is
    # known, the key is not (`key` is None); a dependency spelled with this name is linked, not an error
    known_name: str | None = None
    # where a non-Python definition is written when `file` is the Python module that builds it
    # (`@dbt_assets`: the model's .sql file; `@sling_assets`: the stream in the replication YAML)
    source_file: str | None = None
    source_range: Range | None = None

    @property
    def user_key(self) -> str:
        return "/".join(self.key) if self.key is not None else "<unresolved>"

    @property
    def fingerprint(self) -> str | None:
        """The fingerprint of the computation (assetlens.analyzer.fingerprints), or None (no function)."""
        if self.fingerprint_recipe is None:
            return self.fingerprint_value
        from assetlens.analyzer.fingerprints import fingerprint_from_recipe

        return fingerprint_from_recipe(self.fingerprint_recipe)

    def __reduce__(self):  # all values at once, so unpickling skips dataclasses' slow __init__/__setstate__
        return (_asset_from_values, (tuple(getattr(self, name) for name in _ASSET_FIELDS),))


@dataclass(frozen=True, slots=True)
class LoadAssetsCall:
    """`load_assets_from_modules([...], key_prefix=..., group_name=...)` (or `..._package_module`):
    it changes the keys and groups of the assets of the modules it names."""

    modules: tuple[str, ...]  # dotted module names (packages include their submodules)
    key_prefix: AssetKeyParts | None
    group_name: str | None
    source_key_prefix: AssetKeyParts | None
    range: Range | None
    include_specs: bool = False  # AssetSpecs are loaded (and their keys prefixed in deps) only then
    recursive: bool = False  # load_assets_from_package_module: the package and all its submodules

    def covers(self, module: str) -> bool:
        """Whether it loads `module` (named, or a submodule of a package it loads recursively)."""
        return any(module == name or (self.recursive and module.startswith(name + ".")) for name in self.modules)


@dataclass(frozen=True, slots=True)
class DefinitionsFact:
    """What one `Definitions` (module-level, `@definitions`, `Definitions.merge`, `@repository`) of a
    module holds, as far as known statically (see `assetlens.analyzer.loading`)."""

    node_ids: tuple[str, ...] = ()  # asset definitions it holds (`FILE:NODE#N`, any module)
    spec_files: tuple[str, ...] = ()  # files whose AssetSpecs / SourceAssets it holds
    load_calls: tuple[LoadAssetsCall, ...] = ()  # load_assets_from_modules(...) it holds
    defs_folders: tuple[str, ...] = ()  # load_from_defs_folder / load_defs: module name, "" = the location's
    unknown: tuple[str, ...] = ()  # what it holds that is not known statically
    range: Range | None = None
    kind: str = "Definitions"  # "Definitions", "definitions" (a decorated function), "repository"
    names: tuple[str, ...] = ()  # the module attributes naming it (what a workspace.yaml `attribute` picks)


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """The file could not be read or parsed."""

    message: str
    range: Range | None


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """All that the analyzer learned from one file."""

    file: str
    module: str
    content_hash: str
    assets: tuple[AssetFact, ...] = ()
    load_calls: tuple[LoadAssetsCall, ...] = ()
    syntax_error: SyntaxProblem | None = None
    line_count: int = 0
    # content hashes of the project modules this file's facts were resolved through
    # (constants, re-exports, factories imported from them): the cache is valid while they are equal
    depends_on: tuple[tuple[str, str], ...] = ()
    # inline suppressions: line -> codes (empty tuple = all codes)
    suppressions: tuple[tuple[int, tuple[str, ...]], ...] = ()
    # node ids of assets defined elsewhere that this module binds (a module loader loads them too)
    imported_assets: tuple[str, ...] = ()
    # what the interpreter had to give up on (too deep, too costly): shown as AL006 notes
    notes: tuple[Problem, ...] = ()
    # the Definitions this module builds (what a code location pointed at it loads)
    definitions: tuple[DefinitionsFact, ...] = ()

    def __reduce__(self):
        return (ModuleFacts, tuple(getattr(self, name) for name in _MODULE_FIELDS))


@dataclass(frozen=True, slots=True)
class TextEdit:
    file: str
    range: Range
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = True  # applied by `check --fix`; unsafe fixes are only offered in the editor


@dataclass(frozen=True, slots=True)
class Related:
    file: str
    range: Range | None
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    message: str
    file: str
    range: Range | None
    severity: Severity = "error"
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    key: AssetKeyParts | None = None
    data: tuple[tuple[str, Any], ...] = field(default=())


_ASSET_FIELDS = tuple(f.name for f in fields(AssetFact))
_MODULE_FIELDS = tuple(f.name for f in fields(ModuleFacts))


def evolve(asset: AssetFact, **changes: Any) -> AssetFact:
    """`dataclasses.replace` for AssetFact, at a third of the cost (see `replaced`)."""
    return replaced(asset, changes)


class _Draft:
    """An AssetFact being made: the same slots, not frozen. It is filled with plain slot stores, then
    its class becomes AssetFact — Python allows that between classes of the same slot layout, and the
    result is an ordinary AssetFact (equal, same hash, frozen, pickled alike). The graph copies every
    asset of the workspace on every build, and unpickling makes every asset of the cache."""

    __slots__ = _ASSET_FIELDS


def _drafts_work() -> bool:
    """Whether a `_Draft` may become an AssetFact (the same slot layout); else `dataclasses.replace`."""
    if getattr(AssetFact, "__slots__", None) != _ASSET_FIELDS:
        return False
    try:
        draft = object.__new__(_Draft)
        draft.__class__ = AssetFact  # type: ignore[assignment]
    except TypeError:
        return False
    return True


_DRAFTS_WORK = _drafts_work()
_COPIERS: dict[tuple[str, ...], Any] = {}


def replaced(asset: AssetFact, changes: dict[str, Any]) -> AssetFact:
    """`evolve(asset, **changes)` without the keyword arguments: a copier compiled once per set of
    changed fields, one slot store per field."""
    names = tuple(changes)
    copier = _COPIERS.get(names)
    if copier is None:
        unknown = set(names) - set(_ASSET_FIELDS)
        if unknown:
            raise TypeError(f"AssetFact has no field {sorted(unknown)[0]!r}")
        copier = _COPIERS[names] = _compile(
            "copy", "asset, changes", "".join(f"    new.{name} = changes[{name!r}]\n" if name in names else f"    new.{name} = asset.{name}\n" for name in _ASSET_FIELDS)
        ) if _DRAFTS_WORK else (lambda asset, changes: dataclasses.replace(asset, **changes))
    return copier(asset, changes)


def _compile(name: str, parameters: str, body: str) -> Any:
    """Function `name` of this module (pickle finds it by that name): a `_Draft` filled by `body`."""
    namespace: dict[str, Any] = {"__name__": __name__, "_new": object.__new__, "_Draft": _Draft, "AssetFact": AssetFact}
    exec(f"def {name}({parameters}):\n    new = _new(_Draft)\n{body}    new.__class__ = AssetFact\n    return new\n", namespace)  # noqa: S102
    return namespace[name]


if _DRAFTS_WORK:
    relocated = _compile(  # `replaced(asset, {"location": location})`: every asset of a build takes it
        "relocated", "asset, location", "".join(f"    new.{name} = {'location' if name == 'location' else 'asset.' + name}\n" for name in _ASSET_FIELDS)
    )
    _asset_from_values = _compile("_asset_from_values", "values", f"    {', '.join('new.' + name for name in _ASSET_FIELDS)}, = values\n")
else:

    def relocated(asset: AssetFact, location: str | None) -> AssetFact:
        return dataclasses.replace(asset, location=location)

    def _asset_from_values(values: tuple) -> AssetFact:
        return AssetFact(*values)
