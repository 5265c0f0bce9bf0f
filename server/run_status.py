"""What the runtime knows of each asset of a folder — its last materialization and whether it is stale —
for the status code lens, the lineage graph and `assetlens.server.status`.

Reads the run store under `.assetlens/` (never creates it) and asks the runtime's staleness rules,
giving them the analyzer's view of every asset (code version, fingerprint, upstream keys). The answer is
remembered until the facts change or a run finishes.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetKeyParts
    from assetlens.server.folder import Folder

_SHORT_REASONS = {
    "never_materialized": "never materialized",
    "code_version_changed": "code version changed",
    "code_changed": "code changed",
    "upstream_newer": "upstream newer",
}


def folder_statuses(folder: Folder, runs_finished: int) -> dict[AssetKeyParts, Any]:
    """Key -> the runtime's `Staleness`, for every asset of the folder."""
    return folder.memo(f"statuses-after-{runs_finished}-runs", lambda: _assess(folder))


def _assess(folder: Folder) -> dict[AssetKeyParts, Any]:
    from assetlens.runtime.layout import database_path
    from assetlens.runtime.run_store import RunStore
    from assetlens.runtime.staleness import AssetState, assess_from_store, assess_staleness

    workspace = folder.workspace
    assert workspace is not None
    states = []
    seen: set[AssetKeyParts] = set()
    for asset in workspace.assets:
        if asset.key is None or asset.key in seen or not asset.is_executable:
            continue
        seen.add(asset.key)
        upstream = tuple(key for key in workspace.graph.predecessors(asset.key) if key != asset.key)
        states.append(AssetState(asset.key, asset.code_version, asset.fingerprint, upstream))
    database = database_path(folder.root)
    if not database.exists():
        return assess_staleness(states, {})
    store = RunStore(database, recover=False)
    try:
        return assess_from_store(states, store)
    finally:
        store.close()


def lens_title(statuses: list[Any], now: float | None = None) -> str | None:
    """The status lens over one definition (several statuses for a multi-asset's outputs)."""
    if not statuses:
        return None
    stale = [status for status in statuses if status.status == "stale"]
    if stale:
        reason = stale[0].reasons[0]
        return f"stale: {_SHORT_REASONS.get(reason.code, reason.message)}"
    if any(status.status == "failed" for status in statuses):
        return "last run failed"
    if all(status.status == "never" for status in statuses):
        return "never materialized"
    materialized = [status.last for status in statuses if status.last is not None]
    latest = max(materialized, key=lambda record: record.end_time)
    title = f"materialized {ago(latest.end_time, now)}"
    if latest.code_version:
        title += f" · v{latest.code_version}" if not latest.code_version.lower().startswith("v") else f" · {latest.code_version}"
    return title


def ago(timestamp: float, now: float | None = None) -> str:
    seconds = max(0.0, (now if now is not None else time.time()) - timestamp)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"
