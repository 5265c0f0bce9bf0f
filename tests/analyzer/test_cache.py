"""The on-disk facts cache: a warm run re-extracts nothing, a changed file (or a module it reads
names from) is re-extracted, and a damaged or foreign cache is ignored, never an error."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from assetlens.analyzer import analyze_workspace, cache, extract

from .support import asset, write_files

FILES = {
    "settings.py": 'PREFIX = "raw"\n',
    "helpers.py": "from settings import PREFIX\nLAYER = PREFIX + \"_layer\"\n",
    "assets.py": """
    from dagster import asset
    from helpers import LAYER

    @asset(key_prefix=LAYER)
    def orders():
        return 1
    """,
    "other.py": """
    from dagster import asset

    @asset
    def unrelated():
        return 1
    """,
}


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relpaths whose facts are extracted from source (a spy on the one extraction function)."""
    calls: list[str] = []
    real = extract.analyze_bytes

    def spy(data, path, *args, **kwargs):
        calls.append(path)
        return real(data, path, *args, **kwargs)

    monkeypatch.setattr(extract, "analyze_bytes", spy)
    return calls


def run(root: Path, cache_dir: Path | None = None):
    return analyze_workspace(root, jobs=1, cache_dir=cache_dir)


def test_a_warm_run_reuses_every_file_and_gives_the_same_facts(tmp_path: Path, extracted: list[str]) -> None:
    write_files(tmp_path, FILES)
    cold = run(tmp_path)
    assert sorted(set(extracted)) == sorted(FILES)
    assert (cache.default_cache_dir(tmp_path) / cache.CACHE_NAME).is_file()
    assert not (tmp_path / ".assetlens").exists(), "the cache must live outside the workspace"
    extracted.clear()
    warm = run(tmp_path)
    assert extracted == []
    assert warm.modules == cold.modules
    assert [fact.key for fact in warm.assets] == [fact.key for fact in cold.assets]


def test_only_the_changed_file_is_re_extracted(tmp_path: Path, extracted: list[str]) -> None:
    write_files(tmp_path, FILES)
    run(tmp_path)
    extracted.clear()
    write_files(tmp_path, {"other.py": FILES["other.py"].replace("unrelated", "renamed")})
    workspace = run(tmp_path)
    assert extracted == ["other.py"]
    assert asset(workspace, "renamed").file == "other.py"


def test_a_change_in_an_imported_module_invalidates_its_importers_transitively(tmp_path: Path, extracted: list[str]) -> None:
    write_files(tmp_path, FILES)
    assert asset(run(tmp_path), "raw_layer", "orders")
    extracted.clear()
    (tmp_path / "settings.py").write_text('PREFIX = "bronze"\n', encoding="utf-8")
    workspace = run(tmp_path)
    assert sorted(extracted) == ["assets.py", "helpers.py", "settings.py"]
    assert asset(workspace, "bronze_layer", "orders").resolved


def test_a_deleted_file_leaves_the_workspace_and_the_cache(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    run(tmp_path)
    (tmp_path / "other.py").unlink()
    workspace = run(tmp_path)
    assert "other.py" not in workspace.modules
    assert "other.py" not in cache.load(cache.default_cache_dir(tmp_path))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle at all",
        b"\x80\x05\x95\x00\x00",  # truncated
        pickle.dumps({"analyzer": "another build", "files": {"assets.py": "stale"}}),
        pickle.dumps(["not", "a", "dict"]),
    ],
    ids=["empty", "garbage", "truncated", "other-analyzer", "wrong-shape"],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(tmp_path: Path, extracted: list[str], damage: bytes) -> None:
    write_files(tmp_path, FILES)
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / cache.CACHE_NAME).write_bytes(damage)
    workspace = run(tmp_path, cache_dir)
    assert sorted(set(extracted)) == sorted(FILES)
    assert asset(workspace, "raw_layer", "orders").resolved
    assert set(cache.load(cache_dir)) == set(FILES)


def test_a_cache_with_an_impossible_length_is_ignored(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / cache.CACHE_NAME).write_bytes(b"\x80\x05\x8e" + (2**62).to_bytes(8, "little"))
    assert asset(run(tmp_path, cache_dir), "unrelated").resolved


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    workspace = run(tmp_path, blocked / "cache")
    assert asset(workspace, "unrelated").resolved


def test_use_cache_false_neither_reads_nor_writes(tmp_path: Path, extracted: list[str]) -> None:
    write_files(tmp_path, FILES)
    run(tmp_path)
    extracted.clear()
    analyze_workspace(tmp_path, jobs=1, use_cache=False, cache_dir=tmp_path / "unused")
    assert sorted(set(extracted)) == sorted(FILES)
    assert not (tmp_path / "unused").exists()


def test_a_new_module_that_satisfies_an_unresolved_import_invalidates_the_importer(tmp_path: Path) -> None:
    write_files(tmp_path, {"assets.py": FILES["assets.py"]})
    assert not run(tmp_path).assets[0].resolved
    write_files(tmp_path, {"helpers.py": 'LAYER = "created_later"\n'})
    assert asset(run(tmp_path), "created_later", "orders").resolved


class _Marker:
    """Pickles as a call that creates a file: what a malicious cache committed to a repository does."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (str(self.path),))


def test_a_cache_file_shipped_in_the_workspace_cannot_run_code(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    marker = tmp_path / "code-was-run"
    cache_dir = tmp_path / ".assetlens" / "cache"
    cache_dir.mkdir(parents=True)
    (cache_dir / cache.CACHE_NAME).write_bytes(pickle.dumps({"analyzer": "x", "files": _Marker(marker)}))
    run(tmp_path)
    assert not marker.exists()


def test_a_warm_run_reads_only_changed_files_and_sees_a_same_size_edit(tmp_path: Path, monkeypatch) -> None:
    from assetlens.analyzer import files as files_module
    from assetlens.analyzer import workspace as workspace_module

    root = tmp_path / "ws"
    cache_dir = tmp_path / "cache"
    write_files(root, {"a.py": "import dagster as dg\n\n@dg.asset\ndef aaa():\n    return 1\n", "b.py": "X = 1\n"})
    analyze_workspace(root, cache_dir=cache_dir, jobs=1)
    reads: list[str] = []
    real = files_module.read_file

    def counting(path, **kwargs):
        reads.append(Path(path).name)
        return real(path, **kwargs)

    monkeypatch.setattr(workspace_module, "read_file", counting)
    analyze_workspace(root, cache_dir=cache_dir, jobs=1)
    assert reads == []  # nothing changed: nothing read
    (root / "a.py").write_text("import dagster as dg\n\n@dg.asset\ndef bbb():\n    return 1\n")  # same size
    workspace = analyze_workspace(root, cache_dir=cache_dir, jobs=1)
    assert [a.key for a in workspace.assets] == [("bbb",)]
