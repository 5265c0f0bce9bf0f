"""The workspace: every file's facts (cached by content hash) and the asset graph built from them.

INTERFACE DRAFT — implementation in progress. Signatures here are the contract other packages use.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import networkx as nx

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, ModuleFacts


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

    root: Path
    modules: dict[str, ModuleFacts]
    assets: list[AssetFact]
    graph: nx.DiGraph

    def assets_by_key(self) -> dict[AssetKeyParts, list[AssetFact]]: ...

    def assets_in_file(self, file: str) -> list[AssetFact]: ...

    def update_file(self, file: str, text: str | None) -> set[str]:
        """Re-analyse one file from `text` (None: the file was deleted) and rebuild the graph.
        Returns the relpaths whose facts changed (the file itself, and files that import from it)."""
        ...

    def file_text(self, file: str) -> str:
        """The text analysed for `file` (an editor's buffer if one was given, else the disk)."""
        ...

    def to_json(self) -> dict:
        """The public `assetlens graph --format json` object: {"assets": [...], "diagnostics": []}."""
        ...


def analyze_source(text: str | bytes, file: str = "<memory>.py", module: str = "") -> ModuleFacts:
    """Facts of one file on its own (names imported from other project modules stay unresolved)."""
    ...


def analyze_workspace(
    root: str | Path,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    use_cache: bool = True,
    cache_dir: Path | None = None,  # default: ROOT/.assetlens/cache
    jobs: int | None = None,
    overrides: Mapping[str, str] | None = None,  # relpath -> editor text
    progress: Callable[[int, int], None] | None = None,  # (done, total)
) -> Workspace:
    """Discover the .py files under root (honouring .gitignore and `exclude` globs), extract facts
    (in parallel, cached on disk by content hash) and build the graph."""
    ...
