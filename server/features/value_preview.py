"""`assetlens.server.showValue`: a preview of an asset's stored value, for the editor's hover and table
view. Arguments: `[{"key": "a/b" | ["a", "b"], "uri": <folder or file uri>, "partition": "eu"}]` (a
partitioned asset without `partition`: the partition materialized last); the answer is the
runtime's preview (`{"key", "type", "size", "repr", "table": {"columns", "dtypes", "rows", "total_rows",
"total_columns", "index_columns"} | null}`,
see docs/runtime.md).

Loading a value runs code (it is a pickle): only in a folder whose `trusted` setting is true, and only
in a child process of the folder's `runtimeInterpreter` — this process never unpickles anything.

`ValuePreviews` keeps the last preview of each asset for the hover, tied to the materialization it was
made from (run id and data version): the hover never waits for a child process. It shows a preview
already made for the current materialization; otherwise it starts one in the background (one child at a
time) and a later hover shows it. A run that materializes assets prepares theirs too.
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcInvalidParams

from assetlens.server.convert import key_from_wire, uri_to_path
from assetlens.server.features.commands import CommandFailed

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

logger = logging.getLogger(__name__)

SHOW_VALUE = "assetlens.server.showValue"
PREPARED_AFTER_A_RUN = 5  # previews made in the background after a run (the rest on first hover)


@dataclass(frozen=True, slots=True)
class Preview:
    """A preview (or the sentence saying why there is none) of one materialization of an asset."""

    identity: tuple[Any, ...]
    value: dict[str, Any] | None
    error: str | None


def materialization_identity(folder: Folder, key: tuple[str, ...]) -> tuple[Any, ...] | None:
    """What identifies the asset's current stored value: its last successful materialization's run, data
    version, end time and partition — a partitioned asset's value is that of the partition materialized
    last (None: never materialized, or the store cannot be read)."""
    from assetlens.server.run_status import _records

    try:
        success, _ = _records(folder)
    except Exception:  # an unreadable store: no value to show
        return None
    record = success.get(tuple(key))
    if record is None:
        return None
    recorded = record.metadata.get("dagster/partition")  # the runtime's PARTITION_METADATA
    partition = str(recorded.get("value")) if isinstance(recorded, dict) else None
    return (record.run_id, getattr(record, "data_version", None), record.end_time, partition)


class ValuePreviews:
    """Previews of stored values for the hover, made in the background (never in this process)."""

    def __init__(self, server: AssetLensServer) -> None:
        self.server = server
        self._done: dict[tuple[str, tuple[str, ...]], Preview] = {}
        self._pending: set[tuple[str, tuple[str, ...], tuple[Any, ...]]] = set()
        self._one_at_a_time: asyncio.Semaphore | None = None

    def cached(self, folder: Folder, key: tuple[str, ...]) -> Preview | None:
        """The preview made for the asset's current materialization, if one was made."""
        identity = materialization_identity(folder, key)
        found = self._done.get((str(folder.root), tuple(key)))
        return found if found is not None and identity is not None and found.identity == identity else None

    def computing(self, folder: Folder, key: tuple[str, ...]) -> bool:
        return any(root == str(folder.root) and item == tuple(key) for root, item, _ in self._pending)

    def prepare(self, folder: Folder, key: tuple[str, ...]) -> bool:
        """Start making the preview of the current materialization in the background (trusted folders
        only); returns whether one is being made (or exists)."""
        if not folder.client_settings.settings.trusted:
            return False
        identity = materialization_identity(folder, key)
        if identity is None:
            return False
        if self.cached(folder, key) is not None:
            return True
        job = (str(folder.root), tuple(key), identity)
        if job in self._pending:
            return True
        self._pending.add(job)
        self.server.spawn(self._make(folder, tuple(key), identity, job))
        return True

    async def _make(self, folder: Folder, key: tuple[str, ...], identity: tuple[Any, ...], job: Any) -> None:
        from assetlens.runtime.host_preview import preview_value_async
        from assetlens.runtime.layout import StoreProblem

        if self._one_at_a_time is None:
            self._one_at_a_time = asyncio.Semaphore(1)
        try:
            async with self._one_at_a_time:
                settings = folder.client_settings.settings
                if not settings.trusted:
                    return
                try:
                    value = await preview_value_async(
                        folder.root, key, interpreter=settings.runtime_interpreter, partition=identity[3]
                    )
                    self._done[(str(folder.root), key)] = Preview(identity, value, None)
                except StoreProblem as error:  # PreviewError too: its message says why there is none
                    self._done[(str(folder.root), key)] = Preview(identity, None, str(error))
                except OSError as error:
                    self._done[(str(folder.root), key)] = Preview(identity, None, f"cannot start {settings.runtime_interpreter or 'python'}: {error}")
        finally:
            self._pending.discard(job)

    def after_run(self, folder: Folder, keys: list[tuple[str, ...]]) -> None:
        """A run materialized `keys`: prepare the previews of the first few."""
        for key in keys[:PREPARED_AFTER_A_RUN]:
            self.prepare(folder, tuple(key))

    def remember(self, folder: Folder, key: tuple[str, ...], value: dict[str, Any], identity: tuple[Any, ...]) -> None:
        self._done[(str(folder.root), tuple(key))] = Preview(identity, value, None)


