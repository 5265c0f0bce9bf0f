"""textDocument/inlayHint: the resolved asset key, after the function name (or the key literal), where it
differs from what is written there — a `key_prefix`, a `name=`, a `load_assets_from_modules` prefix."""
from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.convert import user_key
from assetlens.server.requests import document_request

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact, Range
    from assetlens.server.app import AssetLensServer
    from assetlens.server.convert import LineIndex


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    def inlay_hints(params: types.InlayHintParams) -> list[types.InlayHint] | None:
        request = document_request(server, params.text_document.uri)
        if request is None:
            return None
        lines = session.fact_lines(request.folder, request.file)
        wanted = session.converter.span(lines, params.range)
        hints: list[types.InlayHint] = []
        seen: set[tuple[int, int]] = set()
        for asset in request.assets():
            placed = hint_place(asset, lines)
            if placed is None:
                continue
            where = placed
            if not (wanted.line <= where.end_line <= wanted.end_line) or (where.end_line, where.end_col) in seen:
                continue
            seen.add((where.end_line, where.end_col))
            assert asset.key is not None  # hint_place places no hint for an unresolved key
            hints.append(
                types.InlayHint(
                    position=session.converter.position(lines, where.end_line, where.end_col),
                    label=f"→ {user_key(asset.key)}",
                    kind=types.InlayHintKind.Type,
                    tooltip="asset key",
                    padding_left=True,
                )
            )
        return hints


def hint_place(asset: AssetFact, lines: LineIndex) -> Range | None:
    """Where the key hint of `asset` goes (None: the key reads as written)."""
    if asset.key is None:
        return None
    key = user_key(asset.key)
    if asset.key_range is not None:
        written = _literal_text(asset.key_range, lines)
        if written == key or (written is None and asset.kind not in ("multi_asset", "graph_multi_asset") and key == asset.node):
            return None
        return asset.key_range
    if asset.name_range is not None and asset.node is not None and key != asset.node:
        return asset.name_range
    return None


def _literal_text(span: Range, lines: LineIndex) -> str | None:
    """The value of a one-line string literal at `span`, or None."""
    if span.line != span.end_line:
        return None
    source = lines.line(span.line - 1)[span.col : span.end_col]
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(part, str) for part in value):
        return "/".join(value)
    return None
