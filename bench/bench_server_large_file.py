"""Benchmark the language server on one pathological file (issue 13): a 20,000-asset chain opened as a
new, unsaved document, then one keystroke that closes a cycle through 500 of them.

    .venv/bin/python bench/bench_server_large_file.py [--assets 20000] [--cycle 500]

Prints the seconds from `didOpen` to the first answer about the document (before: 125 s, the edit
scope searched the graph once per new key), and from the keystroke to its diagnostics, with the size
of the largest `publishDiagnostics` message (before: 50 MB; now bounded by the server's caps).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import python_executable  # noqa: E402
from bench_server import start_session  # noqa: E402


PROFILE = __import__("os").environ.get("ASSETLENS_BENCH_PROFILE")


def chain_module(count: int) -> str:
    parts = ["import dagster as dg\n\n\n@dg.asset\ndef a0():\n    return 0\n"]
    parts.extend(f'\n\n@dg.asset(deps=["a{index - 1}"])\ndef a{index}():\n    return {index}\n' for index in range(1, count))
    return "".join(parts)


async def measure(assets: int, cycle: int) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "big"
        (root / "big").mkdir(parents=True)
        (root / "pyproject.toml").write_text('[project]\nname = "big"\n')
        (root / "big" / "__init__.py").write_text("")
        command = [python_executable(), "-m", "assetlens.server", "--no-cache"]
        if PROFILE:
            command[1:1] = ["-m", "cProfile", "-o", PROFILE]
        client, _, _, sampler, _ = await start_session(root, command)
        uri = (root / "big" / "chain.py").as_uri()
        text = chain_module(assets)

        started = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        line = text.count("\n", 0, text.index(f"def a{assets - 1}("))
        await client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 5}})
        opened = time.perf_counter() - started

        needle = f'deps=["a{assets - cycle - 1}"'
        offset = text.index(needle) + len(needle)
        line = text.count("\n", 0, offset)
        character = offset - (text.rfind("\n", 0, offset) + 1)
        published = client.expect(
            "textDocument/publishDiagnostics",
            lambda params: params["uri"] == uri and params.get("version") == 2 and any(d.get("code") == "AL001" for d in params["diagnostics"]),
        )
        started = time.perf_counter()
        client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": 2},
                "contentChanges": [{"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}}, "text": f', "a{assets - 1}"'}],
            },
        )
        arrived, params = await asyncio.wait_for(published, 900)
        size = len(json.dumps(params).encode())
        keystroke = arrived - started
        await client.close()
        peak = sampler.stop()
        print(f"{assets} assets, one file: didOpen -> first answer {opened:.2f} s")
        print(f"keystroke closing a {cycle}-asset cycle -> diagnostics {keystroke:.2f} s, message {size / 1e6:.2f} MB, "
              f"{len(params['diagnostics'])} diagnostics")
        print(f"peak server memory {peak / 1024:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--cycle", type=int, default=500)
    options = parser.parse_args()
    asyncio.run(measure(options.assets, options.cycle))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
