"""The record of runs: an SQLite database (WAL) at `.assetlens/runs.sqlite3` with runs, one row per asset
outcome (materialized, failed, skipped, canceled) and the runs' log lines. Each outcome is committed when
it happens, so a run killed midway keeps what it finished; opening the store marks runs whose process is
gone as failed.

The database may have come with the workspace (a committed `.assetlens/`), so nothing in it is trusted:
the file must not be a link, its schema must be exactly the one written here (no views, triggers or
other objects, checked through `sqlite_master` before any query), every query has a time budget, rows
are validated as they are read (a run id must look like one before it names a lock file), and readers
that must not write (`status`, the language server) open it read-only."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assetlens.runtime.layout import (
    LOCKS_DIR_NAME,
    StoreProblem,
    check_entry,
    database_path,
    existing_store,
    prepare_store,
)
from assetlens.runtime.run_lock import RunLock

Key = tuple[str, ...]
SCHEMA_VERSION = 2
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
# Each version's changes over the one before, applied in order (version 1 is `_SCHEMA`).
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        # Dagster's data provenance: the logical data version and the input data versions it came from
        "ALTER TABLE materializations ADD COLUMN logical_version TEXT",
        "ALTER TABLE materializations ADD COLUMN input_versions TEXT",  # JSON {key as JSON: version}
        """CREATE TABLE check_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    asset_key TEXT NOT NULL,         -- JSON list of key parts
    check_name TEXT NOT NULL,
    status TEXT NOT NULL,            -- passed | failed | error | skipped
    severity TEXT NOT NULL,          -- ERROR | WARN
    blocking INTEGER NOT NULL,
    time REAL NOT NULL,
    description TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    error TEXT
)""",
        "CREATE INDEX check_results_by_key ON check_results(asset_key, check_name, id)",
    ),
}
DEAD_RUN_ERROR = "the run's process ended without finishing (killed or crashed)"
QUERY_SECONDS = 10.0  # no query of ours takes near this long on an honest store
MAX_VALUE_BYTES = 64 * 1024 * 1024  # one string or blob read from the store
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
_RESET_HINT = "delete the .assetlens folder to start a new run store"


class RunStoreError(StoreProblem):
    """The run database is damaged, not one assetlens wrote, or took too long to read."""


def is_valid_run_id(run_id: object) -> bool:
    """A run id names a lock file: letters, digits, `_` and `-` only (assetlens makes UUIDs)."""
    return isinstance(run_id, str) and _RUN_ID.fullmatch(run_id) is not None


def key_to_db(key: Sequence[str]) -> str:
    return json.dumps(list(key), ensure_ascii=False)


def key_from_db(text: object) -> Key:
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        value = None
    if not isinstance(value, list) or not value or not all(isinstance(part, str) for part in value):
        raise RunStoreError(f"the run store holds an invalid asset key {str(text)[:80]!r}; {_RESET_HINT}")
    return tuple(value)


def _expected_schema(version: int) -> set[tuple[str, str, str, str | None]]:
    memory = sqlite3.connect(":memory:")
    try:
        memory.executescript(_SCHEMA)
        for step in range(2, version + 1):
            for statement in _MIGRATIONS[step]:
                memory.execute(statement)
        return set(memory.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    finally:
        memory.close()


_EXPECTED_SCHEMAS: dict[int, set[tuple[str, str, str, str | None]]] = {}


def _schema_of(version: int) -> set[tuple[str, str, str, str | None]]:
    if version not in _EXPECTED_SCHEMAS:
        _EXPECTED_SCHEMAS[version] = _expected_schema(version)
    return _EXPECTED_SCHEMAS[version]


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
    logical_version: str | None = None  # Dagster's data version (code version + input data versions)
    input_versions: dict[Key, str] | None = None  # the upstream data versions it was computed from


@dataclass(frozen=True)
class CheckRecord:
    """One asset check's outcome: passed, failed (its result said so), error (it raised) or skipped."""

    run_id: str
    key: Key
    check_name: str
    status: str
    severity: str
    blocking: bool
    time: float
    description: str | None
    metadata: dict[str, Any]
    error: str | None

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class LogRecord:
    run_id: str
    time: float
    level: str
    key: Key | None
    message: str


