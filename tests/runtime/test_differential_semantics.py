"""Where a runtime could silently compute something else than Dagster (issue 11): pydantic `Field`
defaults and factories, `context.op_config`, a `PrivateAttr` set in `setup_for_execution`, `EnvVar`, a
function `@resource` with its `InitResourceContext`, nested resources, the Definitions module's
import-time setup and the workspace's `.env`. Each asset is run by the builtin engine, by
`--engine dagster` and by plain `dagster.materialize`; the values must be equal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.conftest import keys, run_worker, stored_values

SELECTION = ("configured", "uses_resources", "uses_function_resource", "reads_environment")
PLAIN = Path(__file__).resolve().parent / "plain_dagster.py"


def plain_dagster(workspace: Path, selection, env: dict[str, str], run_config: dict | None = None) -> dict:
    args = [sys.executable, str(PLAIN), "semantics.definitions", json.dumps([list(k) for k in selection])]
    if run_config is not None:
        args.append(json.dumps(run_config))
    completed = subprocess.run(args, cwd=workspace, capture_output=True, text=True, env=env, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.splitlines()[-1])


@pytest.fixture
def clean_env(monkeypatch) -> None:
    for name in ("SEMANTICS_TOKEN", "SEMANTICS_FROM_DOTENV", "SEMANTICS_DEFAULT"):
        monkeypatch.delenv(name, raising=False)


def test_config_resources_and_environment_match_dagster(workspace_factory, clean_env) -> None:
    values = {}
    for engine in ("builtin", "dagster"):
        workspace = workspace_factory("semantics")
        outcome = run_worker(
            workspace, ("semantics.assets",), keys(*SELECTION), engine=engine, definitions="semantics.definitions"
        )
        assert outcome.status == "success", outcome.error
        values[engine] = {name.removesuffix(".pkl"): value for name, value in stored_values(workspace).items()}
    # the dagster CLI would have loaded .env; plain dagster.materialize gets the same variables explicitly
    env = {**os.environ, "SEMANTICS_TOKEN": "token-from-dotenv", "SEMANTICS_FROM_DOTENV": "from .env"}
    reference = plain_dagster(workspace_factory("semantics"), keys(*SELECTION), env)
    assert reference["success"]
    assert values["builtin"] == values["dagster"] == reference["values"]
    assert values["builtin"]["configured"]["op_config"] == {"limit": 5, "name": "orders", "ratio": 1.5}
    assert values["builtin"]["uses_resources"]["secret"] == "token-from-dotenv"
    assert values["builtin"]["reads_environment"]["SEMANTICS_DEFAULT"].startswith("set by the Definitions")


def test_an_unset_env_var_fails_like_dagster(workspace_factory, clean_env) -> None:
    outcomes = {}
    for engine in ("builtin", "dagster"):
        workspace = workspace_factory("semantics")
        (workspace / ".env").unlink()
        outcomes[engine] = run_worker(
            workspace, ("semantics.assets",), keys("uses_resources"), engine=engine, definitions="semantics.definitions"
        )
    assert outcomes["builtin"].status == outcomes["dagster"].status == "failure"
    assert 'environment variable "SEMANTICS_TOKEN"' in (outcomes["builtin"].error or "")
    assert "Traceback" not in (outcomes["builtin"].error or "")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_run_config_from_a_file_reaches_config_and_resources_with_both_engines(workspace_factory, clean_env, suffix) -> None:
    config = {"ops": {"configured": {"config": {"limit": 7, "tags": ["z"]}}}, "resources": {"api": {"config": {"retries": 9}}}}
    text = json.dumps(config) if suffix == ".json" else "ops:\n  configured:\n    config:\n      limit: 7\n      tags: [z]\nresources:\n  api:\n    config:\n      retries: 9\n"
    values = {}
    for engine in ("builtin", "dagster"):
        workspace = workspace_factory("semantics")
        (workspace / f"run{suffix}").write_text(text)
        completed = subprocess.run(
            [sys.executable, "-m", "assetlens.cli", "materialize", "configured", "uses_resources", "--engine", engine,
             "--definitions", "semantics.definitions", "--config", f"run{suffix}"],
            cwd=workspace, capture_output=True, text=True, timeout=300,
        )
        assert completed.returncode == 0, completed.stderr
        values[engine] = stored_values(workspace)
    env = {**os.environ, "SEMANTICS_TOKEN": "token-from-dotenv", "SEMANTICS_FROM_DOTENV": "from .env"}
    reference = plain_dagster(workspace_factory("semantics"), keys("configured", "uses_resources"), env, config)
    assert {k.removesuffix(".pkl"): v for k, v in values["builtin"].items()} == reference["values"]
    assert values["builtin"] == values["dagster"]
    assert values["builtin"]["configured.pkl"]["op_config"] == {"limit": 7, "tags": ["z"], "name": "orders", "ratio": 1.5}
    assert values["builtin"]["uses_resources.pkl"]["api"] == "https://example.invalid#9"


def test_a_bad_config_file_is_a_usage_error(workspace_factory) -> None:
    workspace = workspace_factory("semantics")
    (workspace / "bad.yaml").write_text("- just\n- a list\n")
    completed = subprocess.run(
        [sys.executable, "-m", "assetlens.cli", "materialize", "configured", "--config", "bad.yaml"],
        cwd=workspace, capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 2 and "run config must be a mapping" in completed.stderr
