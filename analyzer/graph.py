"""The workspace asset graph, built from per-file facts alone.

Two steps: `load_transforms` turns every `load_assets_from_modules(..., key_prefix=, group_name=,
source_key_prefix=)` of the workspace into per-module transforms, applied exactly as Dagster's
`DagsterObjectsList.with_attributes` does (a prefix renames the loaded assets and the deps between
them, not deps on anything else; source assets get only `source_key_prefix`); then `AssetGraph` holds
the networkx graph (upstream -> downstream) and updates it file by file.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter

import networkx as nx

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, DepRef, LoadAssetsCall, ModuleFacts, relocated, replaced


@dataclass(frozen=True)
class Transform:
    key_prefix: AssetKeyParts | None
    group_name: str | None
    source_key_prefix: AssetKeyParts | None
    renamed: frozenset[AssetKeyParts]  # keys of the loaded set a key_prefix renames
    renamed_sources: frozenset[AssetKeyParts]


def _covered_modules(call: LoadAssetsCall, modules: list[str]) -> list[str]:
    """The names in `modules` (sorted) that `call` loads: each module it names, and with `recursive`
    every submodule of a named package (a contiguous run of the sorted names, found by bisection)."""
    covered: dict[str, None] = {}
    for name in call.modules:
        start = bisect_left(modules, name)
        if start < len(modules) and modules[start] == name:
            covered[name] = None
        if call.recursive:
            prefix = name + "."
            index = bisect_left(modules, prefix)
            while index < len(modules) and modules[index].startswith(prefix):
                covered[modules[index]] = None
                index += 1
    return sorted(covered)


ModuleTables = tuple[dict[str, list[str]], dict[str, list[AssetFact]]]


def module_tables(modules: Mapping[str, ModuleFacts]) -> ModuleTables:
    """Module name -> its files, and asset node id -> its assets (a multi-asset's outputs share one
    node id): what the loaders are resolved with."""
    by_module: dict[str, list[str]] = {}
    by_node: dict[str, list[AssetFact]] = {}
    for path, facts in modules.items():
        by_module.setdefault(facts.module, []).append(path)
        for asset in facts.assets:
            by_node.setdefault(asset.node_id, []).append(asset)
    return by_module, by_node


def load_transforms(
    modules: Mapping[str, ModuleFacts], calls: Iterable[LoadAssetsCall] | None = None,
    tables: Callable[[], ModuleTables] | None = None,
) -> dict[str, Transform]:
    """Asset node id -> the transform the module loaders apply to it (first call wins): `calls`, the
    loaders one code location's Definitions uses (default: every loader of the workspace). `tables`:
    `module_tables(modules)`, when the caller shares it between locations.

    A loader loads the assets a module defines and those it imports (Dagster walks the module's
    attributes), so both get the module's transform."""
    calls = [call for facts in modules.values() for call in facts.load_calls] if calls is None else list(calls)
    if not any(call.key_prefix or call.group_name or call.source_key_prefix for call in calls):
        return {}  # no loader renames or regroups anything
    by_module, by_node = tables() if tables is not None else module_tables(modules)
    result: dict[str, Transform] = {}
    names = sorted(by_module)
    for call in calls:
        if not (call.key_prefix or call.group_name or call.source_key_prefix):
            continue
        covered_paths = [path for module in _covered_modules(call, names) for path in by_module[module]]
        node_ids: dict[str, None] = {}
        for path in covered_paths:
            node_ids.update((asset.node_id, None) for asset in modules[path].assets)
            node_ids.update((node_id, None) for node_id in modules[path].imported_assets if node_id in by_node)
        covered = [asset for node_id in node_ids for asset in by_node.get(node_id, ())]
        loaded = [asset for asset in covered if asset.kind != "spec" or call.include_specs]
        renamed = frozenset(
            asset.key for asset in loaded if asset.key is not None and asset.kind != "source"
        ) if call.key_prefix else frozenset()
        sources = frozenset(
            asset.key for asset in loaded if asset.key is not None and asset.kind in ("source", "spec")
        ) if call.source_key_prefix else frozenset()
        transform = Transform(call.key_prefix, call.group_name, call.source_key_prefix, renamed, sources)
        for asset in loaded:
            result.setdefault(asset.node_id, transform)
    return result


