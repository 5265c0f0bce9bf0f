"""Helpers for driving the server in end-to-end tests: open and edit documents, wait for notifications
(never sleep), convert positions with the encoding the server chose."""
from __future__ import annotations

import asyncio
import bisect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient

INDEX_STATUS = "assetlens/indexStatus"
TIMEOUT = 60.0
PULL_INTERVAL = 0.1  # how often a test pulls again, like an editor pulling on its own events


def plain(value: Any) -> Any:
    """A custom request's result as plain JSON values (pygls hands them over as nested namedtuples)."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {name: plain(item) for name, item in value._asdict().items()}
    if isinstance(value, dict):
        return {name: plain(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


class Harness:
    """Test-side state attached to a client: index statuses received, the negotiated encoding."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.statuses: list[dict[str, Any]] = []
        self.encoding = "utf-16"
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.requests_received: list[str] = []
        self.publishes: list[types.PublishDiagnosticsParams] = []

    @classmethod
    def attach(cls, client: LanguageClient, root: Path) -> Harness:
        harness = cls(client, root)
        client._assetlens_harness = harness  # type: ignore[attr-defined]

        @client.feature(INDEX_STATUS)
        def on_index_status(params: Any) -> None:
            harness.statuses.append(params if isinstance(params, dict) else params._asdict())

        publish = client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def record_publish(params: types.PublishDiagnosticsParams) -> None:
            harness.publishes.append(params)
            publish(params)

        client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record_publish

        # requests real editors answer and pytest-lsp's client does not: answer them, and count them
        for method in (
            types.WORKSPACE_CODE_LENS_REFRESH,
            types.WORKSPACE_INLAY_HINT_REFRESH,
            types.WORKSPACE_DIAGNOSTIC_REFRESH,
            types.CLIENT_REGISTER_CAPABILITY,
        ):
            if method in client.protocol.fm.features:
                continue

            def answer(params: Any, method: str = method) -> None:
                harness.requests_received.append(method)

            client.feature(method)(answer)
        return harness

    @classmethod
    def of(cls, client: LanguageClient) -> Harness:
        return client._assetlens_harness  # type: ignore[attr-defined]

    def initialized(self, result: types.InitializeResult) -> None:
        self.server_capabilities = result.capabilities
        encoding = result.capabilities.position_encoding
        self.encoding = getattr(encoding, "value", encoding) or "utf-16"
        capabilities = self.client.capabilities
        self.pull = bool(capabilities and capabilities.text_document and capabilities.text_document.diagnostic)

    def supports(self, dotted: str) -> bool:
        """Whether the editor's recorded capabilities declare `dotted` (e.g. "text_document.inlay_hint")."""
        value: Any = self.client.capabilities
        for part in dotted.split("."):
            value = getattr(value, part, None)
            if value is None:
                return False
        return bool(value)

    # ------------------------------------------------------------------------------------- waiting

    async def until(self, method: str, predicate: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        """Wait until `predicate()` holds, re-checking whenever a `method` notification arrives."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            future = self.client.protocol.wait_for_notification(method)
            if predicate():
                return
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"timed out waiting on {method}")
            try:
                await asyncio.wait_for(asyncio.wrap_future(future), remaining)
            except TimeoutError:
                if predicate():
                    return
                raise TimeoutError(f"timed out waiting on {method}") from None

    async def until_ready(self) -> dict[str, Any]:
        await self.until(INDEX_STATUS, lambda: bool(self.statuses) and self.statuses[-1]["state"] == "ready")
        return self.statuses[-1]

    async def until_diagnostics(
        self, uri: str, predicate: Callable[[list[types.Diagnostic]], bool]
    ) -> list[types.Diagnostic]:
        """The diagnostics of `uri` once `predicate` holds for them: pushed ones (waiting for the next
        publish while it does not hold), or — for a client that pulls — the answer to a pull, which the
        server computes from the document's current text."""
        if self.pull:
            # a pull is answered for the current text. What changes without an edit (a new git
            # baseline, a finished run) is seen at the next pull: pull as an editor does, again and
            # again, until the answer matches (a pulling client gets no notification to wait for)
            deadline = asyncio.get_running_loop().time() + TIMEOUT
            while True:
                latest = await self.pull_diagnostics(uri)
                if predicate(latest):
                    return latest
                if asyncio.get_running_loop().time() > deadline:
                    raise AssertionError(f"pulled diagnostics of {uri} do not match: {latest}")
                await asyncio.sleep(PULL_INTERVAL)
        await self.until(
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, lambda: predicate(list(self.client.diagnostics.get(uri, [])))
        )
        return list(self.client.diagnostics.get(uri, []))

    async def pull_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        report = await self.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return list(report.items)

    async def current_diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """What the client shows for `uri` now (pulling, for a client that pulls)."""
        if self.pull:
            return await self.pull_diagnostics(uri)
        return list(self.client.diagnostics.get(uri, []))

    # ----------------------------------------------------------------------------------- documents

    def uri(self, relative: str) -> str:
        return (self.root / relative).as_uri()

    def open(self, relative: str, text: str | None = None) -> str:
        uri = self.uri(relative)
        text = (self.root / relative).read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
            )
        )
        return uri

    def replace_all(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    def edit(self, uri: str, start: types.Position, end: types.Position, new_text: str) -> None:
        """An incremental change (the harness keeps its copy of the text in step)."""
        text = self.texts[uri]
        begin, finish = self.offset(text, start), self.offset(text, end)
        self.texts[uri] = text[:begin] + new_text + text[finish:]
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new_text)],
            )
        )

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    def apply_workspace_edit(self, edit: types.WorkspaceEdit) -> dict[str, str]:
        """The texts (by path relative to the root) that `edit` produces from the current ones."""
        by_uri: dict[str, list[types.TextEdit]] = {}
        for change in edit.document_changes or []:
            by_uri.setdefault(change.text_document.uri, []).extend(change.edits)
        for uri, edits in (edit.changes or {}).items():
            by_uri.setdefault(uri, []).extend(edits)
        result = {}
        for uri, edits in by_uri.items():
            relative = uri[len(self.root.as_uri()) + 1 :]
            text = self.texts.get(uri) or (self.root / relative).read_text(encoding="utf-8")
            spans = sorted(
                ((self.offset(text, e.range.start), self.offset(text, e.range.end), e.new_text) for e in edits), reverse=True
            )
            for start, end, new_text in spans:
                text = text[:start] + new_text + text[end:]
            result[relative] = text
        return result

    # ----------------------------------------------------------------------------------- positions

    def units(self, text: str) -> int:
        if self.encoding == "utf-32":
            return len(text)
        if self.encoding == "utf-8":
            return len(text.encode("utf-8"))
        return len(text.encode("utf-16-le")) // 2

    def position_of(self, text: str, needle: str, occurrence: int = 0, *, offset_in_needle: int = 0) -> types.Position:
        """The LSP position (in the negotiated encoding) of `needle` in `text`."""
        index = -1
        for _ in range(occurrence + 1):
            index = text.index(needle, index + 1)
        return self.position(text, index + offset_in_needle)

    def position(self, text: str, offset: int) -> types.Position:
        """The LSP position of code-point `offset` in `text` (lines end at "\\n", "\\r\\n" and "\\r" only, as
        LSP defines them — never at the form feeds or U+2028 that `str.splitlines` breaks at)."""
        starts = line_starts(text)
        line = bisect.bisect_right(starts, offset) - 1
        return types.Position(line=line, character=self.units(text[starts[line]:offset]))

    def code_points(self, text: str, position: types.Position) -> tuple[int, int]:
        """(0-based line, code-point column) of an LSP position in `text`."""
        offset = self.offset(text, position)
        starts = line_starts(text)
        line = bisect.bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    def offset(self, text: str, position: types.Position) -> int:
        starts = line_starts(text)
        if position.line >= len(starts):
            return len(text)
        start = starts[position.line]
        end = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
        line = text[start:end].rstrip("\r\n") if position.line + 1 < len(starts) else text[start:end]
        seen = 0
        for index, char in enumerate(line):
            if seen >= position.character:
                return start + index
            seen += self.units(char)
        return start + len(line)


def line_starts(text: str) -> list[int]:
    """Where each line of `text` starts, by the LSP definition of a line."""
    starts = [0]
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char == "\r":
            index += 2 if text.startswith("\n", index + 1) else 1
            starts.append(index)
        elif char == "\n":
            index += 1
            starts.append(index)
        else:
            index += 1
    return starts
