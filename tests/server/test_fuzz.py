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
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "fuzz"
    shutil.copytree(DATA / "fuzz", target)
    return target


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def random_edit(rng: random.Random, text: str) -> tuple[int, int, str]:
    start = rng.randrange(len(text) + 1)
    roll = rng.random()
    if roll < 0.5:
        return start, start, rng.choice(SNIPPETS)
    end = min(len(text), start + rng.randrange(1, 40))
    return start, end, rng.choice(SNIPPETS) if roll < 0.75 else ""


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
    rng = random.Random(seed)
    uris = {file: harness.open(file) for file in FILES}
    last_good = {file: harness.texts[uris[file]] for file in FILES}
    for step in range(300):
        file = rng.choice(FILES)
        uri = uris[file]
        text = harness.texts[uri]
        start, end, new_text = random_edit(rng, text)
        harness.edit(uri, harness.position(text, start), harness.position(text, end), new_text)
        if parses(harness.texts[uri]):
            last_good[file] = harness.texts[uri]
        if step % 40 == 0:  # let some intermediate states be analysed and answered
            await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=types.Position(0, 0)))
    for file in FILES:  # end on text that parses (check would see a broken file's assets vanish)
        if harness.texts[uris[file]] != last_good[file]:
            harness.replace_all(uris[file], last_good[file])
        (harness.root / file).write_text(last_good[file], encoding="utf-8")
    await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))  # every edit is analysed now
    expected = sorted(
        (d["file"], d["code"], d["message"], d["line"], d["column"] - 1, d["end_line"], d["end_column"] - 1)
        for d in check_json(harness.root)
    )
    actual = []
    for path in sorted((harness.root / "lake").glob("*.py")):
        relative = path.relative_to(harness.root).as_posix()
        text = path.read_text(encoding="utf-8")
        for item in await harness.current_diagnostics(path.as_uri()):
            start, end = harness.code_points(text, item.range.start), harness.code_points(text, item.range.end)
            actual.append((relative, item.code, item.message, start[0] + 1, start[1], end[0] + 1, end[1]))
    assert sorted(actual) == expected, f"seed {seed}"
