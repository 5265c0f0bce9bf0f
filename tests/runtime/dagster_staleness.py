"""`python dagster_staleness.py MODULE STEPS_JSON`, run in a workspace: each step (a list of asset keys)
materialized with real `dagster.materialize` on one Dagster instance, and after each step every asset's
status from Dagster's own stale-status resolver (`FRESH`, `STALE`, `MISSING`), printed as JSON — the
reference for assetlens's staleness."""

from __future__ import annotations

import importlib
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.getcwd())

import dagster as dg  # noqa: E402
from dagster._utils.test.data_versions import get_stale_status_resolver  # noqa: E402

module = importlib.import_module(sys.argv[1])
steps = json.loads(sys.argv[2])
definitions = [value for value in vars(module).values() if isinstance(value, (dg.AssetsDefinition, dg.AssetSpec))]
executable = [value for value in definitions if isinstance(value, dg.AssetsDefinition)]
instance = dg.DagsterInstance.ephemeral()
report = []
for step in steps:
    result = dg.materialize(executable, instance=instance, selection=[dg.AssetKey(k.split("/")) for k in step])
    assert result.success
    resolver = get_stale_status_resolver(instance, executable + [dg.AssetsDefinition(specs=[spec]) for spec in definitions if isinstance(spec, dg.AssetSpec)])
    report.append(
        {"/".join(key.path): resolver.get_status(key).value for item in executable for key in item.keys}
    )
print(json.dumps(report))
