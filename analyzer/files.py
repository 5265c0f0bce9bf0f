"""Reading a workspace's files without hanging or exhausting memory on what a repository may plant.

Only regular files are read (a symlink is followed to what it names): a FIFO named `x.py` would block
the reader forever, a link to `/dev/zero` or `/dev/urandom` would never end. A file larger than
MAX_FILE_BYTES is not read either: `read_file` raises `UnreadableFile`, whose message says why (AL000
reports it, "file too large to analyse"). The file is opened without blocking, checked with `fstat` on
the open descriptor (no race between the check and the read), and read up to the limit at most.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MiB: generated modules of 100k lines stay far below it


class UnreadableFile(OSError):
    """The file is not a regular file, is too large, or cannot be opened; str() says which."""


def describe_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size} bytes"


def read_file(path: Path | str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed).

    Raises FileNotFoundError when nothing is there, UnreadableFile when it is a FIFO, device, socket or
    folder, larger than `limit`, or cannot be opened."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # never even open a device or a FIFO
            raise UnreadableFile(0, "not a regular file", str(path))
    except FileNotFoundError:
        raise
    except UnreadableFile:
        raise
    except OSError as error:
        raise UnreadableFile(error.errno or 0, error.strerror or str(error), str(path)) from None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        if error.errno in (errno.ENXIO, errno.EISDIR):
            raise UnreadableFile(error.errno, "not a regular file", str(path)) from None
        raise UnreadableFile(error.errno or 0, error.strerror or str(error), str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(0, "not a regular file", str(path))
        if info.st_size > limit:
            raise UnreadableFile(
                errno.EFBIG,
                f"file too large to analyse ({describe_size(info.st_size)}; the limit is {describe_size(limit)})",
                str(path),
            )
        chunks: list[bytes] = []
        remaining = limit + 1  # a file that grew since fstat is still bounded
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise UnreadableFile(errno.EFBIG, f"file too large to analyse (over {describe_size(limit)})", str(path))
        return data
    finally:
        os.close(fd)


def read_text(path: Path | str, *, limit: int = MAX_FILE_BYTES, encoding: str = "utf-8") -> str:
    """`read_file` decoded (strictly) as `encoding`, newlines kept as written."""
    return read_file(path, limit=limit).decode(encoding)


def is_regular_file(path: Path | str) -> bool:
    """Whether `path` is (or links to) a regular file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def unreadable_reason(error: OSError) -> str:
    """A short reason for an AL000 message: "file too large to analyse (...)", "not a regular file"..."""
    if isinstance(error, UnreadableFile) and error.strerror:
        return error.strerror
    return f"cannot be read: {error.strerror or error}"
