"""Where the runtime keeps things in a workspace: everything under `WORKSPACE/.assetlens/`."""

from __future__ import annotations

import os
from pathlib import Path

STORE_DIR_NAME = ".assetlens"
LOCKS_DIR_NAME = "runs"


def store_dir(workspace: str | os.PathLike[str]) -> Path:
    """`.assetlens/` of a workspace (created on demand by the writers)."""
    return Path(workspace).resolve() / STORE_DIR_NAME


def database_path(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / "runs.sqlite3"


def values_dir(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / "storage"


def locks_dir(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / LOCKS_DIR_NAME


def engine_dir(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / "engine"
