"""What the runtime knows of each asset of a folder — its last materialization and whether it is stale —
for the status code lens, the lineage graph, `assetlens.server.status`, and the editor's diagnostic for a
code version left unchanged since the last materialization; and each asset's latest check results
(`folder_checks`).

A partitioned asset is judged partition by partition, as `assetlens status` judges it (the runtime's rules
over the store's per-partition history): the lens says "2 of 3 partitions stale · 1 missing", and an
unpartitioned asset reading partitions of an upstream is stale when one of them changed.

Reads the run store under `.assetlens/` (never creates it) and asks the runtime's staleness rules,
giving them the analyzer's view of each asset (code version, fingerprint, upstream keys). The store is
re-read when a run ends or its files change (a run from a terminal counts too); statuses are
remembered until then or until the facts change.
"""
from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assetlens.analyzer.facts import AssetFact, AssetKeyParts, Diagnostic
    from assetlens.server.folder import Folder

STALE_CODE = "AL004"
STALE_NAME = "code-version-not-bumped"
_SHORT_REASONS = {
    "never_materialized": "never materialized",
    "code_version_changed": "code version changed",
    "code_changed": "code changed",
    "upstream_newer": "upstream changed",
    "dependencies_changed": "dependencies changed",
}


def _store_stamp(folder: Folder) -> tuple[float, ...] | None:
    """Changes whenever the run store is written (None: there is no store)."""
    from assetlens.runtime.layout import database_path

    database = database_path(folder.root)
    stamps = []
    for path in (database, database.with_name(database.name + "-wal")):
        try:
            stamps.append(path.stat().st_mtime_ns)
        except OSError:
            stamps.append(0)
    return tuple(stamps) if stamps[0] else None


def _read(folder: Folder) -> tuple[Any, dict, dict, dict, dict]:
    """(stamp, latest success, latest outcome of any kind, latest check results, successful
    materializations of single partitions per key), re-read when the store changed (empty when there is
    none)."""
    stamp = _store_stamp(folder)
    cached = folder.run_records
    if cached is not None and cached[0] == stamp and len(cached) == 5:
        return cached
    success: dict = {}
    attempts: dict = {}
    checks: dict = {}
    partitions: dict = {}
    if stamp is not None:
        from assetlens.runtime.run_store import RunStore

        # read-only, schema-checked, time-bounded: the store may have come with an untrusted workspace
        store = RunStore.open_existing(folder.root)
        if store is not None:
            try:
                success, attempts, checks = store.latest(status="success"), store.latest(status=None), store.latest_checks()
                partitions = store.partition_history()
            finally:
                store.close()
    folder.run_records = (stamp, success, attempts, checks, partitions)
    return folder.run_records


def _records(folder: Folder) -> tuple[dict, dict]:
    """(latest success, latest outcome of any kind) per key, from the store (empty when there is none)."""
    _, success, attempts, _, _ = _read(folder)
    return success, attempts


def folder_checks(folder: Folder) -> dict[AssetKeyParts, list[Any]]:
    """Key -> the latest result of each of its asset checks (the runtime's `CheckRecord`s: `check_name`,
    `status` passed | failed | error, `severity`, `blocking`, `time`, `description`, `metadata`, `error`),
    sorted by check name; for the status lens and the lineage view."""
    stamp, _, _, checks, _ = _read(folder)

    def group() -> dict[AssetKeyParts, list[Any]]:
        by_key: dict[AssetKeyParts, list[Any]] = {}
        for (key, _name), record in sorted(checks.items()):
            by_key.setdefault(key, []).append(record)
        return by_key

    return folder.memo("checks", group, stamp=stamp)  # once per store change (a graph asks per node)


def _state(folder: Folder, asset: AssetFact, recorded: Any = None) -> Any:
    """The runtime's view of `asset`; its fingerprint only when `recorded` (the keys with stored
    materializations, None: every key) has it — staleness compares it with a stored one and nothing
    else, and an analysis leaves fingerprints to be computed when first asked for."""
    from assetlens.runtime.staleness import AssetState

    assert folder.workspace is not None and asset.key is not None
    upstream = tuple(key for key in folder.workspace.graph.predecessors(asset.key) if key != asset.key)
    wanted = asset.code_version and (recorded is None or asset.key in recorded)
    return AssetState(asset.key, asset.code_version, asset.fingerprint if wanted else None, upstream)


