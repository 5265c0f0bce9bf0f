"""The assetlens language server object, and `create_server()`, which wires every feature onto a new one.

No module-level server: each `create_server()` call returns an independent server whose state (folders,
documents, diagnostics) lives on it. Features live one per module under `features/`; each exposes
`register(server)`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer

from assetlens.server.analysis import Analysis
from assetlens.server.index_status import IndexStatus
from assetlens.server.protocol import AssetLensProtocol
from assetlens.server.publisher import DiagnosticsPublisher
from assetlens.server.session import Session
from assetlens.server.settings import ParsedSettings, parse_settings

logger = logging.getLogger(__name__)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("assetlens")
    except PackageNotFoundError:  # a source tree
        return "0.0.0"


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """How the server process behaves (not user settings: those come from the client)."""

    debounce: float = 0.15  # seconds between the last keystroke and re-analysis
    index_jobs: int | None = None  # processes for the initial index (None: the analyzer decides)
    use_cache: bool = True  # the analyzer's on-disk facts cache


class AssetLensServer(LanguageServer):
    """pygls' server plus the assetlens session; handlers reach everything through it."""

    def __init__(self, options: ServerOptions) -> None:
        super().__init__(
            "assetlens",
            _version(),
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=AssetLensProtocol,
            max_workers=2,
        )
        self.options = options
        self.session = Session()
        self.analysis = Analysis(self)
        self.publisher = DiagnosticsPublisher(self)
        self.index_status = IndexStatus(self)
        self.default_settings: ParsedSettings = parse_settings(None)
        self.tasks: set[Any] = set()
        self.baseline_watcher_started = False

    def supports(self, capability: str) -> bool:
        """Whether the client declared `capability` (a dotted path into its capabilities)."""
        try:
            return bool(get_capability(self.client_capabilities, capability, False))
        except Exception:  # capabilities not received yet
            return False

    def prefers_markdown(self, formats_capability: str) -> bool:
        """Whether the client renders Markdown where `formats_capability` lists its content formats."""
        try:
            formats = get_capability(self.client_capabilities, formats_capability, None) or []
        except Exception:
            return False
        return types.MarkupKind.Markdown in formats

    def document_changes(self) -> bool:
        """Whether workspace edits may be versioned document changes."""
        return self.supports("workspace.workspace_edit.document_changes")

    def show_warning(self, message: str) -> None:
        self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def spawn(self, coroutine: Any) -> Any:
        """Run `coroutine` in the background, keeping a reference until it ends."""
        import asyncio

        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: Any) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            logger.error("background task failed", exc_info=error)
            self.log(f"assetlens: internal error: {error!r}", types.MessageType.Error)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Errors outside a request (a failed notification handler, an unreadable message) go to the
        client's log rather than a pop-up."""
        logger.error("server error (%s): %s", getattr(source, "__name__", source), error)
        try:
            self.log(f"assetlens: {error}", types.MessageType.Error)
        except Exception:  # the transport itself is gone
            pass


def create_server(options: ServerOptions | None = None) -> AssetLensServer:
    """A new server with every feature registered."""
    from assetlens.server.features import register_all

    server = AssetLensServer(options or ServerOptions())
    register_all(server)
    return server
