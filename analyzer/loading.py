"""What a code location's Definitions loads — which assets belong to which location.

Two halves:

- `definitions_facts(scope)` (at extraction, per module): every `Definitions` the module builds —
  `Definitions(...)` at module level, `@definitions` functions (called, as Dagster's loader does),
  `Definitions.merge(...)`, `@repository` functions (their returned list, including
  `AssetsDefinition.from_graph(...)` written in it) — reduced to plain data: the asset node ids it
  holds, the files whose `AssetSpec`s it holds, the `load_assets_from_modules`/`_package_module`
  calls, `load_from_defs_folder`/`load_defs` (a defs folder), and what is not known statically.

- `location_members(location, modules)` (at graph building, per location): the asset node ids the
  location loads, as Dagster would find them from the location's target:
  1. the target module's Definitions: the one a workspace.yaml `attribute` names (as Dagster loads
     it), else all of them (several: their union, as `Definitions.merge` would; an `attribute` that
     names none of those the analyzer found also takes the union);
  2. no Definitions or repository in the target module: Dagster's autodiscovery,
     `load_assets_from_modules([module])` — the module's own assets and the ones it imports;
  3. a defs folder (`load_from_defs_folder`, `load_defs`, a `dg` project with `autoload_defs`):
     every module under it;
  4. `load_assets_from_modules([...])`: those modules (packages recursively) with what they import.
  When the target holds something not known statically, the location also takes every asset
  defined in the modules the target imports (so that nothing it may load is reported missing), and
  `Membership.complete` is False.
  When the target module is not in the project, every module under the location's folder is taken.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from assetlens.analyzer.facts import DefinitionsFact, LoadAssetsCall, ModuleFacts

LOADED_KWARGS = ("assets", "__returned__", "__merged__", "asset_checks")
DEFS_FOLDER_LOADERS = ("load_from_defs_folder", "load_defs")
# marks a defs folder loaded by the legacy `load_defs(module)`: a folder holding `definitions.py` (and no
# `component.py`) is loaded through that file alone (Dagster's `terminate_autoloading_on_keyword_files`)
LEGACY = "legacy:"


# ---------------------------------------------------------------- extraction
def definitions_facts(scope: Any) -> tuple[DefinitionsFact, ...]:
    """The Definitions a module's top level built (after `extract.assign_identities`)."""
    from assetlens.analyzer.asset_builder import is_external_spec
    from assetlens.analyzer.interpreter import walk_values
    from assetlens.analyzer.values import AssetsValue, DagsterObject, DefinitionsValue, LoadedAssets, ModuleValue, Unknown

    found: list[DefinitionsFact] = []
    candidates: list[DefinitionsValue] = list(scope.definitions)
    candidates += [v for v in scope.globals.values() if isinstance(v, DefinitionsValue) and all(v is not c for c in candidates)]
    # `defs = dg.load_from_defs_folder(...)` at module level is a Definitions too
    candidates += [
        DefinitionsValue({"__returned__": v}) for v in scope.globals.values()
        if isinstance(v, DagsterObject) and v.kind in DEFS_FOLDER_LOADERS
        and not any(v is item for c in candidates for item in walk_values(c))
    ]
    for value in candidates:
        node_ids: dict[str, None] = {}
        spec_files: dict[str, None] = {}
        loads: list[LoadAssetsCall] = []
        folders: dict[str, None] = {}
        unknown: dict[str, None] = {}
        kind = value.kwargs.get("__kind__", "Definitions")
        roots = [value.kwargs[name] for name in LOADED_KWARGS if name in value.kwargs]
        seen: set[int] = set()
        for root in roots:
            for item in walk_values(root, seen):
                if isinstance(item, AssetsValue):
                    if item.identity:
                        node_ids[item.identity] = None
                elif isinstance(item, LoadedAssets):
                    loads.append(LoadAssetsCall(item.modules, item.key_prefix, item.group_name, item.source_key_prefix,
                                                item.range, item.include_specs, item.recursive))
                elif isinstance(item, DagsterObject) and item.kind in DEFS_FOLDER_LOADERS:
                    legacy = item.kind == "load_defs" and item.kwargs.get("terminate_autoloading_on_keyword_files") is not False
                    folders[(LEGACY if legacy else "") + _defs_folder_argument(item, ModuleValue)] = None
                elif is_external_spec(item) and item.created_in:
                    spec_files[item.created_in] = None
                elif isinstance(item, Unknown):
                    unknown[item.reason] = None
                elif isinstance(item, DefinitionsValue):
                    for name in LOADED_KWARGS:
                        if name in item.kwargs:
                            roots.append(item.kwargs[name])
        names = [name for name, bound in scope.globals.items() if bound is value]
        if isinstance(value.kwargs.get("__name__"), str):  # a @repository function's name
            names.append(value.kwargs["__name__"])
        found.append(DefinitionsFact(
            tuple(node_ids), tuple(spec_files), tuple(loads), tuple(folders), tuple(unknown), None, str(kind), tuple(names)
        ))
    return tuple(found)


