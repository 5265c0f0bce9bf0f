"""textDocument/documentHighlight: in the current file, where the asset key under the cursor is defined
(written) and referenced (read) — the reads include the uses of an input inside its function body."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.requests import asset_at, input_uses

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    def highlight(params: types.DocumentHighlightParams) -> list[types.DocumentHighlight] | None:
        found = asset_at(server, params.text_document.uri, params.position)
        if found is None:
            return None
        request, hit = found
        lines = session.fact_lines(request.folder, request.file)
        converter = session.converter
        found: list[types.DocumentHighlight] = []
        seen: set[tuple[int, int, int, int]] = set()

        def add(span, kind: types.DocumentHighlightKind) -> None:
            if span is None or (span.line, span.col, span.end_line, span.end_col) in seen:
                return
            seen.add((span.line, span.col, span.end_line, span.end_col))
            found.append(types.DocumentHighlight(range=converter.range(lines, span), kind=kind))

        for asset in request.assets():
            if asset.key == hit.key:
                add(asset.key_range or asset.name_range or asset.decorator_range, types.DocumentHighlightKind.Write)
            for dep in asset.deps:
                if dep.key == hit.key:
                    add(dep.range, types.DocumentHighlightKind.Read)
            for dep, uses in input_uses(request.folder, request.file, asset):
                if dep.key == hit.key:
                    for use in uses:
                        add(use, types.DocumentHighlightKind.Read)
        return found
