"""A long random sequence of edits — valid code and invalid — across modules that import keys, names and
assets from each other ends with exactly the diagnostics `assetlens check` gives for the final text.

Seeds: ASSETLENS_FUZZ_SEEDS="1,2,3" (default "7").
"""
from __future__ import annotations

import ast
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import DATA
from .harness import Harness

FILES = ["lake/names.py", "lake/sources.py", "lake/models.py", "lake/reports.py"]
SNIPPETS = [
    "(", ")", "[", "]", ":", ",", '"', "'", "\n", "    ", "def ", "@dg.asset", "return ", "🎉", "注文",
    "orders", "customers", "enriched", "weekly", "ORDERS", "PREFIX", '"lake"', '"sea"', 'deps=["crm_export"]',
    'deps=["enrichd"]', 'deps=["weekly"]',  # a typo whose "did you mean" depends on what is defined; a cycle
    "\n\n@dg.asset\ndef fuzzed(enriched):\n    return 1\n",
    '\n\n@dg.asset(deps=["weekly"])\ndef enrichd():\n    return 2\n',
    "\n\n@dg.asset(code_version=3)\ndef typed():\n    return 3\n",
    '\nORDERS = "orderz"\n', '\nPREFIX = "sea"\n',
    # line breaks for `str.splitlines` that are none for LSP or Python (issue 13), and the ones that are
    "\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r\n", "\r",
    "  # \f\v\x1c\x1d\x1e\x85\u2028\u2029 odd breaks\n", '"a\u2028b\x85c\fd"', "\n\f\n",
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "fuzz"
    shutil.copytree(DATA / "fuzz", target)
    return target


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def random_edit(rng: random.Random, text: str) -> tuple[int, int, str]:
    start = boundary(text, rng.randrange(len(text) + 1))
    roll = rng.random()
    if roll < 0.5:
        return start, start, rng.choice(SNIPPETS)
    end = boundary(text, min(len(text), start + rng.randrange(1, 40)))
    return start, end, rng.choice(SNIPPETS) if roll < 0.75 else ""


async def random_edits(
    rng: random.Random, harness: Harness, uris: dict[str, str], steps: int,
    pause: Callable[[str], Awaitable[None]] | None = None,
) -> dict[str, str]:
    """Apply `steps` random incremental edits to the open FILES (awaiting `pause(uri)` every 40th);
    returns each file's last text that parsed."""
    last_good = {file: harness.texts[uris[file]] for file in FILES}
    for step in range(steps):
        file = rng.choice(FILES)
        uri = uris[file]
        text = harness.texts[uri]
        start, end, new_text = random_edit(rng, text)
        harness.edit(uri, harness.position(text, start), harness.position(text, end), new_text)
        if parses(harness.texts[uri]):
            last_good[file] = harness.texts[uri]
        if pause is not None and step % 40 == 0:
            await pause(uri)
    return last_good


def boundary(text: str, offset: int) -> int:
    """`offset`, moved off the middle of a "\\r\\n" (no LSP position lies there)."""
    return offset - 1 if 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n" else offset


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def check_json(root: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "assetlens.cli", "check", "--format", "json", "--no-cache", "--exit-zero", "."],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["diagnostics"]


@pytest.mark.parametrize("seed", [int(seed) for seed in os.environ.get("ASSETLENS_FUZZ_SEEDS", "7").split(",")])
async def test_a_random_edit_sequence_ends_where_check_ends(client: LanguageClient, harness: Harness, seed: int) -> None:
    uris = {file: harness.open(file) for file in FILES}

    async def hover(uri: str) -> None:  # let some intermediate states be analysed and answered
        await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=types.Position(0, 0)))

    last_good = await random_edits(random.Random(seed), harness, uris, 300, pause=hover)
    for file in FILES:  # end on text that parses (check would see a broken file's assets vanish)
        if harness.texts[uris[file]] != last_good[file]:
            harness.replace_all(uris[file], last_good[file])
        (harness.root / file).write_bytes(last_good[file].encode("utf-8"))
    await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))  # every edit is analysed now
    expected = sorted(
        (d["file"], d["code"], d["message"], d["line"], d["column"] - 1, d["end_line"], d["end_column"] - 1)
        for d in check_json(harness.root)
    )
    actual = []
    for path in sorted((harness.root / "lake").glob("*.py")):
        relative = path.relative_to(harness.root).as_posix()
        text = path.read_bytes().decode("utf-8")
        for item in await harness.current_diagnostics(path.as_uri()):
            start, end = harness.code_points(text, item.range.start), harness.code_points(text, item.range.end)
            actual.append((relative, item.code, item.message, start[0] + 1, start[1], end[0] + 1, end[1]))
    assert sorted(actual) == expected, f"seed {seed}"


async def test_rename_after_random_edits_with_odd_line_breaks(client: LanguageClient, harness: Harness) -> None:
    """After random edits (odd line breaks among them), a rename's edits change exactly the name: the
    server's copy of every document is the editor's (issue 13: it drifted and renames corrupted files)."""
    uris = {file: harness.open(file) for file in FILES}
    last_good = await random_edits(random.Random(13), harness, uris, 150)
    for file in FILES:  # back to the last text that parsed, by one incremental edit of the part that differs
        uri = uris[file]
        text, good = harness.texts[uri], last_good[file]
        prefix = len(os.path.commonprefix([text, good]))
        suffix = len(os.path.commonprefix([text[prefix:][::-1], good[prefix:][::-1]]))
        start, end = boundary(text, prefix), len(text) - suffix
        end = max(start, end + 1 if 0 < end < len(text) and text[end - 1 : end + 1] == "\r\n" else end)
        harness.edit(uri, harness.position(text, start), harness.position(text, end), good[start : len(good) - (len(text) - end)])
        assert harness.texts[uri] == good
    for file in FILES:  # a known asset at the end of each file, after all the odd text
        uri = uris[file]
        text = harness.texts[uri]
        at = harness.position(text, len(text))
        addition = f"\n\nimport dagster as dg  # \f\v\x85\u2028\u2029\n\n\n@dg.asset\ndef tail_{file[5:-3]}():\n    return 1\n\n\n@dg.asset\ndef use_{file[5:-3]}(tail_{file[5:-3]}):\n    return tail_{file[5:-3]}\n"
        harness.edit(uri, at, at, addition)
    renamed = 0
    for file in FILES:
        uri = uris[file]
        text = harness.texts[uri]
        name = f"tail_{file[5:-3]}"
        if not parses(text):
            continue
        renamed += 1
        position = harness.position_of(text, f"def {name}", offset_in_needle=5)
        edit = await client.text_document_rename_async(
            types.RenameParams(text_document=doc(uri), position=position, new_name=f"renamed_{file[5:-3]}")
        )
        assert edit is not None, (file, text)
        changed = harness.apply_workspace_edit(edit)[file]
        assert changed == text.replace(name, f"renamed_{file[5:-3]}"), file
    assert renamed, "no file parses after the edits: pick another seed"