def apply_transform(asset: AssetFact, transform: Transform | None, location: str | None = None) -> AssetFact:
    """The asset as a loader with `transform` loads it, in code location `location` (when given)."""
    if transform is None:
        return relocated(asset, location) if location is not None and asset.location != location else asset
    key = asset.key
    changes: dict[str, object] = {}
    if location is not None and asset.location != location:
        changes["location"] = location
    if key is not None and transform.key_prefix and key in transform.renamed and asset.key_prefixable:
        changes["key"] = (*transform.key_prefix, *key)
    if key is not None and transform.source_key_prefix and key in transform.renamed_sources:
        changes["key"] = (*transform.source_key_prefix, *key)
    if transform.group_name:
        changes["group"] = transform.group_name
    renamed = transform.renamed if transform.key_prefix else None
    sources = transform.renamed_sources if transform.source_key_prefix else None
    if renamed or sources:  # dependencies on keys the loader renames are renamed too
        deps = []
        changed_deps = False
        for ref in asset.deps:
            if ref.key is not None and renamed and ref.key in renamed:
                ref = ref._replace(key=(*transform.key_prefix, *ref.key), renameable=False)  # type: ignore[misc]
                changed_deps = True
            elif ref.key is not None and sources and ref.key in sources:
                ref = ref._replace(key=(*transform.source_key_prefix, *ref.key), renameable=False)  # type: ignore[misc]
                changed_deps = True
            deps.append(ref)
        if changed_deps:
            changes["deps"] = tuple(deps)
    if "key" in changes:
        changes["key_renameable"] = False
    return replaced(asset, changes) if changes else asset


class NameResolver:
    """Dagster's `resolve_assets_def_deps`: a one-part dependency that matches no key resolves to the
    one key with that name in the dependent asset's group (unambiguous, and not the asset itself).

    Kept up to date edit by edit (`update`); its name and table-name indexes are built on the first
    dependency that needs them. Each definition counts, so a key defined twice (an AL003 error, which
    Dagster refuses to load) is found under each of its groups."""

    def __init__(self, assets: Iterable[AssetFact]) -> None:
        # the definitions by identity are needed from the first edit or name lookup on (`_indexed`); a
        # build needs only the defined keys, counted here (a definition seen twice is recounted then)
        self._unindexed: list[AssetFact] | None = [asset for asset in assets if asset.key]
        self._assets: dict[tuple, AssetFact] = {}
        self._definitions: dict[AssetKeyParts, int] = Counter(map(_KEY, self._unindexed))
        self.defined = self._definitions.keys()  # a live set-like view
        self._by_name: dict[tuple[str | None, str], dict[AssetKeyParts, int]] | None = None
        self._by_table: dict[str, dict[AssetKeyParts, int]] = {}

    def _indexed(self) -> dict[tuple, AssetFact]:
        """The definitions by identity (made on first use): each counts once in `_definitions`."""
        if self._unindexed is not None:
            self._assets = {_identity(asset): asset for asset in self._unindexed}
            if len(self._assets) != len(self._unindexed):  # the same definition given twice
                self._definitions.clear()  # in place: `defined` is a view of it
                for asset in self._assets.values():
                    self._definitions[asset.key] = self._definitions.get(asset.key, 0) + 1
            self._unindexed = None
        return self._assets

    def update(self, removed: Iterable[AssetFact], added: Iterable[AssetFact]) -> None:
        """The definitions changed: `removed` are gone, `added` are new (each known by its definition and
        key: a copy with its dependencies resolved is the same definition)."""
        assets = self._indexed()
        for asset in removed:
            known = assets.pop(_identity(asset), None)
            if known is not None:
                self._count(known, -1)
        for asset in added:
            if asset.key and _identity(asset) not in assets:
                assets[_identity(asset)] = asset
                self._count(asset, 1)

    def _count(self, asset: AssetFact, step: int) -> None:
        key = asset.key
        remaining = self._definitions.get(key, 0) + step
        if remaining > 0:
            self._definitions[key] = remaining
        else:
            self._definitions.pop(key, None)
        if self._by_name is not None:
            self._index_one(asset, step)

    def _index_one(self, asset: AssetFact, step: int) -> None:
        key = asset.key
        places = [self._by_name.setdefault((asset.group, key[-1]), {})]  # type: ignore[union-attr]
        places += [
            self._by_table.setdefault(value, {}) for name, value in asset.metadata
            if name == "dagster/table_name" and isinstance(value, str)
        ]
        for place in places:
            count = place.get(key, 0) + step
            if count > 0:
                place[key] = count
            else:
                place.pop(key, None)

    def _matches(self, index: str, name: object) -> list[AssetKeyParts]:
        if self._by_name is None:
            self._by_name = {}
            for asset in self._indexed().values():
                self._index_one(asset, 1)
        found = (self._by_name if index == "name" else self._by_table).get(name, {})  # type: ignore[arg-type]
        return list(found)

    def needs(self, asset: AssetFact) -> bool:
        """Whether a dependency of `asset` may resolve by name (one part, or a table name, not a key)."""
        defined = self._definitions
        for ref in asset.deps:
            key = ref.key
            if key is not None and (len(key) == 1 or ref.table_name) and key not in defined:
                return True
        return False

    def resolve(self, asset: AssetFact, node_keys: set[AssetKeyParts]) -> AssetFact:
        if not self.needs(asset):
            return asset
        deps = []
        for ref in asset.deps:
            if ref.key is not None and ref.key not in self.defined:
                matches = self._matches("name", (asset.group, ref.key[0])) if len(ref.key) == 1 else []
                tables = self._matches("table", ref.table_name) if ref.table_name else []
                if len(matches) == 1 and matches[0] not in node_keys:
                    ref = ref._replace(key=matches[0], text=f"{ref.text} (resolved by name within group {asset.group!r})")
                elif len(tables) == 1:
                    ref = ref._replace(key=tables[0], text=f"{ref.text} (resolved by table name {ref.table_name!r})")
            deps.append(ref)
        return replaced(asset, {"deps": tuple(deps)})


