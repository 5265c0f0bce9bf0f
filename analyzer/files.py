"""Reading a workspace's files without hanging or exhausting memory on what a repository may plant.

Only regular files are read (a symlink is followed to what it names): a FIFO named `x.py` would block
the reader forever, a link to `/dev/zero` or `/dev/urandom` would never end. A file larger than
MAX_FILE_BYTES is not read either: `read_file` raises `UnreadableFile`, whose message says why (AL000
reports it, "file too large to analyse"). The file is opened without blocking, checked with `fstat` on
the open descriptor (no race between the check and the read), and read up to the limit at most.

Every look at the file system the analysis makes goes through this module (`read_file`, `is_file`,
`is_dir`, `exists`, `visible_entries`, `rglob`...), so that `recording()` can list what a result was computed
from: what was read (with its stat signature) and what each probe answered. `FileInputs.unchanged()`
asks the same questions again; the result cache of `check` and `materialize` (`result_cache.py`) relies on it.
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024  # 10 MiB: generated modules of 100k lines stay far below it


class UnreadableFile(OSError):
    """The file is not a regular file, is too large, or cannot be opened; str() says which."""


def describe_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size} bytes"


@dataclass
class FileInputs:
    """What an analysis looked at: (question, absolute path) -> the answer it got, e.g.
    ("read", "/p/a.yaml") -> the file's stat signature, ("is_dir", "/p/defs") -> True."""

    answers: dict[tuple[str, str], object] = field(default_factory=dict)

    def unchanged(self) -> bool:
        """Whether every question gets the same answer now (a file whose signature is unchanged is
        taken to have the same content, as the facts cache does)."""
        return all(_ask(question, path) == answer for (question, path), answer in self.answers.items())


_RECORDINGS: list[FileInputs] = []


@contextmanager
def recording() -> Iterator[FileInputs]:
    """Record every question asked of the file system through this module meanwhile."""
    inputs = FileInputs()
    _RECORDINGS.append(inputs)
    try:
        yield inputs
    finally:
        _RECORDINGS.remove(inputs)


def _note(question: str, path: Path | str, answer: object) -> None:
    if _RECORDINGS:
        where = os.path.abspath(path)
        for inputs in _RECORDINGS:
            inputs.answers.setdefault((question, where), answer)


def file_signature(path: Path | str) -> object:
    """A regular file's (mtime, ctime, size, inode); or what else is there ("missing", "not a file", the error)."""
    try:
        result = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except (OSError, ValueError) as error:
        return f"error: {type(error).__name__}"
    if not stat.S_ISREG(result.st_mode):
        return "not a file"
    return (result.st_mtime_ns, result.st_ctime_ns, result.st_size, result.st_ino)


def _answer(question: str, path: Path | str) -> object:
    """The answer to a question, computed exactly as the analysis computes it (errors become an answer)."""
    try:
        return _QUESTIONS[question](path)
    except (OSError, ValueError) as error:
        return f"error: {type(error).__name__}"


def _ask(question: str, path: str) -> object:
    return file_signature(path) if question == "read" else _answer(question, path)


_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # pathlib's: "not there"


def _mode(path: Path | str) -> int | None:
    """The file's mode, None when nothing is there (`Path.is_file()`'s semantics: other errors raise)."""
    try:
        return os.stat(path).st_mode
    except OSError as error:
        if error.errno not in _IGNORED_ERRNOS:
            raise
        return None
    except ValueError:
        return None


def _kind_is(test):
    return lambda path: (mode := _mode(path)) is not None and test(mode)


_QUESTIONS = {  # each as its Path method answers it (without building Path objects: validation asks thousands)
    "is_file": _kind_is(stat.S_ISREG),
    "is_dir": _kind_is(stat.S_ISDIR),
    "exists": _kind_is(lambda mode: True),
    "regular": lambda path: _is_regular(path),
    "size": lambda path: os.stat(path).st_size,
    "visible_entries": lambda path: tuple(sorted(name for name in os.listdir(path) if _visible(name))),
    "subfolders": lambda path: _subfolders(path),
    "rglob": lambda path: tuple(child.relative_to(path).as_posix() for child in sorted(Path(path).rglob("*"))),
}


def _recorded(question: str, path: Path | str) -> object:
    """Ask (recording the answer when a recording is on); an error is raised as the Path method raises it."""
    try:
        answer = _QUESTIONS[question](path)
    except (OSError, ValueError) as error:
        _note(question, path, f"error: {type(error).__name__}")
        raise
    _note(question, path, answer)
    return answer


def is_file(path: Path | str) -> bool:
    """`Path.is_file()`, recorded."""
    return bool(_recorded("is_file", path))


def is_dir(path: Path | str) -> bool:
    """`Path.is_dir()`, recorded."""
    return bool(_recorded("is_dir", path))


def exists(path: Path | str) -> bool:
    """`Path.exists()`, recorded."""
    return bool(_recorded("exists", path))


def file_size(path: Path | str) -> int:
    """`Path.stat().st_size`, recorded (raises OSError as `stat` does)."""
    return int(_recorded("size", path))  # type: ignore[arg-type]


def visible_entries(folder: Path | str) -> list[Path]:
    """The folder's entries but `.hidden` ones and `__pycache__`, sorted by name, recorded: what Python,
    git or assetlens itself write next to the project's files (`.assetlens`, `__pycache__`) is not a
    change of the project."""
    folder = Path(folder)
    return [folder / name for name in _recorded("visible_entries", folder)]  # type: ignore[union-attr]


def _visible(name: str) -> bool:
    return not name.startswith(".") and name != "__pycache__"


def subfolders(folder: Path | str) -> list[Path]:
    """The folder's visible subfolders (see `visible_entries`) that are not symlinks, sorted by name,
    recorded."""
    folder = Path(folder)
    return [folder / name for name in _recorded("subfolders", folder)]  # type: ignore[union-attr]


def _subfolders(path: Path | str) -> tuple[str, ...]:
    with os.scandir(path) as entries:
        return tuple(sorted(e.name for e in entries if _visible(e.name) and e.is_dir(follow_symlinks=False)))


def rglob(folder: Path | str) -> list[Path]:
    """Everything below the folder, sorted (`Path.rglob("*")`), recorded."""
    folder = Path(folder)
    return [folder / name for name in _recorded("rglob", folder)]  # type: ignore[union-attr]


def read_file(path: Path | str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed).

    Raises FileNotFoundError when nothing is there, UnreadableFile when it is a FIFO, device, socket or
    folder, larger than `limit`, or cannot be opened."""
    if _RECORDINGS:
        _note("read", path, file_signature(path))
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
    answer = _is_regular(path)
    if _RECORDINGS:
        _note("regular", path, answer)
    return answer


def _is_regular(path: Path | str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def unreadable_reason(error: OSError) -> str:
    """A short reason for an AL000 message: "file too large to analyse (...)", "not a regular file"..."""
    if isinstance(error, UnreadableFile) and error.strerror:
        return error.strerror
    return f"cannot be read: {error.strerror or error}"
