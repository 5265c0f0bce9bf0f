"""textDocument/completion of asset keys: inside `deps=[...]`, `AssetKey(...)`, `AssetIn(key=...)`,
`AssetDep(...)`, and upstream asset names as parameters of an asset function.

Keys are written the way Dagster reads them at that place: a string in `deps` or as a key is one key
part, so multi-part keys are offered as `AssetKey([...])` (or a list) where a string would not do.
"""
from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
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
        index = request.folder.memo("completion-keys", lambda: _key_index(request.workspace))
        asset_key = _asset_key_name("\n".join(request.lines.lines)) if context.kind == "deps" else "AssetKey"
        typed = context.typed.lower()
        prefixed: list[tuple[AssetKeyParts | None, str]] = []
        containing: list[tuple[AssetKeyParts | None, str]] = []
        complete = True
        own = _own_keys(request, line, col) if context.kind != "parameter" else set()
        for key, label, lowered in _candidates(request.workspace, index, context, request.file):
            if key is not None and key in own:
                continue  # an asset never depends on itself
            if lowered.startswith(typed):
                prefixed.append((key, label))
                if len(prefixed) == MAX_ITEMS:  # the rows are sorted: these are the first ones
                    complete = False
                    break
            elif typed in lowered and len(containing) <= MAX_ITEMS:
                containing.append((key, label))
        best = (prefixed + containing)[:MAX_ITEMS]
        complete = complete and len(prefixed) + len(containing) <= MAX_ITEMS
        converter = server.session.converter
        edit_range = types.Range(
            start=converter.position(request.lines, line, context.start),
            end=converter.position(request.lines, line, col),
        )
        kind = types.CompletionItemKind.Variable if context.kind == "parameter" else types.CompletionItemKind.Reference
        items = []
        for position, (key, label) in enumerate(best):
            item_range, filter_text = edit_range, label
            if context.in_string and key is not None and len(key) > 1:  # AssetKey("met|") -> AssetKey(["metrics", "daily"])
                closed = request.lines.line(line - 1).startswith(context.quote, col)  # the editor's auto-closed quote
                quoted_end = col + len(context.quote) if closed else col
                item_range = types.Range(
                    start=converter.position(request.lines, line, context.start - len(context.quote)),
                    end=converter.position(request.lines, line, quoted_end),
                )
                filter_text = context.quote + label
            items.append(
                types.CompletionItem(
                    label=label,
                    kind=kind,
                    detail=_detail(request.workspace, key) if key is not None else "key part",
                    filter_text=filter_text,
                    sort_text=f"{position:05d}",
                    text_edit=types.TextEdit(range=item_range, new_text=_insert_text(context, label, key, asset_key)),
                )
            )
        return types.CompletionList(is_incomplete=not complete, items=items)


@dataclass(frozen=True, slots=True)
class _KeyIndex:
    """The defined keys as completion matches them, sorted by their user spelling: (key, label, label
    lower-cased) for every key, for one-part keys, and for one-part keys that can be parameter names."""

    every: list[tuple[AssetKeyParts | None, str, str]]
    one_part: list[tuple[AssetKeyParts | None, str, str]]
    names: list[tuple[AssetKeyParts | None, str, str]]


def _key_index(workspace: Workspace) -> _KeyIndex:
    every: list[tuple[AssetKeyParts | None, str, str]] = sorted(
        ((key, user_key(key), user_key(key).lower()) for key in queries.defined_keys(workspace)), key=lambda row: row[1]
    )
    one_part = [row for row in every if row[0] is not None and len(row[0]) == 1]
    names = [row for row in one_part if row[1].isidentifier() and not keyword.iskeyword(row[1])]
    return _KeyIndex(every, one_part, names)


def _candidates(
    workspace: Workspace, index: _KeyIndex, context: CompletionContext, file: str
) -> list[tuple[AssetKeyParts | None, str, str]]:
    """(the key offered or None for a key part, label, label lower-cased) for every key that fits,
    sorted by label."""
    if context.kind == "parameter":
        own = {asset.key for asset in workspace.assets_in_file(file) if asset.node == context.function}
        taken = set(context.existing_parameters) | {"context", "config"}
        return [row for row in index.names if row[0] not in own and row[1] not in taken]
    if context.in_list:
        # parts of AssetKey([...]): the next part of keys that start with the parts written so far
        depth = len(context.parts_before)
        parts = sorted(
            {key[depth] for key, _, _ in index.every if key is not None and len(key) > depth and key[:depth] == context.parts_before}
        )
        return [(None, part, part.lower()) for part in parts]
    if context.in_string and context.call == "AssetKey" and context.start >= len(context.quote):
        return index.every  # AssetKey("met|"): a longer key replaces the string with its list of parts
    return index.one_part if context.in_string else index.every  # a string is one key part


def _insert_text(context: CompletionContext, label: str, key: AssetKeyParts | None, asset_key: str) -> str:
    """What replaces the typed text: the part or name itself inside a string or a parameter list, else a
    string for a one-part key and an `AssetKey([...])` (in deps) or a list of parts for a longer one."""
    quote = context.quote
    if context.in_string and key is not None and len(key) > 1:  # the string itself becomes the list of parts
        return "[" + ", ".join(quote + part + quote for part in key) + "]"
    if context.kind == "parameter" or context.in_string:
        return label
    if key is None:
        return f"{quote}{label}{quote}"
    if len(key) == 1:
        return f"{quote}{key[0]}{quote}"
    parts = ", ".join(quote + part + quote for part in key)
    return f"{asset_key}([{parts}])" if context.kind == "deps" else f"[{parts}]"


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


_DEF = re.compile(r"\s*(?:async\s+)?def\s+(\w+)")


def _own_keys(request, line: int, col: int) -> set[AssetKeyParts]:
    """The keys of the asset whose decorator the cursor is in (by the facts; while the file does not
    parse, by the function defined just below the cursor)."""
    assets = request.assets()
    if request.file not in request.folder.unparsable:
        return {
            asset.key
            for asset in assets
            if asset.key is not None and asset.decorator_range is not None and asset.decorator_range.contains(line, col)
        }
    lines = request.lines.lines
    for index in range(line, min(len(lines), line + _DECORATOR_LOOKBACK)):
        match = _DEF.match(lines[index])
        if match:
            return {asset.key for asset in assets if asset.key is not None and asset.node == match.group(1)}
    return set()


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
