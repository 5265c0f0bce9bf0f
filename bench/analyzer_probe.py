"""Child process: one measurement of the assetlens analyzer on a workspace, reported as one JSON line.

    python bench/analyzer_probe.py cold    WORKSPACE --cache-dir DIR [--jobs N] [--no-cache]
    python bench/analyzer_probe.py warm    WORKSPACE --cache-dir DIR [--jobs N]
    python bench/analyzer_probe.py update  WORKSPACE --cache-dir DIR [--edits N]
    python bench/analyzer_probe.py compare WORKSPACE --cache-dir DIR

cold: analyze_workspace with an empty cache directory (it is filled: that is part of a first run);
--no-cache analyses without reading or writing any cache. warm: the same with the cache filled and
nothing changed. update: a warm analysis, then `Workspace.update_file` on one ~300-line asset module,
alternating an edit inside a function body with an edit that adds an asset (a new node and edge).
compare: the analyzer's graph (`Workspace.to_json`) against the generator's manifest.

Only the analyzer call is timed (not the interpreter start or imports, which the parent reports as
wall time). The report carries this process's peak RSS and that of its (joined) worker processes.
"""
from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from _common import MANIFEST

EDITS_DEFAULT = 40


def _peak_rss() -> dict[str, float]:
    return {
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _analyze(root: Path, cache_dir: Path, jobs: int | None, use_cache: bool = True) -> tuple[Any, float]:
    from assetlens.analyzer import analyze_workspace

    started = time.perf_counter()
    workspace = analyze_workspace(root, use_cache=use_cache, cache_dir=cache_dir, jobs=jobs)
    return workspace, time.perf_counter() - started


def _workspace_size(workspace: Any) -> dict[str, int]:
    return {
        "files": len(workspace.modules),
        "lines": sum(facts.line_count for facts in workspace.modules.values()),
        "assets": len(workspace.assets),
        "graph_nodes": workspace.graph.number_of_nodes(),
        "graph_edges": workspace.graph.number_of_edges(),
    }


def pick_edit_target(root: Path, lines_wanted: int = 300) -> str:
    """The asset module (intermediate or staging layer: upstream and downstream both exist) whose length
    is closest to `lines_wanted`."""
    candidates = []
    for layer in ("intermediate", "staging"):
        for path in sorted((root / "acme_data" / layer).glob("*.py")):
            if path.name == "__init__.py":
                continue
            count = path.read_text(encoding="utf-8").count("\n")
            candidates.append((abs(count - lines_wanted), path.relative_to(root).as_posix()))
    if not candidates:
        raise SystemExit(f"no asset module under {root}/acme_data/(intermediate|staging)")
    return min(candidates)[1]


def body_edit(text: str, serial: int) -> str:
    """Insert a logging statement after the first `context.log.info(` line (a change of computation)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith("context.log.info(") and not line.rstrip().endswith("("):
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(index + 1, f'{indent}context.log.info("edit {serial}")')
            return "\n".join(lines)
    return text + f"\n# edit {serial}\n"


def graph_edit(text: str, serial: int, upstream: list[str]) -> str:
    """Append an asset that depends on `upstream` (a key the module defines): a new node and edge."""
    return text + (
        "\n\nimport dagster as _bench_dagster\n\n\n"
        f"@_bench_dagster.asset(deps=[_bench_dagster.AssetKey({upstream!r})])\n"
        f"def bench_edit_{serial}() -> None:\n"
        f'    """Added by the benchmark (edit {serial})."""\n'
    )


def _first_key_of(root: Path, relpath: str) -> list[str]:
    manifest = root / MANIFEST
    if manifest.exists():
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["assets"]:
            if entry["file"] == relpath:
                return list(entry["key"])
    return ["bench_edit_upstream"]


def measure_updates(workspace: Any, root: Path, edits: int) -> dict[str, Any]:
    target = pick_edit_target(root)
    original = (root / target).read_text(encoding="utf-8")
    upstream = _first_key_of(root, target)
    body_times: list[float] = []
    graph_times: list[float] = []
    changed_counts: list[int] = []
    for serial in range(edits):
        is_graph_edit = serial % 2 == 1
        text = graph_edit(original, serial, upstream) if is_graph_edit else body_edit(original, serial)
        started = time.perf_counter()
        changed = workspace.update_file(target, text)
        elapsed = time.perf_counter() - started
        (graph_times if is_graph_edit else body_times).append(elapsed)
        changed_counts.append(len(changed))
    started = time.perf_counter()
    workspace.update_file(target, original)  # back to the file on disk
    restore = time.perf_counter() - started
    return {
        "file": target,
        "file_lines": original.count("\n"),
        "body_edit_s": body_times,
        "graph_edit_s": graph_times,
        "restore_s": restore,
        "files_changed_per_edit": max(changed_counts, default=0),
    }


def compare_with_manifest(workspace: Any, root: Path) -> dict[str, Any]:
    from synth_manifest import compare, manifest_graph

    manifest_path = root / MANIFEST
    if not manifest_path.exists():
        return {"error": f"no {MANIFEST} in {root}"}
    expected = manifest_graph(json.loads(manifest_path.read_text(encoding="utf-8")))
    actual: dict[tuple[str, ...], dict[str, Any]] = {}
    unresolved = 0
    for entry in workspace.to_json()["assets"]:
        if not entry.get("resolved", True) or entry.get("key") is None:
            unresolved += 1
            continue
        actual.setdefault(tuple(entry["key"]), {
            "deps": {tuple(dep) for dep in entry.get("deps", [])},
            "group": entry.get("group"),
            "code_version": entry.get("code_version"),
        })
    outcome = compare(expected, actual)
    outcome["unresolved_entries"] = unresolved
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["cold", "warm", "update", "compare"])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--edits", type=int, default=EDITS_DEFAULT)
    args = parser.parse_args()
    root = args.workspace.resolve()
    if not root.is_dir():
        print(json.dumps({"error": f"no workspace at {root}"}))
        return 2

    started = time.perf_counter()
    try:
        import assetlens.analyzer.workspace  # noqa: F401  (import cost reported apart from the analysis)
    except ImportError as error:
        print(json.dumps({"error": f"cannot import assetlens.analyzer: {error}"}))
        return 2
    import_s = time.perf_counter() - started

    report: dict[str, Any] = {"mode": args.mode, "import_s": import_s}
    try:
        workspace, elapsed = _analyze(root, args.cache_dir, args.jobs, use_cache=not args.no_cache)
        report["analyze_s"] = elapsed
        report.update(_workspace_size(workspace))
        if args.mode == "update":
            # as the language server does once it has indexed a folder (server/indexing.py): the index
            # is long-lived, so the cyclic collector stops walking it on every edit
            gc.collect()
            gc.freeze()
            report["update"] = measure_updates(workspace, root, args.edits)
        elif args.mode == "compare":
            report["compare"] = compare_with_manifest(workspace, root)
    except Exception as error:  # an analyzer failure is a result to print, not a crash of the bench
        report["error"] = f"{type(error).__name__}: {error}"
    report.update(_peak_rss())
    print(json.dumps(report))
    return 0 if "error" not in report else 1


if __name__ == "__main__":
    sys.exit(main())
