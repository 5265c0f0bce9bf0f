"""Load code locations with one engine and print their asset graphs as JSON, for the definition-level
differential test (builtin engine vs real Dagster).

    python tests/runtime/definition_dump.py --engine builtin|dagster FOLDER...

Prints one JSON object: {FOLDER: {"assets": [...]} or {"error": str, "unsupported": bool}}. The
`dagster` side is the analyzer's ground truth, tests/differential/dagster_graph.py; the `builtin` side
loads the same way with `import dagster` resolved to the builtin engine and describes the graph with
the same fields (key, deps, kind, node, output, code_version, group).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DAGSTER_GRAPH = HERE.parent / "differential" / "dagster_graph.py"


def _load_module_from(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _forget_modules_under(root: Path) -> None:
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(root):
            del sys.modules[name]


def builtin_graph(root: Path, loader: Any) -> dict[str, Any]:
    """`dagster_graph.load` for the builtin engine (same module discovery and entry choice)."""
    import dagster as dg  # the builtin engine (aliased)
    from assetlens.runtime.asset_graph import resolve_assets_def_deps

    modules = loader.import_modules(root, loader.discover_module_names(root))
    candidates = []
    for klass in (dg.LazyDefinitions, dg.Definitions):
        found = {}
        for module in modules:
            for value in vars(module).values():
                if isinstance(value, klass):
                    found.setdefault(id(value), (module.__name__, value() if klass is dg.LazyDefinitions else value))
        if found:
            candidates = list(found.values())
            break
    if len(candidates) > 1:
        candidates = [c for c in candidates if c[0].split(".")[-1] == "definitions"] or candidates
    if len(candidates) > 1:
        raise loader.LoadError("several Definitions objects")
    if candidates:
        defs = candidates[0][1]
        entry = f"{candidates[0][0]}"
    else:
        defs = dg.Definitions(assets=dg.load_assets_from_modules(modules, include_specs=True))
        entry = "load_assets_from_modules"
    written: dict[tuple[str, ...], str] = {}
    for obj in defs.assets:
        if isinstance(obj, dg.SourceAsset):
            written[obj.key.parts] = "source"
        elif isinstance(obj, dg.AssetSpec):
            written[obj.key.parts] = "spec"
        elif isinstance(obj, dg.AssetsDefinition) and not obj.is_executable:
            for key in obj.keys:
                written[key.parts] = "spec"
    resolved = resolve_assets_def_deps(list(defs.assets), strict=True)
    assets = []
    for item in resolved:
        if isinstance(item, dg.AssetsDefinition):
            for key in sorted(item.keys):
                spec = item.specs_by_key[key]
                kind = written.get(key.parts)
                if kind is None:
                    graph_backed = isinstance(item.node_def, dg.GraphDefinition)
                    single = len(item.keys) == 1
                    kind = (
                        ("graph_asset" if single else "graph_multi_asset")
                        if graph_backed
                        else ("asset" if single else "multi_asset")
                    )
                has_node = kind not in ("spec", "source")
                assets.append(
                    {
                        "key": list(key.parts),
                        "deps": sorted(list(dep.asset_key.parts) for dep in spec.deps),
                        "kind": kind,
                        "node": item.node_def.name if has_node else None,
                        "output": item.get_output_name_for_asset_key(key) if has_node else None,
                        "code_version": spec.code_version,
                        "group": spec.group_name,
                    }
                )
        else:
            assets.append(
                {
                    "key": list(item.key.parts),
                    "deps": sorted(list(dep.asset_key.parts) for dep in getattr(item, "deps", [])),
                    "kind": written.get(item.key.parts, "spec"),
                    "node": None,
                    "output": None,
                    "code_version": getattr(item, "code_version", None),
                    "group": item.group_name or "default",
                }
            )
    unique = {tuple(a["key"]): a for a in assets}
    return {"assets": sorted(unique.values(), key=lambda a: a["key"]), "entry": entry}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=("builtin", "dagster"), required=True)
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.engine == "builtin":
        from assetlens.runtime.dagster_alias import install_dagster_alias

        install_dagster_alias()
    loader = _load_module_from(DAGSTER_GRAPH, "_dagster_graph_loader")
    from assetlens.runtime.errors import UnsupportedByBuiltinEngine

    results: dict[str, Any] = {}
    for folder in args.folders:
        root = folder.resolve()
        saved_path = list(sys.path)
        try:
            if args.engine == "dagster":
                results[str(folder)] = loader.load(root)
            else:
                results[str(folder)] = builtin_graph(root, loader)
        except Exception as error:  # noqa: BLE001 - reported per folder
            unsupported = isinstance(error, UnsupportedByBuiltinEngine) or isinstance(
                error.__cause__, UnsupportedByBuiltinEngine
            )
            results[str(folder)] = {"error": f"{type(error).__name__}: {error}", "unsupported": unsupported}
        finally:
            sys.path[:] = saved_path
            _forget_modules_under(root)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
