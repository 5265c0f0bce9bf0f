"""`assetlens graph PATH... [--format json|mermaid|dot]`: print the asset graph.

Each PATH is a file or folder of a project; the project root is found upward from it (see
`assetlens.analyzer.roots`), and a PATH below the root shows the assets defined under it. `json` prints
`Workspace.to_json()` — `{"assets": [...], "diagnostics": [...]}`, the public schema documented in the
README — with the check rules' diagnostics (no git baseline, so no AL004) in its diagnostics list;
with several PATHs, their assets and diagnostics are concatenated and files are shown relative to
the current folder. `mermaid` and `dot` draw the graph grouped by asset group (and by code location,
when the project has several). `--location NAME` keeps one code location's assets (and the keys they
depend on); each JSON asset says its `"location"` (null when no location loads it).
Exit status: 0 printed, 2 bad path, configuration or internal error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

RESULTS = "graph"  # this command's file in the result cache


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="workspace folders (default: .)")
    parser.add_argument("--format", choices=("json", "mermaid", "dot"), default="json", help="output format")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the caches (facts, and the last results)")
    parser.add_argument("--location", metavar="NAME", help="only this code location's assets")


def run(args: argparse.Namespace) -> int:
    from assetlens.analyzer.config import ConfigError, find_project_root, load_settings
    from assetlens.cli.check_command import _os_error, is_python_file

    roots: list[Path] = []
    under: dict[Path, list[str]] = {}  # root -> the PATHs below it (relative), when not the root itself
    for raw in args.paths or ["."]:
        path = Path(raw)
        if not path.exists():
            print(f"assetlens graph: error: {raw}: no such file or folder", file=sys.stderr)
            return 2
        if not path.is_dir() and not is_python_file(path):
            print(f"assetlens graph: error: {raw}: not a Python file or folder", file=sys.stderr)
            return 2
        path = path.resolve()
        root = find_project_root(path)
        roots.append(root)
        if path != root:
            under.setdefault(root, []).append(path.relative_to(root).as_posix())
        else:
            under[root] = []
    several = len(roots) > 1
    cwd = Path.cwd().resolve()
    document: dict = {"assets": [], "diagnostics": []}
    drawings: list[str] = []
    for root in dict.fromkeys(roots):
        try:
            settings = load_settings(root)
            names, product = _product_of(root, settings, args, under.get(root) or [])
        except ConfigError as error:
            print(f"assetlens graph: error: {error}", file=sys.stderr)
            return 2
        except OSError as error:  # an unreadable folder of the workspace
            print(f"assetlens graph: error: {_os_error(error)}", file=sys.stderr)
            return 2
        if product is None:
            print(f"assetlens graph: error: no code location `{args.location}` (found: {', '.join(names)})", file=sys.stderr)
            return 2
        if args.format != "json":
            drawings.append(product)
            continue
        data = product
        if several:
            prefix = os.path.relpath(root, cwd)
            for item in (*data["assets"], *data["diagnostics"]):
                item["file"] = Path(prefix, item["file"]).as_posix()
        document["assets"].extend(data["assets"])
        document["diagnostics"].extend(data["diagnostics"])
    if args.format == "json":
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join(drawings))
    return 0


def _product_of(root: Path, settings, args: argparse.Namespace, wanted: list[str]) -> tuple[list[str], object]:
    """(the project's code location names, what to print for it: the drawing, or the JSON document of
    the assets and diagnostics under `wanted` — None when `--location` names no location), reused from
    the result cache (analyzer/result_cache.py) while nothing it was computed from changed."""
    from assetlens.analyzer.result_cache import code_fingerprint, reuse_or_compute

    def compute() -> tuple[list[str], object]:
        return _compute_product(root, settings, args, wanted)

    if args.no_cache:
        return compute()
    key = ("graph", code_fingerprint(__file__), str(root), settings, args.format, args.location, tuple(wanted))
    return reuse_or_compute(
        RESULTS, key, root, compute, include=settings.include, exclude=settings.exclude, keep=lambda product: product[1] is not None
    )


def _compute_product(root: Path, settings, args: argparse.Namespace, wanted: list[str]) -> tuple[list[str], object]:
    from assetlens.analyzer.diagnostics import run_rules
    from assetlens.analyzer.export import location_subgraph, to_dot, to_mermaid
    from assetlens.analyzer.workspace import analyze_workspace

    workspace = analyze_workspace(root, include=settings.include, exclude=settings.exclude, use_cache=not args.no_cache)
    names = [location.name for location in workspace.locations]
    if args.location is not None and args.location not in names:
        return names, None
    if args.format != "json":
        draw = to_mermaid if args.format == "mermaid" else to_dot
        graph = workspace.graph
        if args.location is not None:
            graph = location_subgraph(graph, args.location)
        return names, draw(graph, workspace.assets)
    data = workspace.to_json()
    if wanted or args.location is not None:
        data["assets"] = [
            a for a in data["assets"]
            if (not wanted or any(a["file"] == w or a["file"].startswith(w.rstrip("/") + "/") for w in wanted))
            and (args.location is None or a["location"] == args.location)
        ]
    listed = {(d.get("code"), d.get("file"), d.get("line")) for d in data.get("diagnostics", [])}
    for diagnostic in run_rules(workspace, settings):
        where = diagnostic.range
        entry = {
            "code": diagnostic.code,
            "name": diagnostic.name,
            "severity": diagnostic.severity,
            "message": diagnostic.message,
            "file": diagnostic.file,
            "line": where.line if where else 1,
            "column": where.col + 1 if where else 1,
        }
        if (entry["code"], entry["file"], entry["line"]) not in listed:
            data["diagnostics"].append(entry)
    if wanted:
        data["diagnostics"] = [
            d for d in data["diagnostics"] if any(d["file"] == w or d["file"].startswith(w.rstrip("/") + "/") for w in wanted)
        ]
    return names, data
