"""Helpers of the analyzer tests: write a workspace to disk, analyse it, and read facts back by key."""
from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from assetlens.analyzer import AssetFact, ModuleFacts, Range, Workspace, analyze_source, analyze_workspace

Key = tuple[str, ...]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `relpath -> text` (dedented) or raw bytes under `root`; returns `root`."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def analyze(root: Path, files: Mapping[str, str | bytes] | None = None, **options: Any) -> Workspace:
    """Write `files` (if given) and analyse the folder: no cache and one process unless asked."""
    if files:
        write_files(root, files)
    options.setdefault("use_cache", False)
    options.setdefault("jobs", 1)
    return analyze_workspace(root, **options)


def source(text: str | bytes, file: str = "assets.py", module: str = "assets") -> ModuleFacts:
    """Facts of one dedented file analysed on its own."""
    if isinstance(text, str):
        text = textwrap.dedent(text)
    return analyze_source(text, file, module)


def assets_of(where: ModuleFacts | Workspace | Iterable[AssetFact]) -> list[AssetFact]:
    if isinstance(where, ModuleFacts):
        return list(where.assets)
    if isinstance(where, Workspace):
        return list(where.assets)
    return list(where)


def asset(where: ModuleFacts | Workspace | Iterable[AssetFact], *key: str) -> AssetFact:
    """The one asset with this key (fails loudly when there are none or several)."""
    found = [fact for fact in assets_of(where) if fact.key == tuple(key)]
    assert len(found) == 1, f"expected one asset {key}, found {len(found)} among {sorted(map(str, keys(where)))}"
    return found[0]


def keys(where: ModuleFacts | Workspace | Iterable[AssetFact]) -> set[Key | None]:
    return {fact.key for fact in assets_of(where)}


def dep_keys(fact: AssetFact) -> set[Key | None]:
    return {ref.key for ref in fact.deps}


def text_at(text: str, where: Range | None) -> str:
    """The source text a (single- or multi-line) range covers."""
    assert where is not None, "no range"
    lines = text.split("\n")
    if where.line == where.end_line:
        return lines[where.line - 1][where.col : where.end_col]
    parts = [lines[where.line - 1][where.col :], *lines[where.line : where.end_line - 1], lines[where.end_line - 1][: where.end_col]]
    return "\n".join(parts)


def graph_summary(workspace: Workspace) -> tuple[list[tuple], list[Key], list[tuple[Key, Key]]]:
    """What must be identical between an incrementally updated workspace and a fresh analysis."""
    facts = sorted(
        (
            fact.file,
            fact.key or (),
            fact.kind,
            tuple(sorted({ref.key for ref in fact.deps if ref.key is not None})),
            fact.group,
            fact.code_version or "",
            fact.resolved,
            fact.fingerprint or "",
        )
        for fact in workspace.assets
    )
    return facts, sorted(workspace.graph.nodes), sorted(workspace.graph.edges)
