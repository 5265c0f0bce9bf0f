"""What a repository may plant, or a user may type, never hangs, exhausts memory or ends in a traceback
(issue 13, items 5, 6 and 7b): a FIFO named `x.py`, a `.py` link to `/dev/zero`, a file over the size
cap, an unreadable folder, `tool = 5` in pyproject.toml, a configured `base` that names no revision,
`@asset(name="")`, a path that is no Python file, and `--fix` on a symlinked file."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import VENV_BIN, assetlens, commit_all, write_files

from assetlens.analyzer.files import MAX_FILE_BYTES, UnreadableFile, read_file

OK = "import dagster as dg\n\n\n@dg.asset\ndef orders():\n    return [1, 2, 3]\n"
TYPO = "import dagster as dg\n\n\n@dg.asset\ndef daily(order):\n    return order\n"


def planted(root: Path) -> Path:
    write_files(root, {"ok.py": OK})
    os.mkfifo(root / "x.py")
    (root / "zero.py").symlink_to("/dev/zero")
    (root / "big.py").write_bytes(b"X = 1\n" * (MAX_FILE_BYTES // 6 + 10))
    return root


@pytest.mark.parametrize("in_git", [False, True], ids=["folder", "git"])
def test_fifo_device_link_and_huge_file_are_reported_not_read(tmp_path, in_git):
    root = planted(tmp_path / "w")
    if in_git:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    check = assetlens("check", "--no-cache", "--format", "json", cwd=root)  # returns: no hang (timeout 120)
    assert check.returncode == 1, check.stderr
    [(file, code, message)] = [(d["file"], d["code"], d["message"]) for d in json.loads(check.stdout)["diagnostics"]]
    assert (file, code) == ("big.py", "AL000")
    assert message.startswith("file too large to analyse (10.0 MiB; the limit is 10.0 MiB)")
    graph = assetlens("graph", "--no-cache", cwd=root)
    assert graph.returncode == 0
    assert [a["key"] for a in json.loads(graph.stdout)["assets"]] == [["orders"]]


def test_the_reader_refuses_what_is_not_a_regular_file(tmp_path):
    root = planted(tmp_path)
    for name in ("x.py", "zero.py", "big.py"):
        with pytest.raises(UnreadableFile):
            read_file(root / name)
    with pytest.raises(FileNotFoundError):
        read_file(root / "missing.py")
    assert read_file(root / "ok.py") == OK.encode()


def test_the_language_servers_disk_reads_refuse_them_too(tmp_path):
    from assetlens.server.disk import UNREADABLE, read_disk_text

    root = planted(tmp_path)
    assert [read_disk_text(root / n) for n in ("x.py", "zero.py", "big.py")] == [UNREADABLE] * 3
    assert read_disk_text(root / "ok.py") == OK


def _as_nobody() -> list[str] | None:
    """A command prefix that drops root's privileges (root reads every folder), or None if impossible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] if setpriv else None


