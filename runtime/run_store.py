"""The record of runs: an SQLite database (WAL) at `.assetlens/runs.sqlite3` with runs, one row per asset
outcome (materialized, failed, skipped, canceled) and the runs' log lines. Each outcome is committed when
it happens, so a run killed midway keeps what it finished; opening the store marks runs whose process is
gone as failed."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assetlens.runtime.layout import LOCKS_DIR_NAME, database_path
from assetlens.runtime.run_lock import RunLock

Key = tuple[str, ...]
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    status TEXT NOT NULL,            -- started | success | failure | canceled
    start_time REAL NOT NULL,
    end_time REAL,
    pid INTEGER,
    selection TEXT NOT NULL,         -- JSON list of keys
    error TEXT,
    failed_key TEXT                  -- JSON key
);
CREATE TABLE IF NOT EXISTS materializations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL REFERENCES runs(run_id),
    asset_key TEXT NOT NULL,         -- JSON list of key parts
    status TEXT NOT NULL,            -- success | failure | skipped | canceled
    start_time REAL NOT NULL,
    end_time REAL NOT NULL,
    code_version TEXT,
    fingerprint TEXT,
    data_version TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    error TEXT
);
CREATE INDEX IF NOT EXISTS materializations_by_key ON materializations(asset_key, status, end_time);
CREATE INDEX IF NOT EXISTS materializations_by_run ON materializations(run_id);
CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    time REAL NOT NULL,
    level TEXT NOT NULL,
    asset_key TEXT,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS logs_by_run ON logs(run_id, id);
"""
DEAD_RUN_ERROR = "the run's process ended without finishing (killed or crashed)"


def key_to_db(key: Sequence[str]) -> str:
    return json.dumps(list(key), ensure_ascii=False)


def key_from_db(text: str) -> Key:
    return tuple(json.loads(text))


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    engine: str
    status: str
    start_time: float
    end_time: float | None
    pid: int | None
    selection: list[Key]
    error: str | None
    failed_key: Key | None


@dataclass(frozen=True)
class MaterializationRecord:
    run_id: str
    key: Key
    status: str
    start_time: float
    end_time: float
    code_version: str | None
    fingerprint: str | None
    data_version: str | None
    metadata: dict[str, Any]
    error: str | None


@dataclass(frozen=True)
class LogRecord:
    run_id: str
    time: float
    level: str
    key: Key | None
    message: str


