"""The workspace: every file's facts (cached by content hash) and the asset graph built from them.

`analyze_workspace` is what the CLI calls; the language server keeps one `Workspace` and calls
`update_file` on every edit. Both produce the same facts, from the same extraction.

Code locations (`assetlens.analyzer.locations`): the graph holds what the project's code locations
load, each asset tagged with its location (`AssetFact.location`); an asset two locations load is
there twice. Loader prefixes/groups and name-based dependency resolution apply within a location.
Assets of modules no location loads are kept for hover, symbols and per-file rules (`assets`,
`assets_in_file`, with `location` None) but are not in the graph.
"""
from __future__ import annotations

import dataclasses
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from assetlens.analyzer import cache
from assetlens.analyzer.extract import ModuleIndex, analyze_text, content_hash, module_names
from assetlens.analyzer.facts import AssetFact, AssetKeyParts, LoadAssetsCall, ModuleFacts, Range, SyntaxProblem, relocated
from assetlens.analyzer.files import is_file, read_file, unreadable_reason
from assetlens.analyzer.fingerprints import keep_in as keep_fingerprints_in
from assetlens.analyzer.graph import (
    AssetGraph, NameResolver, Transform, apply_transform, dep_keys, load_transforms, module_tables, needs_resolution,
)
from assetlens.analyzer.loading import Membership, location_members
from assetlens.analyzer.environment import Environment, env_reads, location_env
from assetlens.analyzer.locations import Discovery, Location, discover_locations
from assetlens.analyzer.project import discover_files

# below this many files to analyse, one process is faster than starting a pool
PARALLEL_THRESHOLD = 40
_NO_RESOLVER = NameResolver(())  # for assets of no location (never in the graph)


