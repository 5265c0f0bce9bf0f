"""A real Emacs in batch mode with eglot and the README's configuration (tests/editors/assetlens.el):
diagnostics through flymake, hover, go to definition through xref, and a code lens whose command the
server runs."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .conftest import HERE, ensure_editor, server_command

pytestmark = pytest.mark.slow


def test_emacs_eglot_diagnostics_hover_definition_and_a_code_lens(shop: Path, tmp_path: Path) -> None:
    emacs = ensure_editor("emacs", "emacs")
    output = tmp_path / "emacs.json"
    environment = {
        **os.environ,
        "ASSETLENS_TEST_ROOT": str(shop),
        "ASSETLENS_TEST_OUTPUT": str(output),
        "ASSETLENS_TEST_SERVER": "\t".join(server_command()),
        "HOME": str(tmp_path),  # no user init files
    }
    done = subprocess.run(
        [emacs, "--batch", "--no-init-file", "-l", str(HERE / "emacs_driver.el")],
        cwd=shop, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert output.exists(), f"Emacs wrote nothing (exit {done.returncode}): {done.stdout[-2000:]} {done.stderr[-3000:]}"
    seen = json.loads(output.read_text())
    assert "timeout" not in seen, (seen, done.stderr[-3000:])
    assert [item["line"] for item in seen["diagnostics"]] == [4]
    assert "raw_order" in seen["diagnostics"][0]["text"]
    assert "raw_orders" in seen["hover"]
    assert seen["definition"]["file"] == "raw.py"
    raw = (shop / "shop/raw.py").read_text().splitlines()
    assert "raw_orders" in raw[seen["definition"]["line"] - 1]
    assert any(message.startswith("daily_orders: upstream customers, raw_orders; downstream report") or
               "daily_orders: upstream customers, raw_orders; downstream report" in message for message in seen["messages"])
