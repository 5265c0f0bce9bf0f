"""Definition-level differential test: the code locations of the analyzer's differential corpus
(tests/fixtures/differential) and of the runtime fixtures, loaded by the builtin engine and by real
Dagster; the asset graphs (keys, dependencies, node and output names, code versions, groups) must be
equal, or the builtin engine must refuse the location with its clear "not implemented" error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DUMP = HERE / "definition_dump.py"
FOLDERS = sorted(p for p in (REPO / "tests" / "fixtures" / "differential").iterdir() if p.is_dir()) + sorted(
    p for p in (HERE / "fixtures").iterdir() if p.is_dir()
)
FIELDS = ("key", "deps", "kind", "node", "output", "code_version", "group")
# Locations that use Dagster features the builtin engine does not implement (op jobs, custom partition
# mappings, dynamic partitions in the runtime fixture "unsupported"): they must be refused, naming the feature.
EXPECTED_REFUSALS = {"checks_jobs_schedules", "partitions_mappings", "unsupported"}

pytestmark = pytest.mark.slow


def _dump(engine: str) -> dict:
    completed = subprocess.run(
        [sys.executable, str(DUMP), "--engine", engine, *map(str, FOLDERS)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def dumps() -> tuple[dict, dict]:
    return _dump("builtin"), _dump("dagster")


def _graph(result: dict) -> dict:
    return {tuple(asset["key"]): {field: asset[field] for field in FIELDS} for asset in result["assets"]}


def test_every_location_matches_dagster_or_is_refused_clearly(dumps: tuple[dict, dict]) -> None:
    builtin, dagster = dumps
    refused, mismatched = set(), []
    for folder in map(str, FOLDERS):
        name = Path(folder).name
        ours, theirs = builtin[folder], dagster[folder]
        if "error" in theirs:
            assert "error" in ours, (
                f"{name}: Dagster refuses this location ({theirs['error']}) but the builtin engine loads it"
            )
            continue
        if "error" in ours:
            assert ours["unsupported"], f"{name}: builtin engine failed without naming a feature: {ours['error']}"
            assert "--engine dagster" in ours["error"], ours["error"]
            refused.add(name)
            continue
        if _graph(ours) != _graph(theirs):
            mismatched.append(name)
    assert not mismatched, f"asset graphs differ from Dagster's for: {mismatched}"
    assert refused == EXPECTED_REFUSALS
