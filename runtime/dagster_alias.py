"""Make `import dagster` (and `from dagster import x`, `import dagster as dg`) resolve to the builtin
engine inside a worker process. Submodules (`dagster._core...`) and integration packages that need real
Dagster internals fail with a message pointing to the Dagster engine."""

from __future__ import annotations

import importlib.machinery
import sys
from types import ModuleType
from typing import Any

from assetlens.runtime.errors import UnsupportedByBuiltinEngine

ALIASED = "dagster"


class _AliasLoader:
    """A loader that hands out an existing module."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self._module

    def exec_module(self, module: ModuleType) -> None:
        return None


class DagsterAliasFinder:
    """Serves the builtin engine's `dagster_api` module as `dagster`; refuses `dagster.<anything>`."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == ALIASED:
            from assetlens.runtime import dagster_api

            # a package path, so `import dagster.x` reaches this finder (and its clear error)
            dagster_api.__path__ = []  # type: ignore[attr-defined]
            loader: Any = _AliasLoader(dagster_api)  # duck-typed importlib Loader (importlib.abc is slow to import)
            return importlib.machinery.ModuleSpec(ALIASED, loader)
        if fullname.startswith(ALIASED + "."):
            raise UnsupportedByBuiltinEngine(f"the module {fullname}", "only the top-level `dagster` API is bundled")
        return None


def install_dagster_alias() -> None:
    """Idempotent; call before importing user code."""
    if not any(isinstance(finder, DagsterAliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, DagsterAliasFinder())
    existing = sys.modules.get(ALIASED)
    if existing is not None and getattr(existing, "__name__", "") != "assetlens.runtime.dagster_api":
        raise RuntimeError("the real `dagster` was imported before the builtin engine alias was installed")
