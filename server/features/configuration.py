"""workspace/didChangeConfiguration: settings changed in the editor.

Clients that answer `workspace/configuration` are asked again for every folder; others send the
settings in the notification. A folder whose analysed files change (`exclude`, or `[tool.assetlens]`
include/exclude) is indexed again; otherwise its diagnostics are recomputed with the new rules.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from assetlens.server.indexing import configure, index_folders, refresh_views
from assetlens.server.settings import parse_settings

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder


def register(server: AssetLensServer) -> None:
    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(params: types.DidChangeConfigurationParams) -> None:
        folders = list(server.session.folders)
        before = {folder.root: file_selection(folder) for folder in folders}
        if server.supports("workspace.configuration"):
            await configure(server, folders)
        else:
            settings: Any = params.settings
            server.default_settings = parse_settings(settings)
            for folder in folders:
                for problem in folder.configure(server.default_settings):
                    server.show_warning(problem)
        await apply_new_settings(server, folders, before)


async def apply_new_settings(server: AssetLensServer, folders: list[Folder], before: dict) -> None:
    """After folders were reconfigured: re-index those whose file selection changed, recompute the rest."""
    reindex = [folder for folder in folders if before.get(folder.root) != file_selection(folder) and folder.ready]
    for folder in folders:
        if folder not in reindex:
            server.analysis.recompute_all(folder)
    refresh_views(server)
    if reindex:
        server.spawn(index_folders(server, reindex))


def file_selection(folder: Folder) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return folder.include_patterns(), folder.exclude_patterns()
