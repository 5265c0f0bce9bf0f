"""Results of whole-workspace commands, reused while nothing they were computed from has changed.

A warm `check` of a large workspace spends most of its time loading facts, building the graph and
running the rules again, to print what it printed last time; `materialize` spends it analysing the
workspace to plan the same run again. Like ruff's cache, this keeps the result; unlike a per-file
cache it must cover cross-file results, so an entry is reused only when *every* input is unchanged:

- the code that computed it (every module of the analyzer, plus the caller's own modules) and the
  Python version;
- the command's key: the workspace root and whatever else decides the result (settings, options, the
  PATHs reported on, the git commit AL004 compares with...), compared whole;
- the Python files discovery finds now (the same list) and each one's stat signature;
- every other question the analysis asked of the file system through `analyzer/files.py` — each file
  read (with its signature), each existence check and folder listing — answered the same way now
  (`FileInputs`); analysis code never reads the disk another way (tests/project/test_layering.py).

A result whose inputs were modified within seconds before the run is not kept: on a file system whose
clock ticks in seconds, a second edit in the same tick would not change the file's signature.

The analysis never reads the shell's environment (see `environment.py`), so that is not an input.
Entries live in the facts cache's folder (outside the workspace: a pickle is never read from a
repository), a few per command; a damaged or foreign file is ignored.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from assetlens.analyzer.files import FileInputs, file_signature

T = TypeVar("T")
MAX_ENTRIES = 8  # e.g. pre-commit's changing file lists next to the whole-workspace run
RACY_NS = 3_000_000_000  # inputs modified less than this before a run make its result not kept
_FINGERPRINTS: dict[tuple[str, ...], str] = {}


def code_fingerprint(*modules: str | Path) -> str:
    """Changes whenever any module of the analyzer (extraction, graph, rules, fixes) or one of
    `modules` (source files of the caller that shape the result) changes."""
    wanted = tuple(str(module) for module in modules)
    if wanted not in _FINGERPRINTS:
        digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
        package = Path(__file__).parent
        for path in [*sorted(package.rglob("*.py")), *map(Path, wanted)]:
            digest.update(path.as_posix().encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"unreadable")
        _FINGERPRINTS[wanted] = digest.hexdigest()
    return _FINGERPRINTS[wanted]


@dataclass
class CachedResult:
    """A command's result for one key, and what it was computed from."""

    key: object  # compared whole (a frozen dataclass or tuple, with the code fingerprint in it)
    value: object
    files: list[str]  # the Python files discovery found
    signatures: dict[str, object]  # their stat signatures, taken before the analysis read them
    inputs: FileInputs  # everything else the analysis looked at


def reuse_or_compute(
    name: str,
    key: object,
    root: Path,
    compute: Callable[[], T],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    keep: Callable[[T], bool] = lambda value: True,
) -> T:
    """`compute()`'s result, or its stored result for `key` when every input is unchanged (see the
    module docstring). `include`/`exclude`: the Python file discovery the computation uses; `keep`:
    whether a result may be stored (errors are computed again)."""
    from assetlens.analyzer.cache import default_cache_dir
    from assetlens.analyzer.files import recording
    from assetlens.analyzer.project import discover_files

    cache_dir = default_cache_dir(root)
    files = sorted(discover_files(root, exclude, include))
    found = lookup(cache_dir, name, key, root, files)
    if found is not None:
        return found.value  # type: ignore[return-value]
    started = time.time_ns()
    signatures = signatures_of(root, files)  # before reading: a file changed meanwhile is seen next time
    with recording() as inputs:
        value = compute()
    read = [answer for (question, _), answer in inputs.answers.items() if question == "read"]
    if keep(value) and not _racy(started, [*signatures.values(), *read]):
        store(cache_dir, name, root, CachedResult(key, value, files, signatures, inputs))
    return value


def _racy(started: int, signatures: Iterable[object]) -> bool:
    """Whether some input was modified so shortly before the run that a change within the same tick of
    a coarse file-system clock (a second on some) would leave its signature unchanged: such a result
    is not kept (git's "racily clean" entries, handled the simple way)."""
    limit = started - RACY_NS
    return any(isinstance(s, tuple) and s[0] >= limit for s in signatures)


def signatures_of(root: Path, files: list[str]) -> dict[str, object]:
    return {file: file_signature(root / file) for file in files}


def lookup(cache_dir: Path, name: str, key: object, root: Path, files: list[str]) -> CachedResult | None:
    """The stored result for `key` when every input is unchanged (`files`: what discovery finds now)."""
    for entry in _entries(cache_dir, name):
        if entry.key != key:
            continue
        if entry.files != files or entry.signatures != signatures_of(root, files) or not entry.inputs.unchanged():
            return None
        return entry
    return None


def store(cache_dir: Path, name: str, root: Path, result: CachedResult) -> None:
    """Keep `result` (replacing the entry of the same key; the oldest entries go). Never an error."""
    covered = {os.path.abspath(root / file) for file in result.files}  # checked through `signatures`
    result.inputs = FileInputs({
        (question, path): answer for (question, path), answer in result.inputs.answers.items()
        if not (path in covered and question in ("read", "regular"))
    })
    entries = [result, *(entry for entry in _entries(cache_dir, name) if entry.key != result.key)][:MAX_ENTRIES]
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump({"entries": entries}, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_dir / f"{name}.pickle")
    except (OSError, pickle.PicklingError):
        return


def _entries(cache_dir: Path, name: str) -> list[CachedResult]:
    try:
        with (cache_dir / f"{name}.pickle").open("rb") as handle:
            payload = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache (an older build's classes) is simply not used
        return []
    entries = payload.get("entries") if isinstance(payload, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, CachedResult) for entry in entries):
        return []
    return entries
