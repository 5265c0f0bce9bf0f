"""Keeping the analysed folders current: editor edits (debounced), saves, closes and files changed on disk.

Every change goes through `apply`, on the event loop: re-analyse the changed files, work out which
files' diagnostics that can change (`scope`), recompute those, and hand them to the publisher. Edits are
coalesced: a keystroke marks its document dirty and (re)starts a short timer; when it fires, every dirty
document is analysed at its current text. A request about a dirty document flushes first, so answers
and published diagnostics always describe the text the editor has now — never an older one.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

logger = logging.getLogger(__name__)


class Analysis:
    def __init__(self, server: AssetLensServer) -> None:
        self.server = server
        self._dirty: set[str] = set()  # URIs of open documents whose text is newer than their facts
        self._timer: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> bool:
        return bool(self._dirty)

    def document_changed(self, uri: str) -> None:
        self._dirty.add(uri)
        if self._timer is not None:
            self._timer.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop (unit tests): analyse at the next flush
            return
        self._timer = loop.call_later(self.server.options.debounce, self._timer_fired)

    def _timer_fired(self) -> None:
        self._timer = None
        try:
            self.flush()
        except Exception:
            logger.exception("re-analysis failed")
            self.server.report_server_error(RuntimeError("re-analysis failed; see the server log"), RuntimeError)

    def flush(self, *, saved: bool = False) -> None:
        """Analyse every dirty document now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        dirty, self._dirty = self._dirty, set()
        by_folder: dict[Folder, dict[str, str | None]] = {}
        for uri in dirty:
            located = self.server.session.locate(uri)
            if located is None or located.document is None:
                continue  # closed since, or its folder is still indexing (indexing reads open documents)
            if not located.folder.accepts(located.file):
                continue
            by_folder.setdefault(located.folder, {})[located.file] = located.document.text
        for folder, changes in by_folder.items():
            self.apply(folder, changes, saved=saved)

    def ensure_current(self) -> None:
        """Before answering a request: analyse pending edits (of any document: an edit in one file
        changes what the others' answers are)."""
        if self._dirty:
            self.flush()

    def apply(self, folder: Folder, changes: Mapping[str, str | None], *, saved: bool = False) -> set[str]:
        """Re-analyse `changes` (file -> text, None for deleted) in `folder` and publish what changed.
        Returns the files whose diagnostics changed."""
        if not folder.ready or not changes:
            return set()

        def apply_all() -> set[str]:
            changed: set[str] = set()
            for file, text in changes.items():
                changed |= folder.apply_text(file, text)
            return changed

        affected = folder.affected_by(apply_all, changes)
        changed_diagnostics = folder.compute_diagnostics(affected)
        # files whose text changed get republished too: their diagnostics' positions may have moved
        self.server.publisher.publish(folder, changed_diagnostics | set(changes), typing=not saved)
        if saved:
            self.server.publisher.release(folder)
        self.server.index_status.update()
        return changed_diagnostics

    def recompute_all(self, folder: Folder) -> None:
        """After a settings change: every diagnostic of `folder` again."""
        if not folder.ready:
            return
        changed = folder.compute_diagnostics(None)
        self.server.publisher.publish(folder, changed, typing=False)
        self.server.index_status.update()
