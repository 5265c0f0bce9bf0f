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

from assetlens.runtime.layout import ENGINE_DIR_NAME, StoreProblem, prepare_subdir

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
    """The directory to put on PYTHONPATH (created once per engine version, atomically). An existing copy
    is used only when its files are exactly this engine's (the workspace's `.assetlens/` is untrusted)."""
    root = prepare_subdir(workspace, ENGINE_DIR_NAME)
    target = root / engine_digest()
    if _is_exact_copy(target):
        return target
    if target.exists() or target.is_symlink():
        stale = root / f".stale-{os.getpid()}-{os.urandom(4).hex()}"
        try:
            os.replace(target, stale)  # a link is moved, never followed
        except OSError:
            pass  # another process moved it first
        else:
            stale.unlink() if stale.is_symlink() else shutil.rmtree(stale, ignore_errors=True)
    temp = Path(tempfile.mkdtemp(dir=root, prefix=".staging-"))
    package = temp / "assetlens" / "runtime"
    package.mkdir(parents=True)
    for path in _sources():
        shutil.copy2(path, package / path.name)
    try:
        os.replace(temp, target)
    except OSError:  # another process staged the same version first
        shutil.rmtree(temp, ignore_errors=True)
        if not _is_exact_copy(target):
            raise StoreProblem(f"cannot stage the runtime in {target}; remove that folder and try again") from None
    return target


def _is_exact_copy(target: Path) -> bool:
    package = target / "assetlens" / "runtime"
    if target.is_symlink() or not package.is_dir() or package.is_symlink():
        return False
    expected = {path.name: path for path in _sources()}
    try:
        present = {entry.name for entry in package.iterdir() if entry.suffix == ".py"}
        return present == set(expected) and all(
            not (package / name).is_symlink() and (package / name).read_bytes() == source.read_bytes()
            for name, source in expected.items()
        )
    except OSError:
        return False


def is_own_interpreter(interpreter: str | None) -> bool:
    """The interpreter of this very environment. A virtual environment's `python` is a link to the base
    interpreter, as this one's may be: links are not followed (that would take any venv of the same base
    Python for this one); the same `bin` folder means the same environment (`python` and `python3`)."""
    if not interpreter:
        return True
    found = shutil.which(interpreter) or interpreter
    if not os.path.exists(found):
        return False
    return os.path.dirname(os.path.abspath(found)) == os.path.dirname(os.path.abspath(sys.executable))


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
