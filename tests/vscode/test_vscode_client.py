"""The VS Code extension: its TypeScript unit tests, and the end-to-end suite in a real VS Code
(code-server in headless Chromium, driven with playwright-core) against the real language server.

Both run the extension's own scripts, so that `./test.sh` (CI) covers them; the end-to-end suite installs
what it needs itself (vscode-client/scripts/install-e2e-deps.sh) and nothing outside the repository.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "vscode-client"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("npm") is None, reason="the extension is built with Node.js and npm"),
]


def _run(command: list[str], cwd: Path, timeout: int, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    return (result.stdout[-6000:] + "\n" + result.stderr[-6000:]).strip()


@pytest.mark.timeout(900)
def test_the_extension_unit_tests_pass() -> None:
    install = _run(["npm", "ci", "--no-audit", "--no-fund"], CLIENT, timeout=600)
    assert install.returncode == 0, _tail(install)
    tests = _run(["npm", "test"], CLIENT, timeout=600)
    assert tests.returncode == 0, _tail(tests)


@pytest.mark.timeout(1800)
def test_the_extension_works_end_to_end_in_a_real_vscode() -> None:
    environment = dict(os.environ)
    environment.setdefault("E2E_DIR", str(ROOT / ".e2e"))
    # The installed tools (code-server, playwright-core, vsce) are shared by clones and runs, as
    # browsers are by Playwright: not in the per-session XDG_CACHE_HOME that tests/conftest.py sets.
    environment.setdefault("E2E_CACHE", str(Path.home() / ".cache" / "assetlens-e2e"))
    # the server runs with this interpreter (the test environment, with assetlens installed)
    environment.setdefault("ASSETLENS_PYTHON", sys.executable)
    result = _run(["bash", str(CLIENT / "scripts" / "e2e.sh")], ROOT, timeout=1700, env=environment)
    assert result.returncode == 0, _tail(result)
    artifacts = Path(environment["E2E_DIR"]) / "artifacts"
    assert any(artifacts.glob("*.png")), "the end-to-end run keeps a screenshot of each state"
