"""Child process: load a generated code location with real Dagster, as a code server does, and report.

    python bench/dagster_load.py WORKSPACE [--graph]

Imports dagster, imports the definitions module (which imports every asset module and runs every
decorator), then builds the repository and resolves its asset graph. Prints one JSON line: the time of
each step, the process's peak RSS, the asset count and, with --graph, every key with its dependencies,
group and code version (what `generate.py --verify` compares with the manifest).
"""
from __future__ import annotations

import argparse
import importlib
import json
import resource
import sys
import time
import warnings
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--module", default="acme_data.definitions")
    parser.add_argument("--graph", action="store_true", help="include the resolved graph in the report")
    args = parser.parse_args()
    workspace = args.workspace.resolve()
    if not (workspace / args.module.split(".")[0]).is_dir():
        print(json.dumps({"error": f"{workspace} holds no package {args.module.split('.')[0]!r}"}))
        return 2
    sys.path.insert(0, str(workspace))
    warnings.simplefilter("ignore")  # deprecation warnings of legacy constructs are expected

    started = time.perf_counter()
    import dagster

    imported_dagster = time.perf_counter()
    try:
        module = importlib.import_module(args.module)
        defs = module.defs
        imported_code = time.perf_counter()
        repository = defs.get_repository_def()
        asset_graph = repository.asset_graph
        keys = asset_graph.get_all_asset_keys()
        resolved = time.perf_counter()
    except Exception as error:  # report the load failure as data: the parent prints it
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        return 1

    report: dict[str, object] = {
        "dagster_version": dagster.__version__,
        "import_dagster_s": imported_dagster - started,
        "import_code_s": imported_code - imported_dagster,
        "resolve_graph_s": resolved - imported_code,
        "total_s": resolved - started,
        "assets": len(keys),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if args.graph:
        report["graph"] = [
            {
                "key": list(key.path),
                "deps": sorted(list(parent.path) for parent in asset_graph.get(key).parent_keys),
                "group": asset_graph.get(key).group_name,
                "code_version": asset_graph.get(key).code_version,
            }
            for key in sorted(keys, key=lambda k: k.path)
        ]
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
