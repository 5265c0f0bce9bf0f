"""The project root, found upward from a path (as ruff and pyright find theirs).

`assetlens check`, `check sub/folder`, `check some/file.py` and `cd sub/folder && assetlens check` must
analyse the same project, so that the same file gets the same findings: the root never depends on
where the command starts, only on the markers above it. Walking up from the path (a file stands for
its folder), within the enclosing git work tree (the folder holding `.git` is the highest looked at):

1. the nearest folder whose `pyproject.toml` has a `[tool.assetlens]` table (explicit settings win);
2. else the outermost folder holding a workspace: `workspace.yaml`/`.yml`, `dagster_cloud.yaml`, a
   `dg.toml`, or a `pyproject.toml` with `[tool.dg] directory_type = "workspace"` (several code
   locations are analysed together, so a dependency of one on another is seen as one);
3. else the nearest folder with `pyproject.toml`, `setup.cfg` or `setup.py`;
4. else the git work tree's top folder;
5. else, for a package folder (or a file in one), the folder above its outermost `__init__.py`
   (so `from my_package.x import y` inside it resolves); else the folder itself.

Import roots (which folders are on `sys.path`) come with each code location, see
`assetlens.analyzer.locations`.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from assetlens.analyzer.files import exists, file_size, is_dir, is_file, read_file

WORKSPACE_MARKERS = ("workspace.yaml", "workspace.yml", "dagster_cloud.yaml", "dagster_cloud.yml", "dg.toml")
PROJECT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py")


def _exists(path: Path) -> bool:
    try:
        return exists(path)
    except OSError:
        return False


def _toml(path: Path) -> dict | None:
    try:
        if not is_file(path) or file_size(path) > 2_000_000:
            return None
        data = tomllib.loads(read_file(path).decode("utf-8", errors="replace"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _tool(data: dict | None) -> dict:
    tool = data.get("tool") if isinstance(data, dict) else None
    return tool if isinstance(tool, dict) else {}


def has_assetlens_settings(folder: Path) -> bool:
    """`[tool.assetlens]` in the folder's pyproject.toml (invalid TOML counts, so its error is reported)."""
    path = folder / "pyproject.toml"
    if not _exists(path):
        return False
    try:
        tomllib.loads(read_file(path).decode("utf-8", errors="replace"))
    except tomllib.TOMLDecodeError:
        return True
    except OSError:
        return False
    return "assetlens" in _tool(_toml(path))


def is_workspace(folder: Path) -> bool:
    if any(_exists(folder / name) for name in WORKSPACE_MARKERS):
        return True
    dg = _tool(_toml(folder / "pyproject.toml")).get("dg") if _exists(folder / "pyproject.toml") else None
    return isinstance(dg, dict) and dg.get("directory_type") == "workspace"


def find_root(path: Path) -> Path:
    """The project root for `path` (a file or folder), see the module docstring."""
    path = path.resolve()
    start = path if is_dir(path) else path.parent
    chain: list[Path] = []
    for folder in (start, *start.parents):
        chain.append(folder)
        if _exists(folder / ".git"):
            break
    else:
        # no git work tree: never above the user's home folder
        home = Path.home().resolve()
        if home in chain and home != start:
            chain = chain[: chain.index(home) + 1]
    for folder in chain:
        if has_assetlens_settings(folder):
            return folder
    workspaces = [folder for folder in chain if is_workspace(folder)]
    if workspaces:
        return workspaces[-1]
    for folder in chain:
        if any(_exists(folder / name) for name in PROJECT_MARKERS):
            return folder
    if _exists(chain[-1] / ".git"):
        return chain[-1]
    folder = start
    while _exists(folder / "__init__.py") and folder.parent != folder:
        folder = folder.parent
    return folder
