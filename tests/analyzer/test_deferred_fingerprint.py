"""Extraction leaves each asset's fingerprint as a recipe (the function's own source lines) computed when
first asked for; it must be exactly the fingerprint computed at once from the file's syntax tree, for
every shape of function an asset can come from."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from assetlens.analyzer import asset_builder, fingerprints

from .support import analyze, write_files

FILES = {
    "pkg/__init__.py": "",
    "pkg/ops.py": '''
        from dagster import op

        @op
        def clean(rows):
            """Drop empty rows."""
            return [row for row in rows if row]  # truthy only
    ''',
    "pkg/decorators.py": '''
        import functools

        from dagster import asset


        def logged_asset(**kwargs):
            def wrap(fn):
                @functools.wraps(fn)
                def wrapper(*args, **kw):
                    print("running", fn.__name__)
                    return fn(*args, **kw)

                return asset(**kwargs)(wrapper)

            return wrap
    ''',
    "pkg/assets.py": '''
        import dagster as dg
        from dagster import AssetOut, asset, graph_asset, multi_asset

        from pkg.decorators import logged_asset
        from pkg.ops import clean


        @asset(code_version="1")
        def plain():
            """Docstring only counts for the description."""
            total = 1 + 2
            return total  # trailing comment


        @asset(
            code_version="2",
            deps=["plain"],
        )
        async def asynchronous():
            return """a string
        spanning lines at column zero"""


        @asset
        def one_liner(): return 1


        @asset
        def docstring_only():
            """Nothing else."""


        @multi_asset(outs={"a": AssetOut(), "b": AssetOut()})
        def split():
            return 1, 2


        @graph_asset
        def cleaned(raw_rows):
            return clean(raw_rows)


        @logged_asset(code_version="3")
        def wrapped():
            return {"x": [1, 2, 3]}


        def make(name):
            @asset(name=name, code_version="1")
            def inner():
                value = name.upper()
                return value

            return inner


        made = [make(n) for n in ("m1", "m2")]


        class Factory:
            def build(self):
                @dg.asset(name="from_method")
                def _asset():
                    return (
                1, 2)  # a bracket continued at a lower indentation

                return _asset


        built = Factory().build()
    ''',
    "pkg/tabs.py": "from dagster import asset\n\nif True:\n\t@asset\n\tdef tabbed():\n\t\treturn 1\n",
    "pkg/crlf.py": "from dagster import asset\r\n\r\n@asset(code_version='1')\r\ndef crlf():\r\n    x = '''a\r\nb'''\r\n    return x\r\n",
}


def _fingerprints(root: Path) -> dict[tuple, str | None]:
    workspace = analyze(root)
    return {(asset.file, asset.user_key): asset.fingerprint for asset in workspace.assets}


def test_a_recipe_gives_the_fingerprint_computed_from_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, FILES)
    workspace = analyze(tmp_path)
    deferred = {(asset.file, asset.user_key): asset for asset in workspace.assets}
    assert len(deferred) == 13
    assert all(asset.fingerprint_recipe is not None and asset.fingerprint_value is None for asset in deferred.values())

    monkeypatch.setattr(asset_builder, "deferred_fingerprint", lambda function, ops=None: None)
    eager = {(asset.file, asset.user_key): asset for asset in analyze(tmp_path).assets}
    assert all(asset.fingerprint_recipe is None for asset in eager.values())
    assert {where: asset.fingerprint for where, asset in deferred.items()} == {where: asset.fingerprint for where, asset in eager.items()}
    assert all(asset.fingerprint for asset in eager.values())


def test_a_recipe_survives_pickling_and_a_fresh_memo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, FILES)
    assets = analyze(tmp_path).assets
    expected = [asset.fingerprint for asset in assets]
    monkeypatch.setattr(fingerprints, "_ASSETS", {})
    monkeypatch.setattr(fingerprints, "_FUNCTIONS", {})
    assert [asset.fingerprint for asset in pickle.loads(pickle.dumps(assets))] == expected


def test_the_changes_that_matter_still_change_a_deferred_fingerprint(tmp_path: Path) -> None:
    write_files(tmp_path, FILES)
    before = _fingerprints(tmp_path)
    ops = (tmp_path / "pkg/ops.py").read_text()
    (tmp_path / "pkg/ops.py").write_text(ops.replace("if row]", "if row is not None]"))
    wrapper = (tmp_path / "pkg/decorators.py").read_text()
    (tmp_path / "pkg/decorators.py").write_text(wrapper.replace('"running"', '"starting"'))
    after = _fingerprints(tmp_path)
    changed = {where[1] for where in before if before[where] != after[where]}
    assert changed == {"cleaned", "wrapped"}


def test_a_function_the_interpreter_made_is_fingerprinted_at_once() -> None:
    import ast

    class Function:
        runs = None
        scope = None
        node = ast.parse("def f():\n    return 1\n").body[0]

    assert fingerprints.deferred_fingerprint(Function()) is None  # type: ignore[arg-type]


def test_computed_fingerprints_are_kept_in_the_cache_folder_for_the_next_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache_dir = tmp_path / "project", tmp_path / "cache"
    write_files(project, FILES)
    monkeypatch.setattr(fingerprints, "_ASSETS", {})  # as in a new process
    expected = {asset.user_key: asset.fingerprint for asset in analyze(project, use_cache=True, cache_dir=cache_dir).assets}
    fingerprints.save()
    assert (cache_dir / "fingerprints.pickle").is_file()

    # a new process: nothing memoised in memory, and nothing could be computed
    def not_again(*args: object) -> str:
        raise AssertionError("computed again")

    monkeypatch.setattr(fingerprints, "_ASSETS", {})
    monkeypatch.setattr(fingerprints, "_STORED", {"folder": None, "memo": None, "added": set(), "at_exit": True})
    monkeypatch.setattr(fingerprints, "_function_fingerprint", not_again)
    again = analyze(project, use_cache=True, cache_dir=cache_dir).assets
    assert {asset.user_key: asset.fingerprint for asset in again} == expected

    # a damaged memo is not used (and not an error)
    (cache_dir / "fingerprints.pickle").write_bytes(b"not a pickle")
    monkeypatch.undo()
    monkeypatch.setattr(fingerprints, "_ASSETS", {})
    monkeypatch.setattr(fingerprints, "_STORED", {"folder": None, "memo": None, "added": set(), "at_exit": True})
    fresh = analyze(project, use_cache=True, cache_dir=cache_dir).assets
    assert {asset.user_key: asset.fingerprint for asset in fresh} == expected
