"""The code lenses' own commands, executed by the server so that lenses work in every LSP editor
(Neovim, Emacs, Helix, Zed), not only where the VS Code extension registers commands.

- `assetlens.showLineage` `[{"key": [..]}]` (the "↑ N upstream · ↓ M downstream" lens): shows the
  asset's upstream and downstream keys in a `window/showMessage`; returns `{"key", "upstream",
  "downstream"}`.
- `assetlens.showStatus` `[{"key": [..]}]` (the status lens): shows the asset's materialization status
  in a `window/showMessage`; returns the same object as `assetlens.server.status` gives for the key.

The VS Code extension registers these two names itself (its lineage view and status view) and does not
forward them to the server; the Materialize lenses use the server's `assetlens.server.materialize`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from assetlens.server import queries
from assetlens.server.convert import key_from_wire, key_to_wire, user_key
from assetlens.server.features.commands import CommandFailed, folder_defining, statuses_of

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetKeyParts
    from assetlens.server.app import AssetLensServer

SHOW_LINEAGE = "assetlens.showLineage"
SHOW_STATUS = "assetlens.showStatus"
_LISTED = 20  # keys named in a message; the rest are counted


def _key_argument(command: str, arguments: tuple[Any, ...]) -> AssetKeyParts:
    argument = arguments[0] if len(arguments) == 1 else None
    key = key_from_wire(argument.get("key")) if isinstance(argument, dict) else None
    if key is None:
        raise JsonRpcInvalidParams(f"{command} expects one argument: an object with `key` (a list of strings)")
    return key


def _names(keys: list[AssetKeyParts]) -> str:
    if not keys:
        return "none"
    shown = ", ".join(user_key(key) for key in keys[:_LISTED])
    return shown + (f" and {len(keys) - _LISTED} more" if len(keys) > _LISTED else "")


def register(server: AssetLensServer) -> None:
    @server.command(SHOW_LINEAGE)
    def show_lineage(*arguments: Any) -> dict[str, Any]:
        key = _key_argument(SHOW_LINEAGE, arguments)
        server.analysis.ensure_current()
        workspace = folder_defining(server, (key,)).workspace
        assert workspace is not None
        upstream = queries.upstream_keys(workspace, key)
        downstream = queries.downstream_keys(workspace, key)
        server.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"{user_key(key)}: upstream {_names(upstream)}; downstream {_names(downstream)}",
            )
        )
        return {
            "key": key_to_wire(key),
            "upstream": [key_to_wire(item) for item in upstream],
            "downstream": [key_to_wire(item) for item in downstream],
        }

    @server.command(SHOW_STATUS)
    def show_status(*arguments: Any) -> dict[str, Any]:
        from assetlens.server.run_status import lens_title, shown_status, status_detail

        key = _key_argument(SHOW_STATUS, arguments)
        server.analysis.ensure_current()
        folder = folder_defining(server, (key,))
        staleness = (statuses_of(server, folder) or {}).get(key)
        if staleness is None:
            raise CommandFailed(f"the status of {user_key(key)} is not known (the run store cannot be read)")
        result = {**staleness.to_protocol(), "status": shown_status(staleness)}
        title = lens_title([staleness]) or "unknown"
        why = status_detail(staleness)  # a partitioned asset: its partitions, as `assetlens status` words them
        detail = f" ({why})" if why and why != title else ""
        server.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Info, message=f"{user_key(key)}: {title}{detail}")
        )
        return result
