"""assetlens.runtime: run asset code written for Dagster, and know what is stale.

Two faces, both imported lazily so that `python -m assetlens.runtime.worker` starts fast:

* the bundled engine, Dagster's asset API (`from assetlens.runtime import asset, materialize`), the
  same module user code gets for `import dagster` inside a builtin run (see `dagster_api`);
* the host API the CLI and the language server use: `start_run` (a child process running assets, with
  streamed events and cancellation), `RunStore` (the SQLite record of runs and materializations under
  `.assetlens/`), `assess_staleness` (plain data in, plain data out) and `preview_value` (a stored
  value's preview, made in a child process of the user's interpreter).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

_HOST_API = {
    "MaterializeRequest": "assetlens.runtime.protocol",
    "RunEvent": "assetlens.runtime.protocol",
    "RunOutcome": "assetlens.runtime.protocol",
    "start_run": "assetlens.runtime.host",
    "run_to_completion": "assetlens.runtime.host",
    "RunHandle": "assetlens.runtime.host",
    "WorkerStartError": "assetlens.runtime.host",
    "RunStore": "assetlens.runtime.run_store",
    "MaterializationRecord": "assetlens.runtime.run_store",
    "RunRecord": "assetlens.runtime.run_store",
    "AssetState": "assetlens.runtime.staleness",
    "Staleness": "assetlens.runtime.staleness",
    "assess_staleness": "assetlens.runtime.staleness",
    "assess_from_store": "assetlens.runtime.staleness",
    "StaleReason": "assetlens.runtime.staleness",
    "store_dir": "assetlens.runtime.layout",
    "StoreProblem": "assetlens.runtime.layout",
    "check_workspace": "assetlens.runtime.host",
    "preview_value": "assetlens.runtime.host_preview",
    "preview_value_async": "assetlens.runtime.host_preview",
    "PreviewError": "assetlens.runtime.host_preview",
}


def __getattr__(name: str) -> Any:
    module_name = _HOST_API.get(name)
    if module_name is not None:
        return getattr(importlib.import_module(module_name), name)
    if name.startswith("__"):
        raise AttributeError(name)
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:  # a submodule, e.g. `from . import worker`
        return importlib.import_module(f"{__name__}.{name}")
    dagster_api = importlib.import_module("assetlens.runtime.dagster_api")
    if name in dagster_api.__all__:
        return getattr(dagster_api, name)
    from assetlens.runtime.errors import UnsupportedByBuiltinEngine

    raise UnsupportedByBuiltinEngine(f"assetlens.runtime.{name}")
