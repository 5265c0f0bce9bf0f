"""Locks held by a worker for as long as it lives; the operating system releases them when the process
dies, even by `kill -9`, so whoever can take a lock knows its holder is gone.

* `RunLock`: `.assetlens/runs/<run id>.lock`, one per run — tells a run whose process is gone (recovery).
* `WorkspaceLock`: `.assetlens/workspace.lock` — one run at a time per workspace, so two runs never mix
  their values in the store; it holds the pid and run id of its holder for the message a second run gets.

Lock files are opened without following links (a planted link cannot make us lock or remove anything
outside the store; removing a link removes the link only).
"""

from __future__ import annotations

import os
from pathlib import Path

from assetlens.runtime.layout import StoreProblem

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False


class RunLock:
    """Held by the worker (`acquire`), probed by readers (`owner_is_gone`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def _open(self, create: bool) -> int:
        flags = os.O_RDWR | _NOFOLLOW | (os.O_CREAT if create else 0)
        return os.open(self.path, flags, 0o644)

    def try_acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = self._open(create=True)
        except OSError as error:
            raise StoreProblem(f"cannot create the lock {self.path}: {error.strerror or error}") from None
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def acquire(self) -> None:
        if not self.try_acquire():
            raise StoreProblem(f"run lock {self.path} is held by another process")

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self.remove()

    def remove(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass

    def owner_is_gone(self) -> bool:
        """True when no live process holds the lock (the file is missing, or we could take it)."""
        try:
            fd = self._open(create=False)
        except FileNotFoundError:
            return True
        except OSError:  # a link or something unreadable: not a lock of ours, nobody holds it
            return True
        try:
            return _try_lock(fd)
        finally:
            os.close(fd)


class WorkspaceBusy(StoreProblem):
    """Another run holds the workspace's lock."""


class WorkspaceLock(RunLock):
    """One run at a time per workspace. The file stays (removing a lock file others may have open would
    let two processes hold "the" lock); only its content changes."""

    def acquire_for(self, run_id: str) -> None:
        """Take the lock for `run_id`, or raise `WorkspaceBusy` naming the run that holds it."""
        if not self.try_acquire():
            raise WorkspaceBusy(busy_message(self.holder()))
        assert self._fd is not None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()} {run_id}\n".encode("ascii", "replace"), 0)

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            except OSError:
                pass
            os.close(self._fd)
            self._fd = None

    def holder(self) -> tuple[int, str] | None:
        """(pid, run id) written by the holder, if it reads as such (the file is untrusted)."""
        try:
            fd = self._open(create=False)
        except OSError:
            return None
        try:
            text = os.read(fd, 200).decode("ascii", "replace").split()
        finally:
            os.close(fd)
        if len(text) == 2 and text[0].isdigit() and all(c.isalnum() or c in "-_" for c in text[1]):
            return int(text[0]), text[1]
        return None

    def is_held(self) -> bool:
        return self.path.exists() and not self.owner_is_gone()


def busy_message(holder: tuple[int, str] | None) -> str:
    who = f" (run {holder[1]}, process {holder[0]})" if holder else ""
    return (
        f"another assetlens run is materializing assets in this workspace{who}; runs of one workspace "
        "take turns so their values never mix — wait for it to finish or cancel it, then try again"
    )