class Workspace:
    """The analysed workspace.

    Attributes:
        root: the workspace folder (absolute).
        modules: relpath (posix, relative to root) -> ModuleFacts, for every analysed .py file.
        assets: every asset with its effective key (after `load_assets_from_modules` prefixes/groups),
            in file order.
        graph: networkx DiGraph. Nodes are key tuples; node attribute "assets" is the list of
            AssetFacts defining that key (empty for a key that is only referenced). Edges go
            upstream -> downstream; edge attribute "refs" is a list of (downstream AssetFact, DepRef).
    """

    def __init__(
        self,
        root: Path,
        files: list[str],
        modules: dict[str, ModuleFacts],
        overrides: Mapping[str, str] | None = None,
        discovery: Discovery | None = None,
        environment: Environment | None = None,
    ) -> None:
        self.root = root
        self.files = files
        self.modules = modules
        self.overrides: dict[str, str] = dict(overrides or {})
        self.discovery = discovery or Discovery((Location(name=root.name or "project", implicit=True),))
        self.environment = environment or Environment({})
        # location -> source -> facts produced outside Python modules (YAML components, dbt, Sling)
        self.external: dict[str, dict[str, list[AssetFact]]] = {}
        self._external_index: dict[str, list[AssetFact]] | None = None
        self._assets: list[AssetFact] | None = None
        self._index: ModuleIndex | None = None  # kept between edits: unchanged modules stay interpreted
        self._rebuild_graph()

    # ------------------------------------------------------------- locations
    @property
    def locations(self) -> tuple[Location, ...]:
        return self.discovery.locations

    def locations_changed(self) -> bool:
        """Whether the code locations or their environments read again from disk (workspace.yaml,
        dagster_cloud.yaml, dg.toml, pyproject.toml, .env) differ from this workspace's: it must be
        analysed again (the language server re-indexes the folder)."""
        declared = getattr(self, "_declared", None) or self.discovery
        found = discover_locations(self.root)
        if found != declared:
            return True
        fresh = environment_of(self.root, found)
        return (fresh.default, fresh.by_folder) != (self.environment.default, self.environment.by_folder)

    def location(self, name: str) -> Location | None:
        return next((location for location in self.locations if location.name == name), None)

    def membership(self, name: str) -> Membership | None:
        return self._memberships.get(name)

    def locations_of_file(self, file: str) -> list[str]:
        """The locations that load an asset of `file` (empty: none does)."""
        return sorted({asset.location for asset in self._graph.by_file.get(file, ()) if asset.location is not None})

    def definitions_target(self, keys: Iterable[AssetKeyParts]) -> str | None:
        """The module (`module` or `module:attribute`) holding the Definitions of the one code location
        that loads all of `keys` — what `materialize` imports for resources; None when the location is
        implicit, unknown, or the keys span several locations."""
        names: set[str] = set()
        for key in keys:
            owners = {a.location for a in (self.graph.nodes[key].get("assets", ()) if key in self.graph else ()) if a.location}
            if len(owners) != 1:
                return None
            names |= owners
        location = self.location(next(iter(names))) if len(names) == 1 else None
        if location is None or location.implicit:
            return None
        module = location.definitions_module
        if module is None and location.definitions_file in self.modules:
            module = self.modules[location.definitions_file].module or None
        if module is None:
            return None
        return f"{module}:{location.attribute}" if location.attribute else module

    def env_reads(self, file: str) -> list[str]:
        """Environment variables the definitions of `file` were computed with (its own reads and those
        of the modules it took names from): its keys may differ in another environment."""
        facts = self.modules.get(file)
        return env_reads(facts.depends_on) if facts is not None else []

    def unloaded_files(self) -> list[str]:
        """Files with assets that no code location loads."""
        return sorted(path for path, assets in self._unloaded.items() if assets)

    def add_external_assets(self, location: str, source: str, facts: Iterable[AssetFact], *, rebuild: bool = True) -> None:
        """Assets a location gets from outside its Python modules (YAML components, dbt models,
        Sling streams), under `source` (e.g. "dbt:jaffle_shop"; adding a source again replaces it).
        Their `file` may be any project-relative path (a .sql or defs.yaml file). Several additions:
        pass `rebuild=False` to all but the last (or call `rebuild()` after them)."""
        self.external.setdefault(location, {})[source] = [
            dataclasses.replace(fact, location=location) for fact in facts
        ]
        self._external_index = None
        if rebuild:
            self.rebuild()

    def rebuild(self) -> None:
        """Build the graph again from the facts (after `add_external_assets(..., rebuild=False)`)."""
        self._rebuild_graph()
        self._assets = None

    # ----------------------------------------------------------------- views
    @property
    def graph(self) -> nx.DiGraph:
        return self._graph.graph

    @property
    def assets(self) -> list[AssetFact]:
        if self._assets is None:
            located, unloaded = self._graph.by_file, self._unloaded
            self._assets = [
                asset for file in sorted(located.keys() | unloaded.keys())
                for asset in (*located.get(file, ()), *unloaded.get(file, ()))
            ]
        return self._assets

    def assets_by_key(self) -> dict[AssetKeyParts, list[AssetFact]]:
        result: dict[AssetKeyParts, list[AssetFact]] = {}
        for asset in self.assets:
            if asset.key is not None:
                result.setdefault(asset.key, []).append(asset)
        return result

    def assets_in_file(self, file: str) -> list[AssetFact]:
        """The file's definitions, once each (an asset two locations load is the first location's
        copy here; `assets` and the graph hold one per location)."""
        seen: set[tuple[str, str, AssetKeyParts | None]] = set()
        result = []
        for asset in (*self._graph.by_file.get(file, ()), *self._unloaded.get(file, ())):
            identity = (asset.node_id, asset.output, asset.key)
            if identity not in seen or not asset.node_id:
                seen.add(identity)
                result.append(asset)
        return result

    def file_text(self, file: str) -> str:
        if file in self.overrides:
            return self.overrides[file]
        data = read_file(self.root / file)
        return data.decode("utf-8", errors="replace")

    def _transformed(self, path: str) -> list[AssetFact]:
        """The file's assets as each location that loads them sees them (loader prefix and group
        applied, `location` set); the ones no location loads are kept aside in `_unloaded`."""
        facts = self.modules.get(path)
        located: list[AssetFact] = []
        unloaded: list[AssetFact] = []
        if facts is not None and facts.assets:
            memberships = self._memberships.items()
            transforms = self._transforms
            for asset in facts.assets:
                node_id, held = asset.node_id, False
                for name, member in memberships:
                    if member.holds(node_id, path, asset.kind):
                        held = True
                        transform = transforms[name].get(node_id) if name in transforms else None
                        if transform is None and asset.location != name:  # the common case, inlined
                            located.append(relocated(asset, name))
                        else:
                            located.append(apply_transform(asset, transform, name))
                if not held:
                    unloaded.append(asset)
        if self.external:
            located.extend(self._external_by_file().get(path, ()))
        if unloaded:
            self._unloaded[path] = unloaded
        else:
            self._unloaded.pop(path, None)
        return located

    def _external_by_file(self) -> dict[str, list[AssetFact]]:
        """The external facts by file, in location, source and fact order (kept until they change)."""
        if self._external_index is None:
            index: dict[str, list[AssetFact]] = {}
            for sources in self.external.values():
                for source_facts in sources.values():
                    for fact in source_facts:
                        index.setdefault(fact.file, []).append(fact)
            self._external_index = index
        return self._external_index

    def _resolved(self, assets: list[AssetFact]) -> list[AssetFact]:
        """Dependencies resolved by name within a group of the same location, as Dagster does (see
        graph.NameResolver)."""
        by_node: dict[tuple[str | None, str], set[AssetKeyParts]] = {}
        for asset in assets:
            if asset.key is not None:
                by_node.setdefault((asset.location, asset.node_id), set()).add(asset.key)
        empty = _NO_RESOLVER
        return [
            self._resolvers.get(asset.location, empty).resolve(asset, by_node.get((asset.location, asset.node_id), set()))
            for asset in assets
        ]

    def _compute_locations(self) -> bool:
        """What each location loads, and its loader transforms. Returns whether membership changed."""
        index = self._index

        def resolve(name: str, near: str | None = None) -> str | None:  # the module index only when needed
            nonlocal index
            if index is None:
                index = ModuleIndex(self.root, self.files, self._read)
            return index.resolve_module(name, near)

        declared = getattr(self, "_declared", None)
        if declared is None:
            declared = self._declared = self.discovery
        tables = functools.cache(lambda: module_tables(self.modules))  # made once for all locations, when needed
        memberships = {
            location.name: location_members(location, self.modules, resolve, lambda: tables()[0])
            for location in declared.locations
        }
        changed = memberships != getattr(self, "_memberships", None)
        self._memberships = memberships
        # a location declared without a defs folder whose Definitions load one (`load_defs(defs_root=pkg.defs)`):
        # that folder is its defs folder, so its YAML components are read too
        self.discovery = dataclasses.replace(declared, locations=tuple(
            dataclasses.replace(location, defs_folder=memberships[location.name].defs_folders[0])
            if location.defs_folder is None and not location.implicit and memberships[location.name].defs_folders
            else location
            for location in declared.locations
        ))
        calls = {
            name: member.load_calls if not member.everything else _used_load_calls(self.modules)
            for name, member in memberships.items()
        }
        self._transforms: dict[str, dict[str, Transform]] = {
            name: load_transforms(self.modules, calls[name], tables) for name in memberships
        }
        # the loaders whose transform may rename or regroup something (None: every loader of the project)
        every_call = [call for facts in self.modules.values() for call in facts.load_calls] if None in calls.values() else []
        self._transforming_calls = [
            call for name in memberships for call in (calls[name] if calls[name] is not None else every_call)
            if call.key_prefix or call.group_name or call.source_key_prefix
        ]
        return changed

    def _make_resolvers(self, assets: Iterable[AssetFact]) -> None:
        by_location: dict[str | None, list[AssetFact]] = {}
        for asset in assets:
            by_location.setdefault(asset.location, []).append(asset)
        self._resolvers = {name: NameResolver(items) for name, items in by_location.items()}

    # ------------------------------------------------------------ incremental
    def update_file(self, file: str, text: str | None) -> set[str]:
        """Re-analyse one file from `text` (None: the file was deleted) and update the graph.
        Returns the relpaths whose facts changed (the file itself, and files that import from it)."""
        with paused_gc():
            return self._update_file(file, text)

    def _update_file(self, file: str, text: str | None) -> set[str]:
        if text is None:
            self.overrides.pop(file, None)
            if file in self.files:
                self.files = [path for path in self.files if path != file]
        else:
            self.overrides[file] = text
            if file not in self.files:
                self.files = sorted([*self.files, file])
        created_or_deleted = (text is None) != (file not in self.modules)
        wanted = {file}
        if created_or_deleted:
            # importers that looked for this module in vain, or found it
            wanted |= {f"module:{name}" for name in _names_of(self.root, file, self.files)}
        dependents = {path for path, facts in self.modules.items() if any(dep in wanted for dep, _ in facts.depends_on)}
        if created_or_deleted and file.endswith("__init__.py"):
            # a folder became (or stopped being) a package: its files have new module names
            folder = file[: -len("__init__.py")]
            dependents |= {path for path in self.files if path.startswith(folder)}
        targets = [file, *sorted(dependents - {file})]
        if created_or_deleted or self._index is None:
            self._index = ModuleIndex(self.root, self.files, self._read, self.environment)  # module names may change
        index = self._index
        index.invalidate(targets)
        changed: set[str] = set()
        previous_facts = {path: self.modules.get(path) for path in targets}
        old_loads = {path: (self.modules[path].load_calls, self.modules[path].definitions) for path in targets if path in self.modules}
        for path in targets:
            previous = self.modules.get(path)
            if path == file and text is None:
                self.modules.pop(path, None)
                self._graph.remove_file(path)
                self._unloaded.pop(path, None)
                changed.add(path)
                continue
            if path not in self.files:
                continue
            facts = index.facts(path)
            if previous is not None and facts == previous:
                continue
            self.modules[path] = facts
            changed.add(path)
        new_loads = {path: (self.modules[path].load_calls, self.modules[path].definitions) for path in targets if path in self.modules}
        if old_loads != new_loads or (created_or_deleted and self._compute_locations()):
            self._rebuild_graph()
        elif changed:
            reshaped = any(_shape(previous_facts.get(path)) != _shape(self.modules.get(path)) for path in changed)
            loads_kept = reshaped and self._loading_unaffected(changed, previous_facts)
            self._update_graph(changed, reshaped, loads_kept)
        self._assets = None
        return changed

    def _rebuild_graph(self) -> None:
        self._unloaded: dict[str, list[AssetFact]] = {}
        self._external_index = None
        self._compute_locations()
        external_files = {fact.file for sources in self.external.values() for facts in sources.values() for fact in facts}
        paths = [*self.files, *sorted(external_files - set(self.files))]
        transformed = {path: self._transformed(path) for path in paths}
        self._make_resolvers(asset for assets in transformed.values() for asset in assets)
        self._graph = AssetGraph()
        self._by_name_files: set[str] = set()
        self._add({path: transformed[path] for path in paths if path in self.modules or path in external_files})

    def _add(self, transformed: dict[str, list[AssetFact]]) -> None:
        resolvers, by_name = self._resolvers, self._by_name_files
        resolved: dict[str, list[AssetFact]] = {}
        for path, assets in transformed.items():
            if needs_resolution(assets, resolvers):
                by_name.add(path)
                resolved[path] = self._resolved(assets)
            else:  # nothing to resolve by name: the assets as they are
                by_name.discard(path)
                resolved[path] = list(assets)
        self._graph.add_files(resolved)

    def _loading_unaffected(self, changed: set[str], previous: Mapping[str, ModuleFacts | None]) -> bool:
        """Whether an edit that reshaped the changed modules' assets leaves what every location loads
        and every loader transform as they are: the modules still have the same name, loaders,
        Definitions and imported assets, no loader that prefixes or regroups covers them (its renamed
        keys would change), and no other module imports their assets. Adding or removing an asset in
        such a module (the common case while typing) then needs no new memberships or transforms."""
        for path in changed:
            before, after = previous.get(path), self.modules.get(path)
            if before is None or after is None:
                return False
            if (before.module, before.load_calls, before.definitions, before.imported_assets) != (
                after.module, after.load_calls, after.definitions, after.imported_assets
            ):
                return False
            if any(call.covers(after.module) for call in self._transforming_calls):
                return False
        # nor is any of their assets loaded through another module that imports it (its loader's
        # transform would apply to it)
        nodes = {asset.node_id for path in changed for facts in (previous[path], self.modules[path]) for asset in facts.assets}
        if any(node in transforms for transforms in self._transforms.values() for node in nodes):
            return False
        return not any(
            node in nodes for path, facts in self.modules.items() if path not in changed for node in facts.imported_assets
        )

    def _update_graph(self, changed: set[str], reshaped: bool, loads_kept: bool = False) -> None:
        """Replace the changed files' assets; redo the files whose loader transform changed, whose deps
        resolve by name, or whose deps pointed at keys that are no longer defined.

        `reshaped`: some asset's identity, key, kind, group or table name changed, or what a module
        loads or imports did. An edit inside a function body (the common case while typing) changes
        none of those, so the loader transforms and the name resolver are kept as they are."""
        if reshaped and not loads_kept:
            old = self._transforms
            if self._compute_locations():  # what a location loads changed: everything may move
                self._rebuild_graph()
                return
            moved: set[str] = set()
            narrowed: dict[str, set[AssetKeyParts]] = {}
            for name in old.keys() | self._transforms.keys():
                moved_here, narrowed_here = _moved(old.get(name, {}), self._transforms.get(name, {}))
                moved |= moved_here
                for node, keys in narrowed_here.items():
                    narrowed.setdefault(node, set()).update(keys)
            if narrowed:  # only the assets that have or depend on a key now renamed, or no longer
                moved |= _touching(narrowed, self.modules)
            if moved:
                changed = changed | {path for path, facts in self.modules.items() if any(a.node_id in moved for a in facts.assets)}
        old_assets = [asset for path in changed for asset in self._graph.by_file.get(path, [])]
        lost_keys = {asset.key for asset in old_assets if asset.key is not None}
        transformed = {path: self._transformed(path) for path in changed}
        for path in changed:
            self._graph.remove_file(path)
        if reshaped and loads_kept:  # the same locations: their resolvers follow the changed definitions
            new_assets = [asset for assets in transformed.values() for asset in assets]
            for name in {asset.location for asset in (*old_assets, *new_assets)}:
                resolver = self._resolvers.setdefault(name, NameResolver(()))
                resolver.update([a for a in old_assets if a.location == name], [a for a in new_assets if a.location == name])
        elif reshaped:
            self._make_resolvers(
                [asset for path, assets in self._graph.by_file.items() for asset in assets]
                + [asset for assets in transformed.values() for asset in assets]
            )
        still_defined = {asset.key for assets in transformed.values() for asset in assets}
        orphaned = {
            asset.file
            for key in lost_keys - still_defined
            if key in self.graph
            for _, _, data in self.graph.out_edges(key, data=True)
            for asset, _ in data["refs"]
        }
        again = ((self._by_name_files | orphaned) - changed) & set(self._graph.by_file)
        for path in again:
            self._graph.remove_file(path)
        self._add({path: transformed.get(path) or self._transformed(path) for path in sorted(changed | again) if path in self.modules})

    def _read(self, path: str) -> bytes | None:
        if path in self.overrides:
            return self.overrides[path].encode("utf-8", errors="surrogateescape")
        try:
            return read_file(self.root / path)
        except OSError:
            return None

    # ---------------------------------------------------------------- output
    def to_json(self) -> dict:
        """The public `assetlens graph --format json` object: {"assets": [...], "diagnostics": [...]}."""
        assets = []
        for asset in self.assets:
            assets.append(
                {
                    "key": list(asset.key) if asset.key is not None else None,
                    "deps": [list(key) for key in dep_keys(asset)],
                    "kind": asset.kind,
                    "node": asset.node,
                    "output": asset.output,
                    "code_version": asset.code_version,
                    "group": asset.group,
                    "file": asset.file,
                    "line": asset.name_range.line if asset.name_range else None,
                    "resolved": asset.resolved,
                    **({"unresolved": asset.unresolved_reason} if not asset.resolved else {}),
                    # made by an integration: "dbt", "sling", "component" (and the dbt/Sling name)
                    **({"origin": asset.origin} if asset.origin else {}),
                    **({"known_name": asset.known_name} if asset.known_name else {}),
                    "location": asset.location,
                    **({"env": reads} if (reads := self.env_reads(asset.file)) else {}),
                }
            )
        diagnostics = []
        for path in self.files:
            facts = self.modules.get(path)
            if facts is not None and facts.syntax_error is not None:
                where = facts.syntax_error.range
                diagnostics.append(
                    {
                        "code": "AL000",
                        "message": facts.syntax_error.message,
                        "file": path,
                        "line": where.line if where else 1,
                        "column": (where.col + 1) if where else 1,
                    }
                )
        return {"assets": assets, "diagnostics": diagnostics}


