"""Load a code location with real Dagster and print its asset graph as assetlens's public JSON.

This is the ground truth of the differential tests: `assetlens.analyzer` must find, from source alone,
exactly the graph printed here. Run it with the project's Python (dagster is a test extra):

    .venv/bin/python tests/differential/dagster_graph.py FOLDER [--module MODULE]

FOLDER is a code location: top-level modules and packages under it are importable with FOLDER on
`sys.path` (as `dagster dev -m ...` run from FOLDER would import them). A FOLDER that is itself a
package (has an `__init__.py`, like examples/shop) is imported as that package from its parent.

Which definitions are loaded (the same choice `dagster dev -m MODULE` makes, spread over a folder):
1. every module under FOLDER is imported (sorted by name; `.`-folders and `__pycache__` skipped);
2. if exactly one `@dg.definitions` function exists it is called; else if exactly one distinct
   `Definitions` object exists it is used (several: the one in a module named `definitions` or
   `*.definitions`, or the one in `--module`);
3. otherwise `load_assets_from_modules(every module, include_specs=True)` (what Dagster's
   autodiscovery does for a module without a Definitions object, with specs included so that an
   `AssetSpec` written in a module counts as defined);
4. `Definitions.validate_loadable` must pass (as for `dagster definitions validate`: no cycles,
   resources present, jobs resolvable) before the graph is read.

Printed (stdout, one JSON object, assets sorted by key):
    {"assets": [{"key": [...], "deps": [[...], ...], "kind": ..., "node": ..., "output": ...,
                 "code_version": ..., "group": ..., "function": ..., "node_asset_count": ...}],
     "entry": "<how the definitions were found>"}

Field by field, and where Dagster decides it:
- key, group, code_version: the resolved `AssetNode` of `Definitions.resolve_asset_graph()`
  (group is "default" when unset).
- deps: the node's `parent_keys`, after Dagster's own dependency resolution
  (dagster/_core/definitions/resolved_asset_deps.py `resolve_assets_def_deps`, which can rewrite a
  one-part dependency to a same-named asset of the same group). Sorted, unique.
- Only keys that are defined are listed: the stub assets Dagster creates for dependencies that
  nothing defines (metadata `dagster/auto_created_stub_asset`) are left out; the edges to them stay.
- kind: "source" for a `SourceAsset` / `observable_source_asset` (or any observation-only assets
  definition), "spec" for an `AssetSpec` or an assets definition without computation; otherwise by
  the node: an `OpDefinition` is "asset" or "multi_asset", a `GraphDefinition` is "graph_asset" or
  "graph_multi_asset". Dagster keeps no record of which decorator made a node, so the single/multi
  split is by the number of asset keys the node produces: one key is "asset"/"graph_asset", more are
  "multi_asset"/"graph_multi_asset". (A one-output `@multi_asset` is therefore "asset"; the
  differential test applies the same normalisation to the analyzer's kind, see `normalise_kind`.)
- node: the op or graph name as Dagster sees it (`node_def.name`: for `@asset`/`@graph_asset` the
  key as a Python identifier, e.g. "mart__orders"; for `@multi_asset`/`@graph_multi_asset` its
  `name=` or the function name; for `from_graph`/`from_op` the graph's or op's name). null for
  "spec" and "source".
- output: the node's output name for the key ("result" for `@asset`; the `outs` name for a
  multi-asset; the key as a Python identifier for `@multi_asset(specs=...)`). null for spec/source.
- function (informational, not compared): the Python function Dagster wrapped into the node.
- node_asset_count (informational): how many asset keys the same node produces.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import traceback
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

STUB_METADATA_KEY = "dagster/auto_created_stub_asset"


class LoadError(Exception):
    """The code location could not be loaded; the message says why."""


def import_root(root: Path) -> tuple[Path, str]:
    """The folder to put on `sys.path` and the dotted prefix of the modules under `root`: a folder
    that is itself a package (has `__init__.py`) is imported as that package, from its parent."""
    if (root / "__init__.py").is_file():
        return root.parent, root.name + "."
    return root, ""


def discover_module_names(root: Path) -> list[str]:
    """Dotted names of every importable module under `root` (packages, their modules, namespace
    folders whose names are identifiers)."""
    _, root_prefix = import_root(root)
    names: list[str] = [root_prefix[:-1]] if root_prefix else []

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            if entry.is_dir():
                if entry.name.isidentifier():
                    if (entry / "__init__.py").is_file():
                        names.append(prefix + entry.name)
                    walk(entry, f"{prefix}{entry.name}.")
            elif entry.suffix == ".py" and entry.stem != "__init__" and entry.stem.isidentifier():
                names.append(prefix + entry.stem)

    walk(root, root_prefix)
    return names


def import_modules(root: Path, names: Sequence[str]) -> list[ModuleType]:
    sys.path.insert(0, str(import_root(root)[0]))
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except Exception as exc:  # noqa: BLE001 - any error in user code is a load failure
            raise LoadError(f"importing {name}: {describe(exc, root)}") from exc
    return modules


def describe(exc: BaseException, root: Path) -> str:
    """The exception and the innermost frame inside the code location, in one readable line."""
    message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(str(root)):
            where = f" (at {Path(frame.filename).relative_to(root)}:{frame.lineno})"
    return message + where


def module_members(modules: Iterable[ModuleType]) -> Iterator[tuple[str, str, Any]]:
    for module in modules:
        for attr, value in vars(module).items():
            yield module.__name__, attr, value


def find_definitions(modules: Sequence[ModuleType], entry_module: str | None) -> tuple[Any, str]:
    """The Definitions of the code location, and a description of where it came from."""
    import dagster as dg
    from dagster._utils.test.definitions import LazyDefinitions

    def distinct(klass: type) -> dict[int, tuple[str, str, Any]]:
        found: dict[int, tuple[str, str, Any]] = {}
        for module_name, attr, value in module_members(modules):
            if isinstance(value, klass):
                found.setdefault(id(value), (module_name, attr, value))
        return found

    for klass, label in ((LazyDefinitions, "@definitions"), (dg.Definitions, "Definitions")):
        candidates = list(distinct(klass).values())
        if entry_module is not None:
            candidates = [c for c in candidates if c[0] == entry_module]
        if len(candidates) > 1:
            named = [c for c in candidates if c[0].split(".")[-1] == "definitions"]
            candidates = named or candidates
        if len(candidates) > 1:
            spelled = ", ".join(f"{m}.{a}" for m, a, _ in candidates)
            raise LoadError(f"several {label} objects ({spelled}); pass --module to choose one")
        if candidates:
            module_name, attr, value = candidates[0]
            defs = value() if klass is LazyDefinitions else value
            return defs, f"{module_name}.{attr}"

    assets = dg.load_assets_from_modules(modules, include_specs=True)
    return dg.Definitions(assets=assets), "load_assets_from_modules"


def kinds_of_written_objects(defs: Any) -> dict[tuple[str, ...], str]:
    """"spec"/"source" for keys that were written as AssetSpec/SourceAsset (or an assets definition
    without computation), read from what the Definitions was given, before Dagster converts them."""
    import dagster as dg

    kinds: dict[tuple[str, ...], str] = {}
    for obj in defs.assets or []:
        if isinstance(obj, dg.SourceAsset):
            kinds[tuple(obj.key.path)] = "source"
        elif isinstance(obj, dg.AssetSpec):
            kinds[tuple(obj.key.path)] = "spec"
        elif isinstance(obj, dg.AssetsDefinition) and obj.computation is None:
            for key in obj.keys:
                kinds[tuple(key.path)] = "spec"
    return kinds


def node_kind(assets_def: Any) -> str:
    from dagster._core.definitions.assets.definition.asset_spec import AssetExecutionType
    from dagster._core.definitions.graph_definition import GraphDefinition

    if assets_def.computation is None:
        return "spec"
    if assets_def.execution_type == AssetExecutionType.OBSERVATION:
        return "source"
    single = len(assets_def.keys) == 1
    if isinstance(assets_def.node_def, GraphDefinition):
        return "graph_asset" if single else "graph_multi_asset"
    return "asset" if single else "multi_asset"


def wrapped_function_name(node_def: Any) -> str | None:
    wrapped = getattr(node_def, "__wrapped__", None)
    if wrapped is None:
        compute_fn = getattr(node_def, "compute_fn", None)
        wrapped = getattr(compute_fn, "decorated_fn", None)
    return getattr(wrapped, "__name__", None)


def asset_graph_json(defs: Any) -> list[dict[str, Any]]:
    graph = defs.resolve_asset_graph()
    written = kinds_of_written_objects(defs)
    assets = []
    for node in graph.asset_nodes:
        spec = node.to_asset_spec()
        if spec.metadata.get(STUB_METADATA_KEY):
            continue
        key = tuple(node.key.path)
        assets_def = node.assets_def
        kind = written.get(key) or node_kind(assets_def)
        has_node = kind not in ("spec", "source") and assets_def.computation is not None
        assets.append(
            {
                "key": list(key),
                "deps": sorted({tuple(parent.path) for parent in node.parent_keys}),
                "kind": kind,
                "node": assets_def.node_def.name if has_node else None,
                "output": assets_def.get_output_name_for_asset_key(node.key) if has_node else None,
                "code_version": node.code_version,
                "group": node.group_name,
                "function": wrapped_function_name(assets_def.node_def) if has_node else None,
                "node_asset_count": len(assets_def.keys),
            }
        )
    for asset in assets:
        asset["deps"] = [list(dep) for dep in asset["deps"]]
    return sorted(assets, key=lambda a: a["key"])


def load(root: Path, entry_module: str | None = None) -> dict[str, Any]:
    import warnings

    warnings.simplefilter("ignore")  # beta/preview/deprecation warnings are not findings here
    if not root.is_dir():
        raise LoadError(f"{root} is not a folder")
    modules = import_modules(root, discover_module_names(root))
    if not modules:
        raise LoadError(f"no Python modules under {root}")
    try:
        defs, entry = find_definitions(modules, entry_module)
        defs.validate_loadable(defs)  # what `dagster definitions validate` checks: cycles, resources, jobs
        assets = asset_graph_json(defs)
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - Dagster rejecting the definitions is a load failure
        raise LoadError(f"resolving the asset graph: {describe(exc, root)}") from exc
    return {"assets": assets, "entry": entry}


def to_json_text(result: dict[str, Any]) -> str:
    """One asset per line: compact, and still readable in a diff."""
    lines = ",\n  ".join(json.dumps(asset) for asset in result["assets"])
    return f'{{"entry": {json.dumps(result["entry"])},\n "assets": [\n  {lines}\n ]}}\n'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the code location folder")
    parser.add_argument("--module", help="the module whose Definitions to use, when several exist")
    args = parser.parse_args(argv)
    try:
        result = load(args.folder.resolve(), args.module)
    except LoadError as exc:
        print(f"dagster could not load {args.folder}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(to_json_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
