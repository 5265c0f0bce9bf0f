"""`python dagster_partition_staleness.py MODULE STEPS_JSON`, run in a workspace: each step
(`[keys, partition or null]`) materialized with real `dagster.materialize` on one Dagster instance, and
after each step the status Dagster's own stale-status resolver gives every asset — per partition key for
a partitioned one (`FRESH`, `STALE`, `MISSING`) — printed as JSON: the reference for `assetlens status`."""

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
assets = [value for value in vars(module).values() if isinstance(value, dg.AssetsDefinition)]
instance = dg.DagsterInstance.ephemeral()
report = []
for keys, partition in steps:
    result = dg.materialize(
        assets, instance=instance, selection=[dg.AssetKey(k.split("/")) for k in keys], partition_key=partition
    )
    assert result.success
    resolver = get_stale_status_resolver(instance, assets)
    statuses = {}
    for item in assets:
        for key in item.keys:
            if item.partitions_def is None:
                statuses[key.to_user_string()] = resolver.get_status(key).value
            else:
                statuses[key.to_user_string()] = {
                    p: resolver.get_status(key, p).value for p in item.partitions_def.get_partition_keys()
                }
    report.append(statuses)
print(json.dumps(report))