def analyze_source(text: str | bytes, file: str = "<memory>.py", module: str = "") -> ModuleFacts:
    """Facts of one file on its own (names imported from other project modules stay unresolved)."""
    return analyze_text(text, file, module or Path(file).stem)


def analyze_workspace(
    root: str | Path,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    use_cache: bool = True,
    cache_dir: Path | str | None = None,  # default: cache.default_cache_dir(root), outside the workspace
    jobs: int | None = None,
    overrides: Mapping[str, str] | None = None,  # relpath -> editor text
    progress: Callable[[int, int], None] | None = None,  # (done, total)
) -> Workspace:
    """Discover the .py files under root (honouring .gitignore and `exclude` globs), extract facts
    (in parallel, cached on disk by content hash) and build the graph."""
    with paused_gc(long_lived=True):
        return _analyze_workspace(root, exclude, include, use_cache, cache_dir, jobs, overrides, progress)


@contextmanager
def paused_gc(*, long_lived: bool = False) -> Iterator[None]:
    """Python's cycle collector, run on every few hundred allocations, would rescan the millions of
    objects analysis creates and keeps (it doubled the time); the analyzer creates no garbage cycles
    that matter, so it is paused meanwhile.

    `long_lived`: what was made meanwhile (a whole workspace) lives on; it goes straight to the oldest
    generation (freeze, then unfreeze: no collection pass), instead of through a pass over every young
    generation as soon as the collector resumes, which found nothing to free and cost a tenth of a
    second at 10k assets. Not for edits: unfreezing would also release what the language server froze."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if long_lived and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def _analyze_workspace(
    root: str | Path,
    exclude: Iterable[str],
    include: Iterable[str],
    use_cache: bool,
    cache_dir: Path | str | None,
    jobs: int | None,
    overrides: Mapping[str, str] | None,
    progress: Callable[[int, int], None] | None,
) -> Workspace:
    root = Path(root).resolve()
    if is_file(root):
        root = root.parent
    files = discover_files(root, exclude, include)
    for path in overrides or {}:
        if path not in files:
            files.append(path)
    files.sort()
    cache_dir = Path(cache_dir) if cache_dir else cache.default_cache_dir(root)
    keep_fingerprints_in(cache_dir if use_cache else None)  # computed later, when asked for
    entries = cache.read(cache_dir) if use_cache else cache.Entries()
    cached, cached_stats = entries.facts, entries.stats
    contents: dict[str, bytes | None] = {}
    unreadable: dict[str, str] = {}  # relpath -> why (too large, not a regular file...): AL000 says it
    hashes: dict[str, str] = {}
    stats: dict[str, tuple] = {}  # relpath -> (stat signature, content hash), for the next run
    for path in files:
        if overrides and path in overrides:
            contents[path] = overrides[path].encode("utf-8", errors="surrogateescape")
            hashes[path] = content_hash(contents[path])
            continue
        signature = _signature(root / path)
        known = cached_stats.get(path)
        if signature is not None and isinstance(known, tuple) and len(known) == 2 and known[0] == signature and path in cached:
            hashes[path] = known[1]  # unchanged since it was read: not read again
            stats[path] = known
            continue
        try:
            contents[path] = read_file(root / path)
        except OSError as error:
            contents[path] = None
            unreadable[path] = unreadable_reason(error)
            continue
        hashes[path] = content_hash(contents[path])
        if signature is not None:
            stats[path] = (signature, hashes[path])
    discovery = discover_locations(root)
    environment = environment_of(root, discovery)
    modules: dict[str, ModuleFacts] = {}
    todo: list[str] = []
    names = module_names(root, files) if cached else set()
    for path in files:
        entry = cached.get(path)
        if entry is not None and path in hashes and cache.is_fresh(entry, hashes[path], hashes, names, environment.for_file(path)):
            modules[path] = entry
        else:
            todo.append(path)
    if progress is not None:
        progress(len(modules), len(files))
    if todo:
        for path in files:  # the interpreter may read any module a changed one imports
            if path not in contents:
                try:
                    contents[path] = read_file(root / path)
                except OSError:
                    contents[path] = None
        extracted, pickled = _extract(root, files, contents, todo, jobs, progress, len(modules), environment)
        modules.update(extracted)
    else:
        pickled = {}
    for path, reason in unreadable.items():
        if path in modules:
            modules[path] = dataclasses.replace(modules[path], syntax_error=SyntaxProblem(reason, Range(1, 0, 1, 0)))
            pickled.pop(path, None)
    if use_cache and (todo or set(cached) != set(modules) or stats != cached_stats):
        kept = {path: data for path, data in entries.pickled.items() if modules.get(path) is cached.get(path)}
        cache.save(cache_dir, {path: pickled.get(path) or kept.get(path) or cache.pickled(facts) for path, facts in modules.items()}, stats)
    workspace = Workspace(root, files, modules, overrides, discovery, environment)
    from assetlens.analyzer.integrations.attach import attach_integrations

    attach_integrations(workspace)  # YAML components, dbt, Sling (issue 10)
    return workspace


def _used_load_calls(modules: Mapping[str, ModuleFacts]) -> list[LoadAssetsCall] | None:
    """The implicit location's loaders: those some `Definitions`/`@repository` of the project uses (a
    module-level `load_assets_from_current_module(group_name=...)` whose result nothing uses regroups
    nothing: Dagster returns new definitions); every loader (None) when the project has no Definitions."""
    used: dict[LoadAssetsCall, None] = {}
    found = False
    for facts in modules.values():
        for definition in facts.definitions:
            found = True
            used.update((call, None) for call in definition.load_calls)
    return list(used) if found else None


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    """The file's stat signature when it is a regular file of a readable size (else None: read it)."""
    from assetlens.analyzer.files import MAX_FILE_BYTES, file_signature

    signature = file_signature(path)
    if not isinstance(signature, tuple) or signature[2] > MAX_FILE_BYTES:
        return None
    return signature


