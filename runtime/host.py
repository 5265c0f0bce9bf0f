"""Starting a run from a host (the CLI, the language server): the worker as a child process running the
user's interpreter, its events streamed as they come, cancellation, and the outcome.

    handle = await start_run(request, interpreter="/path/to/python", on_event=print)
    async for event in handle.events(): ...      # or just rely on on_event
    await handle.cancel()                         # SIGINT / cancel message, then kill after a grace period
    outcome = await handle.wait()                 # RunOutcome (runId, status, failedKey, error, materialized)

`run_to_completion(request, ...)` is the blocking form the CLI uses.

Both check the workspace first (`check_workspace`): a run store that cannot be used safely, or another
run holding the workspace's lock, raises `StoreProblem` before any process starts.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

from assetlens.runtime.engine_staging import worker_env
from assetlens.runtime.layout import StoreProblem, workspace_lock_path
from assetlens.runtime.protocol import MaterializeRequest, RunEvent, RunOutcome
from assetlens.runtime.run_lock import WorkspaceBusy, WorkspaceLock, busy_message
from assetlens.runtime.run_store import RunStore

__all__ = ["RunHandle", "StoreProblem", "WorkerStartError", "check_workspace", "run_to_completion", "start_run"]

WORKER_MODULE = "assetlens.runtime.worker"


class WorkerStartError(RuntimeError):
    """The worker process could not be started (no such interpreter, not executable...)."""


EventCallback = Callable[[RunEvent], None]
_END = object()


class RunHandle:
    """A running worker."""

    def __init__(
        self, process: asyncio.subprocess.Process, request: MaterializeRequest, on_event: EventCallback | None
    ) -> None:
        self.process = process
        self.request = request
        self.run_id: str = request.run_id or ""
        self._on_event = on_event
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._outcome: RunOutcome | None = None
        self._cancel_requested = False
        self._streams_open = 2
        self._pumps = [
            asyncio.ensure_future(self._pump_events()),
            asyncio.ensure_future(self._pump_stderr()),
        ]

    @property
    def pid(self) -> int:
        return self.process.pid

    def _deliver(self, event: RunEvent) -> None:
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # noqa: BLE001 - a broken callback must not lose the run
                pass
        self._queue.put_nowait(event)

    def _stream_closed(self) -> None:
        self._streams_open -= 1
        if self._streams_open == 0:
            self._queue.put_nowait(_END)

    async def _pump_events(self) -> None:
        assert self.process.stdout is not None
        try:
            async for raw in self.process.stdout:
                line = raw.decode("utf-8", errors="replace").strip()
                if not line:
                    continue
                try:
                    event = RunEvent.from_line(line)
                except ValueError:
                    event = RunEvent("log", {"level": "STDOUT", "message": line, "key": None})
                if event.kind == "run_finished":
                    self._outcome = RunOutcome.from_event(event)
                self._deliver(event)
        finally:
            self._stream_closed()

    async def _pump_stderr(self) -> None:
        assert self.process.stderr is not None
        try:
            async for raw in self.process.stderr:
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                self._deliver(RunEvent("log", {"level": "STDERR", "message": line, "key": None}))
        finally:
            self._stream_closed()

    async def events(self) -> AsyncIterator[RunEvent]:
        """Every event of the run, in arrival order, until the worker's output ends."""
        while True:
            item = await self._queue.get()
            if item is _END:
                self._queue.put_nowait(_END)  # let other readers (and wait()) finish too
                return
            yield item  # type: ignore[misc]

    async def cancel(self, grace: float = 5.0) -> None:
        """Ask the worker to stop (it records the run as canceled); kill it if it has not after `grace` s."""
        if self.process.returncode is not None:
            return
        self._cancel_requested = True
        try:
            if self.process.stdin is not None and not self.process.stdin.is_closing():
                self.process.stdin.write(b'{"cancel": true}\n')
                await self.process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if os.name != "nt":
            try:
                self.process.send_signal(signal.SIGINT)
            except ProcessLookupError:
                return
        try:
            await asyncio.wait_for(self.process.wait(), timeout=grace)
        except asyncio.TimeoutError:
            self.process.kill()
            await self.process.wait()

    async def wait(self) -> RunOutcome:
        """Wait for the worker to exit; the outcome it reported, or one reconstructed if it died."""
        await self.process.wait()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        if self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.close()
        if self._outcome is not None:
            return self._outcome
        status = "canceled" if self._cancel_requested else "failure"
        error = (
            "the run was canceled (its process was stopped)"
            if self._cancel_requested
            else f"the worker exited with code {self.process.returncode} before finishing the run"
        )
        materialized: tuple = ()
        if self.run_id:
            try:
                with RunStore.for_workspace(self.request.workspace, recover=False) as store:
                    store.mark_run(self.run_id, status, error)  # before recovery would call it a crash
                    materialized = tuple(
                        m.key for m in store.materializations_for_run(self.run_id) if m.status == "success"
                    )
            except StoreProblem as problem:
                error = f"{error} (and the run store cannot be updated: {problem})"
        self._outcome = RunOutcome(self.run_id, status, None, error, materialized)
        return self._outcome


