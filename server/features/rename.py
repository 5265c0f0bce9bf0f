"""textDocument/prepareRename and textDocument/rename of an asset key, everywhere it is written (function
name, `name=`, parameters of downstream assets, `deps` strings, `AssetIn` keys, `AssetKey` literals).

The edits come from `assetlens.analyzer.rename`; where a rename cannot be done safely, both requests
answer with an error that says why and where (the editor shows it), and nothing is changed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types
from assetlens.server.protocol import Refusal
from assetlens.server.requests import position_request

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


class RenameRefused(Refusal):
    """A rename that cannot be done safely (the message says why)."""

    MESSAGE = "rename refused"


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
        from assetlens.analyzer.rename import RenameError, check_renameable, spelling_range

        request = position_request(server, params.text_document.uri, params.position)
        if request is None or request.file in request.folder.unparsable:
            return None
        hit = request.hit()
        if hit is None:
            return None
        try:
            target = check_renameable(request.workspace, hit.key)
            span = spelling_range(request.workspace, request.file, hit.range, target.name) or hit.range
        except RenameError as error:
            raise RenameRefused(str(error)) from None
        lines = session.fact_lines(request.folder, request.file)
        return types.PrepareRenamePlaceholder(range=session.converter.range(lines, span), placeholder=target.name)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        from assetlens.analyzer.rename import RenameError, rename_edits

        request = position_request(server, params.text_document.uri, params.position)
        if request is None:
            return None
        if request.file in request.folder.unparsable:
            raise RenameRefused(f"{request.file} does not parse: fix it before renaming")
        hit = request.hit()
        if hit is None:
            return None
        new_name = params.new_name.strip()
        try:
            edits = rename_edits(request.workspace, hit.key, new_name)
        except RenameError as error:
            raise RenameRefused(str(error)) from None
        return session.converter.workspace_edit(
            edits, session.views(request.folder), document_changes=server.document_changes()
        )
