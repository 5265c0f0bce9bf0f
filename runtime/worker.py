"""The worker process: `python -m assetlens.runtime.worker`, run with the user's interpreter.

It reads one JSON line (`{"run": MaterializeRequest}`) from stdin, streams `RunEvent` JSON lines on its
original stdout, and stops on `{"cancel": true}` (or SIGINT, or stdin closing). What user code prints
becomes log lines: the protocol keeps a private copy of the stdout descriptor, and descriptor 1 is
pointed at stderr. Imports only the standard library (and the engine, which is stdlib-only) until the
request says which engine to use.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from assetlens.runtime.errors import RunRefused
from assetlens.runtime.protocol import MaterializeRequest, RunEvent
from assetlens.runtime.run_lock import RunLock, WorkspaceLock
from assetlens.runtime.run_store import RunStore
from assetlens.runtime.tracebacks import format_user_traceback

EXIT_SUCCESS, EXIT_FAILURE, EXIT_CANCELED, EXIT_BAD_REQUEST = 0, 1, 3, 2


class _Channel:
    """Event lines to the host, on a private duplicate of the original stdout."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)  # anything written to descriptor 1 from now on lands on stderr
        self._lock = threading.Lock()

    def emit(self, event: RunEvent) -> None:
        line = event.to_line()
        with self._lock:
            try:
                self._out.write(line + "\n")
            except (BrokenPipeError, OSError):
                pass  # the host went away; the run store still gets everything


class _LogStream(io.TextIOBase):
    """`sys.stdout`/`sys.stderr` for user code: complete lines become run log lines."""

    def __init__(self, sink: Callable[[str, str], None], level: str, fallback: TextIO) -> None:
        self._sink, self._level, self._fallback = sink, level, fallback
        self._buffer = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._buffer += text
        while "\n" in self._buffer:
            line, self._buffer = self._buffer.split("\n", 1)
            try:
                self._sink(self._level, line)
            except Exception:  # noqa: BLE001 - never let logging break user code
                self._fallback.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            line, self._buffer = self._buffer, ""
            self._sink(self._level, line)

    def fileno(self) -> int:
        return self._fallback.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


def _watch_stdin(on_cancel: Callable[[], None]) -> None:
    """Cancel on `{"cancel": true}` (a host that closes stdin lets the run finish and be recorded)."""
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("cancel"):
            on_cancel()
            return


def _read_request() -> MaterializeRequest:
    line = sys.stdin.readline()
    if not line:
        raise ValueError("no request on stdin")
    payload = json.loads(line)
    if not isinstance(payload, dict) or not isinstance(payload.get("run"), dict):
        raise ValueError('the first line must be {"run": {...}}')
    return MaterializeRequest.from_json(payload["run"])


def _open_run(request: MaterializeRequest, run_id: str) -> tuple[RunStore, RunLock, WorkspaceLock] | str:
    """The run store, the run's liveness lock and the workspace's lock — or why the run cannot start
    (the store is unusable, or another run holds the workspace)."""
    from assetlens.runtime.layout import StoreProblem, workspace_lock_path
    from assetlens.runtime.run_store import is_valid_run_id

    if not is_valid_run_id(run_id):
        return f"bad request: invalid run id {run_id[:80]!r} (letters, digits, '_' and '-' only)"
    try:
        store = RunStore.for_workspace(request.workspace)
    except StoreProblem as error:
        return str(error)
    workspace_lock = WorkspaceLock(workspace_lock_path(request.workspace))
    try:
        workspace_lock.acquire_for(run_id)
        lock = store.lock_for(run_id)
        lock.acquire()
    except StoreProblem as error:
        workspace_lock.release()
        store.close()
        return str(error)
    return store, lock, workspace_lock


def main() -> int:
    channel = _Channel()
    try:
        request = _read_request()
    except (ValueError, KeyError, TypeError) as error:
        channel.emit(
            RunEvent(
                "run_finished",
                {
                    "run_id": None,
                    "status": "failure",
                    "error": f"bad request: {error}",
                    "failed_key": None,
                    "materialized": [],
                    "skipped": [],
                },
            )
        )
        return EXIT_BAD_REQUEST
    run_id = request.run_id or str(uuid.uuid4())
    opened = _open_run(request, run_id)
    if isinstance(opened, str):
        channel.emit(
            RunEvent(
                "run_finished",
                {
                    "run_id": run_id,
                    "status": "failure",
                    "error": opened,
                    "failed_key": None,
                    "materialized": [],
                    "skipped": [],
                    "refused": True,
                },
            )
        )
        return EXIT_BAD_REQUEST
    store, lock, workspace_lock = opened
    canceled = threading.Event()

    def on_cancel() -> None:
        if not canceled.is_set():
            canceled.set()
            import _thread

            _thread.interrupt_main()

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        canceled.set()
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, on_sigint)

    from assetlens.runtime.recorder import RunRecorder

    recorder = RunRecorder(store, channel.emit, request, run_id)
    store.begin_run(run_id, request.engine, request.selection)
    channel.emit(
        RunEvent("run_started", {"run_id": run_id, "engine": request.engine, "pid": os.getpid(), "time": time.time()})
    )
    real_stderr = sys.stderr
    sys.stdout = _LogStream(recorder.log, "STDOUT", real_stderr)  # type: ignore[assignment]
    sys.stderr = _LogStream(recorder.log, "STDERR", real_stderr)  # type: ignore[assignment]
    threading.Thread(target=_watch_stdin, args=(on_cancel,), daemon=True).start()
    status, error, refused = "failure", None, False
    try:
        from assetlens.runtime.loader import prepend_sys_path

        prepend_sys_path(list(request.python_path) or [request.workspace])
        os.chdir(request.workspace)
        from assetlens.runtime.dotenv import load_dotenv

        load_dotenv(request.workspace)  # as the dagster CLI does, before any user code runs
        if request.engine == "dagster":
            from assetlens.runtime.dagster_runner import run_dagster

            status = run_dagster(request, recorder)
        else:
            from assetlens.runtime.builtin_runner import run_builtin

            status = run_builtin(request, recorder)
        if canceled.is_set():
            status = "canceled"
    except KeyboardInterrupt:
        status, error = "canceled", "the run was canceled"
    except RunRefused as refusal:  # a mistake in the request found before anything ran (exit 2 from the CLI)
        status, error, refused = "failure", str(refusal), True
    except BaseException as exc:  # noqa: BLE001 - whatever user code raised at import time fails the run, reported
        status, error = "failure", format_user_traceback(exc)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        sys.stdout, sys.stderr = sys.__stdout__, real_stderr
    try:
        recorder.finish(status, error, refused=refused)
    except KeyboardInterrupt:  # a second cancel while finishing: finish anyway
        recorder.finish(status, error, refused=refused)
    lock.release()
    workspace_lock.release()
    store.close()
    return {"success": EXIT_SUCCESS, "failure": EXIT_FAILURE}.get(status, EXIT_CANCELED)


if __name__ == "__main__":
    sys.exit(main())
