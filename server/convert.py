"""The one place where the analyzer's values become LSP values and back.

The analyzer speaks 1-based lines and 0-based code-point columns over file paths relative to a
workspace folder; LSP speaks 0-based lines, columns in the negotiated position encoding (UTF-16 unless
the client offers otherwise) and URIs. Every conversion between the two — positions, ranges, URIs,
diagnostics, edits, symbol kinds, severities — lives here and nowhere else, so that a column is
converted exactly once.

Lines are split the way both LSP and Python's tokenizer split them: on "\\r\\n", "\\r" and "\\n" only
(never on form feeds or U+2028, which `str.splitlines` would break on).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

if TYPE_CHECKING:  # the analyzer is imported once indexing starts, not before `initialize` is answered
    from assetlens.analyzer.facts import AssetFact, Diagnostic, Range, TextEdit

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their terminators; a trailing line break starts an empty line."""
    return _LINE_BREAK.split(text)


def split_lines_keeping_ends(text: str) -> list[str]:
    """The lines of `text` with their terminators (no empty line after a trailing line break)."""
    lines: list[str] = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


class LineIndex:
    """The lines of one text, for converting its positions."""

    __slots__ = ("lines", "_starts")

    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)
        self._starts: list[int] | None = None
        if len(self.lines) > 1:
            starts = [0]
            for match in _LINE_BREAK.finditer(text):
                starts.append(match.end())
            self._starts = starts

    def line_start(self, index: int) -> int:
        """The code-point offset where line `index` (0-based, in range) starts."""
        return self._starts[index] if self._starts is not None else 0

    def line(self, index: int) -> str:
        """Line `index` (0-based), or "" past either end."""
        if 0 <= index < len(self.lines):
            return self.lines[index]
        return ""

    @property
    def line_count(self) -> int:
        return len(self.lines)


@dataclass(frozen=True, slots=True)
class FileView:
    """What conversion needs to know about one file: its URI, its lines and (open files) its version."""

    uri: str
    lines: LineIndex
    version: int | None = None


FileViews = Callable[[str], FileView]
"""Resolves a path relative to the workspace folder to its view."""


# ---------------------------------------------------------------------------------------------- columns


def code_units(text: str, encoding: str) -> int:
    """How many code units of `encoding` spell `text`."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def column_to_units(line: str, column: int, encoding: str) -> int:
    """A code-point column of `line` as a column in `encoding` (clamped to the line)."""
    column = max(0, min(column, len(line)))
    return code_units(line[:column], encoding)


def units_to_column(line: str, units: int, encoding: str) -> int:
    """A column in `encoding` as a code-point column of `line`.

    Past the end of the line it is the end of the line (as LSP prescribes); inside a character that
    takes several code units, it is that character's start."""
    if units <= 0:
        return 0
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    seen = 0
    for index, char in enumerate(line):
        width = code_units(char, encoding)
        if seen + width > units:
            return index
        seen += width
    return len(line)


class Converter:
    """Converts positions between the analyzer and one client's position encoding."""

    def __init__(self, encoding: str = UTF16) -> None:
        if encoding not in (UTF8, UTF16, UTF32):
            encoding = UTF16
        self.encoding = encoding

    # analyzer -> LSP

    def position(self, lines: LineIndex, line: int, column: int) -> types.Position:
        """A 1-based line and code-point column as an LSP position, clamped to the text."""
        index = max(0, min(line - 1, lines.line_count - 1))
        if line - 1 >= lines.line_count:
            column = len(lines.line(index))
        return types.Position(line=index, character=column_to_units(lines.line(index), column, self.encoding))

    def range(self, lines: LineIndex, span: Range | None) -> types.Range:
        """An analyzer range as an LSP range; no range is the start of the file."""
        if span is None:
            start = types.Position(line=0, character=0)
            return types.Range(start=start, end=start)
        start = self.position(lines, span.line, span.col)
        end = self.position(lines, span.end_line, span.end_col)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return types.Range(start=start, end=end)

    def location(self, view: FileView, span: Range | None) -> types.Location:
        return types.Location(uri=view.uri, range=self.range(view.lines, span))

    # LSP -> analyzer

    def cursor(self, lines: LineIndex, position: types.Position) -> tuple[int, int]:
        """An LSP position as (1-based line, code-point column), clamped to the text."""
        index = max(0, min(position.line, lines.line_count - 1))
        if position.line >= lines.line_count:
            return index + 1, len(lines.line(index))
        return index + 1, units_to_column(lines.line(index), position.character, self.encoding)

    def offset(self, lines: LineIndex, position: types.Position) -> int:
        """An LSP position as a code-point offset into the text `lines` was built from (clamped)."""
        line, col = self.cursor(lines, position)
        return lines.line_start(line - 1) + col

    def span(self, lines: LineIndex, lsp_range: types.Range) -> Range:
        """An LSP range as an analyzer range, clamped to the text."""
        from assetlens.analyzer.facts import Range

        line, col = self.cursor(lines, lsp_range.start)
        end_line, end_col = self.cursor(lines, lsp_range.end)
        if (end_line, end_col) < (line, col):
            end_line, end_col = line, col
        return Range(line, col, end_line, end_col)

    # diagnostics

    def diagnostic(self, diagnostic: Diagnostic, view: FileView, views: FileViews) -> types.Diagnostic:
        """An analyzer diagnostic (of the file `view` shows) as an LSP diagnostic.

        Its size is bounded whatever the analyzer says: at most MAX_RELATED related locations (the
        message then says how many more there are) and MAX_MESSAGE characters of message."""
        shown = diagnostic.related[:MAX_RELATED]
        related = [
            types.DiagnosticRelatedInformation(
                location=self.location(views(item.file), item.range), message=_cut(item.message, MAX_RELATED_MESSAGE)
            )
            for item in shown
        ]
        message = _cut(diagnostic.message, MAX_MESSAGE)
        hidden = len(diagnostic.related) - len(shown)
        if hidden:
            message += f" ({hidden} more related location{'s' if hidden != 1 else ''} not shown)"
        data: dict[str, Any] = {"name": diagnostic.name}
        if diagnostic.key is not None:
            data["key"] = list(diagnostic.key)
        return types.Diagnostic(
            range=self.range(view.lines, diagnostic.range),
            message=message,
            severity=SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Error),
            code=diagnostic.code,
            source="assetlens",
            related_information=related or None,
            data=data,
        )

    # edits

    def text_edit(self, view: FileView, edit: TextEdit) -> types.TextEdit:
        return types.TextEdit(range=self.range(view.lines, edit.range), new_text=edit.new_text)

    def workspace_edit(
        self, edits: Iterable[TextEdit], views: FileViews, *, document_changes: bool
    ) -> types.WorkspaceEdit:
        """Edits over several files as one workspace edit (versioned document changes when the client
        supports them, else a map of URI to edits)."""
        by_file: dict[str, list[TextEdit]] = {}
        for edit in edits:
            by_file.setdefault(edit.file, []).append(edit)
        if document_changes:
            changes: list[types.TextDocumentEdit] = []
            for file, file_edits in by_file.items():
                view = views(file)
                changes.append(
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=view.uri, version=view.version
                        ),
                        edits=[self.text_edit(view, edit) for edit in file_edits],
                    )
                )
            return types.WorkspaceEdit(document_changes=changes)
        mapping: dict[str, list[types.TextEdit]] = {}
        for file, file_edits in by_file.items():
            view = views(file)
            mapping[view.uri] = [self.text_edit(view, edit) for edit in file_edits]
        return types.WorkspaceEdit(changes=mapping)


