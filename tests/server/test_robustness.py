"""Bad input never crashes or hangs the server: malformed requests, positions outside documents,
documents never opened, edits to unknown documents, floods of edits. (The random edit sequence checked
against `assetlens check` is in test_fuzz.py.)"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import SERVER_COMMAND
from .harness import Harness


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_positions_outside_the_document_answer_nothing(client: LanguageClient, harness: Harness) -> None:
    uri = harness.uri("shop/marts.py")
    far = types.Position(line=10_000, character=10_000)
    long_line = types.Position(line=2, character=10_000)  # a blank line: the end of it
    for position in (far, long_line):
        assert await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position)) is None
        assert await client.text_document_definition_async(types.DefinitionParams(text_document=doc(uri), position=position)) is None
        assert await client.text_document_completion_async(types.CompletionParams(text_document=doc(uri), position=position)) is None
        assert await client.text_document_references_async(
            types.ReferenceParams(text_document=doc(uri), position=position, context=types.ReferenceContext(include_declaration=True))
        ) is None
    assert await client.text_document_rename_async(types.RenameParams(text_document=doc(uri), position=far, new_name="x")) is None


async def test_documents_never_opened_or_outside_the_workspace(client: LanguageClient, harness: Harness, tmp_path: Path) -> None:
    # a file of the workspace that was never opened: answered from the disk
    marts = harness.uri("shop/marts.py")
    text = (harness.root / "shop/marts.py").read_text()
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(marts), position=harness.position_of(text, "def report", offset_in_needle=5))
    )
    assert hover is not None
    outside = tmp_path / "elsewhere.py"
    outside.write_text("x = 1\n")
    for uri in (outside.as_uri(), harness.uri("shop/missing.py"), "untitled:Untitled-1", "not a uri"):
        assert await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=types.Position(0, 0))) is None
        assert await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri))) is None
        assert await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc(uri))) is None
    # changes and closes of documents never opened are ignored
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=harness.uri("shop/raw.py"), version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="garbage(")],
        )
    )
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(harness.uri("shop/raw.py"))))
    assert await harness.current_diagnostics(harness.uri("shop/raw.py")) == []


async def test_a_file_deleted_while_open_keeps_working(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/typos.py")
    (harness.root / "shop/typos.py").unlink()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Deleted)])
    )
    harness.replace_all(uri, harness.texts[uri].replace("raw_order", "raw_orders"))
    await harness.until_diagnostics(uri, lambda items: items == [])
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
    await harness.until("assetlens/indexStatus", lambda: harness.statuses[-1]["files"] == 4)


async def test_a_flood_of_edits_is_coalesced_and_the_last_text_wins(client: LanguageClient, harness: Harness) -> None:
    uri = harness.open("shop/marts.py")
    original = harness.texts[uri]
    for number in range(400):
        harness.replace_all(uri, original + f"\n\n@dg.asset(deps=['ghost_{number}'])\ndef ghost_{number}_user():\n    return {number}\n")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=harness.position_of(harness.texts[uri], "ghost_399'", offset_in_needle=2))
    )
    assert hover is not None and "ghost_399" in hover.contents.value
    items = await harness.until_diagnostics(uri, lambda items: len(items) == 1 and "ghost_399" in items[0].message)
    assert items[0].code == "AL002"


# ----------------------------------------------------------------------------------- raw protocol


class RawServer:
    """The server process spoken to byte by byte, to send what no well-behaved client would."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls) -> RawServer:
        process = await asyncio.create_subprocess_exec(
            *SERVER_COMMAND, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL
        )
        return cls(process)

    def send_bytes(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send(self, message: dict) -> None:
        self.send_bytes(json.dumps(message).encode())

    async def receive(self) -> dict:
        assert self.process.stdout is not None
        length = 0
        while True:
            line = await self.process.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            if line in (b"\r\n", b"\n"):
                break
        return json.loads(await self.process.stdout.readexactly(length))

    async def response_to(self, message_id: int) -> dict:
        while True:
            message = await asyncio.wait_for(self.receive(), 30)
            if message.get("id") == message_id and "method" not in message:
                return message

    async def stop(self) -> int:
        self.send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
        await self.response_to(999)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        return await asyncio.wait_for(self.process.wait(), 30)


async def test_malformed_messages_get_errors_not_silence(tmp_path: Path) -> None:
    server = await RawServer.start()
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}})
    assert "capabilities" in (await server.response_to(1))["result"]
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    # params of the wrong shape: an "invalid params" error, not a request left unanswered
    server.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": 5}})
    assert (await server.response_to(2))["error"]["code"] == -32602
    server.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/definition", "params": None})
    assert "error" in await server.response_to(3)
    # a method nobody implements
    server.send({"jsonrpc": "2.0", "id": 4, "method": "assetlens/nonsense", "params": {}})
    assert (await server.response_to(4))["error"]["code"] == -32601
    # a body that is not JSON, and a notification with bad params: ignored; the server still answers
    server.send_bytes(b"{not json")
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": 3}}})
    server.send({"jsonrpc": "2.0", "id": 5, "method": "assetlens/graph", "params": {"depth": -1}})
    assert (await server.response_to(5))["error"]["code"] == -32602
    server.send({"jsonrpc": "2.0", "id": 6, "method": "workspace/executeCommand", "params": {"command": "assetlens.server.materialize", "arguments": ["x"]}})
    assert "error" in await server.response_to(6)
    server.send({"jsonrpc": "2.0", "id": 7, "method": "workspace/symbol", "params": {"query": "x"}})
    assert (await server.response_to(7))["result"] == []
    assert await server.stop() == 0
