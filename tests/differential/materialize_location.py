"""Run a code location for real: materialize every materializable asset (one run of the implicit asset
job, checks included) and observe every observable source, in a throwaway Dagster instance.

    .venv/bin/python tests/differential/materialize_location.py FOLDER MODULE

FOLDER goes on `sys.path`; MODULE is the module holding the `Definitions` (e.g. `shop.definitions`).
Prints one JSON object: {"success": bool, "materialized": [...keys], "observed": [...keys]}; exit 1
when the run or an observation fails.
"""
from __future__ import annotations

import importlib
import json
import sys
import warnings
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: materialize_location.py FOLDER MODULE", file=sys.stderr)
        return 2
    folder, module_name = Path(argv[0]).resolve(), argv[1]
    warnings.simplefilter("ignore")
    sys.path.insert(0, str(folder))

    import dagster as dg
    from dagster._core.definitions.observe import observe  # not exported at the top level in 1.13

    defs = importlib.import_module(module_name).defs
    with dg.instance_for_test() as instance:  # storage in a temporary folder, removed afterwards
        run = defs.resolve_implicit_global_asset_job_def().execute_in_process(instance=instance, raise_on_error=False)
        materialized = sorted("/".join(e.asset_key.path) for e in run.get_asset_materialization_events())
        observable = [
            node.assets_def
            for node in defs.resolve_asset_graph().asset_nodes
            if node.is_observable and node.is_executable
        ]
        observed: list[str] = []
        observation_ok = True
        for assets_def in observable:
            result = observe([assets_def], instance=instance, resources=defs.resources, raise_on_error=False)
            observation_ok = observation_ok and result.success
            observed += ["/".join(key.path) for key in assets_def.keys]
    success = run.success and observation_ok
    print(json.dumps({"success": success, "materialized": materialized, "observed": sorted(observed)}))
    return 0 if success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
