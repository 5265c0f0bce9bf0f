"""The SQLite run store: schema, WAL, what is recorded, latest outcomes, recovery of dead runs."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from assetlens.runtime.run_store import DEAD_RUN_ERROR, LogRecord, RunStore


def test_records_runs_outcomes_and_logs(tmp_path: Path) -> None:
    with RunStore.for_workspace(tmp_path) as store:
        store.begin_run("r1", "builtin", [("a",), ("b", "c")])
        store.record(
            "r1",
            ("a",),
            "success",
            start_time=1.0,
            end_time=2.0,
            code_version="1",
            fingerprint="f",
            data_version="d",
            metadata={"n": {"type": "int", "value": 3}},
            logs=[LogRecord("r1", 1.5, "INFO", ("a",), "hello")],
        )
        store.record("r1", ("b", "c"), "failure", start_time=2.0, end_time=3.0, error="Traceback...")
        store.finish_run("r1", "failure", "Traceback...", ("b", "c"))
        run = store.get_run("r1")
        assert run.status == "failure" and run.failed_key == ("b", "c") and run.selection == [("a",), ("b", "c")]
        assert store.latest(status="success")[("a",)].metadata == {"n": {"type": "int", "value": 3}}
        assert ("b", "c") not in store.latest(status="success")
        assert store.latest(status=None)[("b", "c")].status == "failure"
        assert store.latest([("a",)]).keys() == {("a",)}
        assert [log.message for log in store.logs("r1")] == ["hello"]
    db = sqlite3.connect(tmp_path / ".assetlens" / "runs.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_latest_is_the_newest_outcome(tmp_path: Path) -> None:
    with RunStore.for_workspace(tmp_path) as store:
        for run_id, version in (("r1", "1"), ("r2", "2")):
            store.begin_run(run_id, "builtin", [("a",)])
            store.record(run_id, ("a",), "success", start_time=time.time(), end_time=time.time(), code_version=version)
            store.finish_run(run_id, "success")
        assert store.latest(status="success")[("a",)].code_version == "2"
        assert [m.code_version for m in store.history(("a",))] == ["2", "1"]


def test_a_started_run_whose_process_is_gone_is_marked_failed_at_open(tmp_path: Path) -> None:
    with RunStore.for_workspace(tmp_path) as store:
        lock = store.lock_for("alive")
        lock.acquire()
        store.begin_run("alive", "builtin", [])
        store.begin_run("dead", "builtin", [])  # no lock: its process never got one, or is gone
    with RunStore.for_workspace(tmp_path) as store:
        assert store.get_run("alive").status == "started"
        dead = store.get_run("dead")
        assert dead.status == "failure" and dead.error == DEAD_RUN_ERROR and dead.end_time is not None
    lock.release()
    with RunStore.for_workspace(tmp_path) as store:
        assert store.get_run("alive").status == "failure"


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    with RunStore.for_workspace(tmp_path):
        pass
    db = sqlite3.connect(tmp_path / ".assetlens" / "runs.sqlite3")
    db.execute("PRAGMA user_version=99")
    db.commit()
    db.close()
    with pytest.raises(RuntimeError, match="schema version 99"):
        RunStore.for_workspace(tmp_path)


def test_a_version_1_store_is_read_as_is_and_upgraded_when_written(tmp_path: Path) -> None:
    import sqlite3

    from assetlens.runtime.layout import database_path
    from assetlens.runtime.run_store import _SCHEMA

    (tmp_path / ".assetlens").mkdir()
    db = sqlite3.connect(database_path(tmp_path))
    db.executescript(_SCHEMA + "PRAGMA user_version=1;")
    db.execute(
        "INSERT INTO materializations (run_id, asset_key, status, start_time, end_time, data_version) "
        "VALUES ('r1', '[\"a\"]', 'success', 1, 2, 'h')"
    )
    db.commit()
    db.close()
    with RunStore.open_existing(tmp_path) as store:  # read-only: version 1 as it is
        assert store.version == 1 and store.latest()[("a",)].logical_version is None and store.latest_checks() == {}
    with RunStore.for_workspace(tmp_path) as store:
        assert store.version == 2 and store.latest()[("a",)].data_version == "h"
    with RunStore.open_existing(tmp_path) as store:
        assert store.version == 2
