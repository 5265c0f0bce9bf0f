"""A `.assetlens/` that came with the workspace is untrusted input (issue 13, items 2, 6 and 7): run ids
never name files outside the store, a hostile schema (a recursive view) is refused quickly instead of
hanging, links that move the store are refused, a stored value is unpickled only when its hash is the one
recorded, and an unusable store or a workspace another run holds gives a clear message and exit 2 — all
through the real CLI and worker processes."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from assetlens.runtime import MaterializeRequest, RunStore
from assetlens.runtime.host import check_workspace
from assetlens.runtime.layout import StoreProblem, database_path, values_dir
from assetlens.runtime.run_store import RunStoreError
from assetlens.runtime.value_store import FilesystemStore, StoreError, encode_key_part

from tests.runtime.conftest import copy_fixture


def cli(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assetlens.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _assert_clear_error(completed: subprocess.CompletedProcess, *fragments: str) -> None:
    assert completed.returncode == 2, (completed.returncode, completed.stdout, completed.stderr)
    assert "Traceback" not in completed.stderr, completed.stderr
    for fragment in fragments:
        assert fragment in completed.stderr, completed.stderr


class Planted:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_fixture("project", tmp_path)


# -- run ids never name files -------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["absolute", "relative"])
def test_a_planted_run_id_never_deletes_a_lock_file_outside_the_store(project: Path, tmp_path: Path, shape: str) -> None:
    victim = tmp_path / "elsewhere" / "poetry"
    victim.parent.mkdir()
    victim.with_suffix(".lock").write_text("precious")
    run_id = str(victim) if shape == "absolute" else os.path.relpath(victim, project / ".assetlens" / "runs")
    with RunStore.for_workspace(project) as store:
        store.begin_run(str(uuid.uuid4()), "builtin", [("raw", "orders")], pid=1)  # an honest dead run
    db = sqlite3.connect(database_path(project))
    db.execute(
        "INSERT INTO runs (run_id, engine, status, start_time, pid, selection) VALUES (?, 'builtin', 'started', 0, 1, '[]')",
        (run_id,),
    )
    db.commit()
    db.close()
    completed = cli("status", cwd=project)
    assert victim.with_suffix(".lock").read_text() == "precious"
    assert completed.returncode in (0, 2) and "Traceback" not in completed.stderr
    check_workspace(project)  # what runs before every materialize: recovery of dead runs
    assert victim.with_suffix(".lock").read_text() == "precious"
    db = sqlite3.connect(database_path(project))
    statuses = dict(db.execute("SELECT run_id, status FROM runs").fetchall())
    db.close()
    assert statuses[run_id] == "failure", "a started run nobody can hold is marked failed, no file touched"


# -- hostile schemas ----------------------------------------------------------------------------------


def _recursive_view(project: Path) -> None:
    with RunStore.for_workspace(project):
        pass
    db = sqlite3.connect(database_path(project))
    db.executescript(
        "DROP TABLE materializations;"
        "CREATE VIEW materializations AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT n AS id, '' AS run_id, '[\"a\"]' AS asset_key, 'success' AS status, 0 AS start_time, 0 AS end_time, "
        "NULL AS code_version, NULL AS fingerprint, NULL AS data_version, '{}' AS metadata, NULL AS error FROM r;"
    )
    db.close()


def test_a_recursive_view_is_refused_quickly_by_status_and_by_the_servers_reader(project: Path) -> None:
    _recursive_view(project)
    started = time.monotonic()
    completed = cli("status", cwd=project, timeout=60)
    _assert_clear_error(completed, "cannot read the run store", "view materializations")
    assert time.monotonic() - started < 30
    with pytest.raises(RunStoreError, match="schema"):
        RunStore.open_existing(project)  # what server/run_status.py reads, in untrusted workspaces too
    materialize = cli("materialize", "raw/orders", cwd=project)
    _assert_clear_error(materialize, "does not have the run store's schema")


def test_extra_objects_triggers_and_altered_tables_are_refused(project: Path) -> None:
    with RunStore.for_workspace(project):
        pass
    db = sqlite3.connect(database_path(project))
    db.execute("CREATE TRIGGER t AFTER INSERT ON runs BEGIN DELETE FROM logs; END")
    db.commit()
    db.close()
    with pytest.raises(RunStoreError, match="trigger t"):
        RunStore.open_existing(project)


def test_the_time_budget_stops_a_query_that_runs_away(project: Path, monkeypatch) -> None:
    from assetlens.runtime import run_store

    with RunStore.for_workspace(project) as store:
        monkeypatch.setattr(run_store, "QUERY_SECONDS", 0.2)
        started = time.monotonic()
        with pytest.raises(RunStoreError, match="took longer"):
            store._rows("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r")
        assert time.monotonic() - started < 5


def test_a_corrupt_run_store_is_a_clear_error_for_materialize_and_status(project: Path) -> None:
    (project / ".assetlens").mkdir()
    database_path(project).write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    _assert_clear_error(cli("materialize", "raw/orders", cwd=project), "run store")
    _assert_clear_error(cli("status", cwd=project), "cannot read the run store")


def test_invalid_rows_are_refused_not_trusted(project: Path) -> None:
    with RunStore.for_workspace(project) as store:
        store.record(str(uuid.uuid4()), ("a",), "success", start_time=0, end_time=0)
    db = sqlite3.connect(database_path(project))
    db.execute("UPDATE materializations SET asset_key = '{\"not\": \"a key\"}'")
    db.commit()
    db.close()
    with RunStore.open_existing(project) as store, pytest.raises(RunStoreError, match="invalid asset key"):
        store.latest()


# -- links and files where the store should be ---------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
@pytest.mark.parametrize("link", [".assetlens", ".assetlens/storage", ".assetlens/runs.sqlite3"])
def test_a_store_moved_by_a_link_is_refused(project: Path, tmp_path: Path, link: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "db" if link.endswith("sqlite3") else outside
    if link != ".assetlens":
        (project / ".assetlens").mkdir()
    (project / link).symlink_to(target)
    _assert_clear_error(cli("materialize", "raw/orders", cwd=project), "symbolic link")
    _assert_clear_error(cli("status", cwd=project), "symbolic link")
    assert sorted(p.name for p in outside.iterdir()) == [], "nothing was written through the link"


def test_assetlens_being_a_file_is_a_clear_error(project: Path) -> None:
    (project / ".assetlens").write_text("not a folder")
    _assert_clear_error(cli("materialize", "raw/orders", cwd=project), ".assetlens is not a folder")
    _assert_clear_error(cli("status", cwd=project), ".assetlens is not a folder")


# -- values are unpickled only when their hash is the recorded one --------------------------------------


def test_a_tampered_value_is_refused_unread_and_the_step_fails_clearly(project: Path, tmp_path: Path) -> None:
    assert cli("materialize", "raw/orders", cwd=project).returncode == 0
    marker = tmp_path / "unpickled"
    path = FilesystemStore(values_dir(project)).path_for(("raw", "orders"))
    path.write_bytes(pickle.dumps(Planted(marker)))
    completed = cli("materialize", "mart/summary", cwd=project)
    assert completed.returncode == 1
    assert "is not the one recorded when it was materialized" in completed.stderr, completed.stderr
    assert "StoreError" not in completed.stderr and "value_store.py" not in completed.stderr
    assert not marker.exists(), "the planted pickle was never loaded"


def test_a_planted_value_for_an_asset_never_materialized_is_not_loaded(project: Path, tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    path = FilesystemStore(values_dir(project)).path_for(("raw", "orders"))
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps(Planted(marker)))
    completed = cli("materialize", "mart/summary", cwd=project)
    assert completed.returncode == 1
    assert "raw/orders, which has never been materialized" in completed.stderr, completed.stderr
    assert not marker.exists()


def test_the_filesystem_store_checks_versions_before_unpickling(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    versions: dict = {}
    store = FilesystemStore(tmp_path / "storage", versions.get)
    versions[("a",)] = store.save(("a",), [1, 2]).data_version
    assert store.load(("a",)) == [1, 2]
    store.path_for(("a",)).write_bytes(pickle.dumps(Planted(marker)))
    with pytest.raises(StoreError, match="not the one recorded"):
        store.load(("a",))
    store.write_bytes(("b",), pickle.dumps(Planted(marker)))
    assert not store.exists(("b",))
    with pytest.raises(StoreError, match="records no materialization"):
        store.load(("b",))
    assert not marker.exists()


# -- key parts longer than a file name ------------------------------------------------------------------


def test_a_key_part_longer_than_a_file_name_is_stored_and_loaded(tmp_path: Path) -> None:
    long_part = "x" * 300
    other = "x" * 299 + "y"
    assert len(encode_key_part(long_part).encode()) <= 251 and encode_key_part(long_part) != encode_key_part(other)
    workspace = tmp_path / "longkeys"
    workspace.mkdir()
    (workspace / "assets.py").write_text(
        "import dagster as dg\n\n\n"
        f"@dg.asset(key=['{long_part}'])\ndef first():\n    return 1\n\n\n"
        f"@dg.asset(deps=[], ins={{'first': dg.AssetIn(key=['{long_part}'])}})\ndef second(first):\n    return first + 1\n"
    )
    completed = cli("materialize", long_part, "second", cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    second = cli("materialize", "second", cwd=workspace)
    assert second.returncode == 0, second.stderr


# -- git status stays clean ---------------------------------------------------------------------------------


def test_running_an_asset_leaves_git_status_clean(project: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.fsmonitor=false"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], cwd=project, check=True)
    assert cli("materialize", "raw/orders", cwd=project).returncode == 0
    porcelain = subprocess.run([*git, "status", "--porcelain", "--untracked-files=all"], cwd=project, capture_output=True, text=True)
    assert porcelain.stdout == ""
    assert (project / ".assetlens" / ".gitignore").read_text().splitlines()[-1] == "*"


# -- one run at a time per workspace -----------------------------------------------------------------------


def test_a_second_materialize_waits_its_turn_with_a_clear_message(tmp_path: Path) -> None:
    workspace = copy_fixture("slow", tmp_path)
    marker = tmp_path / "slow.started"
    env = {**os.environ, "SLOW_MARKER": str(marker), "SLOW_SECONDS": "30"}
    first = subprocess.Popen(
        [sys.executable, "-m", "assetlens.cli", "materialize", "quick", "slow"],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the CLI and its worker are stopped together
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = cli("materialize", "quick", cwd=workspace, env=env)
        _assert_clear_error(second, "another assetlens run is materializing assets in this workspace")
        with pytest.raises(StoreProblem, match="another assetlens run"):
            check_workspace(workspace)
        # a worker started anyway (the check raced) refuses by itself and records nothing
        request = MaterializeRequest(workspace=str(workspace), modules=("slow.assets",), selection=(("quick",),))
        worker = subprocess.run(
            [sys.executable, "-m", "assetlens.runtime.worker"],
            cwd=workspace,
            input=json.dumps({"run": request.to_json()}) + "\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
        finished = json.loads(worker.stdout.splitlines()[-1])
        assert worker.returncode == 2 and finished["refused"] and "another assetlens run" in finished["error"]
    finally:
        os.killpg(first.pid, 9)
        first.wait()
    third = cli("materialize", "quick", cwd=workspace, env=env)
    assert third.returncode == 0, third.stderr
    with RunStore.for_workspace(workspace) as store:
        runs = store.runs()
    assert [run.status for run in runs] == ["success", "failure"], "the refused runs left no record"


# -- kill -9 at random moments (seeded, bounded) ------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_kill_9_at_random_moments_never_leaves_a_value_that_loads_wrong(tmp_path: Path) -> None:
    """Runs of every asset of a fixture killed at seeded random moments: afterwards the store opens, no
    run is left `started`, the workspace is free for the next run, and every stored value either matches
    its recorded hash or is refused — never loaded wrong; a final run leaves everything verified."""
    import asyncio
    import random

    from assetlens.runtime.host import start_run

    from tests.runtime.conftest import RUN_FIXTURES, keys

    workspace = copy_fixture("basics", tmp_path)
    modules, selection = RUN_FIXTURES["basics"]
    request = MaterializeRequest(workspace=str(workspace), modules=modules, selection=keys(*selection))
    rng = random.Random(1313)
    budget = time.monotonic() + 60

    async def killed_after(delay: float) -> None:
        handle = await start_run(request)
        await asyncio.sleep(delay)
        if handle.process.returncode is None:
            os.kill(handle.pid, 9)
        await handle.wait()

    def verify(expect_all: bool) -> None:
        with RunStore.for_workspace(workspace) as store:
            assert all(run.status != "started" for run in store.runs(limit=1000))
            versions = store.stored_versions()
        check_workspace(workspace)  # the workspace lock was released by the kernel
        values = FilesystemStore(values_dir(workspace), versions.get)
        for key, version in versions.items():
            if version is None:
                continue
            try:
                payload = values.read_verified(key)
            except StoreError as error:
                assert not expect_all, error
                assert "not the one recorded" in str(error) or "no stored value" in str(error)
            else:
                assert __import__("hashlib").sha256(payload).hexdigest() == version

    for _ in range(8):
        if time.monotonic() > budget:
            break
        asyncio.run(killed_after(rng.uniform(0.05, 1.2)))
        verify(expect_all=False)
    from tests.runtime.conftest import run_worker

    outcome = run_worker(workspace, modules, keys(*selection))
    assert outcome.status == "success", outcome.error
    verify(expect_all=True)
