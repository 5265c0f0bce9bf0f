"""Which files make up a workspace, and the dotted module name of each.

Files: every regular `*.py` file (or link to one) under the root that git does not ignore (`git ls-files`, so `.gitignore` is
honoured exactly) — or, outside a git work tree, a walk that skips virtual environments, caches and
hidden folders and applies the root `.gitignore` — minus the `exclude` globs, plus nothing else.
Module names: a file's package is found by walking up while `__init__.py` exists, as Python does.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from assetlens.analyzer.files import is_file, is_regular_file, read_file
from assetlens.analyzer.git import GitError, run_git
from assetlens.analyzer.globs import glob_matches

SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", "site-packages",
     ".mypy_cache", ".pytest_cache", ".ruff_cache", ".assetlens", "build", "dist", ".eggs"}
)


class UnreadableFolder(OSError):
    """A folder of the workspace cannot be listed (permissions): its files would silently be missing."""


def discover_files(root: Path, exclude: Iterable[str] = (), include: Iterable[str] = ()) -> list[str]:
    """Relative posix paths of the workspace's Python files, sorted.

    Raises UnreadableFolder when a folder that is neither ignored nor excluded cannot be listed."""
    unreadable: list[tuple[str, str]] = []  # (relative folder, why)
    files = _git_files(root, unreadable)
    if not files:  # not in a git work tree, or the folder itself is ignored by an enclosing repo
        unreadable.clear()
        files = _walk_files(root, unreadable)
    patterns = list(exclude)
    wanted = list(include)
    for folder, why in unreadable:
        if not (patterns and matches_any(folder.rstrip("/") + "/x.py", patterns)):
            raise UnreadableFolder(
                f"folder `{folder.rstrip('/')}` cannot be read ({why}): its files cannot be analysed "
                "(fix its permissions, or list it in [tool.assetlens] exclude)"
            )
    result = []
    for path in files:
        if patterns and matches_any(path, patterns):
            continue
        if wanted and not matches_any(path, wanted):
            continue
        result.append(path)
    return sorted(result)


def matches_any(path: str, patterns: list[str]) -> bool:
    """Whether `path` matches any of the globs (the dialect of `globs.py`)."""
    return any(glob_matches(pattern, path) for pattern in patterns if pattern.strip())


_CANNOT_OPEN = re.compile(r"^warning: could not open directory '(?P<folder>.*)': (?P<why>.*)$")


def _git_files(root: Path, unreadable: list[tuple[str, str]]) -> list[str] | None:
    try:  # through run_git: the repository's configuration cannot run anything (fsmonitor...)
        completed = run_git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.py"], timeout=30)
    except GitError:
        return None
    if completed.returncode != 0:
        return None
    for line in completed.stderr.decode("utf-8", "surrogateescape").splitlines():
        match = _CANNOT_OPEN.match(line)
        if match:
            unreadable.append((match["folder"], match["why"]))
    paths = [item for item in completed.stdout.decode("utf-8", "surrogateescape").split("\0") if item]
    # git lists deleted-but-tracked files too; keep what exists, and never what a skipped dir holds
    # tracked files are the project's, wherever they are; only environments and caches are skipped
    never = {".venv", "venv", "site-packages", "__pycache__", "node_modules", ".assetlens"}
    return [p for p in dict.fromkeys(paths) if not any(part in never for part in p.split("/")[:-1]) and is_regular_file(root / p)]


def _walk_files(root: Path, unreadable: list[tuple[str, str]]) -> list[str]:
    ignore = _read_gitignore(root)
    found: list[str] = []

    def failed(error: OSError) -> None:
        folder = os.path.relpath(error.filename, root) if error.filename else "."
        unreadable.append((folder.replace(os.sep, "/"), error.strerror or str(error)))

    for folder, dirnames, filenames in os.walk(root, onerror=failed):
        relative_folder = os.path.relpath(folder, root)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIPPED_DIRS and not d.startswith(".") and not is_regular_file(Path(folder, d, "pyvenv.cfg"))
            and not matches_any(_join(relative_folder, d) + "/x", ignore)
        )
        for name in filenames:
            if name.endswith(".py"):
                path = _join(relative_folder, name)
                # a FIFO or a device named *.py is no source file (reading it would block or never end)
                if not matches_any(path, ignore) and is_regular_file(Path(folder, name)):
                    found.append(path)
    return found


def _join(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder.replace(os.sep, '/')}/{name}"


def _read_gitignore(root: Path) -> list[str]:
    path = root / ".gitignore"
    try:
        lines = read_file(path).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []
    patterns = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and not line.startswith("!"):
            patterns.append(line.lstrip("/"))
    return patterns


def module_name(root: Path, relpath: str, existing: set[str] | None = None) -> tuple[str, bool]:
    """(dotted module name, is_package) for a workspace file.

    `existing`: the set of all relpaths in the workspace (to find `__init__.py` without touching disk).
    """
    parts = relpath[:-3].split("/") if relpath.endswith(".py") else relpath.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    folders = relpath.split("/")[:-1]

    def has_init(depth: int) -> bool:
        init = "/".join([*folders[:depth], "__init__.py"])
        if existing is not None:
            return init in existing
        return is_file(root / init)

    start = len(folders)
    while start > 0 and has_init(start):
        start -= 1
    name_parts = parts[start:]
    return ".".join(name_parts), is_package


def alternative_names(relpath: str, canonical: str) -> list[str]:
    """Other dotted names the same file may be imported by (namespace packages, src layouts)."""
    parts = relpath[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    names = []
    for start in range(len(parts)):
        candidate = ".".join(parts[start:])
        if candidate and candidate != canonical:
            names.append(candidate)
    return names
