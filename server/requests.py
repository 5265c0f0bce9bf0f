"""Resolving what a request is about: its document's folder and file, and the cursor in analyzer terms.

Every feature starts here: pending edits of the document are analysed first (so the answer is about
the text the editor has now), and a document outside the indexed folders, a folder still indexing, or
a position outside the text gives None (the feature then answers "nothing") rather than an error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.convert import LineIndex
from assetlens.server.session import Located

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact
    from assetlens.analyzer.workspace import Workspace
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    located: Located
    lines: LineIndex  # of the text the request's positions refer to

    @property
    def folder(self) -> Folder:
        return self.located.folder

    @property
    def file(self) -> str:
        return self.located.file

    @property
    def workspace(self) -> Workspace:
        assert self.located.folder.workspace is not None
        return self.located.folder.workspace

    def assets(self) -> list[AssetFact]:
        return self.workspace.assets_in_file(self.file)


@dataclass(frozen=True, slots=True)
class PositionRequest(DocumentRequest):
    line: int  # 1-based
    col: int  # code points

    def hit(self) -> queries.Hit | None:
        return queries.hit_at(self.assets(), self.line, self.col) or self._input_use()

    def _input_use(self) -> queries.Hit | None:
        """A use of an asset's input (a parameter that is an upstream asset) inside its function body."""
        for asset in self.assets():
            if asset.def_range is None or not asset.def_range.contains(self.line, self.col):
                continue
            for dep, uses in input_uses(self.folder, self.file, asset):
                for use in uses:
                    if use.contains(self.line, self.col):
                        return queries.Hit(dep.key, "reference", use, (asset,), dep)
        return None


def input_uses(folder: Folder, file: str, asset: AssetFact) -> list[tuple[Any, list[Any]]]:
    """(dependency, the ranges of its reads in the function body) for each input of `asset` that is a
    parameter of its function (remembered until the facts change)."""
    if asset.node is None or asset.name_range is None or folder.workspace is None:
        return []
    inputs = [dep for dep in asset.deps if dep.key is not None and dep.input_name and dep.via in ("param", "ins")]
    if not inputs:
        return []

    def compute() -> list[tuple[Any, list[Any]]]:
        from assetlens.analyzer.parameter_uses import parameter_uses

        text = folder.text_of_facts(file)
        return [(dep, parameter_uses(text, asset.name_range.line, asset.node, dep.input_name)) for dep in inputs]

    return folder.memo(f"input-uses:{file}:{asset.name_range.line}:{asset.node}", compute)


def asset_at(server: AssetLensServer, uri: str, position: types.Position) -> tuple[PositionRequest, queries.Hit] | None:
    """The request and the asset reference or definition under the cursor, or None (the common start of
    hover, definition, references, highlight and call hierarchy)."""
    request = position_request(server, uri, position)
    if request is None:
        return None
    hit = request.hit()
    return (request, hit) if hit is not None else None


def document_request(server: AssetLensServer, uri: str) -> DocumentRequest | None:
    if not isinstance(uri, str):
        return None
    server.analysis.ensure_current()
    located = server.session.locate(uri)
    if located is None or located.folder.workspace is None:
        return None
    if located.file not in located.folder.workspace.modules:
        return None
    return DocumentRequest(located, server.session.request_lines(located))


def position_request(server: AssetLensServer, uri: str, position: types.Position) -> PositionRequest | None:
    request = document_request(server, uri)
    if request is None or position is None or position.line < 0 or position.character < 0:
        return None
    if position.line >= request.lines.line_count:
        return None
    line, col = server.session.converter.cursor(request.lines, position)
    return PositionRequest(request.located, request.lines, line, col)
