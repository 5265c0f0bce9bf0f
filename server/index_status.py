"""The `assetlens/indexStatus` notification (docs/protocol.md): what the status bar shows.

Sent at once when indexing starts and when it ends; count changes in between and afterwards are
debounced, and nothing is sent when nothing changed.
"""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer

METHOD = "assetlens/indexStatus"
DEBOUNCE_SECONDS = 0.25


class IndexStatus:
    def __init__(self, server: AssetLensServer) -> None:
        self.server = server
        self._last: dict[str, Any] | None = None
        self._timer: asyncio.TimerHandle | None = None

    def current(self) -> dict[str, Any]:
        folders = self.server.session.folders
        indexing = any(folder.status in ("waiting", "indexing") for folder in folders)
        assets = problems = files = 0
        for folder in folders:
            if folder.workspace is not None:
                assets += len(folder.workspace.assets)
                files += len(folder.workspace.modules)
            problems += sum(len(items) for items in folder.diagnostics.values())
        return {"state": "indexing" if indexing else "ready", "assets": assets, "problems": problems, "files": files}

    def update(self, *, immediate: bool = False) -> None:
        if immediate:
            self._send()
            return
        if self._timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._send()
            return
        self._timer = loop.call_later(DEBOUNCE_SECONDS, self._send)

    def _send(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        status = self.current()
        if status == self._last:
            return
        self._last = status
        self.server.protocol.notify(METHOD, status)