def _defs_folder_argument(call: Any, module_type: type) -> str:
    """`load_defs(defs_root=my_project.defs)` names the package; `load_from_defs_folder(project_root=...)`
    means the location's own defs folder ("")."""
    value = call.kwargs.get("defs_root", call.args[0] if call.args and call.kind == "load_defs" else None)
    if isinstance(value, module_type) and value.in_project:
        return value.name
    return ""


# ---------------------------------------------------------------- membership
@dataclass
class Membership:
    """The assets one location loads (node ids), and how they were found."""

    node_ids: set[str] = field(default_factory=set)
    files: dict[str, bool] = field(default_factory=dict)  # modules whose every asset it loads -> with AssetSpecs
    folders: set[str] = field(default_factory=set)  # folders whose every module it loads (defs folders)
    defs_folders: list[str] = field(default_factory=list)  # the defs folders its Definitions load (components)
    hidden: set[str] = field(default_factory=set)  # modules of its defs folders loaded through their Definitions only
    everything: bool = False  # the implicit location: every module of the project
    load_calls: list[LoadAssetsCall] = field(default_factory=list)  # the loaders its Definitions use
    complete: bool = True
    how: str = ""  # e.g. "Definitions in my_project/definitions.py"
    unknown: list[str] = field(default_factory=list)

    def holds(self, node_id: str, file: str, kind: str = "asset") -> bool:
        """Whether the location loads the asset definition `node_id` (of `kind`), written in `file`.
        A module loader takes a module's AssetSpecs only with `include_specs=True`."""
        if self.everything or node_id in self.node_ids:
            return True
        specs = self.files.get(file)
        if specs is not None:
            return specs or kind != "spec"
        return file not in self.hidden and any(file.startswith(folder + "/") for folder in self.folders)


def location_members(
    location: Any, modules: Mapping[str, ModuleFacts], resolve: Any,
    by_module: Callable[[], Mapping[str, list[str]]] | None = None,
) -> Membership:
    """What `location` (an `assetlens.analyzer.locations.Location`) loads. `resolve(name, near)`
    maps a dotted module name to a project file (the interpreter's resolution); `by_module()`, when
    given, the project's module names -> files (shared between locations)."""
    result = Membership()
    if location.implicit:
        result.everything = True
        result.how = "every module of the project (implicit location)"
        return result
    target = _target_file(location, modules, resolve)
    if target is None and location.definitions_module is None and location.definitions_file is None and location.defs_folder:
        _add_folder(result, modules, location.defs_folder, location=location, resolve=resolve)  # dg project with autoload_defs
        result.how = f"every module under {location.defs_folder}/"
        return result
    if target is None:
        if location.root:
            result.folders.add(location.root)
        else:
            result.everything = True
        result.complete = False
        wanted = location.definitions_file or location.definitions_module
        result.how = f"target {wanted!r} not found: every module under {location.root or 'the project root'}"
        return result
    facts = modules[target]
    result.how = f"Definitions in {target}"
    definitions = facts.definitions
    chosen = [d for d in definitions if location.attribute in d.names] if location.attribute else []
    if chosen:  # workspace.yaml `attribute`: Dagster loads that one object of the module
        definitions = tuple(chosen)
        result.how = f"`{location.attribute}` in {target}"
    if not definitions:
        # Dagster's autodiscovery: the module's assets (and what it imports) make an implicit repository
        result.how = f"assets of {target} (no Definitions there)"
        result.node_ids.update(facts.imported_assets)
        result.load_calls.extend(facts.load_calls)
    _add_definitions(result, location, target, definitions, modules, resolve, set())
    for call in [*([] if chosen else facts.load_calls), *result.load_calls]:
        if call not in result.load_calls:
            result.load_calls.append(call)
    files_of = (by_module() if by_module is not None else _files_by_module(modules)) if result.load_calls else {}
    for call in result.load_calls:
        for path in _covered(call, files_of):
            result.files[path] = result.files.get(path, False) or call.include_specs
            result.node_ids.update(modules[path].imported_assets)
    if not result.complete:
        # something the target holds is not known: everything it imports may be loaded
        for path in [*_imports(target, modules), target]:
            result.files[path] = True
    # AssetSpecs / SourceAssets it holds: those of the files that created them
    for path in _spec_files(definitions):
        if path in modules:
            result.node_ids.update(a.node_id for a in modules[path].assets if a.kind in ("spec", "source"))
    if not definitions:
        result.files[target] = False
    return result


def _files_by_module(modules: Mapping[str, ModuleFacts]) -> dict[str, list[str]]:
    by_module: dict[str, list[str]] = {}
    for path, facts in modules.items():
        by_module.setdefault(facts.module, []).append(path)
    return by_module


