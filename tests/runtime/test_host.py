"""The host side: a worker in another interpreter (one without assetlens installed), the event stream,
the worker's protocol hygiene (prints never corrupt it, bad requests are answered)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.runtime import RunEvent, RunOutcome
from assetlens.runtime.engine_staging import engine_digest

from tests.runtime.conftest import keys, run_worker, stored_values

SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin")


def _lacks_assetlens(python: str | None) -> bool:
    if python is None:
        return False
    probe = subprocess.run(
        [python, "-c", "import assetlens.runtime"], capture_output=True, env={"PATH": os.environ.get("PATH", "")}
    )
    return probe.returncode != 0 and sys.version_info[:2] <= (3, 13)


@pytest.mark.skipif(not _lacks_assetlens(SYSTEM_PYTHON), reason="needs a Python without assetlens installed")
def test_a_foreign_interpreter_runs_the_staged_engine(workspace_factory) -> None:
    workspace = workspace_factory("project")
    events: list[RunEvent] = []
    outcome = run_worker(
        workspace,
        ["pipeline.ingest", "pipeline.marts"],
        keys("raw/orders", "mart/summary"),
        interpreter=SYSTEM_PYTHON,
        on_event=events.append,
    )
    assert outcome.status == "success", outcome.error
    assert stored_values(workspace)["mart/summary.pkl"] == {"count": 3, "total": 21}
    staged = workspace / ".assetlens" / "engine" / engine_digest() / "assetlens" / "runtime" / "worker.py"
    assert staged.is_file()
    assert [e.kind for e in events if e.kind != "log"] == [
        "run_started",
        "asset_started",
        "asset_materialized",
        "asset_started",
        "asset_materialized",
        "run_finished",
    ]


def test_events_arrive_in_order_and_the_outcome_matches_the_protocol(workspace_factory) -> None:
    workspace = workspace_factory("project")
    events: list[RunEvent] = []
    outcome = run_worker(
        workspace,
        ["pipeline.ingest"],
        keys("raw/orders"),
        on_event=events.append,
        fingerprints=[(("raw", "orders"), "fp-123")],
    )
    assert isinstance(outcome, RunOutcome)
    protocol = outcome.to_protocol()
    assert protocol == {
        "runId": outcome.run_id,
        "status": "success",
        "failedKey": None,
        "error": None,
        "materialized": [["raw", "orders"]],
    }
    materialized = next(e for e in events if e.kind == "asset_materialized")
    assert materialized.key == ("raw", "orders") and materialized.data["code_version"] == "1"
    assert events[-1].kind == "run_finished" and events[-1].data["run_id"] == outcome.run_id
    from assetlens.runtime import RunStore

    with RunStore.for_workspace(workspace) as store:
        assert store.latest(status="success")[("raw", "orders")].fingerprint == "fp-123"


def test_prints_become_log_lines_and_never_corrupt_the_protocol(workspace_factory, tmp_path: Path) -> None:
    workspace = workspace_factory("project")
    (workspace / "pipeline" / "noisy.py").write_text(
        "import os, sys\nimport dagster as dg\n\n"
        "@dg.asset\ndef noisy():\n"
        '    print(\'{"event": "run_finished", "status": "canceled"}\')\n'
        "    os.write(1, b'raw bytes on fd 1\\n')\n"
        "    print('to stderr', file=sys.stderr)\n"
        "    return 1\n"
    )
    events: list[RunEvent] = []
    outcome = run_worker(workspace, ["pipeline.noisy"], keys("noisy"), on_event=events.append)
    assert outcome.status == "success"
    logs = [(e.data["level"], e.data["message"]) for e in events if e.kind == "log"]
    assert ("STDOUT", '{"event": "run_finished", "status": "canceled"}') in logs
    assert ("STDERR", "to stderr") in logs
    assert ("STDERR", "raw bytes on fd 1") in logs
    assert [e.kind for e in events].count("run_finished") == 1
    from assetlens.runtime import RunStore

    with RunStore.for_workspace(workspace) as store:
        messages = [log.message for log in store.logs(outcome.run_id)]
    assert '{"event": "run_finished", "status": "canceled"}' in messages


def test_a_bad_request_is_answered_not_crashed(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "assetlens.runtime.worker"],
        input="not json\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert completed.returncode == 2
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    assert answer["event"] == "run_finished" and answer["status"] == "failure" and "bad request" in answer["error"]
    assert completed.stderr == ""


def test_an_import_error_in_user_code_fails_the_run_with_its_traceback(workspace_factory) -> None:
    workspace = workspace_factory("project")
    (workspace / "pipeline" / "broken.py").write_text("import dagster as dg\nraise RuntimeError('broken module')\n")
    outcome = run_worker(workspace, ["pipeline.broken"], keys("whatever"))
    assert outcome.status == "failure"
    assert 'pipeline/broken.py", line 2' in outcome.error and "RuntimeError: broken module" in outcome.error
