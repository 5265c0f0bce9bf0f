"""The last results of `assetlens check`, reused while nothing they were computed from has changed.

A warm `check` of a large workspace spends most of its time loading facts, building the graph and
running the rules again, to print what it printed last time. Like ruff's cache, this keeps the result;
unlike a per-file cache it must cover cross-file rules, so an entry is reused only when *every* input
is unchanged:

- the analyzer's own code (every module of this package) and the Python version;
- the workspace root, the settings, the PATHs reported on (and whether each is a folder);
- the git revision AL004 compares with, resolved to a commit (a moved branch is another baseline);
- the Python files discovery finds now (the same list) and each one's stat signature;
- every other question the analysis asked of the file system through `analyzer/files.py` — each file
  read (with its signature), each existence check and folder listing — answered the same way now
  (`FileInputs`); analysis code never reads the disk another way (tests/project/test_layering.py).

The analysis never reads the shell's environment (see `environment.py`), so that is not an input.
Entries live in the facts cache's folder (outside the workspace: a pickle is never read from a
repository); a damaged or foreign file is ignored. `--no-cache`, `--fix` and `--staged` never use it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assetlens.analyzer.facts import Diagnostic
from assetlens.analyzer.files import FileInputs, file_signature

RESULTS_NAME = "check.pickle"
MAX_ENTRIES = 8  # e.g. pre-commit's changing file lists next to the whole-workspace run


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever any module of the analyzer (extraction, graph, rules, fixes) changes."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


@dataclass(frozen=True)
class CheckKey:
    """What a check result is for (compared whole; see the module docstring)."""

    code: str
    root: str
    settings: object  # analyzer.config.Settings (frozen, compared by value)
    paths: tuple[tuple[str, bool], ...]  # (root-relative PATH, is a folder)
    baseline: tuple[str, str] | None  # (revision, commit) AL004 compares with; None: AL004 is off


@dataclass
class CheckResult:
    """A check's findings for one workspace root, and what they were computed from."""

    key: CheckKey
    diagnostics: list[Diagnostic]
    checked: int  # files checked
    assets: int  # assets found
    notes: list[str]
    files: list[str]  # the Python files discovery found
    signatures: dict[str, object]  # their stat signatures
    inputs: FileInputs  # everything else the analysis looked at


def signatures_of(root: Path, files: list[str]) -> dict[str, object]:
    return {file: file_signature(root / file) for file in files}


def lookup(cache_dir: Path, key: CheckKey, root: Path, files: list[str]) -> CheckResult | None:
    """The stored result for `key` when every input is unchanged (`files`: what discovery finds now)."""
    for entry in _entries(cache_dir):
        if entry.key != key:
            continue
        if entry.files != files or entry.signatures != signatures_of(root, files) or not entry.inputs.unchanged():
            return None
        return entry
    return None


def store(cache_dir: Path, result: CheckResult) -> None:
    """Keep `result` (replacing the entry of the same key; the oldest entries go). Never an error."""
    root = Path(result.key.root)
    covered = {os.path.abspath(root / file) for file in result.files}  # checked through `signatures`
    result.inputs = FileInputs({
        (question, path): answer for (question, path), answer in result.inputs.answers.items()
        if not (path in covered and question in ("read", "regular"))
    })
    entries = [result, *(entry for entry in _entries(cache_dir) if entry.key != result.key)][:MAX_ENTRIES]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".check-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump({"code": code_fingerprint(), "entries": entries}, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_dir / RESULTS_NAME)
    except OSError:
        return


def _entries(cache_dir: Path) -> list[CheckResult]:
    try:
        with (cache_dir / RESULTS_NAME).open("rb") as handle:
            payload = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache is simply not used
        return []
    if not isinstance(payload, dict) or payload.get("code") != code_fingerprint():
        return []
    entries = payload.get("entries")
    if not isinstance(entries, list) or not all(isinstance(entry, CheckResult) for entry in entries):
        return []
    return entries
