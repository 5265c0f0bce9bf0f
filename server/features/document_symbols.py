"""textDocument/documentSymbol: the assets of a file (a multi-asset as a symbol with its outputs as
children), hierarchical where the client supports it, else flat symbol information."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.convert import NODE_SYMBOL_KIND, FileView, symbol_kind, user_key
from assetlens.server.requests import document_request

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(
        params: types.DocumentSymbolParams,
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        request = document_request(server, params.text_document.uri)
        if request is None:
            return None
        lines = session.fact_lines(request.folder, request.file)
        converter = session.converter
        hierarchical = server.supports("text_document.document_symbol.hierarchical_document_symbol_support")
        groups = queries.nodes_in_file(request.assets())
        if not hierarchical:
            uri = session.uri_of(request.folder, request.file)
            flat: list[types.SymbolInformation] = []
            for group in groups:
                multi = len(group) > 1 or group[0].kind in ("multi_asset", "graph_multi_asset")
                for asset in group:
                    flat.append(
                        types.SymbolInformation(
                            name=_name(asset),
                            kind=symbol_kind(asset),
                            location=converter.location(FileView(uri, lines), asset.def_range or queries.anchor(asset)),
                            container_name=(group[0].node or None) if multi else None,
                        )
                    )
            return flat
        symbols: list[types.DocumentSymbol] = []
        for group in groups:
            first = group[0]
            if len(group) == 1 and first.kind not in ("multi_asset", "graph_multi_asset"):
                symbols.append(_symbol(converter, lines, first))
                continue
            outer = first.def_range or first.decorator_range or queries.anchor(first)
            children = [_symbol(converter, lines, asset, within=outer) for asset in group]
            whole = converter.range(lines, outer)
            symbols.append(
                types.DocumentSymbol(
                    name=first.node or _name(first),
                    detail=f"{first.kind.replace('_', ' ')} · {len(group)} outputs",
                    kind=NODE_SYMBOL_KIND,
                    range=whole,
                    selection_range=_inside(converter.range(lines, first.name_range or outer), whole),
                    children=children,
                )
            )
        return symbols


def _name(asset: AssetFact) -> str:
    return user_key(asset.key) if asset.key is not None else f"<unresolved {asset.node or asset.output}>"


def _symbol(converter, lines, asset: AssetFact, within=None) -> types.DocumentSymbol:
    span = asset.def_range or asset.decorator_range or queries.anchor(asset)
    if within is not None and span is not None and not _contains(within, span):
        span = within
    whole = converter.range(lines, span)
    selection = converter.range(lines, asset.key_range or asset.name_range or span)
    return types.DocumentSymbol(
        name=_name(asset),
        detail=" · ".join(part for part in (asset.kind.replace("_", " "), f"group {asset.group}",
                                            f"location {asset.location}" if asset.location else "not loaded") if part),
        kind=symbol_kind(asset),
        range=whole,
        selection_range=_inside(selection, whole),
    )


def _contains(outer, inner) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) and (inner.end_line, inner.end_col) <= (outer.end_line, outer.end_col)


def _inside(selection: types.Range, whole: types.Range) -> types.Range:
    """LSP requires the selection range to lie within the symbol's range."""
    start = (selection.start.line, selection.start.character)
    end = (selection.end.line, selection.end.character)
    if start < (whole.start.line, whole.start.character) or end > (whole.end.line, whole.end.character):
        return whole
    return selection
