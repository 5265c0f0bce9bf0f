"""No asset key can make the value store write outside `.assetlens/storage`: keys with `..`, separators,
absolute paths, drive letters, empty parts or device names all map to distinct files inside it, a
symlink inside the store cannot lead out, and a real run of such keys writes nothing outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from assetlens.runtime.value_store import FilesystemStore, StoreError, encode_key_part

from tests.runtime.conftest import run_worker, stored_values

NASTY_KEYS = [
    ("..", "..", "escaped"),
    ("..",),
    (".",),
    ("a", ".."),
    ("a/b", "c"),
    ("a", "b/c"),
    ("a\\b",),
    ("/etc", "passwd"),
    ("C:\\x", "CON"),
    ("",),
    ("", ""),
    ("x.pkl",),
    ("x", "y"),
    ("x",),
    ("nul",),
    ("späti", "日本"),
    ("a\x00b",),
    ("%41",),
    ("A",),
]


def _inside(path: Path, root: Path) -> bool:
    return root.resolve() in path.resolve().parents


def test_every_key_maps_to_its_own_file_inside_the_store(tmp_path: Path) -> None:
    store = FilesystemStore(tmp_path / "storage")
    paths = {key: store.path_for(key) for key in NASTY_KEYS}
    assert len(set(paths.values())) == len(NASTY_KEYS), "two keys share a file"
    for key, path in paths.items():
        assert _inside(path, tmp_path / "storage"), (key, path)
        for part in path.relative_to(tmp_path / "storage").parts:
            assert part not in (".", "..") and "/" not in part and "\\" not in part and "\x00" not in part


def test_encoding_keeps_plain_names_readable() -> None:
    assert encode_key_part("raw_orders-2024") == "raw_orders-2024"
    assert encode_key_part("..") == "%2E%2E"
    assert encode_key_part("a/b") == "a%2Fb"
    assert encode_key_part("") == "%"
    assert encode_key_part("CON") == "%43ON"


def test_values_round_trip_for_nasty_keys(tmp_path: Path) -> None:
    store = FilesystemStore(tmp_path / "storage")
    for index, key in enumerate(NASTY_KEYS):
        store.save(key, {"index": index})
    for index, key in enumerate(NASTY_KEYS):
        assert store.load(key) == {"index": index}
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(_inside(p, tmp_path / "storage") for p in written)


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlink_inside_the_store_cannot_lead_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    store_root = tmp_path / "storage"
    store_root.mkdir()
    (store_root / "link").symlink_to(outside, target_is_directory=True)
    store = FilesystemStore(store_root)
    with pytest.raises(StoreError, match="outside the store"):
        store.save(("link", "x"), 1)
    assert list(outside.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["builtin", "dagster"])
def test_a_run_of_traversal_keys_writes_only_inside_the_store(engine: str, workspace_factory) -> None:
    workspace = workspace_factory("traversal")
    before = {p for p in workspace.parent.rglob("*")}
    selection = (
        ("..", "..", "escaped"),
        ("dotdot_reader",),
        ("/etc", "passwd"),
        ("C:\\\\x", "CON"),
        ("",),
        ("a/b", ".."),
    )
    outcome = run_worker(workspace, ["traversal.assets"], selection, engine=engine)
    assert outcome.status == "success", outcome.error
    created = {p for p in workspace.parent.rglob("*")} - before
    store = workspace / ".assetlens"
    assert all(p == store or _inside(p, store) for p in created), sorted(map(str, created - {store}))
    values = stored_values(workspace)
    assert values["%2E%2E/%2E%2E/escaped.pkl"] == "dotdot"
    assert values["dotdot_reader.pkl"] == "dotdot!"
    assert values["%2Fetc/passwd.pkl"] == "abs"
    assert values["%.pkl"] == "empty"
    assert sorted(values) == sorted(
        [
            "%2E%2E/%2E%2E/escaped.pkl",
            "dotdot_reader.pkl",
            "%2Fetc/passwd.pkl",
            "C%3A%5C%5Cx/%43ON.pkl",
            "%.pkl",
            "a%2Fb/%2E%2E.pkl",
        ]
    )
