"""Making the worker importable by an interpreter that does not have assetlens installed: a copy of the
runtime package (stdlib-only) under `.assetlens/engine/<content hash>/assetlens/runtime/`, put first on
that interpreter's PYTHONPATH — the way esbonio ships its sphinx-agent."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from assetlens.runtime.layout import engine_dir

_RUNTIME_DIR = Path(__file__).resolve().parent


def _sources() -> list[Path]:
    return sorted(path for path in _RUNTIME_DIR.glob("*.py"))


def engine_digest() -> str:
    digest = hashlib.sha256()
    for path in _sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stage_engine(workspace: str | os.PathLike[str]) -> Path:
    """The directory to put on PYTHONPATH (created once per engine version, atomically)."""
    root = engine_dir(workspace)
    target = root / engine_digest()
    if (target / "assetlens" / "runtime" / "worker.py").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=root, prefix=".staging-"))
    package = temp / "assetlens" / "runtime"
    package.mkdir(parents=True)
    for path in _sources():
        shutil.copy2(path, package / path.name)
    try:
        os.replace(temp, target)
    except OSError:  # another process staged the same version first
        shutil.rmtree(temp, ignore_errors=True)
    return target


def is_own_interpreter(interpreter: str | None) -> bool:
    if not interpreter:
        return True
    try:
        return os.path.samefile(shutil.which(interpreter) or interpreter, sys.executable)
    except OSError:
        return False


def worker_env(
    interpreter: str | None, workspace: str | os.PathLike[str], base: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of a worker: for another interpreter, the staged engine first on PYTHONPATH."""
    env = dict(os.environ if base is None else base)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    if not is_own_interpreter(interpreter):
        staged = str(stage_engine(workspace))
        env["PYTHONPATH"] = staged + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env
