"""The pre-commit hook for real: a temporary git repository, `pre-commit install`, and commits.

The hook definitions come from this repository's .pre-commit-hooks.yaml. They are installed as a
`repo: local` hook with the same entry, types and options, run with `language: system` so that the
`assetlens` of this environment is used (offline: no virtualenv is built from an index).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import VENV_BIN, commit_all, git

REPO_ROOT = Path(__file__).resolve().parents[2]

BEFORE = '''import dagster as dg


@dg.asset(code_version="1")
def orders():
    return [1, 2, 3]


@dg.asset(code_version="1")
def refunds(orders):
    return [o for o in orders if o < 0]
'''


def _hooks() -> list[dict]:
    import yaml  # pre-commit depends on PyYAML

    return yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())


def _local_config(hook_ids: list[str]) -> str:
    import yaml

    hooks = []
    for hook in _hooks():
        if hook["id"] in hook_ids:
            hooks.append({**hook, "language": "system"})
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    return env


def _commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def test_manifest_declares_the_check_hooks():
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert hooks["assetlens-check"]["entry"] == "assetlens check"
    assert hooks["assetlens-check"]["types"] == ["python"]
    assert hooks["assetlens-check"]["language"] == "python"
    assert hooks["assetlens-check-fix"]["entry"] == "assetlens check --fix"


@pytest.mark.slow
def test_commit_without_code_version_bump_is_rejected_and_the_bump_passes(repo, tmp_path):
    env = _env(tmp_path)
    (repo / "assets.py").write_text(BEFORE)
    (repo / ".pre-commit-config.yaml").write_text(_local_config(["assetlens-check"]))
    commit_all(repo, "initial")
    installed = subprocess.run([str(VENV_BIN / "pre-commit"), "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr

    # change the body of `orders` but not its code_version
    (repo / "assets.py").write_text(BEFORE.replace("return [1, 2, 3]", "return [1, 2, 3, 4]"))
    git(repo, "add", "assets.py")
    rejected = _commit(repo, env, "more orders")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert "assets.py:4:24: warning: AL004 [*] `orders` changed since HEAD (in the index) but its code_version is still \"1\"" in output
    assert "refunds" not in output  # its own code did not change
    assert git(repo, "log", "--oneline").count("\n") == 1

    bumped = BEFORE.replace('@dg.asset(code_version="1")\ndef orders():\n    return [1, 2, 3]', '@dg.asset(code_version="2")\ndef orders():\n    return [1, 2, 3, 4]')
    (repo / "assets.py").write_text(bumped)
    git(repo, "add", "assets.py")
    # an unstaged edit does not count: the index is what gets committed
    (repo / "assets.py").write_text(bumped.replace("o < 0", "o <= 0"))
    accepted = _commit(repo, env, "more orders, bumped")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repo, "log", "--oneline").count("\n") == 2
    assert "o <= 0" in (repo / "assets.py").read_text()  # the unstaged edit is still there


@pytest.mark.slow
def test_fix_hook_bumps_the_version_and_the_next_commit_passes(repo, tmp_path):
    env = _env(tmp_path)
    (repo / "assets.py").write_text(BEFORE)
    (repo / ".pre-commit-config.yaml").write_text(_local_config(["assetlens-check-fix"]))
    commit_all(repo, "initial")
    subprocess.run([str(VENV_BIN / "pre-commit"), "install"], cwd=repo, env=env, check=True, capture_output=True)
    (repo / "assets.py").write_text(BEFORE.replace("return [1, 2, 3]", "return [1, 2, 3, 4]"))
    git(repo, "add", "assets.py")
    first = _commit(repo, env, "more orders")
    assert first.returncode != 0  # files were modified by the hook: pre-commit fails the commit
    assert "fixed AL004: Bump code_version \"1\" -> \"2\"" in first.stdout + first.stderr
    assert '@dg.asset(code_version="2")\ndef orders' in (repo / "assets.py").read_text()
    git(repo, "add", "assets.py")
    second = _commit(repo, env, "more orders")
    assert second.returncode == 0, second.stdout + second.stderr


@pytest.mark.slow
def test_the_manifest_installs_from_a_tagged_git_clone_as_users_get_it(repo, tmp_path):
    """The real install path: `repo:` a git URL of this repository, `rev:` a tag, `language: python`
    — pre-commit clones it, builds its own virtual environment (from the package index) and runs the
    hook from there. The URL is a local clone, tagged here (the tag never touches this repository)."""
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout of assetlens")
    env = _env(tmp_path)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if Path(p) != VENV_BIN)  # not ours
    upstream = tmp_path / "assetlens-upstream"
    git(tmp_path, "clone", "-q", "--no-hardlinks", str(REPO_ROOT), str(upstream))
    git(upstream, "tag", "v0.1.0-test")
    import yaml

    config = {"repos": [{"repo": upstream.as_uri(), "rev": "v0.1.0-test", "hooks": [{"id": "assetlens-check"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    (repo / "assets.py").write_text(BEFORE)
    commit_all(repo, "initial")
    pre_commit = str(VENV_BIN / "pre-commit")
    installed = subprocess.run([pre_commit, "install-hooks"], cwd=repo, env=env, capture_output=True, text=True, timeout=1200)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    subprocess.run([pre_commit, "install"], cwd=repo, env=env, check=True, capture_output=True)

    (repo / "assets.py").write_text(BEFORE.replace("return [1, 2, 3]", "return [1, 2, 3, 4]"))
    git(repo, "add", "assets.py")
    rejected = _commit(repo, env, "more orders")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert "AL004 [*] `orders` changed since HEAD (in the index)" in output
    # the hook ran from pre-commit's own environment, not from this one
    environments = list((tmp_path / "pre-commit-home").glob("repo*/py_env-*/bin/assetlens"))
    assert environments, "pre-commit built no environment with assetlens in it"