MAX_RELATED = 20
"""Related locations shown per diagnostic (a cycle through 500 assets used to list all 500, in each of
its 500 diagnostics: one keystroke published 50 MB)."""
MAX_MESSAGE = 2000
MAX_RELATED_MESSAGE = 300


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


SEVERITIES: dict[str, types.DiagnosticSeverity] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}

_SYMBOL_KINDS: dict[str, types.SymbolKind] = {
    "asset": types.SymbolKind.Function,
    "graph_asset": types.SymbolKind.Function,
    "multi_asset": types.SymbolKind.Field,
    "graph_multi_asset": types.SymbolKind.Field,
    "spec": types.SymbolKind.Interface,
    "source": types.SymbolKind.Constant,
}


def symbol_kind(asset: AssetFact) -> types.SymbolKind:
    """The symbol kind an asset is shown with (multi-asset outputs are fields of their node)."""
    return _SYMBOL_KINDS.get(asset.kind, types.SymbolKind.Function)


NODE_SYMBOL_KIND = types.SymbolKind.Module
"""The symbol kind of a multi-asset's node, whose outputs are its children."""


# ------------------------------------------------------------------------------------------------- URIs


def uri_to_path(uri: str) -> Path | None:
    """The filesystem path of a `file:` URI; None for any other URI."""
    if not isinstance(uri, str):
        return None
    path = to_fs_path(uri)
    if not path:
        return None
    return Path(path)


def path_to_uri(path: Path) -> str:
    uri = from_fs_path(str(path))
    if uri is None:  # pragma: no cover - from_fs_path only fails on non-strings
        raise ValueError(f"not a filesystem path: {path!r}")
    return uri


def relative_file(root: Path, path: Path) -> str | None:
    """`path` relative to `root`, posix-style, or None when it lies outside."""
    try:
        return PurePosixPath(*path.relative_to(root).parts).as_posix()
    except ValueError:
        return None


# -------------------------------------------------------------------------------------------- asset keys


def key_to_wire(key: tuple[str, ...]) -> list[str]:
    return list(key)


def key_from_wire(value: object) -> tuple[str, ...] | None:
    """A key as the client sends it: a list of strings, or a user string "a/b"."""
    if isinstance(value, str) and value:
        return tuple(value.split("/"))
    if isinstance(value, (list, tuple)) and value and all(isinstance(part, str) for part in value):
        return tuple(value)
    return None


def user_key(key: tuple[str, ...]) -> str:
    return "/".join(key)


def range_json(lsp_range: types.Range) -> dict[str, dict[str, int]]:
    """An LSP range as the JSON object custom messages carry."""
    return {
        "start": {"line": lsp_range.start.line, "character": lsp_range.start.character},
        "end": {"line": lsp_range.end.line, "character": lsp_range.end.character},
    }


def plain(value: Any) -> Any:
    """Params of a custom request as plain JSON values (pygls hands them over as nested namedtuples)."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        fields: dict[str, Any] = getattr(value, "_asdict")()  # noqa: B009 - a namedtuple's own method
        return {name: plain(item) for name, item in fields.items()}
    if isinstance(value, dict):
        return {name: plain(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value
