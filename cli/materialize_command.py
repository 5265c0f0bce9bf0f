"""`assetlens materialize KEY... [--upstream] [--downstream] [--engine builtin|dagster] [--config FILE] [--path P]`.

The analyzer says which assets the selection is (plus upstream/downstream), which modules define them
and their direct upstream (only those are imported), and each asset's fingerprint; the runtime runs them
in a worker process of the user's interpreter and records the outcome under `.assetlens/`.

The analyzer-to-runtime glue it shares with `assetlens status` and the language server is in
`assetlens.server.run_planning`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer import Workspace
    from assetlens.runtime import MaterializeRequest, RunEvent

Key = tuple[str, ...]
PLANS = "materialize"  # this command's file in the result cache

from assetlens.server.run_planning import (  # noqa: E402 - the glue shared with `status` and the server
    SelectionError,
    build_request,
    definitions_from_pyproject,
    expand_selection,
    resolve_selection,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "keys",
        nargs="*",
        metavar="SELECTION",
        help="asset keys (parts joined by '/': raw/orders) or Dagster selections ('+key:raw/orders', "
        "'group:marts and not tag:slow')",
    )
    parser.add_argument("--all", action="store_true", dest="select_all", help="every asset that can be materialized")
    parser.add_argument("--upstream", action="store_true", help="also materialize everything upstream")
    parser.add_argument("--downstream", action="store_true", help="also materialize everything downstream")
    parser.add_argument(
        "--engine",
        choices=("builtin", "dagster"),
        default="builtin",
        help="builtin (bundled, nothing to install) or dagster (real dagster.materialize)",
    )
    parser.add_argument("--path", default=".", help="workspace folder (default: the current folder)")
    parser.add_argument(
        "--location",
        default=None,
        metavar="NAME",
        help="the code location to run in (needed when a key is defined in several code locations)",
    )
    parser.add_argument(
        "--python",
        default=None,
        metavar="INTERPRETER",
        help="the interpreter that runs the assets (default: the one running assetlens)",
    )
    parser.add_argument(
        "--definitions",
        default=None,
        metavar="MODULE[:ATTR]",
        help="module holding your Definitions (resources); default: [tool.dagster] module_name",
    )
    parser.add_argument(
        "--partition",
        default=None,
        metavar="KEY|START...END",
        help="run one partition (or a range, for assets Dagster runs as one backfill); --engine dagster",
    )
    parser.add_argument(
        "--config",
        default=None,
        metavar="FILE",
        help="run config, YAML or JSON (as Dagster's launchpad: ops: {name: {config: ...}}, resources: ...)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: progress and logs on stderr; json: the outcome object on stdout",
    )


# ------------------------------------------------------------------------------------------------ glue


def analyze(path: str) -> Workspace:
    from assetlens.analyzer import analyze_workspace

    root = Path(path)
    if not root.exists():
        raise SelectionError(f"no such folder: {path}")
    return analyze_workspace(root)


def plan_request(args: argparse.Namespace) -> MaterializeRequest:
    """What the analyzer says the run is: the selection (with upstream/downstream), the modules to
    import, the loaders' transforms, the Definitions for resources, each asset's fingerprint."""
    workspace = analyze(args.path)
    keys = resolve_selection(workspace, args.keys, args.select_all, location=args.location)
    selection = expand_selection(workspace, keys, args.upstream, args.downstream, location=args.location)
    definitions = args.definitions or definitions_from_pyproject(workspace.root)
    return build_request(workspace, selection, args.engine, definitions, location=args.location)


def planned_request(args: argparse.Namespace) -> MaterializeRequest:
    """`plan_request`, reused from the result cache (analyzer/result_cache.py) while nothing it was
    computed from changed: the same arguments, the same code, every file and folder it read the same.
    What the run itself imports is the user's code as it is now; the plan only names it."""
    from assetlens.analyzer.result_cache import code_fingerprint, reuse_or_compute
    from assetlens.server import run_planning

    root = Path(args.path)
    if not root.exists():
        raise SelectionError(f"no such folder: {args.path}")
    root = root.resolve()
    root = root.parent if root.is_file() else root  # as analyze_workspace takes it
    options = (tuple(args.keys), args.select_all, args.upstream, args.downstream, args.location, args.engine, args.definitions)
    key = ("materialize", code_fingerprint(run_planning.__file__, __file__), str(root), options)
    return reuse_or_compute(PLANS, key, root, lambda: plan_request(args))