def folder_statuses(folder: Folder) -> dict[AssetKeyParts, Any]:
    """Key -> the runtime's `Staleness`, for every executable asset of the folder (a partitioned one's
    with its `partitions`)."""
    from assetlens.runtime.staleness import assess_staleness

    stamp, success, attempts, _, partitions = _read(folder)

    def assess() -> dict[AssetKeyParts, Any]:
        workspace = folder.workspace
        assert workspace is not None
        states = []
        seen: set[AssetKeyParts] = set()
        recorded = success.keys() | partitions.keys()
        for asset in workspace.assets:
            if asset.key is not None and asset.key not in seen and asset.is_executable:
                seen.add(asset.key)
                states.append(_state(folder, asset, recorded))
        from assetlens.analyzer.fingerprints import save

        save()  # the fingerprints just computed, for the next start
        return assess_staleness(states, success, attempts, partitions)

    return folder.memo("statuses", assess, stamp=(stamp, _today()))  # a daily asset's partitions grow by date


def _today() -> str:
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H")  # hourly partitions too


def unbumped_since_materialization(folder: Folder, files: set[str], settings: Any, reported: list[Diagnostic]) -> list[Diagnostic]:
    """AL004 against the last materialization: an asset of `files` whose computation changed since it was
    last materialized while its code version stayed the same (unless git's AL004 already says so)."""
    from assetlens.analyzer.diagnostics import is_suppressed
    from assetlens.analyzer.facts import Diagnostic, Fix
    from assetlens.analyzer.rules.edits import bump_version_edit
    from assetlens.runtime.staleness import assess_staleness

    if STALE_CODE not in settings.enabled_codes():
        return []
    success, _ = _records(folder)
    if not success:
        return []
    workspace = folder.workspace
    assert workspace is not None
    already = {(diagnostic.file, diagnostic.key) for diagnostic in reported if diagnostic.code == STALE_CODE}
    found: list[Diagnostic] = []
    for file in sorted(files):
        if file in folder.unparsable or STALE_CODE in settings.ignored_in_file(file):
            continue
        module = workspace.modules.get(file)
        suppressions = dict(module.suppressions) if module is not None else {}
        for asset in workspace.assets_in_file(file):
            if asset.key is None or not asset.code_version or asset.fingerprint is None or (file, asset.key) in already:
                continue
            last = success.get(asset.key)
            if last is None or last.code_version != asset.code_version or not last.fingerprint or last.fingerprint == asset.fingerprint:
                continue
            staleness = assess_staleness([_state(folder, asset)], success)[asset.key]
            if not any(reason.code == "code_changed" for reason in staleness.reasons):
                continue
            span = asset.code_version_range
            fixes: tuple = ()
            if span is not None:
                bump = bump_version_edit(folder.text_of_facts(file), file, span)
                if bump is not None:
                    edit, old, new, safe = bump
                    fixes = (Fix(title=f'Bump code_version "{old}" -> "{new}"', edits=(edit,), safe=safe),)
            diagnostic = Diagnostic(
                code=STALE_CODE,
                name=STALE_NAME,
                message=(
                    f"`{'/'.join(asset.key)}` changed since it was last materialized ({ago(last.end_time)}, run "
                    f"{last.run_id[:8]}) but its code_version is still \"{asset.code_version}\"; bump it so Dagster "
                    "marks it and its downstream stale"
                ),
                file=file,
                range=span or asset.name_range or asset.decorator_range,
                severity="warning",
                fixes=fixes,
                key=asset.key,
            )
            if is_suppressed(diagnostic, suppressions):
                continue
            severity = settings.severity_of(STALE_CODE, diagnostic.severity)
            found.append(replace(diagnostic, severity=severity) if severity != diagnostic.severity else diagnostic)
    return found


def checks_title(records: list[Any]) -> str | None:
    """The checks part of the status lens: "2 checks passed", "check positive failed", "2 of 3 checks
    failed" (a check that raised counts as failed; a skipped one is not counted); None without results."""
    counted = [record for record in records if record.status != "skipped"]
    if not counted:
        return None
    failed = [record for record in counted if not record.passed]
    if not failed:
        return f"{len(counted)} check{'s' if len(counted) != 1 else ''} passed"
    if len(failed) == 1:
        verb = "errored" if failed[0].status == "error" else "failed"
        return f"check {failed[0].check_name} {verb}"
    return f"{len(failed)} of {len(counted)} checks failed"


def checks_to_wire(records: list[Any]) -> list[dict[str, Any]]:
    """The latest check results of one asset for `assetlens/graph` (docs/protocol.md)."""
    return [
        {
            "name": record.check_name,
            "passed": record.passed,
            "status": record.status,
            "severity": record.severity,
            "blocking": record.blocking,
            "description": record.description,
        }
        for record in records
    ]


