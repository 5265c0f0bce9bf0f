"""`assetlens serve`: stdio (the rest of the suite), TCP, clear errors for bad options; and the server
starts without the analyzer (so `initialize` is answered before indexing pays for it)."""
from __future__ import annotations

import ast
import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, message: dict) -> dict:
    body = json.dumps(message).encode()
    writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    await writer.drain()
    while True:
        length = 0
        while True:
            line = await reader.readline()
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            elif line in (b"\r\n", b"\n", b""):
                break
        answer = json.loads(await reader.readexactly(length))
        if answer.get("id") == message["id"]:
            return answer


async def test_serve_over_tcp(tmp_path: Path) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "assetlens.cli", "serve", "--tcp", f"127.0.0.1:{port}", "--no-cache",
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(200):
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.05)  # the process is still starting to listen
        else:
            raise AssertionError("the server never listened")
        answer = await exchange(reader, writer, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}})
        assert answer["result"]["serverInfo"]["name"] == "assetlens"
        assert "hoverProvider" in answer["result"]["capabilities"]
        assert (await exchange(reader, writer, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))["result"] is None
        writer.close()
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--tcp", "nonsense"], "--tcp expects HOST:PORT"),
        (["--tcp", "127.0.0.1:99999"], "--tcp expects HOST:PORT"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--log-file", "/nonexistent-dir/x.log"], "cannot write the log file"),
    ],
)
def test_bad_options_are_clear_errors(arguments: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, "-m", "assetlens.cli", "serve", *arguments], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_the_server_starts_without_importing_the_analyzer() -> None:
    code = (
        "import sys\n"
        "from assetlens.server.app import create_server\n"
        "create_server()\n"
        "heavy = [name for name in ('assetlens.analyzer', 'networkx', 'libcst', 'assetlens.runtime') if name in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (top level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_layers_point_one_way() -> None:
    """The analyzer knows nothing of LSP; the runtime imports neither the analyzer nor the server."""
    root = Path(__file__).resolve().parents[2]
    for path in (root / "analyzer").rglob("*.py"):
        assert not {name for name in imported_modules(path) if name.split(".")[0] in ("pygls", "lsprotocol")}, path
    for path in (root / "runtime").rglob("*.py"):
        wrong = {name for name in imported_modules(path) if name.startswith(("assetlens.server", "assetlens.analyzer"))}
        assert not wrong, (path, wrong)


def test_stray_prints_go_to_stderr_not_into_the_protocol_stream() -> None:
    code = (
        "import os, subprocess, sys\n"
        "from assetlens.cli.serve_command import _protocol_channel\n"
        "channel = _protocol_channel()\n"
        "print('stray print')\n"
        "subprocess.run([sys.executable, '-c', 'print(\"stray child\")'])\n"
        "channel.write(b'protocol'); channel.flush()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.stdout == b"protocol"
    assert b"stray print" in done.stderr and b"stray child" in done.stderr
