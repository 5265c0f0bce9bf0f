"""Pull diagnostics: textDocument/diagnostic and workspace/diagnostic, for clients that pull.

Answers come from the same per-file diagnostics that are pushed to clients that cannot pull (see
`publisher`); unchanged results are answered as "unchanged" by result id.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.requests import document_request

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer

IDENTIFIER = "assetlens"


def register(server: AssetLensServer) -> None:
    publisher = server.publisher

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier=IDENTIFIER, inter_file_dependencies=True, workspace_diagnostics=True),
    )
    def document_diagnostic(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        request = document_request(server, params.text_document.uri)
        target = (request.folder, request.file) if request is not None else _integration_file(server, params.text_document.uri)
        if target is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        folder, file = target
        result_id = publisher.result_id(folder, file)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=publisher.lsp_diagnostics(folder, file), result_id=result_id
        )

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    def workspace_diagnostic(params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
        server.analysis.ensure_current()
        previous = {item.uri: item.value for item in params.previous_result_ids or []}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        for folder in server.session.folders:
            if not folder.ready:
                continue
            files = set(folder.diagnostics)
            files |= {file for file in _files_of_uris(server, folder, previous)}
            for file in sorted(files):
                view = server.session.fact_view(folder, file)
                result_id = publisher.result_id(folder, file)
                if previous.get(view.uri) == result_id:
                    items.append(
                        types.WorkspaceUnchangedDocumentDiagnosticReport(
                            uri=view.uri, version=view.version, result_id=result_id
                        )
                    )
                else:
                    items.append(
                        types.WorkspaceFullDocumentDiagnosticReport(
                            uri=view.uri,
                            version=view.version,
                            items=publisher.lsp_diagnostics(folder, file),
                            result_id=result_id,
                        )
                    )
        return types.WorkspaceDiagnosticReport(items=items)


def _files_of_uris(server: AssetLensServer, folder, uris: dict[str, str]) -> list[str]:
    """The folder files among URIs the client reported before (their diagnostics may have gone)."""
    from assetlens.server.convert import uri_to_path

    files = []
    for uri in uris:
        path = uri_to_path(uri)
        if path is None:
            continue
        file = folder.relpath(path.resolve())
        if file is not None and folder.workspace is not None and file in folder.workspace.modules:
            files.append(file)
    return files


def _integration_file(server: AssetLensServer, uri: str) -> tuple[object, str] | None:
    """A non-Python file an integration defines assets in (a defs.yaml, a dbt model's .sql): its folder
    and relative path, so that a pulling client gets its diagnostics too."""
    from assetlens.server.folder import analysed_files

    if not isinstance(uri, str):
        return None
    located = server.session.locate(uri)
    if located is None or located.folder.workspace is None or located.file.endswith(".py"):
        return None
    if located.file not in analysed_files(located.folder.workspace):
        return None
    return located.folder, located.file
