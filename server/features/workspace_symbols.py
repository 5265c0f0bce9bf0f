"""workspace/symbol: assets of every folder by key (`orders/daily`, or any fragments in order: `ord/dai`)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.convert import symbol_kind, user_key

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer

MAX_SYMBOLS = 500


def matcher(query: str):
    """A predicate over user keys: every character of the query, in order (case-insensitive), with
    `/` in the query only matching `/`. Returns a score (lower is better) or None."""
    query = query.strip().lower()
    if not query:
        return lambda text: 0
    pattern = re.compile(".*?".join(re.escape(char) for char in query))

    def score(text: str) -> int | None:
        lowered = text.lower()
        if query in lowered:
            return 0 if lowered.endswith(query) else 1
        return 2 if pattern.search(lowered) else None

    return score


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbols(params: types.WorkspaceSymbolParams) -> list[types.SymbolInformation] | None:
        server.analysis.ensure_current()
        score = matcher(params.query or "")
        found: list[tuple[int, str, Any, Any]] = []  # (rank, name, asset, views)
        for folder in session.folders:
            if not folder.ready or folder.workspace is None:
                continue
            views = session.views(folder)
            for asset in folder.workspace.assets:
                if asset.key is None:
                    continue
                name = user_key(asset.key)
                rank = score(name)
                if rank is None:
                    continue
                found.append((rank, name, asset, views))
        found.sort(key=lambda item: (item[0], len(item[1]), item[1]))
        located = {folder_asset.location for _, _, folder_asset, _ in found if folder_asset.location}

        def views_locations(asset: Any) -> set[str]:  # several code locations: say which one
            return located
        result = []
        for _rank, name, asset, views in found[:MAX_SYMBOLS]:
            result.append(
                types.SymbolInformation(
                    name=name,
                    kind=symbol_kind(asset),
                    location=session.converter.location(views(asset.file), queries.anchor(asset)),
                    container_name=f"{asset.group} · {asset.location}" if asset.location and len(views_locations(asset)) > 1 else asset.group,
                )
            )
        return result
