"""`assetlens check` reuses its last result only while nothing it was computed from has changed.

Each test changes one kind of input of a real project (a git repository with code locations, `.env`,
YAML components, a dbt project, Sling) and requires the next `check` to print exactly what a run
without any cache prints — and, where the change matters, something different from before (so a
stale reuse would fail). A run with nothing changed must not analyse at all; nor is a result kept whose inputs had just changed.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from assetlens.analyzer import result_cache
from assetlens.analyzer.cache import default_cache_dir
from assetlens.cli.main import main

from conftest import commit_all, git

FIXTURES = Path(__file__).parents[1] / "fixtures"

ENV_PROJECT = {
    "pyproject.toml": '[tool.dagster]\nmodule_name = "pipeline.definitions"\n',
    ".env": "SCHEMA=sales\n",
    "pipeline/__init__.py": "",
    "pipeline/definitions.py": (
        "import os\n"
        "import dagster as dg\n\n"
        "@dg.asset(key_prefix=os.environ['SCHEMA'])\n"
        "def orders():\n    return 1\n\n"
        "@dg.asset(deps=[dg.AssetKey(['sales', 'orders'])], code_version='1')\n"
        "def report():\n    return 2\n\n"
        "defs = dg.Definitions(assets=[orders, report])\n"
    ),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def settle(root: Path) -> None:
    """Date every file of the project a minute back, as files are when a user runs a command (a result
    whose inputs changed within seconds is not kept, see result_cache._racy)."""
    now = time.time()
    for path in root.rglob("*"):
        if ".git" not in path.relative_to(root).parts and path.lstat().st_mtime > now - 30:  # settled once only
            os.utime(path, (now - 60, now - 60), follow_symlinks=False)


def _repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "commit.gpgsign", "false")
    commit_all(root, "initial")
    return root


@pytest.fixture
def env_project(tmp_path: Path) -> Path:
    root = tmp_path / "env_project"
    _write(root, ENV_PROJECT)
    return _repo(root)


@pytest.fixture
def components_project(tmp_path: Path) -> Path:
    root = tmp_path / "components_project"
    shutil.copytree(FIXTURES / "integrations" / "components_project", root)
    _write(root, {".gitignore": "dbt_shop/target/\n"})
    return _repo(root)


def _check(root: Path, capsys, monkeypatch, *args: str) -> tuple[int, str]:
    settle(root)
    monkeypatch.chdir(root)
    code = main(["check", *args])
    out = capsys.readouterr().out
    return code, out


def _results_file(root: Path) -> Path:
    return default_cache_dir(root.resolve()) / "check.pickle"


def _assert_fresh(root: Path, capsys, monkeypatch, *args: str) -> tuple[int, str]:
    """The cached run prints what a run without any cache prints; returns it."""
    cached = _check(root, capsys, monkeypatch, *args)
    fresh = _check(root, capsys, monkeypatch, "--no-cache", *args)
    assert cached == fresh
    return cached


def test_nothing_changed_reuses_the_result_without_analysing(env_project: Path, capsys, monkeypatch) -> None:
    first = _check(env_project, capsys, monkeypatch)
    stored = _results_file(env_project).stat().st_ino

    def no_analysis(*args, **kwargs):
        raise AssertionError("the workspace was analysed again although nothing changed")

    monkeypatch.setattr("assetlens.analyzer.workspace.analyze_workspace", no_analysis)
    assert _check(env_project, capsys, monkeypatch) == first
    assert _results_file(env_project).stat().st_ino == stored  # not even rewritten


def test_dotenv_change_is_seen(env_project: Path, capsys, monkeypatch) -> None:
    before = _assert_fresh(env_project, capsys, monkeypatch)
    assert "AL002" not in before[1]
    (env_project / ".env").write_text("SCHEMA=finance\n", encoding="utf-8")
    after = _assert_fresh(env_project, capsys, monkeypatch)
    assert "AL002" in after[1] and after != before


def test_python_edits_new_and_deleted_files_are_seen(env_project: Path, capsys, monkeypatch) -> None:
    definitions = env_project / "pipeline" / "definitions.py"
    before = _assert_fresh(env_project, capsys, monkeypatch)
    definitions.write_text(definitions.read_text().replace("['sales', 'orders']", "['sales', 'customers']"))
    edited = _assert_fresh(env_project, capsys, monkeypatch)
    assert "customers" in edited[1] and edited != before
    _write(env_project, {"pipeline/customers.py": "import dagster as dg\n\n@dg.asset(key_prefix='sales')\ndef customers():\n    return 1\n"})
    definitions.write_text(definitions.read_text().replace("import dagster as dg\n", "import dagster as dg\nfrom pipeline.customers import customers\n").replace("assets=[orders, report]", "assets=[orders, report, customers]"))
    added = _assert_fresh(env_project, capsys, monkeypatch)
    assert added[0] == 0 and added != edited
    (env_project / "pipeline" / "customers.py").unlink()
    removed = _assert_fresh(env_project, capsys, monkeypatch)
    assert removed != added


def test_settings_paths_and_options_are_part_of_the_key(env_project: Path, capsys, monkeypatch) -> None:
    definitions = env_project / "pipeline" / "definitions.py"
    definitions.write_text(definitions.read_text().replace("['sales', 'orders']", "['sales', 'missing']"))
    everything = _assert_fresh(env_project, capsys, monkeypatch)
    assert "AL002" in everything[1]
    assert "AL002" not in _assert_fresh(env_project, capsys, monkeypatch, "--ignore", "AL002")[1]
    assert "AL002" in _assert_fresh(env_project, capsys, monkeypatch, "pipeline/definitions.py")[1]
    assert "AL002" not in _assert_fresh(env_project, capsys, monkeypatch, "pipeline/__init__.py")[1]
    with (env_project / "pyproject.toml").open("a") as handle:
        handle.write('\n[tool.assetlens]\nignore = ["AL002"]\n')
    assert "AL002" not in _assert_fresh(env_project, capsys, monkeypatch)[1]


def test_a_new_commit_is_a_new_baseline(env_project: Path, capsys, monkeypatch) -> None:
    definitions = env_project / "pipeline" / "definitions.py"
    definitions.write_text(definitions.read_text().replace("return 2", "return 3"))
    changed = _assert_fresh(env_project, capsys, monkeypatch)
    assert "AL004" in changed[1]
    commit_all(env_project, "the body changed")
    committed = _assert_fresh(env_project, capsys, monkeypatch)
    assert "AL004" not in committed[1]
    assert "AL004" in _assert_fresh(env_project, capsys, monkeypatch, "--base", "HEAD~1")[1]


def test_yaml_components_and_dbt_models_are_inputs(components_project: Path, capsys, monkeypatch) -> None:
    before = _assert_fresh(components_project, capsys, monkeypatch)
    assert "AuditLog" in before[1]
    shutil.rmtree(components_project / "src" / "shop_project" / "defs" / "custom")  # a folder listing changes
    without_custom = _assert_fresh(components_project, capsys, monkeypatch)
    assert "AuditLog" not in without_custom[1]
    reports = components_project / "src" / "shop_project" / "defs" / "reports.py"
    reports.write_text(
        reports.read_text()
        + "\n\nimport dagster as _dg\n\n@_dg.asset(deps=[_dg.AssetKey(['model', 'late_model'])])\ndef late_report():\n    return 1\n"
    )
    waiting = _assert_fresh(components_project, capsys, monkeypatch)
    assert "late_model" in waiting[1]
    _write(components_project, {"dbt_shop/models/marts/late_model.sql": "select * from {{ ref('orders') }}\n"})
    arrived = _assert_fresh(components_project, capsys, monkeypatch)
    assert "late_model" not in arrived[1]


def test_a_damaged_results_file_is_ignored(env_project: Path, capsys, monkeypatch) -> None:
    first = _check(env_project, capsys, monkeypatch)
    _results_file(env_project).write_bytes(b"not a pickle")
    assert _check(env_project, capsys, monkeypatch) == first
    assert _check(env_project, capsys, monkeypatch) == first


def test_fix_and_staged_runs_never_use_it(env_project: Path, capsys, monkeypatch) -> None:
    _check(env_project, capsys, monkeypatch)
    stored = _results_file(env_project).stat().st_ino
    calls = []
    real = result_cache.lookup
    monkeypatch.setattr(result_cache, "lookup", lambda *a, **k: calls.append(a) or real(*a, **k))
    _check(env_project, capsys, monkeypatch, "--fix")
    _check(env_project, capsys, monkeypatch, "--staged")
    _check(env_project, capsys, monkeypatch, "--no-cache")
    assert calls == []
    assert _results_file(env_project).stat().st_ino == stored


def _graph(root: Path, capsys, monkeypatch, *args: str) -> tuple[int, str]:
    settle(root)
    monkeypatch.chdir(root)
    code = main(["graph", *args])
    return code, capsys.readouterr().out


def test_graph_output_is_reused_and_follows_changes(env_project: Path, capsys, monkeypatch) -> None:
    for options in ((), ("--format", "mermaid"), ("--location", "env_project"), ("pipeline",)):
        assert _graph(env_project, capsys, monkeypatch, *options) == _graph(env_project, capsys, monkeypatch, "--no-cache", *options)
    before = _graph(env_project, capsys, monkeypatch)
    assert '"sales"' in before[1]
    monkeypatch.setattr("assetlens.analyzer.workspace.analyze_workspace", lambda *a, **k: pytest.fail("analysed again"))
    assert _graph(env_project, capsys, monkeypatch) == before
    monkeypatch.undo()
    (env_project / ".env").write_text("SCHEMA=finance\n", encoding="utf-8")
    after = _graph(env_project, capsys, monkeypatch)
    assert '"finance"' in after[1] and after == _graph(env_project, capsys, monkeypatch, "--no-cache")
    code = main(["graph", "--location", "nowhere"])
    assert code == 2 and "no code location `nowhere`" in capsys.readouterr().err


def test_a_result_computed_right_after_an_edit_is_not_kept(env_project: Path, capsys, monkeypatch) -> None:
    settle(env_project)
    (env_project / ".env").write_text("SCHEMA=sales\n", encoding="utf-8")  # same text, modified just now
    monkeypatch.chdir(env_project)
    main(["check"])
    assert not _results_file(env_project).exists()
    settle(env_project)
    main(["check"])
    assert _results_file(env_project).exists()
