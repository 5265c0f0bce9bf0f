"""The server's commands (docs/protocol.md "Commands"): `assetlens.server.materialize` runs assets with the
runtime, `assetlens.server.status` tells what the runtime knows of them; and the status shown by the code
lenses and the lineage graph.

Running assets executes user code: only in a folder whose `trusted` setting is true. The run happens in a
child process (the runtime's worker, in `runtimeInterpreter`); its log lines stream to the client as
`window/logMessage`, progress goes to the request's work-done token, and cancelling the progress or the
request stops the run. The answer, also sent as `assetlens/runFinished`, is the runtime's outcome.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from assetlens.server.convert import key_from_wire
from assetlens.server.protocol import CURRENT_COMMAND, Refusal
from assetlens.server.run_status import folder_statuses, shown_status

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetKeyParts
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

logger = logging.getLogger(__name__)

MATERIALIZE = "assetlens.server.materialize"
STATUS = "assetlens.server.status"
RUN_FINISHED = "assetlens/runFinished"


class CommandFailed(Refusal):
    """A command that cannot run, for a reason the message gives (not trusted, nothing to run, the
    runtime cannot start): answered as an error, never logged as a server failure."""

    MESSAGE = "command failed"


@dataclass(frozen=True, slots=True)
class Selection:
    keys: tuple[AssetKeyParts, ...]
    upstream: bool
    downstream: bool


def parse_selection(arguments: tuple[Any, ...]) -> Selection:
    """`[{"key": [..], "upstream": bool, "downstream": bool}]` or `[{"keys": [[..], ...], ...}]`."""
    if len(arguments) != 1 or not isinstance(arguments[0], dict):
        raise JsonRpcInvalidParams(f"{MATERIALIZE} expects one argument: an object with `key` or `keys`")
    argument = arguments[0]
    raw_keys = argument.get("keys")
    if raw_keys is None and "key" in argument:
        raw_keys = [argument["key"]]
    if not isinstance(raw_keys, list) or not raw_keys:
        raise JsonRpcInvalidParams(f"{MATERIALIZE}: give `key` (a list of strings) or `keys` (a list of keys)")
    keys = []
    for raw in raw_keys:
        key = key_from_wire(raw)
        if key is None:
            raise JsonRpcInvalidParams(f"{MATERIALIZE}: not an asset key: {raw!r}")
        keys.append(key)
    flags = {}
    for flag in ("upstream", "downstream"):
        value = argument.get(flag, False)
        if not isinstance(value, bool):
            raise JsonRpcInvalidParams(f"{MATERIALIZE}: `{flag}` must be true or false, got {value!r}")
        flags[flag] = value
    return Selection(tuple(dict.fromkeys(keys)), flags["upstream"], flags["downstream"])


def folder_defining(server: AssetLensServer, keys: tuple[AssetKeyParts, ...]) -> Folder:
    """The indexed folder that defines the selected keys."""
    for folder in server.session.folders:
        if folder.ready and folder.workspace is not None and all(key in folder.workspace.graph for key in keys):
            return folder
    names = ", ".join("/".join(key) for key in keys)
    raise CommandFailed(f"no indexed workspace folder defines {names}")


def register(server: AssetLensServer) -> None:
    @server.command(MATERIALIZE)
    async def materialize(*arguments: Any) -> dict[str, Any]:
        command = CURRENT_COMMAND.get()
        selection = parse_selection(arguments)
        server.analysis.ensure_current()
        folder = folder_defining(server, selection.keys)
        settings = folder.client_settings.settings
        if not settings.trusted:
            raise CommandFailed("workspace is not trusted")
        request, keys = _plan(folder, selection, settings.engine)
        unsaved = sorted(
            file for file, document in server.session.open_documents_of(folder) if document.text != _disk_text(folder, file)
        )
        _refuse_unsaved_only(folder, keys, unsaved)
        if unsaved:
            server.log(f"assetlens: running the saved files; unsaved changes in {', '.join(unsaved)} are not part of this run")
        return await _run(server, folder, request, keys, settings.runtime_interpreter, command)

    @server.command(STATUS)
    def status(*arguments: Any) -> list[dict[str, Any]]:
        wanted: set[AssetKeyParts] | None = None
        if arguments:
            if len(arguments) != 1 or not isinstance(arguments[0], dict):
                raise JsonRpcInvalidParams(f"{STATUS} expects one argument: an object with `keys`")
            raw_keys = arguments[0].get("keys")
            if raw_keys is not None:
                if not isinstance(raw_keys, list):
                    raise JsonRpcInvalidParams(f"{STATUS}: `keys` must be a list of keys")
                wanted = set()
                for raw in raw_keys:
                    key = key_from_wire(raw)
                    if key is None:
                        raise JsonRpcInvalidParams(f"{STATUS}: not an asset key: {raw!r}")
                    wanted.add(key)
        server.analysis.ensure_current()
        result = []
        for folder in server.session.folders:
            statuses = statuses_of(server, folder) or {}
            for key, staleness in statuses.items():
                if wanted is None or key in wanted:
                    result.append({**staleness.to_protocol(), "status": shown_status(staleness)})
        return result


def _plan(folder: Folder, selection: Selection, engine: str) -> tuple[Any, list[AssetKeyParts]]:
    """The runtime request for the selection (expanded as `assetlens materialize` expands it)."""
    from assetlens.server.run_planning import (
        SelectionError,
        build_request,
        definitions_from_pyproject,
        expand_selection,
        resolve_keys,
    )

    workspace = folder.workspace
    assert workspace is not None
    try:
        keys = resolve_keys(workspace, ["/".join(key) for key in selection.keys])
        expanded = expand_selection(workspace, keys, selection.upstream, selection.downstream)
        return build_request(workspace, expanded, engine, definitions_from_pyproject(folder.root)), expanded
    except SelectionError as error:
        raise CommandFailed(str(error)) from None


def _refuse_unsaved_only(folder: Folder, keys: list[AssetKeyParts], unsaved: list[str]) -> None:
    """A run imports the saved files: an asset that exists only in an editor's unsaved text cannot run,
    and the refusal says to save (rather than a run failing on a key its module does not define)."""
    if not unsaved:
        return
    from assetlens.analyzer.workspace import analyze_source

    workspace = folder.workspace
    assert workspace is not None
    saved_nodes: dict[str, set[str]] = {}
    missing: list[str] = []
    for key in keys:
        for fact in workspace.assets_by_key().get(key, []):
            if fact.file not in unsaved:
                continue
            if fact.file not in saved_nodes:
                disk = _disk_text(folder, fact.file)
                module = workspace.modules[fact.file].module if fact.file in workspace.modules else ""
                saved_nodes[fact.file] = (
                    {asset.node_id for asset in analyze_source(disk, fact.file, module).assets} if disk is not None else set()
                )
            if fact.node_id not in saved_nodes[fact.file]:
                missing.append(f"{'/'.join(key)} ({fact.file})")
    if missing:
        raise CommandFailed(f"defined only in unsaved changes, save the file to run it: {', '.join(missing)}")


def _disk_text(folder: Folder, file: str) -> str | None:
    from assetlens.server.disk import read_disk_text

    text = read_disk_text(folder.root / file)
    return text if isinstance(text, str) else None


async def _run(
    server: AssetLensServer, folder: Folder, request: Any, keys: list[AssetKeyParts], interpreter: str | None, command: Any
) -> dict[str, Any]:
    from assetlens.runtime import start_run

    token = command.params.work_done_token if command is not None else None
    total = len(keys)
    done = 0

    def on_event(event: Any) -> None:
        nonlocal done
        server.log(event.log_text(), types.MessageType.Error if event.kind == "asset_failed" else types.MessageType.Log)
        if event.kind in ("asset_materialized", "asset_failed", "asset_skipped") and token is not None:
            done += 1
            server.work_done_progress.report(
                token, types.WorkDoneProgressReport(message=event.log_text().splitlines()[0], percentage=int(100 * done / max(1, total)))
            )

    if token is not None:
        server.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=f"Materializing {total} asset(s)", cancellable=True, percentage=0)
        )
    else:  # an editor running the command from a code lens shows nothing else (Neovim, Emacs, Helix)
        names = ", ".join("/".join(key) for key in keys[:5]) + (f" and {total - 5} more" if total > 5 else "")
        server.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=f"assetlens: materializing {names}…"))
    try:
        handle = await start_run(request, interpreter=interpreter, on_event=on_event)
    except (OSError, RuntimeError) as error:  # RuntimeError: WorkerStartError, StoreProblem (store unusable, busy)
        if token is not None:
            server.work_done_progress.end(token, types.WorkDoneProgressEnd(message="could not start"))
        if isinstance(error, RuntimeError):  # its message says what is wrong
            raise CommandFailed(str(error)) from None
        raise CommandFailed(f"cannot start the runtime with {interpreter or 'the server interpreter'}: {error}") from None
    loop = asyncio.get_running_loop()

    def cancel_run(_future: Any = None) -> None:
        loop.call_soon_threadsafe(lambda: server.spawn(handle.cancel()))

    progress_future = server.work_done_progress.tokens.get(token) if token is not None else None
    for future in (progress_future, command.future if command is not None else None):
        if future is not None:
            future.add_done_callback(lambda f: cancel_run() if f.cancelled() else None)
    try:
        outcome = await handle.wait()
    except asyncio.CancelledError:
        await handle.cancel()
        outcome = await handle.wait()
    result = outcome.to_protocol()
    if token is not None:
        server.work_done_progress.end(token, types.WorkDoneProgressEnd(message=f"{outcome.status}"))
    else:
        server.window_show_message(_outcome_message(result))
    server.protocol.notify(RUN_FINISHED, result)
    from assetlens.server.features.value_preview import previews

    previews(server).after_run(folder, [tuple(key) for key in outcome.materialized])  # for the hover, in the background
    from assetlens.server.indexing import refresh_views

    refresh_views(server)
    server.analysis.recompute_all(folder)
    return result


def _outcome_message(result: dict[str, Any]) -> types.ShowMessageParams:
    """The run's outcome as one message, for an editor that asked without a progress token."""
    status = result.get("status")
    materialized = result.get("materialized") or []
    text = f"assetlens: run {status}: {len(materialized)} asset(s) materialized"
    if result.get("failedKey"):
        text += f"; {'/'.join(result['failedKey'])} failed"
    error = (result.get("error") or "").strip()
    if error:
        text += f": {error.splitlines()[-1]}"
    kind = types.MessageType.Info if status == "success" else types.MessageType.Error
    return types.ShowMessageParams(type=kind, message=text)


# ----------------------------------------------------------------------------------------- statuses


def statuses_of(server: AssetLensServer, folder: Folder) -> dict[AssetKeyParts, Any] | None:
    """Each asset's materialization status in `folder` (None when the run store cannot be read)."""
    if not folder.ready:
        return None
    try:
        return folder_statuses(folder)
    except Exception as error:  # an unreadable or newer store: the status is unknown, nothing else breaks
        logger.warning("cannot read the run store of %s: %s", folder.root, error)
        return None


def graph_status(server: AssetLensServer, folder: Folder, key: AssetKeyParts) -> tuple[bool | None, str | None]:
    """(stale, status) of one asset for the lineage graph; (None, None) when unknown."""
    statuses = statuses_of(server, folder)
    staleness = statuses.get(key) if statuses else None
    if staleness is None:
        return None, None
    return staleness.stale, shown_status(staleness)
