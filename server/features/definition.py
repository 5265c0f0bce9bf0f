"""textDocument/definition: from a reference to an asset key (a parameter, a `deps` entry, an `AssetKey`,
`AssetIn(key=...)`, an `AssetSpec` dep) to where the key is defined, across files — for a dbt model or
a Sling stream, its `.sql` file or its stream in the replication YAML (also when `@dbt_assets`/
`@sling_assets` in Python builds it)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.requests import asset_at

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(params: types.DefinitionParams) -> list[types.Location] | None:
        found = asset_at(server, params.text_document.uri, params.position)
        if found is None:
            return None
        request, hit = found
        targets = queries.definitions(request.workspace, hit.key)
        if not targets:
            return None
        locations = []
        for asset in targets:
            if asset.source_file and asset.source_range is not None:  # written in a .sql/.yaml file
                view = session.fact_view(request.folder, asset.source_file)
                locations.append(session.converter.location(view, asset.source_range))
                continue
            view = session.fact_view(request.folder, asset.file)
            locations.append(session.converter.location(view, queries.anchor(asset)))
        return locations
