"""The layers point one way: analyzer <- server/CLI; the runtime depends on neither.

Checked on the source (every import statement, at any depth), not by importing anything.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "analyzer": ("pygls", "lsprotocol", "assetlens.server", "assetlens.runtime", "assetlens.cli"),
    "runtime": ("assetlens.analyzer", "assetlens.server", "assetlens.cli", "pygls", "lsprotocol", "libcst", "networkx"),
    "server": ("assetlens.cli",),
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    offending = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        for line, module in imported_modules(path):
            if any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN[layer]):
                offending.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not offending, "\n".join(offending)
