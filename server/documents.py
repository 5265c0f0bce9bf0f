"""The editor's open documents: their text and version, kept in sync from didOpen/didChange/didClose.

The server keeps its own copy rather than pygls' because pygls splits lines with `str.splitlines`, which
also breaks at form feeds, vertical tabs, \\x1c-\\x1e, NEL, U+2028 and U+2029 and so misplaces incremental
edits after them (issue 13: the copy drifted and later rename edits corrupted files); here lines break
where LSP and Python break them ("\\n", "\\r\\n", "\\r"). Edits with positions outside the document are
clamped, edits for documents that were never opened are ignored.

pygls still keeps its own copy of each open document; `follow_lsp_lines` makes that copy split lines
the LSP way too, so that nothing reading it (pygls itself, a future feature) sees other lines.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from assetlens.server.convert import Converter, LineIndex, split_lines_keeping_ends, uri_to_path


@dataclass(slots=True)
class OpenDocument:
    uri: str
    path: Path | None
    version: int
    text: str
    _lines: LineIndex | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def replace(self, text: str, version: int) -> None:
        self.text = text
        self.version = version
        self._lines = None


class Documents:
    """Open documents by URI (and by filesystem path, for the analysed files)."""

    def __init__(self, converter: Converter) -> None:
        self.converter = converter
        self._by_uri: dict[str, OpenDocument] = {}
        self._by_path: dict[Path, OpenDocument] = {}

    def open(self, uri: str, version: int, text: str) -> OpenDocument:
        path = uri_to_path(uri)
        document = OpenDocument(uri, path.resolve() if path is not None else None, version, text)
        self.close(uri)
        self._by_uri[uri] = document
        if document.path is not None:
            self._by_path[document.path] = document
        return document

    def change(
        self, uri: str, version: int, changes: Sequence[types.TextDocumentContentChangeEvent]
    ) -> OpenDocument | None:
        document = self._by_uri.get(uri)
        if document is None:
            return None
        text = document.text
        for change in changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                lines = LineIndex(text) if text is not document.text else document.lines
                start = self.converter.offset(lines, change.range.start)
                end = max(start, self.converter.offset(lines, change.range.end))
                text = text[:start] + change.text + text[end:]
            else:
                text = change.text
        document.replace(text, version)
        return document

    def close(self, uri: str) -> OpenDocument | None:
        document = self._by_uri.pop(uri, None)
        if document is not None and document.path is not None:
            if self._by_path.get(document.path) is document:
                del self._by_path[document.path]
        return document

    def get(self, uri: str) -> OpenDocument | None:
        return self._by_uri.get(uri)

    def at_path(self, path: Path) -> OpenDocument | None:
        return self._by_path.get(path)

    def __iter__(self) -> Iterator[OpenDocument]:
        return iter(list(self._by_uri.values()))

    def __len__(self) -> int:
        return len(self._by_uri)


class LspTextDocument(TextDocument):
    """pygls' document, with lines as LSP defines them (pygls uses `str.splitlines`)."""

    @property
    def lines(self) -> Sequence[str]:
        return tuple(split_lines_keeping_ends(self.source))


class LspWorkspace(Workspace):
    """pygls' workspace, whose documents are `LspTextDocument`s."""

    def _create_text_document(
        self, doc_uri: str, source: str | None = None, version: int | None = None, language_id: str | None = None
    ) -> TextDocument:
        return LspTextDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self.position_codec,
        )


def follow_lsp_lines(workspace: Workspace) -> None:
    """Make pygls' workspace (created by pygls at `initialize`, before any document is open) keep its
    documents with LSP lines."""
    if type(workspace) is Workspace:
        workspace.__class__ = LspWorkspace
