"""The server's commands (docs/protocol.md "Commands"): `assetlens.server.materialize` and
`assetlens.server.status`, which run and query the runtime — and the materialization status that the
code lenses and the lineage graph show.

Running assets executes user code: only in a folder whose `trusted` setting is true.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from assetlens.server.convert import key_from_wire

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetKeyParts
    from assetlens.server.app import AssetLensServer
    from assetlens.server.folder import Folder

MATERIALIZE = "assetlens.server.materialize"
STATUS = "assetlens.server.status"


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
    raise JsonRpcException(f"no indexed workspace folder defines {names}")


def register(server: AssetLensServer) -> None:
    @server.command(MATERIALIZE)
    async def materialize(*arguments: Any) -> dict[str, Any]:
        selection = parse_selection(arguments)
        server.analysis.ensure_current()
        folder = folder_defining(server, selection.keys)
        if not folder.client_settings.settings.trusted:
            raise JsonRpcException("workspace is not trusted")
        raise JsonRpcException("the assetlens runtime is not available in this installation")

    @server.command(STATUS)
    def status(*arguments: Any) -> list[dict[str, Any]]:
        raise JsonRpcException("the assetlens runtime is not available in this installation")


def statuses_of(server: AssetLensServer, folder: Folder) -> dict[AssetKeyParts, Any] | None:
    """Each asset's materialization status in `folder`, or None while the runtime cannot tell."""
    return None


def graph_status(server: AssetLensServer, folder: Folder, key: AssetKeyParts) -> tuple[bool | None, str | None]:
    """(stale, status) of one asset for the lineage graph; (None, None) when unknown."""
    return None, None


def describe_status(statuses: list[Any]) -> str | None:
    """The status lens title for the outputs of one definition."""
    return None
