"""A repository's git configuration cannot make assetlens run a program (issue 13, item 3).

A real repository plants, in `.git/config` and `.gitattributes`, every hook git can be told to run on
its own while reading a repository — an fsmonitor hook, clean/smudge and long-running process filter
drivers, a textconv driver, an external diff, hooks — each a script that writes a marker file. `check`
(working tree and staged, with AL004 on), `graph` and the language server's baseline must find the
usual results and the marker must never appear.
"""
from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from conftest import assetlens, commit_all, git, write_files

from assetlens.analyzer.baseline import Baseline
from assetlens.analyzer.git import GitError, run_git
from assetlens.analyzer.project import discover_files

ORDERS = 'import dagster as dg\n\n\n@dg.asset(code_version="1")\ndef orders():\n    return [1, 2, 3]\n'


def plant(repo: Path) -> Path:
    """Arm the repository; returns the marker file any of its commands would create."""
    marker = repo.parent / "pwned"
    script = repo / ".git" / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\nif [ -n "$1" ] && [ -f "$1" ]; then cat "$1"; else cat; fi\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    with (repo / ".git" / "config").open("a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {script}\n\thooksPath = {repo / '.git' / 'evilhooks'}\n"
            f'[filter "evil"]\n\tclean = {script}\n\tsmudge = {script}\n'
            f'[filter "evilproc"]\n\tprocess = {script}\n'
            f'[diff "evil"]\n\ttextconv = {script}\n'
            f"[diff]\n\texternal = {script}\n"
        )
    hooks = repo / ".git" / "evilhooks"
    hooks.mkdir()
    for hook in ("post-checkout", "post-index-change", "reference-transaction", "fsmonitor-watchman"):
        (hooks / hook).write_text(script.read_text())
        (hooks / hook).chmod(0o755)
    return marker


@pytest.fixture
def armed(repo: Path) -> tuple[Path, Path]:
    write_files(repo, {".gitattributes": "*.py filter=evil diff=evil\nb*.py filter=evilproc\n", "orders.py": ORDERS, "b_other.py": "X = 1\n"})
    commit_all(repo, "base")
    marker = plant(repo)
    # the working tree differs from the index and HEAD, and its stat data is stale: git would have to
    # read the content (through the filters) to compare
    (repo / "orders.py").write_text(ORDERS.replace("[1, 2, 3]", "[1, 2]"))
    (repo / "b_other.py").write_text("X = 2\n")
    (repo / "new.py").write_text("Y = 1\n")
    return repo, marker


def test_the_planted_configuration_is_live(armed):
    """The trap works: plain git runs the planted commands (so the tests below mean something)."""
    repo, marker = armed
    git(repo, "ls-files", "--others", "--exclude-standard")  # the fsmonitor hook
    assert marker.exists()
    marker.unlink()
    git(repo, "-c", "core.fsmonitor=", "diff", "--name-only", "HEAD")  # the clean filters
    assert marker.exists()


def test_check_graph_and_staged_check_run_nothing_from_the_repository(armed):
    repo, marker = armed
    done = assetlens("check", "--no-cache", cwd=repo)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "AL004" in done.stdout  # the baseline still works: the body changed without a bump
    staged = assetlens("check", "--no-cache", "--staged", cwd=repo)
    assert staged.returncode == 0, staged.stdout + staged.stderr  # the index equals HEAD
    graph = assetlens("graph", "--no-cache", cwd=repo)
    assert graph.returncode == 0
    assert {tuple(a["key"]) for a in json.loads(graph.stdout)["assets"]} == {("orders",)}
    assert not marker.exists(), marker.read_text()


def test_library_calls_run_nothing_and_still_see_the_changes(armed):
    repo, marker = armed
    assert discover_files(repo) == ["b_other.py", "new.py", "orders.py"]
    baseline = Baseline.from_git(repo, "HEAD")
    assert baseline.changed_files() == {"orders.py", "b_other.py"}
    assert baseline.text("orders.py") == ORDERS
    git(repo, "add", "orders.py")  # runs the clean filter itself: it is git's add, not ours
    marker.unlink()
    (repo / "orders.py").write_text(ORDERS.replace("[1, 2, 3]", "[0]"))
    staged = Baseline.from_git(repo, "HEAD", staged=True)
    assert staged.changed_files() == {"orders.py"}
    assert staged.index_overrides() == {"orders.py": ORDERS.replace("[1, 2, 3]", "[1, 2]"), "b_other.py": "X = 1\n"}
    assert not marker.exists(), marker.read_text()


def test_the_language_servers_baseline_watch_runs_nothing(armed):
    from types import SimpleNamespace

    from assetlens.analyzer.config import Settings
    from assetlens.server.baselines import _resolve

    repo, marker = armed
    folder = SimpleNamespace(root=repo, rule_settings=Settings())
    assert _resolve(folder) == git(repo, "rev-parse", "HEAD").strip()
    assert not marker.exists()


def test_only_read_only_plumbing_is_allowed(tmp_path):
    with pytest.raises(GitError):
        run_git(tmp_path, ["diff", "--name-only"])
    with pytest.raises(GitError):
        run_git(tmp_path, ["status"])
