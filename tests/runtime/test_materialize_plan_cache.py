"""`assetlens materialize` reuses its plan (what to run, which modules, each asset's fingerprint) only
while nothing the analyzer read has changed; an edit always gives a new plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assetlens.cli.main import main

MODULE = """\
import dagster as dg


@dg.asset(code_version="1")
def a():
    return 1


@dg.asset
def b(a):
    return a + 1
"""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    (root / "pipeline").mkdir(parents=True)
    (root / "pipeline" / "__init__.py").write_text("")
    (root / "pipeline" / "assets.py").write_text(MODULE)
    return root


def status(root: Path) -> dict[str, dict]:
    completed = cli("status", "--format", "json", cwd=root)
    assert completed.returncode == 0, completed.stderr
    return {"/".join(entry["key"]): entry for entry in json.loads(completed.stdout)}


def test_a_new_dependency_changes_the_plan(project: Path) -> None:
    assert cli("materialize", "b", "--upstream", cwd=project).returncode == 0
    module = project / "pipeline" / "assets.py"
    module.write_text(
        MODULE.replace("def b(a):\n    return a + 1", "def b(a, c):\n    return a + c")
        + "\n\n@dg.asset\ndef c():\n    return 10\n"
    )
    completed = cli("materialize", "b", "--upstream", cwd=project)
    assert completed.returncode == 0, completed.stderr
    assert "success (3 materialized)" in completed.stdout and "✓ c" in completed.stderr


def test_an_edited_body_is_recorded_with_its_new_fingerprint(project: Path) -> None:
    assert cli("materialize", "a", cwd=project).returncode == 0
    assert not status(project)["a"]["stale"]
    module = project / "pipeline" / "assets.py"
    module.write_text(MODULE.replace('code_version="1")\ndef a():\n    return 1', 'code_version="2")\ndef a():\n    return 2'))
    assert status(project)["a"]["stale"]
    assert cli("materialize", "a", cwd=project).returncode == 0
    entry = status(project)["a"]
    assert not entry["stale"] and entry["lastMaterialization"]["codeVersion"] == "2"


def test_an_unchanged_workspace_is_not_analysed_again(project: Path, monkeypatch, capsys) -> None:
    past = time.time() - 60  # files as a user's are when they run a command (see result_cache._racy)
    for path in project.rglob("*"):
        os.utime(path, (past, past))
    monkeypatch.chdir(project)
    assert main(["materialize", "b", "--upstream"]) == 0

    def no_analysis(*args, **kwargs):
        raise AssertionError("the workspace was analysed again although nothing changed")

    monkeypatch.setattr("assetlens.analyzer.workspace.analyze_workspace", no_analysis)
    assert main(["materialize", "b", "--upstream"]) == 0
    assert "success (2 materialized)" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="analysed again"):  # other arguments: another plan
        main(["materialize", "b"])
