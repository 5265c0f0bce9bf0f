"""initialize / initialized / shutdown and workspace folder changes.

`initialize` only records what the client said (folders, position encoding, settings, whether it pulls
diagnostics) and is answered at once; the index is built in the background from `initialized` on.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.convert import Converter, path_to_uri
from assetlens.server.documents import follow_lsp_lines
from assetlens.server.features import watched_files
from assetlens.server.indexing import index_folders
from assetlens.server.settings import parse_settings

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        follow_lsp_lines(server.workspace)
        encoding = server.workspace.position_encoding
        server.session.set_converter(Converter(getattr(encoding, "value", encoding) or "utf-16"))
        server.default_settings = parse_settings(params.initialization_options)
        server.publisher.pull = server.supports("text_document.diagnostic")
        folders = list(params.workspace_folders or [])
        if not folders:
            root_uri = params.root_uri
            if root_uri is None and params.root_path:
                from pathlib import Path

                root_uri = path_to_uri(Path(params.root_path))
            if root_uri:
                folders = [types.WorkspaceFolder(uri=root_uri, name="")]
        for folder in folders:
            server.session.add_folder(folder.uri, folder.name)

    @server.feature(types.INITIALIZED)
    def initialized(params: types.InitializedParams) -> None:
        if not server.session.folders:
            for warning in server.default_settings.warnings:
                server.show_warning(warning)
        watched_files.watch(server)
        server.spawn(index_folders(server, list(server.session.folders)))

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        for task in list(server.tasks):
            task.cancel()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(params: types.DidChangeWorkspaceFoldersParams) -> None:
        for removed in params.event.removed or []:
            folder = server.session.remove_folder(removed.uri)
            if folder is not None:
                server.publisher.forget_folder(folder)
        added = []
        for new in params.event.added or []:
            folder = server.session.add_folder(new.uri, new.name)
            if folder is not None and folder.status == "waiting" and folder.workspace is None:
                added.append(folder)
        server.index_status.update(immediate=True)
        if added:
            server.spawn(index_folders(server, added))
