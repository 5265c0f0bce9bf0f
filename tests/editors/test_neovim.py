"""A real headless Neovim with the README's configuration (tests/editors/assetlens.lua): diagnostics,
hover, go to definition and a code lens whose command the server runs."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import HERE, ensure_editor, server_command

pytestmark = pytest.mark.slow


def lua_list(items: list[str]) -> str:
    return "{" + ", ".join(json.dumps(item) for item in items) + "}"


def test_neovim_diagnostics_hover_definition_and_a_code_lens(shop: Path, tmp_path: Path) -> None:
    nvim = ensure_editor("nvim", "nvim")
    output = tmp_path / "neovim.json"
    init = tmp_path / "init.lua"
    init.write_text(
        "vim.cmd('filetype on')\n"
        f"vim.g.assetlens_cmd = {lua_list(server_command())}\n"
        f"vim.g.assetlens_test_root = {json.dumps(str(shop))}\n"
        f"vim.g.assetlens_test_output = {json.dumps(str(output))}\n"
        f"dofile({json.dumps(str(HERE / 'assetlens.lua'))})\n"
    )
    done = subprocess.run(
        [nvim, "--headless", "-n", "-i", "NONE", "-u", str(init), "-c", f"luafile {HERE / 'neovim_driver.lua'}"],
        cwd=shop, capture_output=True, text=True, timeout=120,
    )
    assert output.exists(), f"Neovim wrote nothing (exit {done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}"
    seen = json.loads(output.read_text())
    assert "timeout" not in seen, seen
    assert [(item["code"], item["lnum"]) for item in seen["diagnostics"]] == [("AL002", 3)]
    assert "raw_order" in seen["diagnostics"][0]["message"]
    assert any("raw_orders" in line for line in seen["hover"])
    assert seen["definition"]["file"] == "raw.py"
    raw = (shop / "shop/raw.py").read_text().splitlines()
    assert "raw_orders" in raw[seen["definition"]["cursor"][0] - 1]
    titles = {lens["title"] for lens in seen["lenses"]}
    assert {"▶ Materialize", "▶ Materialize with upstream", "↑ 2 upstream · ↓ 1 downstream"} <= titles
    assert any(message.startswith("daily_orders: upstream customers, raw_orders; downstream report") for message in seen["messages"])
