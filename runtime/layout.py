"""Where the runtime keeps things in a workspace: everything under `WORKSPACE/.assetlens/`.

A workspace may come from anywhere (a clone, a download), so its `.assetlens/` is untrusted: it must be a
real folder inside the workspace, never a symbolic link, and none of the entries the runtime uses may be
links either (a link would move the store, or what the runtime deletes, outside the workspace). The
writers create it with its own `.gitignore` (`*`), so running an asset never dirties `git status`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

STORE_DIR_NAME = ".assetlens"
LOCKS_DIR_NAME = "runs"
DATABASE_NAME = "runs.sqlite3"
VALUES_DIR_NAME = "storage"
ENGINE_DIR_NAME = "engine"
WORKSPACE_LOCK_NAME = "workspace.lock"
GITIGNORE_TEXT = "# created by assetlens: its run store is local to this checkout\n*\n"

# Entries of `.assetlens/` and what each must be when it exists.
_DIRECTORIES = (LOCKS_DIR_NAME, VALUES_DIR_NAME, ENGINE_DIR_NAME)
_FILES = (DATABASE_NAME, DATABASE_NAME + "-wal", DATABASE_NAME + "-shm", WORKSPACE_LOCK_NAME, ".gitignore")


class StoreProblem(RuntimeError):
    """The workspace's `.assetlens/` cannot be used (a link, a file, damaged, busy); the message says
    what is wrong and what to do."""


def store_dir(workspace: str | os.PathLike[str]) -> Path:
    """`.assetlens/` of a workspace (created on demand by the writers, see `prepare_store`)."""
    return Path(workspace).resolve() / STORE_DIR_NAME


def database_path(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / DATABASE_NAME


def values_dir(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / VALUES_DIR_NAME


def locks_dir(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / LOCKS_DIR_NAME


def engine_dir(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / ENGINE_DIR_NAME


def workspace_lock_path(workspace: str | os.PathLike[str]) -> Path:
    return store_dir(workspace) / WORKSPACE_LOCK_NAME


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreProblem(f"cannot read {path}: {error.strerror or error}") from None


def check_entry(path: Path, *, directory: bool) -> bool:
    """True when `path` exists as a real folder (`directory`) or regular file; False when it does not
    exist; `StoreProblem` when it is a link or the wrong kind of thing."""
    info = _lstat(path)
    if info is None:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise StoreProblem(
            f"{path} is a symbolic link; assetlens keeps its run store inside the workspace and does not "
            "follow links there (remove the link)"
        )
    if directory and not stat.S_ISDIR(info.st_mode):
        raise StoreProblem(f"{path} is not a folder; assetlens keeps its run store there (move or remove it)")
    if not directory and not stat.S_ISREG(info.st_mode):
        raise StoreProblem(f"{path} is not a regular file (move or remove it)")
    return True


def existing_store(workspace: str | os.PathLike[str]) -> Path | None:
    """`.assetlens/` when it exists and is safe to read (None when there is none); never creates anything."""
    root = store_dir(workspace)
    if not check_entry(root, directory=True):
        return None
    for name in _DIRECTORIES:
        check_entry(root / name, directory=True)
    for name in _FILES:
        check_entry(root / name, directory=False)
    return root


def prepare_store(workspace: str | os.PathLike[str]) -> Path:
    """`.assetlens/` checked (see `existing_store`), created when missing, with its `.gitignore`."""
    root = store_dir(workspace)
    if existing_store(workspace) is None:
        try:
            os.mkdir(root)
        except FileExistsError:
            pass  # another process made it first; checked below
        except OSError as error:
            raise StoreProblem(f"cannot create {root}: {error.strerror or error}") from None
        existing_store(workspace)
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        try:
            fd = os.open(gitignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreProblem(f"cannot create {gitignore}: {error.strerror or error}") from None
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(GITIGNORE_TEXT)
    return root


def prepare_subdir(workspace: str | os.PathLike[str], name: str) -> Path:
    """A folder of `.assetlens/` (`runs`, `storage`, `engine`), checked and created when missing."""
    directory = prepare_store(workspace) / name
    if not check_entry(directory, directory=True):
        try:
            os.mkdir(directory)
        except FileExistsError:
            pass
        except OSError as error:
            raise StoreProblem(f"cannot create {directory}: {error.strerror or error}") from None
        check_entry(directory, directory=True)
    return directory
