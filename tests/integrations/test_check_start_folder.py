"""`assetlens check` on a dg workspace whose defs.yaml uses a component type nobody can know statically
(realworld #7): the same AL006 on the same file wherever the check starts — the workspace root, the
project folder, a folder inside the defs, the defs.yaml itself — run as the real command."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integrations.support import FIXTURES, copy_tree

YAML = "proj/src/proj/defs/fetch/defs.yaml"


def _check(cwd: Path, *paths: str) -> tuple[int, list[tuple[str, int, str]], str]:
    command = [str(Path(sys.executable).parent / "assetlens"), "check", "--no-cache", "--format", "json", *paths]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ})
    if done.returncode == 2:
        return 2, [], done.stderr
    found = [(str((cwd / d["file"]).resolve()), d["line"], d["code"]) for d in json.loads(done.stdout)["diagnostics"]]
    return done.returncode, found, done.stderr


@pytest.mark.parametrize("start, paths", [
    (".", ()),
    (".", ("proj",)),
    ("proj", ()),
    ("proj/src/proj/defs", ()),
    ("proj/src/proj/defs/fetch", ()),
    (".", (YAML,)),
    ("proj/src/proj/defs/fetch", ("defs.yaml",)),
])
def test_the_same_yaml_finding_from_any_start_folder(tmp_path: Path, start: str, paths: tuple[str, ...]) -> None:
    root = copy_tree(FIXTURES / "yaml_start_folder", tmp_path / "ws")
    code, found, stderr = _check(root / start, *paths)
    assert code == 0, stderr
    assert found == [(str((root / YAML).resolve()), 2, "AL006")]


def test_a_file_no_integration_reads_is_not_an_error_and_other_kinds_are_refused(tmp_path: Path) -> None:
    root = copy_tree(FIXTURES / "yaml_start_folder", tmp_path / "ws")
    (root / "proj/src/proj/settings.yaml").write_text("a: 1\n")
    code, found, _ = _check(root, "proj/src/proj/settings.yaml")
    assert code == 0 and found == []
    code, _, stderr = _check(root, "dg.toml")
    assert code == 2 and "not a Python file or folder" in stderr