@pytest.fixture
def shared_tmp():
    """A folder an unprivileged user can reach (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="assetlens-"))
    folder.chmod(0o777)
    yield folder
    subprocess.run(["chmod", "-R", "u+rwX", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("in_git", [False, True], ids=["folder", "git"])
def test_an_unreadable_folder_is_a_clear_error(shared_tmp, in_git):
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("cannot drop root privileges here")
    root = shared_tmp / "w"
    write_files(root, {"ok.py": OK, "locked/hidden.py": OK, "gone/x.py": OK})
    (root / ".gitignore").write_text("gone/\n")  # an ignored folder is never looked into
    if in_git:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["chmod", "-R", "a+rwX", str(root)], check=True)
    (root / "gone").chmod(0)
    (root / "locked").chmod(0)
    env = {**os.environ, "HOME": str(shared_tmp), "XDG_CACHE_HOME": str(shared_tmp / "cache"), "GIT_CONFIG_GLOBAL": "/dev/null"}
    probe = subprocess.run([*prefix, sys.executable, "-c", "import assetlens"], capture_output=True, env=env, cwd=root)
    if probe.returncode != 0:
        pytest.skip("the test environment is not readable by an unprivileged user")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [*prefix, str(VENV_BIN / "assetlens"), *args]
        return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=120)

    for command in ("check", "graph"):
        done = run(command, "--no-cache")
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        assert "folder `locked` cannot be read (Permission denied)" in done.stderr, done.stderr
        assert "gone" not in done.stderr
    (root / "pyproject.toml").write_text('[tool.assetlens]\nexclude = ["locked/", "gone/"]\n')
    (root / "pyproject.toml").chmod(0o666)
    done = run("check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "pyproject, expected",
    [
        ("tool = 5\n", "`tool` must be a table, got 5"),
        ("[tool]\nassetlens = 5\n", "`tool.assetlens` must be a table"),
        ("[tool.assetlens]\nbase = 7\n", "base: expected a non-empty string, got 7"),
    ],
)
def test_invalid_pyproject_is_exit_2_with_the_key_named(tmp_path, pyproject, expected):
    write_files(tmp_path, {"pyproject.toml": pyproject, "ok.py": OK})
    for command in ("check", "graph"):
        done = assetlens(command, "--no-cache", cwd=tmp_path)
        assert done.returncode == 2 and expected in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_a_configured_base_that_names_no_revision_is_exit_2(repo):
    write_files(repo, {"pyproject.toml": '[tool.assetlens]\nbase = "origin/mian"\n', "ok.py": OK})
    commit_all(repo)
    done = assetlens("check", "--no-cache", cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "unknown git revision `origin/mian` (the `base` setting in" in done.stderr
    assert assetlens("check", "--no-cache", "--base", "nope", cwd=repo).returncode == 2
    write_files(repo, {"pyproject.toml": '[tool.assetlens]\nbase = "HEAD"\n'})
    assert assetlens("check", "--no-cache", cwd=repo).returncode == 0


def test_an_empty_name_is_the_function_name_as_in_dagster(tmp_path):
    write_files(tmp_path, {"a.py": OK.replace("@dg.asset\n", '@dg.asset(name="")\n'), "b.py": TYPO.replace("order)", "orders)").replace("return order", "return orders")})
    done = assetlens("check", "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    graph = json.loads(assetlens("graph", "--no-cache", cwd=tmp_path).stdout)
    assert sorted(a["key"] for a in graph["assets"]) == [["daily"], ["orders"]]


def test_a_path_that_is_not_python_is_an_error_but_a_python_script_is_not(tmp_path):
    write_files(tmp_path, {"ok.py": OK, "notes.txt": "hello\n", "run": "#!/usr/bin/env python3\nprint(1)\n"})
    for command in ("check", "graph"):
        done = assetlens(command, "notes.txt", cwd=tmp_path)
        assert done.returncode == 2 and "notes.txt: not a Python file or folder" in done.stderr, done.stderr
    assert assetlens("check", "run", cwd=tmp_path).returncode == 0


def test_fix_through_a_symlink_edits_the_target(tmp_path):
    write_files(tmp_path, {"real/daily.py": TYPO, "orders.py": OK})
    (tmp_path / "daily.py").symlink_to("real/daily.py")
    (tmp_path / "pyproject.toml").write_text('[tool.assetlens]\nexclude = ["real/"]\n')
    done = assetlens("check", "--no-cache", "--fix", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "daily.py").is_symlink()
    assert "def daily(orders):" in (tmp_path / "real" / "daily.py").read_text()


def test_fix_keeps_hard_links(tmp_path):
    write_files(tmp_path, {"daily.py": TYPO, "orders.py": OK})
    os.link(tmp_path / "daily.py", tmp_path / "elsewhere.txt")
    assert assetlens("check", "--no-cache", "--fix", cwd=tmp_path).returncode == 0
    assert "def daily(orders):" in (tmp_path / "elsewhere.txt").read_text()


def test_planted_configuration_files_never_block_or_flood(tmp_path):
    """The files the locations and integrations read (workspace files, pyproject.toml, .env, defs.yaml,
    dbt and Sling files) are read like Python files: a FIFO or a link to /dev/zero is skipped, not read."""
    root = tmp_path / "w"
    write_files(root, {
        "proj/pyproject.toml": '[tool.dg]\ndirectory_type = "project"\n[tool.dg.project]\nroot_module = "proj"\n',
        "proj/proj/__init__.py": "",
        "proj/proj/definitions.py": "import dagster as dg\n\n@dg.asset\ndef orders():\n    ...\n\ndefs = dg.Definitions(assets=[orders])\n",
        "proj/proj/defs/__init__.py": "",
        "proj/proj/defs/sling/replication.yaml": "streams: {}\n",
    })
    os.mkfifo(root / "workspace.yaml")
    os.mkfifo(root / "proj" / ".env")
    (root / "dagster_cloud.yaml").symlink_to("/dev/zero")
    (root / "proj" / "proj" / "defs" / "defs.yaml").symlink_to("/dev/zero")
    (root / "proj" / "proj" / "defs" / "sling" / "defs.yaml").write_text(
        "type: dagster_sling.SlingReplicationCollectionComponent\nattributes:\n  replications:\n    - path: replication.yaml\n"
    )
    os.unlink(root / "proj" / "proj" / "defs" / "sling" / "replication.yaml")
    os.mkfifo(root / "proj" / "proj" / "defs" / "sling" / "replication.yaml")
    check = assetlens("check", "--no-cache", "--format", "json", cwd=root)  # returns: no hang (timeout 120)
    assert check.returncode in (0, 1), check.stderr
    graph = assetlens("graph", "--no-cache", cwd=root)
    assert graph.returncode == 0, graph.stderr
    assert ["orders"] in [a["key"] for a in json.loads(graph.stdout)["assets"]]
