"""What every rule's `check` receives: the workspace, the files to report on, and the git baseline.

Rules read facts only (never syntax trees, never the disk except through `Workspace.file_text`), so the
command line and the language server get identical results from the same facts.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assetlens.analyzer.facts import AssetFact, AssetKeyParts, Diagnostic, ModuleFacts, Range, Severity

if TYPE_CHECKING:
    import networkx as nx

    from assetlens.analyzer.baseline import Baseline


class WorkspaceView(Protocol):
    """The part of `assetlens.analyzer.workspace.Workspace` the rules read. The graph holds what the
    code locations load (each asset's `location` says which); rules that compare locations read
    `workspace.locations` and `workspace.discovery` when present (`getattr`: hand-built views in tests
    have one implicit location)."""

    root: Path
    modules: dict[str, ModuleFacts]
    assets: list[AssetFact]
    graph: nx.DiGraph

    def assets_by_key(self) -> dict[AssetKeyParts, list[AssetFact]]: ...

    def assets_in_file(self, file: str) -> list[AssetFact]: ...

    def file_text(self, file: str) -> str: ...


@dataclass(frozen=True, slots=True)
class RuleContext:
    """Input of a rule. `files` is None for the whole workspace, else the relpaths to report on
    (the rules still read the whole graph; they only emit diagnostics located in these files)."""

    workspace: WorkspaceView
    files: frozenset[str] | None = None
    baseline: Baseline | None = None

    def in_scope(self, file: str) -> bool:
        return self.files is None or file in self.files

    def modules(self) -> Iterator[ModuleFacts]:
        """The facts of the files in scope."""
        if self.files is None:
            yield from self.workspace.modules.values()
            return
        for file in sorted(self.files):
            module = self.workspace.modules.get(file)
            if module is not None:
                yield module

    def assets(self) -> Iterable[AssetFact]:
        """The assets (with their effective keys) defined in the files in scope."""
        if self.files is None:
            return self.workspace.assets
        return [asset for file in sorted(self.files) for asset in self.workspace.assets_in_file(file)]


def definition_range(asset: AssetFact) -> Range | None:
    """Where a diagnostic about a whole definition points: the key literal, else the function name,
    else the decorator (or AssetSpec/SourceAsset call), else the whole definition."""
    return asset.key_range or asset.name_range or asset.decorator_range or asset.def_range


def user_key(key: AssetKeyParts | None) -> str:
    """The user-facing spelling of a key, in backticks: `raw/orders`."""
    return "`" + ("/".join(key) if key is not None else "<unresolved>") + "`"


def position(file: str, range_: Range | None) -> str:
    """`file:line:col` (1-based column), for messages that point elsewhere."""
    if range_ is None:
        return file
    return f"{file}:{range_.line}:{range_.col + 1}"


def problem_diagnostics(ctx: RuleContext, code: str, name: str, severity: Severity) -> Iterator[Diagnostic]:
    """The extractor's findings of rule `code`, on the assets and files in scope: per-asset `problems`
    and per-file `notes` (what the static interpreter had to give up on)."""
    for asset in ctx.assets():
        for problem in asset.problems:
            if problem.code == code:
                yield Diagnostic(code=code, name=name, message=problem.message, file=asset.file,
                                 range=problem.range or definition_range(asset), severity=severity, key=asset.key)
    for module in ctx.modules():
        for note in module.notes:
            if note.code == code:
                yield Diagnostic(code=code, name=name, message=note.message, file=module.file,
                                 range=note.range, severity=severity)
