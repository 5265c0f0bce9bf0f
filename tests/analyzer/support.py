"""Helpers of the analyzer tests: write a workspace to disk, analyse it, and read facts back by key."""
from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from assetlens.analyzer import AssetFact, ModuleFacts, Range, Workspace, analyze_source, analyze_workspace

Key = tuple[str, ...]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `relpath -> text` (dedented) or raw bytes under `root`; returns `root`."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def analyze(root: Path, files: Mapping[str, str | bytes] | None = None, **options: Any) -> Workspace:
    """Write `files` (if given) and analyse the folder: no cache and one process unless asked."""
    if files:
        write_files(root, files)
    options.setdefault("use_cache", False)
    options.setdefault("jobs", 1)
    return analyze_workspace(root, **options)


def source(text: str | bytes, file: str = "assets.py", module: str = "assets") -> ModuleFacts:
    """Facts of one dedented file analysed on its own."""
    if isinstance(text, str):
        text = textwrap.dedent(text)
    return analyze_source(text, file, module)


def assets_of(where: ModuleFacts | Workspace | Iterable[AssetFact]) -> list[AssetFact]:
    if isinstance(where, ModuleFacts):
        return list(where.assets)
    if isinstance(where, Workspace):
        return list(where.assets)
    return list(where)


def asset(where: ModuleFacts | Workspace | Iterable[AssetFact], *key: str) -> AssetFact:
    """The one asset with this key (fails loudly when there are none or several)."""
    found = [fact for fact in assets_of(where) if fact.key == tuple(key)]
    assert len(found) == 1, f"expected one asset {key}, found {len(found)} among {sorted(map(str, keys(where)))}"
    return found[0]


def keys(where: ModuleFacts | Workspace | Iterable[AssetFact]) -> set[Key | None]:
    return {fact.key for fact in assets_of(where)}


def dep_keys(fact: AssetFact) -> set[Key | None]:
    return {ref.key for ref in fact.deps}


def text_at(text: str, where: Range | None) -> str:
    """The source text a (single- or multi-line) range covers."""
    assert where is not None, "no range"
    lines = text.split("\n")
    assert 1 <= where.line <= where.end_line <= len(lines), f"{where} is outside the text"
    assert where.col <= len(lines[where.line - 1]) and where.end_col <= len(lines[where.end_line - 1]), f"{where} is past a line end"
    if where.line == where.end_line:
        return lines[where.line - 1][where.col : where.end_col]
    parts = [lines[where.line - 1][where.col :], *lines[where.line : where.end_line - 1], lines[where.end_line - 1][: where.end_col]]
    return "\n".join(parts)


def graph_summary(workspace: Workspace) -> tuple[list[tuple], list[Key], list[tuple[Key, Key]]]:
    """What must be identical between an incrementally updated workspace and a fresh analysis."""
    facts = sorted(
        (
            fact.file,
            fact.key or (),
            fact.kind,
            tuple(sorted({ref.key for ref in fact.deps if ref.key is not None})),
            fact.group,
            fact.code_version or "",
            fact.resolved,
            fact.fingerprint or "",
        )
        for fact in workspace.assets
    )
    return facts, sorted(workspace.graph.nodes), sorted(workspace.graph.edges)


ISOLATED_ANALYSIS = """
import json, resource, sys
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from assetlens.analyzer import analyze_source
results = []
for text in json.load(sys.stdin):
    try:
        facts = analyze_source(text, "generated.py", "generated")
    except BaseException as error:
        results.append(f"raised {type(error).__name__}")
        continue
    results.append({"keys": [list(a.key) if a.key else None for a in facts.assets],
                    "syntax_error": facts.syntax_error.message if facts.syntax_error else None})
print(json.dumps(results))
"""


def analyze_isolated(texts: list[str], *, timeout: float, memory_mb: int = 1024) -> list[dict[str, Any] | str]:
    """Analyse files, each on its own, in one child process with a time and address-space limit (for
    inputs that could hang or exhaust memory). Per text: its facts as a dict, or how analysing it
    failed; the whole list is one failure message when the child did not finish."""
    import json
    import subprocess
    import sys

    try:
        done = subprocess.run(
            [sys.executable, "-c", ISOLATED_ANALYSIS, str(memory_mb)],
            input=json.dumps([textwrap.dedent(text) for text in texts]).encode("utf-8"),
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [f"still running after {timeout} s"] * len(texts)
    if done.returncode != 0:
        return [f"exit {done.returncode}: {done.stderr.decode(errors='replace').strip()[-300:]}"] * len(texts)
    return json.loads(done.stdout)


def git(root: Path, *args: str) -> str:
    """Run real git in `root` with a fixed identity (and no user/system configuration)."""
    import os
    import subprocess

    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True).stdout
