"""`AssetSelection`: which assets a job or a `materialize(selection=...)` means, as an expression that is
resolved against an asset graph (the common part of Dagster's selection algebra)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from assetlens.runtime.errors import (
    DagsterInvalidSubsetError,
    UnsupportedByBuiltinEngine,
)
from assetlens.runtime.keys import AssetKey

if TYPE_CHECKING:
    from assetlens.runtime.asset_graph import AssetGraph


class AssetSelection:
    """An expression over asset keys; `resolve(graph)` gives the set of keys."""

    def __init__(self, resolve: Callable[[AssetGraph], set[AssetKey]], text: str) -> None:
        self._resolve = resolve
        self._text = text

    def __repr__(self) -> str:
        return f"AssetSelection({self._text})"

    def resolve(self, graph: Any) -> set[AssetKey]:
        from assetlens.runtime.asset_graph import AssetGraph

        if not isinstance(graph, AssetGraph):
            graph = AssetGraph(graph)
        return self._resolve(graph)

    # -- constructors ------------------------------------------------------------------------------

    @staticmethod
    def all(include_sources: bool = False) -> AssetSelection:
        return AssetSelection(lambda g: g.all_keys if include_sources else g.executable_keys, "all()")

    @staticmethod
    def assets(*assets_defs: Any) -> AssetSelection:
        keys = [
            key
            for item in assets_defs
            for key in (
                item.keys
                if hasattr(item, "keys") and not isinstance(item, (str, list, tuple, AssetKey))
                else [AssetKey.from_coercible(item)]
            )
        ]
        return AssetSelection.keys(*keys)

    @staticmethod
    def keys(*keys: Any) -> AssetSelection:
        wanted = [AssetKey.from_user_string(k) if isinstance(k, str) else AssetKey.from_coercible(k) for k in keys]

        def resolve(graph: AssetGraph) -> set[AssetKey]:
            missing = [key for key in wanted if key not in graph.all_keys]
            if missing:
                raise DagsterInvalidSubsetError(
                    f"AssetKey(s) {[k.to_user_string() for k in missing]} were selected, but no AssetsDefinition "
                    "objects supply these keys."
                )
            return set(wanted)

        return AssetSelection(resolve, f"keys({', '.join(k.to_user_string() for k in wanted)})")

    @staticmethod
    def groups(*group_strs: str, include_sources: bool = False) -> AssetSelection:
        names = set(group_strs)

        def resolve(graph: AssetGraph) -> set[AssetKey]:
            keys = graph.all_keys if include_sources else graph.executable_keys
            return {key for key in keys if graph.group_of(key) in names}

        return AssetSelection(resolve, f"groups({', '.join(sorted(names))})")

    @staticmethod
    def key_prefixes(*key_prefixes: Any, include_sources: bool = False) -> AssetSelection:
        prefixes = [AssetKey.from_user_string(p).parts if isinstance(p, str) else tuple(p) for p in key_prefixes]

        def resolve(graph: AssetGraph) -> set[AssetKey]:
            keys = graph.all_keys if include_sources else graph.executable_keys
            return {key for key in keys if any(key.parts[: len(p)] == p for p in prefixes)}

        return AssetSelection(resolve, f"key_prefixes({prefixes})")

    @staticmethod
    def tag(key: str, value: str, include_sources: bool = False) -> AssetSelection:
        def resolve(graph: AssetGraph) -> set[AssetKey]:
            keys = graph.all_keys if include_sources else graph.executable_keys
            return {k for k in keys if graph.tags_of(k).get(key) == value}

        return AssetSelection(resolve, f"tag({key}={value})")

    @staticmethod
    def from_coercible(selection: Any) -> AssetSelection:
        if isinstance(selection, AssetSelection):
            return selection
        if isinstance(selection, str):
            raise UnsupportedByBuiltinEngine(
                "selection strings (the asset selection syntax)", "pass keys or AssetSelection"
            )
        return AssetSelection.assets(*selection)

    @staticmethod
    def from_string(string: str) -> AssetSelection:
        raise UnsupportedByBuiltinEngine("AssetSelection.from_string", "the asset selection syntax")

    # -- combinators -------------------------------------------------------------------------------

    def __or__(self, other: AssetSelection) -> AssetSelection:
        return AssetSelection(lambda g: self._resolve(g) | other._resolve(g), f"{self._text} | {other._text}")

    def __and__(self, other: AssetSelection) -> AssetSelection:
        return AssetSelection(lambda g: self._resolve(g) & other._resolve(g), f"{self._text} & {other._text}")

    def __sub__(self, other: AssetSelection) -> AssetSelection:
        return AssetSelection(lambda g: self._resolve(g) - other._resolve(g), f"{self._text} - {other._text}")

    def _walk(
        self, graph: AssetGraph, neighbours: Callable[[AssetKey], set[AssetKey]], depth: int | None, include_self: bool
    ) -> set[AssetKey]:
        start = self._resolve(graph)
        result = set(start) if include_self else set()
        frontier, level = set(start), 0
        while frontier and (depth is None or level < depth):
            frontier = (
                {n for key in frontier for n in neighbours(key)} - result - (start if not include_self else set())
            )
            result |= frontier
            level += 1
        return result

    def upstream(self, depth: int | None = None, include_self: bool = True) -> AssetSelection:
        return AssetSelection(
            lambda g: self._walk(g, g.upstream, depth, include_self), f"{self._text}.upstream({depth})"
        )

    def downstream(self, depth: int | None = None, include_self: bool = True) -> AssetSelection:
        return AssetSelection(
            lambda g: self._walk(g, g.downstream, depth, include_self), f"{self._text}.downstream({depth})"
        )

    def roots(self) -> AssetSelection:
        def resolve(graph: AssetGraph) -> set[AssetKey]:
            selected = self._resolve(graph)
            return {key for key in selected if not (graph.upstream(key) & selected)}

        return AssetSelection(resolve, f"{self._text}.roots()")

    def sinks(self) -> AssetSelection:
        def resolve(graph: AssetGraph) -> set[AssetKey]:
            selected = self._resolve(graph)
            return {key for key in selected if not (graph.downstream(key) & selected)}

        return AssetSelection(resolve, f"{self._text}.sinks()")

    def materializable(self) -> AssetSelection:
        return AssetSelection(lambda g: self._resolve(g) & g.executable_keys, f"{self._text}.materializable()")


def keys_of_selection(selection: Iterable[Any] | AssetSelection, graph: AssetGraph) -> set[AssetKey]:
    return AssetSelection.from_coercible(selection).resolve(graph)
