"""AL004 against real git history: what counts as a change, how assets are matched across revisions,
staged versus working tree, and repositories without history."""
from __future__ import annotations

import pytest
from conftest import commit_all, git, write_files

from assetlens.analyzer.baseline import Baseline, BaselineError
from assetlens.analyzer.diagnostics import run_rules
from assetlens.analyzer.workspace import analyze_workspace

ORDERS = '''import dagster as dg


@dg.asset(code_version="1")
def orders():
    """All orders."""
    return [1, 2, 3]
'''


def al004(root, *, staged=False, files=None, rev="HEAD"):
    baseline = Baseline.from_git(root, rev, staged=staged)
    overrides = baseline.index_overrides()
    workspace = analyze_workspace(root, use_cache=False, overrides=overrides)
    return [d for d in run_rules(workspace, files=files, baseline=baseline) if d.code == "AL004"]


@pytest.fixture
def history(repo):
    write_files(repo, {"orders.py": ORDERS, "other.py": "X = 1\n"})
    commit_all(repo, "base")
    return repo


def test_body_change_without_bump_is_reported_with_a_bump_fix(history):
    (history / "orders.py").write_text(ORDERS.replace("[1, 2, 3]", "[1, 2]"))
    [diagnostic] = al004(history)
    assert diagnostic.key == ("orders",) and diagnostic.range.line == 4
    assert [f.title for f in diagnostic.fixes] == ['Bump code_version "1" -> "2"']


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace('    """All orders."""\n', '    """Every order, documented differently."""\n'),
        lambda t: t.replace("return [1, 2, 3]", "return [1,2,3]  # formatting and a comment\n"),
        lambda t: t + "\n\n# a comment at the end\n",
    ],
    ids=["docstring", "formatting-comment", "trailing-comment"],
)
def test_changes_that_do_not_change_the_computation_are_not_reported(history, edit):
    (history / "orders.py").write_text(edit(ORDERS))
    assert al004(history) == []


def test_bumped_new_renamed_or_unversioned_assets_are_not_reported(history):
    (history / "orders.py").write_text(ORDERS.replace('"1"', '"2"').replace("[1, 2, 3]", "[1]"))
    assert al004(history) == []
    (history / "orders.py").write_text(ORDERS.replace("def orders", "def all_orders").replace("[1, 2, 3]", "[1]"))
    assert al004(history) == []  # a new key has no history to be stale against
    (history / "orders.py").write_text(ORDERS.replace('(code_version="1")', "").replace("[1, 2, 3]", "[1]"))
    assert al004(history) == []  # Dagster versions it by run then


def test_an_asset_moved_to_another_file_is_matched_by_key(history):
    (history / "orders.py").unlink()
    (history / "sales.py").write_text(ORDERS.replace("[1, 2, 3]", "[3, 2, 1]"))
    [diagnostic] = al004(history)
    assert diagnostic.file == "sales.py"
    (history / "sales.py").write_text(ORDERS)
    assert al004(history) == []


def test_staged_mode_compares_the_index_not_the_working_tree(history):
    changed = ORDERS.replace("[1, 2, 3]", "[1, 2]")
    (history / "orders.py").write_text(changed)
    git(history, "add", "orders.py")
    (history / "orders.py").write_text(changed.replace('"1"', '"2"'))  # bumped, but not staged
    assert len(al004(history, staged=True)) == 1
    assert al004(history, staged=False) == []


def test_files_scope_and_a_base_revision_further_back(history):
    (history / "orders.py").write_text(ORDERS.replace("[1, 2, 3]", "[1, 2]"))
    commit_all(history, "second")
    assert al004(history) == []
    assert len(al004(history, rev="HEAD~1")) == 1
    assert al004(history, rev="HEAD~1", files=["other.py"]) == []
    assert len(al004(history, rev="HEAD~1", files=["orders.py"])) == 1


def test_workspace_in_a_subfolder_of_the_repository(repo):
    write_files(repo, {"project/orders.py": ORDERS, "README.md": "x\n"})
    commit_all(repo)
    (repo / "project/orders.py").write_text(ORDERS.replace("[1, 2, 3]", "[]"))
    [diagnostic] = al004(repo / "project")
    assert diagnostic.file == "orders.py"


def test_repository_without_commits_has_nothing_to_bump(repo):
    write_files(repo, {"orders.py": ORDERS})
    git(repo, "add", "orders.py")
    baseline = Baseline.from_git(repo)
    assert baseline.commit is None and al004(repo, staged=True) == []


def test_unknown_revision_and_non_repository_are_errors(history, tmp_path):
    with pytest.raises(BaselineError, match="unknown git revision `no-such-branch`"):
        Baseline.from_git(history, "no-such-branch")
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(BaselineError, match="not inside a git work tree"):
        Baseline.from_git(outside)


def test_differs_uses_git_blob_ids(history):
    baseline = Baseline.from_git(history)
    assert not baseline.differs("orders.py", ORDERS)
    assert baseline.differs("orders.py", ORDERS + "\n")
    assert baseline.differs("new.py", "x = 1\n") and not baseline.differs("new.py", None)
