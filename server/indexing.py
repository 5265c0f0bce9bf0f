"""The initial index of every workspace folder, in the background, with `$/progress`.

`initialize` is answered at once; indexing starts on `initialized`: each folder's settings are pulled
(`workspace/configuration`), then the folder is analysed on a worker thread while the event loop keeps
answering. Documents the editor opened or changed in the meantime are applied on top when the folder's
index is ready, then its diagnostics are published and `assetlens/indexStatus` says "ready".
"""
from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types

from assetlens.server.settings import SECTION, ParsedSettings, parse_settings

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

logger = logging.getLogger(__name__)
T = TypeVar("T")

CONFIGURATION_TIMEOUT = 5.0
PROGRESS_INTERVAL = 0.2


def run_in_thread(function: Callable[[], T]) -> asyncio.Future[T]:
    """Run `function` on a daemon thread (which, unlike the loop's executor, does not hold the process
    open at exit if the client goes away mid-index)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def target() -> None:
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting coroutine
            loop.call_soon_threadsafe(settle, None, error)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=target, name="assetlens-index", daemon=True).start()
    return future


async def configure(server: AssetLensServer, folders: list[Folder]) -> None:
    """Give each folder its settings: the client's answer to `workspace/configuration` for the folder,
    else the `initializationOptions`. Problems are shown to the user once."""
    answers: list[Any] = [None] * len(folders)
    if folders and server.supports("workspace.configuration"):
        items = [types.ConfigurationItem(scope_uri=folder.uri, section=SECTION) for folder in folders]
        try:
            answers = list(
                await asyncio.wait_for(
                    server.workspace_configuration_async(types.ConfigurationParams(items=items)),
                    CONFIGURATION_TIMEOUT,
                )
            )
        except Exception as error:  # a client that fails or never answers: keep initializationOptions
            logger.warning("workspace/configuration failed: %s", error)
    problems: list[str] = []
    for folder, answer in zip(folders, answers + [None] * (len(folders) - len(answers)), strict=False):
        parsed: ParsedSettings = parse_settings(answer) if isinstance(answer, dict) and answer else server.default_settings
        for problem in folder.configure(parsed):
            if problem not in problems:
                problems.append(problem)
        if folder.baseline_note:
            server.log(f"assetlens: {folder.baseline_note}")
    for problem in problems:
        server.show_warning(problem)


class _Progress:
    """Work-done progress for the index (nothing when the client cannot show it)."""

    def __init__(self, server: AssetLensServer) -> None:
        self.server = server
        self.token: str | None = None
        self._last = 0.0

    async def begin(self, title: str) -> None:
        if not self.server.supports("window.work_done_progress"):
            return
        token = f"assetlens-index-{uuid.uuid4()}"
        try:
            await asyncio.wait_for(self.server.work_done_progress.create_async(token), CONFIGURATION_TIMEOUT)
        except Exception as error:
            logger.warning("window/workDoneProgress/create failed: %s", error)
            return
        self.token = token
        self.server.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=title, percentage=0, cancellable=False)
        )

    def report(self, message: str, percentage: int, *, force: bool = False) -> None:
        if self.token is None:
            return
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        self.server.work_done_progress.report(
            self.token, types.WorkDoneProgressReport(message=message, percentage=max(0, min(100, percentage)))
        )

    def end(self, message: str) -> None:
        if self.token is None:
            return
        self.server.work_done_progress.end(self.token, types.WorkDoneProgressEnd(message=message))
        self.token = None


async def index_folders(server: AssetLensServer, folders: list[Folder]) -> None:
    """Configure and index `folders`, one after the other (the analyzer parallelises within one)."""
    if not folders:
        server.index_status.update(immediate=True)
        return
    for folder in folders:
        folder.status = "waiting"
    server.index_status.update(immediate=True)
    await configure(server, folders)
    progress = _Progress(server)
    await progress.begin("assetlens: indexing")
    loop = asyncio.get_running_loop()
    await run_in_thread(_import_analyzer)
    indexed = 0
    for position, folder in enumerate(folders):
        if folder not in server.session.folders:
            continue
        folder.status = "indexing"
        server.index_status.update(immediate=True)
        overrides = {file: document.text for file, document in server.session.open_documents_of(folder)}

        def report(done: int, total: int, folder: Folder = folder, position: int = position) -> None:
            share = (position + (done / total if total else 1)) / len(folders)
            progress.report(f"{folder.name}: {done}/{total} files", int(share * 100))

        def on_progress(done: int, total: int, report: Callable[[int, int], None] = report) -> None:
            loop.call_soon_threadsafe(report, done, total)

        try:
            workspace = await run_in_thread(partial(_analyze, server, folder, overrides, on_progress))
        except Exception as error:
            logger.exception("indexing %s failed", folder.root)
            folder.status = "failed"
            folder.failure = str(error)
            server.show_warning(f"assetlens could not index {folder.root}: {error}")
            continue
        if folder not in server.session.folders:
            continue
        adopt(server, folder, workspace, overrides)
        indexed += 1
    progress.end(f"{indexed} folder(s) indexed")
    server.index_status.update(immediate=True)
    refresh_views(server)
    if not server.baseline_watcher_started:
        from assetlens.server import baselines

        server.baseline_watcher_started = True
        server.spawn(baselines.watch(server))


def _import_analyzer() -> None:
    import assetlens.analyzer.workspace  # noqa: F401  (the first import is the slow part of a cold start)


def _analyze(server: AssetLensServer, folder: Folder, overrides: dict[str, str], on_progress: Callable[[int, int], None]) -> Any:
    from assetlens.analyzer import analyze_workspace

    return analyze_workspace(
        folder.root,
        exclude=folder.exclude_patterns(),
        include=folder.include_patterns(),
        use_cache=server.options.use_cache,
        jobs=server.options.index_jobs,
        overrides=overrides,
        progress=on_progress,
    )


def adopt(server: AssetLensServer, folder: Folder, workspace: Any, overrides: dict[str, str]) -> None:
    """Make `workspace` the folder's, bring it up to the editor's current texts, publish."""
    # the index it replaces (a re-index: a changed workspace.yaml, .env...) was frozen below; its
    # reference cycles are only freed if the collector may see it again
    gc.unfreeze()
    folder.workspace = workspace
    folder.status = "ready"
    folder.failure = None
    for file, document in server.session.open_documents_of(folder):
        if overrides.get(file) != document.text and folder.accepts(file):
            folder.apply_text(file, document.text)
    folder.compute_diagnostics(None)
    server.publisher.publish_all(folder)
    # the index is a large heap of long-lived objects: keep the cyclic collector from walking it again
    # and again (its full passes otherwise pause the server for tens of milliseconds)
    gc.collect()
    gc.freeze()


def refresh_views(server: AssetLensServer) -> None:
    """Ask the client to re-request what depends on the whole graph (lenses, hints)."""
    if server.supports("workspace.code_lens.refresh_support"):
        server.workspace_code_lens_refresh(None)
    if server.supports("workspace.inlay_hint.refresh_support"):
        server.workspace_inlay_hint_refresh(None)