def environment_of(root: Path, discovery: Discovery) -> Environment:
    """Which environment applies to which file: each location's, by folder (see environment.py)."""
    return Environment(location_env(root, ""), {location.root: location.env for location in discovery.locations if not location.implicit})


def _extract(
    root: Path,
    files: list[str],
    contents: dict[str, bytes | None],
    todo: list[str],
    jobs: int | None,
    progress: Callable[[int, int], None] | None,
    done: int,
    environment: Environment | None = None,
) -> tuple[dict[str, ModuleFacts], dict[str, bytes]]:
    """The facts of the `todo` files, and those the worker processes sent already pickled for the cache."""
    jobs = jobs or min(os.cpu_count() or 1, 8)
    total = len(files)
    if jobs <= 1 or len(todo) < PARALLEL_THRESHOLD:
        index = ModuleIndex(root, files, contents.get, environment)
        result = {}
        for number, path in enumerate(todo, start=1):
            result[path] = index.facts(path)
            if progress is not None and number % 25 == 0:
                progress(done + number, total)
        if progress is not None:
            progress(done + len(todo), total)
        return result, {}
    from assetlens.analyzer.extraction_pool import extract_in_workers

    on_chunk = (lambda count: progress(done + count, total)) if progress is not None else None
    return extract_in_workers(root, files, contents, todo, jobs, on_chunk, environment)


