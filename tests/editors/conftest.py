"""Real editors driven headless through assetlens's main features. The editors come from Debian's
packages, installed by `tests/editors/install.sh` (idempotent; CI runs as root where apt-get works)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SHOP = HERE.parent / "server" / "data" / "shop"
INSTALL = HERE / "install.sh"


def ensure_editor(program: str, name: str) -> str:
    """The path of `program`, installing `name` first when it is missing (skip when that cannot be)."""
    if shutil.which(program) is None:
        done = subprocess.run(["bash", str(INSTALL), name], capture_output=True, text=True, timeout=900)
        if done.returncode != 0 or shutil.which(program) is None:
            pytest.skip(f"{program} is not installed and {INSTALL.name} could not install it: {done.stderr.strip()[-500:]}")
    found = shutil.which(program)
    assert found is not None
    return found


def server_command() -> list[str]:
    """`assetlens serve`, as the README's configurations start it (the test environment's script)."""
    script = Path(sys.executable).with_name("assetlens")
    return [str(script), "serve", "--no-cache"] if script.exists() else [sys.executable, "-m", "assetlens.cli", "serve", "--no-cache"]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(SHOP, target)
    return target