class RunStore:
    """One connection to a workspace's run database (not shared between threads)."""

    def __init__(self, path: str | os.PathLike[str], *, recover: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        check_entry(self.path.parent, directory=True)
        for suffix in ("", "-wal", "-shm"):
            check_entry(self.path.with_name(self.path.name + suffix), directory=False)
        try:
            self._db = self._connect()
        except sqlite3.Error as error:
            raise RunStoreError(f"cannot open the run store {self.path}: {error}") from None
        try:
            self._check_schema()
            if recover and not readonly:
                self.recover_dead_runs()
        except BaseException:
            self._db.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            import urllib.parse  # only readers need it (the worker starts without it)

            uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro"
            db = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        self._deadline = time.monotonic() + QUERY_SECONDS
        db.set_progress_handler(self._over_budget, 10_000)
        if hasattr(db, "setlimit"):  # Python 3.11+
            db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        db.execute("PRAGMA trusted_schema=OFF")
        db.execute("PRAGMA busy_timeout=30000")
        if not self.readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives the process dying
        db.execute("PRAGMA foreign_keys=OFF")
        return db

    def _over_budget(self) -> int:
        return 1 if time.monotonic() > self._deadline else 0

    @contextmanager
    def _within_budget(self) -> Iterator[None]:
        """One database step within the time budget; any database error becomes a `RunStoreError`."""
        self._deadline = time.monotonic() + QUERY_SECONDS
        try:
            yield
        except sqlite3.OperationalError as error:
            if "interrupted" in str(error):
                raise RunStoreError(
                    f"reading the run store {self.path} took longer than {QUERY_SECONDS:.0f} s; {_RESET_HINT}"
                ) from None
            raise RunStoreError(f"the run store {self.path} cannot be used: {error}") from None
        except sqlite3.Error as error:
            raise RunStoreError(f"the run store {self.path} is damaged ({error}); {_RESET_HINT}") from None

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._within_budget():
            return self._db.execute(sql, params)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cursor = self._execute(sql, params)
        with self._within_budget():
            return cursor.fetchall()

    def _check_schema(self) -> None:
        """The schema must be exactly ours, of this or an older version (created or upgraded here when the
        database is writable)."""
        version = self._rows("PRAGMA user_version")[0][0]
        objects = set(self._rows("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        if version == 0 and not objects:
            if self.readonly:
                self.version = 0
                return  # an empty database: nothing recorded yet
            try:  # IF NOT EXISTS: a second process creating the store at the same time changes nothing
                self._db.executescript(f"BEGIN IMMEDIATE;\n{_SCHEMA}\nPRAGMA user_version=1;\nCOMMIT;")
            except sqlite3.Error as error:
                raise RunStoreError(f"cannot create the run store {self.path}: {error}") from None
            version, objects = 1, _schema_of(1)
        if not isinstance(version, int) or not 1 <= version <= SCHEMA_VERSION:
            if isinstance(version, int) and version > SCHEMA_VERSION:
                raise RunStoreError(
                    f"{self.path} has schema version {version}; this assetlens reads version {SCHEMA_VERSION} "
                    "(a newer assetlens wrote it)"
                )
            raise RunStoreError(f"{self.path} is not a run store this assetlens wrote (schema version {version}); {_RESET_HINT}")
        expected = _schema_of(version)
        unknown = sorted(f"{kind} {name}" for kind, name, _, _ in objects - expected)
        missing = sorted(f"{kind} {name}" for kind, name, _, _ in expected - objects)
        if unknown or missing:
            detail = "; ".join(
                part
                for part in (
                    f"unexpected or altered: {', '.join(unknown)}" if unknown else "",
                    f"missing: {', '.join(missing)}" if missing else "",
                )
                if part
            )
            raise RunStoreError(f"{self.path} does not have the run store's schema ({detail}); {_RESET_HINT}")
        self.version = version
        if version < SCHEMA_VERSION and not self.readonly:
            self._upgrade()

    def _upgrade(self) -> None:
        with self._transaction():
            version = self._rows("PRAGMA user_version")[0][0]  # another process may have upgraded it
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step]:
                    self._execute(statement)
            self._execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self.version = SCHEMA_VERSION

    @classmethod
    def for_workspace(cls, workspace: str | os.PathLike[str], *, recover: bool = True) -> RunStore:
        """The workspace's store for writing (created when missing, with `.assetlens/.gitignore`)."""
        prepare_store(workspace)
        return cls(database_path(workspace), recover=recover)

    @classmethod
    def open_existing(cls, workspace: str | os.PathLike[str]) -> RunStore | None:
        """The workspace's store read-only, or None when it has none; creates and changes nothing."""
        root = existing_store(workspace)
        path = database_path(workspace)
        if root is None or not path.exists() or path.stat().st_size == 0:
            return None
        return cls(database_path(workspace), recover=False, readonly=True)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _locks_dir(self) -> Path:
        return self.path.parent / LOCKS_DIR_NAME

    def lock_for(self, run_id: str) -> RunLock:
        """The liveness lock of a run; `ValueError` for an id that is not a plain name."""
        if not is_valid_run_id(run_id):
            raise ValueError(f"invalid run id {str(run_id)[:80]!r} (letters, digits, '_' and '-' only)")
        check_entry(self._locks_dir(), directory=True)
        return RunLock(self._locks_dir() / f"{run_id}.lock")

    # -- writing (the worker) ----------------------------------------------------------------------

    def begin_run(self, run_id: str, engine: str, selection: Iterable[Sequence[str]], pid: int | None = None) -> None:
        self._execute(
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
        self._execute(
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
        logical_version: str | None = None,
        input_versions: dict[Key, str] | None = None,
    ) -> None:
        """One asset outcome (and the log lines that led to it), committed together."""
        inputs = (
            json.dumps({key_to_db(k): v for k, v in input_versions.items()}, ensure_ascii=False)
            if input_versions is not None
            else None
        )
        with self._transaction():
            self._execute(
                "INSERT INTO materializations (run_id, asset_key, status, start_time, end_time, code_version, "
                "fingerprint, data_version, metadata, error, logical_version, input_versions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    logical_version,
                    inputs,
                ),
            )
            self._insert_logs(logs)

    def record_check(self, record: CheckRecord, logs: Sequence[LogRecord] = ()) -> None:
        with self._transaction():
            self._execute(
                "INSERT INTO check_results (run_id, asset_key, check_name, status, severity, blocking, time, "
                "description, metadata, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.run_id,
                    key_to_db(record.key),
                    record.check_name,
                    record.status,
                    record.severity,
                    int(record.blocking),
                    record.time,
                    record.description,
                    json.dumps(record.metadata or {}, ensure_ascii=False, default=repr),
                    record.error,
                ),
            )
            self._insert_logs(logs)

    def add_logs(self, logs: Sequence[LogRecord]) -> None:
        if logs:
            with self._transaction():
                self._insert_logs(logs)

    def _insert_logs(self, logs: Sequence[LogRecord]) -> None:
        self._deadline = time.monotonic() + QUERY_SECONDS
        try:
            self._db.executemany(
                "INSERT INTO logs (run_id, time, level, asset_key, message) VALUES (?, ?, ?, ?, ?)",
                [
                    (log.run_id, log.time, log.level, key_to_db(log.key) if log.key else None, log.message)
                    for log in logs
                ],
            )
        except sqlite3.Error as error:
            raise RunStoreError(f"cannot write to the run store {self.path}: {error}") from None

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    # -- recovery ----------------------------------------------------------------------------------

    def recover_dead_runs(self) -> list[str]:
        """Mark `started` runs whose process is gone as failed; returns their ids. A run whose id is not
        a plain name (no assetlens wrote it) is marked failed without touching any file."""
        dead = []
        for (run_id,) in self._rows("SELECT run_id FROM runs WHERE status = 'started'"):
            lock = self.lock_for(run_id) if is_valid_run_id(run_id) else None
            if lock is None or lock.owner_is_gone():
                self._execute(
                    "UPDATE runs SET status = 'failure', end_time = COALESCE(end_time, ?), error = ? "
                    "WHERE run_id = ? AND status = 'started'",
                    (time.time(), DEAD_RUN_ERROR, run_id),
                )
                if lock is not None:
                    lock.remove()
                dead.append(str(run_id))
        return dead

    def mark_run(self, run_id: str, status: str, error: str | None) -> None:
        """Set the final status of a run whose worker could not (the host, after it saw the worker die)."""
        self._execute(
            "UPDATE runs SET status = ?, end_time = COALESCE(end_time, ?), error = COALESCE(error, ?) "
            "WHERE run_id = ? AND status = 'started'",
            (status, time.time(), error, run_id),
        )
        lock = self.lock_for(run_id)
        if lock.owner_is_gone():
            lock.remove()

    # -- reading -----------------------------------------------------------------------------------

    def get_run(self, run_id: str) -> RunRecord | None:
        rows = self._rows("SELECT * FROM runs WHERE run_id = ?", (run_id,))
        return _run(rows[0]) if rows else None

    def runs(self, limit: int = 50) -> list[RunRecord]:
        rows = self._rows("SELECT * FROM runs ORDER BY start_time DESC LIMIT ?", (limit,))
        return [_run(row) for row in rows]

    def materializations_for_run(self, run_id: str) -> list[MaterializationRecord]:
        rows = self._rows("SELECT * FROM materializations WHERE run_id = ? ORDER BY id", (run_id,))
        return [_materialization(row) for row in rows]

    def latest(
        self, keys: Iterable[Sequence[str]] | None = None, *, status: str | None = "success"
    ) -> dict[Key, MaterializationRecord]:
        """Per key, the latest outcome (of `status`, or of any status when None)."""
        condition = "WHERE status = ?" if status else ""
        params: tuple = (status,) if status else ()
        rows = self._rows(
            f"SELECT m.* FROM materializations m JOIN (SELECT asset_key, MAX(id) AS id FROM materializations "
            f"{condition} GROUP BY asset_key) last ON m.id = last.id",
            params,
        )
        records = {record.key: record for record in map(_materialization, rows)}
        if keys is None:
            return records
        wanted = {tuple(key) for key in keys}
        return {key: record for key, record in records.items() if key in wanted}

    def partition_history(self) -> dict[Key, list[MaterializationRecord]]:
        """Per key, its successful materializations of one partition (recorded with `dagster/partition`
        metadata), oldest first."""
        rows = self._rows(
            "SELECT * FROM materializations WHERE status = 'success' AND instr(metadata, '\"dagster/partition\"') > 0 "
            "ORDER BY id"
        )
        history: dict[Key, list[MaterializationRecord]] = {}
        for record in map(_materialization, rows):
            if isinstance(record.metadata.get("dagster/partition"), dict):
                history.setdefault(record.key, []).append(record)
        return history

    def latest_checks(self) -> dict[tuple[Key, str], CheckRecord]:
        """Per (asset key, check name), the latest check outcome (none before schema version 2)."""
        if self.version < 2:
            return {}
        rows = self._rows(
            "SELECT c.* FROM check_results c JOIN (SELECT asset_key, check_name, MAX(id) AS id FROM check_results "
            "GROUP BY asset_key, check_name) last ON c.id = last.id"
        )
        records = [_check(row) for row in rows]
        return {(record.key, record.check_name): record for record in records}

    def checks_for_run(self, run_id: str) -> list[CheckRecord]:
        if self.version < 2:
            return []
        return [_check(row) for row in self._rows("SELECT * FROM check_results WHERE run_id = ? ORDER BY id", (run_id,))]

    def stored_versions(self) -> dict[Key, str | None]:
        """Per key, the data version of its latest successful materialization: the hash its stored value
        must have to be loaded (None: that materialization stored no value assetlens can read)."""
        return {key: record.data_version for key, record in self.latest(status="success").items()}

    def history(self, key: Sequence[str], limit: int = 20) -> list[MaterializationRecord]:
        rows = self._rows(
            "SELECT * FROM materializations WHERE asset_key = ? ORDER BY id DESC LIMIT ?", (key_to_db(key), limit)
        )
        return [_materialization(row) for row in rows]

    def logs(self, run_id: str) -> list[LogRecord]:
        rows = self._rows(
            "SELECT run_id, time, level, asset_key, message FROM logs WHERE run_id = ? ORDER BY id", (run_id,)
        )
        return [
            LogRecord(
                _text(r[0], "run id"),
                _number(r[1], "time"),
                _text(r[2], "log level"),
                key_from_db(r[3]) if r[3] else None,
                _text(r[4], "log message"),
            )
            for r in rows
        ]


class _Transaction:
    def __init__(self, store: RunStore) -> None:
        self._store = store

    def __enter__(self) -> None:
        self._store._execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._store._execute("COMMIT" if exc_type is None else "ROLLBACK")


# -- rows, validated (a store is untrusted input) ----------------------------------------------------


def _bad(what: str, value: object) -> RunStoreError:
    return RunStoreError(f"the run store holds an invalid {what} {str(value)[:80]!r}; {_RESET_HINT}")


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise _bad(what, value)
    return value


def _optional_text(value: object, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(what, value)
    return float(value)


def _run_id(value: object) -> str:
    if not is_valid_run_id(value):
        raise _bad("run id", value)
    return value  # type: ignore[return-value]


def _json(value: object, what: str, kind: type) -> Any:
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, kind):
        raise _bad(what, value)
    return parsed


def _run(row: tuple) -> RunRecord:
    selection = _json(row[6], "selection", list)
    return RunRecord(
        run_id=_run_id(row[0]),
        engine=_text(row[1], "engine"),
        status=_text(row[2], "run status"),
        start_time=_number(row[3], "start time"),
        end_time=None if row[4] is None else _number(row[4], "end time"),
        pid=row[5] if isinstance(row[5], int) and not isinstance(row[5], bool) else None,
        selection=[key_from_db(json.dumps(key)) for key in selection],
        error=_optional_text(row[7], "error"),
        failed_key=key_from_db(row[8]) if row[8] else None,
    )


def _input_versions(value: object) -> dict[Key, str] | None:
    if value is None:
        return None
    parsed = _json(value, "input data versions", dict)
    if not all(isinstance(version, str) for version in parsed.values()):
        raise _bad("input data versions", value)
    return {key_from_db(key): version for key, version in parsed.items()}


def _check(row: tuple) -> CheckRecord:
    return CheckRecord(
        run_id=_run_id(row[1]),
        key=key_from_db(row[2]),
        check_name=_text(row[3], "check name"),
        status=_text(row[4], "check status"),
        severity=_text(row[5], "check severity"),
        blocking=bool(row[6]),
        time=_number(row[7], "check time"),
        description=_optional_text(row[8], "check description"),
        metadata=_json(row[9], "check metadata", dict),
        error=_optional_text(row[10], "check error"),
    )


def _materialization(row: tuple) -> MaterializationRecord:
    return MaterializationRecord(
        run_id=_run_id(row[1]),
        key=key_from_db(row[2]),
        status=_text(row[3], "status"),
        start_time=_number(row[4], "start time"),
        end_time=_number(row[5], "end time"),
        code_version=_optional_text(row[6], "code version"),
        fingerprint=_optional_text(row[7], "fingerprint"),
        data_version=_optional_text(row[8], "data version"),
        metadata=_json(row[9], "metadata", dict),
        error=_optional_text(row[10], "error"),
        logical_version=_optional_text(row[11], "data version") if len(row) > 11 else None,
        input_versions=_input_versions(row[12]) if len(row) > 12 else None,
    )