_KEY = attrgetter("key")
# networkx >= 3.3 caches some results on the graph; its add_* methods clear that cache, and so does a fill
_clear_cache = getattr(nx, "_clear_cache", lambda graph: None)
_UNSET = object()


def needs_resolution(assets: Iterable[AssetFact], resolvers: Mapping[str | None, NameResolver]) -> bool:
    """Whether some asset has a dependency to resolve by name: `resolvers[asset.location].needs(asset)`
    for any of them (one loop: a build asks it of every file)."""
    location: object = _UNSET
    defined: Mapping[AssetKeyParts, int] = {}
    for asset in assets:
        if asset.location != location:
            location = asset.location
            resolver = resolvers.get(asset.location)
            defined = resolver._definitions if resolver is not None else {}
        for ref in asset.deps:
            key = ref.key
            if key is not None and (len(key) == 1 or ref.table_name) and key not in defined:
                return True
    return False


def _identity(asset: AssetFact) -> tuple:
    return (asset.file, asset.node_id, asset.output, asset.key, asset.location)


class AssetGraph:
    """networkx DiGraph of keys. Node attribute "assets": the facts defining the key (empty for a key
    only referenced). Edge attribute "refs": [(downstream AssetFact, DepRef), ...]."""

    def __init__(self) -> None:
        self.graph: nx.DiGraph = nx.DiGraph()
        self.by_file: dict[str, list[AssetFact]] = {}

    def add_file(self, file: str, assets: Iterable[AssetFact]) -> None:
        self.add_files({file: list(assets)})

    def add_files(self, files: Mapping[str, list[AssetFact]]) -> None:
        """Add the assets of several files at once. New nodes and edges are written into networkx's own
        dicts, as its `add_nodes_from`/`add_edges_from` would add them (same order), at a third of the
        cost: a cold build adds every node and edge of the workspace."""
        graph = self.graph
        nodes, successors, predecessors = graph._node, graph._succ, graph._pred
        if not nodes:
            self._fill(files)
            return
        by_file = self.by_file
        new_nodes: dict[AssetKeyParts, list[AssetFact]] = {}
        new_edges: dict[tuple[AssetKeyParts, AssetKeyParts], list[tuple[AssetFact, DepRef]]] = {}
        for file, facts in files.items():
            by_file[file] = facts
            for asset in facts:
                key = asset.key
                if key is None:
                    continue
                known = nodes.get(key)
                if known is not None:
                    known["assets"].append(asset)
                else:
                    defined = new_nodes.get(key)
                    if defined is None:
                        new_nodes[key] = [asset]
                    else:
                        defined.append(asset)
                for ref in asset.deps:
                    upstream = ref.key
                    if upstream is None:
                        continue
                    below = successors.get(upstream)
                    edge = below.get(key) if below is not None else None
                    if edge is not None:
                        edge["refs"].append((asset, ref))
                        continue
                    pair = (upstream, key)
                    refs = new_edges.get(pair)
                    if refs is None:
                        new_edges[pair] = [(asset, ref)]
                    else:
                        refs.append((asset, ref))
        for upstream, _ in new_edges:  # a downstream end is always defined
            if upstream not in nodes and upstream not in new_nodes:
                new_nodes[upstream] = []
        for key, assets in new_nodes.items():  # add_nodes_from
            nodes[key] = {"assets": assets}
            successors[key] = {}
            predecessors[key] = {}
        for (upstream, key), refs in new_edges.items():  # add_edges_from
            data = {"refs": refs}
            successors[upstream][key] = data
            predecessors[key][upstream] = data
        _clear_cache(graph)

    def _fill(self, files: Mapping[str, list[AssetFact]]) -> None:
        """`add_files` into an empty graph (a build): each node and its successor and predecessor
        dicts are made when its first definition is met, the edges as they are met, in the order
        networkx would have them (nodes in order of definition, then the keys only referenced)."""
        graph = self.graph
        nodes, successors, predecessors = graph._node, graph._succ, graph._pred
        by_file = self.by_file
        pending: dict[AssetKeyParts, dict[AssetKeyParts, dict]] = {}  # referenced, not (yet) defined: its edges
        for file, facts in files.items():
            by_file[file] = facts
            for asset in facts:
                key = asset.key
                if key is None:
                    continue
                attributes = nodes.get(key)
                if attributes is None:
                    nodes[key] = {"assets": [asset]}
                    successors[key] = pending.pop(key, None) or {}
                    upstreams = predecessors[key] = {}
                else:
                    attributes["assets"].append(asset)
                    upstreams = predecessors[key]
                for ref in asset.deps:
                    upstream = ref.key
                    if upstream is None:
                        continue
                    downstreams = successors.get(upstream)
                    if downstreams is None:
                        downstreams = pending.get(upstream)
                        if downstreams is None:
                            data = {"refs": [(asset, ref)]}
                            pending[upstream] = {key: data}
                            upstreams[upstream] = data
                            continue
                    data = downstreams.get(key)
                    if data is None:
                        downstreams[key] = upstreams[upstream] = {"refs": [(asset, ref)]}
                    else:
                        data["refs"].append((asset, ref))
        for key, downstreams in pending.items():  # keys only referenced
            nodes[key] = {"assets": []}
            successors[key] = downstreams
            predecessors[key] = {}
        _clear_cache(graph)

    def remove_file(self, file: str) -> None:
        """Take the file's assets out: their definitions and references (each list replaced, not
        changed in place), and the keys left with neither. Written on networkx's own dicts, as its
        `remove_edge`/`remove_node` would change them: an edit that moves a loader's assets removes
        hundreds of files."""
        facts = self.by_file.pop(file, [])
        graph = self.graph
        nodes, successors, predecessors = graph._node, graph._succ, graph._pred
        touched: set[AssetKeyParts] = set()
        for asset in facts:
            key = asset.key
            attributes = nodes.get(key) if key is not None else None
            if attributes is None:
                continue
            attributes["assets"] = [a for a in attributes["assets"] if a is not asset]
            touched.add(key)
            upstreams = predecessors[key]
            for ref in asset.deps:
                upstream = ref.key
                data = upstreams.get(upstream) if upstream is not None else None
                if data is None:
                    continue
                refs = [(a, r) for a, r in data["refs"] if a is not asset]
                if refs:
                    data["refs"] = refs
                else:  # remove_edge
                    del successors[upstream][key]
                    del upstreams[upstream]
                touched.add(upstream)
        for key in touched:
            if key in nodes and not nodes[key]["assets"] and not successors[key] and not predecessors[key]:
                del nodes[key], successors[key], predecessors[key]  # remove_node (no edge left)
        _clear_cache(graph)

    def assets(self) -> list[AssetFact]:
        return [asset for file in sorted(self.by_file) for asset in self.by_file[file]]


def dep_keys(asset: AssetFact) -> list[AssetKeyParts]:
    """Sorted unique upstream keys (the public JSON's "deps")."""
    return sorted({ref.key for ref in asset.deps if ref.key is not None})


def refs_to(graph: nx.DiGraph, key: AssetKeyParts) -> list[tuple[AssetFact, DepRef]]:
    """Every reference to `key` from downstream assets."""
    if key not in graph:
        return []
    return [pair for _, _, data in graph.out_edges(key, data=True) for pair in data["refs"]]