def _add_definitions(
    result: Membership, location: Any, target: str, definitions: Iterable[DefinitionsFact],
    modules: Mapping[str, ModuleFacts], resolve: Any, walked: set[str],
) -> None:
    """What `definitions` (of the module `target`) hold: asset ids, loaders, defs folders (walked once)."""
    for definition in definitions:
        result.node_ids.update(definition.node_ids)
        result.load_calls.extend(c for c in definition.load_calls if c not in result.load_calls)
        for folder in definition.defs_folders:
            legacy = folder.startswith(LEGACY)
            name = folder[len(LEGACY):] if legacy else folder
            path = _package_folder(name, target, modules, resolve) if name else location.defs_folder
            if path is None:
                result.complete = False
                result.unknown.append(f"defs folder {name or '(default)'} not found")
                continue
            path = path.rstrip("/")
            if path not in result.defs_folders:
                result.defs_folders.append(path)
            if path not in walked:
                walked.add(path)
                _add_folder(result, modules, path, legacy=legacy, location=location, resolve=resolve, walked=walked)
        for path in definition.spec_files:
            if path in modules:
                result.node_ids.update(a.node_id for a in modules[path].assets if a.kind in ("spec", "source"))
        if definition.unknown:
            result.complete = False
            result.unknown.extend(definition.unknown)


def _spec_files(definitions: Iterable[DefinitionsFact]) -> set[str]:
    return {file for definition in definitions for file in definition.spec_files}


def _target_file(location: Any, modules: Mapping[str, ModuleFacts], resolve: Any) -> str | None:
    if location.definitions_file:
        return location.definitions_file if location.definitions_file in modules else None
    if location.definitions_module:
        near = f"{location.root}/__init__.py" if location.root else None
        for import_root in location.import_roots:
            candidate = _module_path(import_root, location.definitions_module, modules)
            if candidate is not None:
                return candidate
        path = resolve(location.definitions_module, near)
        if path is not None and location.contains(path):
            return path
        return path
    return None


def _module_path(import_root: str, module: str, modules: Mapping[str, ModuleFacts]) -> str | None:
    base = f"{import_root}/" if import_root else ""
    relative = module.replace(".", "/")
    for candidate in (f"{base}{relative}.py", f"{base}{relative}/__init__.py"):
        if candidate in modules:
            return candidate
    return None


def _package_folder(name: str, near: str, modules: Mapping[str, ModuleFacts], resolve: Any) -> str | None:
    path = resolve(name, near)
    if path is None:
        return None
    return path.rsplit("/", 1)[0] if path.endswith("/__init__.py") else path[:-3]


def _add_folder(
    result: Membership, modules: Mapping[str, ModuleFacts], folder: str, *, legacy: bool = False,
    location: Any = None, resolve: Any = None, walked: set[str] | None = None,
) -> None:
    """Every module under a defs folder, by Dagster's rules (`PythonFileComponent.build_defs`): a module
    holding a `Definitions` object or `@definitions` functions is loaded through them alone (its loose
    assets are not collected); with the legacy `load_defs(module)`, a folder holding `definitions.py`
    (and no `component.py`) is loaded through that file alone."""
    folder = folder.rstrip("/")
    result.folders.add(folder)
    keyword_folders: set[str] = set()
    if legacy:
        keyword_folders = {
            path.rsplit("/", 1)[0] for path in modules
            if path.startswith(folder + "/") and path.endswith("/definitions.py")
            and path.rsplit("/", 1)[0] + "/component.py" not in modules
        }
        keyword_folders = {f for f in keyword_folders if not any(f.startswith(o + "/") for o in keyword_folders)}
    for path, facts in sorted(modules.items()):
        if not path.startswith(folder + "/"):
            continue
        owner = next((f for f in keyword_folders if path.startswith(f + "/")), None)
        if owner is not None and path != owner + "/definitions.py":
            result.hidden.add(path)  # the folder is loaded through its definitions.py alone
            continue
        definitions = [d for d in facts.definitions if d.kind != "repository"]
        if definitions:
            result.hidden.add(path)  # loaded through its Definitions alone
            _add_definitions(result, location, path, definitions, modules, resolve, walked if walked is not None else set())
            continue
        result.node_ids.update(facts.imported_assets)


def _covered(call: LoadAssetsCall, by_module: Mapping[str, list[str]]) -> Iterator[str]:
    """The files of the modules a loader names (a package loader: the package's submodules too)."""
    for name in call.modules:
        yield from by_module.get(name, ())
        if call.recursive:
            prefix = name + "."
            for module, paths in by_module.items():
                if module.startswith(prefix):
                    yield from paths


def _imports(target: str, modules: Mapping[str, ModuleFacts]) -> set[str]:
    """The project files `target`'s facts were resolved through (transitively recorded)."""
    facts = modules.get(target)
    if facts is None:
        return set()
    return {path for path, _ in facts.depends_on if path in modules}
