"""A failing asset fails its run with its traceback and skips what depends on it; a run killed with
`kill -9` keeps its finished materializations and is marked failed at the next open of the store; a
canceled run stops and is recorded as canceled — all through the real worker process."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from assetlens.runtime import MaterializeRequest, RunOutcome, RunStore
from assetlens.runtime.host import start_run
from assetlens.runtime.run_store import DEAD_RUN_ERROR

from tests.runtime.conftest import (
    RUN_FIXTURES,
    keys,
    run_records,
    run_worker,
    stored_values,
)


def _line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_raising_asset_fails_the_run_with_its_traceback_and_skips_downstream(workspace_factory) -> None:
    workspace = workspace_factory("failures")
    modules, selection = RUN_FIXTURES["failures"]
    outcome = run_worker(workspace, modules, keys(*selection))
    assert outcome.status == "failure"
    records = run_records(workspace, outcome.run_id)
    raises = records[("raises",)]
    assert raises.status == "failure"
    line = _line_of(workspace / "failures" / "assets.py", "raise ValueError")
    assert f'failures/assets.py", line {line}, in raises' in raises.error
    assert raises.error.rstrip().endswith("ValueError: cannot use 1")
    assert "runtime/" not in raises.error, "engine frames are not shown for user errors"
    assert records[("after_raises",)].status == "skipped"
    assert records[("independent",)].status == "success", "independent assets still run"
    assert records[("bad_type",)].status == "failure" and "DagsterTypeCheckDidNotPass" in records[("bad_type",)].error
    assert records[("missing_output",)].status == "failure"
    assert records[("after_wrong_order",)].status == "skipped"
    assert records[("flaky",)].status == "success", "retried until it worked"
    assert stored_values(workspace)["flaky.pkl"] == {"attempts": 3, "retry_number": 2}
    assert records[("gives_up",)].status == "failure" and "permanent" in records[("gives_up",)].error
    assert "after_raises.pkl" not in stored_values(workspace)
    assert outcome.failed_key in {key for key, r in records.items() if r.status == "failure"}
    assert outcome.error == records[outcome.failed_key].error
    with RunStore.for_workspace(workspace) as store:
        run = store.get_run(outcome.run_id)
        assert run is not None and run.status == "failure" and run.end_time is not None


async def _run_until(
    workspace: Path, selection, marker: Path, action: str, grace: float = 5.0
) -> tuple[RunOutcome, list]:
    events: list = []
    request = MaterializeRequest(workspace=str(workspace), modules=("slow.assets",), selection=selection)
    env = {**os.environ, "SLOW_MARKER": str(marker), "SLOW_SECONDS": "30"}
    handle = await start_run(request, on_event=events.append, env=env)
    deadline = time.monotonic() + 60
    while not marker.exists() and not any(e.data.get("keys") == [["stubborn"]] for e in events):
        assert time.monotonic() < deadline, f"the slow asset never started: {[e.kind for e in events]}"
        assert handle.process.returncode is None, [e.log_text() for e in events]
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    if action == "kill":
        os.kill(handle.pid, signal.SIGKILL)
    else:
        await handle.cancel(grace=grace)
    return await handle.wait(), events


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_kill_9_keeps_finished_materializations_and_marks_the_run_failed(workspace_factory, tmp_path: Path) -> None:
    workspace = workspace_factory("slow")
    marker = tmp_path / "slow.started"
    outcome, _ = asyncio.run(_run_until(workspace, keys("quick", "slow", "after_slow"), marker, "kill"))
    assert outcome.status == "failure"
    assert outcome.materialized == (("quick",),)
    assert "exited with code -9" in (outcome.error or "")
    with RunStore.for_workspace(workspace) as store:  # the host that saw the worker die marked the run
        run = store.get_run(outcome.run_id)
        assert run is not None and run.status == "failure" and run.error == outcome.error
        latest = store.latest(status="success")
        assert latest[("quick",)].run_id == outcome.run_id and latest[("quick",)].code_version == "1"
        assert ("slow",) not in latest
    assert stored_values(workspace) == {"quick.pkl": "done quickly"}
    assert not (workspace / ".assetlens" / "runs" / f"{outcome.run_id}.lock").exists()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_run_killed_without_a_host_watching_is_recovered_at_next_open(workspace_factory, tmp_path: Path) -> None:
    """The host dies too: only the run store's liveness lock tells the run is gone."""
    import json
    import subprocess
    import sys

    workspace = workspace_factory("slow")
    marker = tmp_path / "slow.started"
    request = MaterializeRequest(workspace=str(workspace), modules=("slow.assets",), selection=keys("quick", "slow"))
    process = subprocess.Popen(
        [sys.executable, "-m", "assetlens.runtime.worker"],
        cwd=workspace,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SLOW_MARKER": str(marker), "SLOW_SECONDS": "30"},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write((json.dumps({"run": request.to_json()}) + "\n").encode())
    process.stdin.flush()
    run_id = json.loads(process.stdout.readline())["run_id"]
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    with RunStore.for_workspace(workspace) as store:
        assert store.get_run(run_id).status == "started", "a live run is not recovered"
    process.kill()
    process.wait()
    with RunStore.for_workspace(workspace) as store:  # opening the store recovers the dead run
        run = store.get_run(run_id)
        assert run.status == "failure" and run.error == DEAD_RUN_ERROR
        assert [(m.key, m.status) for m in store.materializations_for_run(run_id)] == [(("quick",), "success")]
    assert stored_values(workspace) == {"quick.pkl": "done quickly"}


def test_cancel_stops_the_run_and_records_it_canceled(workspace_factory, tmp_path: Path) -> None:
    workspace = workspace_factory("slow")
    marker = tmp_path / "slow.started"
    started = time.monotonic()
    outcome, events = asyncio.run(_run_until(workspace, keys("quick", "slow", "after_slow"), marker, "cancel"))
    assert time.monotonic() - started < 25, "the sleeping asset was interrupted"
    assert outcome.status == "canceled"
    assert outcome.materialized == (("quick",),)
    assert events[-1].kind == "run_finished" and events[-1].data["status"] == "canceled"
    records = run_records(workspace, outcome.run_id)
    assert records[("slow",)].status == "canceled"
    with RunStore.for_workspace(workspace) as store:
        assert store.get_run(outcome.run_id).status == "canceled"


def test_cancel_kills_code_that_ignores_interrupts_after_the_grace_period(workspace_factory, tmp_path: Path) -> None:
    workspace = workspace_factory("slow")
    outcome, _ = asyncio.run(_run_until(workspace, keys("stubborn"), tmp_path / "never", "cancel", grace=1.0))
    assert outcome.status == "canceled"
    with RunStore.for_workspace(workspace) as store:
        run = store.get_run(outcome.run_id)
        assert run is not None and run.status == "canceled"


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT")
def test_ctrl_c_on_the_cli_cancels_the_run(workspace_factory, tmp_path: Path) -> None:
    """Ctrl-C in a terminal interrupts the whole foreground process group: the CLI and its worker."""
    import subprocess
    import sys

    workspace = workspace_factory("slow")
    marker = tmp_path / "slow.started"
    process = subprocess.Popen(
        [sys.executable, "-m", "assetlens.cli", "materialize", "slow", "--upstream", "--format", "json"],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "SLOW_MARKER": str(marker), "SLOW_SECONDS": "30"},
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline and process.poll() is None, process.communicate()
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, stderr
    import json

    outcome = json.loads(stdout)
    assert outcome["status"] == "canceled" and outcome["materialized"] == [["quick"]]
    with RunStore.for_workspace(workspace) as store:
        assert store.get_run(outcome["runId"]).status == "canceled"
