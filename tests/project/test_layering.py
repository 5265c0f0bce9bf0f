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


# How analysis code may look at the disk: only through analyzer/files.py, which records every question
# for the result cache (analyzer/result_cache.py). A direct call here would be an input the cache
# cannot see, so a changed file could leave a stale result.
FILE_SYSTEM_CALLS = (
    "is_file", "is_dir", "exists", "is_symlink", "iterdir", "glob", "rglob", "stat", "lstat",
    "read_text", "read_bytes", "open", "walk", "scandir", "listdir", "isfile", "isdir", "getsize", "samefile",
)
# modules that may: the recording layer itself; the caches and the baseline, whose own files are
# not analysis inputs; fixes, which write; discovery, which a cached check runs again every time
MAY_TOUCH_THE_DISK = {
    "analyzer/files.py", "analyzer/cache.py", "analyzer/result_cache.py", "analyzer/fixes.py",
    "analyzer/project.py", "analyzer/git.py", "analyzer/baseline.py",
}


def test_analysis_reads_the_disk_only_through_the_recording_layer() -> None:
    offending = []
    for path in sorted((ROOT / "analyzer").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in MAY_TOUCH_THE_DISK:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else None
            if name in FILE_SYSTEM_CALLS and not _not_disk_access(function):
                offending.append(f"{relative}:{node.lineno} calls {name}()")
    assert not offending, "\n".join(offending)


def _not_disk_access(function: ast.expr) -> bool:
    """Calls the analyzer makes on values of the user's code it interprets (`self.eval(...)` etc.), or
    the name of a method on its own objects (`re.compile(...).match`), are not disk access: a call is
    disk access when it is a bare builtin `open(...)`, `os.walk(...)` or one of those methods on a
    path or `os`/`os.path`."""
    if isinstance(function, ast.Name):
        return function.id != "open"
    receiver = function.value if isinstance(function, ast.Attribute) else None
    if function.attr == "walk":  # ast.walk, a loader's own walk(): only os.walk reads folders
        return not (isinstance(receiver, ast.Name) and receiver.id == "os")
    return False
