"""Where asset values live between runs: a filesystem store of pickles under `.assetlens/storage/` (like
Dagster's default IO manager), in which no asset key can name a path outside the store, and an
in-memory store for `materialize()` calls from user code.

A pickle runs code when it is loaded, and the store may have come with the workspace, so the filesystem
store loads a value only when the run store recorded a materialization of that key and the file's
SHA-256 is the data version recorded then (`expected_versions`); anything else is refused unread.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

PICKLE_PROTOCOL = 4  # readable by every Python 3 the user's interpreter may be
_SAFE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
SUFFIX = ".pkl"
MAX_NAME_BYTES = 255 - len(SUFFIX)  # the common file-name limit (ext4, APFS, NTFS), with the suffix
_LONG_PART_MARK = "%~"  # never produced by the ordinary encoding ('~' is encoded), so no collisions
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_WINDOWS_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(1, 10)] + [f"LPT{i}" for i in range(1, 10)]
)


class StoreError(Exception):
    """A value could not be stored or loaded (with the key and path in the message)."""


@dataclass(frozen=True)
class StoredValue:
    """The outcome of storing a value: its data version and a way to get a fresh copy back."""

    data_version: str | None
    reload: Callable[[], Any]


class ValueStore(Protocol):
    def save(self, key: tuple[str, ...], value: Any) -> StoredValue: ...

    def load(self, key: tuple[str, ...]) -> Any: ...

    def exists(self, key: tuple[str, ...]) -> bool: ...


def encode_key_part(part: str) -> str:
    """A key part as one safe file name: letters, digits, `_` and `-` stay; every other character
    (including `.`, `/`, `\\`, `:` and NUL) becomes `%XX` of its UTF-8 bytes. The empty part is `%`, and
    a Windows device name (`CON`, `NUL`...) has its first letter encoded.
    No encoded part can be `.`/`..`, contain a separator, or end in `.pkl`, so keys map one-to-one to
    paths inside the store."""
    if part == "":
        return "%"
    encoded = "".join(
        ch if ch in _SAFE_CHARS else "".join(f"%{byte:02X}" for byte in ch.encode("utf-8")) for ch in part
    )
    if encoded.upper() in _WINDOWS_DEVICE_NAMES:  # "CON.pkl" cannot be a file on Windows
        encoded = f"%{ord(encoded[0]):02X}{encoded[1:]}"
    if len(encoded) > MAX_NAME_BYTES:  # longer than a file name may be: a readable head and a digest
        digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()
        head = encoded[:120]
        while head.endswith("%") or head[-2:-1] == "%":  # never cut a %XX escape in half
            head = head[:-1]
        encoded = f"{head}{_LONG_PART_MARK}{digest}"
    return encoded


def data_version_of(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


ExpectedVersions = Callable[[tuple[str, ...]], "str | None"]


class FilesystemStore:
    """Pickles at `root/<part>/<part>.pkl`, written atomically (temp file + rename).

    Encoded parts cannot climb out of the root lexically; what remains is a symlink inside the store
    pointing elsewhere, so every directory a value goes into is resolved (once) and must lie in the root.
    With `expected_versions` (key -> the data version the run store recorded, None when it recorded
    none), a value is loaded only when its bytes hash to that version.
    """

    def __init__(self, root: str | os.PathLike[str], expected_versions: ExpectedVersions | None = None) -> None:
        self.root = Path(root)
        self.expected_versions = expected_versions
        self._real_root: Path | None = None
        self._checked_dirs: set[Path] = set()

    def path_for(self, key: Iterable[str]) -> Path:
        key = tuple(key)
        parts = [encode_key_part(part) for part in key]
        if not parts:
            raise StoreError("an asset key needs at least one part")
        path = self.root.joinpath(*parts[:-1], parts[-1] + SUFFIX)
        self._check_dir(path.parent, key)
        return path

    def _check_dir(self, directory: Path, key: tuple[str, ...]) -> None:
        if directory in self._checked_dirs:
            return
        if self._real_root is None:
            self._real_root = self.root.resolve()
        real = directory.resolve()
        if real != self._real_root and self._real_root not in real.parents:
            raise StoreError(f"asset key {list(key)!r} resolves outside the store ({real}); refusing to use it")
        if directory.is_dir():  # only existing directories are remembered (a later symlink needs a later check)
            self._checked_dirs.add(directory)

    def save(self, key: tuple[str, ...], value: Any) -> StoredValue:
        try:
            payload = pickle.dumps(value, protocol=PICKLE_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - any pickling failure is the user's value
            raise StoreError(
                f"the value of {'/'.join(key)} cannot be pickled: {type(error).__name__}: {error}"
            ) from error
        self.write_bytes(key, payload)
        return StoredValue(data_version_of(payload), lambda: pickle.loads(payload))

    def write_bytes(self, key: tuple[str, ...], payload: bytes) -> Path:
        path = self.path_for(key)
        if path.parent not in self._checked_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._checked_dirs.discard(path.parent)
            self._check_dir(path.parent, key)
        temp = path.with_name(f".tmp-{os.getpid()}-{os.urandom(4).hex()}")
        try:
            with open(temp, "wb") as handle:
                handle.write(payload)
            os.replace(temp, path)
        except BaseException:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass
            raise
        return path

    def load(self, key: tuple[str, ...]) -> Any:
        payload = self.read_verified(key)
        return pickle.loads(payload)

    def read_verified(self, key: tuple[str, ...]) -> bytes:
        """The stored bytes of `key`, checked against the recorded data version (when one is expected)."""
        name = "/".join(key)
        expected = self.expected_versions(key) if self.expected_versions is not None else None
        if self.expected_versions is not None and expected is None:
            raise StoreError(
                f"no stored value of {name} to read: the run store records no materialization of it that "
                "stored a value (materialize it first)"
            )
        path = self.path_for(key)
        try:
            payload = self.read_bytes(key)
        except FileNotFoundError:
            raise StoreError(f"no stored value for {name} (expected {path}); materialize it again") from None
        if expected is not None and data_version_of(payload) != expected:
            raise StoreError(
                f"the stored value of {name} ({path}) is not the one recorded when it was materialized (the file "
                "was changed or damaged); it is not loaded — materialize it again"
            )
        return payload

    def read_bytes(self, key: tuple[str, ...]) -> bytes:
        """The file's bytes: a regular file only, opened without following a link."""
        path = self.path_for(key)
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            raise
        except OSError as error:
            raise StoreError(f"cannot read the stored value of {'/'.join(key)} ({path}): {error.strerror or error}") from None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise StoreError(f"the stored value of {'/'.join(key)} ({path}) is not a regular file")
            return handle.read()

    def exists(self, key: tuple[str, ...]) -> bool:
        """A value is there to load: the file exists and (when versions are checked) one is recorded."""
        if self.expected_versions is not None and self.expected_versions(key) is None:
            return False
        return self.path_for(key).is_file()


class MemoryStore:
    """Values kept in memory: pickled (as `materialize()` would through the filesystem) or as is
    (`materialize_to_memory()`)."""

    def __init__(self, pickled: bool = True) -> None:
        self.pickled = pickled
        self.values: dict[tuple[str, ...], Any] = {}

    def save(self, key: tuple[str, ...], value: Any) -> StoredValue:
        if not self.pickled:
            self.values[key] = value
            return StoredValue(None, lambda: value)
        try:
            payload = pickle.dumps(value, protocol=PICKLE_PROTOCOL)
        except Exception as error:  # noqa: BLE001
            raise StoreError(
                f"the value of {'/'.join(key)} cannot be pickled: {type(error).__name__}: {error}"
            ) from error
        self.values[key] = payload
        return StoredValue(data_version_of(payload), lambda: pickle.loads(payload))

    def load(self, key: tuple[str, ...]) -> Any:
        if key not in self.values:
            raise StoreError(f"no stored value for {'/'.join(key)}")
        value = self.values[key]
        return pickle.loads(value) if self.pickled else value

    def exists(self, key: tuple[str, ...]) -> bool:
        return key in self.values
