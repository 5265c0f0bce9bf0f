"""`assetlens check` as users run it: the real command in a subprocess on workspaces on disk."""
from __future__ import annotations

import json
import os
import pty
import subprocess

from conftest import VENV_BIN, assetlens, commit_all, write_files

GOOD = {
    "pipeline/raw.py": 'import dagster as dg\n\n\n@dg.asset\ndef raw_orders():\n    return [1, 2, 3]\n',
    "pipeline/daily.py": 'import dagster as dg\n\n\n@dg.asset\ndef daily_orders(raw_orders):\n    return sum(raw_orders)\n',
}
CYCLE = {
    "a.py": 'import dagster as dg\n\n\n@dg.asset\ndef a(b):\n    return b\n',
    "b.py": 'import dagster as dg\n\n\n@dg.asset\ndef b(a):\n    return a\n',
    "c.py": 'import dagster as dg\n\n\n@dg.asset\ndef c():\n    return 1\n',
}


def test_clean_workspace_exits_zero_with_a_summary(tmp_path):
    write_files(tmp_path, GOOD)
    done = assetlens("check", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "All checks passed! (2 files checked)\n"


def test_findings_exit_one_with_ruff_like_lines(tmp_path):
    write_files(tmp_path, CYCLE)
    done = assetlens("check", "--no-cache", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "a.py:5:7: error: AL001 dependency cycle: a -> b -> a"
    assert lines[1].startswith("    b.py:5:7: note: `b` depends on `a` here")
    assert "b.py:5:7: error: AL001 dependency cycle: b -> a -> b" in lines
    assert lines[-1] == "Found 2 problems (2 errors) in 2 files."
    assert assetlens("check", "--exit-zero", cwd=tmp_path).returncode == 0


def test_file_paths_report_only_those_files_but_see_the_whole_graph(tmp_path):
    write_files(tmp_path, CYCLE)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    done = assetlens("check", "b.py", "c.py", cwd=tmp_path)
    assert done.returncode == 1
    assert [line.split(":")[0] for line in done.stdout.splitlines() if " AL" in line] == ["b.py"]
    done = assetlens("check", "c.py", cwd=tmp_path)
    assert done.returncode == 0 and "1 file checked" in done.stdout


def test_paths_are_shown_relative_to_the_current_folder(tmp_path):
    project = tmp_path / "project"
    write_files(project, CYCLE)
    (project / "pyproject.toml").write_text("[tool.assetlens]\nselect = ['AL001']\n")
    done = assetlens("check", "project/a.py", cwd=tmp_path)
    assert done.stdout.splitlines()[0].startswith("project/a.py:5:7: error: AL001")


def test_select_and_ignore_options(tmp_path):
    write_files(tmp_path, {**CYCLE, "d.py": 'import dagster as dg\n\n\n@dg.asset\ndef d(nope):\n    return nope\n'})
    codes = lambda *args: {line.split(" ")[2] for line in assetlens("check", *args, cwd=tmp_path).stdout.splitlines() if ": error: AL" in line}
    assert codes() == {"AL001", "AL002"}
    assert codes("--select", "AL002") == {"AL002"}
    assert codes("--ignore", "AL001,AL006") == {"AL002"}
    assert codes("--select", "AL00", "--ignore", "AL002") == {"AL001"}


def test_invalid_configuration_is_a_clear_error_naming_the_key(tmp_path):
    write_files(tmp_path, GOOD)
    cases = {
        "[tool.assetlens]\nselcet = ['AL001']\n": "unknown key `selcet` (did you mean `select`?)",
        "[tool.assetlens]\nselect = 'AL001'\n": "[tool.assetlens] select: expected a list of strings, got 'AL001'",
        "[tool.assetlens]\nignore = ['AL999']\n": "[tool.assetlens] ignore: unknown rule code `AL999`",
        "[tool.assetlens.severity]\nAL002 = 'fatal'\n": "[tool.assetlens] severity.AL002: expected one of error, warning, info, hint, got 'fatal'",
        "[tool.assetlens]\nbase = = 1\n": "not valid TOML",
    }
    for config, message in cases.items():
        (tmp_path / "pyproject.toml").write_text(config)
        done = assetlens("check", cwd=tmp_path)
        assert done.returncode == 2, config
        assert message in done.stderr and "Traceback" not in done.stderr, done.stderr
    done = assetlens("check", "--select", "XX1", cwd=tmp_path)
    assert done.returncode == 2


def test_bad_usage_exits_two(tmp_path):
    assert assetlens("check", "missing.py", cwd=tmp_path).returncode == 2
    assert assetlens("check", "--format", "xml", cwd=tmp_path).returncode == 2
    assert assetlens("check", "--unsafe-fixes", cwd=tmp_path).returncode == 2


def test_syntax_errors_and_bad_bytes_are_diagnostics_not_crashes(tmp_path):
    write_files(tmp_path, {**GOOD, "broken.py": "def (:\n"})
    (tmp_path / "latin1.py").write_bytes(b"x = '\xe9'\n")
    done = assetlens("check", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if ": error: AL" in line]
    assert [line.split(": ")[2].split(" ")[0] for line in lines] == ["AL000", "AL000"]
    assert lines[0].startswith("broken.py:1:")


def test_json_output(tmp_path):
    write_files(tmp_path, CYCLE)
    done = assetlens("check", "--format", "json", cwd=tmp_path)
    document = json.loads(done.stdout)
    assert done.returncode == 1
    assert document["summary"] == {"files_checked": 3, "problems": 2, "errors": 2, "warnings": 0, "info": 0, "hints": 0, "fixed": 0}
    first = document["diagnostics"][0]
    assert {k: first[k] for k in ("code", "name", "severity", "file", "line", "column", "key")} == {
        "code": "AL001", "name": "cycle", "severity": "error", "file": "a.py", "line": 5, "column": 7, "key": ["a"]
    }
    assert first["related"][0]["file"] == "b.py"


def test_fix_applies_safe_fixes_and_reports_them(tmp_path):
    write_files(tmp_path, {**GOOD, "pipeline/daily.py": GOOD["pipeline/daily.py"].replace("raw_orders", "raw_order")})
    done = assetlens("check", "--fix", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "pipeline/daily.py:5:18: fixed AL002: Rename parameter `raw_order` to `raw_orders`" in done.stdout
    assert done.stdout.endswith("Fixed 1 problem. All checks passed! (2 files checked)\n")
    assert (tmp_path / "pipeline/daily.py").read_text() == GOOD["pipeline/daily.py"]


def test_code_version_against_a_base_revision(repo):
    before = 'import dagster as dg\n\n\n@dg.asset(code_version="v3")\ndef orders():\n    return 1\n'
    write_files(repo, {"orders.py": before})
    commit_all(repo)
    (repo / "orders.py").write_text(before.replace("return 1", "return 2"))
    done = assetlens("check", cwd=repo)
    assert done.returncode == 1
    assert 'orders.py:4:24: warning: AL004 [*] `orders` changed since HEAD (in the working tree) but its code_version is still "v3"' in done.stdout
    assert assetlens("check", "--staged", cwd=repo).returncode == 0  # nothing staged
    assert assetlens("check", "--base", "nope", cwd=repo).returncode == 2
    done = assetlens("check", "--fix", cwd=repo)
    assert done.returncode == 0 and 'fixed AL004: Bump code_version "v3" -> "v4"' in done.stdout
    assert '@dg.asset(code_version="v4")' in (repo / "orders.py").read_text()


def test_not_a_git_repository_skips_the_baseline_with_a_note(tmp_path):
    write_files(tmp_path, GOOD)
    done = assetlens("check", cwd=tmp_path)
    assert done.returncode == 0 and "AL004 (code-version-not-bumped) skipped" in done.stderr
    done = assetlens("check", "--base", "HEAD", cwd=tmp_path)
    assert done.returncode == 2 and "not inside a git work tree" in done.stderr


def test_explain_prints_the_rule_documentation(tmp_path):
    done = assetlens("check", "--explain", "cycle", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("AL001 cycle (default severity: error)")
    assert "Wrong (assets.py):" in done.stdout
    assert assetlens("check", "--explain", "AL404", cwd=tmp_path).returncode == 2


def test_progress_bar_only_on_a_terminal(tmp_path):
    write_files(tmp_path, GOOD)
    piped = assetlens("check", "--no-cache", cwd=tmp_path)
    assert "\r" not in piped.stderr + piped.stdout
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [str(VENV_BIN / "assetlens"), "check", "--no-cache"], cwd=tmp_path, stdin=terminal, stdout=terminal, stderr=terminal, timeout=120
        )
        os.close(terminal)
        terminal = -1
        output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)
    assert done.returncode == 0
    assert b"analysing [" in output and b"2/2 files" in output


def test_inline_suppression_comments(tmp_path):
    write_files(
        tmp_path,
        {
            "a.py": 'import dagster as dg\n\n\n@dg.asset\ndef orders():  # assetlens: ignore[AL003]\n    return 1\n',
            "b.py": 'import dagster as dg\n\n\n@dg.asset\ndef orders():  # assetlens: ignore\n    return 2\n',
            "c.py": 'import dagster as dg\n\n\n@dg.asset\ndef orders():  # assetlens: ignore[AL001]\n    return 3\n',
        },
    )
    done = assetlens("check", cwd=tmp_path)
    assert [line.split(":")[0] for line in done.stdout.splitlines() if ": AL003" in line] == ["c.py"]
