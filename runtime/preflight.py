"""Before a builtin run: find, in the user's imported modules, uses of Dagster features the builtin engine
does not have, so the run fails up front naming them instead of halfway through. Catches names read
through a `dagster` alias (`dg.X`, `dg.MetadataValue.table`), members of imported Dagster classes, and
`context.<attribute>` in decorated compute functions."""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

_DECORATORS = {"asset", "multi_asset", "graph_asset", "graph_multi_asset", "op"}
_CONTEXT_NAMES = {"context", "_context", "context_"}


@dataclass(frozen=True, order=True)
class UnsupportedUse:
    file: str
    line: int
    name: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.name}"


def _api() -> object:
    from assetlens.runtime import dagster_api

    return dagster_api


def _implemented(name: str) -> bool:
    return name in _api().__all__  # type: ignore[attr-defined]


def _member_implemented(class_name: str, member: str) -> bool:
    if member.startswith("__"):
        return True
    cls = getattr(_api(), class_name, None)
    if cls is None or not isinstance(cls, type):
        return True  # not a class (a function, a type constant): no members to check
    return hasattr(cls, member)


def _decorator_name(node: ast.expr) -> str | None:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Name):
        return target.id
    return None


class _Scanner(ast.NodeVisitor):
    def __init__(self, file: str) -> None:
        self.file = file
        self.aliases: set[str] = set()  # names bound to the dagster module
        self.classes: dict[str, str] = {}  # local name -> dagster name, for `from dagster import X`
        self.found: list[UnsupportedUse] = []

    def _report(self, node: ast.AST, name: str) -> None:
        self.found.append(UnsupportedUse(self.file, getattr(node, "lineno", 0), name))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "dagster":
                self.aliases.add(alias.asname or "dagster")
            elif alias.name.startswith("dagster."):
                self._report(node, f"the module {alias.name}")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "dagster" and node.level == 0:
            for alias in node.names:
                if alias.name == "*":
                    continue
                if not _implemented(alias.name):
                    self._report(node, f"dagster.{alias.name}")
                else:
                    self.classes[alias.asname or alias.name] = alias.name
        elif node.module and node.module.startswith("dagster.") and node.level == 0:
            self._report(node, f"the module {node.module}")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        value = node.value
        if isinstance(value, ast.Name) and value.id in self.aliases:
            if not _implemented(node.attr) and not node.attr.startswith("__"):
                self._report(node, f"dagster.{node.attr}")
        elif isinstance(value, ast.Name) and value.id in self.classes:
            if not _member_implemented(self.classes[value.id], node.attr):
                self._report(node, f"dagster.{self.classes[value.id]}.{node.attr}")
        elif (
            isinstance(value, ast.Attribute)
            and isinstance(value.value, ast.Name)
            and value.value.id in self.aliases
            and _implemented(value.attr)
            and not _member_implemented(value.attr, node.attr)
        ):
            self._report(node, f"dagster.{value.attr}.{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        """Arguments the builtin engine refuses when called (`Output(data_version=...)`): found up front,
        so a run does not stop halfway at the first asset that returns one."""
        func = node.func
        name = None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.aliases:
            name = func.attr
        elif isinstance(func, ast.Name) and func.id in self.classes:
            name = self.classes[func.id]
        if name in ("Output", "MaterializeResult") and any(keyword.arg == "data_version" for keyword in node.keywords):
            self._report(node, f"{name}(data_version=...)")
        self.generic_visit(node)

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if any(_decorator_name(d) in _DECORATORS for d in node.decorator_list) and node.args.args:
            first = node.args.args[0].arg
            if first in _CONTEXT_NAMES:
                from assetlens.runtime.context import AssetExecutionContext

                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Attribute)
                        and isinstance(inner.value, ast.Name)
                        and inner.value.id == first
                        and not inner.attr.startswith("_")
                        and not hasattr(AssetExecutionContext, inner.attr)
                    ):
                        self._report(inner, f"AssetExecutionContext.{inner.attr}")
        self.generic_visit(node)

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function


def scan_source(source: str, file: str) -> list[UnsupportedUse]:
    try:
        tree = ast.parse(source, filename=file)
    except SyntaxError:
        return []  # it was imported, so this is not the file Python ran; nothing to say
    scanner = _Scanner(file)
    scanner.visit(tree)
    return scanner.found


def user_modules(root: Path) -> list[tuple[str, Path]]:
    """Loaded modules whose file is in the workspace (not in an environment inside it)."""
    root = root.resolve()
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    found = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) if isinstance(module, ModuleType) else None
        if not file or not file.endswith(".py"):
            continue
        path = Path(file).resolve()
        if root not in path.parents or any(p == path or p in path.parents for p in prefixes):
            continue
        if "site-packages" in path.parts or ".assetlens" in path.parts:
            continue
        found.append((name, path))
    return found


def scan_modules(root: Path, modules: Iterable[tuple[str, Path]] | None = None) -> list[UnsupportedUse]:
    uses: list[UnsupportedUse] = []
    for _, path in modules if modules is not None else user_modules(root):
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        uses.extend(scan_source(source, os.path.relpath(path, root)))
    return sorted(set(uses))
