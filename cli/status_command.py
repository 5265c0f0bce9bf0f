"""`assetlens status [KEY...] [--path P] [--format text|json]`: each asset's last materialization and
whether it is stale (never materialized, code version changed, code changed without a version bump, an
upstream materialized after it). Reads the analyzer's view of the code and the run store; runs nothing."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from typing import Any

from assetlens.cli.materialize_command import analyze
from assetlens.server.run_planning import SelectionError, executable_assets, resolve_selection


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "keys",
        nargs="*",
        metavar="SELECTION",
        help="asset keys (parts joined by '/') or Dagster selections ('group:marts', '+key:a/b'); default: all",
    )
    parser.add_argument("--all", action="store_true", dest="select_all", help="every asset (the default)")
    parser.add_argument("--path", default=".", help="workspace folder (default: the current folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--fail-on-stale", action="store_true", help="exit 1 when a listed asset is not fresh")


def asset_states(workspace: Any, keys: list[tuple[str, ...]]) -> list[Any]:
    from assetlens.runtime import AssetState

    known = executable_assets(workspace)
    states = []
    for key in keys:
        fact = known[key][0]
        upstream = tuple(pred for pred in workspace.graph.predecessors(key))
        states.append(
            AssetState(key=key, code_version=fact.code_version, fingerprint=fact.fingerprint, upstream=upstream)
        )
    return states


FEW = 5  # partition keys listed in text before "and N more"


def _ago(timestamp: float) -> str:
    seconds = max(0.0, time.time() - timestamp)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit} ago"
    return f"{seconds:.0f} s ago"


def _text_line(entry: Any) -> str:
    key = "/".join(entry.key)
    if entry.last is None:
        when = "never materialized"
    else:
        code_version = entry.last.code_version or ""
        version = f" · v{code_version}" if code_version[:1].isdigit() else f" · {code_version}" if code_version else ""
        when = f"materialized {_ago(entry.last.end_time)}{version}"
    line = f"{entry.status:<6} {key}  ({when})"
    if entry.partitions is not None:
        return line + _partitions_text(entry.partitions) + _failed_text(entry)
    for reason in entry.reasons:
        if entry.last is not None:
            line += f"\n         stale: {reason.message}"
    return line + _failed_text(entry)


def _few(keys: list[str], count: int = FEW) -> str:
    return ", ".join(keys[:count]) + (f" (and {len(keys) - count} more)" if len(keys) > count else "")


def _partitions_text(partitions: Any) -> str:
    """Counts, then the first few stale (with why) and missing partition keys."""
    materialized, missing = partitions.materialized, partitions.missing
    total = f" of {len(partitions.keys)}" if partitions.keys is not None else ""
    counts = [f"{len(materialized)}{total} materialized", f"{len(partitions.stale)} stale"]
    if missing is not None:
        counts.append(f"{len(missing)} missing")
    text = "\n         partitions: " + ", ".join(counts)
    stale = partitions.ordered(partitions.stale)
    for key in stale[:FEW]:
        text += f"\n         stale {key}: " + "; ".join(reason.message for reason in partitions.stale[key])
    if len(stale) > FEW:
        text += f"\n         ... and {len(stale) - FEW} more stale (--format json lists them all)"
    if missing:
        text += f"\n         missing: {_few(missing)}"
    elif missing is None:
        text += f"\n         (its {partitions.kind} partitions cannot be listed: missing ones are not known)"
    return text


def _failed_text(entry: Any) -> str:
    line = ""
    if entry.status == "failed" and entry.last_attempt is not None and entry.last_attempt.error:
        first = entry.last_attempt.error.strip().splitlines()[-1]
        line += f"\n         last attempt {entry.last_attempt.status}: {first}"
    return line


def _check_json(record: Any) -> dict[str, Any]:
    from assetlens.runtime.staleness import iso_time

    return {
        "name": record.check_name,
        "status": record.status,
        "severity": record.severity,
        "blocking": record.blocking,
        "description": record.description,
        "metadata": record.metadata,
        "runId": record.run_id,
        "time": iso_time(record.time),
    }


def run(args: argparse.Namespace) -> int:
    from assetlens.runtime import RunStore, assess_staleness
    from assetlens.runtime.layout import StoreProblem

    try:
        workspace = analyze(args.path)
        keys = resolve_selection(workspace, args.keys, args.select_all or not args.keys)
    except SelectionError as error:
        print(f"assetlens status: {error}", file=sys.stderr)
        return 2
    states = asset_states(workspace, keys)
    try:  # read-only: status changes nothing in the store (which may have come with the workspace)
        store = RunStore.open_existing(workspace.root)
        checks: dict = {}
        if store is not None:
            with store:
                result = assess_staleness(
                    states, store.latest(status="success"), store.latest(status=None), store.partition_history()
                )
                checks = store.latest_checks()
        else:
            result = assess_staleness(states, {}, {})
    except (StoreProblem, sqlite3.Error) as error:
        print(f"assetlens status: cannot read the run store: {error}", file=sys.stderr)
        return 2
    entries = [result[tuple(state.key)] for state in states]
    checks_by_key: dict = {}
    for (key, _name), record in sorted(checks.items()):
        checks_by_key.setdefault(key, []).append(record)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {**entry.to_protocol(), "status": entry.status, "checks": [_check_json(c) for c in checks_by_key.get(entry.key, [])]}
                    for entry in entries
                ],
                indent=2,
            )
        )
    else:
        for entry in entries:
            print(_text_line(entry))
            for record in checks_by_key.get(entry.key, []):
                print(f"         check {record.check_name}: {record.status}" + (f" [{record.severity}]" if record.status == "failed" else "") + (" (blocking)" if record.blocking else ""))
        stale = sum(1 for entry in entries if entry.stale)
        print(f"{len(entries)} asset(s), {stale} stale", file=sys.stderr)
    if args.fail_on_stale and any(entry.stale or entry.status == "failed" for entry in entries):
        return 1
    return 0
