"""textDocument/codeAction: the check rules' fixes as quick fixes (bump `code_version`, replace a missing
key with the suggestion, add an external `AssetSpec`, ...), and "fix all" for the file's safe fixes."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server.requests import document_request

if TYPE_CHECKING:
    from assetlens.analyzer.facts import Diagnostic
    from assetlens.server.app import AssetLensServer

FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.assetlens"


def register(server: AssetLensServer) -> None:
    session = server.session

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    def code_actions(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        if not server.supports("text_document.code_action.code_action_literal_support"):
            return None
        request = document_request(server, params.text_document.uri)
        if request is None or request.file in request.folder.unparsable:
            return None  # the fixes' positions are those of the last text that parsed
        folder, file = request.folder, request.file
        stored = folder.diagnostics.get(file, ())
        if not stored:
            return None
        only = {getattr(kind, "value", kind) for kind in params.context.only or []}
        converter = session.converter
        view = session.fact_view(folder, file)
        views = session.views(folder)
        document_changes = server.document_changes()
        wanted = converter.span(view.lines, params.range)
        actions: list[types.CodeAction] = []
        if _wanted(types.CodeActionKind.QuickFix.value, only):
            for diagnostic in stored:
                if not diagnostic.fixes or not _touches(diagnostic, wanted):
                    continue
                lsp_diagnostic = converter.diagnostic(diagnostic, view, views)
                preferred = len(diagnostic.fixes) == 1 or None
                for fix in diagnostic.fixes:
                    if not fix.edits:
                        continue
                    actions.append(
                        types.CodeAction(
                            title=fix.title,
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[lsp_diagnostic],
                            is_preferred=bool(preferred and fix.safe) or None,
                            edit=converter.workspace_edit(fix.edits, views, document_changes=document_changes),
                        )
                    )
        if _wanted(FIX_ALL_KIND, only):
            from assetlens.analyzer.fixes import choose_fixes

            chosen = choose_fixes(list(stored))
            if chosen:
                edits = [edit for _, fix in chosen for edit in fix.edits]
                actions.append(
                    types.CodeAction(
                        title=f"Fix all safe assetlens problems in this file ({len(chosen)})",
                        kind=FIX_ALL_KIND,
                        edit=converter.workspace_edit(edits, views, document_changes=document_changes),
                    )
                )
        return actions


def _wanted(kind: str, only: set[str]) -> bool:
    """Whether actions of `kind` were asked for (`only` lists kinds; a kind includes its sub-kinds)."""
    return not only or any(kind == wanted or kind.startswith(f"{wanted}.") for wanted in only)


def _touches(diagnostic: Diagnostic, wanted) -> bool:
    span = diagnostic.range
    if span is None:
        return wanted.line == 1
    return (span.line, span.col) <= (wanted.end_line, wanted.end_col) and (wanted.line, wanted.col) <= (span.end_line, span.end_col)