def _names_of(root: Path, file: str, files: list[str]) -> set[str]:
    """The dotted names `file` can be imported by."""
    from assetlens.analyzer.project import alternative_names, module_name

    canonical, _ = module_name(root, file, set(files) | {file})
    return {canonical, *alternative_names(file, canonical)}


def _shape(facts: ModuleFacts | None) -> object:
    """What the loader transforms and the name resolution depend on in a file's facts."""
    if facts is None:
        return None
    return (
        facts.module,
        facts.load_calls,
        facts.imported_assets,
        tuple((a.node_id, a.key, a.kind, a.group, a.key_prefixable, a.metadata) for a in facts.assets),
    )


def _moved(old: dict, new: dict) -> tuple[set[str], dict[str, frozenset[AssetKeyParts]]]:
    """Asset node ids whose loader transform changed (transforms compared once each, by identity
    first); and apart, node id -> keys, for transforms that differ only in which keys their prefix
    renames (a loaded asset added or removed): such an asset moves only if its key or a dependency is
    one of those keys (see `_touching`)."""
    compared: dict[tuple[int, int], object] = {}
    moved = set()
    narrowed: dict[str, frozenset[AssetKeyParts]] = {}
    for node in old.keys() | new.keys():
        before, after = old.get(node), new.get(node)
        if before is None or after is None:
            if before is not after:
                moved.add(node)
            continue
        pair = (id(before), id(after))
        if pair not in compared:
            compared[pair] = _renaming_change(before, after)
        change = compared[pair]
        if change is True:
            moved.add(node)
        elif change:
            narrowed[node] = change  # type: ignore[assignment]
    return moved, narrowed


def _renaming_change(before: Transform, after: Transform) -> frozenset[AssetKeyParts] | bool:
    """False: the same transform; True: a different prefix or group; else the keys whose renaming
    changed (`apply_transform` reads the renamed sets only for the asset's key and dependencies)."""
    if before == after:
        return False
    if (before.key_prefix, before.group_name, before.source_key_prefix) != (after.key_prefix, after.group_name, after.source_key_prefix):
        return True
    return (before.renamed ^ after.renamed) | (before.renamed_sources ^ after.renamed_sources)


def _touching(narrowed: Mapping[str, Iterable[AssetKeyParts]], modules: Mapping[str, ModuleFacts]) -> set[str]:
    """The node ids of `narrowed` with an asset whose key or a dependency is among the node's keys."""
    found = set()
    for facts in modules.values():
        for asset in facts.assets:
            keys = narrowed.get(asset.node_id)
            if keys and (asset.key in keys or any(ref.key in keys for ref in asset.deps)):
                found.add(asset.node_id)
    return found
