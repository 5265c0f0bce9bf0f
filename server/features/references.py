"""textDocument/references: every place that depends on the asset key under the cursor (parameters,
`deps` entries, `AssetKey`/`AssetIn` references in every file), plus its definitions when asked."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.requests import asset_at

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(params: types.ReferenceParams) -> list[types.Location] | None:
        found = asset_at(server, params.text_document.uri, params.position)
        if found is None:
            return None
        request, hit = found
        views = session.views(request.folder)
        locations: list[types.Location] = []
        if params.context is None or params.context.include_declaration:
            for asset in queries.definitions(request.workspace, hit.key):
                locations.append(session.converter.location(views(asset.file), queries.anchor(asset)))
        for reference in queries.references(request.workspace, hit.key):
            if reference.dep.range is None:
                continue
            locations.append(session.converter.location(views(reference.downstream.file), reference.dep.range))
        return locations
