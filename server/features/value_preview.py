"""`assetlens.server.showValue`: a preview of an asset's stored value, for the editor's hover and table
view. Arguments: `[{"key": "a/b" | ["a", "b"], "uri": <folder or file uri>}]`; the answer is the
runtime's preview (`{"key", "type", "size", "repr", "table": {"columns", "rows", "total_rows"} | null}`,
see docs/runtime.md).

Loading a value runs code (it is a pickle): only in a folder whose `trusted` setting is true, and only
in a child process of the folder's `runtimeInterpreter` — this process never unpickles anything.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcInvalidParams

from assetlens.server.convert import key_from_wire, uri_to_path
from assetlens.server.features.commands import CommandFailed

if TYPE_CHECKING:
    from assetlens.server.app import AssetLensServer

SHOW_VALUE = "assetlens.server.showValue"


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
        try:
            return await preview_value_async(folder.root, key, interpreter=settings.runtime_interpreter)
        except StoreProblem as error:
            raise CommandFailed(str(error)) from None
