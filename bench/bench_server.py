"""Benchmark the language server: the real server process (`python -m assetlens.server`) driven over stdio.

    .venv/bin/python bench/bench_server.py --size 10k
    .venv/bin/python bench/bench_server.py --workspace path/to/project --requests 300

Prints, for the workspace (a fresh copy, so the on-disk facts cache starts cold):
- initialize: from starting the process to the `initialize` answer (indexing continues afterwards);
- index: from `initialized` to `assetlens/indexStatus` "ready", cold (no cache) and warm (cache written
  by the cold run, fresh process);
- hover, definition, completion: request -> answer latency (p50/p95/max) at random asset positions;
- edit -> diagnostics: from a `didChange` that adds or removes a missing dependency to the
  `publishDiagnostics` for that version, and the same beyond the server's debounce;
- memory: the server process tree's resident memory (RSS, and PSS which shares forked pages fairly)
  after indexing and at the end, and the peak RSS sampled throughout.

The client here is a minimal JSON-RPC client (no pygls) so that the numbers are the server's.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, python_executable, workspace_for  # noqa: E402

SERVER_DEBOUNCE = 0.15  # assetlens.server.app.ServerOptions.debounce


class Client:
    """Just enough JSON-RPC over stdio to drive the server and time it."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self._next_id = 0
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._waiters: list[tuple[str, Any, asyncio.Future[Any]]] = []
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def start(cls, command: list[str]) -> Client:
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, limit=2**26
        )
        return cls(process)

    def _write(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = 0
            while True:
                line = await stdout.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif line in (b"\r\n", b"\n"):
                    break
            message = json.loads(await stdout.readexactly(length))
            if "method" in message and "id" in message:  # a request from the server: answer it
                result = [None] * len(message["params"]["items"]) if message["method"] == "workspace/configuration" else None
                self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "method" in message:
                for waiter in list(self._waiters):
                    method, predicate, future = waiter
                    if method == message["method"] and not future.done() and predicate(message.get("params")):
                        future.set_result((time.perf_counter(), message.get("params")))
                        self._waiters.remove(waiter)
            else:
                future = self._pending.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message)

    async def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = future
        self._write({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        message = await asyncio.wait_for(future, 600)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def expect(self, method: str, predicate=lambda params: True) -> asyncio.Future[Any]:
        """A future for the next `method` notification whose params satisfy `predicate`:
        (arrival time, params)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiters.append((method, predicate, future))
        return future

    async def close(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        await asyncio.wait_for(self.process.wait(), 60)
        self.reader.cancel()


CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "window": {"workDoneProgress": True},
    "workspace": {"configuration": True, "workspaceFolders": True, "didChangeWatchedFiles": {"dynamicRegistration": True}},
    "textDocument": {
        "publishDiagnostics": {"relatedInformation": True, "versionSupport": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {"completionItem": {"documentationFormat": ["markdown"]}},
        "synchronization": {"didSave": True},
    },
}


class MemorySampler:
    """Samples the server process tree's RSS every 50 ms; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, tree_memory_kb(self.pid)[0])
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak_kb


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB of a process and its descendants."""
    from _common import _memory_kb, _process_tree

    rss = pss = 0
    for member in _process_tree(pid):
        member_rss, member_pss = _memory_kb(member)
        rss += member_rss
        pss += member_pss
    return rss, pss


def percentiles(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {p50 * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   max {ordered[-1] * 1000:7.2f} ms   (n={len(ordered)})"


def utf16_position(text: str, line: int, col: int) -> dict[str, int]:
    """An analyzer position (1-based line, code-point column) as an LSP UTF-16 position."""
    lines = text.split("\n")
    prefix = lines[line - 1][:col]
    return {"line": line - 1, "character": len(prefix.encode("utf-16-le")) // 2}


async def start_session(workspace: Path, command: list[str]) -> tuple[Client, float, float, MemorySampler, Any]:
    """Start a server, initialize; returns (client, initialize seconds, index seconds, sampler, ready status)."""
    started = time.perf_counter()
    client = await Client.start(command)
    sampler = MemorySampler(client.process.pid)
    await client.request(
        "initialize",
        {
            "processId": None,
            "rootUri": workspace.as_uri(),
            "workspaceFolders": [{"uri": workspace.as_uri(), "name": workspace.name}],
            "capabilities": CAPABILITIES,
        },
    )
    initialized_at = time.perf_counter()
    ready = client.expect("assetlens/indexStatus", lambda params: params["state"] == "ready")
    client.notify("initialized", {})
    ready_at, status = await asyncio.wait_for(ready, 900)
    return client, initialized_at - started, ready_at - initialized_at, sampler, status


async def measure(workspace: Path, requests: int, edits: int, seed: int, jobs: int | None) -> None:
    from assetlens.analyzer import analyze_workspace

    command = [python_executable(), "-m", "assetlens.server"] + (["--jobs", str(jobs)] if jobs else [])
    rng = random.Random(seed)
    print(f"workspace: {workspace}")

    # cold: a fresh copy, no facts cache yet
    client, initialize_s, index_s, sampler, status = await start_session(workspace, command)
    print(f"initialize answered      {initialize_s * 1000:8.1f} ms after the process started (cold)")
    print(f"index ready (cold)       {index_s:8.2f} s after initialized: {status['assets']} assets, {status['files']} files, {status['problems']} problems")
    rss, pss = tree_memory_kb(client.process.pid)
    print(f"memory after indexing    RSS {rss / 1024:7.1f} MB   PSS {pss / 1024:7.1f} MB")
    await client.close()
    sampler.stop()

    # warm: a new process over the same folder (cache written by the cold run)
    client, initialize_s, index_s, sampler, status = await start_session(workspace, command)
    print(f"initialize answered      {initialize_s * 1000:8.1f} ms after the process started (warm)")
    print(f"index ready (warm)       {index_s:8.2f} s after initialized")
    rss, pss = tree_memory_kb(client.process.pid)
    print(f"memory after indexing    RSS {rss / 1024:7.1f} MB   PSS {pss / 1024:7.1f} MB")

    facts = analyze_workspace(workspace)  # where to point the requests (the bench's own analysis)
    texts: dict[str, str] = {}

    def text_of(file: str) -> str:
        if file not in texts:
            texts[file] = (workspace / file).read_text(encoding="utf-8")
        return texts[file]

    named = [asset for asset in facts.assets if asset.name_range is not None and asset.key is not None]
    with_refs = [(asset, dep) for asset in facts.assets for dep in asset.deps if dep.range is not None and dep.key is not None]
    string_deps = [(asset, dep) for asset, dep in with_refs if dep.via == "deps" and dep.renameable]
    del facts  # keep only what the requests need: this process's own collector must not pause the timing
    gc.collect()
    gc.freeze()

    async def timed(method: str, params: dict[str, Any]) -> tuple[float, Any]:
        begin = time.perf_counter()
        result = await client.request(method, params)
        return time.perf_counter() - begin, result

    hover_times, definition_times, completion_times = [], [], []
    empty = {"hover": 0, "definition": 0, "completion": 0}
    for _ in range(requests):
        asset = rng.choice(named)
        uri = (workspace / asset.file).as_uri()
        span = asset.name_range
        elapsed, result = await timed(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": utf16_position(text_of(asset.file), span.line, span.col + 1)}
        )
        hover_times.append(elapsed)
        empty["hover"] += result is None
        asset, dep = rng.choice(with_refs)
        uri = (workspace / asset.file).as_uri()
        elapsed, result = await timed(
            "textDocument/definition",
            {"textDocument": {"uri": uri}, "position": utf16_position(text_of(asset.file), dep.range.line, dep.range.col + 1)},
        )
        definition_times.append(elapsed)
        empty["definition"] += not result
        asset, dep = rng.choice(string_deps or with_refs)
        uri = (workspace / asset.file).as_uri()
        elapsed, result = await timed(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": utf16_position(text_of(asset.file), dep.range.line, dep.range.col + 2)},
        )
        completion_times.append(elapsed)
        empty["completion"] += not result or not result.get("items")
    print(f"hover                    {percentiles(hover_times)}")
    print(f"definition               {percentiles(definition_times)}")
    print(f"completion               {percentiles(completion_times)}")
    if any(empty.values()):
        print(f"  (answers that were empty: {empty})")

    # edit -> diagnostics: toggle a missing dependency in an open file
    target = rng.choice(string_deps or with_refs)[0]
    file = target.file
    uri = (workspace / file).as_uri()
    text = text_of(file)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    await client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
    dep = next(dep for dep in target.deps if dep.range is not None and dep.via == "deps" and dep.renameable)
    start = utf16_position(text, dep.range.line, dep.range.col + 1)
    end = utf16_position(text, dep.range.end_line, dep.range.end_col - 1)
    original = dep.key[-1]
    edit_times = []
    for number in range(1, edits + 1):
        version = number + 1
        new_name = f"missing_{number}" if number % 2 else original
        published = client.expect(
            "textDocument/publishDiagnostics", lambda params, version=version: params["uri"] == uri and params.get("version") == version
        )
        sent = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": start, "end": end}, "text": new_name}],
            },
        )
        end = {"line": start["line"], "character": start["character"] + len(new_name)}
        arrived, _ = await asyncio.wait_for(published, 120)
        edit_times.append(arrived - sent)
    print(f"edit -> diagnostics      {percentiles(edit_times)}")
    print(f"  beyond the debounce    {percentiles([max(0.0, t - SERVER_DEBOUNCE) for t in edit_times])}")
    rss, pss = tree_memory_kb(client.process.pid)
    await client.close()
    peak = sampler.stop()
    print(f"memory at the end        RSS {rss / 1024:7.1f} MB   PSS {pss / 1024:7.1f} MB   peak RSS {peak / 1024:7.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="10k", help="a generated workspace: 100, 1k or 10k (default 10k)")
    parser.add_argument("--workspace", type=Path, help="benchmark this project instead")
    parser.add_argument("--requests", type=int, default=200, help="hover/definition/completion requests each (default 200)")
    parser.add_argument("--edits", type=int, default=40, help="edits timed to their diagnostics (default 40)")
    parser.add_argument("--jobs", type=int, help="the server's indexing processes (default: its own choice)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    source = args.workspace or workspace_for(args.size)
    if not source.is_dir():
        print(f"error: {source} does not exist (generate it: .venv/bin/python bench/generate.py --size {args.size})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="assetlens-bench-server-") as scratch:
        workspace = Path(scratch) / source.name
        shutil.copytree(source, workspace, ignore=shutil.ignore_patterns(".assetlens", ".git"))
        asyncio.run(measure(workspace, args.requests, args.edits, args.seed, args.jobs))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
