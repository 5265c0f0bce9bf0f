"""The worker's bookkeeping of a run: every outcome goes to the run store (committed as it happens) and,
as a `RunEvent`, to the host; log lines are buffered and stored with the next outcome."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from assetlens.runtime.protocol import MaterializeRequest, RunEvent, RunOutcome
from assetlens.runtime.run_store import CheckRecord, LogRecord, RunStore

Key = tuple[str, ...]
_FLUSH_EVERY = 200


class RunRecorder:
    def __init__(
        self, store: RunStore, emit: Callable[[RunEvent], None], request: MaterializeRequest, run_id: str
    ) -> None:
        self.store = store
        self.emit = emit
        self.request = request
        self.run_id = run_id
        self.current_keys: list[Key] = []
        self.materialized_keys: list[Key] = []
        self.skipped_keys: list[Key] = []
        self.failures: list[tuple[list[Key], str]] = []
        self.check_failures: list[str] = []
        self._step_check_failures: list[tuple[Key, str]] = []  # this step's checks that fail it (blocking or raised)
        self._logs: list[LogRecord] = []
        self._step_start = time.time()

    # -- log lines -----------------------------------------------------------------------------------

    def log(self, level: str, message: str, key: Sequence[str] | None = None) -> None:
        if key is None and len(self.current_keys) == 1:
            key = self.current_keys[0]
        now = time.time()
        self._logs.append(LogRecord(self.run_id, now, level, tuple(key) if key else None, message))
        self.emit(RunEvent("log", {"level": level, "message": message, "key": list(key) if key else None, "time": now}))
        if len(self._logs) >= _FLUSH_EVERY:
            self.flush_logs()

    def flush_logs(self) -> None:
        logs, self._logs = self._logs, []
        self.store.add_logs(logs)

    def _take_logs(self) -> list[LogRecord]:
        logs, self._logs = self._logs, []
        return logs

    # -- asset outcomes --------------------------------------------------------------------------------

    def asset_started(self, keys: Sequence[Key], step: str) -> None:
        self.current_keys = [tuple(k) for k in keys]
        self._step_start = time.time()
        self._step_check_failures = []
        self.emit(
            RunEvent(
                "asset_started", {"keys": [list(k) for k in self.current_keys], "step": step, "time": self._step_start}
            )
        )

    def materialized(
        self,
        key: Key,
        *,
        start: float,
        end: float,
        code_version: str | None,
        data_version: str | None,
        metadata: dict[str, Any],
        logical_version: str | None = None,
        input_versions: dict[Key, str] | None = None,
    ) -> None:
        fingerprint = self.request.fingerprint_of(key)
        self.store.record(
            self.run_id,
            key,
            "success",
            start_time=start,
            end_time=end,
            code_version=code_version,
            fingerprint=fingerprint,
            data_version=data_version,
            metadata=metadata,
            logs=self._take_logs(),
            logical_version=logical_version,
            input_versions=input_versions,
        )
        self.materialized_keys.append(tuple(key))
        self.emit(
            RunEvent(
                "asset_materialized",
                {
                    "key": list(key),
                    "code_version": code_version,
                    "data_version": data_version,
                    "metadata": metadata,
                    "start": start,
                    "end": end,
                },
            )
        )

    def failed(
        self, keys: Sequence[Key], summary: str, traceback: str, *, code_versions: dict[Key, str | None]
    ) -> None:
        end = time.time()
        logs = self._take_logs()
        for index, key in enumerate(keys):
            self.store.record(
                self.run_id,
                key,
                "failure",
                start_time=self._step_start,
                end_time=end,
                code_version=code_versions.get(tuple(key)),
                fingerprint=self.request.fingerprint_of(key),
                error=traceback,
                logs=logs if index == 0 else (),
            )
        self.failures.append(([tuple(k) for k in keys], traceback))
        data: dict[str, Any] = {"keys": [list(k) for k in keys], "error": summary, "traceback": traceback}
        if not keys and self._step_check_failures:  # every asset of the step succeeded: its checks failed it
            data["checks"] = [[list(key), name] for key, name in self._step_check_failures]
        self.emit(RunEvent("asset_failed", data))
        self._step_check_failures = []
        self.current_keys = []

    def skipped_asset(self, key: Key, reason: str) -> None:
        now = time.time()
        self.store.record(
            self.run_id,
            key,
            "skipped",
            start_time=now,
            end_time=now,
            fingerprint=self.request.fingerprint_of(key),
            error=reason,
            logs=self._take_logs(),
        )
        self.skipped_keys.append(tuple(key))
        self.emit(RunEvent("asset_skipped", {"key": list(key), "reason": reason}))

    def check_evaluated(
        self,
        key: Key,
        check_name: str,
        status: str,
        *,
        severity: str,
        blocking: bool,
        description: str | None,
        metadata: dict[str, Any],
        error: str | None,
    ) -> None:
        """One asset check's outcome (passed | failed | error), recorded and sent to the host."""
        now = time.time()
        self.store.record_check(
            CheckRecord(
                self.run_id, tuple(key), check_name, status, severity, blocking, now, description, metadata, error
            ),
            logs=self._take_logs(),
        )
        if status == "error" or (blocking and status == "failed" and severity == "ERROR"):
            self._step_check_failures.append((tuple(key), check_name))
        if status == "error" or (blocking and status != "passed"):
            what = "raised" if status == "error" else "failed"
            self.check_failures.append(
                f"{'blocking ' if blocking else ''}check '{check_name}' on {'/'.join(key)} {what}"
                + (f":\n{error}" if error else "")
            )
        self.emit(
            RunEvent(
                "check_evaluated",
                {
                    "key": list(key),
                    "check": check_name,
                    "status": status,
                    "severity": severity,
                    "blocking": blocking,
                    "description": description,
                    "metadata": metadata,
                    "error": error,
                    "time": now,
                },
            )
        )

    def step_done(self) -> None:
        self.current_keys = []

    # -- the end ----------------------------------------------------------------------------------------

    def finish(self, status: str, error: str | None = None, refused: bool = False) -> RunOutcome:
        """Record how the run ended and tell the host; `refused`: nothing ran because the request was wrong."""
        if status == "canceled":
            now = time.time()
            for key in self.current_keys:
                self.store.record(
                    self.run_id,
                    key,
                    "canceled",
                    start_time=self._step_start,
                    end_time=now,
                    fingerprint=self.request.fingerprint_of(key),
                    error="the run was canceled",
                )
        self.flush_logs()
        failed_key = self.failures[0][0][0] if self.failures and self.failures[0][0] else None
        if error is None and self.failures:
            error = self.failures[0][1]
        if error is None and self.check_failures and status == "failure":
            error = self.check_failures[0]
        self.store.finish_run(self.run_id, status, error, failed_key)
        outcome = RunOutcome(
            self.run_id, status, failed_key, error, tuple(self.materialized_keys), tuple(self.skipped_keys), refused
        )
        self.emit(
            RunEvent(
                "run_finished",
                {
                    "run_id": self.run_id,
                    "status": status,
                    "error": error,
                    "failed_key": list(failed_key) if failed_key else None,
                    "materialized": [list(k) for k in self.materialized_keys],
                    "skipped": [list(k) for k in self.skipped_keys],
                    **({"refused": True} if refused else {}),
                },
            )
        )
        return outcome
