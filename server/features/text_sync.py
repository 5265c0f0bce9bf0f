"""didOpen / didChange / didSave / didClose: the editor's texts drive the analysis.

Opening a file whose text differs from what was analysed, and every change, marks it for (debounced)
re-analysis; saving analyses at once and releases diagnostics held for `diagnosticsOn: "save"`; closing
goes back to the text on disk.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.disk import read_disk_text

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        session.documents.open(item.uri, item.version, item.text)
        located = session.locate(item.uri)
        if located is None:
            return
        workspace = located.folder.workspace
        assert workspace is not None
        known = located.file in workspace.modules
        if (known and not located.folder.facts_are_of(located.file, item.text)) or (not known and located.folder.accepts(located.file)):
            server.analysis.document_changed(item.uri)
            server.analysis.flush()

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        document = session.documents.change(
            params.text_document.uri, params.text_document.version, params.content_changes
        )
        if document is not None:
            server.analysis.document_changed(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.analysis.flush(saved=True)
        located = session.locate(uri)
        if located is not None:
            server.publisher.release(located.folder)
        from assetlens.server import baselines

        server.spawn(baselines.refresh(server))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        server.analysis.ensure_current()
        document = session.documents.close(uri)
        if document is None or document.path is None:
            return
        located = session.locate(uri)
        if located is None or located.folder.workspace is None:
            return
        workspace = located.folder.workspace
        if located.file not in workspace.modules:
            return
        disk = read_disk_text(document.path)
        if not isinstance(disk, str) and disk is not None:
            return  # not UTF-8 text: the analyzer reads it from disk itself
        if disk is None or not located.folder.facts_are_of(located.file, disk) or located.file in located.folder.unparsable:
            server.analysis.apply(located.folder, {located.file: disk}, saved=True)
