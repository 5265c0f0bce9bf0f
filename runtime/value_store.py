"""Where asset values live between runs: a filesystem store of pickles under `.assetlens/storage/` (like
Dagster's default IO manager), in which no asset key can name a path outside the store, and an
in-memory store for `materialize()` calls from user code."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

PICKLE_PROTOCOL = 4  # readable by every Python 3 the user's interpreter may be
_SAFE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
SUFFIX = ".pkl"
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
    return encoded


def data_version_of(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


class FilesystemStore:
    """Pickles at `root/<part>/<part>.pkl`, written atomically (temp file + rename).

    Encoded parts cannot climb out of the root lexically; what remains is a symlink inside the store
    pointing elsewhere, so every directory a value goes into is resolved (once) and must lie in the root.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
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
        temp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
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
        path = self.path_for(key)
        try:
            with open(path, "rb") as handle:
                return pickle.load(handle)
        except FileNotFoundError:
            raise StoreError(f"no stored value for {'/'.join(key)} (expected {path})") from None

    def read_bytes(self, key: tuple[str, ...]) -> bytes:
        return self.path_for(key).read_bytes()

    def exists(self, key: tuple[str, ...]) -> bool:
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
