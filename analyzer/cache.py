"""On-disk cache of per-file facts, keyed by content hash (and the analyzer's own code).

One file per workspace in the user's cache folder (`$XDG_CACHE_HOME/assetlens/`, else
`~/.cache/assetlens/`), named after the workspace's path — never inside the workspace, where a cloned
repository could ship a pickle that runs code when loaded. An entry is reused when the file's content
hash is the same and so are the hashes of every project module its facts were resolved through. A
cache from another analyzer build, or a damaged one, is ignored and rewritten (never an error).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assetlens.analyzer.environment import UNSET
from assetlens.analyzer.facts import ModuleFacts

CACHE_NAME = "facts.pickle"
FINGERPRINTS_NAME = "fingerprints.pickle"  # computed fingerprints by recipe digest (fingerprints.py)


# the modules whose code decides the facts (not the rules, fixes or output built on them)
EXTRACTION_MODULES = (
    "facts.py", "values.py", "interpreter.py", "builtins_eval.py", "dagster_api.py", "asset_builder.py",
    "extract.py", "positions.py", "keys.py", "project.py", "globs.py", "cache.py", "loading.py", "environment.py",
    "fingerprints.py",
)


@lru_cache(maxsize=1)
def analyzer_fingerprint() -> str:
    """Changes whenever the extraction code changes, so stale facts are never reused."""
    digest = hashlib.blake2b(digest_size=12)
    folder = Path(__file__).parent
    for path in [folder / name for name in EXTRACTION_MODULES]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()


def default_cache_dir(root: Path) -> Path:
    """The cache folder of the workspace at `root`, in the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    name = hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return Path(base) / "assetlens" / f"{root.name or 'root'}-{name}"


@dataclass
class Entries:
    """What the cache holds: each file's facts, the same facts as stored (a file's pickle, written again
    as it is when the file is unchanged), and each file's stat signature with its content hash."""

    facts: dict[str, ModuleFacts] = field(default_factory=dict)
    pickled: dict[str, bytes] = field(default_factory=dict)
    stats: dict[str, tuple] = field(default_factory=dict)


def read(cache_dir: Path) -> Entries:
    """The cache's entries (none when it is missing, damaged or from another analyzer build)."""
    payload = _read(cache_dir, CACHE_NAME)
    if payload is None:
        return Entries()
    try:
        pickled, stats = payload.get("files"), payload.get("stats")
        if not isinstance(pickled, dict) or not all(isinstance(data, bytes) for data in pickled.values()):
            return Entries()
        facts = {path: pickle.loads(data) for path, data in pickled.items()}
    except Exception:  # noqa: BLE001 - any damaged or foreign cache is simply not used
        return Entries()
    if not all(isinstance(entry, ModuleFacts) for entry in facts.values()):
        return Entries()
    return Entries(facts, pickled, stats if isinstance(stats, dict) else {})


def load(cache_dir: Path) -> dict[str, ModuleFacts]:
    """The cached facts by file."""
    return read(cache_dir).facts


def pickled(facts: ModuleFacts) -> bytes:
    """One file's facts as the cache stores them (worker processes pickle what they extract, so that
    the main process writes the cache without pickling everything again)."""
    return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)


def save(cache_dir: Path, files: Mapping[str, bytes], stats: dict[str, tuple] | None = None) -> None:
    """Write atomically (`files`: each file's `pickled` facts); a read-only or missing folder just means
    no cache."""
    _write(cache_dir, CACHE_NAME, {"analyzer": analyzer_fingerprint(), "files": dict(files), "stats": stats or {}})


def read_fingerprints(cache_dir: Path) -> dict[str, str]:
    """The fingerprints computed by earlier runs, by recipe digest (empty when missing, damaged or from
    another analyzer build)."""
    payload = _read(cache_dir, FINGERPRINTS_NAME)
    memo = payload.get("fingerprints") if payload is not None else None
    if not isinstance(memo, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in memo.items()):
        return {}
    return memo


def save_fingerprints(cache_dir: Path, memo: Mapping[str, str]) -> None:
    _write(cache_dir, FINGERPRINTS_NAME, {"analyzer": analyzer_fingerprint(), "fingerprints": dict(memo)})


def _read(cache_dir: Path, name: str) -> dict | None:
    """The payload `_write` left in `cache_dir/name`, if it is there, readable and of this analyzer build."""
    try:
        with (cache_dir / name).open("rb") as handle:
            payload = pickle.load(handle)
    except Exception:  # noqa: BLE001 - any damaged or foreign cache is simply not used
        return None
    return payload if isinstance(payload, dict) and payload.get("analyzer") == analyzer_fingerprint() else None


def _write(cache_dir: Path, name: str, payload: dict) -> None:
    """Pickle `payload` to `cache_dir/name` atomically; a read-only or missing folder just means no cache."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_dir / name)
    except OSError:
        return


def is_fresh(entry: ModuleFacts, digest: str, hashes: dict[str, str], modules: set[str], env: Mapping[str, str] | None = None) -> bool:
    """Same content, same content of every module it was resolved through, none of the modules
    it looked for in vain (`module:NAME`) exists now, and every environment variable it read
    (`env:NAME`) has the same value in `env` (the file's location's environment)."""
    if entry.content_hash != digest:
        return False
    for path, dependency_hash in entry.depends_on:
        if path.startswith("module:"):
            if path[7:] in modules:
                return False
        elif path.startswith("env:"):
            if (env or {}).get(path[4:], UNSET) != dependency_hash:
                return False
        elif hashes.get(path) != dependency_hash:
            return False
    return True