def previews(server: AssetLensServer) -> ValuePreviews:
    """The server's preview cache (made on first use)."""
    found = getattr(server, "value_previews", None)
    if found is None:
        found = server.value_previews = ValuePreviews(server)  # type: ignore[attr-defined]
    return found


def _parse(arguments: tuple[Any, ...]) -> tuple[tuple[str, ...], str]:
    if len(arguments) != 1 or not isinstance(arguments[0], dict):
        raise JsonRpcInvalidParams(f'{SHOW_VALUE} expects one argument: {{"key": "a/b", "uri": "file:///..."}}')
    argument = arguments[0]
    raw_key, uri = argument.get("key"), argument.get("uri")
    key = tuple(raw_key.split("/")) if isinstance(raw_key, str) and raw_key else key_from_wire(raw_key)
    if not key:
        raise JsonRpcInvalidParams(f"{SHOW_VALUE}: not an asset key: {raw_key!r}")
    if not isinstance(uri, str):
        raise JsonRpcInvalidParams(f"{SHOW_VALUE}: `uri` (a folder or file URI) is required")
    return key, uri


def register(server: AssetLensServer) -> None:
    @server.command(SHOW_VALUE)
    async def show_value(*arguments: Any) -> dict[str, Any]:
        from assetlens.runtime.host_preview import preview_value_async
        from assetlens.runtime.layout import StoreProblem

        key, uri = _parse(arguments)
        path = uri_to_path(uri)
        folder = server.session.folder_for(path.resolve()) if path is not None else None
        if folder is None:
            raise CommandFailed(f"{uri} is not in a workspace folder")
        settings = folder.client_settings.settings
        if not settings.trusted:
            raise CommandFailed("workspace is not trusted")
        identity = materialization_identity(folder, key)  # the materialization this preview is of
        partition = arguments[0].get("partition")
        if partition is not None and not isinstance(partition, str):
            raise JsonRpcInvalidParams(f"{SHOW_VALUE}: `partition` must be a string")
        if partition is None and identity is not None:
            partition = identity[3]  # a partitioned asset: the partition materialized last
        elif identity is not None and partition != identity[3]:
            identity = None  # another partition than the hover's: not remembered for it
        try:
            value = await preview_value_async(folder.root, key, interpreter=settings.runtime_interpreter, partition=partition)
        except StoreProblem as error:
            raise CommandFailed(str(error)) from None
        if identity is not None:
            previews(server).remember(folder, key, value, identity)
        return value


REPR_LINES = 12
REPR_CHARS = 600


def hover_paragraph(server: AssetLensServer, folder: Folder, key: tuple[str, ...], *, markdown: bool) -> str | None:
    """The hover's "last value" paragraph for an asset of a trusted folder that has been materialized:
    the preview made for its current materialization, or a note that it is being prepared (started now,
    in the background); and a "Show value" command link. None otherwise (untrusted, never run)."""
    from urllib.parse import quote

    from assetlens.server.run_status import ago

    if not folder.client_settings.settings.trusted:
        return None
    identity = materialization_identity(folder, key)
    if identity is None:
        return None
    cache = previews(server)
    found = cache.cached(folder, key)
    if found is None:
        cache.prepare(folder, key)
    when = f"materialized {ago(identity[2])}" if identity[3] is None else f"partition {identity[3]}, materialized {ago(identity[2])}"
    name = "/".join(key)
    argument = {"key": name, "uri": folder.uri, **({"partition": identity[3]} if identity[3] is not None else {})}
    link = f"[Show value](command:{SHOW_VALUE}?{quote(json.dumps([argument]))})" if markdown else f"Show value: command {SHOW_VALUE}"
    if found is None:
        return f"Last value ({when}): preview being prepared, hover again · {link}"
    if found.value is None:
        return f"Last value ({when}): {found.error} · {link}"
    value = found.value
    size = value.get("size")
    facts = [f"`{value.get('type')}`" if markdown else str(value.get("type"))]
    if isinstance(size, int):
        facts.append(f"{size:,} bytes")
    table = value.get("table")
    if isinstance(table, dict):
        from assetlens.runtime.preview import table_shape

        dimensions = table_shape(table)
        if dimensions:
            facts.append(dimensions)
    head = _head(str(value.get("repr", "")))
    title = f"Last value ({when}): " + " · ".join(facts)
    if markdown:
        fence = "````" if "```" in head else "```"
        return f"{title}\n{fence}text\n{head}\n{fence}\n{link}"
    return f"{title}\n{head}\n{link}"


def _head(text: str) -> str:
    lines = text.splitlines()
    head = "\n".join(lines[:REPR_LINES])
    if len(head) > REPR_CHARS:
        head = head[:REPR_CHARS] + "…"
    elif len(lines) > REPR_LINES:
        head += "\n…"
    return head
