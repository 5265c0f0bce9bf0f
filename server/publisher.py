"""Delivering diagnostics to the client: pushed (`textDocument/publishDiagnostics`) to clients that cannot
pull, pulled (`textDocument/diagnostic`, `workspace/diagnostic`) by clients that can — never both, so a
client never shows a diagnostic twice. Both read the same per-file diagnostics of the folder.

A file's diagnostics are (re)sent only when they or the text they point into changed. With the setting
`diagnosticsOn: "save"`, changes made while typing are held back until the next save.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from assetlens.server.convert import FileView, LineIndex

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder


MAX_FILE_CHARS = 1_000_000
"""About how many characters of diagnostics one file's publish (or pull answer) may carry; past it,
one information diagnostic says how many more there are. Bounds what a keystroke can send."""


def _size(item: types.Diagnostic) -> int:
    """About how many characters `item` takes as JSON."""
    related = item.related_information or ()
    return 200 + len(item.message) + sum(150 + len(info.location.uri) + len(info.message) for info in related)


class DiagnosticsPublisher:
    def __init__(self, server: AssetLensServer) -> None:
        self.server = server
        self.pull = False  # decided at initialize, from the client's capabilities
        self._sent: dict[tuple[Path, str], tuple[str, tuple[Any, ...]]] = {}
        self._held: dict[Path, set[str]] = {}
        self._refresh_pending = False

    # ----------------------------------------------------------------------------------------- pushing

    def publish(self, folder: Folder, files: Iterable[str], *, typing: bool) -> None:
        files = set(files)
        if typing and folder.client_settings.settings.diagnostics_on == "save":
            self._held.setdefault(folder.root, set()).update(files)
            return
        for file in sorted(files):
            self._send(folder, file)

    def release(self, folder: Folder) -> None:
        """Send what was held back while typing (on save)."""
        for file in sorted(self._held.pop(folder.root, set())):
            self._send(folder, file)

    def publish_all(self, folder: Folder) -> None:
        files = set(folder.diagnostics) | {file for root, file in self._sent if root == folder.root}
        self._held.pop(folder.root, None)
        for file in sorted(files):
            self._send(folder, file)

    def forget_folder(self, folder: Folder) -> None:
        """The folder left the workspace: clear what was shown for it."""
        for root, file in list(self._sent):
            if root != folder.root:
                continue
            del self._sent[(root, file)]
            if not self.pull:
                uri = self.server.session.uri_of(folder, file)
                self.server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self._held.pop(folder.root, None)
        self._request_refresh()

    def _send(self, folder: Folder, file: str) -> None:
        diagnostics = folder.diagnostics.get(file, ())
        stamp = self._stamp(folder, file)
        key = (folder.root, file)
        previous = self._sent.get(key)
        if previous == (stamp, diagnostics) or (previous is None and not diagnostics):
            return
        if diagnostics:
            self._sent[key] = (stamp, diagnostics)
        else:
            self._sent.pop(key, None)
        if self.pull:
            self._request_refresh()
            return
        view = self.server.session.fact_view(folder, file)
        params = types.PublishDiagnosticsParams(
            uri=view.uri, diagnostics=self.lsp_diagnostics(folder, file), version=view.version
        )
        self.server.text_document_publish_diagnostics(params)

    def _stamp(self, folder: Folder, file: str) -> str:
        unparsable = folder.unparsable.get(file)
        if unparsable is not None:
            return "unparsable:" + unparsable.facts.content_hash
        module = folder.workspace.modules.get(file) if folder.workspace is not None else None
        return module.content_hash if module is not None else ""

    # ----------------------------------------------------------------------------------------- reading

    def lsp_diagnostics(self, folder: Folder, file: str) -> list[types.Diagnostic]:
        """The diagnostics of `file` as LSP diagnostics."""
        session = self.server.session
        converter = session.converter
        view = session.fact_view(folder, file)
        views = session.views(folder)
        unparsable = folder.unparsable.get(file)
        broken_view = FileView(view.uri, LineIndex(unparsable.text), view.version) if unparsable is not None else None
        result = []
        diagnostics = folder.diagnostics.get(file, ())
        budget = MAX_FILE_CHARS
        for index, diagnostic in enumerate(diagnostics):
            target = broken_view if broken_view is not None and diagnostic.code == "AL000" else view
            item = converter.diagnostic(diagnostic, target, views)
            budget -= _size(item)
            if budget < 0:
                rest = len(diagnostics) - index
                result.append(
                    types.Diagnostic(
                        range=item.range,
                        message=f"{rest} more assetlens diagnostic{'s' if rest != 1 else ''} in this file not shown "
                        "(too many to send); `assetlens check` lists them all",
                        severity=types.DiagnosticSeverity.Information,
                        source="assetlens",
                    )
                )
                break
            result.append(item)
        return result

    def result_id(self, folder: Folder, file: str) -> str:
        """Identifies the diagnostics of `file` as they are now (for pull's unchanged reports)."""
        digest = hashlib.blake2b(digest_size=8)
        digest.update(self._stamp(folder, file).encode())
        digest.update(repr(folder.diagnostics.get(file, ())).encode())
        return digest.hexdigest()

    # ------------------------------------------------------------------------------------------ pulling

    def _request_refresh(self) -> None:
        """Ask a pulling client to pull again (once per burst of changes)."""
        if not self.pull or self._refresh_pending:
            return
        if not self.server.supports("workspace.diagnostics.refresh_support"):
            return
        self._refresh_pending = True

        def done(_future: Any) -> None:
            self._refresh_pending = False

        future = self.server.workspace_diagnostic_refresh(None)
        future.add_done_callback(done)
