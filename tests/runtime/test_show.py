"""`assetlens show KEY` and `preview_value`: the stored value's type, size and repr head (a table head for
data frames), made in a child process — a value whose file changed since its materialization is refused
unread, an asset never materialized says so."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from assetlens.runtime.host_preview import PreviewError, preview_value
from assetlens.runtime.preview import make_preview

from tests.runtime.conftest import copy_fixture


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assetlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_show_after_materialize_text_and_json(tmp_path: Path) -> None:
    workspace = copy_fixture("project", tmp_path)
    never = cli("show", "mart/summary", cwd=workspace)
    assert never.returncode == 1 and "never been materialized" in never.stderr and "Traceback" not in never.stderr
    assert cli("materialize", "mart/summary", "--upstream", cwd=workspace).returncode == 0
    text = cli("show", "mart/summary", cwd=workspace)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines() == [f"mart/summary: dict ({len(pickle.dumps({'count': 3, 'total': 21}, protocol=4))} B stored)", "{'count': 3, 'total': 21}"]
    as_json = json.loads(cli("show", "raw/orders", "--format", "json", cwd=workspace).stdout)
    assert as_json == {
        "key": "raw/orders",
        "type": "list",
        "size": len(pickle.dumps([5, 7, 9], protocol=4)),
        "repr": "[5, 7, 9]",
        "table": None,
    }
    with pytest.raises(PreviewError, match="never been materialized"):
        preview_value(workspace, ("mart", "headline"))


def test_a_long_repr_is_cut_and_user_classes_load_from_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "classes"
    (workspace / "pkg").mkdir(parents=True)
    (workspace / "pkg" / "__init__.py").write_text("")
    (workspace / "pkg" / "assets.py").write_text(
        "import dagster as dg\n\n\nclass Point:\n    def __init__(self, x):\n        self.x = x\n\n"
        "    def __repr__(self):\n        return f'Point({self.x})'\n\n\n"
        "@dg.asset\ndef point():\n    return Point(3)\n\n\n@dg.asset\ndef long_text():\n    return 'x' * 5000\n"
    )
    assert cli("materialize", "point", "long_text", cwd=workspace).returncode == 0
    assert preview_value(workspace, ("point",))["repr"] == "Point(3)"
    assert preview_value(workspace, ("point",))["type"] == "pkg.assets.Point"
    long = preview_value(workspace, ("long_text",))
    assert len(long["repr"]) == 2001 and long["repr"].endswith("…")


def test_a_pandas_frame_has_a_table_head() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"a": range(30), "b": [f"r{i}" for i in range(30)]})
    preview = make_preview(("frame",), frame, 123)
    assert preview["table"]["columns"] == ["a", "b"]
    assert preview["table"]["rows"][:2] == [[0, "r0"], [1, "r1"]] and len(preview["table"]["rows"]) == 20
    assert preview["table"]["total_rows"] == 30


def test_python_of_another_virtual_environment_gets_the_staged_engine(tmp_path: Path) -> None:
    """An ordinary venv's `python` links to the same base interpreter as assetlens's own: it must still
    be told apart (it has no assetlens), so the engine is staged for it (issue 11)."""
    import venv

    from assetlens.runtime.engine_staging import is_own_interpreter

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(environment)
    python = environment / "bin" / "python"
    assert not is_own_interpreter(str(python)) and is_own_interpreter(sys.executable)
    workspace = copy_fixture("project", tmp_path)
    completed = cli("materialize", "raw/orders", "--python", str(python), cwd=workspace)
    assert completed.returncode == 0, completed.stderr
    assert preview_value(workspace, ("raw", "orders"), interpreter=str(python))["repr"] == "[5, 7, 9]"