def shown_status(staleness: Any) -> str:
    """The status the editor shows: the runtime's (never | fresh | stale | failed), except that a last
    attempt that was cancelled is "canceled" (the user stopped it; nothing failed)."""
    attempt = staleness.last_attempt
    if staleness.status == "failed" and attempt is not None and attempt.status == "canceled":
        return "canceled"
    return staleness.status


def lens_title(statuses: list[Any], now: float | None = None) -> str | None:
    """The status lens over one definition (several statuses for a multi-asset's outputs)."""
    if not statuses:
        return None
    stale = [status for status in statuses if status.status == "stale"]
    if stale:
        if stale[0].partitions is not None:
            return partitions_title(stale[0].partitions)
        reason = stale[0].reasons[0]
        return f"stale: {_SHORT_REASONS.get(reason.code, reason.message)}"
    shown = [shown_status(status) for status in statuses]
    if "failed" in shown:
        return "last run failed"
    if "canceled" in shown:
        return "last run canceled"
    if all(status.status == "never" for status in statuses):
        return "never materialized"
    materialized = [status.last for status in statuses if status.last is not None]
    latest = max(materialized, key=lambda record: record.end_time)
    title = f"materialized {ago(latest.end_time, now)}"
    if latest.code_version:
        version = latest.code_version
        title += f" · v{version}" if version[:1].isdigit() else f" · {version}"  # v2, revenue-2
    partitioned = [status.partitions for status in statuses if status.partitions is not None]
    if partitioned:
        title += " · " + partitions_title(partitioned[0])
    return title


def hover_partitions(folder: Folder, key: AssetKeyParts) -> str | None:
    """The hover's line for a partitioned asset that has been materialized: its partitions as
    `assetlens status` tells them (None for other assets, or when the store cannot be read)."""
    try:
        if tuple(key) not in _read(folder)[4]:  # cheap: no store, or no partition of it ever materialized
            return None
        staleness = folder_statuses(folder).get(tuple(key))
    except Exception:  # an unreadable or newer store: nothing to say
        return None
    if staleness is None or staleness.partitions is None:
        return None
    return f"{staleness.status.capitalize()}: {status_detail(staleness)}"


def partitions_title(partitions: Any) -> str:
    """A partitioned asset in a few words: "2 of 5 partitions stale · 1 missing" when some are stale,
    otherwise "3 of 5 partitions · 2 missing", "all 5 partitions" ("3 partitions" when the kind of
    partitions cannot be listed)."""
    count = len(partitions.materialized)
    total = len(partitions.keys) if partitions.keys is not None else None
    missing = partitions.missing
    gap = f" · {len(missing)} missing" if missing else ""
    if partitions.stale:
        of = f" of {total}" if total is not None else f" of {count} materialized"
        return f"{len(partitions.stale)}{of} partition{'s' if (total or count) != 1 else ''} stale{gap}"
    if total is None:
        return f"{count} partition{'s' if count != 1 else ''}"
    if not missing:
        return f"all {total} partitions" if total != 1 else "its 1 partition"
    return f"{count} of {total} partition{'s' if total != 1 else ''}{gap}"


FEW = 5  # partition keys listed before "and N more"


def status_detail(staleness: Any) -> str:
    """Why the asset has its status, in `assetlens status`'s words: the reasons, or for a partitioned
    asset its partition counts, then the first few stale partitions (with why) and missing ones."""
    partitions = staleness.partitions
    if partitions is None:
        return "; ".join(reason.message for reason in staleness.reasons)
    counts = [f"{len(partitions.materialized)}{f' of {len(partitions.keys)}' if partitions.keys is not None else ''} materialized"]
    counts.append(f"{len(partitions.stale)} stale")
    if partitions.missing is not None:
        counts.append(f"{len(partitions.missing)} missing")
    parts = ["partitions: " + ", ".join(counts)]
    stale = partitions.ordered(partitions.stale)
    parts.extend(f"stale {key}: " + "; ".join(reason.message for reason in partitions.stale[key]) for key in stale[:FEW])
    if len(stale) > FEW:
        parts.append(f"and {len(stale) - FEW} more stale")
    if partitions.missing:
        parts.append("missing: " + ", ".join(partitions.missing[:FEW]) + (f" (and {len(partitions.missing) - FEW} more)" if len(partitions.missing) > FEW else ""))
    return "; ".join(parts)


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
