"""What `assetlens check` says when there is nothing to check, and that a position named inside a
message is spelled relative to the same folder as the location at the start of its line (issue 12)."""
from __future__ import annotations

from conftest import assetlens, write_files

ASSET = 'import dagster as dg\n\n\n@dg.asset(name="{name}")\ndef f():\n    return 1\n'


def test_an_empty_folder_says_there_are_no_python_files(tmp_path):
    done = assetlens("check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "No Python files found: nothing checked.\n"


def test_python_without_assets_says_no_assets_were_found(tmp_path):
    write_files(tmp_path, {"util.py": "def helper():\n    return 1\n", "pkg/__init__.py": ""})
    done = assetlens("check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "No assets found in 2 Python files: nothing to check.\n"


def test_positions_in_messages_are_relative_to_the_same_folder_as_the_line(tmp_path):
    write_files(tmp_path / "project", {"a/one.py": ASSET.format(name="dup"), "b/two.py": ASSET.format(name="dup")})
    done = assetlens("check", "--no-cache", "project", cwd=tmp_path)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "AL003" in line]
    assert lines == [
        "project/a/one.py:4:16: error: AL003 duplicate asset key `dup`: also defined at project/b/two.py:4:16",
        "project/b/two.py:4:16: error: AL003 duplicate asset key `dup`: also defined at project/a/one.py:4:16",
    ]
