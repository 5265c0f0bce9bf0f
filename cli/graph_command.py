"""`assetlens graph PATH... [--format json|mermaid|dot]`: print the asset graph.

Each PATH is a workspace folder (a file stands for the folder holding it). `json` prints
`Workspace.to_json()` — `{"assets": [...], "diagnostics": [...]}`, the public schema documented in the
README — with the check rules' diagnostics (no git baseline, so no AL004) in its diagnostics list;
with several PATHs, their assets and diagnostics are concatenated and files are shown relative to
the current folder. `mermaid` and `dot` draw the graph grouped by asset group.
Exit status: 0 printed, 2 bad path, configuration or internal error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="workspace folders (default: .)")
    parser.add_argument("--format", choices=("json", "mermaid", "dot"), default="json", help="output format")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the facts cache")


def run(args: argparse.Namespace) -> int:
    from assetlens.analyzer.config import ConfigError, load_settings
    from assetlens.analyzer.diagnostics import run_rules
    from assetlens.analyzer.export import to_dot, to_mermaid
    from assetlens.analyzer.workspace import analyze_workspace
    from assetlens.cli.check_command import _os_error, is_python_file

    roots: list[Path] = []
    for raw in args.paths or ["."]:
        path = Path(raw)
        if not path.exists():
            print(f"assetlens graph: error: {raw}: no such file or folder", file=sys.stderr)
            return 2
        if not path.is_dir() and not is_python_file(path):
            print(f"assetlens graph: error: {raw}: not a Python file or folder", file=sys.stderr)
            return 2
        path = path.resolve()
        roots.append(path if path.is_dir() else path.parent)
    several = len(roots) > 1
    cwd = Path.cwd().resolve()
    document: dict = {"assets": [], "diagnostics": []}
    drawings: list[str] = []
    for root in dict.fromkeys(roots):
        try:
            settings = load_settings(root)
        except ConfigError as error:
            print(f"assetlens graph: error: {error}", file=sys.stderr)
            return 2
        try:
            workspace = analyze_workspace(
                root, include=settings.include, exclude=settings.exclude, use_cache=not args.no_cache
            )
        except OSError as error:  # an unreadable folder of the workspace
            print(f"assetlens graph: error: {_os_error(error)}", file=sys.stderr)
            return 2
        if args.format != "json":
            draw = to_mermaid if args.format == "mermaid" else to_dot
            drawings.append(draw(workspace.graph, workspace.assets))
            continue
        data = workspace.to_json()
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
