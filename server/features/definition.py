"""textDocument/definition: from a reference to an asset key (a parameter, a `deps` entry, an `AssetKey`,
`AssetIn(key=...)`, an `AssetSpec` dep) to where the key is defined, across files."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.requests import position_request

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(params: types.DefinitionParams) -> list[types.Location] | None:
        request = position_request(server, params.text_document.uri, params.position)
        if request is None:
            return None
        hit = request.hit()
        if hit is None:
            return None
        targets = queries.definitions(request.workspace, hit.key)
        if not targets:
            return None
        locations = []
        for asset in targets:
            view = session.fact_view(request.folder, asset.file)
            locations.append(session.converter.location(view, queries.anchor(asset)))
        return locations
