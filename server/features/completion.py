"""textDocument/completion of asset keys: inside `deps=[...]`, `AssetKey(...)`, `AssetIn(key=...)`,
`AssetDep(...)`, and upstream asset names as parameters of an asset function.

Keys are written the way Dagster reads them at that place: a string in `deps` or as a key is one key
part, so multi-part keys are offered as `AssetKey([...])` (or a list) where a string would not do.
"""
from __future__ import annotations

import keyword
import re
from typing import TYPE_CHECKING

from lsprotocol import types

from assetlens.server import queries
from assetlens.server.completion_context import CompletionContext, completion_context
from assetlens.server.convert import user_key
from assetlens.server.requests import document_request

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetKeyParts
    from assetlens.analyzer.workspace import Workspace
    from assetlens.server.app import AssetLensServer

MAX_ITEMS = 100  # the list is incomplete beyond: the editor asks again as the user types
_DECORATOR_LOOKBACK = 30
_ASSET_FUNCTION_KINDS = ("asset", "multi_asset", "graph_asset", "graph_multi_asset")
TRIGGER_CHARACTERS = ['"', "'", "[", "(", ",", " "]
_DAGSTER_ALIAS = re.compile(r"^\s*import\s+dagster\s+as\s+([A-Za-z_][A-Za-z_0-9]*)", re.MULTILINE)
_DAGSTER_IMPORTS_ASSETKEY = re.compile(r"^\s*from\s+dagster\s+import\s[^\n]*\bAssetKey\b", re.MULTILINE)
_IMPORTS_DAGSTER = re.compile(r"^\s*import\s+dagster\s*$", re.MULTILINE)


def register(server: AssetLensServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS))
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        request = document_request(server, params.text_document.uri)
        if request is None or params.position.line >= request.lines.line_count or params.position.line < 0:
            return None
        line, col = server.session.converter.cursor(request.lines, params.position)
        context = completion_context(request.lines.lines, line, col)
        if context is None:
            return None
        if context.kind == "parameter" and not _is_asset_function(request, context, line):
            return None
        keys = request.folder.memo("defined-keys", lambda: list(queries.defined_keys(request.workspace)))
        candidates = _candidates(request.workspace, keys, context, request.file, "\n".join(request.lines.lines))
        typed = context.typed.lower()
        matching = [item for item in candidates if typed in item[0].lower()]
        matching.sort(key=lambda item: (not item[0].lower().startswith(typed), item[0]))
        converter = server.session.converter
        edit_range = types.Range(
            start=converter.position(request.lines, line, context.start),
            end=converter.position(request.lines, line, col),
        )
        kind = types.CompletionItemKind.Variable if context.kind == "parameter" else types.CompletionItemKind.Reference
        items = [
            types.CompletionItem(
                label=label,
                kind=kind,
                detail=_detail(request.workspace, key) if key is not None else "key part",
                filter_text=label,
                sort_text=f"{index:05d}",
                text_edit=types.TextEdit(range=edit_range, new_text=new_text),
            )
            for index, (label, new_text, key) in enumerate(matching[:MAX_ITEMS])
        ]
        return types.CompletionList(is_incomplete=len(matching) > MAX_ITEMS, items=items)


def _candidates(
    workspace: Workspace, keys: list[AssetKeyParts], context: CompletionContext, file: str, text: str
) -> list[tuple[str, str, AssetKeyParts | None]]:
    """(label, text to insert, the key offered or None for a key part) for every key that fits."""
    result: list[tuple[str, str, AssetKeyParts | None]] = []
    quote = context.quote
    if context.kind == "parameter":
        own = {asset.key for asset in workspace.assets_in_file(file) if asset.node == context.function}
        taken = set(context.existing_parameters) | {"context", "config"}
        for key in keys:
            name = key[-1]
            if len(key) == 1 and key not in own and name.isidentifier() and not keyword.iskeyword(name) and name not in taken:
                result.append((name, name, key))
        return result
    if context.in_list:
        # parts of AssetKey([...]): the next part of keys that start with the parts written so far
        depth = len(context.parts_before)
        seen: set[str] = set()
        for key in keys:
            if len(key) > depth and key[:depth] == context.parts_before and key[depth] not in seen:
                seen.add(key[depth])
                part = key[depth]
                result.append((part, part if context.in_string else f"{quote}{part}{quote}", None))
        return result
    asset_key = _asset_key_name(text)
    for key in keys:
        label = user_key(key)
        if context.in_string:
            if len(key) == 1:
                result.append((label, key[0], key))
            continue
        if len(key) == 1:
            result.append((label, f"{quote}{key[0]}{quote}", key))
        elif context.kind == "deps":
            result.append((label, f"{asset_key}([{', '.join(quote + part + quote for part in key)}])", key))
        else:
            result.append((label, "[" + ", ".join(quote + part + quote for part in key) + "]", key))
    return result


def _detail(workspace: Workspace, key: AssetKeyParts) -> str:
    definitions = queries.definitions(workspace, key)
    if not definitions:
        return ""
    asset = definitions[0]
    return f"{asset.kind.replace('_', ' ')} · group {asset.group} · {asset.file}"


def _asset_key_name(text: str) -> str:
    """How the module spells `AssetKey`: `dg.AssetKey` after `import dagster as dg`, else `AssetKey`."""
    if _DAGSTER_IMPORTS_ASSETKEY.search(text):
        return "AssetKey"
    alias = _DAGSTER_ALIAS.search(text)
    if alias:
        return f"{alias.group(1)}.AssetKey"
    if _IMPORTS_DAGSTER.search(text):
        return "dagster.AssetKey"
    return "AssetKey"


def _is_asset_function(request, context: CompletionContext, line: int) -> bool:
    """The function whose parameters are being written is an asset's: by the facts, or — while the
    file does not parse — by an asset decorator among the lines just above its `def`."""
    if any(asset.node == context.function and asset.kind in _ASSET_FUNCTION_KINDS for asset in request.assets()):
        return True
    lines = request.lines.lines
    def_line = re.compile(rf"\s*(async\s+)?def\s+{re.escape(context.function or '')}\b")
    index = line - 1
    while index >= 0 and not def_line.match(lines[index]):
        index -= 1
    for above in range(index - 1, max(-1, index - 1 - _DECORATOR_LOOKBACK), -1):
        text = lines[above].lstrip()
        if text.startswith("@"):
            if "asset" in text:
                return True
        elif text.startswith(("def ", "class ", "async def ")) or not text:
            return False
    return False
