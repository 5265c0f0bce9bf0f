"""`python plain_dagster.py MODULE:ATTR KEYS_JSON [RUN_CONFIG_JSON]`, run in a workspace: plain
`dagster.materialize` of the Definitions' assets and resources (real Dagster, nothing of assetlens), printing
`{"success": bool, "values": {"a/b": value}}` as JSON — the reference the differential tests compare with."""

from __future__ import annotations

import importlib
import json
import os
import sys

sys.path.insert(0, os.getcwd())

import dagster as dg  # noqa: E402

module_name, _, attr = sys.argv[1].partition(":")
defs = getattr(importlib.import_module(module_name), attr or "defs")
keys = [dg.AssetKey(key) for key in json.loads(sys.argv[2])]
run_config = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
result = dg.materialize(
    list(defs.assets or []) + list(defs.asset_checks or []),
    resources=dict(defs.resources or {}),
    selection=keys,
    raise_on_error=False,
    run_config=run_config,
)
values = {}
for key in keys:
    try:
        values["/".join(key.path)] = result.asset_value(key)
    except Exception:  # noqa: BLE001 - not materialized
        values["/".join(key.path)] = None
print(json.dumps({"success": result.success, "values": values}, default=repr))