class RunStore:
    """One connection to a workspace's run database (not shared between threads)."""

    def __init__(self, path: str | os.PathLike[str], *, recover: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives the process dying
        self._db.execute("PRAGMA busy_timeout=30000")
        self._db.execute("PRAGMA foreign_keys=OFF")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.path} has schema version {version}; this assetlens reads version {SCHEMA_VERSION}"
            )
        if recover:
            self.recover_dead_runs()

    @classmethod
    def for_workspace(cls, workspace: str | os.PathLike[str], *, recover: bool = True) -> RunStore:
        return cls(database_path(workspace), recover=recover)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _locks_dir(self) -> Path:
        return self.path.parent / LOCKS_DIR_NAME

    def lock_for(self, run_id: str) -> RunLock:
        return RunLock(self._locks_dir() / f"{run_id}.lock")

    # -- writing (the worker) ----------------------------------------------------------------------

    def begin_run(self, run_id: str, engine: str, selection: Iterable[Sequence[str]], pid: int | None = None) -> None:
        self._db.execute(
            "INSERT INTO runs (run_id, engine, status, start_time, pid, selection) VALUES (?, ?, 'started', ?, ?, ?)",
            (
                run_id,
                engine,
                time.time(),
                pid if pid is not None else os.getpid(),
                json.dumps([list(k) for k in selection]),
            ),
        )

    def finish_run(
        self, run_id: str, status: str, error: str | None = None, failed_key: Sequence[str] | None = None
    ) -> None:
        self._db.execute(
            "UPDATE runs SET status = ?, end_time = ?, error = ?, failed_key = ? WHERE run_id = ?",
            (status, time.time(), error, key_to_db(failed_key) if failed_key is not None else None, run_id),
        )

    def record(
        self,
        run_id: str,
        key: Sequence[str],
        status: str,
        *,
        start_time: float,
        end_time: float,
        code_version: str | None = None,
        fingerprint: str | None = None,
        data_version: str | None = None,
        metadata: dict[str, Any] | None = None,
        error: str | None = None,
        logs: Sequence[LogRecord] = (),
    ) -> None:
        """One asset outcome (and the log lines that led to it), committed together."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO materializations (run_id, asset_key, status, start_time, end_time, code_version, "
                "fingerprint, data_version, metadata, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run_id,
                    key_to_db(key),
                    status,
                    start_time,
                    end_time,
                    code_version,
                    fingerprint,
                    data_version,
                    json.dumps(metadata or {}, ensure_ascii=False, default=repr),
                    error,
                ),
            )
            self._insert_logs(logs)

    def add_logs(self, logs: Sequence[LogRecord]) -> None:
        if logs:
            with self._transaction():
                self._insert_logs(logs)

    def _insert_logs(self, logs: Sequence[LogRecord]) -> None:
        self._db.executemany(
            "INSERT INTO logs (run_id, time, level, asset_key, message) VALUES (?, ?, ?, ?, ?)",
            [(log.run_id, log.time, log.level, key_to_db(log.key) if log.key else None, log.message) for log in logs],
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # -- recovery ----------------------------------------------------------------------------------

    def recover_dead_runs(self) -> list[str]:
        """Mark `started` runs whose process is gone as failed; returns their ids."""
        dead = []
        for (run_id,) in self._db.execute("SELECT run_id FROM runs WHERE status = 'started'").fetchall():
            lock = self.lock_for(run_id)
            if lock.owner_is_gone():
                self._db.execute(
                    "UPDATE runs SET status = 'failure', end_time = COALESCE(end_time, ?), error = ? "
                    "WHERE run_id = ? AND status = 'started'",
                    (time.time(), DEAD_RUN_ERROR, run_id),
                )
                try:
                    lock.path.unlink()
                except OSError:
                    pass
                dead.append(run_id)
        return dead

    def mark_run(self, run_id: str, status: str, error: str | None) -> None:
        """Set the final status of a run whose worker could not (the host, after it saw the worker die)."""
        self._db.execute(
            "UPDATE runs SET status = ?, end_time = COALESCE(end_time, ?), error = COALESCE(error, ?) "
            "WHERE run_id = ? AND status = 'started'",
            (status, time.time(), error, run_id),
        )
        lock = self.lock_for(run_id)
        if lock.owner_is_gone():
            try:
                lock.path.unlink()
            except OSError:
                pass

    # -- reading -----------------------------------------------------------------------------------

    def get_run(self, run_id: str) -> RunRecord | None:
        row = self._db.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def runs(self, limit: int = 50) -> list[RunRecord]:
        rows = self._db.execute("SELECT * FROM runs ORDER BY start_time DESC LIMIT ?", (limit,)).fetchall()
        return [_run(row) for row in rows]

    def materializations_for_run(self, run_id: str) -> list[MaterializationRecord]:
        rows = self._db.execute("SELECT * FROM materializations WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()
        return [_materialization(row) for row in rows]

    def latest(
        self, keys: Iterable[Sequence[str]] | None = None, *, status: str | None = "success"
    ) -> dict[Key, MaterializationRecord]:
        """Per key, the latest outcome (of `status`, or of any status when None)."""
        condition = "WHERE status = ?" if status else ""
        params: tuple = (status,) if status else ()
        rows = self._db.execute(
            f"SELECT m.* FROM materializations m JOIN (SELECT asset_key, MAX(id) AS id FROM materializations "
            f"{condition} GROUP BY asset_key) last ON m.id = last.id",
            params,
        ).fetchall()
        records = {key_from_db(row[2]): _materialization(row) for row in rows}
        if keys is None:
            return records
        wanted = {tuple(key) for key in keys}
        return {key: record for key, record in records.items() if key in wanted}

    def history(self, key: Sequence[str], limit: int = 20) -> list[MaterializationRecord]:
        rows = self._db.execute(
            "SELECT * FROM materializations WHERE asset_key = ? ORDER BY id DESC LIMIT ?", (key_to_db(key), limit)
        ).fetchall()
        return [_materialization(row) for row in rows]

    def logs(self, run_id: str) -> list[LogRecord]:
        rows = self._db.execute(
            "SELECT run_id, time, level, asset_key, message FROM logs WHERE run_id = ? ORDER BY id", (run_id,)
        ).fetchall()
        return [LogRecord(r[0], r[1], r[2], key_from_db(r[3]) if r[3] else None, r[4]) for r in rows]


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _run(row: tuple) -> RunRecord:
    return RunRecord(
        run_id=row[0],
        engine=row[1],
        status=row[2],
        start_time=row[3],
        end_time=row[4],
        pid=row[5],
        selection=[tuple(k) for k in json.loads(row[6])],
        error=row[7],
        failed_key=key_from_db(row[8]) if row[8] else None,
    )


def _materialization(row: tuple) -> MaterializationRecord:
    return MaterializationRecord(
        run_id=row[1],
        key=key_from_db(row[2]),
        status=row[3],
        start_time=row[4],
        end_time=row[5],
        code_version=row[6],
        fingerprint=row[7],
        data_version=row[8],
        metadata=json.loads(row[9]),
        error=row[10],
    )