def check_workspace(workspace: str | os.PathLike[str]) -> None:
    """Raise `StoreProblem` when a run cannot start in `workspace`: its `.assetlens/` is a link or a file,
    its run store is damaged or not assetlens's, or another run holds the workspace (`WorkspaceBusy`).
    Opening the store also marks runs whose process is gone as failed."""
    with RunStore.for_workspace(workspace):
        pass
    lock = WorkspaceLock(workspace_lock_path(workspace))
    if lock.is_held():
        raise WorkspaceBusy(busy_message(lock.holder()))


async def start_run(
    request: MaterializeRequest,
    *,
    interpreter: str | None = None,
    on_event: EventCallback | None = None,
    env: dict[str, str] | None = None,
) -> RunHandle:
    """Start a worker for `request` (a run id is assigned if it has none) and return its handle;
    `StoreProblem` when the workspace cannot take a run now (see `check_workspace`)."""
    if request.run_id is None:
        request = replace(request, run_id=str(uuid.uuid4()))
    check_workspace(request.workspace)
    python = interpreter or sys.executable
    try:
        process = await asyncio.create_subprocess_exec(
            python,
            "-m",
            WORKER_MODULE,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=request.workspace,
            env=worker_env(interpreter, request.workspace, env),
            limit=2**24,
        )
    except OSError as error:
        raise WorkerStartError(f"cannot start {python} -m {WORKER_MODULE} in {request.workspace}: {error}") from error
    assert process.stdin is not None
    process.stdin.write((json.dumps({"run": request.to_json()}) + "\n").encode("utf-8"))
    await process.stdin.drain()
    return RunHandle(process, request, on_event)


def run_to_completion(
    request: MaterializeRequest,
    *,
    interpreter: str | None = None,
    on_event: EventCallback | None = None,
) -> RunOutcome:
    """Blocking: start the run, deliver its events to `on_event`, cancel it on Ctrl-C, return the outcome.
    Raises `StoreProblem` (before starting anything) when the workspace cannot take a run now."""
    if request.run_id is None:
        request = replace(request, run_id=str(uuid.uuid4()))
    run_id = request.run_id or ""

    async def main() -> RunOutcome:
        handle = await start_run(request, interpreter=interpreter, on_event=on_event)
        try:
            return await handle.wait()
        except asyncio.CancelledError:
            await handle.cancel()
            return await handle.wait()

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        # Ctrl-C reached the worker too (same process group): it records the run as canceled. What it
        # finished is in the store.
        with RunStore.for_workspace(request.workspace) as store:
            done = tuple(m.key for m in store.materializations_for_run(run_id) if m.status == "success")
            run = store.get_run(run_id)
        status = run.status if run is not None and run.status != "started" else "canceled"
        return RunOutcome(run_id, status, None, "the run was canceled", done)
