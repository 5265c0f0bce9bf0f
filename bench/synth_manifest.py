"""The generator's record of the asset graph it wrote, and the comparison of any graph against it.

The manifest (bench-manifest.json at the workspace root) lists every key with its dependencies, group,
code version and construct, as Dagster resolves them. `generate.py --verify` checks it against real
Dagster; `bench_analyzer.py` checks the analyzer's graph against it (a sanity check beside the timings).
"""
from __future__ import annotations

from typing import Any

from synth_plan import ANALYZER_KIND, Plan

Graph = dict[tuple[str, ...], dict[str, Any]]  # key -> {"deps": set of keys, "group": str, "code_version": str|None}


def build_manifest(plan: Plan, *, assets: int, modules: int, files: dict[str, str]) -> dict[str, Any]:
    keys = plan.all_keys()
    entries = []
    constructs: dict[str, int] = {}
    for key in keys:
        construct = key.definition.construct
        constructs[construct] = constructs.get(construct, 0) + 1
        entries.append({
            "key": list(key.final_key),
            "deps": sorted(list(up.final_key) for up in key.deps),
            "group": key.group,
            "code_version": key.code_version.value if key.code_version else None,
            "kind": ANALYZER_KIND[construct],
            "construct": construct,
            "file": key.module.relpath,
        })
    fan_out: dict[tuple[str, ...], int] = {}
    for key in keys:
        for up in key.deps:
            fan_out[up.final_key] = fan_out.get(up.final_key, 0) + 1
    depth: dict[tuple[str, ...], int] = {}
    for key in keys:  # creation order is a topological order
        depth[key.final_key] = 1 + max((depth[up.final_key] for up in key.deps), default=0)
    python_files = {path: text for path, text in files.items() if path.endswith(".py")}
    return {
        "generator": {"seed": plan.seed, "assets": assets, "modules": modules},
        "package": "acme_data",
        "definitions_module": "acme_data.definitions",
        "stats": {
            "asset_keys": len(entries),
            "asset_modules": len(plan.modules),
            "python_files": len(python_files),
            "python_lines": sum(text.count("\n") for text in python_files.values()),
            "python_bytes": sum(len(text.encode()) for text in python_files.values()),
            "dependency_edges": sum(len(entry["deps"]) for entry in entries),
            "max_fan_in": max((len(entry["deps"]) for entry in entries), default=0),
            "max_fan_out": max(fan_out.values(), default=0),
            "longest_path": max(depth.values(), default=0),
            "constructs": dict(sorted(constructs.items())),
        },
        "assets": entries,
    }


def manifest_graph(manifest: dict[str, Any]) -> Graph:
    return {
        tuple(entry["key"]): {
            "deps": {tuple(dep) for dep in entry["deps"]},
            "group": entry["group"],
            "code_version": entry["code_version"],
        }
        for entry in manifest["assets"]
    }


def compare(expected: Graph, actual: Graph, *, fields: tuple[str, ...] = ("deps", "group", "code_version"),
            limit: int = 10) -> dict[str, Any]:
    """How `actual` differs from `expected`: counts per kind of difference and a few examples."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    differing: dict[str, list[str]] = {name: [] for name in fields}
    for key in sorted(set(expected) & set(actual)):
        for name in fields:
            if expected[key][name] != actual[key][name]:
                differing[name].append(
                    f"{'/'.join(key)}: expected {_show(expected[key][name])}, got {_show(actual[key][name])}")
    return {
        "expected_keys": len(expected),
        "actual_keys": len(actual),
        "missing_keys": len(missing),
        "extra_keys": len(extra),
        **{f"{name}_differ": len(values) for name, values in differing.items()},
        "examples": (
            [f"missing: {'/'.join(k)}" for k in missing[:limit]]
            + [f"extra: {'/'.join(k)}" for k in extra[:limit]]
            + [line for values in differing.values() for line in values[:limit]]
        ),
        "identical": not missing and not extra and not any(differing.values()),
    }


def _show(value: Any) -> str:
    if isinstance(value, set):
        return "[" + ", ".join("/".join(k) for k in sorted(value)) + "]"
    return repr(value)