def load_run_config(path: str) -> dict[str, Any]:
    """Run config from a YAML or JSON file (JSON is read as YAML too); a clear `SelectionError` otherwise."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SelectionError(f"cannot read the run config {path}: {error.strerror or error}") from None
    try:
        data = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise SelectionError(f"{path} is not valid {'JSON' if path.endswith('.json') else 'YAML'}: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SelectionError(f"{path}: run config must be a mapping (ops:, resources:...), not {type(data).__name__}")
    return data


# ------------------------------------------------------------------------------------------------ output


def _show_event(event: RunEvent) -> None:
    data = event.data
    if event.kind == "log":
        key = "/".join(data["key"]) if data.get("key") else ""
        prefix = f"  {key} | " if key else "  | "
        print(f"{prefix}{data.get('message', '')}", file=sys.stderr)
    elif event.kind == "asset_started":
        print("▶ " + ", ".join("/".join(k) for k in data.get("keys", [])), file=sys.stderr)
    elif event.kind == "asset_materialized":
        millis = (data.get("end", 0) - data.get("start", 0)) * 1000
        version = f" (code version {data['code_version']})" if data.get("code_version") else ""
        print(f"✓ {'/'.join(data['key'])} in {millis:.0f} ms{version}", file=sys.stderr)
    elif event.kind == "asset_failed":
        failed = [f"check {name} on {'/'.join(key)}" for key, name in data.get("checks") or []]  # its assets succeeded
        failed = [", ".join("/".join(k) for k in data.get("keys", []))] if data.get("keys") or not failed else failed
        print("✗ " + (", ".join(failed) or "step") + " failed:", file=sys.stderr)
        print("    " + str(data.get("traceback", "")).replace("\n", "\n    "), file=sys.stderr)
    elif event.kind == "check_evaluated":
        mark = {"passed": "✓", "failed": "✗", "error": "✗"}.get(str(data.get("status")), "?")
        blocking = " (blocking)" if data.get("blocking") else ""
        severity = f" [{data.get('severity')}]" if data.get("status") == "failed" else ""
        print(f"  {mark} check {data.get('check')} on {'/'.join(data['key'])}: {data.get('status')}{severity}{blocking}", file=sys.stderr)
        if data.get("error"):
            print("    " + str(data["error"]).replace("\n", "\n    "), file=sys.stderr)
    elif event.kind == "asset_skipped":
        print(f"- {'/'.join(data['key'])} skipped: {data.get('reason', '')}", file=sys.stderr)


def _print_outcome(outcome: Any, output_format: str) -> None:
    if output_format == "json":
        print(json.dumps(outcome.to_protocol(), indent=2))
        return
    count = len(outcome.materialized)
    line = f"run {outcome.run_id}: {outcome.status} ({count} materialized"
    line += f", {len(outcome.skipped)} skipped)" if outcome.skipped else ")"
    print(line)
    if outcome.status != "success" and outcome.error and not outcome.failed_key:
        print(outcome.error, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from assetlens.runtime import run_to_completion

    try:
        if not args.keys and not args.select_all:
            raise SelectionError("name what to materialize: keys, a selection (group:NAME, +key:KEY...) or --all")
        request = planned_request(args)
        selection = list(request.selection)
        from dataclasses import replace

        if args.config is not None:
            request = replace(request, run_config=load_run_config(args.config))
        if args.partition is not None:  # the builtin engine refuses what it cannot run, before the run
            request = replace(request, partition=args.partition)
    except SelectionError as error:
        print(f"assetlens materialize: {error}", file=sys.stderr)
        return 2
    on_event = _show_event if args.format == "text" else None
    if args.format == "text":
        print(f"materializing {len(selection)} asset(s) with the {args.engine} engine", file=sys.stderr)
    from assetlens.runtime.host import StoreProblem, WorkerStartError

    try:
        outcome = run_to_completion(request, interpreter=args.python, on_event=on_event)
    except (WorkerStartError, StoreProblem) as error:
        print(f"assetlens materialize: {error}", file=sys.stderr)
        return 2
    if outcome.refused:  # the worker found the store unusable or the workspace busy: nothing ran
        print(f"assetlens materialize: {outcome.error}", file=sys.stderr)
        return 2
    _print_outcome(outcome, args.format)
    return 0 if outcome.status == "success" else 1
